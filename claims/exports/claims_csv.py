"""Claims as CSV, one row per anchor (a claim quoted in two places has two rows)."""

from django.db.models import Prefetch

from .. import opendata
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


def claim_rows(claims, build_url):
    claims = claims.select_related("attributed_to").prefetch_related(
        Prefetch("anchors", queryset=opendata.public_anchors(), to_attr="public_anchors"),
        "actors",
        "places",
        "events",
    )
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        shared = {
            "actors": join_names(a.name for a in claim.actors.all()),
            "places": join_names(p.name for p in claim.places.all()),
            "events": join_names(e.title for e in claim.events.all()),
            "attributed_to": claim.attributed_to.name if claim.attributed_to else "",
            "claim_url": build_url(claim.get_absolute_url()),
        }
        for anchor in claim.public_anchors:
            source = anchor.sentence.source
            yield [
                claim.pk,
                shared["claim_url"],
                source.slug,
                source.title,
                anchor.sentence.index,
                anchor.start,
                anchor.end,
                anchor.exact,
                claim.statement,
                claim.kind,
                claim.status,
                shared["attributed_to"],
                shared["actors"],
                shared["places"],
                shared["events"],
                anchor.state,
            ]


def claims_csv(claims, build_url):
    """CSV text chunks for `claims` (a queryset, for example a ClaimFilter's .qs)."""
    return stream_csv(HEADER, claim_rows(claims, build_url))
