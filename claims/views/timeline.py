"""The timeline, /timeline/: events by date, each at the precision it is known."""

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import render

from ..dates import machine_date
from ..models import DatePrecision, Event, Place

MIN_BAR = 0.8  # percent of the scale

PRECISION_WORDS = {
    DatePrecision.DAY: "known to the day",
    DatePrecision.MONTH: "known to the month",
    DatePrecision.SEASON: "known only roughly",
    DatePrecision.YEAR: "known to the year",
}


def timeline(request):
    events = list(
        Event.objects.order_by(*Event._meta.ordering).prefetch_related(
            Prefetch("places", queryset=Place.objects.order_by("name"))
        )
    )
    dated = [e for e in events if e.date_earliest and e.date_precision != DatePrecision.UNKNOWN]
    undated = [e for e in events if e not in dated]
    _place_on_scale(dated)
    years = [
        {"year": year, "events": list(group)}
        for year, group in groupby(dated, key=lambda e: e.date_earliest.year)
    ]
    return render(
        request,
        "claims/timeline.html",
        {
            "years": years,
            "undated": undated,
            "count": len(events),
            "scale": _scale_ends(dated),
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
