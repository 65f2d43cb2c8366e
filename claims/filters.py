"""The one definition of how claims are filtered, searched and sorted.

Used by the HTML claim browser (/claims/) and by the JSON API, so a URL's
query string means the same thing in both. Facet counts are computed from
the same filter set (see `claim_facets`).
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from . import corroboration
from .models import Actor, Anchor, Claim, DatePrecision, Event, EvidenceStatus, Place, Source
from .search import claim_rank, claims_matching

ClaimKind = Claim.Kind


class ClaimSort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    STATUS = "status"
    REPORTED = "reported"
    choices = [
        (RELEVANCE, "Relevance (with a search)"),
        (NEWEST, "Newest first"),
        (OLDEST, "Oldest first"),
        (STATUS, "Evidence status"),
        (REPORTED, "Most widely reported first"),
    ]


class _AnyOfField(django_filters.fields.MultipleChoiceField):
    """An empty value (`?kind=`, what a form's "any" option sends) chooses
    nothing rather than naming a wrong choice, as the API's schema says."""

    def to_python(self, value):
        return [choice for choice in super().to_python(value) if choice != ""]


class AnyOfFilter(django_filters.MultipleChoiceFilter):
    """Any of several values of one of the claim's own columns. No DISTINCT
    (MultipleChoiceFilter's default): a column filter joins nothing, and
    DISTINCT made PostgreSQL sort and compare every filtered row."""

    field_class = _AnyOfField

    def __init__(self, *args, distinct=False, **kwargs):
        super().__init__(*args, distinct=distinct, **kwargs)


def events_in_period(since=None, until=None):
    """Q over Event: dated events whose span [earliest, latest] meets the period.

    An event known to the month or year spans it (date_earliest..date_latest
    hold its first and last possible day), so "December 2016" meets a period
    ending on 3 December. Events of unknown date meet no period."""
    q = Q(date_earliest__isnull=False) & ~Q(date_precision=DatePrecision.UNKNOWN)
    if since:
        q &= Q(date_latest__gte=since) | Q(date_latest__isnull=True, date_earliest__gte=since)
    if until:
        q &= Q(date_earliest__lte=until)
    return q


def check_period(form):
    """A period whose end comes before its start is named and left out."""
    since, until = form.cleaned_data.get("since"), form.cleaned_data.get("until")
    if since and until and since > until:
        form.add_error("until", "The period ends before it begins; the period was left out.")
        form.cleaned_data.pop("since", None)


class PeriodForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        check_period(self)
        return cleaned


class ClaimFilterForm(PeriodForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sort") == ClaimSort.RELEVANCE and not cleaned.get("q"):
            self.add_error("sort", "Sorting by relevance needs a search term.")
        return cleaned


PERIOD_HELP = "An event the claim is linked to overlaps the period."


def period_filter(label):
    return django_filters.DateFilter(
        method="filter_period",
        label=label,
        help_text=PERIOD_HELP,
        error_messages={"invalid": f"“{label}” needs a date written as YYYY-MM-DD."},
    )


class PeriodMixin:
    """`since` and `until` together select one period: an item matches when one
    event overlaps all of it, not one event after `since` and another before
    `until`. Each filter applies the whole period (the second does nothing),
    so a filter applied on its own, as the facets do, still means the same."""

    def period(self):
        if not self.is_bound:
            return None, None
        self.form.is_valid()
        return self.form.cleaned_data.get("since"), self.form.cleaned_data.get("until")

    def filter_period(self, queryset, name, value):
        since, until = self.period()
        if name == "until" and since:
            return queryset  # applied with `since`
        return self.filter_events_in(queryset, events_in_period(since, until))


def _unknown(what):
    return {"invalid_choice": f"There is no {what} with the identifier “%(value)s”."}


class ClaimFilter(PeriodMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label="Search",
        max_length=200,
        help_text="Words in the statement or the quoted text.",
    )
    status = AnyOfFilter(
        choices=EvidenceStatus.choices,
        label="Evidence status",
        error_messages={"invalid_choice": "“%(value)s” is not an evidence status."},
    )
    kind = AnyOfFilter(
        choices=ClaimKind.choices,
        label="Kind",
        error_messages={"invalid_choice": "“%(value)s” is not a kind of claim."},
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.published(),
        to_field_name="slug",
        method="filter_source",
        label="Source",
        error_messages=_unknown("source"),
    )
    actor = django_filters.ModelChoiceFilter(
        field_name="actors",
        queryset=Actor.objects.all(),
        to_field_name="slug",
        label="Actor",
        error_messages=_unknown("actor"),
    )
    place = django_filters.ModelChoiceFilter(
        field_name="places",
        queryset=Place.objects.all(),
        to_field_name="slug",
        label="Place",
        error_messages=_unknown("place"),
    )
    event = django_filters.ModelChoiceFilter(
        field_name="events",
        queryset=Event.objects.all(),
        to_field_name="slug",
        label="Event",
        error_messages=_unknown("event"),
    )
    reported_by = django_filters.ChoiceFilter(
        choices=corroboration.REPORTED_BY_CHOICES,
        method="filter_reported_by",
        label="Reported by",
        help_text="How many published sources make the claim (confirmed by editors).",
        error_messages={"invalid_choice": "“%(value)s” is not 1, 2 or 3 (sources or more)."},
    )
    since = period_filter("Events from")
    until = period_filter("Events until")
    sort = django_filters.ChoiceFilter(
        choices=ClaimSort.choices,
        method="filter_sort",
        label="Sort",
        empty_label=None,
        error_messages={"invalid_choice": "“%(value)s” is not a way to sort claims."},
    )

    class Meta:
        model = Claim
        fields = []  # every filter is declared above
        form = ClaimFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Claim.objects.published()
        super().__init__(data, queryset, **kwargs)

    def filter_q(self, queryset, name, value):
        return claims_matching(queryset, value.strip()) if value.strip() else queryset

    def filter_events_in(self, queryset, period):
        return queryset.filter(Exists(Event.objects.filter(period, claims=OuterRef("pk"))))

    def filter_source(self, queryset, name, value: Source):
        # Through Exists: a claim quoted twice in one source is listed once.
        return queryset.filter(Exists(Anchor.objects.filter(claim=OuterRef("pk"), source=value)))

    def filter_reported_by(self, queryset, name, value):
        return corroboration.reported_by(queryset, value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset, once q is known

    @property
    def search_text(self):
        """The search text if it is valid, else ""."""
        if not self.is_bound:
            return ""
        self.form.is_valid()  # an invalid q is left out of cleaned_data
        return (self.form.cleaned_data.get("q") or "").strip()

    @property
    def sort_order(self):
        """The sort asked for, else relevance with a search and newest without."""
        sort = self.form.cleaned_data.get("sort") if self.is_bound else None
        return sort or (ClaimSort.RELEVANCE if self.search_text else ClaimSort.NEWEST)

    def filter_queryset(self, queryset):
        return self.sort_queryset(super().filter_queryset(queryset))

    def sort_queryset(self, queryset):
        sort = self.sort_order
        if sort == ClaimSort.RELEVANCE:
            rank = claim_rank(self.search_text, queryset.db)
            return queryset.annotate(rank=rank).order_by("-rank", "-created_at", "-pk")
        if sort == ClaimSort.OLDEST:
            return queryset.order_by("created_at", "pk")
        if sort == ClaimSort.REPORTED:
            return queryset.order_by("-source_count", "-created_at", "-pk")
        if sort == ClaimSort.STATUS:
            order = Case(
                *(When(status=value, then=Value(i)) for i, value in enumerate(EvidenceStatus)),
                output_field=IntegerField(),
            )
            return queryset.order_by(order, "-created_at", "-pk")
        return queryset.order_by("-created_at", "-pk")

    @property
    def qs(self):
        if not self.is_bound and not hasattr(self, "_qs"):
            self._qs = self.sort_queryset(self.queryset.all())  # no query string: newest first
        return super().qs


# Facets: for each one, how many claims each value would give, given every
# *other* active filter (so the counts say what clicking would show).


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


FACET_LIMIT = 20  # values shown for actor, place, event and source


def claims_without(filterset, *names):
    """The claims matching every valid active filter but `names` (unsorted).

    Reuses the validated form, so no slug is looked up twice."""
    if filterset.is_bound:
        filterset.form.is_valid()
    queryset = filterset.queryset.all()
    for field, value in (filterset.form.cleaned_data if filterset.is_bound else {}).items():
        if field not in names and field != "sort":
            queryset = filterset.filters[field].filter(queryset, value)
    return queryset.order_by()


def _others(filterset, *names):
    return claims_without(filterset, *names).values("pk")


def _choice_facets(filterset):
    """The status, kind and "reported by" facets from one query: the claims
    matching every other filter, counted by (status, kind, reported by). A
    status's count is then the sum over the kinds and the reported-by value
    chosen (all when none is), and likewise for the others, which is what
    each facet would give on its own."""
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    chosen = {name: set(cleaned.get(name) or ()) for name in ("status", "kind")}
    chosen["reported_by"] = {cleaned["reported_by"]} if cleaned.get("reported_by") else set()
    # Grouped as they are, without joining the claims to themselves: every
    # filter matches a claim at most once (search and source through EXISTS,
    # an entity through its unique link row). COUNT(*) rather than COUNT(id):
    # without other filters both databases then read the published claims'
    # (status, kind, source_count, id) index alone, in its order, not the
    # table. Grouped by the number of sources itself (a handful of values),
    # each taken to its facet value here: grouped by an expression, the rows
    # were sorted again (a temporary B-tree on SQLite).
    rows = (
        claims_without(filterset, "status", "kind", "reported_by")
        .values_list("status", "kind", "source_count")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = {name: {} for name in chosen}
    for status, kind, sources, n in rows:
        reported = corroboration.reported_by_value(sources)
        values = {"status": status, "kind": kind, "reported_by": reported}
        for name in counts:
            # A claim counts for a facet's value when it passes the other two facets' filters.
            if all(
                not chosen[other] or values[other] in chosen[other]
                for other in counts
                if other != name
            ):
                counts[name][values[name]] = counts[name].get(values[name], 0) + n
    choices = {
        "status": EvidenceStatus.choices,
        "kind": ClaimKind.choices,
        "reported_by": corroboration.REPORTED_BY_CHOICES,
    }
    return {
        name: [
            FacetOption(value, label, counts[name].get(value, 0), value in chosen[name])
            for value, label in choices[name]
        ]
        for name in choices
    }


def _entity_facet(filterset, name, rows, label_field, count):
    """The FACET_LIMIT values of an entity facet with the most claims (the
    chosen one first). `rows` are the entities restricted to those claims;
    grouping by the entity's primary key (PostgreSQL groups by it alone) and
    counting the link rows keeps it a hash aggregate over integers."""
    selected = filterset.form.cleaned_data.get(name) if filterset.is_bound else None
    selected_slug = selected.slug if selected else None
    rows = (
        rows.order_by()
        .annotate(
            n=count,
            chosen=Case(When(slug=selected_slug, then=Value(0)), default=Value(1)),
        )
        .only("pk", "slug", label_field)
        .order_by("chosen", "-n", label_field, "pk")[:FACET_LIMIT]
    )
    options = [
        FacetOption(row.slug, getattr(row, label_field), row.n, row.slug == selected_slug)
        for row in rows
    ]
    if selected and not any(option.selected for option in options):
        # Chosen, but no claim has it under the other filters: still shown, so it can be removed.
        options.insert(0, FacetOption(selected_slug, str(selected), 0, True))
    return options


# The entity facets: (filter name, model, label column, link table, its
# column naming the entity, what each link row counts). A claim names an
# actor, place or event at most once (the link is unique), so those link rows
# are counted as they are; a claim quoted twice in one source counts once there.
ENTITY_FACETS = {
    "source": (Source, "title", "claims_anchor", "source_id", "COUNT(DISTINCT l.claim_id)"),
    "actor": (Actor, "name", "claims_claim_actors", "actor_id", "COUNT(*)"),
    "place": (Place, "name", "claims_claim_places", "place_id", "COUNT(*)"),
    "event": (Event, "title", "claims_claim_events", "event_id", "COUNT(*)"),
}


def _entity_facet_rows(filterset, names):
    """{facet name: [FacetOption]} for entity facets none of which is chosen,
    from one statement: they all count the same claims (those matching every
    active filter), so the claims are selected once, in a common table
    expression, and each facet groups its link rows among them. One round
    trip (and one query to build) instead of four. NOT MATERIALIZED: the
    expression is planned inside each branch as a subquery would be; a
    materialized one has no statistics and PostgreSQL then picks nested loops
    over every claim (three times slower at 10,000 claims)."""
    if not names:
        return {}
    try:
        matched, params = claims_without(filterset).values("pk").query.sql_with_params()
    except EmptyResultSet:  # a search of nothing but stop words or signs matches no claim
        return {name: [] for name in names}
    branches, params = [], list(params)
    for name in names:
        model, label, links, column, count = ENTITY_FACETS[name]
        table = model._meta.db_table
        published = _published_sources(name, params)
        # Wrapped in a SELECT of its own: SQLite takes no ORDER BY or LIMIT
        # on a branch of a UNION otherwise.
        branches.append(
            f"SELECT * FROM (SELECT '{name}' AS facet, e.slug, e.{label} AS label, {count} AS n "
            f"FROM {table} e INNER JOIN {links} l ON l.{column} = e.id "
            f"WHERE l.claim_id IN (SELECT claim_id FROM matched){published} "
            f"GROUP BY e.id, e.slug, e.{label} ORDER BY n DESC, e.{label}, e.id "
            f"LIMIT {FACET_LIMIT}) AS {name}_facet"
        )
    sql = f"WITH matched (claim_id) AS NOT MATERIALIZED ({matched}) " + " UNION ALL ".join(branches)
    return _facet_options(filterset.queryset.db, sql, params, names)


def _published_sources(name, params):
    """The source facet's condition (and its parameter, added to `params`):
    written as its partial index says it, "= %s", or SQLite scans and sorts
    the sources instead of reading the index (0.87 against 0.02 ms)."""
    if name != "source":
        return ""
    params.append(True)
    return " AND e.is_published = %s"


def _facet_options(db, sql, params, names):
    """{facet name: [FacetOption]} from a statement of (facet, slug, label, count) rows."""
    options = {name: [] for name in names}
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        for facet, slug, label, n in cursor.fetchall():
            options[facet].append(FacetOption(slug, label, n, False))
    return options


def _stored_entity_facets(db):
    """The entity facets of every published claim, read from the counts the
    services store (claim_count, claims.services_counts) rather than grouped
    from the links: the same values in the same order as _entity_facet_rows,
    from one statement, each branch the first rows of a most-claimed index."""
    branches, params = [], []
    for name, (model, label, *_) in ENTITY_FACETS.items():
        published = _published_sources(name, params)
        branches.append(
            f"SELECT * FROM (SELECT '{name}' AS facet, e.slug, e.{label} AS label, "
            f"e.claim_count AS n FROM {model._meta.db_table} e "
            f"WHERE e.claim_count > 0{published} "
            f"ORDER BY e.claim_count DESC, e.{label}, e.id LIMIT {FACET_LIMIT}) AS {name}_facet"
        )
    return _facet_options(db, " UNION ALL ".join(branches), params, ENTITY_FACETS)


def claim_facets(filterset):
    """{facet name: [FacetOption]} for status, kind, reported by, source, actor,
    place and event.

    Status, kind and "reported by" share one query; the entity facets that
    are not chosen share another, and each chosen one has its own (it counts
    without its own filter): two to six queries, whatever the number of
    claims. Without any filter the entity facets read the counts stored on
    each entity instead of grouping the links."""
    if filterset.is_bound:
        filterset.form.is_valid()
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    chosen = [name for name in ENTITY_FACETS if cleaned.get(name) is not None]
    shared = [name for name in ENTITY_FACETS if name not in chosen]
    # The stored counts count every published claim: the filter set's own
    # claims (its default queryset) when no filter is in effect.
    unfiltered = not active_filters(filterset)
    facets = {
        **_choice_facets(filterset),
        **(
            _stored_entity_facets(filterset.queryset.db)
            if unfiltered
            else _entity_facet_rows(filterset, shared)
        ),
    }
    for name in chosen:
        model, label, *_ = ENTITY_FACETS[name]
        rows = model.objects.filter(**{f"{_ENTITY_CLAIMS[name]}__in": _others(filterset, name)})
        if name == "source":
            rows = rows.filter(is_published=True)
        facets[name] = _entity_facet(filterset, name, rows, label, _ENTITY_COUNTS[name])
    return {name: facets[name] for name in ("status", "kind", "reported_by", *ENTITY_FACETS)}


def matching_count(facets):
    """How many claims match every filter, from claim_facets' result: each
    claim has one status, and a status's count is taken under every other
    filter, so the chosen statuses' counts (all of them when none is
    chosen) add up to the list's length."""
    statuses = facets["status"]
    chosen = [option for option in statuses if option.selected]
    return sum(option.count for option in chosen or statuses)


# How a chosen entity facet is counted, through the ORM (see ENTITY_FACETS).
_ENTITY_CLAIMS = {
    "source": "anchors__claim",
    "actor": "claims",
    "place": "claims",
    "event": "claims",
}
_ENTITY_COUNTS = {
    "source": Count("anchors__claim", distinct=True),
    "actor": Count("claims"),
    "place": Count("claims"),
    "event": Count("claims"),
}


@dataclass(frozen=True)
class ActiveFilter:
    name: str  # the query parameter
    label: str  # "Evidence status"
    value: str  # "Supported or Disputed", as a reader would say it


def active_filters(filterset):
    """The valid filters in effect, in the order of the filter set."""
    if not filterset.is_bound:
        return []
    filterset.form.is_valid()  # invalid fields are left out of cleaned_data
    active = []
    for name, value in filterset.form.cleaned_data.items():
        if name == "sort" or value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        if name == "q":
            if not value.strip():
                continue
            shown = f"“{value.strip()}”"
        elif isinstance(value, (list, tuple)):
            labels = dict(field.choices)
            shown = " or ".join(str(labels.get(v, v)) for v in value)
        elif name == "reported_by":
            shown = dict(field.choices).get(value, value)
        else:
            shown = str(value)
        active.append(ActiveFilter(name, str(field.label), shown))
    return active
