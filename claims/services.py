"""Every write to the content: views, the admin, imports and commands call these.

Nothing else writes content rows. Each service works out the derived state of
what it wrote (Claim.is_published, Anchor.state and Anchor.source, search
documents) in its own transaction, scoped to the rows it touched, and raises
the content version once that transaction commits (claims.caching), so the
next anonymous request renders the new data. `record_save` and
`records_delete` are the admin's generic writes; `content_load` is the one
bulk path, for rows written as they are (fixtures, dumps, the benchmark corpus).
"""

import functools
import threading

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import slugify

from .anchoring import find_quote, text_quote_selector
from .caching import content_changed
from .fragments import claim_pages_changed, every_claim_page_changed
from .models import (
    MISMATCHED_STATES,
    Actor,
    ActorAlias,
    Anchor,
    Assessment,
    Claim,
    ClaimEdit,
    ClaimRelation,
    ClaimSuggestion,
    Contributor,
    Event,
    Evidence,
    EvidenceStatus,
    Mention,
    Place,
    PlaceAlias,
    Quantity,
    Sentence,
    Source,
    SourceRevision,
)
from .people import display_name
from .search import claim_search_refresh


def writes_content(function):
    """A service that writes content: one transaction, and the content version
    raised after it commits (once, however many services it calls). It may
    change what any claim page shows, so every claim page's cached fragments
    are rendered afresh (claims.fragments)."""
    return _service(function, every_claim_page=True)


def writes_claims(function):
    """A service that writes content and changes what only the pages of the
    claims it names show: it calls `claim_pages_changed` for each of them, and
    every other claim page's fragments stay cached (claims.fragments)."""
    return _service(function, every_claim_page=False)


# Per thread: how deep in services the code is, and whether one of them may
# have changed every claim page. The outermost raises that version once, as
# its last write, so the one row it locks is the last lock a write takes and
# two writes cannot wait on each other for it.
_calls = threading.local()


def _service(function, *, every_claim_page):
    @functools.wraps(function)
    def service(*args, **kwargs):
        depth = getattr(_calls, "depth", 0)
        if not depth:
            _calls.every_claim_page = False
        _calls.depth = depth + 1
        try:
            with transaction.atomic():
                result = function(*args, **kwargs)
                _calls.every_claim_page |= every_claim_page
                if not depth and _calls.every_claim_page:
                    every_claim_page_changed()
                content_changed()
        finally:
            _calls.depth = depth
        return result

    return service


def _related_claims(claim):
    """The claims whose pages show `claim` (its statement and status) in their
    related claims or "Also claimed in": every relation, either way."""
    pairs = ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)).values_list(
        "from_claim_id", "to_claim_id"
    )
    return {pk for pair in pairs for pk in pair}


class ServiceError(ValueError):
    """A write refused for a reason the user can act on; the message says which."""


class StaleClaim(ServiceError):
    """The claim changed since the editor loaded it; nothing was written."""

    def __init__(self, claim):
        self.claim = claim
        super().__init__(
            "Another editor changed this claim while you were editing it. "
            "Your changes were not saved; review the newer version below."
        )


class StaleClaims(ServiceError):
    """Some of several claims changed since the editor loaded them; nothing was written."""

    def __init__(self, claims):
        self.claims = claims
        numbers = ", ".join(f"#{claim.pk}" for claim in claims)
        super().__init__(
            f"Another editor changed {numbers} while you were choosing. Nothing was saved; "
            "reload the list and try again."
        )


# A selection longer than this is more likely a slip of the mouse than one claim.
MAX_SENTENCES_PER_CLAIM = 5


