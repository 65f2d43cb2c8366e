"""A fingerprint of the stored corpus, equal on every database for one seed."""

import datetime
import hashlib
from decimal import Decimal

from claims.models import (
    Actor,
    ActorAlias,
    Anchor,
    Assessment,
    Claim,
    ClaimRelation,
    Contributor,
    Event,
    EventActor,
    Evidence,
    Mention,
    Place,
    PlaceAlias,
    Quantity,
    Sentence,
    Source,
)


def corpus_digest():
    """A SHA-256 over the stored corpus by natural keys (no ids, no timestamps).

    Equal digests mean equal data, whichever database holds it.
    """
    digest = hashlib.sha256()

    def feed(rows):
        for row in rows:
            digest.update(repr(tuple(_plain(v) for v in row)).encode())
            digest.update(b"\n")

    feed(
        Source.objects.order_by("slug").values_list(
            "slug", "title", "url", "publisher", "published_on", "text", "is_published"
        )
    )
    feed(
        Contributor.objects.order_by("source__slug", "position", "name").values_list(
            "source__slug", "name", "role", "position"
        )
    )
    feed(
        Sentence.objects.order_by("source__slug", "index").values_list(
            "source__slug", "index", "paragraph", "start", "end", "kind"
        )
    )
    feed(
        Actor.objects.order_by("slug").values_list(
            "slug", "name", "kind", "parent__slug", "description", "wikidata_id"
        )
    )
    feed(ActorAlias.objects.order_by("actor__slug", "name").values_list("actor__slug", "name"))
    feed(
        Place.objects.order_by("slug").values_list(
            "slug", "name", "kind", "parent__slug", "latitude", "longitude", "geonames_id"
        )
    )
    feed(PlaceAlias.objects.order_by("place__slug", "name").values_list("place__slug", "name"))
    feed(
        Event.objects.order_by("slug").values_list(
            "slug",
            "title",
            "kind",
            "parent__slug",
            "date_earliest",
            "date_latest",
            "date_precision",
            "date_text",
        )
    )
    feed(
        EventActor.objects.order_by("event__slug", "actor__slug", "role").values_list(
            "event__slug", "actor__slug", "role"
        )
    )
    feed(
        Event.places.through.objects.order_by("event__slug", "place__slug").values_list(
            "event__slug", "place__slug"
        )
    )
    # A claim's natural key is where its first anchor sits.
    keys = {}
    for claim_id, slug, start, end in Anchor.objects.order_by("claim_id", "id").values_list(
        "claim_id", "sentence__source__slug", "start", "end"
    ):
        keys.setdefault(claim_id, (slug, start, end))

    def by_claim(rows):
        return sorted(((keys.get(row[0]),) + tuple(row[1:]) for row in rows), key=repr)

    feed(
        by_claim(
            Claim.objects.values_list(
                "id", "statement", "kind", "status", "version", "attributed_to__slug"
            )
        )
    )
    feed(
        by_claim(
            Anchor.objects.values_list(
                "claim_id", "sentence__source__slug", "start", "end", "exact", "prefix", "suffix"
            )
        )
    )
    feed(by_claim(Claim.actors.through.objects.values_list("claim_id", "actor__slug")))
    feed(by_claim(Claim.places.through.objects.values_list("claim_id", "place__slug")))
    feed(by_claim(Claim.events.through.objects.values_list("claim_id", "event__slug")))
    feed(
        by_claim(
            Quantity.objects.values_list(
                "claim_id", "text", "value", "value_max", "unit", "qualifier"
            )
        )
    )
    # Assessment order within a claim is its history: keep it.
    feed(
        (keys.get(c), s, r)
        for c, s, r in Assessment.objects.order_by("claim_id", "created_at", "id").values_list(
            "claim_id", "status", "rationale"
        )
    )
    feed(
        by_claim(
            Evidence.objects.values_list(
                "claim_id", "stance", "url", "title", "publisher", "published_on", "note"
            )
        )
    )
    feed(
        sorted(
            (keys.get(a), keys.get(b), kind)
            for a, b, kind in ClaimRelation.objects.values_list(
                "from_claim_id", "to_claim_id", "kind"
            )
        )
    )
    feed(
        Mention.objects.order_by("sentence__source__slug", "start", "end", "id").values_list(
            "sentence__source__slug",
            "start",
            "end",
            "surface",
            "actor__slug",
            "place__slug",
            "status",
            "origin",
        )
    )
    return digest.hexdigest()


def _plain(value):
    if isinstance(value, float):
        return f"{value:.6f}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
