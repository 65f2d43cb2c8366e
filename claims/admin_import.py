"""Sources > Load article: upload or paste, preview, correct, confirm.

Nothing is written before the admin confirms. Between preview and confirm
the input waits in the session (the database session store, so it works
behind several app servers); on confirm it is prepared again, with the
admin's corrections, and stored by claims.services.article_import.
"""

import base64
import secrets
from collections import Counter
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import services, services_revisions
from .admin_revisions import SourceRevisionInline
from .ingest import ArticleRejected
from .ingest.extract import FORMATS, format_for
from .ingest.pipeline import human_size, prepare_article, size_refusal
from .models import Source
from .services import ServiceError, article_import

SESSION_KEY = "claims_article_import"
MAX_PENDING = 3  # previews kept per session (several tabs)
PREVIEW_ROWS = 200


class ArticleCorrectionsForm(forms.Form):
    """What the admin may set or correct before saving."""

    url = forms.URLField(
        required=False,
        max_length=1000,
        assume_scheme="https",
        label="URL",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text="Address of the original article. Overrides a canonical URL found in the page.",
    )
    title = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
        help_text="Leave empty to use the title found.",
    )
    published_on = forms.DateField(
        required=False,
        label="Date published",
        widget=forms.DateInput(attrs={"class": "vDateField", "placeholder": "YYYY-MM-DD"}),
        help_text="YYYY-MM-DD. Leave empty to use the date found.",
    )
    publisher = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text="Leave empty to use the site name found.",
    )

    # Chosen among the sentences at the ends of the body found (radio buttons
    # in the preview; load_preview.html draws them, not the field loop).
    first_sentence = forms.IntegerField(required=False, min_value=1)
    last_sentence = forms.IntegerField(required=False, min_value=1)

    def overrides(self):
        data = self.cleaned_data
        return {k: data[k] for k in ("title", "published_on", "publisher") if data.get(k)}

    def body_range(self):
        """{first_sentence, last_sentence} as chosen (None: keep every sentence found)."""
        data = self.cleaned_data
        return {k: data.get(k) for k in ("first_sentence", "last_sentence")}


class ArticlePreviewForm(ArticleCorrectionsForm):
    """The preview's corrections, and whether the text is a new version of a stored article."""

    revision_of = forms.SlugField(
        required=False,
        max_length=120,
        label="New version of",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text="The slug of the stored article this corrects: its claims are re-anchored "
        "to this text. Filled in when an article has the same address. Leave empty to "
        "store a new article.",
    )
    revision_note = forms.CharField(
        required=False,
        max_length=500,
        label="What changed",
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
        help_text="For a new version: shown with the revision.",
    )

    def clean_revision_of(self):
        slug = self.cleaned_data.get("revision_of")
        if not slug:
            return None
        source = Source.objects.filter(slug=slug).first()
        if source is None:
            raise forms.ValidationError(f"No stored article has the slug “{slug}”.")
        return source


