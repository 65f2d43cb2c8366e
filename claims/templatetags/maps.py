from django import template

from .. import geo

register = template.Library()


@register.inclusion_tag("claims/includes/place_map.html")
def place_map(place, span=3.0):
    """{% place_map place %}: a small offline map around one place (no query).
    Renders nothing for a place without coordinates."""
    if not place.has_coordinates:
        return {"place": place, "view": None}
    view = geo.view_around(
        [(place.longitude, place.latitude)], min_span=span, min_ratio=0.6, max_ratio=0.75
    )
    x, y = view.project(place.longitude, place.latitude)
    return {"place": place, "view": view, "land": geo.land_path(view), "x": x, "y": y}
