import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Contributor, Mention
from tests.factories import make_actor, make_claim, make_place, make_source
from tests.html import article_text, inner_html, text

pytestmark = pytest.mark.django_db


def _sentence_html(html, index):
    return inner_html(html, f"s-{index}")


def test_it_shows_metadata_and_every_sentence_with_an_id(client):
    source = make_source(
        publisher="Example Press", url="https://example.org/article", title="On Al-Bab"
    )
    Contributor.objects.create(source=source, name="Valentin Vasilescu", role="author")
    Contributor.objects.create(source=source, name="Alice Decker", role="translator", position=2)

    response = client.get(source.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>On Al-Bab</h1>" in html
    assert "Valentin Vasilescu" in html and "Alice Decker" in html
    assert "Translator" in html
    assert 'href="https://example.org/article"' in html
    for sentence in source.sentences.all():
        assert f'id="s-{sentence.index}"' in html
        assert f'href="#s-{sentence.index}"' in html


def test_it_keeps_paragraphs_as_published(client):
    source = make_source([["One. ", "Two."], ["Three."]])
    html = client.get(source.get_absolute_url()).content.decode()
    body = html.split('class="reader-body"')[1].split("</article>")[0]
    paragraphs = re.findall(r"<p>(.*?)</p>", body, re.S)
    assert len(paragraphs) == 2
    assert 'id="s-1"' in paragraphs[0] and 'id="s-2"' in paragraphs[0]
    assert 'id="s-3"' in paragraphs[1]


def test_it_highlights_a_claim_at_its_exact_span_with_a_status_label(client):
    source = make_source()
    sentence = source.sentences.get(index=1)
    claim = make_claim(sentence, "40 km northeast of Aleppo")

    html = _sentence_html(client.get(source.get_absolute_url()).content.decode(), 1)

    assert f'<a class="hl-link" href="/claims/{claim.pk}/"' in html
    assert '<mark class="hl st-unassessed">40 km northeast of Aleppo</mark>' in html
    assert "Unassessed" in html  # a text label, not colour alone
    assert html.startswith('<span class="seg" data-start="0">The town of Al-Bab lies </span>')


def test_it_splits_overlapping_claims_and_links_a_shared_segment_to_each(client):
    source = make_source([["Over 5,000 Islamic State fighters rebuffed all attempts."]])
    sentence = source.sentences.get()
    outer = make_claim(sentence)
    inner = make_claim(sentence, "5,000 Islamic State fighters")

    html = _sentence_html(client.get(source.get_absolute_url()).content.decode(), 1)

    assert f'<a class="hl-link" href="/claims/{outer.pk}/"' in html
    shared = re.search(
        r'<mark class="hl[^"]*" data-start="\d+" data-claims="([\d ]+)">(.*?)</mark>', html
    )
    assert shared.group(2) == "5,000 Islamic State fighters"
    assert set(shared.group(1).split()) == {str(outer.pk), str(inner.pk)}
    # right after the shared text: a link to each claim covering it
    after = html.split("5,000 Islamic State fighters</mark>")[1].split('<a class="hl-link"')[0]
    assert f'href="/claims/{outer.pk}/"' in after and f'href="/claims/{inner.pk}/"' in after
    assert article_text(html) == sentence.text
    assert text(html).count("Unassessed") == 2  # one label per claim


def test_it_keeps_adjacent_claims_apart(client):
    source = make_source([["Alpha beta gamma."]])
    sentence = source.sentences.get()
    first = make_claim(sentence, "Alpha ")
    second = make_claim(sentence, "beta")

    html = _sentence_html(client.get(source.get_absolute_url()).content.decode(), 1)

    assert f'href="/claims/{first.pk}/" data-start="0" data-claims="{first.pk}"' in html
    assert f'href="/claims/{second.pk}/" data-start="6" data-claims="{second.pk}"' in html


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
    assert "?mentions=1" in plain
    assert (
        f'href="{actor.get_absolute_url()}" title="Actor: Islamic State">Islamic State</a>'
        in linked
    )
    assert f'href="{place.get_absolute_url()}" title="Place: Al-Bab">Al-Bab</a>' in linked
    assert "Fighters" not in linked  # suggestions are not shown as facts


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
