"""Whole-page caching of the public pages for anonymous readers, in Django's cache framework.

The content version is a token kept in the "pages" cache itself. The
services (claims.services, the only code that writes content) call
`content_changed()`, which replaces the token with a new one once their
transaction commits, and so does saving a user (pages name who assessed a
claim; `user_saved`); nothing else changes it (a login, a session, a failed
login throttle write do not). Pages are stored under the release, the token
and the request (scheme, host, full path, Accept header, whether gzip is
accepted), so a new token
makes every older page unreachable at once, in every process that shares the
cache, and a new release never serves an old release's HTML.

A token is a fresh random string, never a counter: setting it needs no
read-modify-write, so two concurrent bumps cannot lose one another on a cache
without atomic increments (the file cache), and a version lost from the
cache (evicted, a restarted Redis) is replaced by one no page was ever
stored under.

A cached hit costs two cache reads (the token, the page) and no database
round trip. Anonymous pages carry an ETag made of the release, the token and
the request, and a request whose If-None-Match holds it gets a 304 after the
token read alone. Cache-Control lets a shared proxy keep a page for
PAGE_PROXY_SECONDS and makes browsers revalidate each time (a 304).

The cache is the "pages" entry of CACHES: a file cache under VAR_DIR by
default (no server; shared by every process on the machine, management
commands included), Redis when REDIS_URL is set (shared by every worker of
every server). Pages are cached only for GET requests without a session or
messages cookie or Authorization header (so never for a logged-in editor,
whose pages carry edit controls), and only when the response is a 200 that
sets no cookie (a page with a CSRF token is per visitor). If the cache
fails, pages are served uncached and the failure is logged.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

logger = logging.getLogger(__name__)

# The researcher pages and the read-only API (view names) served from the
# cache when they can be.
CACHED_PAGES = {
    "home",
    "source-detail",
    "claim-list",
    "claim-detail",
    "site-search",
    "actor-list",
    "actor-detail",
    "place-list",
    "place-detail",
    "event-list",
    "event-detail",
    "map",
    "map-places",
    "timeline",
    "timeline-events",
    "api:api-root",
    "api:schema",
    *(
        f"api:{kind}-{view}"
        for kind in ("source", "claim", "actor", "place", "event")
        for view in ("list", "detail")
    ),
}

VERSION_KEY = "content-version"
# A bigger page (the map is 1.3 MB of HTML) is not kept.
_MAX_STORED_BYTES = 2 * 1024 * 1024


def page_cache():
    return caches["pages"]


def content_version():
    """The current content version (a token), made if there is none; None if
    the cache cannot be read."""
    cache = page_cache()
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # a cache server down must not take the site down
        logger.warning("page cache unavailable: pages served uncached", exc_info=True)
        return None
    return version


def bump_content_version():
    """Make a new content version now (normally once a write has committed)."""
    try:
        page_cache().set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        # The write is committed; cached pages stay until PAGE_CACHE_SECONDS.
        logger.error("content version not raised: cached pages may be stale", exc_info=True)


def content_changed(using="default"):
    """Make a new content version once the current transaction commits (now, outside one).

    Called by claims.services after every write to the content, once per
    transaction however many writes it holds; a rolled-back write changes nothing.
    """
    connection = connections[using]
    if any(getattr(entry[1], "claims_bump", False) for entry in connection.run_on_commit):
        return
    transaction.on_commit(_bump, using=using)


def _bump():
    bump_content_version()


_bump.claims_bump = True


class PublicPageCacheMiddleware:
    """Serve the public pages to anonymous readers from the page cache, with ETags."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        # The API answers JSON or HTML by the Accept header, and the map's data
        # is gzipped for clients that accept it: both are part of the key.
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        gzip = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else ""
        digest = hashlib.blake2b(
            f"{url}\n{request.META.get('HTTP_ACCEPT', '')}\n{gzip}".encode(), digest_size=16
        ).hexdigest()
        etag = f'"{settings.RELEASE}-{version}-{digest}"'
        if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
            return self._public(HttpResponseNotModified(), etag)
        key = f"page:{settings.RELEASE}:{version}:{digest}"
        cache = page_cache()
        try:
            stored = cache.get(key)
        except Exception:
            logger.warning("page cache unavailable: page served uncached", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return _unpack(stored)
        response = self.get_response(request)
        if self._cacheable_response(response):
            self._public(response, etag)
            if len(response.content) <= _MAX_STORED_BYTES:
                try:
                    cache.set(key, _pack(response), seconds)
                except Exception:
                    logger.warning("page not stored in the page cache", exc_info=True)
        return response

    def _public(self, response, etag):
        response["ETag"] = etag
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.PAGE_PROXY_SECONDS,
            must_revalidate=True,
        )
        patch_vary_headers(response, ["Accept", "Accept-Encoding", "Cookie"])
        return response

    def _cacheable_request(self, request):
        if request.method != "GET":
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in CACHED_PAGES

    def _cacheable_response(self, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control


def _pack(response):
    return (response.status_code, list(response.items()), response.content)


def _unpack(stored):
    status, headers, content = stored
    return HttpResponse(content, status=status, headers=dict(headers))


def user_saved(sender, instance, update_fields=None, **kwargs):
    """Users are written by django.contrib.auth, not by claims.services, and
    public pages name who assessed a claim: a saved user makes a new content
    version and renders every claim page's fragments afresh, except a login
    (which saves last_login alone)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    from .fragments import every_claim_page_changed

    every_claim_page_changed()
    content_changed()
