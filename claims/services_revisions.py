"""Writes for article revisions: a new version of a source, and the review of
the anchors it moved (docs/revisions.md). Views, the admin and commands call these."""

import bisect
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import F

from . import revisions
from .anchoring import text_quote_selector
from .models import Anchor, ClaimEdit, Evidence, Mention, Quantity, Sentence, Source, SourceRevision
from .search import claim_search_refresh
from .services import (
    ServiceError,
    _insert_rows,
    claim_record_edit,
    mentions_suggest,
    writes_content,
)

# Sentences of the version being replaced are moved out of the way of the
# new ones' indexes (unique per source) until they are deleted.
_INDEX_SHIFT = 10_000_000
# A mention moves only with its context: a name found elsewhere with less
# than this much of its old surroundings is another mention, not this one.
MENTION_CONTEXT_MIN = 16
# ... and within this many characters of where its old position maps to.
MENTION_WINDOW = 5000


@dataclass
class RevisionReport:
    """What loading a new version did: the revision stored and where every anchor went."""

    revision: SourceRevision
    anchors: Counter = field(default_factory=Counter)  # state -> count
    mentions_kept: int = 0
    mentions_dropped: int = 0
    mentions_suggested: int = 0
    quantities_lost: list = field(default_factory=list)  # (claim id, quantity text)
    seconds: float = 0.0

    @property
    def summary(self):
        states = ", ".join(f"{n} {state}" for state, n in sorted(self.anchors.items())) or "none"
        return (
            f"anchors {states}; mentions {self.mentions_kept} kept, "
            f"{self.mentions_dropped} dropped, {self.mentions_suggested} new suggestions"
        )


def revision_check(*, source, prepared):
    """Raise ServiceError, saying why, if `prepared` cannot be a new version of `source`.

    A text already stored is named first: the import stops at its hash, before
    segmenting it, so it comes without sentences."""
    if not prepared.text.strip():
        raise ServiceError("The new version is empty: no text was found in it.")
    same = (
        SourceRevision.objects.filter(content_sha256=prepared.content_sha256)
        .select_related("source")
        .only("number", "source__title")
        .first()
    )
    if same is None and source.content_sha256 == prepared.content_sha256:
        same = SourceRevision(source=source, number=source.revision)
    if same is not None:
        if same.source_id == source.pk:
            raise ServiceError(
                f"Nothing was saved: this version is the same as revision {same.number} "
                f"of “{source.title}”."
            )
        raise ServiceError(
            f"Nothing was saved: this text is already stored as revision {same.number} "
            f"of another article, “{same.source.title}”."
        )
    if not prepared.sentences:
        raise ServiceError("The new version is empty: no text was found in it.")
    shared = revisions.shared_trigrams(source.text, prepared.text)
    if shared < revisions.SAME_ARTICLE_MIN:
        raise ServiceError(
            f"Nothing was saved: this does not look like a version of “{source.title}”. "
            f"Only {shared:.0%} of the current version's word trigrams (runs of three words) "
            f"are in the new text; a new version must keep at least "
            f"{revisions.SAME_ARTICLE_MIN:.0%}. Load it as a new article instead."
        )


