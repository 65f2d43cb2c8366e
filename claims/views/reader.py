from collections import Counter

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..models import EvidenceStatus
from ..reader import source_blocks
from .suggestions import ACCEPT_PERMISSIONS as SUGGESTION_PERMISSIONS


@require_GET
def source_detail(request, slug):
    """The article as published, claims as quiet highlights listed beside the text.

    The address holds the reading options: ?mentions=1 links actors and
    places, ?highlights=0 draws the text plain, ?claim=<id> marks one claim's
    span (the claim page's "Read in context")."""
    source = selectors.source_for_reader(slug)
    show_mentions = request.GET.get("mentions") == "1"
    highlights = request.GET.get("highlights") != "0"
    target = request.GET.get("claim", "")
    target = int(target) if target.isdigit() and len(target) < 12 else None
    sentences = selectors.reader_sentences(source, with_mentions=show_mentions)
    # Editors also see the import's suggested claims, to accept or reject in place.
    reviewing = request.user.has_perms(SUGGESTION_PERMISSIONS)
    suggested = selectors.claim_suggestions_for_source(source) if reviewing else {}
    for sentence in sentences:
        sentence.suggestions_here = suggested.get(sentence.pk, [])
    blocks = source_blocks(source, sentences, highlights=highlights)
    claims = {a.claim_id: a.claim for s in sentences for a in s.anchors_here}
    by_status = Counter(claim.status for claim in claims.values())
    return render(
        request,
        "claims/source_detail.html",
        {
            "source": source,
            "blocks": blocks,
            "show_mentions": show_mentions,
            "reviewing": reviewing,
            "highlights": highlights,
            "target": target if target in claims else None,
            "claim_count": len(claims),
            "status_counts": [
                (status.value, status.label, by_status[status.value])
                for status in EvidenceStatus
                if by_status[status.value]
            ],
        },
    )
