import json

import pytest

from tests.factories import make_corpus, make_event, make_place


@pytest.fixture
def corpus(db, editor):
    return make_corpus(editor=editor)


def load(client, url, filename):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.streaming
    data = json.loads(b"".join(response.streaming_content))
    assert_valid_feature_collection(data)
    return data


def assert_valid_feature_collection(data):
    """RFC 7946: a FeatureCollection of Features with Point geometries in
    [longitude, latitude] order, WGS 84 ranges, flat properties, unique ids."""
    assert data["type"] == "FeatureCollection"
    assert set(data) == {"type", "features"}  # no crs member (RFC 7946 dropped it)
    ids = [feature["id"] for feature in data["features"]]
    assert len(ids) == len(set(ids))
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str | int)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"]
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90
        for value in feature["properties"].values():
            assert value is None or isinstance(value, str | int | float)


def test_it_exports_located_places_in_lon_lat_order(client, corpus):
    make_place("Panama City", latitude=8.98, longitude=-79.52, geo_precision="exact")
    data = load(client, "/exports/places.geojson", "places.geojson")
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert set(by_name) == {"Al-Bab", "Aleppo", "Panama City"}  # "Unlocated hills" has none
    assert by_name["Panama City"]["geometry"]["coordinates"] == [-79.52, 8.98]
    al_bab = by_name["Al-Bab"]
    assert al_bab["geometry"]["coordinates"] == [37.5167, 36.37]
    assert al_bab["properties"]["geo_precision"] == "exact"
    assert al_bab["properties"]["country_code"] == "SY"
    assert al_bab["properties"]["url"].startswith("http://testserver/places/")


def test_it_exports_one_point_per_event_and_located_place(client, corpus):
    battle, talks = corpus["events"]
    data = load(client, "/exports/events.geojson", "events.geojson")
    features = data["features"]
    assert [f["properties"]["place"] for f in features] == ["Al-Bab", "Aleppo"]
    properties = features[0]["properties"]
    assert properties["event_slug"] == battle.slug
    assert properties["date_earliest"] == "2016-11-06"
    assert properties["date_precision"] == "day"
    assert properties["actors_initiator"] == "Turkey"
    assert properties["geo_precision"] == "exact"
    assert properties["claim_count"] == 3
    assert features[1]["properties"]["geo_precision"] == "centroid"


def test_it_writes_an_empty_collection_when_nothing_is_located(client, db):
    make_event("Nowhere in particular")
    assert load(client, "/exports/events.geojson", "events.geojson")["features"] == []
    assert load(client, "/exports/places.geojson", "places.geojson")["features"] == []
