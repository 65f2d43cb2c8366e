"""What the map shows, selected once for the page, its JSON and its list.

The filters are the claim browser's (claims.filters.ClaimFilter): actor,
event, evidence status, kind of claim and a period (`since`, `until`), so
an address means the same on /map/, /claims/ and /api/v1/claims/. A place
is shown when a published claim matching them names it, or (unless a status
or kind is chosen, which only claims have) an event matching the actor,
event and period was held there. Without filters every place is shown.

Four queries at most, whatever the corpus: the filter's slugs (actor, event),
the places, the claims counted by place and status, and the place-event links.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F

from .dates import describe_dates
from .filters import ClaimFilter, events_in_period
from .links import slug_url
from .models import Claim, Event, EvidenceStatus, Place

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


def map_selection(params):
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

    claims = filterset.qs.order_by().values("pk")
    counts = defaultdict(dict)
    rows = (
        Claim.places.through.objects.filter(claim__in=claims)
        .values_list("place_id", "claim__status")
        .annotate(n=Count("claim_id"))
        .order_by()
    )
    for place_id, status, n in rows:
        counts[place_id][status] = n

    events = Event.objects.all()
    if active.get("event"):
        events = events.filter(pk=active["event"].pk)
    if active.get("actor"):
        events = events.filter(actors=active["actor"])
    if active.get("since") or active.get("until"):
        events = events.filter(events_in_period(active.get("since"), active.get("until")))
    held, event_info = _events_by_place(events)

    claims_only = bool(active.get("status") or active.get("kind"))
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


def _events_by_place(events):
    """({place id: [event id]}, {event id: info}) for the events at some place,
    each place's in date order."""
    event_url = slug_url("event-detail")
    held = defaultdict(list)
    info = {}
    rows = (
        Event.places.through.objects.filter(event__in=events.values("pk"))
        .order_by(F("event__date_earliest").asc(nulls_last=True), "event__title", "event_id")
        .values_list(
            "place_id",
            "event_id",
            "event__slug",
            "event__title",
            "event__date_earliest",
            "event__date_latest",
            "event__date_precision",
        )
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
