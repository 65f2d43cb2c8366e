"""The claim browser, /claims/: facets, full-text search, sorting and pages.

The query string holds the whole state, so any view of it can be shared.
Filtering, search and facet counts live in claims.filters (shared with the API).
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from ..filters import (
    ClaimFilter,
    ClaimSort,
    active_filters,
    claim_facets,
    claims_without,
    matching_count,
)
from ..fragments import browser_filters_key, claim_row_key
from ..paging import page_of, page_urls
from ..permissions import can_edit
from ..search import claim_snippets, claims_for_list

CLAIMS_PER_PAGE = 25


def claim_browser(request):
    filterset = ClaimFilter(request.GET)
    filterset.form.is_valid()
    q = filterset.search_text
    # Editors tick rows to assess them, so their rows show each quote in its sentence.
    editing = can_edit(request.user)
    claims = claims_for_list(filterset.qs, sentences=editing)
    facets = claim_facets(filterset)
    paginator = Paginator(claims, CLAIMS_PER_PAGE)
    # How many claims match, from the status facet (each claim has one
    # status, each count is under every other filter) rather than a COUNT.
    paginator.count = matching_count(facets)
    page, page_error = page_of(paginator, request.GET.get("page"))
    rows = list(page.object_list)
    snippets = claim_snippets(rows, q) if q else {}
    for claim in rows:
        claim.snippet = snippets.get(claim.pk)
        # A row with its search matches marked, or with an editor's
        # controls, is rendered each time; every other is rendered once.
        claim.row_key = None if q or editing else claim_row_key(claim)
    active = active_filters(filterset)
    params = request.GET
    # The filters and facets are rendered once per address and counts
    # (claims.fragments); their links are made only when they are rendered.
    unpaged = params.copy()
    unpaged.pop("page", None)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "q": q,
        # The form submits "" for the default order, so a new search typed
        # over a list sorted by default is ranked by relevance, not by date.
        "sort": filterset.form.cleaned_data.get("sort") or "",
        "sort_choices": [("", "Best match first (newest without a search)")]
        + [(value, label) for value, label in ClaimSort.choices if value != ClaimSort.RELEVANCE],
        "page_obj": page,
        "claims": rows,
        "editing": editing,
        "facets": SimpleLazyObject(lambda: _facet_links(request, facets, params)),
        "filters_key": browser_filters_key(request.path, unpaged.urlencode(), facets),
        "active": [
            {"filter": item, "remove_url": _url(request, params, **{item.name: None})}
            for item in active
        ],
        "errors": _errors(filterset) + ([page_error] if page_error else []),
        "clear_url": request.path,
        "page_urls": _page_urls(request, params, page),
        "hidden": _hidden_entity_params(filterset),
    }
    if not rows and active:
        # Say which filter emptied the list: how many claims each one's removal would give.
        for item in context["active"]:
            item["without"] = claims_without(filterset, item["filter"].name).count()
    return render(request, "claims/claim_browser.html", context)


def _errors(filterset):
    return [str(message) for errors in filterset.errors.values() for message in errors]


def _url(request, params, **changes):
    """This page's address with `changes` applied (None removes a parameter, a
    list sets several values); always back to the first page."""
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value is None or value == []:
            query.pop(name, None)
        elif isinstance(value, list):
            query.setlist(name, value)
        else:
            query[name] = value
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def _facet_links(request, facets, params):
    """Facet options (claim_facets) with the address each one leads to."""
    links = {}
    for name, options in facets.items():
        chosen = [option.value for option in options if option.selected]
        entries = []
        for option in options:
            if name in ("status", "kind"):
                values = [v for v in chosen if v != option.value]
                if not option.selected:
                    values.append(option.value)
                url = _url(request, params, **{name: values})
            else:
                url = _url(request, params, **{name: None if option.selected else option.value})
            entries.append({"option": option, "url": url})
        links[name] = entries
    return links


def _hidden_entity_params(filterset):
    """The single-choice filters the search form must carry along."""
    cleaned = filterset.form.cleaned_data
    return [
        (name, cleaned[name].slug)
        for name in ("source", "actor", "place", "event")
        if cleaned.get(name) is not None
    ]


def _page_urls(request, params, page):
    def at(number):
        query = params.copy()
        query["page"] = str(number)
        return f"{request.path}?{query.urlencode()}"

    return page_urls(page, at)