@writes_claims
def claim_create(
    *,
    sentence=None,
    start=None,
    end=None,
    spans=None,
    statement="",
    kind=Claim.Kind.FACTUAL,
    created_by=None,
    attributed_to=None,
    actors=(),
    places=(),
    events=(),
    quantities=(),
):
    """A claim anchored to source text[start:end] of `sentence` (default: the
    whole sentence), or to several `spans`: (sentence, start, end) triples, one
    anchor each, as when a quote runs over a sentence boundary.

    Every span must be a non-empty part of its sentence, all in one source.
    `quantities` are dicts of Quantity fields (text, value, value_max, unit,
    qualifier). The statement defaults to the quoted text.
    """
    if spans is None:
        spans = [(sentence, start, end)]
    spans = [(s, s.start if a is None else a, s.end if b is None else b) for s, a, b in spans]
    if not spans:
        raise ServiceError("Select the words the claim stands on.")
    if len(spans) > MAX_SENTENCES_PER_CLAIM:
        raise ServiceError(
            f"A claim can quote at most {MAX_SENTENCES_PER_CLAIM} sentences; this selection "
            f"covers {len(spans)}. Select a shorter passage, or make several claims."
        )
    source = spans[0][0].source
    for span_sentence, span_start, span_end in spans:
        if span_sentence.source_id != source.pk:
            raise ServiceError("A quote must come from one article.")
        if not span_sentence.start <= span_start < span_end <= span_sentence.end:
            raise ServiceError("The quote must be a non-empty part of one sentence.")
    quotes = [text_quote_selector(source.text, a, b) for _, a, b in spans]
    if not statement:
        statement = " ".join(source.text[quotes[0].start : quotes[-1].end].split())
    claim = Claim.objects.create(
        statement=statement.strip(),
        kind=kind,
        created_by=created_by,
        attributed_to=attributed_to,
        is_published=source.is_published,  # its anchors are there
    )
    Anchor.objects.bulk_create(
        Anchor(
            claim=claim,
            sentence=span_sentence,
            source=source,
            start=quote.start,
            end=quote.end,
            exact=quote.exact,
            prefix=quote.prefix,
            suffix=quote.suffix,
            revision=source.revision,
        )
        for (span_sentence, _, _), quote in zip(spans, quotes, strict=True)
    )
    claim.actors.set(actors)
    claim.places.set(places)
    claim.events.set(events)
    if claim.is_published:
        _counts().entity_counts_refresh(
            entities={
                Actor: _pks(actors),
                Place: _pks(places),
                Event: _pks(events),
                Source: {source.pk},
            }
        )
    Quantity.objects.bulk_create(Quantity(claim=claim, **fields) for fields in quantities)
    claim_pages_changed([claim])
    claim_search_refresh(claims=[claim])
    _matching().claims_corroboration_refresh(claims=[claim])
    _matching().claim_matches_refresh(claims=[claim])
    return claim


def _matching():
    """claims.services_matching, which builds on this module (imported when first used)."""
    from . import services_matching

    return services_matching


def _counts():
    """claims.services_counts, which builds on this module (imported when first used)."""
    from . import services_counts

    return services_counts


def _pks(objects):
    return {getattr(obj, "pk", obj) for obj in objects}


@writes_claims
def claim_assess(
    *,
    claim,
    status,
    rationale="",
    editor=None,
    expected_version=None,
    evidence=(),
):
    """Append an assessment and set the claim's status to it, in one transaction.

    `expected_version` is the claim version the editor's form was built from;
    if the claim moved on since, StaleClaim is raised and nothing is written.
    `evidence` is a sequence of dicts of Evidence fields.
    """
    if status not in EvidenceStatus.values:
        raise ServiceError(f"Unknown evidence status “{status}”.")
    rationale = rationale.strip()
    if status != EvidenceStatus.UNASSESSED and not rationale:
        raise ServiceError("A rationale is required for every status but unassessed.")
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleClaim(locked)
    assessment = Assessment.objects.create(
        claim=locked, status=status, rationale=rationale, editor=editor
    )
    for fields in evidence:
        evidence_add(claim=locked, editor=editor, **fields)
    _advance_version(locked, status=status)
    claim_pages_changed({locked.pk} | _related_claims(locked))
    claim.refresh_from_db()
    return assessment


def _advance_version(locked, **fields):
    """Write `fields` and raise the version, but only from the version read under lock.

    select_for_update() serialises writers on PostgreSQL; on SQLite it is a
    no-op, so the compare-and-set on `version` is what guarantees that a
    concurrent writer can never be silently overwritten there.
    """
    written = Claim.objects.filter(pk=locked.pk, version=locked.version).update(
        version=locked.version + 1, updated_at=timezone.now(), **fields
    )
    if not written:
        raise StaleClaim(Claim.objects.get(pk=locked.pk))
    locked.version += 1


