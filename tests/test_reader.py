"""claims/reader.py: cutting a sentence into non-overlapping segments."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from claims.reader import sentence_segments

TEXT = "Over 5,000 Islamic State fighters rebuffed all attempts."


def sentence(start=100):
    return SimpleNamespace(start=start, end=start + len(TEXT), text=TEXT)


def span(s, quote, claim=None, **extra):
    start = s.start + TEXT.index(quote)
    return SimpleNamespace(start=start, end=start + len(quote), claim=claim, **extra)


def cut(segments):
    return [(seg.text, list(seg.claims)) for seg in segments]


def test_it_returns_the_whole_sentence_when_nothing_is_marked():
    s = sentence()
    assert cut(sentence_segments(s, [])) == [(TEXT, [])]


def test_it_cuts_nested_claims_into_three_segments():
    s = sentence()
    segments = sentence_segments(s, [span(s, TEXT, "outer"), span(s, "5,000 Islamic", "inner")])
    assert cut(segments) == [
        ("Over ", ["outer"]),
        ("5,000 Islamic", ["outer", "inner"]),
        (" State fighters rebuffed all attempts.", ["outer"]),
    ]
    # where each claim starts: the page draws a tick there, so touching claims stay apart
    assert [seg.starting for seg in segments] == [["outer"], ["inner"], []]


def test_it_cuts_partly_overlapping_claims():
    s = sentence()
    segments = sentence_segments(
        s, [span(s, "Over 5,000 Islamic", "a"), span(s, "Islamic State fighters", "b")]
    )
    assert cut(segments) == [
        ("Over 5,000 ", ["a"]),
        ("Islamic", ["a", "b"]),
        (" State fighters", ["b"]),
        (" rebuffed all attempts.", []),
    ]
    assert segments[0].starting == ["a"] and segments[1].starting == ["b"]


def test_it_keeps_adjacent_claims_in_separate_segments():
    s = sentence()
    segments = sentence_segments(s, [span(s, "Over ", "a"), span(s, "5,000", "b")])
    assert cut(segments)[:2] == [("Over ", ["a"]), ("5,000", ["b"])]
    assert segments[0].starting == ["a"] and segments[1].starting == ["b"]


def test_it_clips_spans_to_the_sentence():
    s = sentence()
    wide = SimpleNamespace(start=s.start - 10, end=s.start + 4, claim="a")
    assert cut(sentence_segments(s, [wide]))[0] == ("Over", ["a"])


def test_it_cuts_at_mentions_inside_claims():
    s = sentence()
    mention = span(s, "Islamic State")
    segments = sentence_segments(
        s, [span(s, TEXT, "outer"), span(s, "5,000 Islamic State fighters", "inner")], [mention]
    )
    texts = [seg.text for seg in segments]
    assert texts == [
        "Over ",
        "5,000 ",
        "Islamic State",
        " fighters",
        " rebuffed all attempts.",
    ]
    assert segments[2].mention is mention and segments[2].claims == ["outer", "inner"]
    assert [seg.mention for seg in segments].count(None) == 4


def test_the_segments_rebuild_the_sentence_exactly():
    s = sentence()
    anchors = [span(s, "Over 5,000", "a"), span(s, "5,000 Islamic", "b"), span(s, "rebuffed", "c")]
    assert "".join(seg.text for seg in sentence_segments(s, anchors, [span(s, "State")])) == TEXT


@given(
    st.lists(st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT))), max_size=6),
    st.lists(st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT))), max_size=3),
)
def test_any_spans_give_segments_that_cover_the_text_once(claim_spans, mention_spans):
    s = sentence()

    def spans(pairs, **extra):
        return [
            SimpleNamespace(start=s.start + min(a, b), end=s.start + max(a, b), **extra)
            for a, b in pairs
            if a != b
        ]

    anchors = [
        SimpleNamespace(start=x.start, end=x.end, claim=f"c{i}")
        for i, x in enumerate(spans(claim_spans))
    ]
    segments = sentence_segments(s, anchors, spans(mention_spans))

    assert "".join(seg.text for seg in segments) == TEXT
    assert all(seg.text for seg in segments)
    for anchor in anchors:
        covered = "".join(seg.text for seg in segments if anchor.claim in seg.claims)
        assert covered == TEXT[anchor.start - s.start : anchor.end - s.start]
        assert sum(anchor.claim in seg.starting for seg in segments) == 1
