"""Site search, /search/?q=: claims, sentences, actors, places and events, grouped."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse

from ..filters import ClaimFilter
from ..models import Actor, ActorAlias, Claim, Event, Place, PlaceAlias, Sentence
from ..paging import page_of, page_urls
from ..search import (
    claim_snippets,
    claims_for_list,
    claims_matching,
    count_capped,
    first_found,
    named_matching,
    sentence_matches,
    sentences_matching,
    snippets,
)

MAX_QUERY = 200
PER_GROUP = 10  # results per group on the overview
PER_PAGE = 25  # results per page when one group is shown alone

GROUPS = [
    ("claims", "Claims"),
    ("sentences", "Sentences in sources"),
    ("actors", "Actors"),
    ("places", "Places"),
    ("events", "Events"),
]


def site_search(request):
    q = request.GET.get("q", "").strip()
    only = request.GET.get("in", "")
    errors = []
    if len(q) > MAX_QUERY:
        errors.append(f"A search may be at most {MAX_QUERY} characters long.")
        q = ""
    if only and only not in dict(GROUPS):
        errors.append(f"“{only}” is not a kind of result; showing them all.")
        only = ""
    groups = []
    cap = settings.SEARCH_RANK_CAP
    if q:
        querysets = _querysets(q, cap)
        for key, label in GROUPS:
            if only and key != only:
                continue
            group = {"key": key, "label": label, "only_url": _url(q, key)}
            capped = key == "sentences"
            if capped:
                # Only the first `cap` matches are ranked (querysets); count
                # them exactly up to there and say "more than" beyond.
                matches = count_capped(querysets["sentence_matches"], cap)
                group["more_than_cap"] = matches > cap
                group["cap"] = cap
            if only:
                page, page_error = page_of(
                    Paginator(querysets[key], PER_PAGE), request.GET.get("page")
                )
                errors += [page_error] if page_error else []
                group["page"] = page
                group["items"] = list(page.object_list)
                group["total"] = page.paginator.count
                group["page_urls"] = page_urls(page, lambda number, key=key: _url(q, key, number))
                group["pages_label"] = f"Pages of {label.lower()}"
            elif capped:
                group["items"] = list(querysets[key][:PER_GROUP])
                group["total"] = min(matches, cap)
            elif key == "claims":
                # Counted apart, all of them: as a window over the ranked rows,
                # the count made PostgreSQL join every match's actor and source
                # before the LIMIT (6,362 matches at 100,000 claims: 46 ms).
                group["items"] = list(querysets["claims_first_found"][:PER_GROUP])
                group["total"] = querysets["claim_matches"].count() if group["items"] else 0
                group["ranked_cap"] = cap if group["total"] > cap else None
            else:
                # The first results and how many there are from one query: the
                # count is a window over every match, taken before the LIMIT.
                items = list(querysets[key].annotate(matches=Window(Count("pk")))[:PER_GROUP])
                group["total"] = items[0].matches if items else 0
                group["items"] = items
            groups.append(group)
        _add_snippets(groups, q)
    return render(
        request,
        "claims/search.html",
        {
            "q": q,
            "only": only,
            "only_label": dict(GROUPS).get(only, ""),
            "groups": groups,
            "errors": errors,
            "total": sum(group["total"] for group in groups),
            "more_than_total": any(group.get("more_than_cap") for group in groups),
            "all_url": _url(q),
        },
    )


def _querysets(q, cap):
    data = QueryDict(mutable=True)
    data["q"] = q
    claims = ClaimFilter(data).qs
    matching_claims = claims_matching(Claim.objects.published(), q)
    published = (
        Sentence.objects.filter(source__is_published=True)
        .select_related("source")
        .defer("source__text", "source__raw")
    )
    sentences = sentences_matching(published, q, cap=cap)
    actors = named_matching(
        Actor.objects.order_by("name"), q, "name", ActorAlias, "actor"
    ).prefetch_related("aliases")
    places = named_matching(
        Place.objects.order_by("name"), q, "name", PlaceAlias, "place"
    ).prefetch_related("aliases")
    events = named_matching(
        Event.objects.all(), q, "title", None, None, extra_fields=("description", "date_text")
    )
    return {
        "claims": claims_for_list(claims),
        # The overview ranks the first `cap` matches only, like the sentences;
        # the claim browser (its "All N claims" link) and ?in=claims rank all.
        "claims_first_found": claims_for_list(first_found(claims, matching_claims, cap)),
        "claim_matches": matching_claims,
        "sentences": sentences,
        "sentence_matches": sentence_matches(Sentence.objects.filter(source__is_published=True), q),
        "actors": actors,
        "places": places,
        "events": events,
    }


def _add_snippets(groups, q):
    """Mark q's matches in what each result shows (one query per group at most)."""
    for group in groups:
        items = group["items"]
        if group["key"] == "claims":
            marked = claim_snippets(items, q)
            for claim in items:
                claim.snippet = marked.get(claim.pk)
        elif group["key"] == "sentences":
            marked = snippets({s.pk: s.text for s in items}, q, window=300)
            for sentence in items:
                sentence.snippet = marked[sentence.pk]


def _url(q, only="", page=None):
    query = QueryDict(mutable=True)
    query["q"] = q
    if only:
        query["in"] = only
    if page:
        query["page"] = str(page)
    return f"{reverse('site-search')}?{query.urlencode()}"
