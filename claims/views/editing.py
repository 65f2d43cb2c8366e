"""Editors' pages: create a claim from a sentence, edit it, assess it (one or
several at a time). Every write goes through claims.services; a stale form
is answered 409 with the newer state and the editor's own input kept."""

from contextlib import suppress
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max, Min, Prefetch
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from .. import selectors, services
from ..forms import (
    MAX_SENTENCE_QUERY,
    AssessmentForm,
    BulkAssessmentForm,
    ClaimCreateForm,
    ClaimEditForm,
    EvidenceForm,
    accepted_quantities,
    citable_sentences,
    quantity_formset,
    quantity_suggestions,
    selected_spans,
)
from ..models import Anchor, Assessment, Claim, Sentence, Source
from ..permissions import editor_page, safe_next, write_view
from ..search import snippets

LINK_FIELDS = ("statement", "kind", "attributed_to", "actors", "places", "events")


@write_view("claims.add_claim", "claims.add_anchor", "claims.add_quantity", methods=("GET", "POST"))
def claim_new(request):
    """The new-claim form: shown for a selection (GET), or saved (POST).

    The reader posts here straight from its panel (statement and kind only,
    no quantity rows) and names itself in `next`: the editor goes back to
    the article with the new claim marked, ready for the next selection."""
    if request.method == "POST":
        form = ClaimCreateForm(request.POST)
        from_reader = "quantities-TOTAL_FORMS" not in request.POST
        quantities = quantity_formset(data=None if from_reader else request.POST)
        if form.is_valid() and (from_reader or quantities.is_valid()):
            data = form.cleaned_data
            try:
                claim = services.claim_create(
                    created_by=request.user,
                    spans=data["spans"],
                    quantities=() if from_reader else accepted_quantities(quantities),
                    **{key: data[key] for key in LINK_FIELDS},
                )
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Claim #{claim.pk} created.")
                return redirect(_after_create(request, claim, data["spans"][0][0]))
        sentence = _posted_sentence(form)
        status = 400
    else:
        sentence, initial = _selection(request.GET)
        form = ClaimCreateForm(initial=initial)
        quantities = quantity_formset(suggestions=quantity_suggestions(initial["quote"]))
        status = 200
    context = {
        "form": form,
        "quantities": quantities,
        "sentence": sentence,
        "passage": _passage(sentence, form["start"].value(), form["end"].value()),
    }
    return render(request, "claims/editing/claim_new.html", context, status=status)


def _passage(sentence, start, end):
    """The sentences a selection covers, split around it, to show the quote in its text."""
    if sentence is None:
        return None
    start, end = _offset(str(start or "")), _offset(str(end or ""))
    text = sentence.source.text
    if start is None or end is None or not start < end <= len(text):
        start, end = sentence.start, sentence.end
    covered = sentence.source.sentences.filter(
        start__lt=max(end, sentence.end), end__gt=min(start, sentence.start)
    ).aggregate(lo=Min("start"), hi=Max("end"), first=Min("index"), last=Max("index"))
    lo, hi = min(covered["lo"], start), max(covered["hi"], end)
    return {
        "before": text[lo:start],
        "quote": text[start:end],
        "after": text[end:hi],
        "first": covered["first"],
        "last": covered["last"],
    }


def _after_create(request, claim, sentence):
    """Back to the reader the form came from, the new claim marked; else the claim's page."""
    back = safe_next(request, request.POST.get("next"), default="")
    reader = sentence.source.get_absolute_url()
    if not back or urlsplit(back).path != reader:
        return claim.get_absolute_url()
    query = QueryDict(urlsplit(back).query, mutable=True)
    query["claim"] = str(claim.pk)
    return f"{reader}?{query.urlencode()}#s-{sentence.index}"


def _selection(params):
    """The sentence and the form's initial data for ?source=&sentence=&start=&end=&quote=.

    A selection that no longer matches the text (or none) falls back to the
    whole sentence; a selection over several sentences is kept whole."""
    source = get_object_or_404(Source, slug=params.get("source", ""))
    start, end = _offset(params.get("start")), _offset(params.get("end"))
    index = params.get("sentence", "")
    if index.isdigit() and len(index) < 10:
        sentence = get_object_or_404(
            Sentence.objects.select_related("source"), source=source, index=index
        )
    elif start is not None:
        sentence = (
            source.sentences.select_related("source")
            .filter(end__gt=start)
            .order_by("index")
            .first()
        )
        if sentence is None:
            raise Http404("There is no sentence at this place; choose one in the reader.")
    else:
        raise Http404("Choose a sentence in the reader first.")
    quote = params.get("quote", "")
    if not quote and start is not None and end is not None:
        quote = source.text[start:end]
    # The reader sends the selected text too: if the page's markup shifted the
    # offsets (or gave none), the quote is found again inside the sentence.
    spans = [(sentence, sentence.start, sentence.end)]
    if quote.strip():
        # If it cannot be found, the whole sentence, to narrow down in the form.
        with suppress(ValidationError):
            spans = selected_spans(source, quote, start, end, sentence=sentence)
    first, last = spans[0], spans[-1]
    return first[0], {
        "source": source.slug,
        "sentence": first[0].pk,
        "start": first[1],
        "end": last[2],
        "quote": source.text[first[1] : last[2]],
        "statement": " ".join(source.text[first[1] : last[2]].split()),
    }


