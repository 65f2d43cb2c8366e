"""Server time and SQL queries of every page type and API endpoint, in process.

Each page is requested through Django's test Client, so the whole middleware
stack runs, with the settings the process was started with (the benchmark
targets run with DEBUG off, as production does). A few warm-up requests
come first, then `repeats` timed ones; the median and the 95th percentile
are reported. Public pages are served to anonymous readers from the page
cache (claims.caching) once rendered, so the repeated requests measure what
readers get; the page is also timed uncached (the cache emptied before each
of a quarter of the repeats), which is what the first reader after an edit
waits, and cold: the fragment cache emptied too (claims.fragments: rows and
texts rendered once, keyed by what they show, so an edit re-renders only
what it changed; cold is what a page none of whose fragments was ever
rendered in the process costs, as after a restart). The query count comes
from one more, uncached request under CaptureQueriesContext (capturing costs
time, so that request is not timed).

A page type that shows one object is timed on a typical object (the median
by size) and its query count is compared between the two largest objects:
a count that grows with the page is an N+1. (Smaller objects would mislead:
a page rightly skips the query for an empty list, or the total of a list
too short to be capped.)

URLs that do not resolve are reported as not yet available; nothing is
estimated.
"""

import math
import statistics
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from claims.models import Actor, Claim, Event, Place, Source

NOT_AVAILABLE = "not yet available"
NO_DATA = "no data"


@dataclass
class PageCase:
    name: str
    path: str | None  # None: the database has nothing to show on it
    group: str = "page"  # page, api or floor
    large: str | None = None  # the same page type on the second largest object
    largest: str | None = None  # and on the largest
    as_editor: bool = False


@dataclass
class PageResult:
    name: str
    group: str
    path: str | None
    status: str  # ok, not yet available, no data, or the error
    median_ms: float | None = None
    p95_ms: float | None = None
    uncached_median_ms: float | None = None
    cold_median_ms: float | None = None  # the fragment cache emptied too
    queries: int | None = None
    queries_large: int | None = None
    queries_largest: int | None = None
    kilobytes: float | None = None
    samples: list = field(default_factory=list, repr=False)

    @property
    def queries_constant(self):
        return self.queries_largest is None or self.queries_largest == self.queries_large

    def as_dict(self):
        data = asdict(self)
        data.pop("samples")
        data["queries_constant"] = self.queries_constant
        return data


def page_cases():
    """Every page type and endpoint, with sample objects picked from the database."""
    source = _sizes(Source.objects.published().annotate(n=Count("sentences")), "slug")
    claim = _sizes(
        Claim.objects.annotate(
            n=Count("assessments", distinct=True)
            + Count("evidence", distinct=True)
            + Count("anchors", distinct=True)
            + Count("actors", distinct=True)
        ),
        "pk",
    )
    actor = _sizes(Actor.objects.annotate(n=Count("claims")), "slug")
    place = _sizes(Place.objects.annotate(n=Count("claims")), "slug")
    event = _sizes(Event.objects.annotate(n=Count("claims")), "slug")
    place_name = (
        Place.objects.filter(kind="settlement")
        .order_by("id")
        .values_list("name", flat=True)
        .first()
    )

    def detail(name, prefix, sizes, suffix="", group="page"):
        typical, large, largest = (
            None if key is None else f"{prefix}{key}/{suffix}" for key in sizes
        )
        return PageCase(name, typical, group, large=large, largest=largest)

    cases = [
        PageCase("floor (constant text, no database)", "/bench/floor", "floor"),
        PageCase("home", "/"),
        detail("reader", "/sources/", source),
        detail("reader with mentions", "/sources/", source, "?mentions=1"),
        detail("claim", "/claims/", claim),
        PageCase("claim browser", "/claims/"),
        PageCase("claim browser, status filter", "/claims/?status=supported"),
        PageCase(
            "claim browser, actor filter",
            f"/claims/?actor={actor[0]}" if actor[0] else None,
        ),
        PageCase("claim browser, text search", "/claims/?q=ceasefire"),
        PageCase("claim browser, page 100", "/claims/?page=100"),
        PageCase("search", "/search/?q=offensive"),
        PageCase("search, place name", f"/search/?q={place_name}" if place_name else None),
        PageCase("actors", "/actors/"),
        PageCase("actors, initial S", "/actors/?letter=S"),
        detail("actor", "/actors/", actor),
        PageCase("places", "/places/"),
        detail("place", "/places/", place),
        PageCase("events", "/events/"),
        detail("event", "/events/", event),
        PageCase("map", "/map/"),
        PageCase("timeline", "/timeline/"),
        PageCase("timeline, unknown dates", "/timeline/?year=unknown"),
        PageCase("review queue (editor)", "/review/", as_editor=True),
        PageCase("API root", "/api/v1/", "api"),
        PageCase("API sources", "/api/v1/sources/", "api"),
        detail("API source", "/api/v1/sources/", source, group="api"),
        PageCase("API claims", "/api/v1/claims/", "api"),
        PageCase("API claims, status filter", "/api/v1/claims/?status=disputed", "api"),
        detail("API claim", "/api/v1/claims/", claim, group="api"),
        PageCase("API actors", "/api/v1/actors/", "api"),
        detail("API actor", "/api/v1/actors/", actor, group="api"),
        PageCase("API places", "/api/v1/places/", "api"),
        detail("API place", "/api/v1/places/", place, group="api"),
        PageCase("API events", "/api/v1/events/", "api"),
        detail("API event", "/api/v1/events/", event, group="api"),
        PageCase("API schema", "/api/v1/schema/", "api"),
    ]
    return cases


