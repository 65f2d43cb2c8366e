import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Claim
from tests.factories import (
    add_anchor,
    make_actor,
    make_claim,
    make_corpus,
    make_event,
    make_place,
    make_source,
)


@pytest.fixture
def corpus(db, editor):
    return make_corpus(editor=editor)


def get_json(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_it_lists_only_published_sources(client, corpus):
    first, second, hidden = corpus["sources"]
    data = get_json(client, "/api/v1/sources/")
    assert data["count"] == 2
    slugs = {row["slug"] for row in data["results"]}
    assert slugs == {first.slug, second.slug}
    row = next(row for row in data["results"] if row["slug"] == first.slug)
    assert row["title"] == "Siege of Al-Bab"
    assert row["url"] == "https://example.org/al-bab"
    assert row["sentence_count"] == 3
    assert row["api_url"] == f"http://testserver/api/v1/sources/{first.slug}/"
    assert row["html_url"] == f"http://testserver/sources/{first.slug}/"
    assert client.get(f"/api/v1/sources/{hidden.slug}/").status_code == 404


def test_it_shows_a_source_with_its_text_and_sentences(client, corpus):
    source = corpus["sources"][0]
    data = get_json(client, f"/api/v1/sources/{source.slug}/")
    assert data["text"] == source.text
    assert [s["index"] for s in data["sentences"]] == [1, 2, 3]
    assert [s["paragraph"] for s in data["sentences"]] == [1, 1, 2]
    for sentence in data["sentences"]:
        assert data["text"][sentence["start"] : sentence["end"]] == sentence["text"]


def test_it_shows_a_claim_with_everything_attached(client, corpus):
    located, besieged, fighters, left, draft = corpus["claims"]
    data = get_json(client, f"/api/v1/claims/{fighters.pk}/")
    assert data["statement"] == "Over 5,000 fighters defended it"
    assert data["kind"] == "quantitative"
    assert data["status"] == "disputed"
    assert data["attributed_to"]["name"] == "Turkey"
    [anchor] = data["anchors"]
    source = corpus["sources"][0]
    assert anchor["source"] == source.slug
    assert anchor["sentence"] == 3
    assert source.text[anchor["start"] : anchor["end"]] == anchor["exact"]
    assert [a["name"] for a in data["actors"]] == ["Islamic State"]
    assert [e["title"] for e in data["events"]] == ["Battle of al-Bab"]
    assert data["quantities"] == [
        {
            "text": "Over 5,000 fighters",
            "value": "5000.0000",
            "value_max": None,
            "unit": "fighters",
            "qualifier": "over",
        }
    ]
    [assessment] = data["assessments"]
    assert assessment["status"] == "disputed"
    assert assessment["rationale"] == "Estimates differ."
    [evidence] = data["evidence"]
    assert evidence["stance"] == "context"
    assert evidence["anchor"]["source"] == corpus["sources"][1].slug
    assert evidence["anchor"]["exact"] == "ISIS fighters left Al-Bab in February 2017."


def test_it_gives_assessment_history_oldest_first_and_relations_both_ways(client, corpus):
    located, besieged, fighters, left, draft = corpus["claims"]
    data = get_json(client, f"/api/v1/claims/{besieged.pk}/")
    assert [a["status"] for a in data["assessments"]] == ["unverified", "supported"]
    assert data["evidence"][0]["url"] == "https://example.org/report"
    assert data["relations"] == [
        {"from_claim": left.pk, "kind": "elaborates", "to_claim": besieged.pk}
    ]
    assert get_json(client, f"/api/v1/claims/{left.pk}/")["relations"] == data["relations"]


def test_it_gives_a_cited_sentence_with_its_source_and_link(client, corpus):
    left = corpus["claims"][3]
    first = corpus["sources"][0]
    [evidence] = get_json(client, f"/api/v1/claims/{left.pk}/")["evidence"]
    assert evidence["anchor"] is None
    assert evidence["sentence"] == {
        "source": first.slug,
        "source_title": "Siege of Al-Bab",
        "source_published_on": "2017-01-15",
        "sentence": 2,
        "text": "It was besieged in 2016.",
        "html_url": f"http://testserver/sources/{first.slug}/#s-2",
    }
    # The address is the sentence in the reader.
    reader = client.get(evidence["sentence"]["html_url"].split("#")[0]).content.decode()
    assert 'id="s-2"' in reader


def test_it_hides_claims_and_anchors_of_unpublished_sources(client, corpus):
    located, besieged, fighters, left, draft = corpus["claims"]
    assert client.get(f"/api/v1/claims/{draft.pk}/").status_code == 404
    ids = {row["id"] for row in get_json(client, "/api/v1/claims/")["results"]}
    assert ids == {located.pk, besieged.pk, fighters.pk, left.pk}
    # A second anchor of a public claim, in the unpublished source, is not shown.
    hidden_sentence = corpus["sources"][2].sentences.get()
    add_anchor(located, hidden_sentence)
    anchors = get_json(client, f"/api/v1/claims/{located.pk}/")["anchors"]
    assert [a["source"] for a in anchors] == [corpus["sources"][0].slug]


def test_it_lists_entities_with_their_links(client, corpus):
    isis, turkey, fsa = corpus["actors"]
    actors = get_json(client, "/api/v1/actors/")["results"]
    assert [a["name"] for a in actors] == ["Free Syrian Army", "Islamic State", "Turkey"]
    assert actors[0]["parent"] == turkey.slug
    assert actors[1]["aliases"] == ["IS", "ISIS"]
    places = get_json(client, "/api/v1/places/", kind="region")["results"]
    assert [(p["name"], p["latitude"], p["longitude"]) for p in places] == [("Aleppo", 36.2, 37.16)]
    battle = get_json(client, f"/api/v1/events/{corpus['events'][0].slug}/")
    assert battle["date_earliest"] == "2016-11-06"
    assert battle["date_precision"] == "day"
    assert battle["date_text"] == "November 2016 to February 2017"
    assert {(a["actor"]["name"], a["role"]) for a in battle["actors"]} == {
        ("Turkey", "initiator"),
        ("Islamic State", "target"),
        ("Free Syrian Army", "supporter"),
    }
    assert [p["name"] for p in battle["places"]] == ["Al-Bab", "Aleppo", "Unlocated hills"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_every_write_method(client, corpus, method):
    claim = corpus["claims"][0]
    before = (claim.statement, claim.version)
    for url in ["/api/v1/claims/", f"/api/v1/claims/{claim.pk}/", "/api/v1/sources/"]:
        response = getattr(client, method)(
            url, {"statement": "changed"}, content_type="application/json"
        )
        assert response.status_code == 405, url
    claim.refresh_from_db()
    assert (claim.statement, claim.version) == before


def test_it_pages_with_a_bounded_page_size(client, db):
    for n in range(5):
        make_actor(f"Actor {n}")
    first = get_json(client, "/api/v1/actors/", page_size=2)
    assert first["count"] == 5
    assert [a["name"] for a in first["results"]] == ["Actor 0", "Actor 1"]
    assert "page=2" in first["next"]
    last = get_json(client, "/api/v1/actors/", page_size=2, page=3)
    assert [a["name"] for a in last["results"]] == ["Actor 4"]
    assert last["next"] is None
    assert client.get("/api/v1/actors/", {"page": 4, "page_size": 2}).status_code == 404
    for bad in ["0", "201", "ten", "-1", "2.5"]:
        response = client.get("/api/v1/actors/", {"page_size": bad})
        assert response.status_code == 400, bad
        assert response.json() == {"page_size": ["Give one whole number from 1 to 200."]}


def test_it_rejects_an_unknown_filter_value_with_a_message(client, corpus):
    response = client.get("/api/v1/places/", {"kind": "planet"})
    assert response.status_code == 400
    assert "kind" in response.json()


def _many_rows(n):
    """n of everything, each claim with every kind of related row."""
    actor, place = make_actor("Actor"), make_place("Place", latitude=1.0, longitude=2.0)
    for i in range(n):
        event = make_event(f"Event {i}")
        event.places.add(place)
        event.event_actors.create(actor=actor, role="initiator")
        source = make_source([[f"Claim number {i} is here.", "Another sentence."]])
        claim = make_claim(
            source.sentences.get(index=1),
            actors=[actor],
            places=[place],
            events=[event],
            quantities=[{"text": f"{i} things", "value": i}],
        )
        services.claim_assess(
            claim=claim,
            status="supported",
            rationale="Checked.",
            evidence=[{"url": "https://example.org/e", "title": "E"}],
        )
        make_actor(f"Actor {i}", aliases=["alias"])
        make_place(f"Place {i}", aliases=["alias"])


# count + page + one query per related table (a claim's relations both ways in one).
@pytest.mark.parametrize(
    "endpoint, expected",
    [("sources", 4), ("claims", 10), ("actors", 3), ("places", 3), ("events", 4)],
)
def test_it_lists_with_a_query_count_independent_of_page_size(
    client, db, endpoint, expected, django_assert_num_queries
):
    _many_rows(12)
    counts = []
    for page_size in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            data = get_json(client, f"/api/v1/{endpoint}/", page_size=page_size)
        assert len(data["results"]) == page_size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(expected):
        get_json(client, f"/api/v1/{endpoint}/", page_size=12)


def test_it_shows_a_claim_in_a_fixed_number_of_queries(client, db, django_assert_num_queries):
    _many_rows(2)
    claim = Claim.objects.published().first()
    # Its versions (claims.fragments.claim_page_key), the claim, then one
    # query per related table; read back under the same versions: one.
    with django_assert_num_queries(10):
        first = get_json(client, f"/api/v1/claims/{claim.pk}/")
    with django_assert_num_queries(1):
        assert get_json(client, f"/api/v1/claims/{claim.pk}/") == first


def test_it_serves_an_openapi_3_schema(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for name in ("sources", "claims", "actors", "places", "events"):
        assert set(paths[f"/api/v1/{name}/"]) == {"get"}
    assert set(paths["/api/v1/claims/{id}/"]) == {"get"}


def test_it_serves_the_docs_with_assets_from_our_own_static_files(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in asset for asset in assets)
    # Its start-up script is a file too (?script), not inline: the CSP allows no inline script.
    assert "<script>" not in html
    script = next(asset for asset in assets if asset.startswith("/api/v1/docs/?"))
    assets.remove(script)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    assert "/api/v1/schema/" in client.get(script.replace("&amp;", "&")).content.decode()


def claim_ids(client, **params):
    return {row["id"] for row in get_json(client, "/api/v1/claims/", **params)["results"]}


def test_it_filters_claims_with_the_claim_browsers_parameters(client, corpus):
    located, besieged, fighters, left, draft = corpus["claims"]
    first, second, _ = corpus["sources"]
    isis = corpus["actors"][0]
    al_bab = corpus["places"][0]
    battle = corpus["events"][0]
    assert claim_ids(client, status="disputed") == {fighters.pk}
    assert claim_ids(client, status=["disputed", "supported"]) == {fighters.pk, besieged.pk}
    assert claim_ids(client, kind="quantitative") == {located.pk, fighters.pk}
    assert claim_ids(client, source=second.slug) == {left.pk}
    assert claim_ids(client, actor=isis.slug) == {besieged.pk, fighters.pk, left.pk}
    assert claim_ids(client, place=al_bab.slug) == {located.pk, besieged.pk}
    assert claim_ids(client, event=battle.slug, status="supported") == {besieged.pk}
    assert claim_ids(client, q="besieged") == {besieged.pk}


def test_it_sorts_claims_like_the_claim_browser(client, corpus):
    rows = get_json(client, "/api/v1/claims/", sort="oldest")["results"]
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    newest = get_json(client, "/api/v1/claims/")["results"]
    assert [row["id"] for row in newest] == [row["id"] for row in reversed(rows)]


def test_it_answers_a_bad_claim_filter_with_400_and_the_browsers_message(client, corpus):
    response = client.get("/api/v1/claims/", {"status": "true-ish", "source": "nowhere"})
    assert response.status_code == 400
    errors = response.json()
    assert "“true-ish” is not an evidence status." in " ".join(errors["status"])
    assert "source" in errors


def test_it_takes_empty_status_and_kind_as_any_as_its_schema_allows(client, corpus):
    everything = get_json(client, "/api/v1/claims/")
    assert get_json(client, "/api/v1/claims/?status=&kind=")["count"] == everything["count"] > 0
    disputed = get_json(client, "/api/v1/claims/?status=&status=disputed")["results"]
    assert disputed and {claim["status"] for claim in disputed} == {"disputed"}


def test_it_serves_addresses_that_are_not_valid_uris_as_the_schema_says(client, corpus):
    """Addresses are stored as given: the schema must not promise `format: uri`."""
    source = make_source(url="https://example.org/a page with spaces/ü")
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    components = response.json()["components"]["schemas"]
    for name in ("Source", "SourceDetail", "Evidence"):
        assert components[name]["properties"]["url"] == {
            "type": "string",
            "readOnly": True,
            "description": components[name]["properties"]["url"]["description"],
        }
    served = get_json(client, f"/api/v1/sources/{source.slug}/")
    assert served["url"] == "https://example.org/a page with spaces/ü"


def test_it_lists_each_claim_of_several_statuses_once_without_sorting_them_apart(client, corpus):
    """Status and kind are the claim's own columns: nothing to de-duplicate, and a
    DISTINCT over every filtered claim cost PostgreSQL a sort (docs/benchmarks.md)."""
    statuses = ("disputed", "supported")
    everything = get_json(client, "/api/v1/claims/?limit=1000")["results"]
    expected = sorted(claim["id"] for claim in everything if claim["status"] in statuses)
    with CaptureQueriesContext(connection) as queries:
        found = get_json(client, "/api/v1/claims/?limit=1000&status=disputed&status=supported")
    assert sorted(claim["id"] for claim in found["results"]) == expected
    assert found["count"] == len(expected) > 1
    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)
