"""prepare_article: everything an import does before writing anything.

The admin preview shows a PreparedArticle; claims.services.article_import
stores it. Nothing here writes to the database (it reads actor and place
names to suggest mentions, and whether the text is already stored).
"""

import hashlib
import re
import time
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q

from . import ArticleRejected
from .extract import extract
from .propose import ProposedClaim, propose_claims
from .quantities import QuantitySuggestion, suggest_quantities
from .segment import HEADING, SentenceSpan, segment
from .suggest import NAME, MentionSuggestion, suggest_mentions

__all__ = [
    "ArticleRejected",
    "PreparedArticle",
    "content_hash",
    "human_size",
    "prepare_article",
    "size_refusal",
]

TITLE_MAX = 500
EDGE_SENTENCES = 5
OVERRIDABLE = ("title", "published_on", "publisher")


@dataclass
class PreparedArticle:
    title: str
    text: str
    raw: str
    format: str
    content_sha256: str
    sentences: list[SentenceSpan]
    mentions: list[MentionSuggestion] = field(default_factory=list)
    quantities: list[tuple[int, QuantitySuggestion]] = field(default_factory=list)
    claims: list[ProposedClaim] = field(default_factory=list)
    url: str = ""
    publisher: str = ""
    published_on: date | None = None
    date_precision: str = "unknown"
    language: str = "en"
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    raw_filename: str = ""
    raw_content_type: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    # The sentences the extractor found before any were dropped at the ends.
    sentences_found: int = 0
    dropped_at_start: int = 0
    # (index, text) of the first and last EDGE_SENTENCES sentences found, for
    # the admin to choose where the body starts and ends.
    edge_sentences: list[tuple[int, str]] = field(default_factory=list)
    existing: object = None  # the Source already holding this text: nothing was prepared

    @property
    def paragraph_count(self):
        return len({s.paragraph for s in self.sentences})

    @property
    def heading_count(self):
        return sum(1 for s in self.sentences if s.kind == HEADING)

    @property
    def first_sentence(self):
        return self.sentences[0] if self.sentences else None

    @property
    def last_sentence(self):
        return self.sentences[-1] if self.sentences else None

    @property
    def known_mentions(self):
        return [m for m in self.mentions if not m.is_candidate]

    @property
    def place_candidates(self):
        return [m for m in self.mentions if m.is_candidate and m.origin != NAME]

    @property
    def actor_candidates(self):
        return [m for m in self.mentions if m.is_candidate and m.origin == NAME]


def content_hash(text):
    """SHA-256 of the text with Unicode and whitespace normalized.

    Two copies of an article that differ only in line endings, spacing or
    Unicode composition are the same article.
    """
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def human_size(n):
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def size_refusal(what, size, limit):
    """ "The file is 5.0 MB (5,242,881 bytes); the largest accepted is ...": the
    rounded sizes alone would read the same for a file one byte over."""
    return (
        f"{what} is {human_size(size)} ({size:,} bytes); "
        f"the largest accepted is {human_size(limit)} ({limit:,} bytes)."
    )


def _valid_url(url):
    if not url or len(url) > 1000:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


def _fallback_title(filename, sentences):
    if filename:
        stem = re.sub(r"[_\-]+", " ", PurePath(filename).stem).strip()
        if any(ch.isalpha() for ch in stem):
            return stem
    text = sentences[0].text if sentences else ""
    return text if len(text) <= 120 else text[:119].rstrip() + "…"


def body_between(text, sentences, first, last):
    """(text, sentences) of the body from sentence `first` to `last` (1-based, inclusive).

    Whole sentences are dropped at either end, and nothing else: the body
    kept is text[start of first : end of last], a slice of the text as
    published, and the sentences kept are the same spans, shifted and
    numbered from 1. ArticleRejected if the range is not one.
    """
    count = len(sentences)
    if not (1 <= first <= last <= count):
        raise ArticleRejected(
            f"Choose a first and last sentence between 1 and {count}, the first not after the last."
        )
    if (first, last) == (1, count):
        return text, sentences
    kept = sentences[first - 1 : last]
    offset, end = kept[0].start, kept[-1].end
    paragraph_offset = kept[0].paragraph - 1
    return text[offset:end], [
        replace(
            span,
            index=number,
            paragraph=span.paragraph - paragraph_offset,
            start=span.start - offset,
            end=span.end - offset,
        )
        for number, span in enumerate(kept, start=1)
    ]


