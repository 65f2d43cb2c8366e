"""schema.org ClaimReview for assessed claims (used by the claim page and the
ClaimReview export). The rating scale is in claims.models.CLAIMREVIEW_RATINGS."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from .models import CLAIMREVIEW_RATINGS, EvidenceStatus

PUBLISHER = {"@type": "Organization", "name": "claimsdb"}

# Characters that could end a <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def claim_review(claim, request):
    """The ClaimReview dict for a claim, or None if nobody has assessed it.

    Uses `claim.public_anchors` and `claim.assessments` when prefetched
    (selectors.claim_for_page) and queries for them otherwise.
    """
    if claim.status == EvidenceStatus.UNASSESSED:
        return None
    assessments = list(claim.assessments.all())
    latest = max(assessments, key=lambda a: (a.created_at, a.id), default=None)
    anchors = getattr(claim, "public_anchors", None)
    if anchors is None:
        anchors = list(
            claim.anchors.filter(sentence__source__is_published=True).select_related(
                "sentence__source"
            )
        )

    rating = {"@type": "Rating", "alternateName": claim.get_status_display()}
    value = CLAIMREVIEW_RATINGS.get(claim.status)
    if value is not None:
        rating.update(ratingValue=value, bestRating=5, worstRating=1)

    item = {"@type": "Claim", "appearance": [_appearance(a, request) for a in anchors]}
    if anchors:
        item["firstAppearance"] = item["appearance"][0]
    if claim.attributed_to_id:
        actor = claim.attributed_to
        item["author"] = {
            "@type": "Person" if actor.kind == "person" else "Organization",
            "name": actor.name,
            "url": request.build_absolute_uri(actor.get_absolute_url()),
        }

    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": request.build_absolute_uri(claim.get_absolute_url()),
        "claimReviewed": claim.statement,
        "author": PUBLISHER,
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if latest is not None:
        review["datePublished"] = latest.created_at.date().isoformat()
        review["reviewBody"] = latest.rationale
    return review


def _appearance(anchor, request):
    source = anchor.sentence.source
    work = {
        "@type": "CreativeWork",
        "headline": source.title,
        "url": source.url
        or request.build_absolute_uri(source.get_absolute_url() + f"#s-{anchor.sentence.index}"),
        "text": anchor.exact,
    }
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.published_on:
        work["datePublished"] = source.published_on.isoformat()
    return work


def json_ld_script(data):
    """A <script type="application/ld+json"> element, safe for any string in `data`."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(  # noqa: S308 - every <, > and & is escaped above
        '<script type="application/ld+json">' + text.translate(_SCRIPT_ESCAPES) + "</script>"
    )
