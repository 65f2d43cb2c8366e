from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..jsonld import claim_review
from ..models import STATUS_MEANINGS


@require_GET
def claim_detail(request, pk):
    claim = selectors.claim_for_page(pk)
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "status_meaning": STATUS_MEANINGS[claim.status],
            "related": selectors.claim_relations(claim),
            "claim_review": claim_review(claim, request),
        },
    )
