"""The API's JSON, byte for byte as main rendered it.

Main rendered every claim and event through DRF's ModelSerializer over
instances with every relation prefetched (`main_claims`, `main_events`
below, copied from main). Each request is made twice on the same data, once
as the code now answers and once with main's rendering patched back in, and
the two bodies must be identical: lists under several filters, sorts and
pages, and details, on the seed fixture, a small generated corpus and the
factories' corpus (evidence citing a sentence, relations both ways, an
unpublished source).
"""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db.models import Count, F, Prefetch
from rest_framework import serializers as drf

from bench.corpus import corpus_generate, parse_scale
from claims.api import serializers, views
from claims.models import (
    Actor,
    Anchor,
    Assessment,
    Claim,
    ClaimRelation,
    Event,
    EventActor,
    Evidence,
    Place,
    Quantity,
    Source,
)
from tests.factories import add_anchor, make_corpus


def main_public_anchors():
    return (
        Anchor.objects.filter(sentence__source__is_published=True)
        .select_related("sentence__source")
        .defer("sentence__source__text", "sentence__source__raw")
        .order_by("pk")
    )


def main_claims():
    """ClaimViewSet.get_queryset as main had it (opendata.with_claim_details)."""
    claims = Claim.objects.published().defer(
        "search_vector", "attributed_to__description", "first_source__text", "first_source__raw"
    )
    return claims.select_related("attributed_to", "first_source").prefetch_related(
        Prefetch("anchors", queryset=main_public_anchors(), to_attr="public_anchors"),
        *(
            Prefetch(name, queryset=model.objects.all(), to_attr=f"{name}_list")
            for name, model in (
                ("actors", Actor),
                ("places", Place),
                ("events", Event),
                ("quantities", Quantity),
                ("assessments", Assessment),
            )
        ),
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related(
                "anchor__sentence__source", "source", "sentence"
            ).defer(
                "anchor__sentence__source__text",
                "anchor__sentence__source__raw",
                "source__text",
                "source__raw",
            ),
            to_attr="evidence_list",
        ),
        Prefetch(
            "relations_out",
            queryset=ClaimRelation.objects.filter(to_claim__is_published=True),
            to_attr="relations_out_list",
        ),
        Prefetch(
            "relations_in",
            queryset=ClaimRelation.objects.filter(from_claim__is_published=True),
            to_attr="relations_in_list",
        ),
    )


def main_events():
    return (
        Event.objects.select_related("parent")
        .prefetch_related(
            "places", Prefetch("event_actors", queryset=EventActor.objects.select_related("actor"))
        )
        .order_by(F("date_earliest").asc(nulls_last=True), "title", "pk")
    )


def main_get_relations(self, claim):
    return [
        {
            "from_claim": relation.from_claim_id,
            "kind": relation.kind,
            "to_claim": relation.to_claim_id,
        }
        for relation in (*claim.relations_out_list, *claim.relations_in_list)
    ]


def as_main(patch):
    """Main's rendering: the querysets above, DRF's ModelSerializer and ListSerializer."""
    patch.setattr(views.ClaimViewSet, "get_queryset", lambda self: main_claims())
    patch.setattr(views.EventViewSet, "get_queryset", lambda self: main_events())
    for serializer in (serializers.ClaimSerializer, serializers.EventSerializer):
        patch.setattr(serializer, "to_representation", drf.ModelSerializer.to_representation)
        patch.setattr(serializer.Meta, "list_serializer_class", drf.ListSerializer, raising=False)
    patch.setattr(serializers.ClaimSerializer, "get_relations", main_get_relations)


def body(client, url, accept="application/json"):
    caches["pages"].clear()
    response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 200, (url, response.content[:300])
    return response.content


def assert_same_as_main(client, monkeypatch, urls):
    assert urls
    for url in urls:
        now = body(client, url)
        with monkeypatch.context() as patch:
            as_main(patch)
            before = body(client, url)
        assert now == before, url


def _most_linked(queryset, relation):
    ranked = queryset.annotate(n=Count(relation)).order_by("-n", "pk")
    return ranked.values_list("slug", flat=True)[0]


def claim_urls():
    """List pages under several filters, sorts and pages, and the details."""
    word = Claim.objects.published().order_by("pk").first().statement.split()[0]
    lists = [
        "",
        "?status=disputed",
        "?status=supported&status=disputed&kind=quantitative",
        "?sort=oldest&page=2&page_size=2",
        "?sort=reported&page_size=200",
        "?sort=status&page_size=1&page=3",
        f"?q={word}",
        f"?q={word}&sort=relevance&page_size=2",
        f"?actor={_most_linked(Actor.objects, 'claims')}",
        f"?place={_most_linked(Place.objects, 'claims')}",
        f"?event={_most_linked(Event.objects, 'claims')}",
        f"?source={_most_linked(Source.objects.published(), 'anchors')}",
        "?reported_by=1&page_size=5",
        "?since=2016-01-01&until=2017-12-31",
    ]
    urls = [f"/api/v1/claims/{query}" for query in lists]
    # A format suffix reaches the links (api_url) as well.
    first = Claim.objects.published().order_by("pk").first().pk
    urls += ["/api/v1/claims.json?page_size=3", f"/api/v1/claims/{first}.json"]
    urls += [
        f"/api/v1/claims/{pk}/"
        for pk in Claim.objects.published().values_list("pk", flat=True)[:60]
    ]
    return urls


def event_urls():
    urls = ["/api/v1/events/", "/api/v1/events/?page_size=1&page=2", "/api/v1/events/?kind=battle"]
    return urls + [
        f"/api/v1/events/{slug}/" for slug in Event.objects.values_list("slug", flat=True)[:20]
    ]


@pytest.fixture(params=["seed fixture", "generated corpus", "factories"])
def data(request, db):
    if request.param == "seed fixture":
        call_command("loaddata", settings.BASE_DIR / "fixtures" / "seed.json", verbosity=0)
    elif request.param == "generated corpus":
        corpus_generate(scale=parse_scale("small"), seed=1)
    else:
        corpus = make_corpus(editor=request.getfixturevalue("editor"))
        # A second anchor of a public claim, in the unpublished source: not shown.
        add_anchor(corpus["claims"][0], corpus["sources"][2].sentences.get())
    return request.param


def test_it_lists_and_shows_claims_as_main_did(client, data, monkeypatch):
    assert_same_as_main(client, monkeypatch, claim_urls())


def test_it_lists_and_shows_events_as_main_did(client, data, monkeypatch):
    assert_same_as_main(client, monkeypatch, event_urls())


def _per_request(html):
    """The page without its CSP nonce and CSRF token, which change on every request."""
    html = re.sub(rb'nonce="[^"]+"', b'nonce=""', html)
    return re.sub(rb'"csrfToken": "[^"]+"', b'"csrfToken": ""', html)


def test_the_browsable_api_shows_the_same_claims(client, data, monkeypatch):
    url = "/api/v1/claims/?status=supported&page_size=5"
    now = body(client, url, accept="text/html")
    with monkeypatch.context() as patch:
        as_main(patch)
        before = body(client, url, accept="text/html")
    assert b"csrfToken" in now
    assert _per_request(now) == _per_request(before)


def test_the_schema_describes_claims_and_events_as_main_did(client, db):
    # drf-spectacular takes a serializer's description from its first
    # docstring up the classes: the lean path's base must not lend it one.
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    components = response.json()["components"]["schemas"]
    assert "description" not in components["Claim"]
    assert "description" not in components["Event"]
    assert set(components["Claim"]["properties"]) == set(serializers.ClaimSerializer.Meta.fields)
