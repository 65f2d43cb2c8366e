"""The map, /map/: places and the events held there, on an offline base map.

At the benchmark's size (1,000 places, 2,000 events, 2,000 actors) the page
draws about 5,000 elements. To render in tens of milliseconds when the page
cache is empty (docs/benchmarks.md), rows are read with values() rather than
as model instances, links are built from one reversed address per kind, the
marker layer and the two long filter menus are joined in Python rather than
looped over in the template, and the list in words is shown a page at a time.
"""

from html import escape as html_escape

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.gzip import gzip_page

from .. import geo
from ..map_data import FILTERS, map_page, map_view, places_data, unplaced_events
from ..models import Actor, Claim, Event, EvidenceStatus, Place
from ..paging import page_urls

FOCUS_PRECISIONS = {Place.GeoPrecision.EXACT, Place.GeoPrecision.NEAR}
WIDE_KINDS = {Place.Kind.COUNTRY, Place.Kind.AREA}  # a point for these is never street level
PLACES_PER_PAGE = 50  # in the list below the map; the map draws every place
MENU_LIMIT = 300  # events and actors offered in the filter menus
LABELS_TRIED = 400  # markers offered a visible label, in priority order (geo.place_labels)
KIND_LABELS = dict(Place.Kind.choices)
PRECISION_LABELS = dict(Place.GeoPrecision.choices)


def place_map(request):
    selection = map_page(request.GET, PLACES_PER_PAGE)
    active = selection.active
    located_count = selection.totals["located"]
    # The list in words is paged, and the map drawn for readers without
    # JavaScript shows the places of the page: the page stays the same size
    # whatever the corpus. The interactive map loads every place as data
    # (place_map_data).
    page = selection.page
    shown = page.object_list
    for place in shown:
        place["event_count"] = len(place["events"])
    # Frame the places known at street level, so one country centroid far away
    # does not shrink the rest into a blob; the others stay in the list.
    focus = [
        p for p in shown if p["geo_precision"] in FOCUS_PRECISIONS and p["kind"] not in WIDE_KINDS
    ] or shown
    view = (
        geo.view_around([(p["longitude"], p["latitude"]) for p in focus], max_ratio=0.7)
        if focus
        else None
    )
    markers = []
    if view:
        project = view.projector()
        markers = [
            _marker(place, project(place["longitude"], place["latitude"]))
            for place in shown
            if view.contains(place["longitude"], place["latitude"])
        ]
    if markers:
        _place_labels(markers, view)
    query = _filter_query(request)
    event_choices, event_total = _menu(_event_choices(), active.get("event"))
    actor_choices, actor_total = _menu(_actor_choices(), active.get("actor"))
    return render(
        request,
        "claims/map.html",
        {
            "form": selection.form,
            "errors": [
                *selection.errors,
                *([selection.page_error] if selection.page_error else []),
            ],
            "active": active,
            "event_options": _options(event_choices, active.get("event")),
            "actor_options": _options(actor_choices, active.get("actor")),
            "menus_cut": event_total > MENU_LIMIT or actor_total > MENU_LIMIT,
            "MENU_LIMIT": MENU_LIMIT,
            "status_choices": EvidenceStatus.choices,
            "kind_choices": Claim.Kind.choices,
            "chosen": {name: set(active.get(name) or ()) for name in ("status", "kind")},
            "since": request.GET.get("since", ""),
            "until": request.GET.get("until", ""),
            "data_url": reverse("map-places") + (f"?{query}" if query else ""),
            # Past the threshold the map asks the server for its view's
            # clusters straight away, framing this box first.
            "clustered": _box(selection.totals)
            if located_count > settings.MAP_CLUSTER_THRESHOLD
            else None,
            "view": view,
            "land": mark_safe(geo.land_path(view)) if view else "",  # numbers and letters only
            "markers_svg": _markers_svg(markers),
            "marker_count": len(markers),
            "located_count": located_count,
            "outside_view": len(shown) - len(markers),
            "places": [_list_entry(place, selection.events) for place in shown],
            "page_obj": page,
            "page_urls": _page_urls(request, page),
            "without_coordinates": [
                {**place, "event_titles": [selection.events[e]["title"] for e in place["events"]]}
                for place in selection.unlocated
            ],
            "unplaced_events": unplaced_events(selection),
        },
    )


@gzip_page  # 690 KB of JSON at the large corpus, 100 KB gzipped
def place_map_data(request):
    """The map's places as GeoJSON, with the page's filters (claims.map_data):
    every one, or past settings.MAP_CLUSTER_THRESHOLD clustered for the map's
    `zoom` and `bbox`. A zoom or box not understood is a 400 that says why."""
    try:
        view = map_view(request.GET)
    except ValueError as error:
        return JsonResponse({"errors": [str(error)]}, status=400)
    return JsonResponse(places_data(request.GET, view), content_type="application/geo+json")


def _box(totals):
    """[west, south, east, north] around the located places (place_totals)."""
    return [totals["west"], totals["south"], totals["east"], totals["north"]]


