"""What the map shows, selected once for the page, its JSON and its list.

The filters are the claim browser's (claims.filters.ClaimFilter): actor,
event, evidence status, kind of claim and a period (`since`, `until`), so
an address means the same on /map/, /claims/ and /api/v1/claims/. A place
is shown when a published claim matching them names it, or (unless a status
or kind is chosen, which only claims have) an event matching the actor,
event and period was held there. Without filters every place is shown.

map_selection: four queries at most, whatever the corpus: the filter's slugs
(actor, event), the places, the claims counted by place and status, and the
place-event links; the data endpoint (places_data) counts the places first.

Past settings.MAP_CLUSTER_THRESHOLD located places, the map's data is
clustered on the server instead (clustered_geojson): only the map's view
(`bbox`, with a margin) at its zoom, places grouped on a grid in SQL.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, Q
from django.db.models.functions import Floor

from .dates import describe_dates
from .filters import ClaimFilter, events_in_period
from .links import slug_url
from .models import Claim, Event, EvidenceStatus, Place
from .paging import page_of

FILTERS = ("actor", "event", "status", "kind", "since", "until")
STATUS_LABELS = dict(EvidenceStatus.choices)


@dataclass
class MapSelection:
    form: object  # the validated filter form (ClaimFilterForm)
    active: dict  # {name: cleaned value} of the valid filters in effect
    errors: list
    places: list  # dicts: the Place columns read, url, counts (by status), claim_count, events
    events: dict = field(default_factory=dict)  # {event id: {"slug", "title", "url", "when"}}
    events_qs: object = None  # the events the filters select

    @property
    def located(self):
        return [p for p in self.places if p["latitude"] is not None and p["longitude"] is not None]

    @property
    def unlocated(self):
        return [p for p in self.places if p["latitude"] is None or p["longitude"] is None]


@dataclass
class MapFilters:
    """The address's filters, validated, and the claims and events they select
    (querysets, not yet run)."""

    form: object
    active: dict
    errors: list
    claims: object  # the published claims matching, as a values("pk") queryset
    events: object  # the events matching the actor, event and period

    @property
    def claims_only(self):
        """Status and kind belong to claims: with either, events alone place nothing."""
        return bool(self.active.get("status") or self.active.get("kind"))


def map_filters(params):
    data = params.copy()
    for name in list(data):
        if name not in FILTERS:
            del data[name]
    filterset = ClaimFilter(data)
    form = filterset.form
    form.is_valid()
    cleaned = form.cleaned_data
    active = {name: cleaned[name] for name in FILTERS if cleaned.get(name) not in (None, "", [])}
    errors = [str(m) for messages in form.errors.values() for m in messages]
    events = Event.objects.all()
    if active.get("event"):
        events = events.filter(pk=active["event"].pk)
    if active.get("actor"):
        events = events.filter(actors=active["actor"])
    if active.get("since") or active.get("until"):
        events = events.filter(events_in_period(active.get("since"), active.get("until")))
    return MapFilters(
        form=form,
        active=active,
        errors=errors,
        claims=filterset.qs.order_by().values("pk"),
        events=events,
    )


def matching_places(filters):
    """Place queryset of the places the filters show (the rule in the module's
    docstring, in SQL: a subquery each for claims and events)."""
    places = Place.objects.all()
    if not filters.active:
        return places
    named = Q(pk__in=Claim.places.through.objects.filter(claim__in=filters.claims).values("place"))
    if not filters.claims_only:
        held = Event.places.through.objects.filter(event__in=filters.events.values("pk"))
        named |= Q(pk__in=held.values("place"))
    return places.filter(named)


def map_selection(params, filters=None):
    filters = filters or map_filters(params)
    form, active, errors, claims = filters.form, filters.active, filters.errors, filters.claims
    counts = defaultdict(dict)
    rows = (
        Claim.places.through.objects.filter(claim__in=claims)
        .values_list("place_id", "claim__status")
        .annotate(n=Count("claim_id"))
        .order_by()
    )
    for place_id, status, n in rows:
        counts[place_id][status] = n

    events = filters.events
    held, event_info = _events_by_place(events)

    claims_only = filters.claims_only
    place_url = slug_url("place-detail")
    places = []
    rows = Place.objects.order_by("name", "pk").values(
        "id", "name", "slug", "kind", "latitude", "longitude", "geo_precision"
    )
    for place in rows:
        place_counts = counts.get(place["id"], {})
        place_events = [] if claims_only and not place_counts else held.get(place["id"], [])
        if active and not place_counts and not place_events:
            continue
        place["url"] = place_url(place["slug"])
        place["counts"] = place_counts
        place["claim_count"] = sum(place_counts.values())
        place["events"] = place_events
        places.append(place)
    return MapSelection(
        form=form,
        active=active,
        errors=errors,
        places=places,
        events=event_info,
        events_qs=events,
    )


PLACE_COLUMNS = ("id", "name", "slug", "kind", "latitude", "longitude", "geo_precision")


@dataclass
class MapPage:
    """What the map's page (HTML) shows: one page of the located places, the
    places without coordinates, and the totals. Only the places shown are read
    with their claims and events: the interactive map loads every place as
    data (places_data), so the page stays the same size and cost whatever
    the corpus."""

    form: object
    active: dict
    errors: list
    page: object  # a Page of place dicts, as MapSelection.places holds them
    page_error: str | None
    unlocated: list
    totals: dict  # place_totals()
    events: dict = field(default_factory=dict)
    events_qs: object = None


def map_page(params, per_page):
    """The page `params["page"]` of the located places the filters show (by
    name), and every place they show without coordinates. Seven queries at
    most, whatever the corpus: the filter's slugs (actor, event), the totals,
    the page, the places without coordinates (when there are any), their
    claims counted by place and status, and their events."""
    filters = map_filters(params)
    totals = place_totals(filters)
    places = matching_places(filters)
    paginator = Paginator(
        places.filter(LOCATED).order_by("name", "pk").values(*PLACE_COLUMNS), per_page
    )
    paginator.count = totals["located"]  # counted with the totals already
    page, page_error = page_of(paginator, params.get("page"))
    page.object_list = list(page.object_list)
    unlocated = []
    if totals["unlocated"]:
        unlocated = list(places.exclude(LOCATED).order_by("name", "pk").values(*PLACE_COLUMNS))
    event_info = _place_details(filters, [*page.object_list, *unlocated])
    return MapPage(
        form=filters.form,
        active=filters.active,
        errors=filters.errors,
        page=page,
        page_error=page_error,
        unlocated=unlocated,
        totals=totals,
        events=event_info,
        events_qs=filters.events,
    )


def _place_details(filters, places):
    """Give each place dict its url, claim counts by status, claim_count and
    events (as map_selection does), in two queries; returns the events' info."""
    if not places:
        return {}
    ids = [place["id"] for place in places]
    counts = defaultdict(dict)
    rows = (
        Claim.places.through.objects.filter(claim__in=filters.claims, place_id__in=ids)
        .values_list("place_id", "claim__status")
        .annotate(n=Count("claim_id"))
        .order_by()
    )
    for place_id, status, n in rows:
        counts[place_id][status] = n
    held, event_info = _events_by_place(filters.events, ids)
    place_url = slug_url("place-detail")
    for place in places:
        place_counts = counts.get(place["id"], {})
        place["url"] = place_url(place["slug"])
        place["counts"] = place_counts
        place["claim_count"] = sum(place_counts.values())
        place["events"] = (
            [] if filters.claims_only and not place_counts else held.get(place["id"], [])
        )
    return event_info


