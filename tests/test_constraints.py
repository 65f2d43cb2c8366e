"""Every invariant that can be a database constraint is one: bad rows are
refused by the database itself, on SQLite and PostgreSQL alike."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import (
    Actor,
    Anchor,
    Assessment,
    Claim,
    ClaimRelation,
    Contributor,
    Event,
    EventActor,
    Evidence,
    Mention,
    Place,
    Quantity,
    Sentence,
    Source,
)
from tests.factories import make_actor, make_claim, make_event, make_place, make_source

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.fixture
def sentence(source):
    return source.sentences.get(index=1)


@pytest.fixture
def claim(sentence):
    return make_claim(sentence)


def test_it_refuses_a_second_source_with_the_same_text_hash(source):
    refused(
        lambda: Source.objects.create(
            slug="other", title="Other", text="x", content_sha256=source.content_sha256
        )
    )


def test_it_refuses_an_empty_source_text():
    refused(lambda: Source.objects.create(slug="e", title="E", text="", content_sha256="0" * 64))


def test_it_refuses_an_unknown_date_precision():
    refused(
        lambda: Source.objects.create(
            slug="p", title="P", text="t", content_sha256="1" * 64, date_precision="decade"
        )
    )


def test_it_refuses_a_duplicate_sentence_index(sentence):
    refused(
        lambda: Sentence.objects.create(
            source=sentence.source, index=1, paragraph=1, start=0, end=3, text="The"
        )
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"start": 5, "end": 5},
        {"start": 6, "end": 2},
        {"index": 0},
        {"paragraph": 0},
        {"kind": "footnote"},
    ],
)
def test_it_refuses_an_invalid_sentence(source, fields):
    values = {"source": source, "index": 99, "paragraph": 1, "start": 0, "end": 3, "text": "The"}
    values.update(fields)
    refused(lambda: Sentence.objects.create(**values))


def test_it_refuses_a_duplicate_contributor_role(source):
    Contributor.objects.create(source=source, name="Alice Decker", role="translator")
    refused(
        lambda: Contributor.objects.create(source=source, name="Alice Decker", role="translator")
    )


def test_it_refuses_an_unknown_contributor_role(source):
    refused(lambda: Contributor.objects.create(source=source, name="X", role="illustrator"))


def test_it_refuses_an_actor_that_is_its_own_parent():
    actor = make_actor("SDF")
    actor.parent = actor
    refused(actor.save)


def test_it_refuses_an_unknown_actor_kind():
    refused(lambda: Actor.objects.create(name="X", slug="x", kind="tribe"))


def test_it_refuses_duplicate_slugs_and_aliases():
    make_actor("YPG", slug="ypg", aliases=["YPG"])
    refused(lambda: Actor.objects.create(name="YPG 2", slug="ypg"))
    actor = Actor.objects.get(slug="ypg")
    refused(lambda: actor.aliases.create(name="YPG"))


@pytest.mark.parametrize(
    "coordinates", [{"latitude": 91, "longitude": 0}, {"latitude": 0, "longitude": 181}]
)
def test_it_refuses_coordinates_off_the_globe(coordinates):
    refused(lambda: Place.objects.create(name="Nowhere", slug="nowhere", **coordinates))


def test_it_refuses_a_place_with_only_one_coordinate_out_of_range():
    refused(lambda: Place.objects.create(name="Half", slug="half", latitude=-95))


def test_it_refuses_a_place_that_is_its_own_parent():
    place = make_place()
    place.parent = place
    refused(place.save)


def test_it_refuses_a_mention_of_both_an_actor_and_a_place(sentence):
    refused(
        lambda: Mention.objects.create(
            sentence=sentence, start=0, end=3, surface="The", actor=make_actor(), place=make_place()
        )
    )


def test_it_refuses_a_confirmed_mention_of_nothing(sentence):
    refused(
        lambda: Mention.objects.create(
            sentence=sentence, start=0, end=3, surface="The", status="confirmed"
        )
    )


def test_it_keeps_a_gazetteer_candidate_without_an_entity_while_suggested(sentence):
    mention = Mention.objects.create(
        sentence=sentence,
        start=12,
        end=18,
        surface="Al-Bab",
        origin="gazetteer",
        candidate={"name": "Al-Bab", "geonames_id": 171079},
    )
    assert mention.status == "suggested"


def test_it_refuses_an_empty_mention_span(sentence):
    refused(
        lambda: Mention.objects.create(
            sentence=sentence, start=4, end=4, surface="", actor=make_actor()
        )
    )


def test_it_refuses_event_dates_in_the_wrong_order():
    import datetime

    refused(
        lambda: Event.objects.create(
            title="Backwards",
            slug="backwards",
            date_earliest=datetime.date(2017, 2, 1),
            date_latest=datetime.date(2016, 9, 1),
        )
    )


def test_it_refuses_an_unknown_event_role():
    event, actor = make_event(), make_actor()
    refused(lambda: EventActor.objects.create(event=event, actor=actor, role="bystander"))


def test_it_refuses_the_same_actor_role_twice_in_an_event():
    event, actor = make_event(), make_actor()
    EventActor.objects.create(event=event, actor=actor, role="initiator")
    refused(lambda: EventActor.objects.create(event=event, actor=actor, role="initiator"))


@pytest.mark.parametrize("fields", [{"status": "true"}, {"kind": "rumour"}, {"statement": ""}])
def test_it_refuses_an_invalid_claim(fields):
    values = {"statement": "Something happened."}
    values.update(fields)
    refused(lambda: Claim.objects.create(**values))


def test_it_refuses_an_empty_anchor_span(claim, sentence):
    refused(
        lambda: Anchor.objects.create(
            claim=claim, sentence=sentence, source=sentence.source, start=9, end=9, exact=""
        )
    )


def test_it_refuses_an_inverted_quantity_range(claim):
    refused(lambda: Quantity.objects.create(claim=claim, text="8–15 km", value=15, value_max=8))


def test_it_refuses_an_assessment_without_rationale(claim):
    refused(lambda: Assessment.objects.create(claim=claim, status="refuted", rationale=""))


def test_it_refuses_an_unknown_assessment_status(claim):
    refused(lambda: Assessment.objects.create(claim=claim, status="false", rationale="r"))


def test_it_never_changes_or_deletes_an_assessment(claim):
    assessment = Assessment.objects.create(claim=claim, status="refuted", rationale="Because.")
    assessment.rationale = "Rewritten"
    with pytest.raises(TypeError):
        assessment.save()
    with pytest.raises(TypeError):
        assessment.delete()
    with pytest.raises(TypeError):
        Assessment.objects.all().delete()
    with pytest.raises(TypeError):
        Assessment.objects.update(rationale="x")
    assert Assessment.objects.get().rationale == "Because."


def test_it_refuses_evidence_that_points_at_nothing(claim):
    refused(lambda: Evidence.objects.create(claim=claim, stance="supports"))


def test_it_refuses_a_cited_sentence_without_its_words_or_its_source(claim):
    other = make_source([["Elsewhere, Al-Bab fell."]])
    cited = other.sentences.get()
    refused(lambda: Evidence.objects.create(claim=claim, stance="supports", sentence=cited))
    refused(lambda: Evidence.objects.create(claim=claim, stance="supports", source=other, quote=""))
    refused(
        lambda: Evidence.objects.create(
            claim=claim, stance="supports", quote=cited.text, title="Words without a source"
        )
    )
    # With its source and words it stands, even once the sentence is gone.
    Evidence.objects.create(claim=claim, stance="supports", source=other, quote=cited.text)


def test_it_refuses_a_claim_related_to_itself(claim):
    refused(lambda: ClaimRelation.objects.create(from_claim=claim, to_claim=claim, kind="supports"))


def test_it_refuses_a_duplicate_relation(claim, sentence):
    other = make_claim(sentence, "Al-Bab")
    ClaimRelation.objects.create(from_claim=other, to_claim=claim, kind="supports")
    refused(lambda: ClaimRelation.objects.create(from_claim=other, to_claim=claim, kind="supports"))


def test_it_accepts_well_formed_data_across_the_model(claim, sentence):
    """The constraints above do not refuse ordinary data."""
    place = make_place(latitude=36.37, longitude=37.52, geo_precision="exact")
    actor = make_actor(aliases=["IS"])
    Mention.objects.create(
        sentence=sentence, start=12, end=18, surface="Al-Bab", place=place, status="confirmed"
    )
    Quantity.objects.create(claim=claim, text="40 km", value=40, unit="km")
    Evidence.objects.create(claim=claim, stance="context", title="A named report")
    claim.actors.add(actor)
    assert claim.quantities.count() == 1 and place.mentions.count() == 1


def test_sources_factory_offsets_round_trip():
    source = make_source([["One.", "Two."], ["Three."]])
    for sentence in source.sentences.all():
        assert source.text[sentence.start : sentence.end] == sentence.text