def _stored(extracted, sha256, filename, timings):
    """A PreparedArticle for the Source that already holds this text (by its
    content hash), with that source's metadata and no sentences; else None."""
    from ..models import Source

    # As services.source_with_text: the current text or an earlier revision's.
    existing = (
        Source.objects.filter(Q(content_sha256=sha256) | Q(revisions__content_sha256=sha256))
        .distinct()
        .first()
    )
    if existing is None:
        return None
    return PreparedArticle(
        title=existing.title,
        text=extracted.text,
        raw=extracted.raw,
        format=extracted.format,
        content_sha256=sha256,
        sentences=[],
        url=existing.url,
        publisher=existing.publisher,
        published_on=existing.published_on,
        date_precision=existing.date_precision,
        language=existing.language,
        authors=[a[:200] for a in extracted.authors],
        translators=[t[:200] for t in extracted.translators],
        raw_filename=PurePath(filename).name[:255] if filename else "",
        raw_content_type=extracted.content_type,
        timings=timings,
        existing=existing,
    )


def prepare_article(
    data,
    *,
    filename=None,
    url="",
    overrides=None,
    entities=None,
    first_sentence=None,
    last_sentence=None,
):
    """The article in `data` (bytes), extracted, segmented and with suggestions;
    or, when a Source already holds the same text (content_hash) and no body
    range is chosen, extracted only, with `existing` set to that source
    (article_import then stores nothing).

    `overrides` may set title, published_on (a date) and publisher; `url`
    (the original's address) wins over a canonical URL found in the page.
    `first_sentence` / `last_sentence` (1-based) drop whole sentences of page
    furniture at either end of the body (body_between). `entities` is a
    suggest.entity_dictionary(), read from the database when None. Raises
    ArticleRejected with a message for the user.
    """
    overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, "")}
    unknown = set(overrides) - set(OVERRIDABLE)
    if unknown:
        raise TypeError(f"unknown overrides: {', '.join(sorted(unknown))}")
    url = (url or "").strip()
    if url and not _valid_url(url):
        raise ArticleRejected(f"“{url[:200]}” is not a valid http(s) address.")
    limit = settings.CLAIMSDB_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ArticleRejected(size_refusal("The input", len(data), limit))
    timings = {}
    started = time.perf_counter()
    extracted = extract(data, filename=filename)
    timings["extract"] = time.perf_counter() - started
    if first_sentence is None and last_sentence is None:
        # The whole extracted text is the body: if it is stored, stop here.
        stored = _stored(extracted, content_hash(extracted.text), filename, timings)
        if stored is not None:
            return stored  # already in claimsdb: no segmentation, no suggestions

    started = time.perf_counter()
    sentences = segment(extracted.text)
    timings["segment"] = time.perf_counter() - started
    if not sentences:
        raise ArticleRejected("No sentences were found in the input.")
    sentence_count = len(sentences)
    edges = (
        sentences[:EDGE_SENTENCES]
        + sentences[max(EDGE_SENTENCES, sentence_count - EDGE_SENTENCES) :]
    )
    text, sentences = body_between(
        extracted.text, sentences, first_sentence or 1, last_sentence or sentence_count
    )
    extracted.text = text

    started = time.perf_counter()
    mentions = suggest_mentions(extracted.text, sentences, entities=entities)
    quantities = [
        (s.index, q)
        for s in sentences
        if s.kind != HEADING
        for q in suggest_quantities(s.text, s.start)
    ]
    timings["suggest"] = time.perf_counter() - started

    started = time.perf_counter()
    claims = propose_claims(extracted.text, sentences, mentions=mentions, quantities=quantities)
    timings["propose"] = time.perf_counter() - started

    title = overrides.get("title") or extracted.title or _fallback_title(filename, sentences)
    title = " ".join(title.split())
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    published_on, precision = extracted.published_on, extracted.date_precision
    if "published_on" in overrides:
        published_on, precision = overrides["published_on"], "day"
    if published_on is None:
        precision = "unknown"
    return PreparedArticle(
        title=title,
        text=extracted.text,
        raw=extracted.raw,
        format=extracted.format,
        content_sha256=content_hash(extracted.text),
        sentences=sentences,
        mentions=mentions,
        quantities=quantities,
        claims=claims,
        url=url or _valid_url(extracted.url),
        publisher=(overrides.get("publisher") or extracted.publisher)[:300],
        published_on=published_on,
        date_precision=precision,
        language=(extracted.language or "en")[:12],
        authors=[a[:200] for a in extracted.authors],
        translators=[t[:200] for t in extracted.translators],
        raw_filename=PurePath(filename).name[:255] if filename else "",
        raw_content_type=extracted.content_type,
        timings=timings,
        sentences_found=sentence_count,
        dropped_at_start=(first_sentence or 1) - 1,
        edge_sentences=[(s.index, s.text) for s in edges],
    )
