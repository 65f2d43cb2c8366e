"""Settings for the test suite: production settings plus the few test defaults.

pytest-django imports settings before any conftest.py runs, so these
defaults must be set here, before claimsdb.settings reads the environment.
"""

import os

# Tests run with DEBUG off, as production does; they need some key.
os.environ.setdefault("SECRET_KEY", "insecure-test-only-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "1")
os.environ.setdefault("STATIC_NO_MANIFEST", "1")

from .settings import *  # noqa: E402, F403
