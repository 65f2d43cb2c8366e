"""Writes that touch several models. Views, admin and commands call these."""

from django.db import transaction
from django.utils import timezone

from .anchoring import text_quote_selector
from .models import Anchor, Assessment, Claim, ClaimEdit, Evidence, EvidenceStatus, Quantity
from .search import claim_search_refresh


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


@transaction.atomic
def claim_create(
    *,
    sentence,
    start=None,
    end=None,
    statement="",
    kind=Claim.Kind.FACTUAL,
    created_by=None,
    attributed_to=None,
    actors=(),
    places=(),
    events=(),
    quantities=(),
):
    """A claim anchored to source text[start:end] (default: the whole sentence).

    The span must lie inside the sentence. `quantities` are dicts of Quantity
    fields (text, value, value_max, unit, qualifier).
    """
    start = sentence.start if start is None else start
    end = sentence.end if end is None else end
    if not sentence.start <= start < end <= sentence.end:
        raise ServiceError("The quote must be a non-empty part of one sentence.")
    quote = text_quote_selector(sentence.source.text, start, end)
    claim = Claim.objects.create(
        statement=(statement or quote.exact).strip(),
        kind=kind,
        created_by=created_by,
        attributed_to=attributed_to,
    )
    Anchor.objects.create(
        claim=claim,
        sentence=sentence,
        start=quote.start,
        end=quote.end,
        exact=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
    )
    claim.actors.set(actors)
    claim.places.set(places)
    claim.events.set(events)
    Quantity.objects.bulk_create(Quantity(claim=claim, **fields) for fields in quantities)
    claim_search_refresh(claims=[claim])
    return claim


@transaction.atomic
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
        Evidence.objects.create(claim=locked, added_by=editor, **fields)
    Claim.objects.filter(pk=locked.pk).update(
        status=status, version=locked.version + 1, updated_at=timezone.now()
    )
    claim.refresh_from_db()
    return assessment


def claim_record_edit(*, claim, editor, changes):
    """Keep who changed what on a claim; `changes` maps field -> {"from": .., "to": ..}.

    Every edit of a claim's statement or anchors passes here, so the search
    document is refreshed here too."""
    if changes:
        ClaimEdit.objects.create(claim=claim, editor=editor, changes=changes)
        claim_search_refresh(claims=[claim])
