"""How long each export takes on the current database, and its peak memory.

`measure_exports()` returns one ExportFigures per export; `bench_exports()`
is the entry point the benchmark run calls (bench.run) and returns
the same figures as one line of text per export.

Each export is consumed the way a download is (every chunk of the streamed
file, or the whole JSON document), twice: once timed, counting SQL queries,
and once under tracemalloc for the peak of memory allocated while it ran (a
second pass, so tracing does not slow the timed one). A streamed export's
peak stays flat as the data grows; a peak that grows with the file means
something is building it in memory.
"""

import json
import time
import tracemalloc
from dataclasses import dataclass

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import opendata
from claims.exports import annotations, claimreview, claims_csv, dump, events_csv, geojson
from claims.models import Claim

BASE_URL = "http://localhost"


@dataclass
class ExportFigures:
    name: str
    seconds: float
    megabytes: float  # size of the file produced
    peak_megabytes: float  # peak memory allocated while producing it
    queries: int

    def as_text(self):
        return (
            f"{self.seconds:.2f} s, {self.megabytes:.2f} MB, "
            f"peak {self.peak_megabytes:.1f} MB, {self.queries} queries"
        )


def _build_url(path):
    return BASE_URL + path


def _all_annotations():
    for source in opendata.public_sources().order_by("pk").iterator(chunk_size=100):
        yield json.dumps(annotations.source_annotations(source, _build_url), ensure_ascii=False)


def _claim_reviews():
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    return claimreview.claim_reviews(request)


def exports():
    """(name, function returning an iterable of text chunks) for every export."""
    return [
        ("claims.csv", lambda: claims_csv.claims_csv(Claim.objects.published(), _build_url)),
        ("events.csv", lambda: events_csv.events_csv(_build_url)),
        ("places.geojson", lambda: geojson.places_geojson(_build_url)),
        ("events.geojson", lambda: geojson.events_geojson(_build_url)),
        ("annotations (every source)", _all_annotations),
        ("claimreviews.jsonld", _claim_reviews),
        ("full dump", dump.dump_chunks),
    ]


def _consume(chunks):
    size = 0
    for chunk in chunks:
        size += len(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    return size


def measure_export(name, make_chunks, *, memory=True):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        size = _consume(make_chunks())
        seconds = time.perf_counter() - started
    peak = 0
    if memory:
        tracemalloc.start()
        try:
            _consume(make_chunks())
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return ExportFigures(
        name=name,
        seconds=round(seconds, 3),
        megabytes=round(size / 1e6, 3),
        peak_megabytes=round(peak / 1e6, 2),
        queries=len(queries),
    )


def measure_exports(*, memory=True, only=None):
    """[ExportFigures] for every export (or those named in `only`)."""
    reverse("home")  # load the URL configuration first, so no export is charged for it
    return [
        measure_export(name, make_chunks, memory=memory)
        for name, make_chunks in exports()
        if only is None or name in only
    ]


def bench_exports():
    """{export: "seconds, size, peak memory, queries"}, for the benchmark report."""
    return {figures.name: figures.as_text() for figures in measure_exports()}
