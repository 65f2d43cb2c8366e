import re
from datetime import date

import pytest
from django.db import connection

from tests.factories import make_actor, make_claim, make_event, make_place, make_source
from tests.pagetext import visible_text as text

pytestmark = pytest.mark.django_db


def get(client, query):
    response = client.get("/search/" + query)
    assert response.status_code == 200
    return response.content.decode()


def section(html, key):
    match = re.search(rf'<section class="search-group" id="{key}".*?</section>', html, re.S)
    assert match, f"no {key} group"
    return match.group()


@pytest.fixture
def world():
    source = make_source(
        [
            [
                "Government forces entered Al-Bab in February.",
                "The siege & the <b>blockade</b> lasted months.",
            ],
            ["Turkish-backed fighters took part."],
        ],
        title="The siege of Al-Bab",
    )
    first, second, third = source.sentences.all()
    claim = make_claim(first, statement="Government forces entered Al-Bab.")
    hidden = make_source([["Al-Bab draft, not published."]], is_published=False)
    make_claim(hidden.sentences.get())
    return {
        "source": source,
        "claim": claim,
        "actor": make_actor("Syrian Arab Army", aliases=["SAA", "Government forces"]),
        "place": make_place("Al-Bab", aliases=["al-Bab", "Al Bab"]),
        "event": make_event(
            "Battle of Al-Bab",
            kind="battle",
            date_earliest=date(2016, 11, 6),
            date_latest=date(2017, 2, 23),
            date_precision="day",
            date_text="from November to late February",
        ),
    }


def test_it_groups_results_and_links_each_one(client, world):
    html = get(client, "?q=al-bab")
    page = text(html)
    assert "Claims (1)" in page
    assert "Places (1)" in page
    assert "Events (1)" in page
    assert "Actors (0)" in page
    claims = section(html, "claims")
    assert f'href="/claims/{world["claim"].pk}/"' in claims
    places = section(html, "places")
    assert f'href="/places/{world["place"].slug}/"' in places
    events = text(section(html, "events"))
    assert "Battle of Al-Bab (battle, 6 November 2016 – 23 February 2017;" in events
    assert "“from November to late February” in the source" in events
    # Unpublished sources stay out of every group.
    assert "draft" not in page


def test_it_links_sentences_to_their_place_in_the_source(client, world):
    html = get(client, "?q=siege")
    sentences = section(html, "sentences")
    slug = world["source"].slug
    assert f'href="/sources/{slug}/#s-2"' in sentences
    assert "The siege of Al-Bab, sentence 2" in text(sentences)
    # Escaped first, then marked.
    assert (
        "The <mark>siege</mark> &amp; the &lt;b&gt;blockade&lt;/b&gt; lasted months." in sentences
    )


def test_it_finds_actors_and_places_by_alias(client, world):
    html = get(client, "?q=SAA")
    actors = section(html, "actors")
    assert f'href="/actors/{world["actor"].slug}/"' in actors
    assert "also “Government forces”, “SAA”" in text(actors)
    assert f'href="/places/{world["place"].slug}/"' in get(client, "?q=al bab")


def test_it_links_to_the_claim_browser_for_more_claims(client, world):
    sentence = world["source"].sentences.get(index=3)
    for _ in range(12):
        make_claim(sentence)
    html = get(client, "?q=fighters")
    assert "Claims (12)" in text(html)
    assert 'href="/claims/?q=fighters"' in html
    assert "All 12 claims in the claim browser" in text(html)


def test_it_pages_through_one_group(client, world):
    source = make_source([[f"Convoy {n} reached the siege lines." for n in range(30)]])
    assert source.sentences.count() == 30
    html = get(client, "?q=convoy&in=sentences")
    page = text(html)
    assert "30 results for “convoy” among sentences in sources" in page
    assert "Page 1 of 2" in page
    assert "Claims (" not in page
    assert '<nav class="pagination" aria-label="Pages of sentences in sources">' in html
    assert 'href="/search/?q=convoy&amp;in=sentences&amp;page=2" rel="next"' in html
    second = get(client, "?q=convoy&in=sentences&page=2")
    assert "Page 2 of 2" in text(second)
    assert 'href="/search/?q=convoy&amp;in=sentences&amp;page=1" rel="prev"' in second


def test_it_explains_bad_input(client, world):
    page = text(get(client, "?q=siege&in=everything"))
    assert "“everything” is not a kind of result; showing them all." in page
    page = text(get(client, "?q=" + "x" * 201))
    assert "A search may be at most 200 characters long." in page