@writes_content
def source_revise(*, source, prepared, imported_by=None, note=""):
    """Store `prepared` (a PreparedArticle) as the next revision of `source`.

    The source's text, upload and sentences become the new version's; every
    anchor is placed again (claims.revisions: exact, moved, fuzzy or
    orphaned), every mention moves with its words or is dropped, the import's
    suggestions are added where no mention is, and each claim's history notes
    the revision. Refused with ServiceError, writing nothing, when the text
    is empty, already stored, or of another article. Returns a RevisionReport.
    """
    started = time.perf_counter()
    source = Source.objects.select_for_update().get(pk=source.pk)
    revision_check(source=source, prepared=prepared)
    for span in prepared.sentences:
        if prepared.text[span.start : span.end] != span.text:
            raise ServiceError(f"Sentence {span.index} does not match the text at its offsets.")

    old_text, new_text, old_number = source.text, prepared.text, source.revision
    _first_revision_ensure(source)
    revision = SourceRevision.objects.create(
        source=source,
        number=old_number + 1,
        text=new_text,
        raw=prepared.raw,
        raw_filename=prepared.raw_filename,
        raw_content_type=prepared.raw_content_type,
        content_sha256=prepared.content_sha256,
        imported_by=imported_by,
        note=note.strip(),
    )
    report = RevisionReport(revision=revision)
    position = revisions.PositionMap(old_text, new_text)
    spans = prepared.sentences
    span_starts = [span.start for span in spans]

    def span_at(offset):
        """The new sentence holding `offset` (or the next one, or the last)."""
        i = bisect.bisect_right(span_starts, offset) - 1
        if i >= 0 and offset < spans[i].end:
            return spans[i]
        return spans[min(max(i + 1, 0), len(spans) - 1)]

    # The sentences of the version replaced step aside; the new ones go in.
    Sentence.objects.filter(source=source).update(index=F("index") + _INDEX_SHIFT)
    _insert_rows(
        Sentence,
        ("source", "index", "paragraph", "start", "end", "text", "kind"),
        [(source.pk, s.index, s.paragraph, s.start, s.end, s.text, s.kind) for s in spans],
    )
    sentence_ids = dict(source.sentences.filter(index__lt=_INDEX_SHIFT).values_list("index", "pk"))

    anchors = list(Anchor.objects.filter(source=source).order_by("pk"))
    edits = _anchors_place(
        anchors, old_text, new_text, old_number, revision.number, position, span_at, sentence_ids
    )
    report.anchors = Counter(anchor.state for anchor in anchors)
    _update_rows(
        Anchor,
        (
            "sentence",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "state",
            "revision",
            "previous_exact",
            "previous_revision",
            "previous_start",
            "previous_end",
        ),
        anchors,
    )
    kept, dropped = _mentions_move(source, old_text, new_text, position, span_at, sentence_ids)
    report.mentions_kept, report.mentions_dropped = len(kept), dropped
    fresh = [m for m in prepared.mentions if not _overlaps(kept, m.start, m.end)]
    mentions_suggest(suggestions=fresh, sentence_ids=sentence_ids)
    report.mentions_suggested = len(fresh)
    _evidence_move(source)
    # What is left of the old sentences goes, with the mentions not moved.
    Sentence.objects.filter(source=source, index__gte=_INDEX_SHIFT).delete()

    Source.objects.filter(pk=source.pk).update(
        text=new_text,
        raw=prepared.raw,
        raw_filename=prepared.raw_filename,
        raw_content_type=prepared.raw_content_type,
        content_sha256=prepared.content_sha256,
        revision=revision.number,
    )
    report.quantities_lost = _quantities_check(anchors, edits)
    ClaimEdit.objects.bulk_create(
        ClaimEdit(claim_id=claim_id, editor=imported_by, changes=changes)
        for claim_id, changes in edits.items()
    )
    reworded = sorted({a.claim_id for a in anchors if a.state == Anchor.State.FUZZY})
    claim_search_refresh(claims=reworded)
    # Their quotes changed: what they match may have too (docs/matching.md).
    from .services_matching import claim_matches_refresh

    claim_matches_refresh(claims=reworded)
    report.seconds = time.perf_counter() - started
    return report


def _overlaps(spans, start, end):
    """Whether [start, end) overlaps one of `spans`, sorted (start, end) pairs of
    mentions (which never nest far: a mention is a name of a few words)."""
    i = bisect.bisect_left(spans, (end,))
    return any(s < end and start < e for s, e in spans[max(0, i - 8) : i])


