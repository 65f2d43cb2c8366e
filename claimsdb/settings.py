"""Settings, read only from environment variables.

With no environment at all this is a development setup on SQLite under var/
(DEBUG must be switched on explicitly). Production sets DEBUG off, a
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a key that changes on every start is good enough.
    SECRET_KEY = "django-insecure-dev-" + os.urandom(24).hex()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_extensions",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and auth: a cached public page needs neither (claims.caching).
    "claims.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # NUL characters and over-long values refused for every view (its request
    # phase runs before CsrfViewMiddleware reads the form).
    "claims.middleware.RefuseUnstorableInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "claimsdb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            # {{ user|display_name }} everywhere: pages never show login names.
            "builtins": ["claims.templatetags.people"],
        },
    },
]

WSGI_APPLICATION = "claimsdb.wsgi.application"

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'claimsdb.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Past this many located places (matching the filters), the map's data
# (/map/places.geojson) is clustered on the server for the map's view rather
# than sent whole (claims.map_data.clustered_geojson).
MAP_CLUSTER_THRESHOLD = envint("MAP_CLUSTER_THRESHOLD", 2000)

# Site search ranks at most this many matching sentences (the first ones in
# id order, which the index gives cheaply) and counts exactly up to it; past
# it the page says "more than" (claims.views.search).
SEARCH_RANK_CAP = envint("SEARCH_RANK_CAP", 1000)

# Public pages for anonymous readers are cached (claims.caching) under the
# release, the content version and the request; the services make a new
# version after every committed write. 0 turns the page cache off.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 600)
# How long a shared proxy may keep a public page before asking again
# (Cache-Control s-maxage); browsers always revalidate (ETag, 304).
PAGE_PROXY_SECONDS = envint("PAGE_PROXY_SECONDS", 10)


def release_id():
    """RELEASE from the environment, else the git commit checked out, else the package version."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    try:
        return _git_commit(BASE_DIR / ".git")[:12]
    except (OSError, IndexError, KeyError):
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("claimsdb")
        except PackageNotFoundError:
            return "dev"


def _git_commit(git):
    """The commit HEAD names, read from the files (no git program needed)."""
    if git.is_file():  # a worktree: "gitdir: <path>"
        git = Path(git.read_text().split(":", 1)[1].strip())
    ref = (git / "HEAD").read_text().strip()
    if not ref.startswith("ref: "):
        return ref  # a detached HEAD
    name = ref[5:]
    common = git / (git / "commondir").read_text().strip() if (git / "commondir").exists() else git
    for where in (git, common):
        if (where / name).exists():
            return (where / name).read_text().strip()
    # A fresh clone keeps its refs packed: "<sha> <name>" lines.
    packed = dict(
        reversed(line.split(" ", 1))
        for line in (common / "packed-refs").read_text().splitlines()
        if line and line[0] not in "#^"
    )
    return packed[name]


RELEASE = release_id()

# Redis (django-redis) when REDIS_URL is set: one page cache shared by every
# worker of every server. Otherwise a file cache under VAR_DIR, shared by the
# processes of one machine and needing no server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    PAGE_CACHE = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "claimsdb",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
else:
    PAGE_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(VAR_DIR / "page-cache")),
        "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", 1000)},
    }
# Rendered fragments (claims.fragments): keyed by everything they show (claim
# rows, the browser's filters) or by versions the services raise in the
# write's transaction (claim pages, readers), so never stale and never
# emptied on a write; kept in each process's memory,
# where reading one back costs microseconds (a file or Redis read per row
# would cost about as much as rendering it). A claim row is about 1.3 KB, a
# reader's text about 25 KB at the benchmark's article size: 2,000 entries
# hold at most about 50 MB per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": PAGE_CACHE,
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": envint("FRAGMENT_CACHE_ENTRIES", 2000)},
    },
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Failed-login throttling (django-axes): after AXES_FAILURE_LIMIT failures an
# address is locked out for AXES_COOLOFF_MINUTES, whichever usernames it tried
# (guesses spread over many accounts count together), and so is that
# username+address pair. axes counts the larger of the two.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
# axes stores the username in a varchar(255): a longer one is cut, so it
# fails to log in as any wrong name does instead of failing to be stored.
AXES_USERNAME_CALLABLE = "claims.views.accounts.attempted_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "claims.views.accounts.locked_out"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and benchmarks run with DEBUG off but without collectstatic.
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", DEBUG)
if envbool("STATIC_NO_MANIFEST", False):
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

# Article import: the largest upload accepted, in bytes. Both requests of
# Load article (preview, save) prepare the whole article in the request, so
# the largest must finish well inside gunicorn's 30 s timeout on a loaded
# 2-core machine: 1 MB takes about 5 s (docs/import.md, bench_import --limits).
CLAIMSDB_IMPORT_MAX_BYTES = envint("CLAIMSDB_IMPORT_MAX_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = CLAIMSDB_IMPORT_MAX_BYTES + 1024 * 1024

# Where build_seed_fixture finds the seed article (make run loads the committed
# fixture and never needs it). CI keeps /work/shared beside the clone.
CLAIMSDB_SEED_DIR = Path(os.environ.get("CLAIMSDB_SEED_DIR", BASE_DIR.parent / "shared" / "seed"))

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "claimsdb API",
    "DESCRIPTION": "Read-only access to sources, sentences, claims and their entities.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Security: secure by default when DEBUG is off; each can be relaxed by env
# (for example SECURE_SSL_REDIRECT=0 behind a proxy that terminates TLS and
# already redirects, or for a local load test over plain HTTP).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: scripts only from our own files (no inline script,
# no event-handler attribute), everything else from this site too. The admin
# marks its one <style> element with the per-request nonce; style attributes
# stay allowed for the admin's and the browsable API's markup (a style
# attribute runs no code). tests/browser/test_csp.py fails on any violation.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if envbool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# check --deploy warns about HSTS preload only when asked to preload.
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # trafilatura warns about every page it finds no article in; the import says so itself.
    "loggers": {"trafilatura": {"level": "ERROR"}},
}
