"""Re-attaching quotes to a new version of an article (docs/revisions.md).

Pure functions on texts: nothing here reads or writes the database
(claims.services_revisions does, with what these return).

A quote is looked for in the new text in this order:

- exact: the same words with the same context (the prefix and suffix of its
  W3C TextQuoteSelector) around them, at one place only;
- moved: the same words at one place only, their context changed;
- fuzzy: the words changed slightly. Near where the old position maps to,
  RapidFuzz finds the best approximate match of prefix + quote + suffix;
  it is kept when that match scores at least FUZZY_CONTEXT_MIN and the
  words found score at least FUZZY_QUOTE_MIN against the old quote. The
  same words found at several places, none of them alone with the old
  context all round, are fuzzy too (the best placed is kept): a person says
  which is meant;
- orphaned: none of these.
"""

import bisect
import difflib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .anchoring import CONTEXT_CHARS

EXACT, MOVED, FUZZY, ORPHANED = "exact", "moved", "fuzzy", "orphaned"

# RapidFuzz scores, 0-100 (100: the same text). Chosen on the seed article's
# corrections (tests/test_revisions.py): a fixed typo or a changed figure in a
# quote scores 90 or more; a quote reworded beyond recognition below 70.
FUZZY_CONTEXT_MIN = 80  # fuzz.partial_ratio of prefix + quote + suffix
FUZZY_QUOTE_MIN = 75  # fuzz.ratio of the old quote and the words found
# How far either side of where the old position maps to the fuzzy search looks.
FUZZY_WINDOW = 2000
# A quote found more often than this is not told apart by its context.
MAX_OCCURRENCES = 200


@dataclass(frozen=True)
class Placement:
    state: str
    start: int | None = None
    end: int | None = None
    score: float = 100.0
    note: str = ""

    @property
    def found(self):
        return self.state != ORPHANED


class PositionMap:
    """Where an offset of the old text most likely is in the new one.

    Lines are compared (difflib), so a long article is mapped in a fraction
    of a second; inside a changed line an offset keeps its relative place.
    """

    def __init__(self, old, new):
        old_lines = old.splitlines(keepends=True)
        new_lines = new.splitlines(keepends=True)
        old_starts = _starts(old_lines)
        new_starts = _starts(new_lines)
        # autojunk: lines found everywhere (blank ones) anchor nothing.
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines)
        self._blocks = []  # (old_start, old_end, new_start, new_end, equal)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            a, b, c, d = old_starts[i1], old_starts[i2], new_starts[j1], new_starts[j2]
            if tag == "replace":
                # Changed lines (a paragraph corrected, its neighbour removed):
                # compared again word by word, so that the words kept map exactly.
                self._blocks.extend(_word_blocks(old[a:b], new[c:d], a, c))
            else:
                self._blocks.append((a, b, c, d, tag == "equal"))
        self._keys = [block[0] for block in self._blocks]
        self._new_length = len(new)

    def __call__(self, offset):
        if not self._blocks:
            return 0
        i = max(0, bisect.bisect_right(self._keys, offset) - 1)
        old_start, old_end, new_start, new_end, equal = self._blocks[i]
        if equal:
            return min(new_start + (offset - old_start), self._new_length)
        if old_end == old_start:
            return new_start
        share = (offset - old_start) / (old_end - old_start)
        return min(new_start + round(share * (new_end - new_start)), self._new_length)


_CHUNK = re.compile(r"\S+\s*|\s+")