def _update_rows(model, fields, objects):
    """Write `fields` of every object, one UPDATE statement run for all rows.

    bulk_update() builds a CASE expression per field over the batch: for the
    1,000 anchors of the benchmark it spent 7 s compiling SQL (docs/revisions.md).
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    model_fields = [model._meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in model_fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in model_fields]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _first_revision_ensure(source):
    """Revision 1 as a row, for a source loaded from a fixture or dump that has none."""
    if not SourceRevision.objects.filter(source=source).exists():
        SourceRevision.objects.create(
            source=source,
            number=source.revision,
            text=source.text,
            raw=source.raw,
            raw_filename=source.raw_filename,
            raw_content_type=source.raw_content_type,
            content_sha256=source.content_sha256,
            imported_at=source.imported_at,
            imported_by=source.imported_by,
        )


def _anchors_place(anchors, old_text, new_text, old_number, new_number, position, span_at, ids):
    """Place each anchor in the new text, in memory; returns {claim id: changes} for the history."""
    taken = set()  # (claim, start, end): one claim, one anchor per span
    edits = {}
    for anchor in anchors:
        was = _where(anchor)
        if anchor.state == Anchor.State.DETACHED:
            # An editor left it on the revision where its words were.
            anchor.sentence_id = ids[span_at(0).index]
            continue
        if anchor.revision == old_number:
            placement = revisions.place_quote(
                new_text,
                exact=anchor.exact,
                prefix=anchor.prefix,
                suffix=anchor.suffix,
                expected=position(anchor.start),
            )
            expected = position(anchor.start)
        else:
            # Orphaned on an earlier revision: found again only if the very words are back.
            placement = revisions.place_quote(
                new_text, exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix
            )
            expected = 0
        key = (anchor.claim_id, placement.start, placement.end)
        if placement.found and key in taken:
            placement = revisions.Placement(revisions.ORPHANED, note="another anchor took it")
        if placement.found:
            taken.add(key)
            quote = text_quote_selector(new_text, placement.start, placement.end)
            if placement.state == revisions.FUZZY:
                anchor.previous_exact = anchor.exact
                anchor.previous_revision = anchor.revision
                anchor.previous_start, anchor.previous_end = anchor.start, anchor.end
            else:
                _forget_previous(anchor)
            _place(anchor, quote, revision=new_number)
            anchor.sentence_id = ids[span_at(quote.start).index]
        else:
            # Keeps its words and offsets on the revision where they were.
            anchor.sentence_id = ids[span_at(expected).index]
        anchor.state = placement.state
        now = _where(anchor) + (f" ({placement.note})" if placement.note else "")
        changes = edits.setdefault(
            anchor.claim_id, {"revision": {"from": old_number, "to": new_number}}
        )
        if "anchor" in changes:
            changes["anchor"]["from"] += f"; {was}"
            changes["anchor"]["to"] += f"; {now}"
        else:
            changes["anchor"] = {"from": was, "to": now}
    return edits


def _where(anchor):
    return (
        f"{anchor.state} in revision {anchor.revision} at {anchor.start}–{anchor.end}: "
        f"“{_short(anchor.exact)}”"
    )


def _short(text, limit=80):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence_move(source):
    """Evidence citing a sentence of the version replaced follows it to the new
    sentence that reads exactly the same; otherwise its link is cleared when the
    old sentence goes (its words and source stay with the evidence)."""
    cited = Evidence.objects.filter(sentence__source=source, sentence__index__gte=_INDEX_SHIFT)
    if not cited.exists():
        return
    same = {}
    for pk, text in source.sentences.filter(index__lt=_INDEX_SHIFT).values_list("pk", "text"):
        same.setdefault(text, pk)  # the first of repeated sentences
    moved = []
    for evidence in cited.only("pk", "quote"):
        if evidence.quote in same:
            evidence.sentence_id = same[evidence.quote]
            moved.append(evidence)
    Evidence.objects.bulk_update(moved, ["sentence"])


def _mentions_move(source, old_text, new_text, position, span_at, sentence_ids):
    """Move each mention with its words; returns the new spans kept and how many were dropped."""
    mentions = list(Mention.objects.filter(sentence__source=source).order_by("-status", "pk"))
    moved, kept, seen = [], [], set()
    for mention in mentions:
        prefix, words, suffix = revisions.quote_context(old_text, mention.start, mention.end)
        near = position(mention.start)
        full = len(prefix) + len(suffix)
        if new_text.startswith(words, near) and (
            revisions.context_score(new_text, near, words, prefix, suffix) == full
        ):
            start = near  # where its unchanged line put it: the common case
        else:
            # Looked for near where it was only: a name is found all over a long article.
            lo = max(0, near - MENTION_WINDOW)
            window = new_text[lo : near + len(words) + MENTION_WINDOW]
            scored = sorted(
                (
                    -revisions.context_score(new_text, lo + p, words, prefix, suffix),
                    abs(lo + p - near),
                    lo + p,
                )
                for p in revisions.occurrences(window, words)
            )
            if not scored:
                continue
            context, _, start = scored[0]
            if -context < min(full, MENTION_CONTEXT_MIN):
                continue
            if len(scored) > 1 and scored[1][0] == context and -context < full:
                continue  # two places fit as well: neither is surely this mention
        placement = revisions.Placement(revisions.MOVED, start, start + len(words))
        span = span_at(placement.start)
        if not span.start <= placement.start < placement.end <= span.end:
            continue
        key = (placement.start, placement.end, mention.actor_id, mention.place_id)
        if key in seen:
            continue
        seen.add(key)
        mention.start, mention.end = placement.start, placement.end
        mention.sentence_id = sentence_ids[span.index]
        moved.append(mention)
        kept.append((placement.start, placement.end))
    _update_rows(Mention, ("sentence", "start", "end"), moved)
    return sorted(kept), len(mentions) - len(moved)


def _quantities_check(anchors, edits):
    """Quantities whose words are no longer in any of their claim's quotes; noted in the history."""
    quotes = {}
    for anchor in anchors:
        if anchor.state not in (Anchor.State.ORPHANED, Anchor.State.DETACHED):
            quotes.setdefault(anchor.claim_id, []).append(anchor.exact)
    lost = []
    for quantity in Quantity.objects.filter(claim_id__in=list(edits)).order_by("claim", "id"):
        if not any(quantity.text in quote for quote in quotes.get(quantity.claim_id, [])):
            lost.append((quantity.claim_id, quantity.text))
            edits[quantity.claim_id][f"quantity {quantity.text}"] = {
                "from": "in the quote",
                "to": "no longer in the quote: check its value",
            }
    return lost


