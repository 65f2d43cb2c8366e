import functools
from collections import Counter

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..fragments import reader_page_key
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
    # The page but for the editors' controls is rendered once per version of
    # the source's page (claims.fragments.reader_page_key), except with an
    # editor's suggestions or the actors and places linked, and with one
    # claim marked (a "Read in context" link: one text per claim would fill
    # the cache with near-copies).
    cached = not reviewing and not show_mentions and not request.GET.get("claim")
    page_key = None
    if cached:
        row = selectors.source_for_key(slug)
        page_key = reader_page_key(row, query=request.GET.urlencode())

    @functools.cache
    def page():
        # Everything the cached parts show, read only when one is rendered.
        source = selectors.source_for_reader(slug, with_text=not cached)
        anchors = selectors.reader_anchors(source)
        claims = {anchor.claim_id: anchor.claim for anchor in anchors}
        by_status = Counter(claim.status for claim in claims.values())
        return {
            "source": source,
            "anchors": anchors,
            "target": target if target in claims else None,
            "claim_count": len(claims),
            "status_counts": [
                (status.value, status.label, by_status[status.value])
                for status in EvidenceStatus
                if by_status[status.value]
            ],
        }

    def blocks():
        source, anchors = page()["source"], page()["anchors"]
        sentences = selectors.reader_sentences(source, anchors, with_mentions=show_mentions)
        suggested = selectors.claim_suggestions_for_source(source) if reviewing else {}
        for sentence in sentences:
            sentence.suggestions_here = suggested.get(sentence.pk, [])
        return source_blocks(source, sentences, highlights=highlights)

    context = {
        "page_key": page_key,
        "blocks": blocks,
        "show_mentions": show_mentions,
        "reviewing": reviewing,
        "highlights": highlights,
    }
    if cached:
        # Callables, which the template calls only inside a fragment it renders.
        context.update({name: functools.partial(_part, page, name) for name in _PARTS})
        context["page_source"] = row
    else:
        context.update(page())
        context["page_source"] = page()["source"]
    return render(request, "claims/source_detail.html", context)


_PARTS = ("source", "target", "claim_count", "status_counts")


def _part(page, name):
    return page()[name]
