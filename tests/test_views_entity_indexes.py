"""The actor, place and event index pages once there are more than fit on one
page (claims.indexes): pages, kinds, initials and a name filter in the address."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.indexes import initial_letter
from claims.models import EventActor, Mention
from tests.factories import (
    make_actor,
    make_claim,
    make_event,
    make_mention,
    make_place,
    make_source,
)
from tests.pagetext import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def per_page(monkeypatch):
    monkeypatch.setattr("claims.indexes.PER_PAGE", 3)
    return 3


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def names(html):
    """The entity links of the result list, in page order."""
    listing = re.search(r'<ul class="entity-list">(.*?)</ul>', html, re.S)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', listing.group(1)) if listing else []


def heading(html):
    return visible_text(re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', html, re.S)[1])


def links(html, label):
    """The nav with aria-label `label`: {link text: href}, and the texts that are not links."""
    nav = re.search(rf'<nav\b[^>]*aria-label="{label}"[^>]*>(.*?)</nav>', html, re.S).group(1)
    linked = {
        visible_text(t): href.replace("&amp;", "&")
        for href, t in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', nav)
    }
    plain = re.findall(r'<span class="letter-empty">([^<]+)</span>', nav)
    return linked, plain


@pytest.fixture
def actors(db):
    made = {
        name: make_actor(name, kind=kind)
        for name, kind in [
            ("Zeynep Ivanov", "person"),
            ("Salma Haddad", "person"),
            ("Şahin Brigade", "armed_group"),
            ("Ahmed Ivanov", "person"),
            ("7th Brigade", "military_unit"),
            ("Turkey", "state"),
        ]
    }
    made["Turkey"].aliases.create(name="Türkiye")
    return made


def test_it_shows_a_small_collection_whole_without_navigation(client, actors):
    html = get(client, "/actors/")
    assert "Name contains" not in html
    assert 'aria-label="Initial letter"' not in html and 'class="pagination"' not in html
    assert "Person (3)" in visible_text(html)


def test_it_lists_a_page_of_names_from_a_to_z(client, actors, per_page):
    html = get(client, "/actors/")
    assert names(html) == ["7th Brigade", "Ahmed Ivanov", "Salma Haddad"]
    assert heading(html) == "6 actors, page 1 of 2"
    pages, _ = links(html, "Pages")
    assert pages == {"Next": "?page=2"}

    html = get(client, "/actors/?page=2")
    # In the database's order: a letter with an accent after Z (the letters find it under S).
    assert names(html) == ["Turkey", "Zeynep Ivanov", "Şahin Brigade"]
    pages, _ = links(html, "Pages")
    assert pages == {"Previous": "?"}  # back to the address without a page


def test_it_files_names_under_their_initial_letter(client, actors, per_page):
    html = get(client, "/actors/")
    letters, empty = links(html, "Initial letter")
    assert set(letters) == {"All", "A", "S", "T", "Z", "Other"}
    assert "B" in empty and "X" in empty  # shown, but not links: nothing there

    html = get(client, "/actors/" + letters["S"])
    assert names(html) == ["Salma Haddad", "Şahin Brigade"]  # Ş files under S
    assert heading(html) == "2 actors, whose names begin with S"
    assert names(get(client, "/actors/?letter=other")) == ["7th Brigade"]


def test_it_filters_by_kind_and_keeps_the_other_choices(client, actors, per_page):
    html = get(client, "/actors/?letter=S")
    kinds, _ = links(html, "Kinds")
    assert set(kinds) == {"Every kind", "Person (1)", "Armed group (1)"}  # counts under S
    html = get(client, "/actors/" + kinds["Person (1)"])
    assert names(html) == ["Salma Haddad"]
    assert heading(html) == "1 actor, of the kind person, whose names begin with S"
    assert 'aria-current="true">Person (1)' in html


def test_it_finds_names_and_aliases_containing_the_words_typed(client, actors, per_page):
    html = get(client, "/actors/?q=ivanov")
    assert names(html) == ["Ahmed Ivanov", "Zeynep Ivanov"]
    assert heading(html) == "2 actors, matching “ivanov”"
    assert 'value="ivanov"' in html
    assert names(get(client, "/actors/?q=T%C3%BCrkiye")) == ["Turkey"]
    html = get(client, "/actors/?q=nobody")
    assert names(html) == [] and "Nothing matches." in visible_text(html)


def test_it_counts_claims_and_mentions_for_the_page_shown(client, actors, per_page):
    source, hidden = make_source(), make_source(is_published=False)
    salma = actors["Salma Haddad"]
    for sentence in source.sentences.all()[:2]:
        make_claim(sentence, actors=[salma])
    make_claim(hidden.sentences.first(), actors=[salma])  # not visible: not counted
    sentence = source.sentences.first()
    start = source.text.index(sentence.text.split()[0], sentence.start)
    Mention.objects.create(
        sentence=sentence, start=start, end=start + 3, surface="x", status="confirmed", actor=salma
    )
    text = visible_text(get(client, "/actors/"))
    assert "Salma Haddad person, 2 claims, 1 mention" in text
    assert "Ahmed Ivanov person, 0 claims, 0 mentions" in text


def test_it_explains_what_it_could_not_use_in_the_address(client, actors, per_page):
    text = visible_text(get(client, "/actors/?kind=spies&letter=%25&page=9"))
    assert "There is no kind “spies”; showing every kind." in text
    assert "“%” is not a letter from A to Z; showing every name." in text
    assert "There is no page 9; showing page 2." in text


def test_event_index_pages_by_date_with_kinds_and_no_initials(client, per_page):
    for day in range(1, 5):
        make_event(
            f"Battle {day}",
            kind="battle",
            date_earliest=date(2016, 3, day),
            date_latest=date(2016, 3, day),
            date_precision="day",
        )
    make_event(
        "Truce",
        kind="ceasefire",
        date_earliest=date(2015, 1, 1),
        date_latest=date(2015, 12, 31),
        date_precision="year",
    )
    html = get(client, "/events/")
    assert 'aria-label="Initial letter"' not in html
    assert "Title contains" in html
    assert names(html) == ["Truce", "Battle 1", "Battle 2"]
    assert "Truce ceasefire, 2015, 0 claims" in visible_text(html)
    assert names(get(client, "/events/?kind=battle&page=2")) == ["Battle 4"]


@pytest.mark.parametrize("kind", ["actor", "place", "event"])
def test_a_page_costs_the_same_queries_however_many_rows(client, kind, per_page):
    maker = {"actor": make_actor, "place": make_place, "event": make_event}[kind]
    source = make_source()
    sentences = list(source.sentences.all())

    def grow(n):
        for i in range(n):
            entity = maker(f"A{i} {kind}")
            claim = make_claim(sentences[i % len(sentences)])
            getattr(claim, f"{kind}s").add(entity)
            if kind == "event":
                EventActor.objects.create(event=entity, actor=make_actor(f"P{i}"))
                entity.places.add(make_place(f"P{i}"))
            else:
                sentence = sentences[i % len(sentences)]
                make_mention(
                    sentence, sentence.text.split()[0], status="confirmed", **{kind: entity}
                )

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
        return len(queries)

    grow(4)
    before = [count(f"/{kind}s/"), count(f"/{kind}s/?letter=A&q=a")]
    grow(8)
    assert [count(f"/{kind}s/"), count(f"/{kind}s/?letter=A&q=a")] == before
    assert before[0] <= (5 if kind != "event" else 4)


def test_initial_letters_fold_accents_and_put_the_rest_apart():
    assert [initial_letter(c) for c in ["a", "Ş", "Ḩ", "İ", "ç"]] == ["A", "S", "H", "I", "C"]
    assert [initial_letter(c) for c in ["7", "‘", "", "Ø"]] == ["other"] * 4