# --- the review queue: what a person decides about a moved anchor ---------------


def _locked(anchor):
    return (
        Anchor.objects.select_for_update(of=("self",))
        .select_related("source", "claim")
        .get(pk=anchor.pk)
    )


@writes_content
def anchor_confirm(*, anchor, editor):
    """An editor agrees with a fuzzy match: it becomes exact, the old quote is let go."""
    anchor = _locked(anchor)
    if anchor.state != Anchor.State.FUZZY:
        raise ServiceError(
            f"The anchor of claim #{anchor.claim_id} is {anchor.state}, not fuzzy: "
            "there is no match to confirm."
        )
    was = f"fuzzy: “{_short(anchor.previous_exact)}” became “{_short(anchor.exact)}”"
    anchor.state = Anchor.State.EXACT
    _forget_previous(anchor)
    anchor.save(
        update_fields=[
            "state",
            "previous_exact",
            "previous_revision",
            "previous_start",
            "previous_end",
        ]
    )
    claim_record_edit(
        claim=anchor.claim,
        editor=editor,
        changes={"anchor": {"from": was, "to": "confirmed by an editor"}},
    )
    return anchor


@writes_content
def anchor_reselect(*, anchor, editor, quote, sentence_index=None):
    """Point an anchor at `quote`, words of the source's current text, in
    sentence `sentence_index` if given; they must be there exactly once."""
    anchor = _locked(anchor)
    source = anchor.source
    quote = quote.strip()
    if not quote:
        raise ServiceError("Type or paste the words of the claim as the current version has them.")
    sentences = source.sentences.order_by("index")
    if sentence_index is not None:
        sentences = sentences.filter(index=sentence_index)
        if not sentences.exists():
            raise ServiceError(f"The current version has no sentence {sentence_index}.")
    places = []
    for sentence in sentences:
        for offset in revisions.occurrences(sentence.text, quote, limit=3):
            places.append((sentence, sentence.start + offset))
    where = f"sentence {sentence_index}" if sentence_index else "the current version"
    if not places:
        raise ServiceError(
            f"“{_short(quote)}” is not in {where} as written "
            "(a quote must lie within one sentence)."
        )
    if len(places) > 1:
        raise ServiceError(
            f"“{_short(quote)}” appears {len(places)} times in {where}: "
            "give the sentence number, or select more words."
        )
    sentence, start = places[0]
    selector = text_quote_selector(source.text, start, start + len(quote))
    was = _where(anchor)
    anchor.sentence = sentence
    _place(anchor, selector, revision=source.revision)
    anchor.state = Anchor.State.EXACT
    _forget_previous(anchor)
    anchor.save()
    claim_record_edit(
        claim=anchor.claim,
        editor=editor,
        changes={"anchor": {"from": was, "to": f"re-selected: {_where(anchor)}"}},
    )
    return anchor


