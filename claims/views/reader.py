from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..reader import source_blocks


@require_GET
def source_detail(request, slug):
    """The article as published, claims highlighted; ?mentions=1 links actors and places."""
    source = selectors.source_for_reader(slug)
    show_mentions = request.GET.get("mentions") == "1"
    sentences = selectors.reader_sentences(source, with_mentions=show_mentions)
    blocks = source_blocks(source, sentences)
    contributors = list(source.contributors.all())
    return render(
        request,
        "claims/source_detail.html",
        {
            "source": source,
            "blocks": blocks,
            "show_mentions": show_mentions,
            "authors": [c for c in contributors if c.role == "author"],
            "translators": [c for c in contributors if c.role == "translator"],
            "editors": [c for c in contributors if c.role == "editor"],
            "claim_count": len({a.claim_id for s in sentences for a in s.anchors_here}),
        },
    )
