"""claims/ingest/suggest.py and quantities.py: suggested mentions and quantities."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.ingest.quantities import _one_of, suggest_quantities
from claims.ingest.segment import segment
from claims.ingest.suggest import Dictionary, entity_dictionary, suggest_mentions
from claims.models import Actor, ActorAlias
from tests.factories import make_actor, make_place

pytestmark = pytest.mark.django_db


def mentions(text, **kwargs):
    return suggest_mentions(text, segment(text), **kwargs)


def surfaces(found):
    return [(m.surface, m.label) for m in found]


@pytest.fixture
def entities(db):
    make_actor("Islamic State", aliases=["IS", "ISIS", "Daesh"])
    make_actor("Syrian Democratic Forces", aliases=["SDF"])
    make_actor("Syrian Army", aliases=["Syrian army", "Syrian Arab Army"])
    make_place("Deir ez-Zor", aliases=["Deir ez Zor", "Dayr az-Zawr"], country_code="SY")
    make_place("Al-Bab", aliases=["al-Bab"], country_code="SY")
    make_place("Şanlıurfa", aliases=[], country_code="TR")
    return entity_dictionary()


def test_it_finds_known_actors_and_places_by_alias(entities):
    found = mentions(
        "The SDF and the Syrian army moved on Deir ez-Zor. IS fighters left Al-Bab.",
        entities=entities,
        gazetteer=False,
    )
    assert surfaces(found) == [
        ("SDF", "Syrian Democratic Forces"),
        ("Syrian army", "Syrian Army"),
        ("Deir ez-Zor", "Deir ez-Zor"),
        ("IS", "Islamic State"),
        ("Al-Bab", "Al-Bab"),
    ]
    assert all(m.origin == "alias" and not m.is_candidate for m in found)


@pytest.mark.parametrize(
    "variant",
    [
        "DEIR EZ-ZOR",
        "deir ez zor",
        "Deir-ez-Zor",
        "Deir  ez–Zor",
        "Déir ez-Zôr",
        "Deir\u00a0ez-Zor",
    ],
)
def test_it_matches_across_case_diacritics_hyphens_and_spaces(entities, variant):
    text = f"Troops reached {variant} on Monday."
    found = mentions(text, entities=entities, gazetteer=False)

    assert [(m.surface, m.label) for m in found] == [(variant, "Deir ez-Zor")]
    assert text[found[0].start : found[0].end] == variant


def test_it_matches_a_name_written_with_diacritics_in_the_database(entities):
    found = mentions("Refugees crossed to Sanliurfa.", entities=entities, gazetteer=False)
    assert surfaces(found) == [("Sanliurfa", "Şanlıurfa")]


def test_it_matches_whole_words_only(entities):
    text = "The isle was isolated; the Syrians (SDFs) and Alba were there."
    assert mentions(text, entities=entities, gazetteer=False) == []


def test_it_matches_an_acronym_only_in_capitals(entities):
    found = mentions("This is what IS wants.", entities=entities, gazetteer=False)
    assert surfaces(found) == [("IS", "Islamic State")]


def test_it_matches_before_a_possessive(entities):
    found = mentions("The Islamic State’s defenses held.", entities=entities, gazetteer=False)
    assert surfaces(found) == [("Islamic State", "Islamic State")]


def test_it_prefers_the_longest_match(entities):
    make_actor("Syrian Arab Army Tiger Forces", aliases=["Tiger Forces"])
    found = mentions(
        "The Syrian Arab Army Tiger Forces advanced.", entities=entity_dictionary(), gazetteer=False
    )
    assert surfaces(found) == [("Syrian Arab Army Tiger Forces", "Syrian Arab Army Tiger Forces")]


def test_the_next_import_matches_a_name_added_or_changed_since(entities):
    text = "Daish fighters left. Dawla fighters came."
    assert mentions(text, gazetteer=False) == []

    alias = ActorAlias.objects.create(actor=Actor.objects.get(name="Islamic State"), name="Daish")
    assert surfaces(mentions(text, gazetteer=False)) == [("Daish", "Islamic State")]

    alias.name = "Dawla"  # as long as the old name: no count or length can tell
    alias.save()
    assert surfaces(mentions(text, gazetteer=False)) == [("Dawla", "Islamic State")]


def test_unchanged_names_are_read_in_one_query_and_not_indexed_again(
    entities, django_assert_num_queries
):
    with django_assert_num_queries(1):
        again = entity_dictionary()
    assert again is entities


def test_it_suggests_gazetteer_places_in_the_articles_country():
    text = (
        "Syria's army moved east. The Syrian army retook Palmyra from the Islamic State. "
        "Then it advanced towards Deir ez Zor, 188 km away, and on to Mayadin in Syria."
    )
    found = mentions(text, entities=Dictionary())
    by_surface = {m.surface: m for m in found}

    palmyra = by_surface["Palmyra"].candidate
    assert palmyra["country_code"] == "SY"
    assert palmyra["geonames_id"] == 163808  # Tadmur, not Palmyra in Brazil or the US
    assert 34 < palmyra["latitude"] < 35 and 38 < palmyra["longitude"] < 39
    assert by_surface["Deir ez Zor"].candidate["name"] == "Deir ez-Zor"
    assert by_surface["Mayadin"].candidate["country_code"] == "SY"
    assert by_surface["Syria"].candidate["kind"] == "country"
    places = [m for m in found if m.origin != "name"]
    assert all(m.origin == "gazetteer" and m.is_candidate for m in places)
    assert [m.surface for m in found if m.origin == "name"] == ["Islamic State"]  # a new actor


def test_it_does_not_take_acronyms_names_or_sentence_starts_for_towns():
    text = (
        "The SDF and the APC crews met Vladimir Putin. Even so, Syria said nothing. "
        "Mission accomplished, said the US."
    )
    found = mentions(text, entities=Dictionary())
    assert {m.surface for m in found if m.origin == "gazetteer"} == {"Syria", "US"}
    assert {m.surface for m in found if m.origin == "name"} == {"Vladimir Putin"}


def test_it_prefers_a_known_place_over_the_gazetteer(entities):
    found = mentions("In Syria the army reached Al-Bab.", entities=entities)
    al_bab = [m for m in found if m.surface == "Al-Bab"]

    assert len(al_bab) == 1 and al_bab[0].place_id is not None and not al_bab[0].is_candidate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "about 100 armored vehicles",
            [("about 100 armored vehicles", "100", None, "armored vehicles", "about")],
        ),
        (
            "over 5,000 Islamic State fighters",
            [("over 5,000 Islamic State fighters", "5000", None, "fighters", "over")],
        ),
        (
            "(1,300 troops, 50 tanks, 15 APC)",
            [
                ("1,300 troops", "1300", None, "troops", "exact"),
                ("50 tanks", "50", None, "tanks", "exact"),
                ("15 APC", "15", None, "APC", "exact"),
            ],
        ),
        ("located 188 km from Palmyra", [("188 km", "188", None, "km", "exact")]),
        ("the Talon ($200)", [("$200", "200", None, "USD", "exact")]),
        ("(price US $ 1,000)", [("US $ 1,000", "1000", None, "USD", "exact")]),
        ("a 12.7 mm gun", [("12.7 mm", "12.7", None, "mm", "exact")]),
        ("within 8–15 km of Raqqa", [("8–15 km", "8", "15", "km", "range")]),
        ("five to eight km southwest", [("five to eight km", "5", "8", "km", "range")]),
        (
            "at least two mechanized brigades",
            [("at least two mechanized brigades", "2", None, "mechanized brigades", "at_least")],
        ),
        ("up to 3,000 people", [("up to 3,000 people", "3000", None, "people", "up_to")]),
        ("hundreds of drones", [("hundreds of drones", "200", "999", "drones", "range")]),
        ("2.5 million dollars", [("2.5 million dollars", "2500000", None, "USD", "exact")]),
        ("45% of them", [("45%", "45", None, "%", "exact")]),
    ],
)
def test_it_suggests_quantities_with_value_unit_and_qualifier(text, expected):
    found = suggest_quantities(text)

    assert [(q.text, q.value, q.value_max, q.unit, q.qualifier) for q in found] == [
        (t, Decimal(v), Decimal(m) if m else None, u, ql) for t, v, m, u, ql in expected
    ]
    assert all(text[q.start : q.end] == q.text for q in found)


@pytest.mark.parametrize(
    "text",
    [
        "It began in September 2016 and ended in 2017.",
        "the 104 Airborne Brigade and the 121 Artillery Regiment",
        "the 137Mechanized Brigade, the Syrian Army 1st Corps",
        "the Syrian Regiment 800 Republican Guard",
        "Skywalker X-8, MV-22 aircraft, M117 Guardian 4x4s and the DJI Phantom 3",
        "on 15 February, or February 15",
    ],
)
def test_it_does_not_take_years_designations_or_dates_for_quantities(text):
    assert suggest_quantities(text) == []


def test_it_offsets_quantities_by_the_sentence_start():
    text = "Intro. They had 200 tanks."
    sentence = segment(text)[1]
    (quantity,) = suggest_quantities(sentence.text, sentence.start)

    assert text[quantity.start : quantity.end] == "200 tanks"


_PIECES = st.sampled_from(
    ["about", "over", "at least", "up to", "1,300", "12.7", "5", "five", "to", "eight", "–",
     "-", "km", "mm", "troops", "Islamic", "State", "$", "US", "$200", "hundreds of", "%",
     "2016", "February", "Deir", "ez-Zor", "Syria", "(", ")", ".", ",", " ", "\u00a0", "\n"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_PIECES, max_size=40).map(" ".join)))
def test_it_gives_quantity_offsets_into_the_text(text):
    for quantity in suggest_quantities(text, 7):
        assert ("x" * 7 + text)[quantity.start : quantity.end] == quantity.text
        assert quantity.value_max is None or quantity.value_max > quantity.value


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(_PIECES, max_size=40).map(" ".join)))
def test_it_gives_mention_offsets_into_the_text(text):
    entities = Dictionary()
    for name in ("Deir ez-Zor", "Islamic State", "US", "Syria"):
        entities.add(name, ("actor", 1, name, name.isupper()))
    sentences = segment(text)
    for mention in suggest_mentions(text, sentences, entities=entities):
        assert text[mention.start : mention.end] == mention.surface
        sentence = sentences[mention.sentence - 1]
        assert sentence.start <= mention.start < mention.end <= sentence.end


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text(alphabet="abAB .", min_size=1, max_size=4), min_size=1, max_size=8),
    text=st.text(alphabet="abAB .", max_size=40),
)
def test_a_quantity_word_list_matches_as_the_words_joined_longest_first(words, text):
    joined = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    plain, trie = re.compile(joined, re.IGNORECASE), re.compile(_one_of(words), re.IGNORECASE)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


# --- quieter suggestions ----------------------------------------------------------


def test_a_demonym_is_not_a_mention_of_its_place(db):
    make_place("Syria", aliases=["Syria", "Syrian"], country_code="SY")
    make_place("Turkey", aliases=["Turkish"], country_code="TR")
    text = (
        "Syrian government forces advanced. The Syrian antiquities department objected, "
        "and Turkish officials agreed. The war in Syria goes on."
    )

    found = mentions(text, entities=entity_dictionary())

    assert [(m.surface, m.label) for m in found if not m.is_candidate] == [("Syria", "Syria")]


def test_us_keeps_its_full_stop_and_matches_the_existing_actor_before_the_gazetteer(db):
    united_states = make_actor("United States", aliases=["US"])
    text = "The U.S. had been invited. Talks with the US went on."

    found = mentions(text, entities=entity_dictionary())

    us = [m for m in found if m.surface.startswith("U")]
    assert [(m.surface, m.actor_id) for m in us] == [
        ("U.S.", united_states.pk),
        ("US", united_states.pk),
    ]
    assert not [m for m in found if m.is_candidate and m.label == "United States"]


def test_without_an_actor_us_is_the_country_from_the_gazetteer_with_its_full_stop():
    found = mentions("The U.S. had been invited.", entities=Dictionary())
    assert [(m.surface, m.label) for m in found] == [("U.S.", "United States")]


def test_a_capital_that_speaks_is_its_government_not_a_place(db):
    found = mentions("Ankara said it wants a buffer zone near Aleppo.", entities=Dictionary())
    assert "Ankara" not in {m.surface for m in found}

    turkey = make_actor("Turkey")
    found = mentions(
        "Ankara said it wants a buffer zone. Ankara agreed. Flights to Ankara resumed.",
        entities=entity_dictionary(),
    )
    ankara = [(m.surface, m.actor_id, m.is_candidate) for m in found if m.surface == "Ankara"]
    assert ankara == [
        ("Ankara", turkey.pk, False),  # the government
        ("Ankara", turkey.pk, False),
        ("Ankara", None, True),  # the city, from the gazetteer
    ]


def test_a_known_capital_place_that_speaks_is_its_government(db):
    turkey = make_actor("Turkey")
    make_place("Ankara", country_code="TR")
    found = mentions("Ankara wants a buffer zone.", entities=entity_dictionary())
    assert [(m.surface, m.actor_id, m.place_id) for m in found] == [("Ankara", turkey.pk, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dozens of soldiers", ("dozens of soldiers", "24", "99", "soldiers", "range")),
        ("about 500 soldiers", ("about 500 soldiers", "500", None, "soldiers", "about")),
        ("about 500 more soldiers", ("about 500 more soldiers", "500", None, "soldiers", "about")),
        ("some 500 U.S. troops", ("some 500 U.S. troops", "500", None, "troops", "about")),
    ],
)  # fmt: skip
def test_a_vague_amount_is_a_range_and_a_number_gets_the_unit_that_follows(text, expected):
    (found,) = suggest_quantities(text)
    value, value_max = Decimal(expected[1]), Decimal(expected[2]) if expected[2] else None
    assert (found.text, found.value, found.value_max, found.unit, found.qualifier) == (
        expected[0],
        value,
        value_max,
        expected[3],
        expected[4],
    )


def test_names_not_yet_actors_are_suggested_as_new_actors(entities):
    text = (
        "Hezbollah fighters crossed into Syria. Russian Defence Minister Sergei Shoigu met "
        "the SDF, and later Hezbollah withdrew. In March the Islamic State retreated. "
        "Mission accomplished, he said. The SDF got M117 Guardian trucks, a Humvee and a "
        "Stryker ICV."
    )

    found = mentions(text, entities=entities)

    names = [(m.surface, m.candidate["kind"]) for m in found if m.origin == "name"]
    assert names == [
        ("Hezbollah", "other"),  # at a sentence start, but named again inside one
        ("Sergei Shoigu", "person"),  # after a title
        ("Hezbollah", "other"),
    ]  # and no equipment: Guardian, Humvee, Stryker
    assert all(
        m.candidate["entity"] == "actor" and m.is_candidate for m in found if m.origin == "name"
    )
