"""Paragraphs and sentences, as character offsets into the stored text.

pysbd decides where sentences end, but its output strings are never used
as the sentences: each is located in the original text by walking forward
over non-whitespace characters, so a sentence is always
`text[start:end]`, whatever pysbd does to whitespace. If pysbd ever
returns characters that are not in the text, the paragraph falls back to a
plain punctuation rule rather than storing wrong offsets.

pysbd's time grows with the square of a run of text without a sentence end
(its abbreviation regexes: 25 KB took 0.7 s, 200 KB 37 s), so it is never
given more than MAX_PIECE characters at once: a longer paragraph is cut
first where a sentence probably ends, else after ";", ":" or ",", else at a
space, else anywhere. Cuts are offsets like everything else, so sentences
stay exact slices of the text; a cut that is not a sentence end also ends a
sentence (a 200 KB paragraph with no full stop becomes pieces of at most
MAX_PIECE characters rather than one sentence no reader could use).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

BODY = "body"
HEADING = "heading"


@dataclass(frozen=True)
class SentenceSpan:
    index: int  # 1-based position in the text
    paragraph: int  # 1-based paragraph number
    start: int
    end: int
    text: str
    kind: str = BODY


_TERMINAL = (".", "!", "?", ":", ";", ",", "…")
_CLOSERS = "\"'”’»)]"
# Abbreviations that come before a name or a number: a period after them never ends a sentence.
_PREFIX_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl",
    "pvt", "adm", "brig", "cmdr", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "st", "no",
    "nos", "vs", "approx", "ca", "cf", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "p", "pp", "vol", "art", "sec",
}  # fmt: skip
_LAST_WORD = re.compile(r"([\w.]+)\.$")
# The most pysbd reads at once, and where a longer paragraph is cut: a likely
# sentence end first, then the weaker breaks in order.
MAX_PIECE = 2000
_LIKELY_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_WEAKER_BREAKS = (re.compile(r"[;:]\s+"), re.compile(r",\s+"), re.compile(r"\s+"))
_FALLBACK_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9])")


@lru_cache(maxsize=1)
def _segmenter():
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _is_blank(line):
    return not line.strip()


def is_heading(line):
    """A heading or caption: a short line with a capital and no sentence punctuation at its end."""
    line = line.strip()
    if not line or len(line) > 100 or len(line.split()) > 12:
        return False
    if line.rstrip(_CLOSERS).endswith(_TERMINAL):
        return False
    first = next((ch for ch in line if ch.isalnum()), "")
    return first.isupper() or first.isdigit()


def _ends_sentence(line):
    return line.rstrip().rstrip(_CLOSERS).endswith((".", "!", "?", "…", ":"))


def paragraphs(text):
    """(start, end) of each paragraph, whitespace trimmed.

    Paragraphs are separated by blank lines. A block whose every line is
    complete (ends a sentence, or is a heading) holds one paragraph per
    line, as text copied from a web page does; any other block is one
    paragraph whose lines were wrapped.
    """
    result = []
    block = []
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        if _is_blank(line):
            if block:
                result.extend(_block_paragraphs(text, block))
                block = []
        else:
            block.append((position, end))
        position = end + 1
    if block:
        result.extend(_block_paragraphs(text, block))
    return result


def _complete_line(line, following):
    """True if a line stands on its own: it ends a sentence, or is a heading above a new start."""
    if _ends_sentence(line):
        return True
    start = following.lstrip()[:1]
    return is_heading(line) and (start.isupper() or start in "“\"‘'«([")


def _block_paragraphs(text, lines):
    if len(lines) > 1 and all(
        _complete_line(text[s:e], text[lines[i + 1][0] : lines[i + 1][1]])
        for i, (s, e) in enumerate(lines[:-1])
    ):
        return [_trim(text, s, e) for s, e in lines]
    return [_trim(text, lines[0][0], lines[-1][1])]


def _trim(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _align(text, start, end, pieces):
    """Offsets of each piece inside text[start:end], matching non-whitespace characters.

    None if the pieces do not spell out the text (then pysbd changed it).
    """
    spans = []
    position = start
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        while position < end and text[position].isspace():
            position += 1
        first = position
        if text.startswith(piece, position) and position + len(piece) <= end:
            position += len(piece)
        else:
            for ch in piece:
                if ch.isspace():
                    continue
                while position < end and text[position].isspace():
                    position += 1
                if position >= end or text[position] != ch:
                    return None
                position += 1
        spans.append((first, position))
    rest_start, rest_end = _trim(text, position, end)
    if rest_start < rest_end:
        spans.append((rest_start, rest_end))
    return spans


def _fallback_spans(text, start, end):
    spans = []
    cursor = start
    for match in _FALLBACK_BOUNDARY.finditer(text, start, end):
        s, e = _trim(text, cursor, match.start())
        if s < e:
            spans.append((s, e))
        cursor = match.end()
    s, e = _trim(text, cursor, end)
    if s < e:
        spans.append((s, e))
    return spans


def _wrongly_split(text, previous, following):
    """True where pysbd ended a sentence that goes on."""
    head = text[following[0] : following[1]]
    first = head[0]
    if first.islower() or first in _CLOSERS or not any(ch.isalnum() for ch in head):
        return True
    tail = text[previous[0] : previous[1]]
    match = _LAST_WORD.search(tail)
    if match and match.group(1).lower() in _PREFIX_ABBREVIATIONS:
        return first.isdigit() or match.group(1).lower() not in {"no", "st", "p", "art"}
    return False


def _merge(text, spans, kept_apart=frozenset()):
    """Join spans pysbd split wrongly, except those starting at a cut in `kept_apart`."""
    merged = []
    for span in spans:
        if merged and span[0] not in kept_apart and _wrongly_split(text, merged[-1], span):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _last_break(text, start, end):
    """Where to cut text[start:end], and whether the cut is no likely sentence end.

    The cut is in the window's second half, so every piece is at least half full."""
    low = start + (end - start) // 2
    for pattern, forced in ((_LIKELY_END, False), *((p, True) for p in _WEAKER_BREAKS)):
        last = None
        for last in pattern.finditer(text, low, end):  # noqa: B007 - the last one is wanted
            pass
        if last is not None:
            return last.end(), forced
    return end, True


