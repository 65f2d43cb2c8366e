"""Roles as data: the Editors and Administrators groups and their permissions.

Permissions are normally created after all migrations (post_migrate), so they
are created here first; a fresh database then has working groups right after
`migrate`, and re-running is harmless.

The codenames are spelled out rather than imported so that this migration
keeps meaning what it meant when it was written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
ADMINISTRATORS = "Administrators"

# Editors write claims, judgements and mentions, and may add the actors and
# places a mention needs. No delete permission at all: nothing an editor did
# is ever lost, and sources, assessments and history are out of their reach.
EDITOR_PERMISSIONS = [
    "add_claim",
    "change_claim",
    "add_anchor",
    "change_anchor",
    "add_quantity",
    "add_assessment",
    "add_evidence",
    "add_claimedit",
    "change_mention",
    "add_actor",
    "add_actoralias",
    "add_place",
    "add_placealias",
]
EDITOR_VIEW_MODELS = [
    "source",
    "sentence",
    "contributor",
    "claim",
    "anchor",
    "quantity",
    "assessment",
    "evidence",
    "claimedit",
    "claimrelation",
    "mention",
    "actor",
    "actoralias",
    "place",
    "placealias",
    "event",
    "eventactor",
]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editor_codenames = EDITOR_PERMISSIONS + [f"view_{model}" for model in EDITOR_VIEW_MODELS]
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(
        Permission.objects.filter(content_type__app_label="claims", codename__in=editor_codenames)
    )

    # Staff who run the site without being superusers: everything in claimsdb
    # (loading articles included) and managing accounts.
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    administrators.permissions.set(
        Permission.objects.filter(content_type__app_label="claims")
        | Permission.objects.filter(
            content_type__app_label="auth", content_type__model__in=["user", "group"]
        )
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_search_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