class ArticleLoadForm(ArticleCorrectionsForm):
    file = forms.FileField(
        required=False,
        help_text="An .html, .htm, .txt or .md file of at most "
        f"{human_size(settings.CLAIMSDB_IMPORT_MAX_BYTES)}.",
    )
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        label="Or paste",
        help_text="Text copied from the web page, or its HTML.",
    )

    field_order = ["file", "text", "url", "title", "published_on", "publisher"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sentences are chosen in the preview, once they are known.
        del self.fields["first_sentence"], self.fields["last_sentence"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        limit = settings.CLAIMSDB_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(size_refusal("The file", upload.size, limit))
        try:
            format_for(upload.name)
        except ArticleRejected as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = cleaned.get("file") is not None or "file" in self.errors
        has_text = bool(cleaned.get("text"))
        if has_file and has_text:
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if not has_file and not has_text and not self.files.get("file"):
            raise forms.ValidationError("Upload a file or paste the article's text.")
        return cleaned

    def input_bytes(self):
        """(data, filename) of what was uploaded or pasted."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return b"".join(upload.chunks()), upload.name
        return self.cleaned_data["text"].encode("utf-8"), None


class SourceImportMixin:
    """Adds Sources > Load article to SourceAdmin, and the revisions it loaded
    to the page of a source that has several."""

    change_list_template = "admin/claims/source/change_list.html"

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        # Only a source with earlier versions has revisions worth listing (and
        # a page without the inline posts as it always did).
        if obj is not None and obj.has_revisions:
            inlines = [*inlines, SourceRevisionInline]
        return inlines

    def get_urls(self):
        return [
            path(
                "load/",
                self.admin_site.admin_view(self.load_article_view),
                name="claims_source_load",
            ),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        # A Source is only ever created from an article: the blank add form cannot.
        return redirect("admin:claims_source_load")

    def load_article_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._preview_or_confirm(request)
        if request.method != "POST":
            return self._render(
                request, "admin/claims/source/load_article.html", {"form": ArticleLoadForm()}
            )
        form = ArticleLoadForm(request.POST, request.FILES)
        if form.is_valid():
            data, filename = form.input_bytes()
            try:
                prepared = prepare_article(
                    data,
                    filename=filename,
                    url=form.cleaned_data["url"],
                    overrides=form.overrides(),
                )
            except ArticleRejected as error:
                form.add_error("file" if filename else "text", str(error))
            else:
                token = self._keep_pending(
                    request, data, filename, form.cleaned_data["url"], form.overrides()
                )
                return self._render_preview(request, prepared, token, filename)
        return self._render(request, "admin/claims/source/load_article.html", {"form": form})

    # --- steps ---------------------------------------------------------------

    def _preview_or_confirm(self, request):
        token = request.POST["token"]
        pending = request.session.get(SESSION_KEY, {}).get(token)
        if pending is None:
            messages.error(request, "That preview has expired; please load the article again.")
            return redirect("admin:claims_source_load")
        data = base64.b64decode(pending["data"])
        filename = pending["filename"]
        corrections = ArticlePreviewForm(request.POST)
        if not corrections.is_valid():
            prepared = _prepare_pending(data, filename, pending)
            return self._render_preview(request, prepared, token, filename, corrections)
        url, overrides = corrections.cleaned_data["url"], corrections.overrides()
        body_range = corrections.body_range()
        try:
            prepared = prepare_article(
                data, filename=filename, url=url, overrides=overrides, **body_range
            )
        except ArticleRejected as error:
            corrections.add_error(None, str(error))
            prepared = _prepare_pending(data, filename, pending)
            return self._render_preview(request, prepared, token, filename, corrections)
        if "confirm" not in request.POST:
            pending.update(url=url, overrides=_jsonable(overrides), body_range=body_range)
            request.session.modified = True
            return self._render_preview(
                request, prepared, token, filename, chosen=corrections.cleaned_data
            )
        if corrections.cleaned_data["revision_of"] is not None:
            return self._confirm_revision(request, prepared, token, filename, corrections)
        try:
            source, created = article_import(prepared=prepared, imported_by=request.user)
        except ServiceError as error:
            corrections.add_error(None, str(error))
            return self._render_preview(request, prepared, token, filename, corrections)
        self._drop_pending(request, token)
        links = format_html(
            '<a href="{}">read it</a> · <a href="{}">edit it</a>',
            source.get_absolute_url(),
            reverse("admin:claims_source_change", args=[source.pk]),
        )
        if created:
            messages.success(
                request,
                format_html(
                    "Imported “{}”: {} sentences in {} paragraphs. {}",
                    source.title,
                    len(prepared.sentences),
                    prepared.paragraph_count,
                    links,
                ),
            )
        else:
            messages.warning(
                request,
                format_html(
                    "Nothing was saved: this text is already in claimsdb as “{}”. {}",
                    source.title,
                    links,
                ),
            )
        return redirect("admin:claims_source_change", source.pk)

    def _confirm_revision(self, request, prepared, token, filename, corrections):
        source = corrections.cleaned_data["revision_of"]
        try:
            report = services_revisions.source_revise(
                source=source,
                prepared=prepared,
                imported_by=request.user,
                note=corrections.cleaned_data["revision_note"],
            )
        except ServiceError as error:
            corrections.add_error(None, str(error))
            return self._render_preview(request, prepared, token, filename, corrections)
        self._drop_pending(request, token)
        review = report.anchors.get("fuzzy", 0) + report.anchors.get("orphaned", 0)
        messages.success(
            request,
            format_html(
                'Stored as revision {} of “{}”: {}. {} <a href="{}">read it</a>',
                report.revision.number,
                source.title,
                report.summary,
                f"{review} anchors wait in the review queue." if review else "",
                source.get_absolute_url(),
            ),
        )
        return redirect("admin:claims_source_change", source.pk)

    # --- session -------------------------------------------------------------

    def _keep_pending(self, request, data, filename, url, overrides):
        pending = request.session.get(SESSION_KEY, {})
        while len(pending) >= MAX_PENDING:
            pending.pop(next(iter(pending)))
        token = secrets.token_urlsafe(16)
        pending[token] = {
            "data": base64.b64encode(data).decode("ascii"),
            "filename": filename,
            "url": url,
            "overrides": _jsonable(overrides),
        }
        request.session[SESSION_KEY] = pending
        return token

    def _drop_pending(self, request, token):
        pending = request.session.get(SESSION_KEY, {})
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending

    # --- rendering -------------------------------------------------------------

    def _render(self, request, template, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Load article",
            "supported": ", ".join(sorted(FORMATS)),
            "max_size": human_size(settings.CLAIMSDB_IMPORT_MAX_BYTES),
            **context,
        }
        return TemplateResponse(request, template, context)

    def _render_preview(self, request, prepared, token, filename, corrections=None, chosen=None):
        """`chosen`: the corrections just applied, whose choice of an article to
        revise (or of none) the preview keeps; otherwise an article at the same
        address is proposed."""
        if chosen is not None:
            revision_of = chosen["revision_of"]
        elif prepared.url:
            revision_of = Source.objects.filter(url=prepared.url).order_by("pk").first()
        else:
            revision_of = None
        if corrections is None:
            corrections = ArticlePreviewForm(
                initial={
                    "url": prepared.url,
                    "title": prepared.title,
                    "published_on": prepared.published_on,
                    "publisher": prepared.publisher,
                    "revision_of": revision_of.slug if revision_of else "",
                    "revision_note": chosen["revision_note"] if chosen else "",
                    "first_sentence": prepared.dropped_at_start + 1,
                    "last_sentence": prepared.dropped_at_start + len(prepared.sentences),
                }
            )
        elif corrections.is_bound:
            revision_of = (
                corrections.cleaned_data.get("revision_of") if corrections.is_valid() else None
            )
        existing = services.source_with_text(prepared.content_sha256)
        revision_problem = ""
        if revision_of is not None:
            try:
                services_revisions.revision_check(source=revision_of, prepared=prepared)
            except ServiceError as error:
                revision_problem = str(error)
        return self._render(
            request,
            "admin/claims/source/load_preview.html",
            {
                "title": "Preview article",
                "prepared": prepared,
                "filename": filename,
                "token": token,
                "form": corrections,
                "existing": existing,
                "revision_of": revision_of,
                "revision_problem": revision_problem,
                "known": _grouped(prepared.known_mentions),
                "candidates": _grouped(prepared.place_candidates),
                "new_actors": _grouped(prepared.actor_candidates),
                "quantities": prepared.quantities[:PREVIEW_ROWS],
                "more_quantities": max(0, len(prepared.quantities) - PREVIEW_ROWS),
                "input_size": human_size(len(prepared.raw.encode("utf-8"))),
                "edges": _edges(prepared, corrections),
                "proposed": _proposed_counts(prepared),
            },
        )


def _prepare_pending(data, filename, pending):
    """The article as the last preview that was accepted showed it."""
    return prepare_article(
        data,
        filename=filename,
        url=pending["url"],
        overrides=_from_session(pending["overrides"]),
        **pending.get("body_range", {}),
    )


def _edges(prepared, form):
    """Rows for choosing the body's first and last sentence among those at its ends."""
    first = prepared.dropped_at_start + 1
    last = prepared.dropped_at_start + len(prepared.sentences)
    chosen_first = form["first_sentence"].value() or first
    chosen_last = form["last_sentence"].value() or last
    rows, previous = [], 0
    for index, text in prepared.edge_sentences:
        rows.append(
            {
                "index": index,
                "text": text,
                "kept": first <= index <= last,
                "is_first": str(index) == str(chosen_first),
                "is_last": str(index) == str(chosen_last),
                "gap_before": index - previous - 1,
            }
        )
        previous = index
    return rows


def _proposed_counts(prepared):
    counts = Counter(claim.kind for claim in prepared.claims)
    return sorted(counts.items(), key=lambda item: -item[1])


def _from_session(overrides):
    overrides = dict(overrides)
    if overrides.get("published_on"):
        overrides["published_on"] = date.fromisoformat(overrides["published_on"])
    return overrides


def _jsonable(overrides):
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in overrides.items()}


def _grouped(mentions):
    """One row per entity or candidate: what it is, how it was written, how often."""
    counts = Counter()
    surfaces = {}
    first = {}
    for mention in mentions:
        key = (
            mention.actor_id,
            mention.place_id,
            mention.candidate.get("geonames_id") or mention.candidate.get("name"),
        )
        counts[key] += 1
        surfaces.setdefault(key, set()).add(mention.surface)
        first.setdefault(key, mention)
    return [
        {
            "mention": first[key],
            "kind": "actor" if key[0] or first[key].candidate.get("entity") == "actor" else "place",
            "surfaces": sorted(surfaces[key]),
            "count": count,
        }
        for key, count in counts.most_common(PREVIEW_ROWS)
    ]
