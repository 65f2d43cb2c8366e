"""Accounts in the admin, least privilege: only a superuser makes superusers
or staff, or hands out the account-managing permissions.

Administrators (staff, not superusers) manage accounts for the people who
read and edit: they may create accounts, set names and passwords and put
people in groups that grant nothing over accounts (Editors). They may not
tick "Superuser status" or "Staff status", give single permissions, put
anyone (themselves included) in a group that manages accounts, change such
a group, or change, delete or reset the password of a staff account or a
superuser, which would be the same as taking it over.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q

User = get_user_model()

# A group with any permission over auth (users, groups, permissions) lets its
# members manage accounts: only a superuser may give it.
_MANAGES_ACCOUNTS = Q(permissions__content_type__app_label="auth")


def _ordinary_groups():
    return Group.objects.exclude(pk__in=Group.objects.filter(_MANAGES_ACCOUNTS).values("pk"))


def is_privileged(user):
    """Staff, superuser, or in a group that manages accounts."""
    return user.is_superuser or user.is_staff or user.groups.filter(_MANAGES_ACCOUNTS).exists()


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "user_permissions", "last_login", "date_joined"]
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = _ordinary_groups()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and is_privileged(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and is_privileged(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected" asks has_delete_permission without an object.
        if not request.user.is_superuser and any(is_privileged(user) for user in queryset):
            raise PermissionDenied("Only a superuser may delete staff accounts or superusers.")
        super().delete_queryset(request, queryset)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Groups carry permissions: changing one is granting them, for superusers only."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
