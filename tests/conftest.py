import importlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def superuser(admin_user):
    """A staff superuser (pytest-django's admin_user; admin_client is logged in as it)."""
    return admin_user


def editors_group():
    """The Editors group as the roles data migration made it. Tests on a live
    server empty the database after them, groups included (permissions come
    back by themselves); this gives the group its permissions again."""
    group, _ = Group.objects.get_or_create(name="Editors")
    if not group.permissions.exists():
        roles = importlib.import_module("claims.migrations.0004_roles")
        suggestions = importlib.import_module("claims.migrations.0010_claim_suggestions")
        matches = importlib.import_module("claims.migrations.0014_claim_matches")
        codenames = roles.EDITOR_PERMISSIONS + [f"view_{m}" for m in roles.EDITOR_VIEW_MODELS]
        codenames += suggestions.EDITOR_PERMISSIONS + matches.EDITOR_PERMISSIONS
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )
    return group


@pytest.fixture
def editor(db):
    """A member of the Editors group (its permissions come from a data migration)."""
    user = get_user_model().objects.create_user("editor", password=PASSWORD)
    user.groups.add(editors_group())
    return user


@pytest.fixture
def administrator(db):
    """Staff in the Administrators group, not a superuser."""
    user = get_user_model().objects.create_user("staffer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Administrators")[0])
    return user


@pytest.fixture
def researcher(db):
    """A plain logged-in account: reads only."""
    return get_user_model().objects.create_user("researcher", password=PASSWORD)


@pytest.fixture
def source(db):
    from tests.factories import make_source

    return make_source()


@pytest.fixture(autouse=True)
def _empty_fragment_cache():
    """Each test starts with no rendered fragments (claims.fragments): they
    live in the process's memory, and a rolled-back test's rows may come back
    with the same ids and words in the next one."""
    from django.core.cache import caches

    caches["fragments"].clear()
