from django import forms
from django.contrib import admin
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html

from . import admin_accounts  # noqa: F401  (the User and Group admins)
from .admin_import import SourceImportMixin
from .models import (
    Actor,
    ActorAlias,
    Anchor,
    Assessment,
    Claim,
    ClaimEdit,
    ClaimRelation,
    ClaimSuggestion,
    Contributor,
    Event,
    EventActor,
    Evidence,
    Mention,
    Place,
    PlaceAlias,
    Quantity,
    Sentence,
    Source,
)
from .services import mentions_mark, record_save, records_delete


class ContentAdmin(admin.ModelAdmin):
    """Every save and delete in the claims admin goes through claims.services,
    which puts right the derived state of what it touched (anchor state,
    publication, search documents) and drops the cached public pages."""

    def save_model(self, request, obj, form, change):
        # Saved with its links and inline rows by save_related, in one service call.
        pass

    def save_related(self, request, form, formsets, change):
        record_save(
            instance=form.instance,
            related=lambda: super(ContentAdmin, self).save_related(request, form, formsets, change),
        )

    def delete_model(self, request, obj):
        records_delete(queryset=type(obj)._default_manager.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        records_delete(queryset=queryset)


class ContributorInline(admin.TabularInline):
    model = Contributor
    extra = 0


# What the change page shows of a source's text and of the uploaded input:
# the page of a book-length source must open as quickly as that of a short one.
TEXT_PREVIEW_CHARS = 2000


def _opening(text):
    """The text's opening, escaped, its line breaks kept."""
    opening = text if len(text) <= TEXT_PREVIEW_CHARS else text[:TEXT_PREVIEW_CHARS] + " …"
    return linebreaksbr(opening, autoescape=True)


@admin.register(Source)
class SourceAdmin(SourceImportMixin, ContentAdmin):
    """The text, the input and the sentences are never edited by hand, and are
    not inlined either (tens of thousands of sentences made a page that took
    over 30 s): the change page shows their opening, their size and links to
    the reader, the plain text and the paged sentence list."""

    list_display = ["title", "publisher", "published_on", "is_published", "imported_at"]
    list_filter = ["is_published", "language", "publisher"]
    search_fields = ["title", "url", "publisher", "contributors__name"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    exclude = ["text", "raw"]
    readonly_fields = [
        "sentences",
        "text_opening",
        "raw_opening",
        "content_sha256",
        "imported_at",
        "imported_by",
    ]
    inlines = [ContributorInline]
    list_select_related = ["imported_by"]

    @admin.display(description="Sentences")
    def sentences(self, source):
        if source.pk is None:
            return "-"
        return format_html(
            '{} sentences · <a href="{}">read the source</a> · '
            '<a href="{}?source__id__exact={}">list them, a page at a time</a>',
            f"{source.sentences.count():,}",
            source.get_absolute_url(),
            reverse("admin:claims_sentence_changelist"),
            source.pk,
        )

    @admin.display(description="Text")
    def text_opening(self, source):
        return format_html(
            '<div>{}</div><p class="help">{} characters; '
            '<a href="{}">the whole text as stored</a> (once published).</p>',
            _opening(source.text),
            f"{len(source.text):,}",
            reverse("source-text", args=[source.slug]),
        )

    @admin.display(description="Input as uploaded")
    def raw_opening(self, source):
        return format_html(
            '<div>{}</div><p class="help">{} characters.</p>',
            _opening(source.raw),
            f"{len(source.raw):,}",
        )


@admin.register(Sentence)
class SentenceAdmin(ContentAdmin):
    list_display = ["__str__", "kind", "paragraph", "text"]
    list_filter = ["kind", "source"]
    search_fields = ["text", "source__title"]
    list_select_related = ["source"]
    readonly_fields = ["source", "index", "paragraph", "start", "end", "text"]


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(ContentAdmin):
    list_display = ["name", "kind", "parent", "wikidata_id"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [ActorAliasInline]
    list_select_related = ["parent"]


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1


@admin.register(Place)
class PlaceAdmin(ContentAdmin):
    list_display = ["name", "kind", "parent", "latitude", "longitude", "geo_precision"]
    list_filter = ["kind", "geo_precision", "country_code"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [PlaceAliasInline]
    list_select_related = ["parent"]


@admin.register(ActorAlias)
class ActorAliasAdmin(ContentAdmin):
    list_display = ["name", "actor"]
    search_fields = ["name", "actor__name"]
    autocomplete_fields = ["actor"]
    list_select_related = ["actor"]


@admin.register(PlaceAlias)
class PlaceAliasAdmin(ContentAdmin):
    list_display = ["name", "place"]
    search_fields = ["name", "place__name"]
    autocomplete_fields = ["place"]
    list_select_related = ["place"]


@admin.register(Mention)
class MentionAdmin(ContentAdmin):
    list_display = ["surface", "actor", "place", "status", "origin", "sentence"]
    list_filter = ["status", "origin"]
    search_fields = ["surface", "actor__name", "place__name"]
    autocomplete_fields = ["sentence", "actor", "place"]
    list_select_related = ["actor", "place", "sentence__source"]
    actions = ["confirm", "reject"]

    @admin.action(description="Confirm selected mentions", permissions=["change"])
    def confirm(self, request, queryset):
        updated = mentions_mark(mentions=queryset, status=Mention.Status.CONFIRMED)
        self.message_user(request, f"{updated} mention(s) confirmed.")

    @admin.action(description="Reject selected mentions", permissions=["change"])
    def reject(self, request, queryset):
        updated = mentions_mark(mentions=queryset, status=Mention.Status.REJECTED)
        self.message_user(request, f"{updated} mention(s) rejected.")


@admin.register(ClaimSuggestion)
class ClaimSuggestionAdmin(admin.ModelAdmin):
    """To look at what the import proposed and who decided what. Decisions are
    made in the review queue, through the services (a claim needs its anchor)."""

    list_display = ["exact", "kind", "status", "score", "source", "decided_by", "claim"]
    list_filter = ["status", "kind"]
    search_fields = ["exact", "reason"]
    list_select_related = ["source", "decided_by", "claim"]
    fields = [
        "source", "sentence", "start", "end", "exact", "kind", "reason", "score",
        "attributed_to", "quantities", "status", "decided_by",
        "decided_at", "claim", "split_from",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ["actor"]


@admin.register(Event)
class EventAdmin(ContentAdmin):
    list_display = ["title", "kind", "date_earliest", "date_latest", "date_precision", "parent"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["title", "description", "date_text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "places"]
    inlines = [EventActorInline]
    list_select_related = ["parent"]


@admin.register(EventActor)
class EventActorAdmin(ContentAdmin):
    list_display = ["event", "actor", "role"]
    list_filter = ["role"]
    search_fields = ["event__title", "actor__name"]
    autocomplete_fields = ["event", "actor"]
    list_select_related = ["event", "actor"]


class AnchorForm(forms.ModelForm):
    """An anchor's source is its sentence's, set here rather than chosen."""

    def save(self, commit=True):
        self.instance.source_id = self.instance.sentence.source_id
        return super().save(commit)


class AnchorInline(admin.TabularInline):
    model = Anchor
    form = AnchorForm
    extra = 0
    fields = ["sentence", "start", "end", "exact", "state"]
    readonly_fields = ["exact", "state"]
    autocomplete_fields = ["sentence"]


class QuantityInline(admin.TabularInline):
    model = Quantity
    extra = 0


class AssessmentInline(admin.TabularInline):
    """History: shown, never edited or deleted here."""

    model = Assessment
    extra = 0
    fields = ["created_at", "status", "rationale", "editor"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["stance", "url", "title", "publisher", "published_on", "note"]


@admin.register(Claim)
class ClaimAdmin(ContentAdmin):
    list_display = ["id", "__str__", "kind", "status", "attributed_to", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["statement", "anchors__exact"]
    autocomplete_fields = ["attributed_to", "actors", "places", "events"]
    readonly_fields = ["status", "version", "created_by", "created_at", "updated_at"]
    inlines = [AnchorInline, QuantityInline, EvidenceInline, AssessmentInline]
    list_select_related = ["attributed_to"]


@admin.register(Anchor)
class AnchorAdmin(ContentAdmin):
    form = AnchorForm
    list_display = ["__str__", "claim", "sentence", "state"]
    list_filter = ["state"]
    search_fields = ["exact", "claim__statement"]
    autocomplete_fields = ["claim", "sentence"]
    list_select_related = ["claim", "sentence__source"]
    readonly_fields = ["state"]


@admin.register(Quantity)
class QuantityAdmin(ContentAdmin):
    list_display = ["text", "value", "value_max", "unit", "qualifier", "claim"]
    list_filter = ["qualifier", "unit"]
    search_fields = ["text", "unit"]
    autocomplete_fields = ["claim"]
    list_select_related = ["claim"]


@admin.register(Assessment)
class AssessmentAdmin(ContentAdmin):
    """Append-only: assessments are added through the claim pages, never changed."""

    list_display = ["claim", "status", "editor", "created_at"]
    list_filter = ["status"]
    search_fields = ["rationale", "claim__statement"]
    list_select_related = ["claim", "editor"]
    readonly_fields = ["claim", "status", "rationale", "editor", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(ContentAdmin):
    list_display = ["__str__", "stance", "claim", "publisher", "published_on"]
    list_filter = ["stance"]
    search_fields = ["title", "url", "publisher", "note"]
    autocomplete_fields = ["claim", "anchor"]
    list_select_related = ["claim"]
    # A cited sentence is written by services.evidence_add, its words verbatim;
    # a select of every sentence would also be thousands of options.
    readonly_fields = ["source", "sentence", "quote"]


@admin.register(ClaimRelation)
class ClaimRelationAdmin(ContentAdmin):
    list_display = ["from_claim", "kind", "to_claim", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["from_claim__statement", "to_claim__statement"]
    autocomplete_fields = ["from_claim", "to_claim"]
    list_select_related = ["from_claim", "to_claim", "created_by"]
    readonly_fields = ["created_by", "created_at"]

    def save_related(self, request, form, formsets, change):
        if not change:
            form.instance.created_by = request.user
        super().save_related(request, form, formsets, change)


@admin.register(ClaimEdit)
class ClaimEditAdmin(ContentAdmin):
    list_display = ["claim", "editor", "created_at"]
    search_fields = ["claim__statement"]
    list_select_related = ["claim", "editor"]
    readonly_fields = ["claim", "editor", "created_at", "changes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Contributor)
class ContributorAdmin(ContentAdmin):
    list_display = ["name", "role", "source"]
    list_filter = ["role"]
    search_fields = ["name", "source__title"]
    autocomplete_fields = ["source"]
    list_select_related = ["source"]
