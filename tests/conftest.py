import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def superuser(admin_user):
    """A staff superuser (pytest-django's admin_user; admin_client is logged in as it)."""
    return admin_user


@pytest.fixture
def editor(db):
    """A member of the Editors group (its permissions come from a data migration)."""
    user = get_user_model().objects.create_user("editor", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])
    return user


@pytest.fixture
def researcher(db):
    """A plain logged-in account: reads only."""
    return get_user_model().objects.create_user("researcher", password=PASSWORD)


@pytest.fixture
def source(db):
    from tests.factories import make_source

    return make_source()
