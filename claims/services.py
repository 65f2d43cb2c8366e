"""Writes that touch several models. Views, admin and commands call these."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .anchoring import text_quote_selector
from .models import (
    Anchor,
    Assessment,
    Claim,
    ClaimEdit,
    Contributor,
    Evidence,
    EvidenceStatus,
    Mention,
    Place,
    Quantity,
    Sentence,
    Source,
)
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


# --- article import -------------------------------------------------------------


def _unique_source_slug(title):
    base = slugify(title)[:100].strip("-") or "article"
    taken = set(Source.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def article_import(*, prepared, imported_by=None):
    """Store a PreparedArticle (claims.ingest.pipeline): (source, created).

    One transaction per article. The same body text (by content hash) is
    imported once: a second call returns the existing Source and writes
    nothing. Mentions are stored as suggestions; only a person confirms them.
    """
    existing = Source.objects.filter(content_sha256=prepared.content_sha256).first()
    if existing is not None:
        return existing, False
    for _attempt in range(3):
        try:
            return _article_create(prepared=prepared, imported_by=imported_by), True
        except IntegrityError:
            # Someone stored the same text, or took the slug, since we looked.
            existing = Source.objects.filter(content_sha256=prepared.content_sha256).first()
            if existing is not None:
                return existing, False
    raise ServiceError("The article could not be stored; please try again.")


@transaction.atomic
def _article_create(*, prepared, imported_by):
    text = prepared.text
    for span in prepared.sentences:
        if text[span.start : span.end] != span.text:
            raise ServiceError(f"Sentence {span.index} does not match the text at its offsets.")
    source = Source.objects.create(
        slug=_unique_source_slug(prepared.title),
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
    sentences = Sentence.objects.bulk_create(
        Sentence(
            source=source,
            index=span.index,
            paragraph=span.paragraph,
            start=span.start,
            end=span.end,
            text=span.text,
            kind=span.kind,
        )
        for span in prepared.sentences
    )
    by_index = {sentence.index: sentence for sentence in sentences}
    # A gazetteer candidate whose GeoNames id is already a Place is a mention of that place.
    geonames_ids = {m.candidate["geonames_id"] for m in prepared.mentions if m.is_candidate}
    places = dict(
        Place.objects.filter(geonames_id__in=geonames_ids).values_list("geonames_id", "pk")
    )
    Mention.objects.bulk_create(
        Mention(
            sentence=by_index[m.sentence],
            start=m.start,
            end=m.end,
            surface=m.surface[:300],
            actor_id=m.actor_id,
            place_id=m.place_id or places.get(m.candidate.get("geonames_id")),
            status=Mention.Status.SUGGESTED,
            origin=m.origin,
            candidate=m.candidate,
        )
        for m in prepared.mentions
    )
    return source
