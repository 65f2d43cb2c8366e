"""Settings for benchmarks and load tests (make bench, make load): production
settings plus the bench app (its commands and the /bench/floor page)."""

from claimsdb.settings import *  # noqa: F403
from claimsdb.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
