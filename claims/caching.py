"""Whole-page caching of the public pages for anonymous readers, invalidated by any write.

The content version (one row, claims.ContentVersion) goes up after every
committed transaction that wrote to a claims table or to the user table.
Writes are noticed at the database layer (an execute wrapper on each
connection), so the ORM, bulk_create, QuerySet.update(), the admin,
imports and raw SQL are all covered; only writes made outside Django (psql)
are not, and cached pages expire after PAGE_CACHE_SECONDS anyway.

The bump runs after the commit, in its own statement: a reader who sees the
new version therefore sees the new data, and a page rendered from older
data can only be stored under an older version, which nobody asks for any
more. No lock is held across the writer's transaction, so the counter cannot
deadlock with it.

Pages are cached per worker process (the "pages" cache, local memory), keyed
by the version, the full URL and the Accept header, only for GET requests without a session or
messages cookie (so never for a logged-in editor, whose pages carry edit
controls) and only when the response sets no cookie (a page with a CSRF
token is per visitor).
"""

import logging
import zlib

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve

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
    "timeline",
    "api:api-root",
    "api:schema",
    *(
        f"api:{kind}-{view}"
        for kind in ("source", "claim", "actor", "place", "event")
        for view in ("list", "detail")
    ),
}

_VERSION_TABLE = "claims_contentversion"
# Pages are stored compressed (the map is 1.3 MB of HTML, 0.1 MB compressed),
# so 300 of them stay within tens of MB per worker; a bigger one is not kept.
_MAX_STORED_BYTES = 1024 * 1024


def content_version(using="default"):
    """The current content version, or None if there is none (not migrated yet)."""
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT number FROM {_VERSION_TABLE} WHERE id = 1")
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return row[0] if row else None


def bump_content_version(using="default"):
    """Raise the content version now (normally called once a write has committed)."""
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f"UPDATE {_VERSION_TABLE} SET number = number + 1 WHERE id = 1")
            if cursor.rowcount == 0:  # the row was removed (manage.py flush): start again
                cursor.execute(f"INSERT INTO {_VERSION_TABLE} (id, number) VALUES (1, 1)")
    except DatabaseError:
        # Before the migration that creates the table (or while it runs):
        # there is no cached page to invalidate yet.
        logger.debug("content version not raised", exc_info=True)


def content_changed(using="default"):
    """Raise the content version once the current transaction commits (now, outside one).

    Called by claims.services after every write to the content, once per
    transaction however many writes it holds; a rolled-back write raises nothing.
    """
    connection = connections[using]
    if any(getattr(entry[1], "claims_bump", None) == using for entry in connection.run_on_commit):
        return
    transaction.on_commit(_bump_for(using), using=using)


def _bump_for(alias):
    def bump():
        bump_content_version(alias)

    bump.claims_bump = alias
    return bump


class PublicPageCacheMiddleware:
    """Serve the public pages to anonymous readers from a cache keyed by content version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        cache = caches["pages"]
        # The API answers JSON or HTML by the Accept header: part of the key.
        key = (
            f"page:{version}:{request.scheme}://{request.get_host()}{request.get_full_path()}"
            f":{request.META.get('HTTP_ACCEPT', '')}"
        )
        stored = cache.get(key)
        if stored is not None:
            return _unpack(stored)
        response = self.get_response(request)
        if self._cacheable_response(response):
            stored = _pack(response)
            if len(stored[2]) <= _MAX_STORED_BYTES:
                cache.set(key, stored, seconds)
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
    return (response.status_code, list(response.items()), zlib.compress(response.content, 1))


def _unpack(stored):
    status, headers, content = stored
    return HttpResponse(zlib.decompress(content), status=status, headers=dict(headers))
