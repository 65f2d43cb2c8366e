"""The index pages of actors, places and events, and the timeline, a page at a time.

At the benchmark's scale (2,000 actors, 1,000 places, 2,000 events) a page
that lists every row spends hundreds of milliseconds rendering it, and no
reader scrolls through 2,000 names. So these pages show at most PER_PAGE
rows: the index pages chosen by kind, initial letter and a name filter, the
timeline by the year events began. Counts of claims and mentions are computed
for the rows shown only. Each page costs a fixed number of queries.

A small collection (the seed article's) still fits on one page: it is shown
whole, grouped by kind (by year on the timeline), without navigation.
"""

import math
import unicodedata
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, When
from django.db.models.functions import ExtractYear, Substr, Upper

from .links import slug_url
from .models import DatePrecision, Event, Mention, Place
from .paging import page_of

PER_PAGE = 100
TIMELINE_PER_PAGE = 100
LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
OTHER = "other"  # names that begin with a digit, a quote or a letter outside A-Z
UNDATED = "unknown"
MAX_NAME_FILTER = 100


def initial_letter(initial):
    """The A-Z letter a name's first character files under ("Ş" under S), or OTHER."""
    base = unicodedata.normalize("NFD", initial or "")[:1].upper()
    return base if "A" <= base <= "Z" else OTHER


@dataclass
class IndexFilters:
    """What the address asks an index page for, checked; `notices` says what was ignored."""

    kind: str = ""
    letter: str = ""  # A-Z or OTHER
    q: str = ""
    page: str = ""
    notices: list = field(default_factory=list)

    @property
    def active(self):
        return bool(self.kind or self.letter or self.q)


def index_filters(model, params):
    notices = []
    kind = params.get("kind", "")
    if kind and kind not in model.Kind.values:
        notices.append(f"There is no kind “{kind}”; showing every kind.")
        kind = ""
    letter = params.get("letter", "").strip()
    if letter.upper() in LETTERS:
        letter = letter.upper()
    elif letter.lower() == OTHER:
        letter = OTHER
    elif letter:
        notices.append(f"“{letter}” is not a letter from A to Z; showing every name.")
        letter = ""
    q = " ".join(params.get("q", "").split())[:MAX_NAME_FILTER]
    return IndexFilters(kind, letter, q, params.get("page", ""), notices)


@dataclass
class EntityIndex:
    model: type
    filters: IndexFilters
    # The whole collection grouped by kind, [(kind, label, [entities])], when it
    # fits on one page unfiltered; otherwise empty and `page` holds the rows.
    groups: list
    page: Page | None
    kinds: list  # [(kind, label, count under the letter and name filters)]
    letters: list  # [(letter, count under the kind and name filters)], A-Z then OTHER
    total: int  # rows matching every filter
    count_all: int  # rows matching no filter but the name

    @property
    def entities(self):
        return self.page.object_list if self.page else []

    @property
    def summary(self):
        """ "12 actors of the kind person, whose names begin with S, matching “ivan”"."""
        meta = self.model._meta
        words = [
            f"{self.total} {meta.verbose_name if self.total == 1 else meta.verbose_name_plural}"
        ]
        if self.filters.kind:
            words.append(f"of the kind {dict(self.model.Kind.choices)[self.filters.kind]}")
        what = "titles" if self.model is Event else "names"
        if self.filters.letter == OTHER:
            words.append(f"whose {what} begin with a character outside A–Z")
        elif self.filters.letter:
            words.append(f"whose {what} begin with {self.filters.letter}")
        if self.filters.q:
            words.append(f"matching “{self.filters.q}”")
        return ", ".join(words)


