"""Cut a source into what the reader page draws: paragraphs of sentences, each
sentence into non-overlapping segments, and each paragraph's claims.

Claims and mentions may overlap, nest or touch. Every anchor and mention
offset inside a sentence becomes a boundary; between two boundaries the text
is covered by a fixed set of claims (and mentions), so it can be drawn as one
element that names each of them. Text is only sliced here, never changed,
and nothing is added to it: the template escapes it, and the claims
themselves are listed beside the text (or below it), not inside it.
"""

from dataclasses import dataclass, field
from itertools import pairwise


@dataclass
class Segment:
    text: str
    start: int
    end: int
    claims: list = field(default_factory=list)  # claims whose anchor covers this text
    mention: object = None  # the (longest) mention covering it, when mentions are shown
    starting: list = field(default_factory=list)  # claims whose anchor starts here

    @property
    def statuses(self):
        return sorted({claim.status for claim in self.claims})


@dataclass
class SentenceView:
    sentence: object
    segments: list
    gap: str  # the published text between the previous sentence and this one
    gap_start: int = 0  # its offset in the source text

    @property
    def index(self):
        return self.sentence.index

    @property
    def is_heading(self):
        return self.sentence.kind == "heading"

    @property
    def claims(self):
        seen = {}
        for anchor in self.sentence.anchors_here:
            seen.setdefault(anchor.claim_id, anchor.claim)
        return list(seen.values())

    @property
    def claim_ids(self):
        return " ".join(str(claim.pk) for claim in self.claims)


@dataclass
class Block:
    """A paragraph (list of body sentences) or a heading (one sentence)."""

    kind: str  # "paragraph" or "heading"
    sentences: list

    @property
    def claims(self):
        """Each claim anchored in the block once, in the order its quotes start,
        with `.sentence_indexes` (where in the block it is anchored)."""
        found = {}
        for view in self.sentences:
            for anchor in view.sentence.anchors_here:
                indexes = found.setdefault(anchor.claim, [])
                if view.index not in indexes:
                    indexes.append(view.index)
        return [
            ClaimNote(claim=claim, sentence_indexes=indexes) for claim, indexes in found.items()
        ]

    @property
    def suggestions(self):
        """The open suggested claims of the block's sentences (editors' pages only),
        as (sentence index, its fragment "#s-N", suggestion) in reading order."""
        return [
            (view.index, f"#s-{view.index}", suggestion)
            for view in self.sentences
            for suggestion in getattr(view.sentence, "suggestions_here", ())
        ]


@dataclass
class ClaimNote:
    claim: object
    sentence_indexes: list

    @property
    def sentences(self):
        return " ".join(str(index) for index in self.sentence_indexes)


def sentence_segments(sentence, anchors, mentions=()):
    """Non-overlapping segments covering sentence.text, in order.

    `anchors` and `mentions` carry start/end offsets into the source text;
    spans reaching outside the sentence are clipped to it.
    """
    lo, hi = sentence.start, sentence.end

    def clip(start, end):
        return max(lo, start), min(hi, end)

    spans = [(clip(a.start, a.end), a.claim) for a in anchors]
    spans = [((s, e), claim) for (s, e), claim in spans if s < e]
    mention_spans = [(clip(m.start, m.end), m) for m in mentions]
    mention_spans = [((s, e), m) for (s, e), m in mention_spans if s < e]

    bounds = {lo, hi}
    for (s, e), _ in spans + mention_spans:
        bounds.update((s, e))
    segments = []
    for s, e in pairwise(sorted(bounds)):
        claims, starting = [], []
        for (a_start, a_end), claim in spans:
            if a_start <= s and e <= a_end and claim not in claims:
                claims.append(claim)
                if a_start == s and claim not in starting:
                    starting.append(claim)
        covering = [
            (m_end - m_start, m)
            for (m_start, m_end), m in mention_spans
            if m_start <= s and e <= m_end
        ]
        mention = max(covering, key=lambda pair: pair[0])[1] if covering else None
        segments.append(
            Segment(
                text=sentence.text[s - lo : e - lo],
                start=s,
                end=e,
                claims=claims,
                mention=mention,
                starting=starting,
            )
        )
    return segments


def source_blocks(source, sentences, *, highlights=True):
    """Group prepared sentences (see selectors.reader_sentences) into headings and paragraphs.

    With `highlights` off the sentences are drawn as plain text; their claims
    are still listed with each paragraph."""
    blocks = []
    previous = None
    for sentence in sentences:
        same_paragraph = previous is not None and previous.paragraph == sentence.paragraph
        gap_start = previous.end if same_paragraph else sentence.start
        view = SentenceView(
            sentence=sentence,
            segments=sentence_segments(
                sentence, sentence.anchors_here if highlights else (), sentence.mentions_here
            ),
            gap=source.text[gap_start : sentence.start],
            gap_start=gap_start,
        )
        if sentence.kind == "heading":
            view.gap = ""
            blocks.append(Block("heading", [view]))
        elif (
            same_paragraph
            and blocks
            and blocks[-1].kind == "paragraph"
            and blocks[-1].sentences[-1].sentence.paragraph == sentence.paragraph
        ):
            blocks[-1].sentences.append(view)
        else:
            view.gap = ""
            blocks.append(Block("paragraph", [view]))
        previous = sentence
    return blocks
