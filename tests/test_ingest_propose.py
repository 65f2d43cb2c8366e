"""claims/ingest/propose.py: body sentences cut into suggested claims, with kinds and reasons."""

import pytest

from claims.ingest.propose import clause_spans, propose_claims
from claims.ingest.quantities import suggest_quantities
from claims.ingest.segment import segment
from claims.ingest.suggest import Dictionary, suggest_mentions


def propose(text, entities=None):
    sentences = segment(text)
    mentions = suggest_mentions(text, sentences, entities=entities or Dictionary(), gazetteer=False)
    quantities = [(s.index, q) for s in sentences for q in suggest_quantities(s.text, s.start)]
    return propose_claims(text, sentences, mentions=mentions, quantities=quantities)


def quotes(text):
    return [text[s:e] for s, e in clause_spans(text, 0, len(text))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The group is large; it is poorly armed.",
            ["The group is large", "it is poorly armed"],
        ),
        (
            "The town of Al-Bab is located 40 km northeast of Aleppo and was an important town.",
            ["The town of Al-Bab is located 40 km northeast of Aleppo", "was an important town"],
        ),
        (
            "Some drones have been modified to launch explosives, but they did not work well.",
            ["Some drones have been modified to launch explosives", "but they did not work well"],
        ),
        (
            "The offensive began in September, supported by 2,000 rebels from the north.",
            ["The offensive began in September", "supported by 2,000 rebels from the north"],
        ),
        ("It fell, and so did the town.", ["It fell, and so did the town"]),  # too short to cut
    ],
)
def test_it_cuts_sentences_into_clauses_where_editors_do(sentence, expected):
    assert quotes(sentence) == expected


def test_every_quote_is_the_text_at_its_offsets_inside_its_sentence():
    text = "Over 5,000 fighters defended it; the siege lasted months.\n\nTurkey said it would win."
    sentences = {s.index: s for s in segment(text)}
    for claim in propose(text):
        sentence = sentences[claim.sentence]
        assert sentence.start <= claim.start < claim.end <= sentence.end
        assert text[claim.start : claim.end] == claim.exact


@pytest.mark.parametrize(
    ("text", "kind", "cue"),
    [
        ("The SDF has 10,000 fighters in the region.", "quantitative", "“10,000 fighters”"),
        ("Hundreds of drones were procured by the group.", "quantitative", "“Hundreds of drones”"),
        ("The SDF will attack the town in spring.", "prediction", "“will”"),
        ("The talks are likely to fail again this week.", "prediction", "“are likely to”"),
        ("Turkey said the border was closed again.", "attribution", "speaker “Turkey”"),
        (
            "According to the ministry, the border was closed.",
            "attribution",
            "speaker “the ministry”",
        ),
        ("The counterattacks are extremely well prepared.", "opinion", "“extremely”"),
        ("In my opinion the offensive was a mistake.", "opinion", "“In my opinion”"),
        ("The SDF crossed the Euphrates in March 2017.", "factual", "no other cue"),
        ("They fought there for three years in all.", "factual", "no other cue"),
        ("It happened in May near the northern border.", "factual", "no other cue"),
        ("The town could no longer be supplied by road.", "factual", "no other cue"),
    ],
)
def test_it_gives_each_clause_a_kind_and_the_cue_that_decided_it(text, kind, cue):
    (claim,) = propose(text)
    assert claim.kind == kind
    assert cue in claim.reason


def test_an_attribution_names_its_speaker_actor_and_the_claim_its_actors_and_quantities():
    entities = Dictionary()
    entities.add("Turkey", ("actor", 7, "Turkey", False))
    entities.add("Al-Bab", ("place", 3, "Al-Bab", False))
    (claim,) = propose("Turkey says 2,000 rebels took Al-Bab.", entities)

    assert (claim.kind, claim.speaker_id) == ("attribution", 7)
    assert (claim.actor_ids, claim.place_ids) == ((7,), (3,))
    assert [q["text"] for q in claim.quantities] == ["2,000 rebels"]
    assert "names Turkey, Al-Bab" in claim.reason


def test_headings_and_fragments_are_not_proposed():
    text = "Deir ez-Zor\n\nThe siege of the city went on for three years.\n\nRead more."
    assert [c.exact for c in propose(text)] == ["The siege of the city went on for three years"]