def entity_index(model, params, *, by_letter=True):
    """One page of actors, places or events (`model`) as the query `params` ask.

    Each entity shown has `.n_claims` (published claims, the stored
    claim_count) and, for actors and places, `.n_mentions` (confirmed
    mentions in published sources). Three queries (two for events): kind x
    initial counts, the page's rows, and the mentions grouped, restricted to
    the page's rows.
    """
    filters = index_filters(model, params)
    if not by_letter:
        filters.letter = ""
    name = _name_field(model)
    initial = Upper(Substr(name, 1, 1))
    named = model.objects.all()
    if filters.q:
        named = named.filter(_name_matches(model, filters.q))
    cells = [
        (kind, initial_letter(first), first, n)
        for kind, first, n in named.annotate(initial=initial)
        .values_list("kind", "initial")
        .annotate(n=Count("*"))
        .order_by()
    ]

    def matching(kind=True, letter=True):
        return [
            cell
            for cell in cells
            if (not kind or not filters.kind or cell[0] == filters.kind)
            and (not letter or not filters.letter or cell[1] == filters.letter)
        ]

    count_all = sum(n for *_, n in cells)
    by_kind, by_letter_count = {}, {}
    for kind, _letter, _first, n in matching(kind=False):
        by_kind[kind] = by_kind.get(kind, 0) + n
    for _kind, letter, _first, n in matching(letter=False):
        by_letter_count[letter] = by_letter_count.get(letter, 0) + n
    labels = dict(model.Kind.choices)
    kinds = [(kind, labels[kind], by_kind[kind]) for kind in model.Kind.values if kind in by_kind]
    letters = [(letter, by_letter_count.get(letter, 0)) for letter in [*LETTERS, OTHER]]
    total = sum(n for *_, n in matching())

    if count_all <= PER_PAGE and not filters.active and not filters.page:
        entities = list(named.order_by("kind", *_order(model)))
        _attach_counts(model, entities)
        grouped = {}
        for entity in entities:
            grouped.setdefault(entity.kind, []).append(entity)
        groups = [
            (kind, labels[kind], grouped[kind]) for kind in model.Kind.values if kind in grouped
        ]
        return EntityIndex(model, filters, groups, None, kinds, letters, total, count_all)

    rows = named
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.letter:
        firsts = {first for _, letter, first, _ in cells if letter == filters.letter}
        rows = rows.annotate(initial=initial).filter(initial__in=firsts)
    page = _page(rows.order_by(*_order(model)), total, PER_PAGE, filters)
    _attach_counts(model, page.object_list)
    return EntityIndex(model, filters, [], page, kinds, letters, total, count_all)


def _name_field(model):
    return "title" if model is Event else "name"


def _order(model):
    # Events in date order (the index complements the timeline); names A-Z otherwise.
    return [*model._meta.ordering, "pk"]


def _name_matches(model, q):
    """Name (or title) contains `q`, ignoring case; actors and places also by alias."""
    if model is Event:
        return Q(title__icontains=q)
    alias = model.aliases.rel.related_model
    return Q(name__icontains=q) | Exists(
        alias.objects.filter(**{model._meta.model_name: OuterRef("pk")}, name__icontains=q)
    )


def _page(queryset, count, per_page, filters):
    """The page `filters.page` asks for (a notice and the nearest page when it is no page)."""
    paginator = Paginator(queryset, per_page)
    paginator.count = count  # known already: no COUNT query
    page, notice = page_of(paginator, filters.page)
    if notice:
        filters.notices.append(notice)
    page.object_list = list(page.object_list)
    return page


def _attach_counts(model, entities):
    if not entities:
        return
    name = model._meta.model_name
    ids = [entity.pk for entity in entities]
    n_mentions = {}
    if model is not Event:
        n_mentions = _counts_by(
            Mention.objects.confirmed().in_published_sources().filter(**{f"{name}_id__in": ids}),
            f"{name}_id",
        )
    entity_url = slug_url(f"{name}-detail")
    for entity in entities:
        entity.url = entity_url(entity.slug)
        entity.n_claims = entity.claim_count  # kept by claims.services_counts
        if model is not Event:
            entity.n_mentions = n_mentions.get(entity.pk, 0)


def _counts_by(queryset, field):
    """{value of `field`: number of rows} in one grouped query."""
    return dict(queryset.order_by().values_list(field).annotate(n=Count("*")))


# Timeline

DATED = Q(date_earliest__isnull=False) & ~Q(date_precision=DatePrecision.UNKNOWN)
UNDATED_Q = Q(date_earliest__isnull=True) | Q(date_precision=DatePrecision.UNKNOWN)


@dataclass
class Timeline:
    years: list  # [(year, number of events that began in it)], in order
    undated_count: int
    # Sections shown: [{"year": 2016 or UNDATED, "events": [...]}]
    sections: list
    shown: object = None  # the year (or UNDATED) this page shows; None: everything
    page: Page | None = None
    earlier: dict | None = None  # {"year", "page", "label"} of the page before
    later: dict | None = None
    notices: list = field(default_factory=list)

    @property
    def count(self):
        return sum(n for _, n in self.years) + self.undated_count


