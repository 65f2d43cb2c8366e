"""Cut a source into what the reader page draws: paragraphs of sentences, each
sentence into non-overlapping segments.

Claims and mentions may overlap, nest or touch. Every anchor and mention
offset inside a sentence becomes a boundary; between two boundaries the text
is covered by a fixed set of claims (and mentions), so it can be drawn as one
element that links to each of them. Text is only sliced here, never changed:
the template escapes it.
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
    ending: list = field(default_factory=list)  # claims whose anchor ends with this segment
    # Several claims cover this text: link to each once, after the last segment
    # of a run covered by the same claims (a mention link may split a run),
    # except those whose status label follows anyway.
    refs: list = field(default_factory=list)

    @property
    def link_claim(self):
        """The claim the text itself links to: only when exactly one claim
        covers it, no mention link takes the text, and there is a visible
        word to click (a link around a lone space has no name)."""
        if len(self.claims) == 1 and self.mention is None and self.text.strip():
            return self.claims[0]
        return None

    @property
    def label_inside(self):
        """True when the ending claim's label can sit inside the text's own link."""
        claim = self.link_claim
        return claim is not None and claim in self.ending

    @property
    def labels_after(self):
        """Claims ending here whose status label follows the segment as its own link."""
        if self.label_inside:
            return [claim for claim in self.ending if claim != self.link_claim]
        return self.ending

    @property
    def statuses(self):
        return sorted({claim.status for claim in self.claims})


@dataclass
class SentenceView:
    sentence: object
    segments: list
    gap: str  # the published text between the previous sentence and this one

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


@dataclass
class Block:
    """A paragraph (list of body sentences) or a heading (one sentence)."""

    kind: str  # "paragraph" or "heading"
    sentences: list


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
        claims = []
        for (a_start, a_end), claim in spans:
            if a_start <= s and e <= a_end and claim not in claims:
                claims.append(claim)
        covering = [
            (m_end - m_start, m)
            for (m_start, m_end), m in mention_spans
            if m_start <= s and e <= m_end
        ]
        mention = max(covering, key=lambda pair: pair[0])[1] if covering else None
        ending = []
        for (a_start, a_end), claim in spans:
            if a_end == e and a_start < e and claim not in ending and claim in claims:
                ending.append(claim)
        segments.append(
            Segment(
                text=sentence.text[s - lo : e - lo],
                start=s,
                end=e,
                claims=claims,
                mention=mention,
                ending=ending,
            )
        )
    for segment, following in zip(segments, segments[1:] + [None], strict=True):
        if len(segment.claims) > 1 and (following is None or following.claims != segment.claims):
            # A claim ending here is linked by its own label right after.
            segment.refs = [claim for claim in segment.claims if claim not in segment.ending]
    return segments


def source_blocks(source, sentences):
    """Group prepared sentences (see selectors.reader_sentences) into headings and paragraphs."""
    blocks = []
    previous = None
    for sentence in sentences:
        same_paragraph = previous is not None and previous.paragraph == sentence.paragraph
        gap = source.text[previous.end : sentence.start] if same_paragraph else ""
        view = SentenceView(
            sentence=sentence,
            segments=sentence_segments(sentence, sentence.anchors_here, sentence.mentions_here),
            gap=gap,
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
