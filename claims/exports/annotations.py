"""A source's claims as W3C Web Annotations (JSON-LD).

Each anchor is one Annotation whose target carries two selectors into the
text of the revision its offsets refer to, as stored (the current one served
verbatim at /sources/<slug>/text.txt, an earlier one -- where an orphaned or
detached anchor's words still are -- at /sources/<slug>/revisions/<n>/text.txt):
a TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector
(start, end in Unicode code points, as Python counts them). The bodies
give the claim's statement, kind, evidence status and page.
"""

from django.urls import reverse

from ..models import Anchor, EvidenceStatus

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def selectors(anchor):
    quote = {"type": "TextQuoteSelector", "exact": anchor.exact}
    if anchor.prefix:
        quote["prefix"] = anchor.prefix
    if anchor.suffix:
        quote["suffix"] = anchor.suffix
    position = {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end}
    return [quote, position]


def annotation(anchor, *, collection_url, text_url, reader_url, build_url, current=None):
    claim = anchor.claim
    body = [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": claim.statement,
            "format": "text/plain",
        },
        {"type": "TextualBody", "purpose": "classifying", "value": claim.kind},
        {
            "type": "TextualBody",
            "purpose": "assessing" if claim.status != EvidenceStatus.UNASSESSED else "tagging",
            "value": claim.status,
        },
        {
            "id": build_url(claim.get_absolute_url()),
            "type": "Text",
            "format": "text/html",
            "purpose": "linking",
        },
    ]
    return {
        "id": f"{collection_url}#anchor-{anchor.pk}",
        "type": "Annotation",
        "motivation": "describing",
        "created": claim.created_at.isoformat(),
        "modified": claim.updated_at.isoformat(),
        "body": body,
        "target": _target(anchor, text_url, reader_url, build_url, current),
    }


def _target(anchor, text_url, reader_url, build_url, current):
    target = {
        "type": "SpecificResource",
        "source": text_url,
        "scope": f"{reader_url}#s-{anchor.sentence.index}",
        "selector": selectors(anchor),
    }
    if current is not None and anchor.revision != current:
        slug = anchor.sentence.source.slug
        target["source"] = build_url(reverse("source-revision-text", args=[slug, anchor.revision]))
        target["scope"] = build_url(reverse("source-revision", args=[slug, anchor.revision]))
    return target


def source_annotations(source, build_url):
    """An AnnotationCollection with one embedded AnnotationPage holding every
    anchor in `source` (a published source), in text order."""
    collection_url = build_url(reverse("source-annotations", args=[source.slug]))
    text_url = build_url(reverse("source-text", args=[source.slug]))
    reader_url = build_url(source.get_absolute_url())
    anchors = (
        Anchor.objects.filter(sentence__source=source)
        .select_related("claim", "sentence__source")
        .defer("sentence__source__text", "sentence__source__raw")
        .order_by("start", "end", "pk")
    )
    items = [
        annotation(
            anchor,
            collection_url=collection_url,
            text_url=text_url,
            reader_url=reader_url,
            build_url=build_url,
            current=source.revision,
        )
        for anchor in anchors
    ]
    return {
        "@context": CONTEXT,
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": f"Claims in “{source.title}”",
        "total": len(items),
        "first": {
            "id": f"{collection_url}#page-1",
            "type": "AnnotationPage",
            "partOf": collection_url,
            "startIndex": 0,
            "items": items,
        },
    }
