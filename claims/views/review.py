"""The review queue and the one-click actions it offers: confirm or reject a
suggested mention, make an actor or place from a candidate, re-anchor a quote."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .. import services
from ..forms import ActorFromMentionForm, PlaceFromMentionForm, actor_initial, place_initial
from ..models import Anchor, Claim, ClaimSuggestion, EvidenceStatus, Mention
from ..permissions import editor_page, safe_next, write_view
from .suggestions import open_claim_suggestions

PAGE_SIZE = 25
TABS = {
    "claims": "Unassessed claims",
    "mentions": "Suggested mentions",
    "anchors": "Anchors that no longer match",
    "suggestions": "Suggested claims",
}


# The queues show a source's title and address, never its body: leave the
# article text and raw upload (kilobytes each) in the database.
SOURCE_BODIES = ("sentence__source__text", "sentence__source__raw")


def unassessed_claims():
    anchors = Anchor.objects.with_sentences().order_by("id")
    return (
        Claim.objects.filter(status=EvidenceStatus.UNASSESSED)
        .prefetch_related(Prefetch("anchors", queryset=anchors))
        .order_by("created_at", "id")
    )


def suggested_mentions():
    # In reading order: sentences are written in order within an article, so
    # their ids are. Sorting by source title instead sorted all 30,000
    # suggestions of the benchmark corpus for each page (85 ms); this order
    # is read from the index mention_suggested_idx.
    return (
        Mention.objects.suggested()
        .select_related("sentence__source", "actor", "place")
        .defer(*SOURCE_BODIES)
        .order_by("sentence_id", "start", "id")
    )


def mismatched_anchors():
    orphaned_last = Case(
        When(state=Anchor.State.ORPHANED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        Anchor.objects.to_review()
        .select_related("claim", "sentence__source")
        .defer(*SOURCE_BODIES)
        .order_by(orphaned_last, "sentence__source__title", "start", "id")
    )


QUEUES = {
    "claims": unassessed_claims,
    "mentions": suggested_mentions,
    "anchors": mismatched_anchors,
    "suggestions": open_claim_suggestions,
}


# The tabs not shown are counted up to this many ("1000+"): counting all
# 300,000 suggested mentions of the 10x corpus took 20-25 ms of every review
# page, for a total nobody reads to the unit on another tab. The tab shown is
# counted exactly (its pages need the total), a stored count would need
# upkeep by every write.
TAB_COUNT_LIMIT = 1000


def queue_counts(tab):
    """{tab: its size}, exact for `tab`, at most TAB_COUNT_LIMIT + 1 for the others."""
    queues = {
        "claims": Claim.objects.filter(status=EvidenceStatus.UNASSESSED),
        "mentions": Mention.objects.suggested(),
        "anchors": Anchor.objects.to_review(),
        "suggestions": ClaimSuggestion.objects.open(),
    }
    # Unordered: a limited count otherwise sorts the rows it stops at.
    return {
        key: queue.order_by().count()
        if key == tab
        else queue.order_by()[: TAB_COUNT_LIMIT + 1].count()
        for key, queue in queues.items()
    }


def _up_to_limit(count):
    return f"{TAB_COUNT_LIMIT}+" if count > TAB_COUNT_LIMIT else count


@editor_page
def review_queue(request):
    tab = request.GET.get("tab")
    if tab not in TABS:
        tab = "claims"
    counts = queue_counts(tab)
    paginator = Paginator(QUEUES[tab](), PAGE_SIZE)
    paginator.count = counts[tab]  # counted above: not again
    page = paginator.get_page(request.GET.get("page"))
    tabs = [
        (key, label, counts[key] if key == tab else _up_to_limit(counts[key]))
        for key, label in TABS.items()
    ]
    context = {"tab": tab, "tabs": tabs, "counts": counts, "page": page}
    return render(request, "claims/review/queue.html", context)


def _back(request, tab):
    return safe_next(request, request.POST.get("next"), default=f"{reverse('review')}?tab={tab}")


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _review_mention(request, pk, status):
    mention = get_object_or_404(Mention, pk=pk)
    try:
        services.mention_review(mention=mention, status=status, reviewer=request.user)
    except services.ServiceError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": str(exc)}, status=409)
        messages.error(request, str(exc))
    else:
        if _wants_json(request):
            return JsonResponse({"ok": True, "status": mention.status})
        messages.success(request, f"“{mention.surface}” {mention.status}.")
    return redirect(_back(request, "mentions"))


@write_view("claims.change_mention")
def mention_confirm(request, pk):
    return _review_mention(request, pk, Mention.Status.CONFIRMED)


@write_view("claims.change_mention")
def mention_reject(request, pk):
    return _review_mention(request, pk, Mention.Status.REJECTED)


def _mention_new_entity(request, pk, *, form_class, initial, create, noun):
    mention = get_object_or_404(Mention.objects.select_related("sentence__source"), pk=pk)
    status = 200
    if mention.status != Mention.Status.SUGGESTED:
        messages.error(request, f"“{mention.surface}” was already {mention.status}.")
        return redirect(f"{reverse('review')}?tab=mentions")
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                entity = create(mention=mention, reviewer=request.user, **form.cleaned_data)
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"{noun.capitalize()} “{entity}” created; “{mention.surface}” confirmed.",
                )
                return redirect(_back(request, "mentions"))
        status = 400
    else:
        form = form_class(initial=initial(mention))
    back = request.POST.get("next") or request.GET.get("next", "")
    context = {"mention": mention, "form": form, "noun": noun, "next": back}
    return render(request, "claims/review/mention_new_entity.html", context, status=status)


@write_view("claims.change_mention", "claims.add_place", methods=("GET", "POST"))
def mention_new_place(request, pk):
    return _mention_new_entity(
        request,
        pk,
        form_class=PlaceFromMentionForm,
        initial=place_initial,
        create=services.mention_create_place,
        noun="place",
    )


@write_view("claims.change_mention", "claims.add_actor", methods=("GET", "POST"))
def mention_new_actor(request, pk):
    return _mention_new_entity(
        request,
        pk,
        form_class=ActorFromMentionForm,
        initial=actor_initial,
        create=services.mention_create_actor,
        noun="actor",
    )


@write_view("claims.change_anchor")
def anchor_reanchor(request, pk):
    anchor = services.anchor_reanchor(anchor=get_object_or_404(Anchor, pk=pk), editor=request.user)
    if anchor.state == Anchor.State.ORPHANED:
        messages.warning(
            request,
            f"The quote of claim #{anchor.claim_id} is no longer in the source; "
            "the anchor is marked orphaned.",
        )
    else:
        messages.success(request, f"Claim #{anchor.claim_id} re-anchored.")
    return redirect(_back(request, "anchors"))
