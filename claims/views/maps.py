"""The map, /map/: places and the events held there, on an offline base map."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import render

from .. import geo
from ..filters import PlaceFilter
from ..models import Actor, Claim, Event, Place

FOCUS_PRECISIONS = {Place.GeoPrecision.EXACT, Place.GeoPrecision.NEAR}
WIDE_KINDS = {Place.Kind.COUNTRY, Place.Kind.AREA}  # a point for these is never street level


def place_map(request):
    filterset = PlaceFilter(request.GET, queryset=Place.objects.all())
    filterset.form.is_valid()
    events = filterset.events_shown().order_by(*Event._meta.ordering)
    places = list(
        filterset.qs.order_by("name")
        .annotate(
            claim_count=Count(
                "claims", filter=Q(claims__in=Claim.objects.published()), distinct=True
            )
        )
        .prefetch_related(Prefetch("events", queryset=events, to_attr="events_here"))
    )
    located = [place for place in places if place.has_coordinates]
    # Frame the places known at street level, so one country centroid far away
    # does not shrink the rest into a blob; the others stay in the list.
    focus = [
        p for p in located if p.geo_precision in FOCUS_PRECISIONS and p.kind not in WIDE_KINDS
    ] or located
    view = (
        geo.view_around([(p.longitude, p.latitude) for p in focus], max_ratio=0.7)
        if focus
        else None
    )
    markers = [
        _marker(place, view) for place in located if view.contains(place.longitude, place.latitude)
    ]
    if markers:
        _place_labels(markers, view)
    active = {
        name: filterset.form.cleaned_data[name]
        for name in ("event", "actor")
        if filterset.form.cleaned_data.get(name)
    }
    unplaced = []
    if not active.get("event"):
        unplaced_events = events.filter(places__isnull=True)
        if active.get("actor"):
            unplaced_events = unplaced_events.filter(actors=active["actor"])
        unplaced = list(unplaced_events.distinct())
    return render(
        request,
        "claims/map.html",
        {
            "form": filterset.form,
            "errors": [str(m) for messages in filterset.errors.values() for m in messages],
            "active": active,
            "event_choices": Event.objects.filter(places__isnull=False)
            .distinct()
            .values_list("slug", "title")
            .order_by("title"),
            "actor_choices": Actor.objects.filter(
                Q(events__places__isnull=False) | Q(claims__places__isnull=False)
            )
            .distinct()
            .values_list("slug", "name")
            .order_by("name"),
            "view": view,
            "land": geo.land_path(view) if view else "",
            "markers": markers,
            "outside_view": len(located) - len(markers),
            "places": located,
            "without_coordinates": [place for place in places if not place.has_coordinates],
            "unplaced_events": unplaced,
        },
    )


def _marker(place, view):
    x, y = view.project(place.longitude, place.latitude)
    events = place.events_here
    parts = [place.name]
    if events:
        parts.append(
            f"{len(events)} event{'s' if len(events) != 1 else ''}: "
            + "; ".join(event.title for event in events)
        )
    parts.append(f"{place.claim_count} claim{'s' if place.claim_count != 1 else ''}")
    return {
        "place": place,
        "x": x,
        "y": y,
        "r": 10 + 2 * min(len(events), 5),
        "has_events": bool(events),
        "name": ", ".join(parts[:1]) + (": " + ", ".join(parts[1:]) if len(parts) > 1 else ""),
    }


def _place_labels(markers, view):
    """Name as many markers as fit without overlap: places with events first,
    then those with more claims. A marker left unnamed keeps its link and
    accessible name; the list below the map names every place."""
    order = sorted(
        markers, key=lambda m: (not m["has_events"], -m["place"].claim_count, m["place"].name)
    )
    for marker in order:
        marker["text"] = marker["place"].name
    for marker, label in zip(order, geo.place_labels(order, height=view.height), strict=True):
        marker["label"] = label
