"""Text selectors: where a quote sits in a source text.

An anchor keeps both offsets and a W3C TextQuoteSelector (exact text plus up
to 32 characters either side), so that it can be found again, or flagged,
if offsets ever stop matching the text.
"""

from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class TextQuote:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def text_quote_selector(text, start, end):
    """The selector for text[start:end]; raises ValueError for an empty or out-of-range span."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is not inside a text of {len(text)} characters")
    return TextQuote(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def find_quote(text, exact, *, prefix="", suffix="", near=None):
    """Offsets (start, end) of `exact` in `text`, or None if it is not there.

    Several occurrences are told apart by how much of prefix/suffix matches,
    then by closeness to `near` (the old start offset).
    """
    if not exact:
        return None
    candidates = []
    position = text.find(exact)
    while position != -1:
        candidates.append(position)
        position = text.find(exact, position + 1)
    if not candidates:
        return None

    def score(start):
        before = text[max(0, start - len(prefix)) : start]
        after = text[start + len(exact) : start + len(exact) + len(suffix)]
        context = _common_suffix(before, prefix) + _common_prefix(after, suffix)
        distance = abs(start - near) if near is not None else 0
        return (-context, distance)

    best = min(candidates, key=score)
    return best, best + len(exact)


def _common_prefix(a, b):
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a, b):
    return _common_prefix(a[::-1], b[::-1])