def test_it_says_when_nothing_matches(client, world):
    page = text(get(client, "?q=helicopter"))
    assert "0 results for “helicopter”" in page
    assert "No claims match." in page


def test_it_shows_the_form_without_a_query(client, world):
    html = get(client, "")
    assert 'name="q"' in html
    assert "results for" not in text(html)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL stemming")
def test_it_finds_sentences_by_stem(client, world):
    html = get(client, "?q=fighter")
    assert "<mark>fighters</mark>" in section(html, "sentences")


def test_its_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    sentence = world["source"].sentences.first()

    def add(n):
        make_claim(sentence)
        make_actor(f"Al-Bab council {n}", aliases=[f"Al-Bab body {n}"])
        make_place(f"Al-Bab district {n}", aliases=[f"Al-Bab quarter {n}"])
        make_event(f"Al-Bab clash {n}")

    def count():
        with django_assert_max_num_queries(50) as captured:
            html = get(client, "?q=al-bab")
        return len(captured), text(html)

    add(0)  # one result in every group
    before, page = count()
    assert "Actors (1)" in page
    for n in range(1, 13):
        add(n)
    after, page = count()
    assert "Actors (13)" in page
    assert after == before


@pytest.fixture
def convoys():
    # Ids in creation order: the first three matches are in "B", then "A".
    first = make_source(
        [["A convoy left.", "Convoy, convoy, convoy: the convoy road was full."]], title="B"
    )
    second = make_source(
        [["Another convoy came.", "Convoy convoy convoy convoy convoy.", "The last convoy."]],
        title="A",
    )
    return [*first.sentences.all(), *second.sentences.all()]


def test_past_the_cap_it_ranks_the_first_matches_and_says_more_than(
    client, world, convoys, settings
):
    settings.SEARCH_RANK_CAP = 3
    html = get(client, "?q=convoy")
    page = text(html)
    assert "More than 3 results for “convoy”" in page
    assert "Sentences in sources (more than 3)" in page
    sentences = text(section(html, "sentences"))
    assert "More than 3 sentences in sources match, too many to rank" in sentences
    shown = re.findall(
        r"(A convoy left|Convoy, convoy|Another convoy|Convoy convoy|last convoy)", sentences
    )
    # The first three matches, best first; the two found after them are not ranked.
    if connection.vendor == "postgresql":
        assert shown == ["Convoy, convoy", "Another convoy", "A convoy left"]  # ts_rank
    else:
        assert shown == ["Another convoy", "A convoy left", "Convoy, convoy"]  # title, position

    only = text(get(client, "?q=convoy&in=sentences"))
    assert "More than 3 results for “convoy” among sentences in sources" in only
    assert "Convoy convoy convoy" not in only and "The last convoy" not in only


def test_at_the_cap_the_count_is_exact(client, world, convoys, settings):
    settings.SEARCH_RANK_CAP = 5
    page = text(get(client, "?q=convoy"))
    assert "Sentences in sources (5)" in page
    assert "more than" not in page.lower()
    assert "The last convoy" in page


def test_past_the_cap_the_claims_shown_are_the_first_found_and_the_browser_ranks_all(
    client, convoys, settings
):
    """The overview ranks only the first SEARCH_RANK_CAP claims found (in id
    order), counts every one, and says the claim browser ranks them all."""
    settings.SEARCH_RANK_CAP = 3
    statements = [
        "A convoy left at dawn.",
        "Another convoy came later.",
        "The last convoy was stopped.",
        "Convoy after convoy: the convoy road was full of convoys.",  # ranks first, found last
    ]
    for sentence, statement in zip(convoys, statements, strict=False):
        make_claim(sentence, statement=statement)
    html = get(client, "?q=convoy")
    claims = text(section(html, "claims"))
    assert "Claims (4)" in claims
    assert "More than 3 claims match, too many to rank here" in claims
    assert "The claim browser ranks all 4" in claims
    assert "All 4 claims in the claim browser" in claims
    assert "Convoy after convoy" not in claims
    # Page by page (?in=claims), every match is ranked.
    only = text(get(client, "?q=convoy&in=claims"))
    assert "Convoy after convoy" in only and "A convoy left" in only
    if connection.vendor == "postgresql":  # ts_rank: the most mentions first
        assert only.index("Convoy after convoy") < only.index("A convoy left")


def test_at_the_cap_the_claims_are_ranked_without_a_note(client, convoys, settings):
    settings.SEARCH_RANK_CAP = 4
    for sentence in convoys[:4]:
        make_claim(sentence)
    claims = text(section(get(client, "?q=convoy"), "claims"))
    assert "Claims (4)" in claims
    assert "too many to rank" not in claims