@writes_claims
def claim_assess_many(
    *, claims, status, rationale="", editor=None, expected_versions=None, evidence=()
):
    """One status and rationale for several claims: all are assessed, or none is.

    `expected_versions` maps claim id to the version the editor saw; if any of
    them moved on since, StaleClaims names them all and nothing is written.
    """
    ids = sorted({claim.pk for claim in claims})
    if not ids:
        raise ServiceError("Select at least one claim.")
    locked = list(Claim.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    expected_versions = expected_versions or {}
    stale = [
        claim for claim in locked if expected_versions.get(claim.pk, claim.version) != claim.version
    ]
    if stale:
        raise StaleClaims(stale)
    return [
        claim_assess(
            claim=claim,
            status=status,
            rationale=rationale,
            editor=editor,
            expected_version=claim.version,
            evidence=evidence,
        )
        for claim in locked
    ]


@writes_claims
def evidence_add(*, claim, editor=None, sentence=None, **fields):
    """Cite evidence for a claim: a reference (url, title, publisher...),
    another claim's passage (`anchor`), or a sentence of another stored
    source (`sentence`), whose words are kept verbatim with the evidence."""
    if sentence is not None:
        sentence = (
            Sentence.objects.select_related("source")
            .defer("source__text", "source__raw")
            .filter(pk=sentence.pk)
            .first()
        )
        if sentence is None:
            raise ServiceError(
                "The sentence you chose is no longer stored (its article may have a new "
                "version). Nothing was saved: search for it again."
            )
        if Anchor.objects.filter(claim=claim, source_id=sentence.source_id).exists():
            raise ServiceError(
                f"Sentence {sentence.index} is in “{sentence.source.title}”, the article this "
                "claim comes from: evidence must come from another source. Nothing was saved."
            )
        fields.update(sentence=sentence, source=sentence.source, quote=sentence.text)
    claim_pages_changed([claim])
    return Evidence.objects.create(claim=claim, added_by=editor, **fields)


_EDITABLE_LINKS = ("actors", "places", "events")
_LINKED_MODELS = {"actors": Actor, "places": Place, "events": Event}


@writes_claims
def claim_update(*, claim, editor, expected_version=None, **values):
    """Change a claim's statement, kind, attribution or links, and record the edit.

    `values` holds only what the form sets: statement, kind, attributed_to,
    actors, places, events. Returns the ClaimEdit, or None when nothing
    changed (then nothing is written and the version stays).
    """
    unknown = set(values) - {"statement", "kind", "attributed_to", *_EDITABLE_LINKS}
    if unknown:
        raise TypeError(f"claim_update() cannot change {', '.join(sorted(unknown))}")
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleClaim(locked)

    fields, changes = {}, {}
    if "statement" in values:
        statement = values["statement"].strip()
        if not statement:
            raise ServiceError("The statement cannot be empty.")
        if statement != locked.statement:
            fields["statement"] = statement
            changes["statement"] = {"from": locked.statement, "to": statement}
    if "kind" in values:
        if values["kind"] not in Claim.Kind.values:
            raise ServiceError(f"Unknown claim kind “{values['kind']}”.")
        if values["kind"] != locked.kind:
            fields["kind"] = values["kind"]
            changes["kind"] = {"from": locked.kind, "to": values["kind"]}
    if "attributed_to" in values:
        before, after = locked.attributed_to, values["attributed_to"]
        if getattr(before, "pk", None) != getattr(after, "pk", None):
            fields["attributed_to"] = after
            changes["attributed_to"] = {
                "from": str(before) if before else None,
                "to": str(after) if after else None,
            }
    links, relinked = {}, {}
    for name in _EDITABLE_LINKS:
        if name not in values:
            continue
        before, after = list(getattr(locked, name).all()), list(values[name])
        if {obj.pk for obj in before} != {obj.pk for obj in after}:
            links[name] = after
            relinked[_LINKED_MODELS[name]] = _pks(before) ^ _pks(after)
            changes[name] = {
                "from": sorted(str(obj) for obj in before),
                "to": sorted(str(obj) for obj in after),
            }
    if not changes:
        return None

    _advance_version(locked, **fields)
    for name, objects in links.items():
        getattr(locked, name).set(objects)
    claim_pages_changed(_related_claims(locked))
    if relinked and locked.is_published:
        _counts().entity_counts_refresh(entities=relinked)
    claim.refresh_from_db()
    return claim_record_edit(claim=locked, editor=editor, changes=changes)


def claim_record_edit(*, claim, editor, changes):
    """Keep who changed what on a claim; `changes` maps field -> {"from": .., "to": ..}.

    Every edit of a claim's statement, anchors or links passes here, so the
    search document and the claim's candidate matches are refreshed here too."""
    if changes:
        edit = ClaimEdit.objects.create(claim=claim, editor=editor, changes=changes)
        claim_pages_changed([claim])
        claim_search_refresh(claims=[claim])
        _matching().claim_matches_refresh(claims=[claim])
        return edit
    return None


@writes_content
def anchors_check(*, anchors=None):
    """Set the state of `anchors` (a queryset; default all) from their source text, now.

    An anchor whose offsets no longer hold its quote becomes drifted (an
    orphaned one stays orphaned) and the review queue lists it; a drifted or
    orphaned one whose offsets hold the quote again (corrected by hand)
    becomes exact. An anchor recording another source than its sentence's
    gets its sentence's. Three UPDATE statements however many anchors there are.
    The services that write offsets, quotes or source texts as given (the
    admin's `record_save`, the bulk `content_load`) call it for what they wrote.
    Returns the number of anchors whose state changed.
    """
    anchors = Anchor.objects.all() if anchors is None else anchors
    # First the source each anchor records: its sentence's (a row from a file
    # may say otherwise), since the text is read through it.
    anchors.exclude(source=F("sentence__source")).update(
        source=Subquery(Sentence.objects.filter(pk=OuterRef("sentence")).values("source"))
    )
    # An anchor on the current text counts in the current revision (a row
    # written in the admin says revision 1 by default); docs/revisions.md.
    anchors.exclude(state__in=MISMATCHED_STATES).exclude(revision=F("source__revision")).update(
        revision=Subquery(Source.objects.filter(pk=OuterRef("source")).values("revision"))
    )
    mended = anchors.mismatched().on_text().update(state=Anchor.State.EXACT)
    drifted = (
        anchors.exclude(state__in=MISMATCHED_STATES).off_text().update(state=Anchor.State.DRIFTED)
    )
    return drifted + mended


@writes_content
def claims_publication_refresh(*, claims=None):
    """Set `Claim.is_published` of `claims` (a queryset; default all) from their anchors, now.

    A claim is published while at least one of its anchors is in a published
    source. Two UPDATE statements however many claims there are. Called by
    the services that write anchors or a source's publication as given
    (`record_save`, `records_delete`, `content_load`); `claim_create` sets it
    itself. Returns the number of claims that changed.
    """
    claims = Claim.objects.all() if claims is None else claims
    shown = (
        claims.filter(is_published=False)
        .filter(pk__in=Claim.objects.anchored_in_published().values("pk"))
        .update(is_published=True)
    )
    hidden = (
        claims.filter(is_published=True)
        .exclude(pk__in=Claim.objects.anchored_in_published().values("pk"))
        .update(is_published=False)
    )
    return shown + hidden


# --- the admin's writes and the bulk path ----------------------------------------


def _touched(model, pks):
    """(anchor ids, claim ids) whose derived state rows of `model` with `pks` decide.

    Read before a delete (the rows are gone after it) and before and after a
    save (an anchor may move from one claim or sentence to another)."""
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return set(), set()
    anchors = {
        Source: lambda: Anchor.objects.filter(sentence__source__in=pks),
        Sentence: lambda: Anchor.objects.filter(sentence__in=pks),
        Anchor: lambda: Anchor.objects.filter(pk__in=pks),
        Claim: lambda: Anchor.objects.filter(claim__in=pks),
    }.get(model)
    if model is ClaimRelation:
        pairs = ClaimRelation.objects.filter(pk__in=pks).values_list("from_claim", "to_claim")
        return set(), _matching().same_claims({pk for pair in pairs for pk in pair})
    if anchors is None:
        return set(), set()
    rows = list(anchors().values_list("pk", "claim_id"))
    claims = {claim for _, claim in rows}
    if model is Claim:
        claims.update(pks)
    return {pk for pk, _ in rows}, claims


def _derived_refresh(anchor_ids, claim_ids, entities=None):
    """Anchor state and source, then publication and search documents, of these
    rows only; then the claim counts of `entities` ({model: ids}, those the
    claims named before the write) and of those the claims name now."""
    if anchor_ids:
        anchors_check(anchors=Anchor.objects.filter(pk__in=anchor_ids))
    if claim_ids:
        claims = Claim.objects.filter(pk__in=claim_ids)
        claims_publication_refresh(claims=claims)
        claim_search_refresh(claims=claims)
        _matching().claims_corroboration_refresh(claims=claim_ids)
    # Read after publication is written (a new statement): a claim another
    # editor linked meanwhile is then among them (services_counts).
    counts = _counts()
    entities = counts.merged(entities or {}, counts.claims_entities(claim_ids))
    if entities:
        counts.entity_counts_refresh(entities=entities)


@writes_content
def record_save(*, instance, related=None):
    """Save one row as a person edited it in the admin, and `related` (a callable
    that saves its many-to-many links and inline rows), then put right the
    derived state of every anchor and claim it touched, before or after."""
    model = type(instance)
    before = _touched(model, [instance.pk]) if instance.pk else (set(), set())
    entities = _counts().claims_entities(before[1])
    instance.save()
    if related is not None:
        related()
    if model in _counts().COUNTED:
        # Saved whole, with the count read when the form was: counted again.
        entities = _counts().merged(entities, {model: {instance.pk}})
    after = _touched(model, [instance.pk])
    _derived_refresh(before[0] | after[0], before[1] | after[1], entities)
    return instance


@writes_content
def records_delete(*, queryset):
    """Delete rows (and what cascades from them); the claims that were anchored
    through them are shown or hidden again by what anchors they have left."""
    anchors, claims = _touched(queryset.model, list(queryset.values_list("pk", flat=True)))
    # The claims confirmed the same as a deleted one lose its sources.
    claims = _matching().same_claims(claims)
    entities = _counts().claims_entities(claims)  # a deleted claim's links go with it
    deleted, _ = queryset.delete()
    _derived_refresh(anchors, claims, entities)
    return deleted


# Mentions show on no claim page: no claim page changes.
@writes_claims
def mentions_mark(*, mentions, status):
    """Confirm (only those linked to an actor or place) or reject many mentions at once."""
    if status == Mention.Status.CONFIRMED:
        mentions = mentions.exclude(actor__isnull=True, place__isnull=True)
    elif status != Mention.Status.REJECTED:
        raise ServiceError("A suggestion can only be confirmed or rejected.")
    return mentions.update(status=status)


@writes_content
def content_load(*, write):
    """The bulk path: `write()` puts rows in as they are (a fixture, a dump, the
    benchmark corpus), then every anchor, claim and search document is worked
    out again in the same transaction (a few statements for all of them).
    Returns what `write()` returns."""
    result = write()
    anchors_check()
    claims_publication_refresh()
    claim_search_refresh()
    _matching().claims_corroboration_refresh()
    _counts().entity_counts_refresh()
    return result


@writes_content
def anchor_reanchor(*, anchor, editor=None):
    """Find an anchor's quote again once its offsets no longer match the source text.

    Found: the anchor moves to the new offsets (and the sentence holding
    them) and becomes moved. Not found: it is marked orphaned and keeps its
    old offsets for a person to look at. Either way the move is recorded in
    the claim's history; the quote and its original context stay as they were.
    """
    anchor = (
        Anchor.objects.select_for_update(of=("self",))
        .select_related("sentence__source")
        .get(pk=anchor.pk)
    )
    source = anchor.sentence.source
    if source.text[anchor.start : anchor.end] == anchor.exact:
        if anchor.state in MISMATCHED_STATES:  # corrected by hand meanwhile
            anchor.state = Anchor.State.EXACT
            anchor.save(update_fields=["state"])
        return anchor
    was = f"{anchor.get_state_display()} at {anchor.start}–{anchor.end}"
    found = find_quote(
        source.text, anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix, near=anchor.start
    )
    sentence = None
    if found is not None:
        sentence = (
            source.sentences.filter(start__lte=found[0], end__gt=found[0]).order_by("index").first()
        )
    if sentence is None:
        anchor.state = Anchor.State.ORPHANED
    else:
        anchor.sentence, (anchor.start, anchor.end) = sentence, found
        anchor.state = Anchor.State.MOVED
        anchor.revision = source.revision
    anchor.save(update_fields=["sentence", "start", "end", "state", "revision"])
    now = (
        f"{anchor.get_state_display()} at {anchor.start}–{anchor.end}"
        if anchor.state == Anchor.State.MOVED
        else "orphaned: the quote is no longer in the source"
    )
    claim_record_edit(
        claim=anchor.claim, editor=editor, changes={"anchor": {"from": was, "to": now}}
    )
    return anchor


# Mentions show on no claim page: no claim page changes.
@writes_claims
def mention_review(*, mention, status, reviewer):
    """Confirm or reject a suggested mention; a mention is reviewed once."""
    if status not in (Mention.Status.CONFIRMED, Mention.Status.REJECTED):
        raise ServiceError("A suggestion can only be confirmed or rejected.")
    if status == Mention.Status.CONFIRMED and mention.actor_id is None and mention.place_id is None:
        raise ServiceError(
            "This suggestion is not linked to an actor or place yet: "
            "create one from its candidate, or reject it."
        )
    reviewed = Mention.objects.filter(pk=mention.pk, status=Mention.Status.SUGGESTED).update(
        status=status, reviewed_by=reviewer, reviewed_at=timezone.now()
    )
    mention.refresh_from_db()
    if not reviewed:
        by = f" by {display_name(mention.reviewed_by)}" if mention.reviewed_by else ""
        raise ServiceError(f"“{mention.surface}” was already {mention.status}{by}.")
    return mention


def unique_slug(model, name, *, default):
    """A slug for `name` not yet taken in `model` (adds -2, -3, ... when needed)."""
    base = slugify(name)[:100].strip("-") or default
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# A new actor or place is linked to no claim yet: no claim page changes.
@writes_claims
def mention_create_actor(*, mention, reviewer, **fields):
    """A new actor from a suggested mention; the mention is confirmed to it."""
    return _mention_create_entity(mention, reviewer, Actor, ActorAlias, "actor", fields)


@writes_claims
def mention_create_place(*, mention, reviewer, **fields):
    """A new place from a suggested mention (typically a gazetteer candidate);
    the mention is confirmed to it."""
    return _mention_create_entity(mention, reviewer, Place, PlaceAlias, "place", fields)


def _mention_create_entity(mention, reviewer, model, alias_model, link, fields):
    mention = Mention.objects.select_for_update().get(pk=mention.pk)
    if mention.status != Mention.Status.SUGGESTED:
        raise ServiceError(f"“{mention.surface}” was already {mention.status}.")
    name = fields.pop("name", "").strip() or mention.surface
    entity = model.objects.create(
        name=name,
        slug=fields.pop("slug", None) or unique_slug(model, name, default=link),
        **fields,
    )
    if mention.surface.casefold() != name.casefold():
        alias_model.objects.create(**{link: entity, "name": mention.surface})
    mention.actor, mention.place = (entity, None) if link == "actor" else (None, entity)
    mention.status = Mention.Status.CONFIRMED
    mention.reviewed_by, mention.reviewed_at = reviewer, timezone.now()
    mention.save(update_fields=["actor", "place", "status", "reviewed_by", "reviewed_at"])
    return entity


# --- suggested claims ------------------------------------------------------------


class SuggestionDecided(ServiceError):
    """The suggestion was decided by someone else meanwhile; nothing was written."""

    def __init__(self, suggestion):
        self.suggestion = suggestion
        by = f" by {suggestion.decided_by}" if suggestion.decided_by_id else ""
        super().__init__(
            f"This suggestion was already {suggestion.get_status_display()}{by}; nothing was saved."
        )


_UNSET = object()


def _lock_open_suggestion(suggestion):
    """The suggestion, locked, with its sentence; SuggestionDecided unless it is still open.

    select_for_update() makes a second editor wait on PostgreSQL; on SQLite
    (no row locks) the conditional UPDATE in _decide is what lets one win.
    """
    locked = (
        ClaimSuggestion.objects.select_for_update(of=("self",))
        .select_related("sentence__source", "decided_by")
        .get(pk=suggestion.pk)
    )
    if locked.status != ClaimSuggestion.Status.OPEN:
        raise SuggestionDecided(locked)
    return locked


def _decide(locked, *, status, editor, claim=None):
    decided = ClaimSuggestion.objects.filter(
        pk=locked.pk, status=ClaimSuggestion.Status.OPEN
    ).update(status=status, decided_by=editor, decided_at=timezone.now(), claim=claim)
    if not decided:
        raise SuggestionDecided(
            ClaimSuggestion.objects.select_related("decided_by").get(pk=locked.pk)
        )
    locked.status, locked.decided_by, locked.claim = status, editor, claim


# Suggestions show on no claim page; claim_create names the new claim.
@writes_claims
def claim_suggestion_accept(
    *,
    suggestion,
    editor,
    statement=None,
    kind=None,
    start=None,
    end=None,
    attributed_to=_UNSET,
    actors=None,
    places=None,
):
    """Make the claim a suggestion proposes, as it is or as the editor corrected it.

    Unset arguments keep the suggestion's own: its quote (start, end: offsets
    into the source text, inside the sentence), kind and speaker; the actors
    and places are those of the sentence's mentions inside the quote (not
    rejected), the statement defaults to the quote, the quantities are those
    inside the quote. The claim is created by claim_create (with its anchor)
    and the suggestion marked accepted, in one transaction. If another editor
    decided it first, SuggestionDecided is raised and nothing is written.
    """
    locked = _lock_open_suggestion(suggestion)
    sentence = locked.sentence
    start = locked.start if start is None else start
    end = locked.end if end is None else end
    if not (sentence.start <= start < end <= sentence.end):
        raise ServiceError("The quote must be a non-empty part of the suggestion's sentence.")
    kind = locked.kind if kind in (None, "") else kind
    if kind not in Claim.Kind.values:
        raise ServiceError(f"Unknown claim kind “{kind}”.")
    if statement is not None and not statement.strip():
        raise ServiceError("The statement cannot be empty.")
    if actors is None or places is None:
        inside = locked.mentions_inside().filter(start__gte=start, end__lte=end)
        inside = inside.values_list("actor_id", "place_id")
        found_actors = {a for a, _ in inside if a}
        found_places = {p for _, p in inside if p}
    claim = claim_create(
        sentence=sentence,
        start=start,
        end=end,
        statement=statement or "",
        kind=kind,
        created_by=editor,
        attributed_to=locked.attributed_to if attributed_to is _UNSET else attributed_to,
        actors=found_actors if actors is None else actors,
        places=found_places if places is None else places,
        quantities=[
            {k: q[k] for k in ("text", "value", "value_max", "unit", "qualifier")}
            for q in _quantities_in(locked, start, end)
        ],
    )
    _decide(locked, status=ClaimSuggestion.Status.ACCEPTED, editor=editor, claim=claim)
    suggestion.refresh_from_db()
    return claim


def _quantities_in(suggestion, start, end):
    """The quantities inside start..end: the suggestion's own, or found again for another span."""
    if (start, end) == (suggestion.start, suggestion.end):
        return suggestion.quantities
    from .ingest.quantities import suggest_quantities

    sentence = suggestion.sentence
    return [
        q.as_dict()
        for q in suggest_quantities(sentence.text, sentence.start)
        if start <= q.start and q.end <= end
    ]


# Suggestions show on no claim page: no claim page changes.
@writes_claims
def claim_suggestion_reject(*, suggestion, editor):
    """Mark a suggestion rejected: not a claim. SuggestionDecided if already decided."""
    locked = _lock_open_suggestion(suggestion)
    _decide(locked, status=ClaimSuggestion.Status.REJECTED, editor=editor)
    suggestion.refresh_from_db()
    return suggestion


# Suggestions show on no claim page: no claim page changes.
@writes_claims
def claim_suggestion_split(*, suggestion, editor, positions):
    """Split a suggestion at `positions` (offsets into the source text) into open suggestions.

    The parts run from the quote's start to the first position, from there
    to the next, and so on to the quote's end; each is trimmed of the spaces
    and punctuation at its edges, so together they cover the original quote
    but for the separators between them. Each part is classified again
    (kind, reason, quantities) and keeps the actors and places mentioned in
    it. The original is marked split. Returns the new suggestions.
    """
    from .ingest.propose import classify, trimmed
    from .ingest.quantities import suggest_quantities

    locked = _lock_open_suggestion(suggestion)
    cuts = sorted(set(positions))
    if not cuts or not all(locked.start < p < locked.end for p in cuts):
        raise ServiceError("Split the quote at a place inside it, between its first and last word.")
    text = locked.sentence.source.text
    bounds = [locked.start, *cuts, locked.end]
    parts = [trimmed(text, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    if any(a >= b for a, b in parts):
        raise ServiceError("Each part of a split must hold some words.")
    sentence = locked.sentence
    mentions = list(locked.mentions_inside())
    quantities = suggest_quantities(sentence.text, sentence.start)
    _decide(locked, status=ClaimSuggestion.Status.SPLIT, editor=editor)
    created = []
    for a, b in parts:
        inside = [m for m in mentions if a <= m.start and m.end <= b]
        kind, reason, score, speaker_id = classify(
            text, a, b, mentions=_as_suggestions(inside), quantities=quantities
        )
        if ClaimSuggestion.objects.open().filter(sentence=sentence, start=a, end=b).exists():
            raise ServiceError(f"“{text[a:b]}” is already suggested in this sentence.")
        part = ClaimSuggestion.objects.create(
            source=locked.source,
            sentence=sentence,
            start=a,
            end=b,
            exact=text[a:b],
            kind=kind,
            reason=reason[:500],
            score=score,
            attributed_to_id=speaker_id,
            quantities=_jsonable_quantities(
                [
                    {"start": q.start, "end": q.end, **q.as_dict()}
                    for q in quantities
                    if a <= q.start and q.end <= b
                ]
            ),
            split_from=locked,
        )
        created.append(part)
    suggestion.refresh_from_db()
    return created


def _as_suggestions(mentions):
    """Stored mentions in the shape claims.ingest.propose.classify reads."""
    from .ingest.suggest import MentionSuggestion

    return [
        MentionSuggestion(
            sentence=0,
            start=m.start,
            end=m.end,
            surface=m.surface,
            origin=m.origin,
            actor_id=m.actor_id,
            place_id=m.place_id,
            label=m.surface,
        )
        for m in mentions
    ]


# --- article import -------------------------------------------------------------


def article_import(*, prepared, imported_by=None):
    """Store a PreparedArticle (claims.ingest.pipeline): (source, created).

    One transaction per article. The same body text (by content hash) is
    imported once: a second call returns the existing Source and writes
    nothing. Mentions are stored as suggestions; only a person confirms them.
    """
    existing = source_with_text(prepared.content_sha256)
    if existing is not None:
        return existing, False
    for _attempt in range(3):
        try:
            return _article_create(prepared=prepared, imported_by=imported_by), True
        except IntegrityError:
            # Someone stored the same text, or took the slug, since we looked.
            existing = source_with_text(prepared.content_sha256)
            if existing is not None:
                return existing, False
    raise ServiceError("The article could not be stored; please try again.")


def source_with_text(content_sha256):
    """The source that has (or once had, in an earlier revision) this text, or None."""
    found = Source.objects.filter(content_sha256=content_sha256).first()
    if found is None:
        found = Source.objects.filter(revisions__content_sha256=content_sha256).first()
    return found


@writes_content
def _article_create(*, prepared, imported_by):
    text = prepared.text
    for span in prepared.sentences:
        if text[span.start : span.end] != span.text:
            raise ServiceError(f"Sentence {span.index} does not match the text at its offsets.")
    source = Source.objects.create(
        slug=unique_slug(Source, prepared.title, default="article"),
        title=prepared.title,
        url=prepared.url,
        publisher=prepared.publisher,
        published_on=prepared.published_on,
        date_precision=prepared.date_precision,
        language=prepared.language,
        text=text,
        raw=prepared.raw,
        raw_filename=prepared.raw_filename,
        raw_content_type=prepared.raw_content_type,
        content_sha256=prepared.content_sha256,
        imported_by=imported_by,
    )
    contributors = [(name, Contributor.Role.AUTHOR) for name in prepared.authors] + [
        (name, Contributor.Role.TRANSLATOR) for name in prepared.translators
    ]
    Contributor.objects.bulk_create(
        Contributor(source=source, name=name, role=role, position=position)
        for position, (name, role) in enumerate(dict.fromkeys(contributors), start=1)
    )
    _insert_rows(
        Sentence,
        ("source", "index", "paragraph", "start", "end", "text", "kind"),
        [
            (source.pk, span.index, span.paragraph, span.start, span.end, span.text, span.kind)
            for span in prepared.sentences
        ],
    )
    SourceRevision.objects.create(
        source=source,
        number=1,
        text=text,
        raw=prepared.raw,
        raw_filename=prepared.raw_filename,
        raw_content_type=prepared.raw_content_type,
        content_sha256=prepared.content_sha256,
        imported_by=imported_by,
    )
    sentence_ids = dict(source.sentences.values_list("index", "pk"))
    mentions_suggest(suggestions=prepared.mentions, sentence_ids=sentence_ids)
    _store_claim_suggestions(
        source, sentence_ids, prepared.claims, connections[router.db_for_write(Mention)]
    )
    # What other sources already claim, for the editor deciding each suggestion.
    _matching().suggestions_match(suggestions=ClaimSuggestion.objects.filter(source=source))
    return source


def mentions_suggest(*, suggestions, sentence_ids):
    """Store import suggestions (suggest.MentionSuggestion) as suggested mentions;
    `sentence_ids` maps each sentence index to its row's id."""
    # A gazetteer candidate whose GeoNames id is already a Place is a mention of that place.
    geonames_ids = {
        m.candidate["geonames_id"] for m in suggestions if (m.candidate or {}).get("geonames_id")
    }
    places = dict(
        Place.objects.filter(geonames_id__in=geonames_ids).values_list("geonames_id", "pk")
    )
    connection = connections[router.db_for_write(Mention)]
    candidate_field = Mention._meta.get_field("candidate")
    _insert_rows(
        Mention,
        ("sentence", "start", "end", "surface", "actor", "place", "status", "origin", "candidate"),
        [
            (
                sentence_ids[m.sentence],
                m.start,
                m.end,
                m.surface[:300],
                m.actor_id,
                m.place_id or places.get((m.candidate or {}).get("geonames_id")),
                Mention.Status.SUGGESTED.value,
                m.origin,
                candidate_field.get_db_prep_save(m.candidate, connection),
            )
            for m in suggestions
        ],
    )


def _store_claim_suggestions(source, sentence_ids, proposed, connection):
    """The import's proposed claims as open ClaimSuggestions (one multi-row INSERT).

    Their actors and places are the mentions stored beside them
    (ClaimSuggestion.mentions_inside), so nothing more is written."""
    if not proposed:
        return
    json_field = ClaimSuggestion._meta.get_field("quantities")
    _insert_rows(
        ClaimSuggestion,
        (
            "source",
            "sentence",
            "start",
            "end",
            "exact",
            "kind",
            "reason",
            "score",
            "attributed_to",
            "quantities",
            "status",
            "similar_claims",
        ),  # fmt: skip
        [
            (
                source.pk,
                sentence_ids[p.sentence],
                p.start,
                p.end,
                p.exact,
                p.kind,
                p.reason[:500],
                p.score,
                p.speaker_id,
                json_field.get_db_prep_save(_jsonable_quantities(p.quantities), connection),
                ClaimSuggestion.Status.OPEN.value,
                json_field.get_db_prep_save([], connection),  # worked out next
            )
            for p in proposed
        ],
    )


def _jsonable_quantities(quantities):
    return [
        {k: (str(v) if k in ("value", "value_max") and v is not None else v) for k, v in q.items()}
        for q in quantities
    ]


def _insert_rows(model, fields, rows):
    """Insert `rows`, tuples of database-ready values for `fields`, into `model`'s table.

    For the thousands of sentences and mentions of a long article,
    bulk_create() spent more time building a model instance and preparing
    every field of every row than the database spent storing them; here the
    rows go straight into multi-row INSERTs. The database still checks every
    constraint. No signals are sent (bulk_create sends none either).
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    model_fields = [model._meta.get_field(name) for name in fields]
    columns = ", ".join(quote(field.column) for field in model_fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(1000, connection.ops.bulk_batch_size(model_fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
                + ", ".join([placeholders] * len(batch)),
                [value for row in batch for value in row],
            )