def _events_by_place(events, place_ids=None):
    """({place id: [event id]}, {event id: info}) for the events at some place
    (of `place_ids`, if given), each place's in date order."""
    event_url = slug_url("event-detail")
    held = defaultdict(list)
    info = {}
    links = Event.places.through.objects.filter(event__in=events.values("pk"))
    if place_ids is not None:
        links = links.filter(place_id__in=place_ids)
    rows = links.order_by(
        F("event__date_earliest").asc(nulls_last=True), "event__title", "event_id"
    ).values_list(
        "place_id",
        "event_id",
        "event__slug",
        "event__title",
        "event__date_earliest",
        "event__date_latest",
        "event__date_precision",
    )
    for place_id, event_id, slug, title, earliest, latest, precision in rows:
        held[place_id].append(event_id)
        if event_id not in info:
            info[event_id] = {
                "slug": slug,
                "title": title,
                "url": event_url(slug),
                "when": describe_dates(earliest, latest, precision),
            }
    return held, info


def unplaced_events(selection):
    """The selected events held nowhere (listed under the map)."""
    if selection.active.get("status") or selection.active.get("kind"):
        return []
    return list(selection.events_qs.filter(places__isnull=True).distinct())


def geojson(selection):
    """The selection as a GeoJSON FeatureCollection (RFC 7946), places with
    coordinates only. Events are listed once, at the top level, and each place
    names them by id: an event held in five towns is not repeated five times."""
    features = []
    used = set()
    for place in selection.located:
        used.update(place["events"])
        features.append(
            {
                "type": "Feature",
                "id": place["slug"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [place["longitude"], place["latitude"]],
                },
                "properties": {
                    "name": place["name"],
                    "slug": place["slug"],
                    "kind": place["kind"],
                    "precision": place["geo_precision"],
                    "url": place["url"],
                    "claims": place["claim_count"],
                    "counts": place["counts"],
                    "events": place["events"],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "events": {str(pk): info for pk, info in selection.events.items() if pk in used},
        "statuses": STATUS_LABELS,
        "without_coordinates": len(selection.unlocated),
        "errors": selection.errors,
    }


# Server-side clustering, for corpora past settings.MAP_CLUSTER_THRESHOLD.

LOCATED = Q(latitude__isnull=False, longitude__isnull=False)
CLUSTER_PIXELS = 64  # a grid cell's side on screen, at the zoom asked for
MAX_ZOOM = 20
SINGLES_FROM_ZOOM = 12  # from this zoom on, every place is sent by itself
WORLD = (-180.0, -90.0, 180.0, 90.0)
DEFAULT_ZOOM = 2
MARGIN = 0.25  # of the view's width and height, added on each side


@dataclass(frozen=True)
class MapView:
    zoom: float
    bbox: tuple  # west, south, east, north, in degrees

    @property
    def cell(self):
        """A grid cell's side in degrees: CLUSTER_PIXELS at this zoom (a
        Leaflet map is 256 pixels wide at zoom 0, twice that at each step)."""
        return 360 * CLUSTER_PIXELS / (256 * 2 ** int(self.zoom))


def map_view(params):
    """The map's zoom and bounding box from `zoom=` and
    `bbox=west,south,east,north`; ValueError with a message for a reader if
    either is not understood. Missing ones default to the whole world."""
    zoom, bbox = DEFAULT_ZOOM, WORLD
    raw = params.get("zoom")
    if raw is not None:
        try:
            zoom = float(raw)
        except ValueError:
            zoom = None
        if zoom is None or not 0 <= zoom <= MAX_ZOOM:  # also NaN
            raise ValueError(f"“zoom” must be a number from 0 to {MAX_ZOOM}, not “{raw[:40]}”.")
    raw = params.get("bbox")
    if raw is not None:
        message = (
            "“bbox” must be four numbers, west,south,east,north in degrees (west before east, "
            f"south before north, latitudes from -90 to 90), not “{raw[:80]}”."
        )
        try:
            bbox = tuple(float(part) for part in raw.split(","))
        except ValueError:
            raise ValueError(message) from None
        if len(bbox) != 4:
            raise ValueError(message)
        west, south, east, north = bbox
        if not (
            -360 <= west < east <= 360 and -90 <= south < north <= 90  # also NaN
        ):
            raise ValueError(message)
    return MapView(zoom=zoom, bbox=bbox)


def place_totals(filters):
    """One query: how many places the filters show with and without
    coordinates, and the box around those with."""
    return matching_places(filters).aggregate(
        located=Count("pk", filter=LOCATED),
        unlocated=Count("pk", filter=~LOCATED),
        south=Min("latitude"),
        north=Max("latitude"),
        west=Min("longitude"),
        east=Max("longitude"),
    )


def places_data(params, view):
    """The map's data for the address: every located place (geojson) when the
    filters show at most settings.MAP_CLUSTER_THRESHOLD of them, else the
    view's places clustered on the server (clustered_geojson)."""
    filters = map_filters(params)
    totals = place_totals(filters)
    if totals["located"] <= settings.MAP_CLUSTER_THRESHOLD:
        collection = geojson(map_selection(params, filters))
        collection.update(clustered=False, total=totals["located"])
        return collection
    return clustered_geojson(filters, view, totals)


def _searched_box(view):
    """The view with MARGIN on each side, widened to whole grid cells (so a
    cell on the edge is counted whole), within the world."""
    west, south, east, north = view.bbox
    dx, dy = (east - west) * MARGIN, (north - south) * MARGIN
    cell = view.cell

    def snap(value, up):
        index = int(value // cell) + (1 if up else 0)
        return index * cell

    return (
        max(snap(west - dx, False), -180.0),
        max(snap(south - dy, False), -90.0),
        min(snap(east + dx, True), 180.0),
        min(snap(north + dy, True), 90.0),
    )


def clustered_geojson(filters, view, totals):
    """The located places in the view (and a margin), as GeoJSON: one point
    per grid cell holding several places (`cluster`: how many, their
    published claims by status summed, the box to zoom to) and each place
    alone in its cell as in geojson(). Two queries after place_totals: the
    cells, grouped in SQL with the claims counted, and the events held at the
    single places; the filter's slugs are read once before."""
    cell = view.cell
    west, south, east, north = _searched_box(view)
    statuses = list(EvidenceStatus.values)
    places = matching_places(filters).filter(
        LOCATED,
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )
    keys = ["cy", "cx"] if view.zoom < SINGLES_FROM_ZOOM else ["cy", "cx", "pk"]
    rows = (
        places.annotate(
            cy=Floor(F("latitude") / float(cell)), cx=Floor(F("longitude") / float(cell))
        )
        .values(*keys)
        .order_by()
        .annotate(
            n=Count("pk", distinct=True),
            south=Min("latitude"),
            north=Max("latitude"),
            west=Min("longitude"),
            east=Max("longitude"),
            # Exact for a cell of one place, which is all they are read for.
            place_id=Min("pk"),
            name=Min("name"),
            slug=Min("slug"),
            kind=Min("kind"),
            precision=Min("geo_precision"),
            **{
                f"claims_{status}": Count(
                    "claims", filter=Q(claims__in=filters.claims, claims__status=status)
                )
                for status in statuses
            },
        )
    )
    cells = []
    for row in rows:
        row["counts"] = {s: row[f"claims_{s}"] for s in statuses if row[f"claims_{s}"]}
        cells.append(row)
    singles = [row for row in cells if row["n"] == 1]
    held, event_info = (
        _events_by_place(filters.events, [row["place_id"] for row in singles])
        if singles
        else ({}, {})
    )
    place_url = slug_url("place-detail")
    features = []
    used = set()
    for row in cells:
        claims = sum(row["counts"].values())
        if row["n"] == 1:
            events = [] if filters.claims_only and not claims else held.get(row["place_id"], [])
            used.update(events)
            features.append(
                {
                    "type": "Feature",
                    "id": row["slug"],
                    "geometry": {"type": "Point", "coordinates": [row["west"], row["south"]]},
                    "properties": {
                        "name": row["name"],
                        "slug": row["slug"],
                        "kind": row["kind"],
                        "precision": row["precision"],
                        "url": place_url(row["slug"]),
                        "claims": claims,
                        "counts": row["counts"],
                        "events": events,
                    },
                }
            )
        else:
            features.append(
                {
                    "type": "Feature",
                    "id": f"cell:{int(row['cx'])}:{int(row['cy'])}",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [
                            (row["west"] + row["east"]) / 2,
                            (row["south"] + row["north"]) / 2,
                        ],
                    },
                    "properties": {
                        "cluster": True,
                        "places": row["n"],
                        "claims": claims,
                        "counts": row["counts"],
                        "bounds": [row["west"], row["south"], row["east"], row["north"]],
                    },
                }
            )
    return {
        "type": "FeatureCollection",
        "features": features,
        "events": {str(pk): info for pk, info in event_info.items() if pk in used},
        "statuses": STATUS_LABELS,
        "without_coordinates": totals["unlocated"],
        "errors": filters.errors,
        "clustered": True,
        "total": totals["located"],
        "bounds": [totals["west"], totals["south"], totals["east"], totals["north"]],
        "zoom": view.zoom,
        "bbox": list(view.bbox),
        "searched": [west, south, east, north],
        "cell": cell,
    }
