"""What researchers may see: querysets shared by the API and the exports.

A source is public when it is published; a claim is public when at least one
of its anchors lies in a public source, and only those anchors are shown.
"""

from django.db.models import Prefetch

from .models import (
    Actor,
    Anchor,
    Assessment,
    ClaimRelation,
    Event,
    EventActor,
    Evidence,
    Place,
    Quantity,
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


def with_claim_details(claims):
    """Everything a claim's full rendering needs, in a fixed number of queries.

    Each relation is kept as a list attribute named `<relation>_list`
    (`public_anchors` for the anchors in published sources): reading a list
    costs nothing, while each `.all()` on a prefetched relation builds a
    manager and a queryset (a fifth of a 50-claim API page).
    """
    return claims.select_related("attributed_to", "first_source").prefetch_related(
        Prefetch("anchors", queryset=public_anchors(), to_attr="public_anchors"),
        *(
            Prefetch(name, queryset=model.objects.all(), to_attr=f"{name}_list")
            for name, model in (
                ("actors", Actor),
                ("places", Place),
                ("events", Event),
                ("quantities", Quantity),
                ("assessments", Assessment),
            )
        ),
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related(
                "anchor__sentence__source", "source", "sentence"
            ).defer(
                "anchor__sentence__source__text",
                "anchor__sentence__source__raw",
                "source__text",
                "source__raw",
            ),
            to_attr="evidence_list",
        ),
        # Only links whose other end researchers can see.
        Prefetch(
            "relations_out",
            queryset=ClaimRelation.objects.filter(to_claim__is_published=True),
            to_attr="relations_out_list",
        ),
        Prefetch(
            "relations_in",
            queryset=ClaimRelation.objects.filter(from_claim__is_published=True),
            to_attr="relations_in_list",
        ),
    )


def with_event_details(events):
    return events.select_related("parent").prefetch_related(
        "places",
        Prefetch("event_actors", queryset=EventActor.objects.select_related("actor")),
    )
