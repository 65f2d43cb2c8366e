"""The review queue's decisions about anchors a new revision moved: confirm a
fuzzy match, re-select the words, or detach the claim (docs/revisions.md)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .. import services
from ..models import Anchor
from ..permissions import safe_next, write_view
from ..services_revisions import anchor_confirm, anchor_detach, anchor_reselect


class ReselectForm(forms.Form):
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        label="The claim's words in the current version",
        help_text="Copy them from the sentence below, exactly as written.",
    )
    sentence = forms.IntegerField(
        required=False,
        min_value=1,
        label="Sentence number",
        help_text="Where they are; leave empty to look in the whole article.",
    )


def _back(request):
    return safe_next(request, request.POST.get("next"), default=f"{reverse('review')}?tab=anchors")


def _anchor(pk):
    return get_object_or_404(Anchor.objects.select_related("claim", "sentence__source"), pk=pk)


@write_view("claims.change_anchor")
def anchor_confirm_view(request, pk):
    try:
        anchor = anchor_confirm(anchor=_anchor(pk), editor=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The new words of claim #{anchor.claim_id} are confirmed.")
    return redirect(_back(request))


@write_view("claims.change_anchor")
def anchor_detach_view(request, pk):
    try:
        anchor = anchor_detach(anchor=_anchor(pk), editor=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Claim #{anchor.claim_id} is detached: its page shows its words "
            f"from revision {anchor.revision}.",
        )
    return redirect(_back(request))


@write_view("claims.change_anchor", methods=("GET", "POST"))
def anchor_reselect_view(request, pk):
    anchor = _anchor(pk)
    status = 200
    if request.method == "POST":
        form = ReselectForm(request.POST)
        if form.is_valid():
            try:
                anchor_reselect(
                    anchor=anchor,
                    editor=request.user,
                    quote=form.cleaned_data["quote"],
                    sentence_index=form.cleaned_data["sentence"],
                )
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Claim #{anchor.claim_id} is anchored again.")
                return redirect(_back(request))
        status = 400
    else:
        form = ReselectForm(initial={"sentence": anchor.sentence.index})
    sentences = anchor.sentence.source.sentences.filter(
        index__range=(anchor.sentence.index - 1, anchor.sentence.index + 1)
    ).order_by("index")
    back = request.POST.get("next") or request.GET.get("next", "")
    return render(
        request,
        "claims/review/anchor_reselect.html",
        {"anchor": anchor, "form": form, "sentences": sentences, "next": back},
        status=status,
    )
