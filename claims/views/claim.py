from django.shortcuts import render
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from .. import selectors
from ..fragments import claim_page_key
from ..jsonld import claim_review
from ..models import STATUS_MEANINGS
from ..permissions import can_edit


class ClaimPage:
    """What the claim page's fragments show, read only when one is rendered."""

    def __init__(self, pk, request, claim=None):
        self.pk, self.request = pk, request
        if claim is not None:
            self.claim = claim

    @cached_property
    def claim(self):
        return selectors.claim_for_page(self.pk)

    @cached_property
    def status_meaning(self):
        return STATUS_MEANINGS[self.claim.status]

    @cached_property
    def related(self):
        return selectors.claim_relations(self.claim)

    @cached_property
    def review(self):
        return claim_review(self.claim, self.request)


@require_GET
def claim_detail(request, pk):
    if can_edit(request.user):
        # An editor's page carries controls and proposed matches: rendered whole.
        claim = selectors.claim_for_page(pk)
        page, key = ClaimPage(pk, request, claim), None
    else:
        # Everyone else sees the same page: its fragments are rendered once per
        # version of what they show (claims.fragments.claim_page_key).
        claim = selectors.claim_for_key(pk)
        page, key = ClaimPage(pk, request), claim_page_key(claim, request)
    return render(
        request, "claims/claim_detail.html", {"claim": claim, "page": page, "page_key": key}
    )