def _pieces(text, start, end):
    """text[start:end] as (start, end) pieces of at most MAX_PIECE characters,
    and the set of piece starts that follow a cut which is no sentence end."""
    pieces, forced_starts = [], set()
    while end - start > MAX_PIECE:
        cut, forced = _last_break(text, start, start + MAX_PIECE)
        pieces.append((start, cut))
        start = cut
        if forced:
            forced_starts.add(cut)
    pieces.append((start, end))
    return pieces, forced_starts


def _piece_spans(text, start, end):
    # pysbd reads a newline as a sentence end; inside a paragraph it is a wrapped line.
    view = text[start:end].replace("\n", " ")
    try:
        pieces = _segmenter().segment(view)
    except Exception:  # pysbd has crashed on odd input before; never lose the text over it
        pieces = None
    spans = _align(text, start, end, pieces) if pieces is not None else None
    if spans is None:
        spans = _fallback_spans(text, start, end)
    return spans


def sentence_spans(text, start, end):
    """(start, end) of the sentences in one paragraph text[start:end]."""
    pieces, forced_starts = _pieces(text, start, end)
    spans = [span for s, e in pieces for span in _piece_spans(text, s, e)]
    # A span that begins after a forced cut does not begin exactly there when
    # the cut left spaces; match the forced cut to the first span at or after it.
    kept_apart = {next((s for s, _ in spans if s >= cut), None) for cut in forced_starts}
    return _merge(text, spans, kept_apart)


def segment(text):
    """Every sentence of `text`, in order, with paragraph numbers and kinds."""
    sentences = []
    for number, (p_start, p_end) in enumerate(paragraphs(text), start=1):
        if is_heading(text[p_start:p_end]):
            spans, kind = [(p_start, p_end)], HEADING
        else:
            spans, kind = sentence_spans(text, p_start, p_end), BODY
        for s, e in spans:
            sentences.append(
                SentenceSpan(
                    index=len(sentences) + 1,
                    paragraph=number,
                    start=s,
                    end=e,
                    text=text[s:e],
                    kind=kind,
                )
            )
    return sentences