def _place(anchor, selector, *, revision):
    """Point `anchor` at `selector`'s span of the given revision's text."""
    anchor.start, anchor.end = selector.start, selector.end
    anchor.exact, anchor.prefix, anchor.suffix = selector.exact, selector.prefix, selector.suffix
    anchor.revision = revision


def _forget_previous(anchor):
    """A decided anchor keeps no earlier words for review."""
    anchor.previous_exact = ""
    anchor.previous_revision = anchor.previous_start = anchor.previous_end = None


@writes_content
def anchor_detach(*, anchor, editor):
    """The claim no longer stands on the current text: the anchor goes back to the
    revision where its words were, and leaves the queue. Its claim keeps its page,
    which says so and shows the words from that revision."""
    anchor = _locked(anchor)
    if anchor.state == Anchor.State.FUZZY:
        old_text = (
            SourceRevision.objects.filter(source=anchor.source, number=anchor.previous_revision)
            .values_list("text", flat=True)
            .first()
        )
        if old_text is None:
            raise ServiceError("The revision this quote came from is not stored.")
        selector = text_quote_selector(old_text, anchor.previous_start, anchor.previous_end)
        _place(anchor, selector, revision=anchor.previous_revision)
    elif anchor.state != Anchor.State.ORPHANED:
        raise ServiceError(
            f"The anchor of claim #{anchor.claim_id} is {anchor.state}: only a fuzzy or "
            "orphaned anchor is detached."
        )
    was = _where(anchor)
    anchor.state = Anchor.State.DETACHED
    _forget_previous(anchor)
    anchor.save()
    claim_record_edit(
        claim=anchor.claim,
        editor=editor,
        changes={"anchor": {"from": was, "to": f"detached: kept on revision {anchor.revision}"}},
    )
    return anchor


def revision_texts(source):
    """{number: SourceRevision} of a source, with a stand-in revision 1 for a
    source loaded without its revisions (an older fixture or dump)."""
    stored = {r.number: r for r in SourceRevision.objects.filter(source=source)}
    if not stored:
        stored[source.revision] = SourceRevision(
            source=source,
            number=source.revision,
            text=source.text,
            content_sha256=source.content_sha256,
            imported_at=source.imported_at,
        )
    return stored


__all__ = [
    "RevisionReport",
    "anchor_confirm",
    "anchor_detach",
    "anchor_reselect",
    "revision_check",
    "revision_texts",
    "source_revise",
]
