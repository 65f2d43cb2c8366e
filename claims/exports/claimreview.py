"""schema.org ClaimReview JSON-LD for assessed claims.

The document itself comes from claims.jsonld.claim_review, the same function
the claim page embeds, so the page and the export always agree. Statuses map
to reviewRating as DESIGN.md and CLAIMREVIEW_RATINGS say: ratingValue 1
(refuted) .. 5 (supported), with bestRating 5, worstRating 1 and
alternateName the status label; unverified and not checkable carry only the
alternateName, and an unassessed claim has no review.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch

from .. import opendata
from ..jsonld import claim_review
from ..models import Claim
from . import CHUNK_SIZE

MEDIA_TYPE = "application/ld+json"


def reviewable_claims():
    """Published, assessed claims with what claim_review reads, prefetched."""
    return (
        Claim.objects.published()
        .assessed()
        .select_related("attributed_to")
        .prefetch_related(
            Prefetch("anchors", queryset=opendata.public_anchors(), to_attr="public_anchors"),
            "assessments",
        )
        .order_by("pk")
    )


def claim_reviews(request, claims=None):
    """Text chunks of a JSON array of ClaimReview documents, one per assessed claim."""
    if claims is None:
        claims = reviewable_claims()
    yield "["
    separator = "\n"
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        review = claim_review(claim, request)
        yield separator + json.dumps(review, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"
