"""Places and events as GeoJSON (RFC 7946): a FeatureCollection of Points,
coordinates in WGS 84 as [longitude, latitude]. Properties are flat strings
and numbers so that GIS tools (QGIS, for one) show them as attribute columns.
Anything without coordinates is left out."""

import json

from ..models import Place
from .csvcells import join_names
from .events_csv import ROLES, actors_by_role, event_batches, events_in_order

MEDIA_TYPE = "application/geo+json"


def point(place):
    return {"type": "Point", "coordinates": [place.longitude, place.latitude]}


def stream_feature_collection(features):
    """Text chunks of a FeatureCollection, written one feature at a time."""
    yield '{"type": "FeatureCollection", "features": ['
    separator = "\n"
    for feature in features:
        yield separator + json.dumps(feature, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def place_features(places, build_url):
    for place in places.iterator(chunk_size=500):
        yield {
            "type": "Feature",
            "id": place.slug,
            "geometry": point(place),
            "properties": {
                "id": place.pk,
                "slug": place.slug,
                "name": place.name,
                "kind": place.kind,
                "geo_precision": place.geo_precision,
                "country_code": place.country_code,
                "geonames_id": place.geonames_id,
                "parent": place.parent.name if place.parent else "",
                "url": build_url(place.get_absolute_url()),
            },
        }


def places_geojson(build_url, places=None):
    if places is None:
        places = Place.objects.all()
    places = (
        places.filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("parent")
        .order_by("name", "pk")
    )
    return stream_feature_collection(place_features(places, build_url))


def event_features(events, build_url):
    """One Point per event and located place (an event in three towns is three points)."""
    for event, extra in event_batches(events, build_url):
        properties = {
            "event_id": event.pk,
            "event_slug": event.slug,
            "title": event.title,
            "event_type": event.kind,
            "date_earliest": event.date_earliest.isoformat() if event.date_earliest else None,
            "date_latest": event.date_latest.isoformat() if event.date_latest else None,
            "date_precision": event.date_precision,
            "date_text": event.date_text,
            **dict(zip((f"actors_{role}" for role in ROLES), actors_by_role(event), strict=True)),
            "source": join_names(extra["sources"]),
            "claim_count": extra["claim_count"],
            "event_url": build_url(event.get_absolute_url()),
        }
        for place in event.places.all():
            if not place.has_coordinates:
                continue
            yield {
                "type": "Feature",
                "id": f"{event.slug}/{place.slug}",
                "geometry": point(place),
                "properties": {
                    **properties,
                    "place": place.name,
                    "place_slug": place.slug,
                    "geo_precision": place.geo_precision,
                },
            }


def events_geojson(build_url, events=None):
    if events is None:
        events = events_in_order()
    return stream_feature_collection(event_features(events, build_url))
