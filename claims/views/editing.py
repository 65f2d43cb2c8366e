"""Editors' pages: create a claim from a sentence, edit it, assess it (one or
several at a time). Every write goes through claims.services; a stale form
is answered 409 with the newer state and the editor's own input kept."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .. import services
from ..anchoring import find_quote
from ..forms import (
    AssessmentForm,
    BulkAssessmentForm,
    ClaimCreateForm,
    ClaimEditForm,
    EvidenceForm,
    accepted_quantities,
    quantity_formset,
    quantity_suggestions,
)
from ..models import Anchor, Assessment, Claim, Sentence, Source
from ..permissions import safe_next, write_view

LINK_FIELDS = ("statement", "kind", "attributed_to", "actors", "places", "events")


@write_view("claims.add_claim", "claims.add_anchor", "claims.add_quantity", methods=("GET", "POST"))
def claim_new(request):
    if request.method == "POST":
        form = ClaimCreateForm(request.POST)
        quantities = quantity_formset(data=request.POST)
        if form.is_valid() and quantities.is_valid():
            data = form.cleaned_data
            try:
                claim = services.claim_create(
                    created_by=request.user,
                    quantities=accepted_quantities(quantities),
                    **{key: data[key] for key in ("sentence", "start", "end", *LINK_FIELDS)},
                )
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Claim #{claim.pk} created.")
                return redirect(claim)
        sentence = _posted_sentence(form)
        status = 400
    else:
        sentence, start, end = _selected_span(request.GET)
        quote = sentence.source.text[start:end]
        form = ClaimCreateForm(
            initial={
                "sentence": sentence.pk,
                "start": start,
                "end": end,
                "quote": quote,
                "statement": quote,
            }
        )
        quantities = quantity_formset(suggestions=quantity_suggestions(quote))
        status = 200
    context = {"form": form, "quantities": quantities, "sentence": sentence}
    return render(request, "claims/editing/claim_new.html", context, status=status)


def _selected_span(params):
    """The sentence and the span inside it named by ?source=&sentence=&start=&end=.

    Offsets outside the sentence fall back to the whole sentence."""
    source = get_object_or_404(Source, slug=params.get("source", ""))
    index = params.get("sentence", "")
    if not index.isdigit():
        raise Http404("Choose a sentence in the reader first.")
    sentence = get_object_or_404(
        Sentence.objects.select_related("source"), source=source, index=index
    )
    start, end = params.get("start", ""), params.get("end", "")
    start, end = (int(start), int(end)) if start.isdigit() and end.isdigit() else (None, None)
    # The reader sends the selected text too: if the page's markup shifted the
    # offsets (or gave none), the quote is found again inside the sentence.
    quote = params.get("quote", "").strip()
    if quote and (start is None or source.text[start:end].strip() != quote):
        near = start - sentence.start if start is not None else None
        found = find_quote(sentence.text, quote, near=near)
        if found:
            start, end = sentence.start + found[0], sentence.start + found[1]
    if start is None:
        return sentence, sentence.start, sentence.end
    if sentence.start <= start < end <= sentence.end:
        # A mouse selection often takes a space or two either side.
        selected = source.text[start:end]
        start += len(selected) - len(selected.lstrip())
        end -= len(selected) - len(selected.rstrip())
        if start < end:
            return sentence, start, end
    return sentence, sentence.start, sentence.end


def _posted_sentence(form):
    """The sentence a refused form was about, to show it again (None if it is gone)."""
    sentence_id = str(form.data.get("sentence", ""))
    if not sentence_id.isdigit():
        return None
    return Sentence.objects.select_related("source").filter(pk=sentence_id).first()


@write_view("claims.change_claim", methods=("GET", "POST"))
def claim_edit(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    conflict, status = None, 200
    if request.method == "POST":
        form = ClaimEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                edit = services.claim_update(
                    claim=claim,
                    editor=request.user,
                    expected_version=data["version"],
                    **{key: data[key] for key in LINK_FIELDS},
                )
            except services.StaleClaim as exc:
                conflict = exc
                form = ClaimEditForm(_with_version(request.POST, exc.claim.version))
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Claim updated." if edit else "Nothing changed.")
                return redirect(claim)
        status = 409 if conflict else 400
    else:
        form = ClaimEditForm.for_claim(claim)
    claim.refresh_from_db()
    context = {"claim": claim, "form": form, "conflict": conflict}
    return render(request, "claims/editing/claim_edit.html", context, status=status)


@write_view("claims.add_assessment", methods=("GET", "POST"))
def claim_assess(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    conflict, status = None, 200
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        evidence_form = EvidenceForm(request.POST, prefix="evidence")
        if form.is_valid() and evidence_form.is_valid():
            evidence = evidence_form.evidence()
            if evidence and not request.user.has_perm("claims.add_evidence"):
                evidence_form.add_error(None, "Your account may not add evidence.")
            else:
                try:
                    services.claim_assess(
                        claim=claim,
                        status=form.cleaned_data["status"],
                        rationale=form.cleaned_data["rationale"],
                        editor=request.user,
                        expected_version=form.cleaned_data["version"],
                        evidence=[evidence] if evidence else (),
                    )
                except services.StaleClaim as exc:
                    conflict = exc
                    form = AssessmentForm(_with_version(request.POST, exc.claim.version))
                except services.ServiceError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(
                        request, f"Status set to {claim.get_status_display().lower()}."
                    )
                    return redirect(claim)
        status = 409 if conflict else 400
    else:
        form = AssessmentForm(initial={"version": claim.version, "status": claim.status})
        evidence_form = EvidenceForm(prefix="evidence")
    claim.refresh_from_db()
    context = {
        "claim": claim,
        "anchors": claim.anchors.with_sentences(),
        "form": form,
        "evidence_form": evidence_form,
        "conflict": conflict,
        "latest": claim.assessments.select_related("editor").order_by("-created_at", "-id").first(),
    }
    return render(request, "claims/editing/claim_assess.html", context, status=status)


@write_view("claims.add_assessment")
def claims_bulk_assess(request):
    form = BulkAssessmentForm(request.POST)
    back = safe_next(request, request.POST.get("next"), default=reverse("home"))
    conflict = None
    if form.is_valid():
        chosen = form.cleaned_data["claims"]
        try:
            services.claim_assess_many(
                claims=chosen,
                status=form.cleaned_data["status"],
                rationale=form.cleaned_data["rationale"],
                editor=request.user,
                expected_versions=form.expected_versions(),
            )
        except services.StaleClaims as exc:
            conflict = exc
        else:
            label = dict(form.fields["status"].choices)[form.cleaned_data["status"]]
            messages.success(request, f"{len(chosen)} claim(s) marked {label.lower()}.")
            return redirect(back)
    chosen = Claim.objects.filter(pk__in=_ids(request.POST.getlist("claims"))).prefetch_related(
        Prefetch("assessments", queryset=Assessment.objects.select_related("editor")),
        Prefetch("anchors", queryset=Anchor.objects.with_sentences()),
    )
    stale = {claim.pk for claim in conflict.claims} if conflict else set()
    context = {"form": form, "claims": chosen, "conflict": conflict, "stale": stale, "next": back}
    return render(
        request, "claims/editing/bulk_assess.html", context, status=409 if conflict else 400
    )


def _ids(values):
    return [int(value) for value in values if str(value).isdigit()]


def _with_version(data, version):
    """The editor's submitted input, now based on the current version: the
    form shows the conflict, and a deliberate second submit goes through."""
    data = data.copy()
    data["version"] = str(version)
    return data