def timeline(params):
    """Events by the year they began, at most TIMELINE_PER_PAGE at a time.

    Three queries: events per year, the page's events, their places.
    """
    year = Case(When(DATED, then=ExtractYear("date_earliest")), output_field=IntegerField())
    counts = dict(
        Event.objects.annotate(year=year).values_list("year").annotate(n=Count("*")).order_by()
    )
    undated_count = counts.pop(None, 0)
    years = sorted(counts.items())
    result = Timeline(years, undated_count, [])
    events = Event.objects.order_by(*_order(Event)).prefetch_related(
        Prefetch("places", queryset=Place.objects.order_by("name"), to_attr="place_list")
    )
    raw_year, raw_page = params.get("year", ""), params.get("page", "")
    if result.count <= TIMELINE_PER_PAGE and not raw_year and not raw_page:
        everything = list(events)
        dated = [event for event in everything if _dated(event)]
        undated = [event for event in everything if not _dated(event)]
        result.sections = _by_year(dated)
        if undated:
            result.sections.append({"year": UNDATED, "events": undated})
        _attach_urls(everything)
        return result

    shown = _chosen_year(raw_year, counts, undated_count, result.notices)
    result.shown = shown
    if shown is None:
        return result  # nothing to show at all
    if shown == UNDATED:
        rows, count = events.filter(UNDATED_Q).order_by("title", "pk"), undated_count
    else:
        rows, count = events.filter(DATED, date_earliest__year=shown), counts.get(shown, 0)
    filters = IndexFilters(page=raw_page)
    if count:
        result.page = _page(rows, count, TIMELINE_PER_PAGE, filters)
        result.sections = [{"year": shown, "events": result.page.object_list}]
        _attach_urls(result.page.object_list)
    result.notices += filters.notices
    if result.page:
        _link_neighbours(result, counts)
    return result


def _attach_urls(events):
    """`.url` on each event and its places: reverse() costs tens of microseconds,
    a third of the timeline's rendering when called for every row."""
    event_url, place_url = slug_url("event-detail"), slug_url("place-detail")
    for event in events:
        event.url = event_url(event.slug)
        for place in event.place_list:
            place.url = place_url(place.slug)


def _dated(event):
    """DATED, for an event already read."""
    return event.date_earliest is not None and event.date_precision != DatePrecision.UNKNOWN


def _by_year(events):
    sections = []
    for event in events:
        if not sections or sections[-1]["year"] != event.date_earliest.year:
            sections.append({"year": event.date_earliest.year, "events": []})
        sections[-1]["events"].append(event)
    return sections


def _chosen_year(raw, counts, undated_count, notices):
    """The year the address asks for, UNDATED, or the first year with events."""
    first = min(counts) if counts else (UNDATED if undated_count else None)
    if not raw:
        return first
    if raw == UNDATED:
        return UNDATED
    try:
        year = int(raw)
    except ValueError:
        notices.append(f"“{raw}” is not a year; showing the first year.")
        return first
    if year not in counts:
        notices.append(f"No event began in {year}.")
    return year


def _link_neighbours(result, counts):
    """Earlier and later pages: the neighbouring page of the same year, else the
    last page of the year before or the first page of the year after."""
    page, shown = result.page, result.shown

    def pages_in(year):
        return max(1, math.ceil(counts[year] / TIMELINE_PER_PAGE))

    def link(year, number, word):
        label = f"{word}: {year}" if year != UNDATED else f"{word}: unknown date"
        if pages_in_section(year) > 1:
            label += f", page {number} of {pages_in_section(year)}"
        return {"year": year, "page": number if number > 1 else None, "label": label}

    def pages_in_section(year):
        return page.paginator.num_pages if year == shown else pages_in(year)

    if page.has_previous():
        result.earlier = link(shown, page.number - 1, "Earlier")
    if page.has_next():
        result.later = link(shown, page.number + 1, "Later")
    if shown == UNDATED:
        return
    years = sorted(counts)
    before = [year for year in years if year < shown]
    after = [year for year in years if year > shown]
    if not page.has_previous() and before:
        result.earlier = link(before[-1], pages_in(before[-1]), "Earlier")
    if not page.has_next() and after:
        result.later = link(after[0], 1, "Later")