def _word_blocks(old, new, old_offset, new_offset):
    """Blocks of PositionMap for two changed passages, compared word by word."""
    old_words = [(m.start(), m.group()) for m in _CHUNK.finditer(old)]
    new_words = [(m.start(), m.group()) for m in _CHUNK.finditer(new)]
    old_starts = [start for start, _ in old_words] + [len(old)]
    new_starts = [start for start, _ in new_words] + [len(new)]
    matcher = difflib.SequenceMatcher(
        None, [w for _, w in old_words], [w for _, w in new_words], autojunk=False
    )
    return [
        (
            old_offset + old_starts[i1],
            old_offset + old_starts[i2],
            new_offset + new_starts[j1],
            new_offset + new_starts[j2],
            tag == "equal",
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _starts(lines):
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def occurrences(text, exact, limit=MAX_OCCURRENCES):
    found = []
    position = text.find(exact)
    while position != -1 and len(found) < limit:
        found.append(position)
        position = text.find(exact, position + 1)
    return found


def context_score(text, start, exact, prefix, suffix):
    """How many characters of the old context are around `start` in `text`."""
    before = text[max(0, start - len(prefix)) : start]
    after = text[start + len(exact) : start + len(exact) + len(suffix)]
    return _common_suffix(before, prefix) + _common_prefix(after, suffix)


def place_quote(new_text, *, exact, prefix, suffix, expected=None, fuzzy=True):
    """Where `exact` (with its old `prefix` and `suffix`) is in `new_text`.

    `expected` is where its old start maps to (PositionMap), None when
    unknown (the fuzzy search then does not run).
    """
    if not exact:
        return Placement(ORPHANED, note="no quote")
    found = occurrences(new_text, exact)
    if found:
        full = len(prefix) + len(suffix)
        scored = sorted(
            (
                -context_score(new_text, p, exact, prefix, suffix),
                abs(p - expected) if expected is not None else 0,
                p,
            )
            for p in found
        )
        best_context, _, best = scored[0]
        end = best + len(exact)
        with_context = [p for c, _, p in scored if -c == full]
        if len(with_context) == 1 or (len(found) == 1 and -best_context == full):
            return Placement(EXACT, best, end)
        if len(found) == 1:
            return Placement(MOVED, best, end)
        # Several places, and not one of them alone with the old context all
        # round: the nearest best is kept, and a person says which is meant.
        return Placement(
            FUZZY,
            best,
            end,
            note=f"the same words appear {len(found)} times; the best placed was chosen",
        )
    if not fuzzy or expected is None:
        return Placement(ORPHANED, note="the words are not in the new text")
    return _fuzzy(new_text, exact=exact, prefix=prefix, suffix=suffix, expected=expected)


def _fuzzy(text, *, exact, prefix, suffix, expected):
    needle = prefix + exact + suffix
    lo = max(0, expected - len(prefix) - FUZZY_WINDOW)
    hi = min(len(text), expected + len(exact) + len(suffix) + FUZZY_WINDOW)
    window = text[lo:hi]
    if not window.strip():
        return Placement(ORPHANED, note="the new text has nothing near its old place")
    alignment = fuzz.partial_ratio_alignment(needle, window)
    if alignment is None or alignment.score < FUZZY_CONTEXT_MIN:
        score = alignment.score if alignment is not None else 0
        return Placement(
            ORPHANED, score=score, note=f"best match near its old place scored {score:.0f}"
        )
    # Where the quote's own ends went, through the edit script between the
    # context-and-quote and the passage matched; the passage is widened by
    # the length difference so that words added at its ends are not cut.
    slack = max(0, len(needle) - (alignment.dest_end - alignment.dest_start)) + 8
    region_start = max(0, alignment.dest_start - slack)
    region = window[region_start : alignment.dest_end + slack]
    opcodes = Levenshtein.opcodes(needle, region)
    start = region_start + _map(opcodes, len(prefix))
    end = region_start + _map(opcodes, len(prefix) + len(exact), at_end=True)
    start, end = _trim(window, start, end)
    if end <= start:
        return Placement(ORPHANED, note="the match held no words")
    words = window[start:end]
    quote_score = fuzz.ratio(exact, words)
    if quote_score < FUZZY_QUOTE_MIN:
        return Placement(
            ORPHANED,
            score=quote_score,
            note=f"the words near its old place scored {quote_score:.0f} against the quote",
        )
    return Placement(FUZZY, lo + start, lo + end, score=round(quote_score, 1))


def _map(opcodes, position, *, at_end=False):
    """Where boundary `position` of the source sequence falls in the destination.

    Text inserted right at a quote's start or end stays outside it; text
    replacing the quote's first or last words is taken in.
    """
    equal = [op for op in opcodes if op.tag == "equal" and op.src_start <= position <= op.src_end]
    if equal:
        op = equal[0] if at_end else equal[-1]
        return op.dest_start + position - op.src_start
    for op in opcodes:
        if op.src_start <= position <= op.src_end:
            return op.dest_end if at_end else op.dest_start
    return opcodes[-1].dest_end if opcodes else 0


_SPACE = re.compile(r"\s")


def _trim(text, start, end):
    while start < end and _SPACE.match(text[start]):
        start += 1
    while end > start and _SPACE.match(text[end - 1]):
        end -= 1
    return start, end


def _common_prefix(a, b):
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a, b):
    return _common_prefix(a[::-1], b[::-1])


# --- is it the same article? ----------------------------------------------------

SHINGLE_WORDS = 3
SAME_ARTICLE_MIN = 0.5  # share of the current text's word trigrams found in the new one
_WORD = re.compile(r"\w+")


def shared_trigrams(old, new):
    """Share (0..1) of the distinct word trigrams of `old` that are also in `new`."""
    old_set, new_set = _trigrams(old), _trigrams(new)
    if not old_set:
        return 1.0 if old.strip() == new.strip() else 0.0
    return len(old_set & new_set) / len(old_set)


def _trigrams(text):
    words = [w.casefold() for w in _WORD.findall(text)]
    return {
        tuple(words[i : i + SHINGLE_WORDS]) for i in range(max(0, len(words) - SHINGLE_WORDS + 1))
    }


# --- a word-level diff ----------------------------------------------------------

# A word or a punctuation mark with the spacing after it: spaces alone never
# match, so a rewritten sentence reads as one deletion and one insertion.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


@dataclass(frozen=True)
class DiffPart:
    kind: str  # "same", "inserted", "deleted"
    text: str


def word_diff(old, new):
    """The two texts as runs of unchanged, deleted and inserted words (spacing kept)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    # A lone short word kept between two changes ("the") is shown as changed.
    merged = []
    for i, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        lone = (
            tag == "equal" and i2 - i1 == 1 and len(a[i1].strip()) <= 3 and 0 < i < len(opcodes) - 1
        )
        tag = "replace" if lone else tag
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _, p1, _, q1, _ = merged.pop()
            merged.append(("replace", p1, i2, q1, j2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    parts = []
    for tag, i1, i2, j1, j2 in merged:
        if tag == "equal":
            parts.append(DiffPart("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("deleted", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("inserted", "".join(b[j1:j2])))
    return parts


def quote_context(text, start, end):
    """text[start:end] with up to CONTEXT_CHARS either side: (prefix, exact, suffix)."""
    return (
        text[max(0, start - CONTEXT_CHARS) : start],
        text[start:end],
        text[end : end + CONTEXT_CHARS],
    )
