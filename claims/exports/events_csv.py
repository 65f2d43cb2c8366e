"""Events as CSV in the shape conflict-event datasets use (one row per event
and place, like ACLED or UCDP GED): a date range with its precision and the
source's wording, the event type, actors by role, the place with
coordinates and their precision, the sources, and notes."""

from collections import defaultdict
from itertools import batched

from django.db.models import Count, Exists, F, OuterRef
from django.urls import reverse

from .. import opendata
from ..models import Anchor, Claim, Event, EventActor
from . import CHUNK_SIZE
from .csvcells import join_names, stream_csv

ROLES = [role.value for role in EventActor.Role]

HEADER = [
    "event_id",
    "event_slug",
    "title",
    "event_type",
    "date_earliest",
    "date_latest",
    "date_precision",
    "date_text",
    *(f"actors_{role}" for role in ROLES),
    "place",
    "place_slug",
    "country_code",
    "latitude",
    "longitude",
    "geo_precision",
    "parent_event",
    "source",
    "source_url",
    "claim_count",
    "notes",
    "event_url",
]


def events_in_order():
    return opendata.with_event_details(Event.objects.all()).order_by(
        F("date_earliest").asc(nulls_last=True), "title", "pk"
    )


def event_batches(events, build_url, batch=CHUNK_SIZE):
    """(event, {"sources": {title: url}, "claim_count": n}) pairs, `batch`
    events per round of queries. Sources are the published ones quoted by
    the event's claims; a source without a canonical url links to its reader."""
    for group in batched(events.iterator(chunk_size=batch), batch):
        ids = [event.pk for event in group]
        sources = defaultdict(dict)
        for event_id, title, url, slug in (
            Anchor.objects.filter(claim__events__in=ids, sentence__source__is_published=True)
            .values_list(
                "claim__events",
                "sentence__source__title",
                "sentence__source__url",
                "sentence__source__slug",
            )
            .order_by(
                F("sentence__source__published_on").asc(nulls_last=True),
                "sentence__source__title",
            )
            .distinct()
        ):
            sources[event_id][title] = url or build_url(reverse("source-detail", args=[slug]))
        # Published claims per event: a claim counts if one of its anchors is public.
        counts = dict(
            Claim.events.through.objects.filter(event__in=ids)
            .filter(
                Exists(
                    Anchor.objects.filter(
                        claim=OuterRef("claim"), sentence__source__is_published=True
                    )
                )
            )
            .values_list("event")
            .annotate(n=Count("claim"))
            .order_by()
        )
        for event in group:
            yield event, {"sources": sources[event.pk], "claim_count": counts.get(event.pk, 0)}


def actors_by_role(event):
    names = defaultdict(list)
    for link in event.event_actors.all():
        names[link.role].append(link.actor.name)
    return [join_names(names[role]) for role in ROLES]


def event_rows(events, build_url):
    for event, extra in event_batches(events, build_url):
        common = [
            event.pk,
            event.slug,
            event.title,
            event.kind,
            event.date_earliest.isoformat() if event.date_earliest else "",
            event.date_latest.isoformat() if event.date_latest else "",
            event.date_precision,
            event.date_text,
            *actors_by_role(event),
        ]
        tail = [
            event.parent.title if event.parent else "",
            join_names(extra["sources"]),
            join_names(extra["sources"].values()),
            extra["claim_count"],
            event.description,
            build_url(event.get_absolute_url()),
        ]
        for place in event.places.all() or [None]:
            if place is None:
                yield [*common, "", "", "", None, None, "", *tail]
            else:
                yield [
                    *common,
                    place.name,
                    place.slug,
                    place.country_code,
                    place.latitude,
                    place.longitude,
                    place.geo_precision,
                    *tail,
                ]


def events_csv(build_url, events=None):
    """CSV text chunks of every event (or of `events`), earliest first."""
    if events is None:
        events = events_in_order()
    return stream_csv(HEADER, event_rows(events, build_url))
