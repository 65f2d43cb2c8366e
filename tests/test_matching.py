"""claims.matching: candidates from other sources, ranked, with contradictions flagged."""

import pytest

from claims import matching
from tests.factories import make_actor, make_claim, make_event, make_place, make_source

pytestmark = pytest.mark.django_db


def _claim(sentence_text, **fields):
    source = make_source([[sentence_text]], **fields.pop("source_fields", {}))
    return make_claim(source.sentences.get(), **fields)


def test_it_finds_a_paraphrase_in_another_source_first():
    original = _claim("About 500 U.S. special forces are deployed in Syria.")
    paraphrase = _claim("Some 500 US special forces are now deployed in Syria, officials said.")
    unrelated = _claim("The harvest in the north was poor this year.")
    found = [c.claim_id for c in matching.claim_candidates(original)]
    assert found[0] == paraphrase.pk
    assert unrelated.pk not in found


def test_claims_of_the_same_source_are_never_candidates():
    source = make_source(
        [
            [
                "About 500 U.S. special forces are in Syria.",
                "About 500 U.S. special forces are in Syria.",
            ]
        ]
    )
    first, second = (make_claim(s) for s in source.sentences.order_by("index"))
    assert matching.claim_candidates(first) == []
    elsewhere = _claim("About 500 U.S. special forces are in Syria.")
    assert [c.claim_id for c in matching.claim_candidates(first)] == [elsewhere.pk]
    # From the other source, both are.
    assert {c.claim_id for c in matching.claim_candidates(elsewhere)} == {first.pk, second.pk}


def test_a_negated_claim_says_the_opposite():
    said = _claim("Turkish troops entered the town of Al-Bab in February.")
    denied = _claim("Turkish troops did not enter the town of Al-Bab in February.")
    (found,) = matching.claim_candidates(said)
    assert found.claim_id == denied.pk
    assert found.stance == "opposite"
    assert found.shares["opposite"] == ["one of them is negated"]


def test_a_different_quantity_of_the_same_unit_says_the_opposite():
    few = _claim(
        "About 500 U.S. special forces are in Syria.",
        quantities=[{"text": "About 500", "value": 500, "unit": "troops", "qualifier": "about"}],
    )
    many = _claim(
        "About 2,000 U.S. special forces are in Syria.",
        quantities=[{"text": "About 2,000", "value": 2000, "unit": "troops", "qualifier": "about"}],
    )
    (found,) = matching.claim_candidates(few)
    assert found.claim_id == many.pk
    assert found.stance == "opposite"
    assert "500 against 2,000 troops" in found.shares["opposite"]


def test_close_quantities_agree():
    a = _claim(
        "About 500 U.S. special forces are in Syria.",
        quantities=[{"text": "500", "value": 500, "unit": "troops"}],
    )
    _claim(
        "Roughly 520 U.S. special forces are in Syria.",
        quantities=[{"text": "520", "value": 520, "unit": "troop"}],
    )
    (found,) = matching.claim_candidates(a)
    assert found.stance == "same"
    assert found.shares["quantities"] == 1


def test_shared_actors_places_and_events_raise_the_score_and_are_named():
    isis, al_bab, battle = make_actor(), make_place(), make_event()
    target = _claim("Fighters left the town at dawn.", actors=[isis], places=[al_bab])
    linked = _claim(
        "Fighters left the town before dawn.", actors=[isis], places=[al_bab], events=[battle]
    )
    bare = _claim("Fighters left the town before dawn!")
    found = {c.claim_id: c for c in matching.claim_candidates(target)}
    assert found[linked.pk].score > found[bare.pk].score
    assert found[linked.pk].shares["actors"] == [isis.pk]
    assert found[linked.pk].shares["places"] == [al_bab.pk]


def test_a_claim_linked_to_the_same_event_ranks_above_the_same_words_without_it():
    battle = make_event()
    target = _claim("The offensive began in November.", events=[battle])
    other = _claim("The offensive was launched in November.", events=[battle])
    bare = _claim("The offensive was launched in November!")
    found = {c.claim_id: c for c in matching.claim_candidates(target)}
    assert list(found) == [other.pk, bare.pk]
    assert found[other.pk].shares["events"] == [battle.pk]


def test_claims_about_other_actors_in_the_same_words_are_not_proposed():
    turkey, russia = make_actor("Turkey"), make_actor("Russia")
    target = _claim("Aircraft from Turkey struck positions near the dam.", actors=[turkey])
    _claim("Aircraft from Russia struck positions near the dam.", actors=[russia])
    assert matching.claim_candidates(target) == []


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Turkey did not confirm it.", True),
        ("Turkey didn't confirm it.", True),
        ("Turkey confirmed it.", False),
        ("No troops were sent.", True),
    ],
)
def test_negation_is_read_from_the_words(text, negated):
    assert matching.is_negated(text) is negated


def test_figures_in_the_words_count_when_no_quantity_is_recorded():
    """Another figure for the troops, the same for the tanks: still the opposite."""
    few = _claim("The offensive on Al-Bab involved 1,300 troops and 50 tanks.")
    many = _claim("The offensive on Al-Bab involved 3,000 troops and 50 tanks.")
    (found,) = matching.claim_candidates(few)
    assert found.claim_id == many.pk
    assert found.stance == "opposite"
    assert found.shares["opposite"] == ["1,300 against 3,000 troops"]