def load_targets():
    """The pages the load test drives (see bench.load), by the same picks."""
    by_name = {case.name: case.path for case in page_cases()}
    return {
        "floor": by_name["floor (constant text, no database)"],
        "reader": by_name["reader"],
        "claim browser, status filter": by_name["claim browser, status filter"],
        "claim": by_name["claim"],
        "search": by_name["search"],
    }


def _sizes(queryset, key):
    """(typical, large, largest) keys of a queryset annotated with a size `n`:
    the median, the second largest and the largest by size."""
    ordered = list(queryset.order_by("n", "pk").values_list(key, flat=True))
    if not ordered:
        return None, None, None
    return ordered[len(ordered) // 2], ordered[max(0, len(ordered) - 2)], ordered[-1]


def measure(case, *, repeats=20, warmup=3, client=None):
    """Time one page: warm-up requests, `repeats` timed ones, one counted request."""
    result = PageResult(case.name, case.group, case.path, status="ok")
    if case.path is None:
        result.status = NO_DATA
        return result
    try:
        resolve(case.path.split("?", 1)[0])
    except Resolver404:
        result.status = NOT_AVAILABLE
        return result
    client = client or _client(case.as_editor)
    if client is None:
        result.status = "no editor account"
        return result

    for _ in range(warmup):
        response = _get(client, case.path)
    if warmup == 0 or response.status_code != 200:
        response = _get(client, case.path)
    if response.status_code != 200:
        result.status = f"HTTP {response.status_code}"
        return result
    result.kilobytes = round(len(_body(response)) / 1024, 1)

    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = _get(client, case.path)
        _body(response)  # streaming responses are produced while read
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            result.status = f"HTTP {response.status_code} on a repeat"
            return result
    result.samples = samples
    result.median_ms = round(statistics.median(samples), 1)
    result.p95_ms = round(_percentile(samples, 95), 1)
    uncached = []
    for _ in range(max(1, repeats // 4)):
        caches["pages"].clear()
        started = time.perf_counter()
        _body(_get(client, case.path))
        uncached.append((time.perf_counter() - started) * 1000)
    result.uncached_median_ms = round(statistics.median(uncached), 1)
    cold = []
    for _ in range(max(1, repeats // 4)):
        _empty_caches("pages", "fragments")
        started = time.perf_counter()
        _body(_get(client, case.path))
        cold.append((time.perf_counter() - started) * 1000)
    result.cold_median_ms = round(statistics.median(cold), 1)
    result.queries = count_queries(client, case.path)
    if case.large and case.largest:
        result.queries_large = count_queries(client, case.large)
        result.queries_largest = count_queries(client, case.largest)
    return result


def count_queries(client, path):
    """SQL queries of one uncached request."""
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, path)
        _body(response)
    return len(captured) if response.status_code == 200 else None


def bench_pages(*, repeats=20, warmup=3, only=None, log=None):
    """Measure every case (or those whose name contains `only`); a list of PageResult."""
    results = []
    for case in page_cases():
        if only and only.lower() not in case.name.lower():
            continue
        result = measure(case, repeats=repeats, warmup=warmup)
        if log:
            log(result)
        results.append(result)
    return results


def _empty_caches(*aliases):
    for alias in aliases:
        if alias in settings.CACHES:
            caches[alias].clear()


def _client(as_editor):
    client = Client(raise_request_exception=False)
    if as_editor:
        editor = (
            get_user_model()
            .objects.filter(groups__name="Editors", is_active=True)
            .order_by("pk")
            .first()
        )
        if editor is None:
            return None
        client.force_login(editor)
    return client


def _get(client, path):
    # Over HTTPS as in production, so SECURE_SSL_REDIRECT does not answer 301.
    return client.get(path, secure=True)


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _percentile(samples, percent):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]
