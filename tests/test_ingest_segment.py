"""claims/ingest/segment.py: paragraphs and sentences as offsets into the text."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.ingest import segment as segment_module
from claims.ingest.extract import extract
from claims.ingest.segment import paragraphs, segment

DATA = Path(__file__).parent / "data"


def texts(sentences):
    return [s.text for s in sentences]


def assert_offsets_round_trip(text, sentences):
    position = 0
    for number, sentence in enumerate(sentences, start=1):
        assert sentence.index == number
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= position, "sentences overlap or go backwards"
        assert sentence.text.strip() == sentence.text != ""
        position = sentence.end
    # Nothing but whitespace is left out.
    covered = "".join(s.text for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())


@pytest.fixture(scope="module")
def seed():
    article = extract((DATA / "seed_article.txt").read_bytes(), filename="seed.txt")
    return article.text, segment(article.text)


def test_it_splits_the_seed_article_with_exact_offsets(seed):
    text, sentences = seed

    assert_offsets_round_trip(text, sentences)
    assert sentences[0].text == (
        "So far no deal has not been officially acknowledged between Vladimir Putin (who has "
        "gotten closer to Recep Erdogan and Bashar al-Assad) and Donald Trump, on cooperation "
        "regarding the encirclement and isolation of IS-held territory in Syria."
    )
    assert sentences[-1].text == (
        "That will free up several Syrian army units to be sent to the east of Palmyra for "
        "the fight against Islamic State."
    )
    assert max(s.paragraph for s in sentences) == 16


def test_it_makes_the_seed_caption_a_heading_of_its_own(seed):
    text, sentences = seed
    headings = [s for s in sentences if s.kind == "heading"]

    assert texts(headings) == ["Deir ez-Zor"]
    heading = headings[0]
    neighbours = [s for s in sentences if s.paragraph == heading.paragraph]
    assert neighbours == [heading]


def test_it_does_not_split_inside_numbers_currency_or_brackets(seed):
    _, sentences = seed
    joined = texts(sentences)

    assert (
        "These civilian-type drones include the DJI Parrot (price US $ 1,000), Skywalker X-8 "
        "and X-UAV Talon ($200), the quadcopter DJI Phantom 3 ($600) are readily available in "
        "Europe and in the Gulf States and the US."
    ) in joined
    assert (
        "The M117 Guardian is armed with an M2 Browning heavy machine gun (12.7 mm caliber), "
        "and an MK 19 grenade launcher (40 mm caliber)."
    ) in joined
    assert any(s.startswith("The Islamic State’s offensive counterattacks") for s in joined)
    assert any("12.7 mm caliber heavy machine guns." in s for s in joined)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Army sent 200 troops. They arrived on Monday.",
            ["The U.S. Army sent 200 troops.", "They arrived on Monday."],
        ),
        (
            "Gen. Votel met Dr. Ahmed in Washington, D.C. on Friday. Nothing was agreed.",
            ["Gen. Votel met Dr. Ahmed in Washington, D.C. on Friday.", "Nothing was agreed."],
        ),
        (
            "Prices rose 2.5 percent, to US $ 1,000. Then they fell.",
            ["Prices rose 2.5 percent, to US $ 1,000.", "Then they fell."],
        ),
        (
            "“We will not leave.” The commander said so twice.",
            ["“We will not leave.”", "The commander said so twice."],
        ),
        (
            "“Will they come?” he asked. Nobody answered.",
            ["“Will they come?” he asked.", "Nobody answered."],
        ),
        (
            "The group (it had 10,000 fighters. e.g. in Raqqa) held out. The siege went on.",
            ["The group (it had 10,000 fighters. e.g. in Raqqa) held out.", "The siege went on."],
        ),
        (
            "The front moved 8–15 km — a large gain — in a week. Nobody expected it.",
            ["The front moved 8–15 km — a large gain — in a week.", "Nobody expected it."],
        ),
        (
            "See No. 4 in the list, e.g. the first convoy. It left at 5 a.m. on Monday.",
            ["See No. 4 in the list, e.g. the first convoy.", "It left at 5 a.m. on Monday."],
        ),
    ],
)
def test_it_splits_where_a_reader_would(text, expected):
    sentences = segment(text)

    assert texts(sentences) == expected
    assert_offsets_round_trip(text, sentences)


def test_it_keeps_wrapped_lines_in_one_sentence():
    text = "The town of Al-Bab is located\n40 km northeast of Aleppo. It was\ntaken in 2017."
    sentences = segment(text)

    assert texts(sentences) == [
        "The town of Al-Bab is located\n40 km northeast of Aleppo.",
        "It was\ntaken in 2017.",
    ]
    assert {s.paragraph for s in sentences} == {1}


def test_it_treats_each_complete_line_as_a_paragraph():
    text = "First paragraph ends here.\nSecond one too.\nA Caption\nThird paragraph."
    sentences = segment(text)

    assert [(s.paragraph, s.kind) for s in sentences] == [
        (1, "body"),
        (2, "body"),
        (3, "heading"),
        (4, "body"),
    ]


def test_it_numbers_paragraphs_separated_by_blank_lines():
    text = "One. Two.\n\n\n  Three.  \n \nFour."
    assert paragraphs(text) == [(0, 9), (14, 20), (25, 30)]
    assert [s.paragraph for s in segment(text)] == [1, 1, 2, 3]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_it_round_trips_offsets_on_any_text(text):
    assert_offsets_round_trip(text, segment(text))


_WORDS = st.sampled_from(
    ["U.S.", "Dr.", "12.7", "mm", "US", "$", "1,000", "(", ")", "“", "”", "—", "–", "e.g.",
     "Al-Bab", "said", "The", "town", ".", "?", "!", "\n", "\n\n", " ", "\u00a0", "...", "'"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join))
def test_it_round_trips_offsets_on_article_like_text(text):
    assert_offsets_round_trip(text, segment(text))


# Long paragraphs: pysbd's time grows with the square of a run without a
# sentence end, so it never reads more than MAX_PIECE characters at once.

RUN_ON = "the army moved troops and " * 8000 + "stopped."  # 208 KB, one sentence end


@pytest.fixture
def pysbd_inputs(monkeypatch):
    """The length of every text pysbd is given."""
    seen = []
    real = segment_module._segmenter()

    class Recording:
        def segment(self, text):
            seen.append(len(text))
            return real.segment(text)

    monkeypatch.setattr(segment_module, "_segmenter", Recording)
    return seen


def test_it_feeds_pysbd_a_paragraph_without_sentence_ends_in_bounded_pieces(pysbd_inputs):
    text = "A title\n\n" + RUN_ON
    sentences = segment(text)
    assert max(pysbd_inputs) <= segment_module.MAX_PIECE
    assert_offsets_round_trip(text, sentences)
    body = sentences[1:]
    assert len(body) == pytest.approx(len(RUN_ON) / segment_module.MAX_PIECE, rel=0.5)
    assert all(len(s.text) <= segment_module.MAX_PIECE for s in body)
    # Cut at a space, never inside a word.
    words = {"the", "army", "moved", "troops", "and", "stopped."}
    assert all(s.text.split()[0] in words and s.text.split()[-1] in words for s in body)


def test_it_prefers_commas_to_spaces_and_sentence_ends_to_commas(pysbd_inputs):
    clauses = "they came from the north, " * 200
    text = clauses + "and stopped. " + clauses + "and stopped."
    sentences = segment(text)
    assert_offsets_round_trip(text, sentences)
    assert max(pysbd_inputs) <= segment_module.MAX_PIECE
    assert all(s.text.endswith((",", ".")) for s in sentences)


def test_it_splits_a_long_paragraph_of_sentences_as_pysbd_alone_would(monkeypatch):
    sentence = "Dr. Smith said the U.S. sent 1,300 troops to Al-Bab on 12 Sept. 2016. "
    text = (sentence * 100).strip()
    cut = [(s.start, s.end) for s in segment(text)]
    monkeypatch.setattr(segment_module, "MAX_PIECE", 10**9)
    assert cut == [(s.start, s.end) for s in segment(text)]
    assert len(cut) == 100


@settings(max_examples=100, deadline=None)
@given(st.lists(_WORDS, max_size=200).map(" ".join))
def test_it_round_trips_offsets_when_cutting_into_pieces(text):
    original = segment_module.MAX_PIECE
    segment_module.MAX_PIECE = 40  # hypothesis runs the examples without fixtures in between
    try:
        assert_offsets_round_trip(text, segment(text))
    finally:
        segment_module.MAX_PIECE = original
