from datetime import date
from types import SimpleNamespace

import pytest

from claims.models import Claim, ClaimRelation, Event, Mention, Place
from curation.curation import (
    CurationError,
    curation_apply,
    curation_entities_create,
    curation_plan,
    curation_read,
)
from tests.factories import make_source

SENTENCES = [
    "IS fighters held Al-Bab, which is 40 km from Aleppo.",
    "The Islamic State lost it in 2017, says Turkey.",
    "US troops and the US Army Special Forces advised the SDF.",
]


def _article(sentences=SENTENCES):
    text, spans = "", []
    for index, sentence in enumerate(sentences, start=1):
        if text:
            text += " "
        spans.append(
            SimpleNamespace(
                index=index, start=len(text), end=len(text) + len(sentence), kind="body"
            )
        )
        text += sentence
    for span in spans:
        span.text = text[span.start : span.end]
    return text, spans


def _curation(**changes):
    curation = {
        "actors": [
            {"slug": "is", "name": "Islamic State", "kind": "armed_group",
             "aliases": ["IS", "Islamic State"]},
            {"slug": "turkey", "name": "Turkey", "kind": "state", "aliases": ["Turkey"]},
            {"slug": "us", "name": "United States", "kind": "state", "aliases": ["US"]},
            {"slug": "us-army", "name": "US Army", "kind": "military_unit", "parent": "us",
             "aliases": ["US Army"]},
            {"slug": "usasf", "name": "US Army Special Forces", "kind": "military_unit",
             "parent": "us-army", "aliases": ["US Army Special Forces"]},
            {"slug": "sdf", "name": "SDF", "kind": "armed_group", "aliases": ["SDF"]},
        ],
        "places": [
            {"slug": "al-bab", "name": "Al-Bab", "kind": "settlement", "geonames_id": 174018,
             "aliases": ["Al-Bab"]},
            {"slug": "aleppo", "name": "Aleppo", "kind": "settlement", "latitude": 36.2,
             "longitude": 37.2, "geo_precision": "near", "aliases": ["Aleppo"]},
        ],
        "mention_overrides": [
            {"within": "the US Army Special Forces", "surface": "US Army",
             "entity": "actor:us-army"},
        ],
        "events": [
            {"slug": "fall-of-al-bab", "title": "Fall of Al-Bab", "kind": "battle",
             "date_earliest": date(2017, 1, 1), "date_latest": date(2017, 12, 31),
             "date_precision": "year", "date_text": "in 2017", "places": ["al-bab"],
             "actors": {"is": "target"}},
        ],
        "claims": [
            {"key": "held", "quote": "IS fighters held Al-Bab", "statement": "IS held Al-Bab.",
             "kind": "factual",
             "assessment": {"status": "supported", "rationale": "Demo assessment: yes."}},
            {"key": "distance", "quote": "40 km from Aleppo", "statement": "Al-Bab is 40 km "
             "from Aleppo.", "kind": "quantitative", "places": ["al-bab"],
             "quantities": [{"text": "40 km", "value": 40, "unit": "km"}]},
            {"key": "lost", "quote": "The Islamic State lost it in 2017", "statement": "IS lost "
             "Al-Bab in 2017.", "kind": "factual", "places": ["al-bab"],
             "events": ["fall-of-al-bab"]},
            {"key": "says", "quote": "says Turkey", "statement": "Turkey says so.",
             "kind": "attribution", "attributed_to": "turkey"},
            {"key": "advised", "quote": "US troops and the US Army Special Forces advised the "
             "SDF", "statement": "US forces advised the SDF.", "kind": "factual",
             "assessment": {"status": "supported", "rationale": "Demo assessment: they did."}},
        ],
        "relations": [["held", "supports", "lost"]],
    }  # fmt: skip
    curation.update(changes)
    return curation


def _problems(curation, article=None):
    text, sentences = article or _article()
    with pytest.raises(CurationError) as raised:
        curation_plan(curation, text, sentences)
    return raised.value.problems


def test_it_finds_claims_by_their_quotes_and_entities_by_their_aliases():
    text, sentences = _article()
    plan = curation_plan(_curation(), text, sentences)

    held = plan.claims[0]
    assert text[held.start : held.end] == "IS fighters held Al-Bab"
    assert (held.sentence, held.actors, held.places) == (1, ["is"], ["al-bab"])
    # The claim's own mentions plus the ones it lists, each once.
    assert plan.claims[1].places == ["aleppo", "al-bab"]
    mentions = [(m.surface, m.entity[1], m.origin) for m in plan.mentions]
    # Whole words, case-sensitive: "is" in "which is 40 km" is not the Islamic State.
    assert ("IS", "is", "alias") in mentions
    assert [m for m in mentions if m[0] == "is"] == []
    # The longest name wins; the override adds the army nested inside it.
    assert ("US Army Special Forces", "usasf", "alias") in mentions
    assert ("US Army", "us-army", "manual") in mentions
    assert sum(1 for m in mentions if m[1] == "us") == 1


def test_it_takes_coordinates_from_the_gazetteer_and_marks_approximate_ones():
    text, sentences = _article()
    plan = curation_plan(_curation(), text, sentences)

    al_bab, aleppo = plan.places["al-bab"], plan.places["aleppo"]
    assert (al_bab["latitude"], al_bab["longitude"]) == (36.37051, 37.5157)
    assert (al_bab["geo_precision"], al_bab["country_code"]) == ("exact", "SY")
    assert (aleppo["latitude"], aleppo["geo_precision"]) == (36.2, "near")


