"""A source's earlier versions: the list, one revision's text, and a word-level
diff between two (docs/revisions.md). The reader links here only when a source
has more than one revision."""

from itertools import groupby

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from .. import opendata
from ..ingest.segment import segment
from ..revisions import word_diff
from ..services_revisions import revision_texts

# An unchanged run longer than this is shown by its ends only.
UNCHANGED_SHOWN = 240


def _source(slug):
    return get_object_or_404(opendata.public_sources().defer("raw"), slug=slug)


def _revision(source, number):
    revision = revision_texts(source).get(number)
    if revision is None:
        raise Http404("This source has no revision with that number.")
    return revision


@require_GET
def source_revisions(request, slug):
    """Every version of the source, newest first, and a form to compare two."""
    source = _source(slug)
    numbers = {request.GET.get("from", ""), request.GET.get("to", "")}
    a, b = request.GET.get("from", ""), request.GET.get("to", "")
    if a.isdigit() and b.isdigit() and len(numbers) == 2:
        return redirect("source-revision-diff", slug=source.slug, a=int(a), b=int(b))
    revisions = sorted(revision_texts(source).values(), key=lambda r: -r.number)
    return render(request, "claims/revisions/list.html", {"source": source, "revisions": revisions})


@require_GET
def source_revision(request, slug, number):
    """One revision's text, paragraph by paragraph, its sentences numbered as they
    were (worked out again from its text)."""
    source = _source(slug)
    revision = _revision(source, number)
    paragraphs = [
        list(sentences)
        for _, sentences in groupby(segment(revision.text), key=lambda s: (s.paragraph, s.kind))
    ]
    return render(
        request,
        "claims/revisions/revision.html",
        {"source": source, "revision": revision, "paragraphs": paragraphs},
    )


@require_GET
def source_revision_text(request, slug, number):
    """A revision's text exactly as stored: what its anchors' offsets count in."""
    revision = _revision(_source(slug), number)
    return HttpResponse(revision.text, content_type="text/plain; charset=utf-8")


@require_GET
def source_revision_diff(request, slug, a, b):
    """What changed from revision `a` to revision `b`, word by word."""
    source = _source(slug)
    if a == b:
        raise Http404("Compare two different revisions.")
    stored = revision_texts(source)
    if a not in stored or b not in stored:
        raise Http404("This source has no revision with that number.")
    parts = [_shortened(part) for part in word_diff(stored[a].text, stored[b].text)]
    changes = sum(1 for part in parts if part["kind"] != "same")
    return render(
        request,
        "claims/revisions/diff.html",
        {
            "source": source,
            "old": stored[a],
            "new": stored[b],
            "parts": parts,
            "changes": changes,
            "numbers": sorted(stored),
        },
    )


def _shortened(part):
    text = part.text
    if part.kind != "same" or len(text) <= 2 * UNCHANGED_SHOWN:
        return {"kind": part.kind, "text": text}
    # Cut between words, not inside one.
    head = text[:UNCHANGED_SHOWN]
    head = head[: head.rfind(" ") + 1] if " " in head else head
    tail = text[-UNCHANGED_SHOWN:]
    tail = tail[tail.find(" ") :] if " " in tail else tail
    return {
        "kind": "same",
        "head": head,
        "tail": tail,
        "skipped": len(text) - len(head) - len(tail),
    }