def _filter_query(request):
    """The address's filters (not its page), for the data the page loads."""
    query = request.GET.copy()
    for name in list(query):
        if name not in FILTERS:
            del query[name]
    return query.urlencode()


def _marker(place, point):
    events, claims = place["event_count"], place["claim_count"]
    name = f"{place['name']}: "
    if events:
        name += f"{events} event{'s' if events != 1 else ''}, "
    name += f"{claims} claim{'s' if claims != 1 else ''}"
    return {
        "place": place,
        "x": point[0],
        "y": point[1],
        "r": 10 + 2 * min(events, 5),
        "has_events": bool(events),
        "name": name,
    }


def _place_labels(markers, view):
    """Name as many markers as fit without overlap: places with events first,
    then those with more claims. A marker left unnamed keeps its link and
    accessible name; the list below the map names every place."""
    order = sorted(
        markers,
        key=lambda m: (not m["has_events"], -m["place"]["claim_count"], m["place"]["name"]),
    )
    for marker in order:
        marker["text"] = marker["place"]["name"]
    for marker, label in zip(
        order, geo.place_labels(order, height=view.height, tries=LABELS_TRIED), strict=True
    ):
        marker["label"] = label


def _markers_svg(markers):
    """One link per place: a circle, its name as tooltip and accessible name,
    and a visible label where one fits. Joined here rather than looped in the
    template: a thousand markers took over 100 ms there."""
    names = escape_all(marker["name"] for marker in markers)
    urls = escape_all(marker["place"]["url"] for marker in markers)
    parts = []
    for marker, name, url in zip(markers, names, urls, strict=True):
        kind = "marker marker-event" if marker["has_events"] else "marker"
        parts.append(
            f'<a href="{url}" aria-label="{name}"><title>{name}</title>'
            f'<circle class="{kind}" cx="{marker["x"]:g}" cy="{marker["y"]:g}" r="{marker["r"]}"/>'
        )
        label = marker.get("label")
        if label:
            parts.append(
                f'<text class="marker-label" x="{label["x"]:g}" y="{label["y"]:g}"'
                f' text-anchor="{label["anchor"]}" aria-hidden="true">'
                f"{html_escape(marker['place']['name'])}</text>"
            )
        parts.append("</a>\n")
    return mark_safe("".join(parts))


def _list_entry(place, events):
    """What the list in words says of one place."""
    precision = place["geo_precision"]
    return {
        "url": place["url"],
        "name": place["name"],
        "kind": KIND_LABELS.get(place["kind"], place["kind"]),
        "where": f"{place['latitude']:.3f}, {place['longitude']:.3f}",
        "precision": PRECISION_LABELS.get(precision, precision) if precision != "exact" else "",
        "claim_count": place["claim_count"],
        "events": [events[event_id] for event_id in place["events"]],
    }


def _event_choices():
    """Events held at some place."""
    held = Event.places.through.objects.values("event_id")
    return Event.objects.filter(pk__in=held), "title"


def _actor_choices():
    """Every actor; an actor with no place gets a map that says so."""
    return Actor.objects.all(), "name"


def _menu(choices, selected):
    """(choices, how many there were), by name: past MENU_LIMIT, the ones with
    the most published claims, and the one chosen. A menu of every one of
    2,000 actors and 2,000 events was 255 KB of the page. Two queries: the
    total, then the rows (past the limit, the first of the most-claimed
    index: claim_count, which the services keep)."""
    queryset, label = choices
    total = queryset.count()
    if total > MENU_LIMIT:
        queryset = queryset.order_by("-claim_count", label, "pk")[:MENU_LIMIT]
    rows = list(queryset.values_list("slug", label))
    if total > MENU_LIMIT and selected and all(slug != selected.slug for slug, _ in rows):
        rows.append((selected.slug, str(selected)))
    rows.sort(key=lambda row: (row[1].casefold(), row[0]))
    return rows, total


def escape_all(texts):
    """[html.escape(text) for text in texts], in one pass over them joined: a
    call per text was a tenth of the page's time with 5,000 of them."""
    texts = list(texts)
    escaped = html_escape("\x00".join(texts)).split("\x00")
    if len(escaped) != len(texts):  # a text held the separator itself
        escaped = [html_escape(text) for text in texts]
    return escaped


def _options(choices, selected):
    """<option> elements for a long menu, the `selected` object's slug chosen."""
    chosen = selected.slug if selected else None
    choices = list(choices)
    slugs = escape_all(slug for slug, _ in choices)
    labels = escape_all(label for _, label in choices)
    return mark_safe(
        "".join(
            f'<option value="{slug}"{" selected" if raw == chosen else ""}>{label}</option>'
            for (raw, _), slug, label in zip(choices, slugs, labels, strict=True)
        )
    )


def _page_urls(request, page):
    def at(number):
        query = request.GET.copy()
        query["page"] = str(number)
        return f"{request.path}?{query.urlencode()}#places"

    return page_urls(page, at)