def test_it_lists_every_problem_at_once():
    curation = _curation()
    curation["claims"][0]["quote"] = "IS fighters held Aleppo"  # not in the text
    curation["claims"][1]["kind"] = "opinion"
    curation["claims"][1]["assessment"] = {"status": "supported", "rationale": "It is."}
    curation["actors"][0]["aliases"].append("ISIS")
    curation["places"][0]["latitude"] = 36.0
    curation["places"][1]["geo_precision"] = "exact"
    curation["relations"].append(["held", "refutes", "nobody"])

    problems = _problems(curation)

    assert "claim held: the quote is not in the text: “IS fighters held Aleppo”" in problems
    assert "claim distance: an opinion can only be assessed not_checkable" in problems
    assert "claim distance: a demo rationale starts with “Demo assessment:”" in problems
    assert "actor is: the alias “ISIS” is not used in the text" in problems
    assert any(p.startswith("place al-bab: the gazetteer has coordinates") for p in problems)
    assert "place aleppo: approximate coordinates need geo_precision centroid or near" in problems
    assert any(p.startswith("relation ['held', 'refutes', 'nobody']: kind") for p in problems)
    assert "relation ['held', 'refutes', 'nobody']: no claim “nobody”" in problems


def test_it_requires_a_claim_for_every_sentence_and_a_report_for_every_event():
    curation = _curation()
    curation["claims"] = [c for c in curation["claims"] if c["key"] not in ("lost", "says")]
    curation["relations"] = []

    problems = _problems(curation)

    assert "sentence 2 has no claim: “The Islamic State lost it in 2017, says Turkey.”" in problems
    assert "event fall-of-al-bab is reported by no claim" in problems


def test_it_refuses_an_ambiguous_quote_unless_told_which():
    text, sentences = _article([*SENTENCES, "IS fighters held Al-Bab again."])
    curation = _curation()
    curation["claims"].append(
        {"key": "again", "quote": "held Al-Bab again", "statement": "Again.", "kind": "factual"}
    )
    assert "claim held: the quote occurs 2 times; give `occurrence`" in _problems(
        curation, (text, sentences)
    )

    curation["claims"][0]["occurrence"] = 2
    plan = curation_plan(curation, text, sentences)
    assert plan.claims[0].sentence == 4


def test_it_needs_an_entity_for_each_shared_alias():
    text, sentences = _article([*SENTENCES, "The US agreed."])
    curation = _curation()
    curation["claims"].append(
        {"key": "agreed", "quote": "The US agreed", "statement": "Agreed.", "kind": "factual"}
    )
    curation["places"].append(
        {"slug": "usa", "name": "United States", "kind": "country", "latitude": 39.8,
         "longitude": -98.5, "geo_precision": "centroid", "aliases": ["US"]}
    )  # fmt: skip

    problems = _problems(curation, (text, sentences))
    assert "“US” is an alias of actor:us, place:usa: say in alias_defaults which" in problems

    curation["alias_defaults"] = {"US": "actor:us"}
    assert "place usa is never mentioned in the text" in _problems(curation, (text, sentences))

    curation["mention_overrides"].append(
        {"within": "US troops", "surface": "US", "entity": "place:usa"}
    )
    plan = curation_plan(curation, text, sentences)
    assert [(m.sentence, m.entity) for m in plan.mentions if m.surface == "US"] == [
        (3, ("place", "usa")),
        (4, ("actor", "us")),
    ]


def test_it_reports_a_curation_file_that_is_not_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("actors: [unclosed\n", encoding="utf-8")
    with pytest.raises(CurationError, match="is not valid YAML"):
        curation_read(path)
    with pytest.raises(CurationError, match="cannot read"):
        curation_read(tmp_path / "missing.yaml")


@pytest.mark.django_db
def test_it_writes_the_plan_through_the_services():
    source = make_source([SENTENCES])
    sentences = list(source.sentences.all())
    plan = curation_plan(_curation(), source.text, sentences)

    curation_entities_create(plan=plan)
    claims = curation_apply(plan=plan, source=source)

    held = claims["held"]
    anchor = held.anchors.get()
    assert anchor.exact == source.text[anchor.start : anchor.end] == "IS fighters held Al-Bab"
    assert held.status == "supported"
    assert held.assessments.get().rationale == "Demo assessment: yes."
    assert claims["says"].attributed_to.slug == "turkey"
    assert claims["distance"].quantities.get().text == "40 km"
    assert list(claims["lost"].events.values_list("slug", flat=True)) == ["fall-of-al-bab"]
    assert ClaimRelation.objects.get().from_claim == held
    assert Claim.objects.filter(status="unassessed").count() == 3
    assert Place.objects.get(slug="al-bab").geonames_id == 174018
    assert Event.objects.get().event_actors.get().role == "target"
    mentions = Mention.objects.filter(sentence__source=source)
    assert mentions.filter(status="confirmed").count() == len(plan.mentions)
    assert {m.surface for m in mentions} >= {"IS", "Al-Bab", "US Army", "SDF"}
    assert all(m.surface == source.text[m.start : m.end] for m in mentions)


@pytest.mark.django_db
def test_it_rejects_the_suggestions_the_plan_does_not_confirm():
    source = make_source([SENTENCES])
    plan = curation_plan(_curation(), source.text, list(source.sentences.all()))
    curation_entities_create(plan=plan)
    first = source.sentences.get(index=1)
    wrong = Mention.objects.create(
        sentence=first, start=first.start, end=first.start + 2, surface="IS",
        place=Place.objects.get(slug="aleppo"), origin="alias",
    )  # fmt: skip

    curation_apply(plan=plan, source=source)

    wrong.refresh_from_db()
    assert wrong.status == "rejected"
    confirmed = Mention.objects.get(sentence=first, start=first.start, status="confirmed")
    assert confirmed.actor.slug == "is"
