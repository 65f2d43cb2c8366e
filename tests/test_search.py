import io

import pytest
from django.core.management import call_command
from django.db import connection

from claims.models import Claim
from claims.search import (
    claim_search_refresh,
    claim_snippets,
    claims_matching,
    highlight,
    matched_words,
    parse_terms,
)
from claims.services import claim_record_edit
from tests.factories import make_claim, make_source

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def test_it_parses_phrases_exclusions_and_or():
    assert parse_terms('"Al-Bab" siege -Raqqa or tanks.') == (
        ["Al-Bab", "siege", "tanks"],
        ["Raqqa"],
    )


def test_it_escapes_before_marking():
    html = highlight("<script>alert('Bab')</script> & Al-Bab", "bab")
    assert html == (
        "&lt;script&gt;alert(&#x27;<mark>Bab</mark>&#x27;)&lt;/script&gt; &amp; Al-<mark>Bab</mark>"
    )


def test_it_never_marks_inside_an_entity():
    # "amp" would match inside "&amp;" if the marking came after escaping.
    assert highlight("Tom & Jerry camp", "amp") == "Tom &amp; Jerry c<mark>amp</mark>"


def test_it_cuts_a_long_text_around_the_first_match():
    text = "word " * 100 + "tanks crossed " + "word " * 100
    html = highlight(text, "tanks", window=60)
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>tanks</mark> crossed" in html
    assert len(html) < 120


def test_it_reads_the_words_a_database_headline_marked():
    assert matched_words("a <b> \x02fighters\x03 & \x02Fighter\x03.") == {"fighters", "Fighter"}


@pytest.mark.django_db
def test_it_marks_matches_in_statement_and_quote():
    source = make_source([["Rebels said the <airport> had fallen to the airport guards."]])
    claim = make_claim(source.sentences.get(), statement="The airport was taken.")
    claim = Claim.objects.prefetch_related("anchors").get(pk=claim.pk)
    statement, quote = claim_snippets([claim], "airport")[claim.pk]
    assert statement == "The <mark>airport</mark> was taken."
    # The quote is shown verbatim (escaped), tag-like text and all.
    assert quote == (
        "Rebels said the &lt;<mark>airport</mark>&gt; had fallen"
        " to the <mark>airport</mark> guards."
    )


@pytest.mark.django_db
@postgresql_only
def test_it_marks_stemmed_matches_on_postgresql():
    source = make_source([["Over 5,000 fighters defended it."]])
    claim = make_claim(source.sentences.get())
    statement, _ = claim_snippets([claim], "fighter")[claim.pk]
    assert statement == "Over 5,000 <mark>fighters</mark> defended it."


@pytest.mark.django_db
def test_it_finds_a_claim_by_its_new_statement_after_an_edit():
    source = make_source([["Turkish tanks entered Jarabulus."]])
    claim = make_claim(source.sentences.get())
    old = claim.statement
    claim.statement = "Armoured vehicles entered the border town."
    claim.save()
    claim_record_edit(
        claim=claim, editor=None, changes={"statement": {"from": old, "to": claim.statement}}
    )
    assert list(claims_matching(Claim.objects.all(), "armoured")) == [claim]
    # The quote still counts after the edit.
    assert list(claims_matching(Claim.objects.all(), "jarabulus")) == [claim]


@pytest.mark.django_db
@postgresql_only
def test_it_refreshes_claims_written_outside_the_services():
    source = make_source([["Turkish tanks entered Jarabulus."]])
    claim = make_claim(source.sentences.get())
    Claim.objects.filter(pk=claim.pk).update(statement="Helicopters landed.", search_vector=None)
    assert list(claims_matching(Claim.objects.all(), "helicopter")) == []
    assert claim_search_refresh() == 1
    assert list(claims_matching(Claim.objects.all(), "helicopter")) == [claim]


@pytest.mark.django_db
def test_it_rebuilds_the_index_from_the_command():
    source = make_source([["Turkish tanks entered Jarabulus."]])
    claim = make_claim(source.sentences.get())
    Claim.objects.filter(pk=claim.pk).update(statement="Helicopters landed.", search_vector=None)
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    if connection.vendor == "postgresql":
        assert out.getvalue() == "Refreshed the search document of 1 claims.\n"
    else:
        assert out.getvalue() == "Rebuilt the FTS5 index of 1 claims and 1 sentences.\n"
    assert list(claims_matching(Claim.objects.all(), "helicopters")) == [claim]


@postgresql_only
@pytest.mark.django_db
def test_event_search_uses_the_trigram_indexes():
    """Site search's substring matching (icontains, UPPER(column) LIKE ...) is
    answered from migration 0017's indexes once a table is large enough for
    an index to pay: were Django to write the lookup another way, they would
    silently stop being used."""
    from claims.models import Event
    from claims.search import named_matching

    Event.objects.bulk_create(Event(title=f"Row {n}", slug=f"row-{n}") for n in range(400))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_event")
    queryset = named_matching(
        Event.objects.all(), "offensive", "title", None, None, ("description", "date_text")
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for column in ("title", "description", "date_text"):
        assert f"event_{column}_trgm" in plan


@postgresql_only
@pytest.mark.django_db
def test_names_and_aliases_have_trigram_indexes_of_what_icontains_compares():
    """Actors' and places' names (with 20,000 short names PostgreSQL still
    scans them, 5 ms; the indexes are for larger tables) and their aliases."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        indexes = dict(cursor.fetchall())
    for table in ("actor", "actoralias", "place", "placealias"):
        definition = indexes[f"{table}_name_trgm"]
        assert f"claims_{table} USING gin (upper((name)::text) gin_trgm_ops)" in definition
