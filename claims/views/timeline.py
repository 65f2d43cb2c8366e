"""The timeline, /timeline/: events by date, each at the precision it is known.

A year at a time once there are more events than fit on one page
(claims.indexes.timeline); the address holds the year and the page.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.gzip import gzip_page

from .. import indexes
from ..dates import describe_dates, machine_date
from ..links import slug_url
from ..models import DatePrecision, Event

MIN_BAR = 0.8  # percent of the scale

PRECISION_WORDS = {
    DatePrecision.DAY: "known to the day",
    DatePrecision.MONTH: "known to the month",
    DatePrecision.SEASON: "known only roughly",
    DatePrecision.YEAR: "known to the year",
}


def timeline(request):
    shown = indexes.timeline(request.GET)
    sections = [s for s in shown.sections if s["year"] != indexes.UNDATED]
    undated = [s for s in shown.sections if s["year"] == indexes.UNDATED]
    dated = [event for section in sections for event in section["events"]]
    _place_on_scale(dated)
    return render(
        request,
        "claims/timeline.html",
        {
            "timeline": shown,
            "years": sections,
            "undated": undated[0]["events"] if undated else [],
            "scale": _scale_ends(dated),
            "UNDATED": indexes.UNDATED,
            "claims_url": reverse("claim-list"),
        },
    )


def _scale_ends(events):
    if not events:
        return None
    return min(e.date_earliest for e in events), max(
        e.date_latest or e.date_earliest for e in events
    )


def _place_on_scale(events):
    """Give each event its bar's start and width, in percent of the whole span."""
    ends = _scale_ends(events)
    if not ends:
        return
    first, last = ends
    total = max((last - first).days + 1, 1)
    for event in events:
        latest = event.date_latest or event.date_earliest
        # At least a sliver, so a single day stays visible on a span of years.
        width = max(100 * ((latest - event.date_earliest).days + 1) / total, MIN_BAR)
        start = min(100 * (event.date_earliest - first).days / total, 100 - width)
        event.bar_start, event.bar_width = round(start, 2), round(width, 2)
        event.precision_words = PRECISION_WORDS.get(event.date_precision, "")
        event.machine_date = machine_date(event.date_earliest, latest, event.date_precision)


@gzip_page  # 570 KB of JSON at the large corpus, 65 KB gzipped
def timeline_data(request):
    """Every dated event, for the interactive timeline: one query, whatever
    the number. Dates are the first and last possible day (ISO), with the
    precision they are known to; `claims` counts the published claims (the
    stored claim_count)."""
    event_url = slug_url("event-detail")
    claims_url = reverse("claim-list")
    events = []
    rows = (
        Event.objects.filter(indexes.DATED)
        .order_by("date_earliest", "title", "pk")
        .values_list(
            "slug",
            "title",
            "kind",
            "date_earliest",
            "date_latest",
            "date_precision",
            "claim_count",
        )
    )
    for slug, title, kind, earliest, latest, precision, claim_count in rows:
        events.append(
            {
                "slug": slug,
                "title": title,
                "kind": kind,
                "start": earliest.isoformat(),
                "end": (latest or earliest).isoformat(),
                "precision": precision,
                "when": describe_dates(earliest, latest, precision),
                "url": event_url(slug),
                "claims_url": f"{claims_url}?event={slug}",
                "claims": claim_count,
            }
        )
    return JsonResponse({"events": events})
