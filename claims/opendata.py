"""What researchers may see: querysets shared by the API and the exports.

A source is public when it is published; a claim is public when at least one
of its anchors lies in a public source, and only those anchors are shown.
"""

from django.db.models import Prefetch

from .models import (
    Anchor,
    EventActor,
    Source,
)


def public_sources():
    return Source.objects.published()


def public_anchors():
    """Anchors in published sources, the first one made (where the claim was
    created) first; the same order on every database.

    Each anchor brings its own copy of its source, so the source's body and
    raw upload (the bulk of the row) are left behind: exports and API use its
    slug, title and dates only."""
    return (
        Anchor.objects.filter(sentence__source__is_published=True)
        .select_related("sentence__source")
        .defer("sentence__source__text", "sentence__source__raw")
        .order_by("pk")
    )


def with_event_details(events):
    return events.select_related("parent").prefetch_related(
        "places",
        Prefetch("event_actors", queryset=EventActor.objects.select_related("actor")),
    )
