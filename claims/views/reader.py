from collections import Counter

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..fragments import reader_body_key, reader_shell_key
from ..models import EvidenceStatus
from ..reader import source_blocks
from .suggestions import ACCEPT_PERMISSIONS as SUGGESTION_PERMISSIONS


@require_GET
def source_detail(request, slug):
    """The article as published, claims as quiet highlights listed beside the text.

    The address holds the reading options: ?mentions=1 links actors and
    places, ?highlights=0 draws the text plain, ?claim=<id> marks one claim's
    span (the claim page's "Read in context")."""
    show_mentions = request.GET.get("mentions") == "1"
    highlights = request.GET.get("highlights") != "0"
    target = request.GET.get("claim", "")
    target = int(target) if target.isdigit() and len(target) < 12 else None
    # Editors also see the import's suggested claims, to accept or reject in place.
    reviewing = request.user.has_perms(SUGGESTION_PERMISSIONS)
    # The text is rendered once per version of what it shows (claims.fragments),
    # except with an editor's suggestions or the actors and places linked, and
    # with one claim marked (a "Read in context" link: one text per claim would
    # fill the cache with near-copies).
    cached = not reviewing and not show_mentions and not request.GET.get("claim")
    source = selectors.source_for_reader(slug, with_text=not cached)
    anchors = selectors.reader_anchors(source)
    claims = {anchor.claim_id: anchor.claim for anchor in anchors}
    target = target if target in claims else None

    def blocks():
        # Called by the template only when the text is not in the fragment cache.
        sentences = selectors.reader_sentences(source, anchors, with_mentions=show_mentions)
        suggested = selectors.claim_suggestions_for_source(source) if reviewing else {}
        for sentence in sentences:
            sentence.suggestions_here = suggested.get(sentence.pk, [])
        return source_blocks(source, sentences, highlights=highlights)

    by_status = Counter(claim.status for claim in claims.values())
    status_counts = [
        (status.value, status.label, by_status[status.value])
        for status in EvidenceStatus
        if by_status[status.value]
    ]
    body_key = shell_key = None
    if cached:
        headings = selectors.reader_headings(source)
        body_key = reader_body_key(source, anchors, headings, highlights=highlights, target=target)
        # The header, the footer and the overview, which the reading switches'
        # links in it make depend on the query string.
        shell_key = reader_shell_key(
            source, status_counts=status_counts, query=request.GET.urlencode()
        )
    return render(
        request,
        "claims/source_detail.html",
        {
            "source": source,
            "blocks": blocks,
            "body_key": body_key,
            "shell_key": shell_key,
            "show_mentions": show_mentions,
            "reviewing": reviewing,
            "highlights": highlights,
            "target": target,
            "claim_count": len(claims),
            "status_counts": status_counts,
        },
    )
