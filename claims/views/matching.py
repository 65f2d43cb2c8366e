"""An editor's decision on a proposed match, from the claim page (docs/matching.md)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from ..models import Claim
from ..permissions import write_view
from ..services import ServiceError
from ..services_matching import claim_match_decide

DONE = {
    "same": "Recorded: #{other} is the same claim.",
    "contradicts": "Recorded: #{other} contradicts this claim.",
    "related": "Recorded: #{other} is related to this claim.",
    "dismiss": "Dismissed: #{other} will not be proposed again.",
}


@write_view("claims.add_claimrelation", "claims.change_claimmatch")
def claim_match_decide_view(request, pk, other):
    claim = get_object_or_404(Claim, pk=pk)
    other_claim = get_object_or_404(Claim, pk=other)
    decision = request.POST.get("decision", "")
    try:
        claim_match_decide(claim=claim, other=other_claim, decision=decision, editor=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, DONE[decision].format(other=other_claim.pk))
    return redirect(f"{claim.get_absolute_url()}#also-claimed")
