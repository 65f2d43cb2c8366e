"""Claims as CSV, one row per anchor (a claim quoted in two places has two rows).

Rows are read as plain tuples, 500 claims at a time with one query per
related table, rather than as model instances: on 10,000 claims building
and prefetching instances was most of the time.
"""

from collections import defaultdict
from itertools import batched

from django.urls import reverse

from ..models import Anchor, Claim
from . import CHUNK_SIZE
from .csvcells import join_names, stream_csv

HEADER = [
    "claim_id",
    "claim_url",
    "source",
    "source_title",
    "sentence_index",
    "start",
    "end",
    "quote",
    "statement",
    "kind",
    "status",
    "attributed_to",
    "actors",
    "places",
    "events",
    "anchor_state",
]

# Names per claim, through each many-to-many table, in the order shown.
_LINKS = {
    "actors": (Claim.actors.through, "actor__name"),
    "places": (Claim.places.through, "place__name"),
    "events": (Claim.events.through, "event__title"),
}


def _names(ids):
    names = {}
    for key, (through, name) in _LINKS.items():
        found = defaultdict(list)
        rows = through.objects.filter(claim_id__in=ids).order_by(name, "pk")
        for claim_id, value in rows.values_list("claim_id", name):
            found[claim_id].append(value)
        names[key] = found
    return names


def _anchors(ids):
    found = defaultdict(list)
    rows = (
        Anchor.objects.filter(claim_id__in=ids, sentence__source__is_published=True)
        .order_by("pk")
        .values_list(
            "claim_id",
            "sentence__source__slug",
            "sentence__source__title",
            "sentence__index",
            "start",
            "end",
            "exact",
            "state",
        )
    )
    for claim_id, *anchor in rows:
        found[claim_id].append(anchor)
    return found


def claim_rows(claims, build_url):
    """CSV rows for `claims` (a queryset), in its order."""
    # One reverse() for all: claim pages differ only by the id.
    url_pattern = build_url(reverse("claim-detail", args=[0])).replace("/0/", "/{}/")
    rows = claims.values_list("pk", "statement", "kind", "status", "attributed_to__name")
    for chunk in batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        ids = [row[0] for row in chunk]
        anchors, names = _anchors(ids), _names(ids)
        for pk, statement, kind, status, attributed_to in chunk:
            for slug, title, index, start, end, exact, state in anchors[pk]:
                yield [
                    pk,
                    url_pattern.format(pk),
                    slug,
                    title,
                    index,
                    start,
                    end,
                    exact,
                    statement,
                    kind,
                    status,
                    attributed_to or "",
                    join_names(names["actors"][pk]),
                    join_names(names["places"][pk]),
                    join_names(names["events"][pk]),
                    state,
                ]


def claims_csv(claims, build_url):
    """CSV text chunks for `claims` (a queryset, for example a ClaimFilter's .qs)."""
    return stream_csv(HEADER, claim_rows(claims, build_url))
