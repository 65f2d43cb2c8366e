"""The same searches give the same results on SQLite (FTS5) and PostgreSQL.

Each expectation is written once and asserted on whichever database the
suite runs on; the suite runs on both."""

import pytest
from django.db import connection
from django.http import QueryDict

from claims import services
from claims.filters import ClaimFilter
from claims.models import Claim, Sentence
from claims.search import claims_matching, fts_query, sentences_matching
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    report = make_source(
        [
            ["Over 5,000 fighters defended the town of Al-Bab.", "Turkey sent tanks."],
            ["The siege of the city ended in February.", "Rebels shelled the airport."],
        ],
        title="Siege report",
    )
    border = make_source(
        [["Turkish troops crossed the border at dawn.", "Helicopters landed near Jarabulus."]],
        title="Border report",
    )
    s1, s2, s3, s4 = report.sentences.all()
    t1, t2 = border.sentences.all()
    return {
        "fighters": make_claim(s1),
        "tanks": make_claim(s2, statement="Turkish armour entered Syria."),
        "siege": make_claim(s3),
        "airport": make_claim(s4, quote="shelled the airport", statement="The airport was hit."),
        "border": make_claim(t1),
        "helicopters": make_claim(t2),
    }


# (query, the claims found: keys of `world`)
CLAIM_SEARCHES = [
    ("fighters", {"fighters"}),
    ("fighter", {"fighters"}),  # stemmed
    ("defending", {"fighters"}),  # stemmed
    ("FIGHTERS Al-Bab", {"fighters"}),
    ("al-bab", {"fighters"}),
    ('"the siege of the city"', {"siege"}),
    ('"city siege"', set()),  # a phrase keeps its order
    ("tanks", {"tanks"}),  # the quote counts, not only the statement
    ("turkish", {"tanks", "border"}),
    ("turkish -border", {"tanks"}),
    ('turkish -"crossed the border"', {"tanks"}),
    ("helicopters or tanks", {"helicopters", "tanks"}),
    ("helicopters tanks", set()),
    ("the siege", {"siege"}),  # a stop word is not required
    ("the", set()),  # nothing but stop words finds nothing
    ("-turkish", {"fighters", "siege", "airport", "helicopters"}),
    ("shelled airport", {"airport"}),
    ("nowhere", set()),
]


@pytest.mark.parametrize(("q", "expected"), CLAIM_SEARCHES)
def test_the_claim_search_finds_the_same_on_both_databases(world, q, expected):
    found = set(claims_matching(Claim.objects.all(), q).values_list("pk", flat=True))
    assert found == {world[key].pk for key in expected}


# (query, the sentences found: their text)
SENTENCE_SEARCHES = [
    ("fighter", {"Over 5,000 fighters defended the town of Al-Bab."}),
    ("turkish or turkey", {"Turkey sent tanks.", "Turkish troops crossed the border at dawn."}),
    ("the border -dawn", set()),
    ('"landed near"', {"Helicopters landed near Jarabulus."}),
    ("shell", {"Rebels shelled the airport."}),
]


@pytest.mark.parametrize(("q", "expected"), SENTENCE_SEARCHES)
def test_the_sentence_search_finds_the_same_on_both_databases(world, q, expected):
    found = sentences_matching(Sentence.objects.all(), q)
    assert {sentence.text for sentence in found} == expected


def test_relevance_puts_a_match_in_the_statement_first(world):
    filterset = ClaimFilter(QueryDict("q=airport"))
    assert list(filterset.qs) == [world["airport"]]
    filterset = ClaimFilter(QueryDict("q=turkish"))
    # "Turkish" is in the tanks claim's statement and in the border claim's.
    assert set(filterset.qs) == {world["tanks"], world["border"]}


HOSTILE = [
    '"',
    '""',
    '"unclosed phrase',
    "*",
    "fight*",
    "statement:tanks",
    "{statement}:tanks",
    "NEAR(tanks turkey)",
    "tanks AND",
    "OR",
    "NOT tanks",
    "tanks NOT",
    "(tanks",
    "^tanks",
    "-",
    "--tanks",
    "- -",
    "'; DROP TABLE claims_claim; --",
    "tanks + turkey",
    "tanks\tturkey",
    "\\",
    "%_%",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_a_hostile_query_is_only_words(client, world, q):
    for url in ("/claims/", "/search/", "/api/v1/claims/"):
        assert client.get(url, {"q": q}).status_code == 200, (url, q)
    list(claims_matching(Claim.objects.all(), q))
    list(sentences_matching(Sentence.objects.all(), q))


def test_fts_operators_typed_by_a_user_are_words():
    # "and" is an English stop word: left out, as PostgreSQL leaves it out.
    assert fts_query('NEAR(tanks turkey) "statement:x" fight* AND') == (
        '"near tanks" AND "turkey" AND "statement x" AND "fight"',
        None,
    )
    assert fts_query('a "the siege" -"of Raqqa" x_y') == ('"siege" AND "x y"', '"raqqa"')
    assert fts_query("tanks or helicopters") == ('("tanks" OR "helicopters")', None)
    assert fts_query('"" * -') == (None, None)


def test_a_claim_is_found_right_after_the_services_write_it(world):
    sentence = world["border"].anchors.get().sentence

    def found(q):
        return set(claims_matching(Claim.objects.all(), q))

    claim = make_claim(sentence, statement="A convoy of lorries crossed.")
    assert found("lorry") == {claim}
    services.claim_update(claim=claim, editor=None, statement="A column of trucks crossed.")
    assert found("lorry") == set()
    assert found("trucks") == {claim}
    services.records_delete(queryset=Claim.objects.filter(pk=claim.pk))
    assert found("trucks") == set()


def test_a_sentence_is_found_while_its_source_is_stored(world):
    source = make_source([["Sappers cleared the minefield."]])
    assert [s.text for s in sentences_matching(Sentence.objects.all(), "minefields")] == [
        "Sappers cleared the minefield."
    ]
    services.records_delete(queryset=type(source).objects.filter(pk=source.pk))
    assert list(sentences_matching(Sentence.objects.all(), "minefield")) == []


def test_a_claim_loses_the_quote_of_a_deleted_source(world):
    source = world["airport"].anchors.get().source
    services.records_delete(queryset=type(source).objects.filter(pk=source.pk))
    assert set(claims_matching(Claim.objects.all(), "shelled")) == set()
    # Its statement is still searchable (the claim stays, without anchors).
    assert set(claims_matching(Claim.objects.all(), "hit")) == {world["airport"]}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables")
def test_the_fts_tables_hold_every_claim_and_sentence(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim_fts")
        assert cursor.fetchone()[0] == Claim.objects.count()
        cursor.execute("SELECT count(*) FROM claims_sentence_fts")
        assert cursor.fetchone()[0] == Sentence.objects.count()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's fallback")
def test_without_fts5_sqlite_matches_substrings(world, monkeypatch):
    monkeypatch.setattr("claims.search.uses_fts5", lambda using="default": False)
    # Substrings, no stemming: "fighter" is in "fighters", "defending" nowhere.
    assert set(claims_matching(Claim.objects.all(), "fighter")) == {world["fighters"]}
    assert set(claims_matching(Claim.objects.all(), "defending")) == set()
    assert {s.text for s in sentences_matching(Sentence.objects.all(), "jarab")} == {
        "Helicopters landed near Jarabulus."
    }
