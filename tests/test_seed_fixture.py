"""fixtures/seed.json, as `make run` loads it: the first article, completely modelled."""

import json
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Q

from claims.models import (
    Actor,
    Anchor,
    Claim,
    ClaimRelation,
    Event,
    EvidenceStatus,
    Mention,
    Place,
    Quantity,
    Sentence,
    Source,
)
from curation.curation import DEMO_PREFIX, curation_plan, curation_read

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
CURATION = Path(settings.BASE_DIR) / "fixtures" / "curation" / "seed.yaml"


@pytest.fixture
def seed(db):
    call_command("loaddata", FIXTURE, verbosity=0)
    return Source.objects.get()


def _dump():
    out = StringIO()
    call_command("dumpdata", "claims", stdout=out)
    return out.getvalue()


def test_it_holds_the_article_with_its_metadata_and_sentences(seed):
    assert seed.title == "Evidence of Secret Cooperation between Putin and Trump?"
    assert str(seed.published_on) == "2017-02-15"
    assert list(seed.contributors.values_list("name", "role")) == [
        ("Valentin Vasilescu", "author"),
        ("Alice Decker", "translator"),
    ]
    sentences = list(seed.sentences.all())
    assert sentences[0].text.startswith("So far no deal has not been officially acknowledged")
    assert sentences[-1].text.endswith("for the fight against Islamic State.")
    assert all(s.text == seed.text[s.start : s.end] for s in sentences)
    assert [s.index for s in sentences] == list(range(1, len(sentences) + 1))


def test_it_anchors_every_claim_to_its_exact_text(seed):
    claims = Claim.objects.annotate(n=Count("anchors"))
    assert claims.count() >= 100
    assert not claims.filter(n=0).exists()
    for anchor in Anchor.objects.select_related("sentence"):
        assert anchor.exact == seed.text[anchor.start : anchor.end]
        assert anchor.sentence.start <= anchor.start < anchor.end <= anchor.sentence.end
        assert anchor.prefix == seed.text[max(0, anchor.start - 32) : anchor.start]


def test_it_has_a_claim_for_every_body_sentence(seed):
    uncovered = Sentence.objects.filter(kind="body", anchors__isnull=True)
    assert list(uncovered) == []
    assert Sentence.objects.filter(kind="heading").count() >= 1


def test_it_records_every_kind_of_claim_with_a_statement(seed):
    kinds = set(Claim.objects.values_list("kind", flat=True))
    assert kinds == {"factual", "quantitative", "attribution", "opinion", "prediction"}
    assert not Claim.objects.filter(statement="").exists()
    attribution = Claim.objects.filter(kind="attribution")
    assert not attribution.filter(attributed_to__isnull=True).exists()


def test_it_mentions_every_actor_and_place_where_the_text_names_them(seed):
    unmentioned = Actor.objects.exclude(mentions__status="confirmed")
    assert list(unmentioned) == []
    assert list(Place.objects.exclude(mentions__status="confirmed")) == []
    assert not Mention.objects.filter(status="suggested").exists()
    for mention in Mention.objects.confirmed().select_related("actor", "place"):
        entity = mention.actor or mention.place
        assert mention.surface == seed.text[mention.start : mention.end]
        assert mention.surface in set(entity.aliases.values_list("name", flat=True))


def test_it_gives_actors_and_places_their_place_in_the_hierarchy(seed):
    def parent(model, slug):
        return model.objects.get(slug=slug).parent.slug

    assert parent(Actor, "ypg") == "syrian-democratic-forces"
    assert parent(Actor, "tiger-forces") == "syrian-army"
    assert parent(Actor, "101st-airborne-division") == "us-army"
    assert parent(Place, "al-bab") == "aleppo-governorate"
    islamic_state = Actor.objects.get(slug="islamic-state")
    assert set(islamic_state.aliases.values_list("name", flat=True)) == {"IS", "Islamic State"}
    deir_ez_zor = Place.objects.get(slug="deir-ez-zor")
    assert {"Deir ez-Zor", "Deir ez Zor"} <= set(deir_ez_zor.aliases.values_list("name", flat=True))


