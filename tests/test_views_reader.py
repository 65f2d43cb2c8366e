import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Contributor, Mention
from tests.factories import make_actor, make_claim, make_place, make_source
from tests.html import inner_html, text

pytestmark = pytest.mark.django_db


def _sentence_html(html, index):
    return inner_html(html, f"s-{index}")


def _notes(html):
    """The claims listed with the paragraphs: (claim id, status label, statement, link)."""
    return re.findall(
        r'<li class="claim-note st-\w+" data-claim="(\d+)" data-sentences="[\d ]+">'
        r'<span class="status st-\w+">([^<]+)</span> <a href="([^"]+)">'
        r'<span class="claim-number">#\d+</span> ([^<]*)</a></li>',
        html,
    )


def test_it_shows_metadata_and_every_sentence_with_an_id(client):
    source = make_source(
        publisher="Example Press", url="https://example.org/article", title="On Al-Bab"
    )
    Contributor.objects.create(source=source, name="Valentin Vasilescu", role="author")
    Contributor.objects.create(source=source, name="Alice Decker", role="translator", position=2)

    response = client.get(source.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="reader-title">On Al-Bab</h1>' in html
    byline = text(re.search(r'<p class="reader-byline meta">(.*?)</p>', html, re.S).group(1))
    assert "by Valentin Vasilescu" in byline and "translated by Alice Decker" in byline
    assert "Translator" in html  # and again in full after the article
    assert 'href="https://example.org/article"' in html
    for sentence in source.sentences.all():
        assert f'id="s-{sentence.index}"' in html


def test_it_puts_the_article_before_its_options_and_downloads(client):
    source = make_source()
    html = client.get(source.get_absolute_url()).content.decode()
    body, about = html.index('class="reader-body'), html.index('id="reader-about"')
    assert html.index('class="reader-switches"') < body < about
    assert html.index("Download</h2>") > about
    assert html.index('class="status-legend"') > about


def test_it_keeps_paragraphs_as_published(client):
    source = make_source([["One. ", "Two."], ["Three."]])
    html = client.get(source.get_absolute_url()).content.decode()
    body = html.split('class="reader-body')[1].split('id="reader-about"')[0]
    paragraphs = re.findall(r'<div class="para">\s*<p>(.*?)</p>', body, re.S)
    assert len(paragraphs) == 2
    assert 'id="s-1"' in paragraphs[0] and 'id="s-2"' in paragraphs[0]
    assert 'id="s-3"' in paragraphs[1]


def test_it_highlights_a_claim_quietly_and_lists_it_beside_the_paragraph(client):
    source = make_source()
    sentence = source.sentences.get(index=1)
    claim = make_claim(sentence, "40 km northeast of Aleppo")

    html = client.get(source.get_absolute_url()).content.decode()
    sentence_html = _sentence_html(html, 1)

    assert sentence_html == (
        '<span class="seg" data-start="0">The town of Al-Bab lies </span>'
        f'<mark class="hl st-unassessed hl-start" data-start="24" data-claims="{claim.pk}">'
        '40 km northeast of Aleppo</mark><span class="seg" data-start="49">.</span>'
    )
    # Nothing is added to the prose: no label, no number, no link inside it.
    assert text(sentence_html) == sentence.text
    # The claim is listed with its paragraph: status spelled out, statement, its page.
    assert _notes(html) == [
        (str(claim.pk), "Unassessed", f"/claims/{claim.pk}/", "40 km northeast of Aleppo")
    ]


def test_it_tells_overlapping_claims_apart(client):
    source = make_source([["Over 5,000 Islamic State fighters rebuffed all attempts."]])
    sentence = source.sentences.get()
    outer = make_claim(sentence)
    inner = make_claim(sentence, "5,000 Islamic State fighters")

    html = client.get(source.get_absolute_url()).content.decode()
    sentence_html = _sentence_html(html, 1)

    shared = re.search(
        r'<mark class="([^"]*)" data-start="\d+" data-claims="([\d ]+)">(.*?)</mark>',
        sentence_html.split("</mark>", 1)[1],
    )
    assert shared.group(3) == "5,000 Islamic State fighters"
    assert set(shared.group(2).split()) == {str(outer.pk), str(inner.pk)}
    assert "hl-multi" in shared.group(1).split()  # drawn apart from text under one claim
    assert text(sentence_html) == sentence.text
    assert [note[0] for note in _notes(html)] == [str(outer.pk), str(inner.pk)]


def test_it_keeps_adjacent_claims_apart(client):
    source = make_source([["Alpha beta gamma."]])
    sentence = source.sentences.get()
    first = make_claim(sentence, "Alpha ")
    second = make_claim(sentence, "beta")

    html = _sentence_html(client.get(source.get_absolute_url()).content.decode(), 1)

    assert (
        f'<mark class="hl st-unassessed hl-start" data-start="0" data-claims="{first.pk}">' in html
    )
    assert (
        f'<mark class="hl st-unassessed hl-start" data-start="6" data-claims="{second.pk}">' in html
    )


def test_it_lists_a_claim_over_two_sentences_once_per_paragraph(client):
    from claims import services

    source = make_source([["Alpha beta.", "Gamma delta."], ["Epsilon."]])
    first, second, _ = source.sentences.order_by("index")
    claim = services.claim_create(
        spans=[(first, first.start + 6, first.end), (second, second.start, second.start + 5)]
    )
    html = client.get(source.get_absolute_url()).content.decode()
    assert f'data-claim="{claim.pk}" data-sentences="1 2"' in html
    assert len(_notes(html)) == 1
    assert f'data-claims="{claim.pk}">beta.</mark>' in _sentence_html(html, 1)
    assert f'data-claims="{claim.pk}">Gamma</mark>' in _sentence_html(html, 2)


def test_it_draws_plain_text_with_highlights_switched_off(client):
    source = make_source()
    claim = make_claim(source.sentences.get(index=1), "40 km")

    html = client.get(source.get_absolute_url() + "?highlights=0").content.decode()

    assert "<mark" not in inner_html(html, "s-1")
    assert [note[0] for note in _notes(html)] == [str(claim.pk)]  # still listed
    assert '<a role="switch" aria-checked="false" href="?">Highlights</a>' in html
    on = client.get(source.get_absolute_url()).content.decode()
    assert '<a role="switch" aria-checked="true" href="?highlights=0">Highlights</a>' in on


def test_it_marks_the_claim_named_in_the_address(client):
    source = make_source([["Over 5,000 Islamic State fighters rebuffed all attempts."]])
    sentence = source.sentences.get()
    outer = make_claim(sentence)
    inner = make_claim(sentence, "5,000 Islamic State fighters")

    html = client.get(f"{source.get_absolute_url()}?claim={inner.pk}").content.decode()

    marked = re.findall(r'<mark class="[^"]*hl-target[^"]*"[^>]*>(.*?)</mark>', html)
    assert marked == ["5,000 Islamic State fighters"]  # its span, not the whole sentence
    assert 'class="reader-body has-target"' in html
    assert f'data-target-claim="{inner.pk}"' in html
    for wrong in ("abc", "99999999", "-1", str(outer.pk) + "0" * 12):
        response = client.get(f"{source.get_absolute_url()}?claim={wrong}")
        assert response.status_code == 200
        assert "hl-target" not in response.content.decode()


def test_it_escapes_article_text(client):
    source = make_source([["He wrote <script>alert(1)</script> & left."]])
    make_claim(source.sentences.get(), "<script>alert(1)</script>")
    html = client.get(source.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; left." in html


def test_it_renders_heading_sentences_as_headings(client):
    source = make_source([["Deir ez-Zor"], ["The detachment advanced."]])
    source.sentences.filter(index=1).update(kind="heading")
    html = client.get(source.get_absolute_url()).content.decode()
    assert re.search(
        r'<h2 class="sentence sentence-heading" id="s-1"[^>]*><span[^>]*>Deir ez-Zor', html
    )


def test_it_links_mentions_only_when_asked(client):
    source = make_source([["Islamic State fighters held Al-Bab."]])
    sentence = source.sentences.get()
    actor, place = make_actor(), make_place()
    Mention.objects.create(
        sentence=sentence, start=0, end=13, surface="Islamic State", actor=actor, status="confirmed"
    )
    Mention.objects.create(
        sentence=sentence, start=28, end=34, surface="Al-Bab", place=place, status="confirmed"
    )
    Mention.objects.create(
        sentence=sentence,
        start=14,
        end=22,
        surface="fighters",
        actor=make_actor("Fighters"),
        status="suggested",
    )

    plain = client.get(source.get_absolute_url()).content.decode()
    linked = client.get(source.get_absolute_url() + "?mentions=1").content.decode()

    assert actor.get_absolute_url() not in plain
    assert '<a role="switch" aria-checked="false" href="?mentions=1">' in plain
    assert (
        f'href="{actor.get_absolute_url()}" title="Actor: Islamic State" draggable="false">'
        "Islamic State</a>" in linked
    )
    assert (
        f'href="{place.get_absolute_url()}" title="Place: Al-Bab" draggable="false">Al-Bab</a>'
        in linked
    )
    assert "Fighters" not in linked  # suggestions are not shown as facts
    assert text(inner_html(linked, "s-1")) == sentence.text


def test_it_hides_unpublished_sources_and_unknown_slugs(client):
    hidden = make_source(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/sources/no-such-article/").status_code == 404


def test_it_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    def build(n):
        source = make_source([[f"Sentence {i} mentions Al-Bab." for i in range(n)]] * 2)
        place = make_place()
        for sentence in source.sentences.all():
            make_claim(sentence)
            make_claim(sentence, "Al-Bab")
            Mention.objects.create(
                sentence=sentence,
                start=sentence.end - 7,
                end=sentence.end - 1,
                surface="Al-Bab",
                place=place,
                status="confirmed",
            )
        return source

    def count(source):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(source.get_absolute_url() + "?mentions=1").status_code == 200
        return len(queries)

    small, large = build(2), build(20)
    assert count(small) == count(large)
    with django_assert_max_num_queries(5):
        client.get(large.get_absolute_url() + "?mentions=1")


@pytest.mark.parametrize("state", ["drifted", "orphaned"])
def test_it_does_not_draw_anchors_that_miss_their_text(client, source, state):
    claim = make_claim(source.sentences.get(index=1), "40 km")
    claim.anchors.update(state=state)
    html = client.get(source.get_absolute_url()).content.decode()
    assert f"/claims/{claim.pk}/" not in html
    assert f'data-claims="{claim.pk}"' not in html


def test_it_offers_editors_the_suggested_claims_with_their_paragraph(client, editor):
    from tests.factories import make_claim_suggestion

    source = make_source()
    suggestion = make_claim_suggestion(source.sentences.get(index=2), "besieged in 2016")

    anonymous = client.get(source.get_absolute_url()).content.decode()
    assert "besieged in 2016" not in anonymous.split('class="reader-body')[1].split("</p>")[1]
    assert 'class="suggestion-note"' not in anonymous and "/suggestions/" not in anonymous

    client.force_login(editor)
    page = client.get(source.get_absolute_url()).content.decode()
    assert '<li class="suggestion-note" data-sentence="2">' in page
    assert f'action="/suggestions/{suggestion.pk}/accept/"' in page
    assert f'name="next" value="{source.get_absolute_url()}#s-2"' in page
    assert "0 claims, 1 suggested" in page


def test_it_accepts_a_suggestion_from_the_reader_and_comes_back_to_it(client, editor):
    from tests.factories import make_claim_suggestion

    source = make_source()
    suggestion = make_claim_suggestion(source.sentences.get(index=2), "besieged in 2016")
    client.force_login(editor)
    response = client.post(
        f"/suggestions/{suggestion.pk}/accept/",
        {"next": f"{source.get_absolute_url()}#s-2"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{source.get_absolute_url()}#s-2"
    page = client.get(source.get_absolute_url()).content.decode()
    assert 'class="suggestion-note"' not in page
    assert 'data-claims="' in inner_html(page, "s-2")


def test_editors_reader_adds_one_query_for_the_suggestions(
    client, editor, django_assert_max_num_queries
):
    from tests.factories import make_claim_suggestion

    def build(n):
        source = make_source([[f"Sentence {i} mentions Al-Bab." for i in range(n)]])
        for sentence in source.sentences.all():
            make_claim(sentence)
            make_claim_suggestion(sentence, "Al-Bab")
        return source

    def count(source):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(source.get_absolute_url()).status_code == 200
        return len(queries)

    client.force_login(editor)
    small, large = build(2), build(15)
    assert count(small) == count(large)


# The page rendered once (claims.fragments.reader_page_key): read back from the
# fragment cache until what it shows changes, and never stale after an edit
# through the services (tests/test_views_claim_fragments.py compares every
# reader with a fresh rendering after each kind of write).


def _read(client, source, query=""):
    """(whether the text was rendered afresh, the page's HTML)."""
    response = client.get(source.get_absolute_url() + query)
    assert response.status_code == 200
    names = [template.name for template in response.templates]
    return "claims/includes/reader_body.html" in names, response.content.decode()


def test_its_text_is_rendered_once_and_read_back(client, django_assert_num_queries):
    source = make_source([["Turkey sent tanks.", "Rebels held the town."]])
    make_claim(source.sentences.get(index=1))
    rendered, first = _read(client, source)
    assert rendered
    # Read back: the source with the versions its parts are kept under, alone.
    with django_assert_num_queries(1) as captured:
        rendered, again = _read(client, source)
    assert not rendered
    assert again == first
    assert not any('claims_sentence"."text' in query["sql"] for query in captured)
    # Each reading option is a text of its own.
    rendered, plain = _read(client, source, "?highlights=0")
    assert rendered
    assert "<mark" not in _sentence_html(plain, 1)


def test_its_text_shows_an_edit_through_the_services_at_once(client, editor):
    from claims.services import claim_assess, claim_update, record_save

    source = make_source([["Turkey sent tanks.", "Rebels held the town."]])
    claim = make_claim(source.sentences.get(index=1))
    _read(client, source)
    # Each edit alone, so each must change what the text is cached under.
    claim_assess(claim=claim, status="refuted", rationale="Satellite images show no tanks.")
    rendered, html = _read(client, source)
    assert rendered
    assert 'class="hl st-refuted hl-start"' in _sentence_html(html, 1)
    claim_update(claim=claim, editor=editor, statement="Turkey sent no tanks.")
    rendered, html = _read(client, source)
    assert rendered
    assert [(label, statement) for _, label, _, statement in _notes(html)] == [
        ("Refuted", "Turkey sent no tanks.")
    ]
    make_claim(source.sentences.get(index=2))
    rendered, html = _read(client, source)
    assert rendered
    assert "hl st-unassessed" in _sentence_html(html, 2)
    # A sentence made a heading in the admin (no new revision of the text).
    heading = source.sentences.get(index=2)
    heading.kind = "heading"
    record_save(instance=heading)
    rendered, html = _read(client, source)
    assert rendered
    assert '<h2 class="sentence sentence-heading" id="s-2"' in html
    # Unchanged since: read back.
    rendered, again = _read(client, source)
    assert not rendered
    assert again == html


def test_its_text_takes_the_same_queries_however_long(client, django_assert_max_num_queries):
    def build(n):
        source = make_source([[f"Sentence {i} of the article." for i in range(n)]] * 2)
        for sentence in source.sentences.all():
            make_claim(sentence)
        return source

    def count(source):
        with CaptureQueriesContext(connection) as queries:
            _read(client, source)
        return len(queries)

    small, large = build(2), build(20)
    assert count(small) == count(large)  # rendered afresh
    assert count(small) == count(large)  # read back
    third = build(3)
    # Rendered afresh: the source, its contributors, headings and anchors,
    # the sentences and the body (left out unless the text is rendered).
    with django_assert_max_num_queries(6):
        _read(client, third)


def _shell(html):
    """The parts of the page around the text: header, footer and overview."""
    header = html.split('<header class="reader-header">')[1].split("</header>")[0]
    about = html.split('id="reader-about"')[1].split("</footer>")[0]
    overview = html.split('class="panel-overview"')[1].split("</div>")[0]
    return header, about, overview


def test_what_surrounds_the_text_shows_an_edit_through_the_services_at_once(client, editor):
    """The header, footer and overview are read back like the text
    (claims.fragments.reader_page_key), so each edit of what they show must
    raise a version their key holds."""
    from claims.services import claim_assess, record_save

    source = make_source([["Turkey sent tanks.", "Rebels held the town."]], publisher="Al-Monitor")
    claim = make_claim(source.sentences.get(index=1))
    header, about, overview = _shell(_read(client, source)[1])
    assert "Al-Monitor" in header and "Al-Monitor" in about
    assert "1 claim in a list" in header

    source.publisher = "Reuters"
    record_save(instance=source)
    header, about, _ = _shell(_read(client, source)[1])
    assert "Reuters" in header and "Reuters" in about
    assert "Al-Monitor" not in header + about

    def add_translator():
        Contributor.objects.create(source=source, name="Leila Haddad", role="translator")

    record_save(instance=source, related=add_translator)
    header, about, _ = _shell(_read(client, source)[1])
    assert "translated by Leila Haddad" in text(header)
    assert "Leila Haddad" in text(about)

    claim_assess(claim=claim, status="refuted", rationale="Satellite images show no tanks.")
    _, _, overview = _shell(_read(client, source)[1])
    assert "st-refuted" in overview and "st-unassessed" not in overview
    make_claim(source.sentences.get(index=2))
    header, _, _ = _shell(_read(client, source)[1])
    assert "2 claims in a list" in header


def test_the_reading_switches_keep_the_address_they_were_read_at(client):
    source = make_source()
    make_claim(source.sentences.get(index=1))
    plain = _shell(_read(client, source)[1])[0]
    assert '?highlights=0"' in plain
    # Another query string: the switches carry it on, not the first page's links.
    other = _shell(_read(client, source, "?highlights=0&lang=fr")[1])[0]
    assert "?lang=fr" in other or "lang=fr&amp;" in other or "&amp;lang=fr" in other
    assert other != plain
