"""The admin's view of a source's revisions (docs/revisions.md)."""

from django.contrib import admin

from .models import SourceRevision


class SourceRevisionInline(admin.TabularInline):
    """Every version loaded, oldest first; stored by Load article, never edited
    (docs/revisions.md)."""

    model = SourceRevision
    fields = ["number", "imported_at", "imported_by", "content_sha256", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False
