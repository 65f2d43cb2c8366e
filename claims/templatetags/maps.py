import math

from django import template

from .. import geo
from ..links import slug_url
from ..models import Place

register = template.Library()

NEIGHBOURS = 30  # the nearest places named around the one shown
NEIGHBOURS_READ = 500  # places read from the view's box before the nearest are kept


@register.inclusion_tag("claims/includes/place_map.html")
def place_map(place, span=3.0):
    """{% place_map place %}: a locator map of one place in its region, with
    its name and its neighbours' (one query). Leaflet draws it (place-map.js);
    the SVG is the drawing for readers without JavaScript. Renders nothing
    for a place without coordinates."""
    if not place.has_coordinates:
        return {"place": place, "view": None}
    view = geo.view_around(
        [(place.longitude, place.latitude)], min_span=span, min_ratio=0.6, max_ratio=0.75
    )
    neighbours = _neighbours(place, view)
    x, y = view.project(place.longitude, place.latitude)
    markers = [{"x": x, "y": y, "r": 14, "text": place.name, "here": True}]
    for other in neighbours:
        nx, ny = view.project(other["longitude"], other["latitude"])
        markers.append({"x": nx, "y": ny, "r": 7, "text": other["name"], "url": other["url"]})
    for marker, label in zip(markers, geo.place_labels(markers, height=view.height), strict=True):
        marker["label"] = label
    return {
        "place": place,
        "view": view,
        "land": geo.land_path(view),
        "here": markers[0],
        "others": markers[1:],
        "neighbours": [
            {key: other[key] for key in ("name", "url", "latitude", "longitude", "geo_precision")}
            for other in neighbours
        ],
    }


def _neighbours(place, view):
    """The places nearest to `place` inside the view, nearest first."""
    rows = list(
        Place.objects.filter(
            latitude__gte=view.south,
            latitude__lte=view.north,
            longitude__gte=view.west,
            longitude__lte=view.east,
        )
        .exclude(pk=place.pk)
        .values("name", "slug", "latitude", "longitude", "geo_precision")
        .order_by("name")[:NEIGHBOURS_READ]
    )
    cos = math.cos(math.radians(place.latitude))

    def distance(row):
        return math.hypot(
            (row["longitude"] - place.longitude) * cos, row["latitude"] - place.latitude
        )

    rows.sort(key=distance)
    rows = rows[:NEIGHBOURS]
    place_url = slug_url("place-detail")
    for row in rows:
        row["url"] = place_url(row["slug"])
    return rows
