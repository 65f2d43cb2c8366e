"""How long the map, the timeline and a place page take to draw in Chromium,
and what they weigh.

A live server runs in this process (Django's LiveServerThread; with DEBUG
off whitenoise serves the collected static files, compressed, as in
production) on the configured database; Debian's Chromium, driven by
Playwright, opens each page `runs` times, each in a fresh browser context
(no HTTP cache: what a first visit costs). Times are read from the pages'
own performance marks (static/js: "places-drawn" once the map's markers or
clusters are in the document, "basemap-drawn" for the outlines and
country names, "events-drawn" for the timeline's bars, "locator-drawn"
for the place page), counted from the start of navigation. The weight is
the bytes transferred for the page and everything it loaded, split into
the HTML, the data it fetched (JSON) and the rest (scripts, styles, the
outlines). The server's page cache is warm after the first run, as it is
for readers; the first run is reported apart.

Each data request's size is kept too (`data_sizes`). When the map's data is
clustered on the server (settings.MAP_CLUSTER_THRESHOLD, which the command's
--cluster-threshold lowers), the map asks for its view (the page gives the
box to frame); the first visit then zooms in one step with the keyboard and
records the request that follows (`zoom_sizes`).
"""

import statistics
from dataclasses import asdict, dataclass, field

from django.test.testcases import LiveServerThread

from claims.models import Place

CHROMIUM = "/usr/bin/chromium"
DATA = ("/map/places.geojson", "/timeline/events.json", "/api/v1/claims/")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class PageDraw:
    name: str
    path: str
    marks: dict  # mark name -> [ms per run]
    html_bytes: int
    data_bytes: int
    other_bytes: int
    drawn: str  # what the page said it drew ("1000 places", "2000 events")
    data_sizes: list = field(default_factory=list)  # bytes of each data request, in order
    zoom_sizes: list = field(default_factory=list)  # bytes asked for after a zoom step
    clustered: str = ""  # the map's "server" or "browser" clustering

    def summary(self):
        return {
            mark: {
                "first_ms": round(times[0]),
                "median_ms": round(statistics.median(times[1:] or times)),
                "max_ms": round(max(times[1:] or times)),
            }
            for mark, times in self.marks.items()
        }


CASES = [
    ("map", "/map/", ["places-drawn", "basemap-drawn"], "[data-map-explorer]", "placesShown"),
    ("timeline", "/timeline/", ["events-drawn"], "[data-timeline]", "barsShown"),
]


def _server():
    """With DEBUG off, as in production, whitenoise serves the collected,
    compressed static files (run collectstatic first); with it on, the
    finders do."""
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    handler = StaticFilesHandler if settings.DEBUG else (lambda app: app)
    thread = LiveServerThread("127.0.0.1", handler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread


def _weights(page):
    entries = page.evaluate(
        """() => [performance.getEntriesByType('navigation')[0],
                  ...performance.getEntriesByType('resource')].map(
                  e => [e.name, e.initiatorType, e.transferSize || e.encodedBodySize])"""
    )
    html = entries[0][2]
    # The data the scripts read (preloaded, so not always "fetch"); the
    # vendored outlines count with the other static files.
    sizes = [size for name, _, size in entries[1:] if name.split("?")[0].endswith(DATA)]
    other = sum(size for _, _, size in entries[1:]) - sum(sizes)
    return html, sum(sizes), other, sizes


def measure(*, runs=5, log=print, base_url=None, browser=None):
    """[PageDraw] for the map, the timeline and the page of the first place
    with coordinates (by name). `base_url` and `browser`: a server already
    running on this database and a Playwright browser already launched (the
    tests'); by default both are started here."""
    place = Place.objects.filter(latitude__isnull=False).order_by("name").first()
    cases = list(CASES)
    if place:
        cases.append(
            ("place page", place.get_absolute_url(), ["locator-drawn"], "[data-locator-map]", None)
        )
    server = None if base_url else _server()
    base = base_url or f"http://127.0.0.1:{server.port}"
    try:
        if browser is not None:
            return [_visit(browser, base, case, runs, log) for case in cases]
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                return [_visit(browser, base, case, runs, log) for case in cases]
            finally:
                browser.close()
    finally:
        if server:
            server.terminate()


def _visit(browser, base, case, runs, log):
    name, path, marks, root, count_key = case
    times = {mark: [] for mark in marks}
    weights, drawn, zoom_sizes, clustered = None, "", [], ""
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.goto(base + path)
        for mark in marks:
            page.wait_for_function(
                f"() => performance.getEntriesByName({mark!r}).length > 0", timeout=60_000
            )
            times[mark].append(
                page.evaluate(f"() => performance.getEntriesByName({mark!r})[0].startTime")
            )
        if weights is None:
            page.wait_for_timeout(500)  # a request for the view, if the map asks one
            weights = _weights(page)
            if count_key:
                drawn = page.eval_on_selector(root, f"e => e.dataset.{count_key}")
            if name == "map":
                clustered = page.eval_on_selector(root, "e => e.dataset.clustered || ''")
                if clustered == "server":
                    zoom_sizes = _zoom_step(page)
        context.close()
    html, data, other, sizes = weights
    result = PageDraw(
        name, path, times, html, data, other, drawn or "", sizes, zoom_sizes, clustered
    )
    log(f"{name}: {result.summary()} html {html} B, data {data} B ({sizes}, zoom {zoom_sizes})")
    return result


def _zoom_step(page):
    """Zoom the map in one step with "+" and return the sizes of the data
    requests that followed."""
    before = page.evaluate("performance.getEntriesByType('resource').length")
    page.focus("#map-canvas")
    with page.expect_response(lambda r: "places.geojson" in r.url and "zoom=" in r.url):
        page.keyboard.press("+")
    page.wait_for_timeout(300)
    entries = page.evaluate(
        f"""() => performance.getEntriesByType('resource').slice({before}).map(
              e => [e.name, e.transferSize || e.encodedBodySize])"""
    )
    return [size for name, size in entries if "places.geojson" in name]


def as_json(results):
    return [{**asdict(r), "summary": r.summary()} for r in results]
