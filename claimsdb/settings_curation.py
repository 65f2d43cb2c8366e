"""Settings for curating the seed article (build_seed_fixture): production
settings plus the curation app. Run with DEBUG=1 on a development machine."""

from claimsdb.settings import *  # noqa: F403
from claimsdb.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "curation"]
