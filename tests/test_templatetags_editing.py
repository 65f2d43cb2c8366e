"""The quote in its sentence (claims/templatetags/editing.py): marks exactly the
quoted words, escapes everything, and says when a quote no longer stands."""

from django.template import Context, Template

from claims.models import Anchor
from tests.factories import add_anchor, make_claim, make_source
from tests.html import marked_quotes


def render_quotes(anchors):
    return Template("{% load editing %}{% claim_quotes anchors %}").render(
        Context({"anchors": anchors})
    )


def anchors_of(claim):
    return list(claim.anchors.with_sentences())


def test_it_marks_two_quotes_of_one_claim_in_one_sentence(db):
    source = make_source([["Turkey sent 1,300 troops and 50 tanks to Al-Bab."]])
    sentence = source.sentences.get()
    claim = make_claim(sentence, "1,300 troops")
    add_anchor(claim, sentence, "50 tanks")
    assert marked_quotes(render_quotes(anchors_of(claim))) == [
        (sentence.text, ["1,300 troops", "50 tanks"])
    ]


def test_it_makes_one_mark_of_overlapping_quotes(db):
    source = make_source([["Turkey sent 1,300 troops and 50 tanks to Al-Bab."]])
    sentence = source.sentences.get()
    claim = make_claim(sentence, "1,300 troops and")
    add_anchor(claim, sentence, "troops and 50 tanks")
    assert marked_quotes(render_quotes(anchors_of(claim))) == [
        (sentence.text, ["1,300 troops and 50 tanks"])
    ]


def test_it_escapes_around_and_inside_the_mark(db):
    source = make_source([['<script>alert("x")</script> & more']])
    sentence = source.sentences.get()
    claim = make_claim(sentence, 'alert("x")')
    html = render_quotes(anchors_of(claim))
    assert "<script>" not in html
    assert "&lt;script&gt;<mark>alert(&quot;x&quot;)</mark>&lt;/script&gt; &amp; more" in html


def test_it_says_so_when_a_claim_has_no_quote(db):
    assert "This claim quotes no sentence." in render_quotes([])


def test_it_leaves_unmarked_an_anchor_whose_offsets_left_the_sentence(db):
    source = make_source()
    sentence = source.sentences.get(index=1)
    claim = make_claim(sentence, "Al-Bab")
    Anchor.objects.filter(claim=claim).update(start=sentence.end - 2, end=sentence.end + 5)
    html = render_quotes(anchors_of(claim))
    assert marked_quotes(html) == [(sentence.text, [])]
    assert "The quote “Al-Bab” no longer stands in this sentence" in html


def test_it_keeps_the_single_span_tag_as_it_was(db):
    source = make_source()
    sentence = source.sentences.get(index=1)
    start = source.text.index("40 km")
    html = Template("{% load editing %}{% quote_in_sentence s a b %}").render(
        Context({"s": sentence, "a": start, "b": start + 5})
    )
    assert html == "The town of Al-Bab lies <mark>40 km</mark> northeast of Aleppo."
    html = Template("{% load editing %}{% quote_in_sentence s '' '' %}").render(
        Context({"s": sentence})
    )
    assert html == sentence.text