def _offset(value):
    return int(value) if value and value.isdigit() and len(value) < 12 else None


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
    """The assess form: shown (GET), saved (POST), or, when its "Find
    sentences" button sent it, shown again with the editor's input and the
    sentences of other sources that match, to choose one as evidence."""
    claim = get_object_or_404(Claim, pk=pk)
    conflict, status = None, 200
    if request.method == "POST" and request.POST.get("evidence-search"):
        form, evidence_form = _assess_forms_unsaved(request.POST, request.user)
    elif request.method == "POST":
        form = AssessmentForm(request.POST)
        evidence_form = EvidenceForm(request.POST, prefix="evidence", user=request.user)
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
        evidence_form = EvidenceForm(prefix="evidence", user=request.user)
    claim.refresh_from_db()
    context = {
        "claim": claim,
        "anchors": claim.anchors.with_sentences(),
        "form": form,
        "evidence_form": evidence_form,
        "conflict": conflict,
        "latest": claim.assessments.select_related("editor").order_by("-created_at", "-id").first(),
        "sentence_search": _sentence_search(request, claim),
    }
    return render(request, "claims/editing/claim_assess.html", context, status=status)


@editor_page
def evidence_sentences(request, pk):
    """{"results": [...]}: the sentences the assess form's search offers for
    ?q= (evidence-search.js lists them as they are typed for); the same selector as
    the form's "Find sentences" button, so the same sentences."""
    claim = get_object_or_404(Claim, pk=pk)
    q = request.GET.get("q", "").strip()
    if len(q) > MAX_SENTENCE_QUERY:
        return JsonResponse(
            {"error": f"A search may be at most {MAX_SENTENCE_QUERY} characters long."},
            status=400,
        )
    found = selectors.evidence_sentences(q, claim=claim, user=request.user) if q else []
    return JsonResponse(
        {
            "results": [
                {
                    "id": sentence.pk,
                    "text": sentence.text,
                    "index": sentence.index,
                    "source": sentence.source.title,
                    "date": _source_date(sentence.source),
                    "published": sentence.source.is_published,
                }
                for sentence in found
            ]
        }
    )


def _source_date(source):
    """The source's date as the page writes it (includes/source_date.html)."""
    if source.published_on is None:
        return ""
    return strip_tags(
        render_to_string("claims/includes/source_date.html", {"source": source})
    ).strip()


def _assess_forms_unsaved(data, user):
    """The assess forms holding what the editor typed, not validated: a search
    is not a submission, so nothing is refused (or written) yet."""
    form = AssessmentForm(initial={key: data.get(key, "") for key in AssessmentForm.base_fields})
    evidence_form = EvidenceForm(
        prefix="evidence",
        user=user,
        initial={key: data.get(f"evidence-{key}", "") for key in EvidenceForm.base_fields},
    )
    return form, evidence_form


def _sentence_search(request, claim):
    """The sentence chosen so far and the sentences matching the evidence
    search, for the form's list of choices (only on a posted form)."""
    search = {"q": "", "results": [], "chosen": None, "searched": False, "error": ""}
    if request.method != "POST":
        return search
    chosen = request.POST.get("evidence-sentence", "")
    if chosen.isdigit() and len(chosen) < 12:
        search["chosen"] = citable_sentences(request.user).filter(pk=chosen).first()
    q = request.POST.get("evidence-sentence_q", "").strip()
    search["q"] = q
    if len(q) > MAX_SENTENCE_QUERY:
        search["error"] = f"A search may be at most {MAX_SENTENCE_QUERY} characters long."
        return search
    if q:
        search["searched"] = True
        found = selectors.evidence_sentences(q, claim=claim, user=request.user)
        marked = snippets({sentence.pk: sentence.text for sentence in found}, q)
        for sentence in found:
            sentence.marked = marked[sentence.pk]
        search["results"] = found
    elif request.POST.get("evidence-search"):
        search["error"] = "Type words of the sentence you want to cite, then search."
    if search["chosen"] and all(s.pk != search["chosen"].pk for s in search["results"]):
        search["results"] = [search["chosen"], *search["results"]]
    return search


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
