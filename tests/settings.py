"""Test settings: production settings with the few variables tests need.

Tests run with DEBUG off, as production does."""

import os

os.environ.setdefault("SECRET_KEY", "insecure-test-only-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "1")
os.environ.setdefault("STATIC_NO_MANIFEST", "1")

from claimsdb.settings import *  # noqa: E402, F403

# The tooling apps the production settings leave out: benchmarks and seed
# curation, so their own tests run. The site's own URLs stay the production
# ones; the bench's /bench/floor tests name bench.urls themselves.
INSTALLED_APPS = [*INSTALLED_APPS, "bench", "curation"]  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only

# Tests change data inside transactions that never commit, so the content
# version never moves; tests/test_caching.py turns the page cache on itself,
# on the file cache (the embedded default) and on Redis.
PAGE_CACHE_SECONDS = 0
if not REDIS_URL:  # noqa: F405
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