def test_it_locates_every_place_exactly_or_says_how_roughly(seed):
    assert not Place.objects.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True)).exists()
    exact = Place.objects.filter(geo_precision="exact")
    assert not exact.filter(geonames_id__isnull=True).exists()
    assert Place.objects.get(slug="palmyra").geonames_id == 163808
    approximate = Place.objects.exclude(geo_precision="exact")
    assert set(approximate.values_list("geo_precision", flat=True)) <= {"centroid", "near"}


def test_it_dates_every_event_and_links_the_claims_that_report_it(seed):
    events = Event.objects.annotate(claims_count=Count("claims"))
    assert events.count() >= 15
    for event in events:
        assert event.date_precision != "unknown", event
        assert event.date_earliest or event.date_latest, event
        assert event.date_text, event
        assert event.claims_count >= 1, event
    battle = Event.objects.get(slug="islamic-state-defence-of-al-bab")
    assert battle.date_text == "From November 2016 until January 2017"
    assert battle.parent.slug == "turkish-offensive-on-al-bab"
    assert battle.places.get().slug == "al-bab"


def test_it_keeps_the_numbers_claims_rest_on(seed):
    assert Quantity.objects.count() >= 30
    for quantity in Quantity.objects.prefetch_related("claim__anchors"):
        assert quantity.text in quantity.claim.anchors.get().exact
    troops = Quantity.objects.get(text="1,300 troops")
    assert (troops.value, troops.unit, troops.qualifier) == (1300, "troops", "exact")
    assert Quantity.objects.get(text="five to eight km").value_max == 8


def test_it_demonstrates_assessments_on_a_third_of_the_claims(seed):
    claims = Claim.objects.prefetch_related("assessments")
    assessed = [c for c in claims if c.status != EvidenceStatus.UNASSESSED]
    assert len(assessed) * 3 >= claims.count()
    for claim in claims:
        history = list(claim.assessments.all())
        assert claim.status == (history[-1].status if history else EvidenceStatus.UNASSESSED)
        assert all(a.rationale.startswith(DEMO_PREFIX) for a in history)
        if claim.kind in ("opinion", "prediction"):
            assert claim.status == EvidenceStatus.NOT_CHECKABLE, claim
    al_bab = Claim.objects.get(statement__contains="last territory in Aleppo governorate")
    assert al_bab.status == EvidenceStatus.REFUTED
    assert "23 February 2017" in al_bab.assessments.get().rationale


def test_it_models_the_thesis_and_the_claims_offered_for_it(seed):
    thesis = Claim.objects.get(statement__startswith="Putin and Trump are secretly cooperating")
    support = ClaimRelation.objects.filter(to_claim=thesis, kind="supports")
    assert support.count() >= 8
    assert thesis.anchors.get().sentence.index == 2


def test_it_loads_twice_without_changing_anything(seed):
    first = _dump()
    call_command("loaddata", FIXTURE, verbosity=0)
    assert _dump() == first


def test_the_fixture_names_no_user():
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    user_fields = {"created_by", "imported_by", "editor", "reviewed_by", "added_by"}
    assert all(obj["fields"].get(name) is None for obj in objects for name in user_fields)
    assert {obj["model"].split(".")[0] for obj in objects} == {"claims"}


def test_the_curation_fits_the_article_body():
    """Every quote, alias and override of the curation is found in the stored text."""
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    text = next(o["fields"]["text"] for o in objects if o["model"] == "claims.source")
    sentences = [
        SimpleNamespace(
            index=f["index"], start=f["start"], end=f["end"], kind=f["kind"], text=f["text"]
        )
        for f in (o["fields"] for o in objects if o["model"] == "claims.sentence")
    ]
    curation = curation_read(CURATION)

    plan = curation_plan(curation, text, sentences)

    assert len(plan.claims) == sum(1 for o in objects if o["model"] == "claims.claim")
    for planned in plan.claims:
        assert text[planned.start : planned.end] == planned.data["quote"]
