"""Editors decide on the claims an import suggested: accept (as is, or edited), split, reject.

Every action is a POST form (claims/includes/suggestion_item.html) that
works without JavaScript; each answers with a redirect back to the page it
came from and a message saying what happened or why nothing did.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from .. import services
from ..forms import ClaimSuggestionAcceptForm, ClaimSuggestionSplitForm
from ..models import ClaimSuggestion
from ..permissions import safe_next, write_view

ACCEPT_PERMISSIONS = (
    "claims.change_claimsuggestion",
    "claims.add_claim",
    "claims.add_anchor",
    "claims.add_quantity",
)


def open_claim_suggestions():
    """The review queue's suggested claims, in reading order (index claimsuggestion_open_idx)."""
    return (
        ClaimSuggestion.objects.open()
        .select_related("sentence__source", "attributed_to")
        .defer("sentence__source__text", "sentence__source__raw")
        .order_by("sentence_id", "start", "id")
    )


def _back(request):
    default = f"{reverse('review')}?tab=suggestions"
    return redirect(safe_next(request, request.POST.get("next"), default=default))


def _suggestion(pk):
    return get_object_or_404(ClaimSuggestion.objects.select_related("sentence__source"), pk=pk)


def _errors(form):
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def quote_span(suggestion, quote):
    """(start, end) in the source text of `quote` within the suggestion's sentence.

    Where the words stand more than once, the occurrence nearest the
    suggestion's own quote. ServiceError if they are not in the sentence.
    """
    sentence = suggestion.sentence
    quote = quote.strip()
    found = []
    at = sentence.text.find(quote) if quote else -1
    while at != -1:
        found.append(sentence.start + at)
        at = sentence.text.find(quote, at + 1)
    if not found:
        shown = quote if len(quote) <= 80 else quote[:79] + "…"
        raise services.ServiceError(
            f"“{shown}” is not in the sentence: a quote must be the sentence's own words, verbatim."
        )
    start = min(found, key=lambda position: abs(position - suggestion.start))
    return start, start + len(quote)


@write_view(*ACCEPT_PERMISSIONS)
def suggestion_accept(request, pk):
    suggestion = _suggestion(pk)
    form = ClaimSuggestionAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was saved: {_errors(form)}")
        return _back(request)
    data = form.cleaned_data
    try:
        start = end = None
        if data["quote"].strip() and data["quote"].strip() != suggestion.exact:
            start, end = quote_span(suggestion, data["quote"])
        claim = services.claim_suggestion_accept(
            suggestion=suggestion,
            editor=request.user,
            statement=data["statement"].strip() or None,
            kind=data["kind"] or None,
            start=start,
            end=end,
        )
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Claim #{claim.pk} created from the suggestion.")
    return _back(request)


@write_view("claims.change_claimsuggestion")
def suggestion_reject(request, pk):
    suggestion = _suggestion(pk)
    try:
        services.claim_suggestion_reject(suggestion=suggestion, editor=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Suggestion “{_short(suggestion.exact)}” rejected.")
    return _back(request)


@write_view("claims.change_claimsuggestion", "claims.add_claimsuggestion")
def suggestion_split(request, pk):
    suggestion = _suggestion(pk)
    form = ClaimSuggestionSplitForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was split: {_errors(form)}")
        return _back(request)
    words = form.cleaned_data["split_before"].strip()
    at = suggestion.exact.find(words, 1) if words else -1
    if at <= 0:
        messages.error(
            request,
            f"Nothing was split: “{_short(words)}” does not stand inside the quote after its "
            "first word; type the words the second part begins with, as written.",
        )
        return _back(request)
    try:
        parts = services.claim_suggestion_split(
            suggestion=suggestion, editor=request.user, positions=[suggestion.start + at]
        )
    except services.ServiceError as exc:
        messages.error(request, f"Nothing was split: {exc}")
    else:
        messages.success(request, f"Suggestion split in {len(parts)}.")
    return _back(request)


def _short(text, size=60):
    return text if len(text) <= size else text[: size - 1] + "…"
