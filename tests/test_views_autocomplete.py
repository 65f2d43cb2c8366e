"""The entity pickers' JSON lists (claims/views/autocomplete.py)."""

from django.urls import reverse

from tests.factories import make_actor, make_event, make_place


def test_it_lists_matching_actors_by_name_or_alias_prefix_first(client, db):
    make_actor("Syrian Democratic Forces", aliases=["SDF"])
    make_actor("Free Syrian Army")
    make_actor("Islamic State")
    response = client.get(reverse("autocomplete", args=["actors"]), {"q": "syr"})
    values = [result["value"] for result in response.json()["results"]]
    assert values == ["Syrian Democratic Forces", "Free Syrian Army"]
    by_alias = client.get(reverse("autocomplete", args=["actors"]), {"q": "sdf"}).json()
    assert [r["value"] for r in by_alias["results"]] == ["Syrian Democratic Forces"]


def test_it_gives_the_slug_and_kind_for_each_result(client, db):
    place = make_place("Manbij", kind="settlement")
    result = client.get(reverse("autocomplete", args=["places"]), {"q": "man"}).json()["results"][0]
    assert result == {"value": "Manbij", "slug": place.slug, "label": "Manbij (city / town)"}


def test_it_searches_events_by_title(client, db):
    make_event("Battle of Al-Bab")
    results = client.get(reverse("autocomplete", args=["events"]), {"q": "bab"}).json()["results"]
    assert [r["value"] for r in results] == ["Battle of Al-Bab"]


def test_it_caps_the_list(client, db):
    for i in range(30):
        make_actor(f"Brigade {i:02}")
    results = client.get(reverse("autocomplete", args=["actors"]), {"q": "brig"}).json()["results"]
    assert len(results) == 20


def test_it_answers_404_for_an_unknown_list(client, db):
    assert client.get(reverse("autocomplete", args=["users"])).status_code == 404


def test_it_answers_get_only(client, db):
    assert client.post(reverse("autocomplete", args=["actors"])).status_code == 405
