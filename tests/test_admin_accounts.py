"""claims/admin_accounts.py: only superusers make superusers or staff, or hand
out the permissions that manage accounts."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.conftest import PASSWORD, editors_group

User = get_user_model()


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


def _change(client, user, **fields):
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        **fields,
    }
    return client.post(f"/admin/auth/user/{user.pk}/change/", data)


def test_it_ignores_superuser_and_staff_ticks_from_an_administrator(staff_client, researcher):
    response = _change(
        staff_client,
        researcher,
        first_name="Rita",
        is_superuser="on",
        is_staff="on",
        groups=[editors_group().pk],
    )
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert researcher.first_name == "Rita"  # the change itself went through
    assert not researcher.is_superuser and not researcher.is_staff
    assert list(researcher.groups.values_list("name", flat=True)) == ["Editors"]


def test_it_shows_an_administrator_the_status_fields_read_only(staff_client, researcher):
    page = staff_client.get(f"/admin/auth/user/{researcher.pk}/change/").content.decode()
    assert 'name="first_name"' in page
    assert 'name="is_superuser"' not in page
    assert 'name="is_staff"' not in page
    assert 'name="user_permissions"' not in page
    assert "Administrators" not in page.split('name="groups"', 1)[1].split("</select>")[0]


def test_it_refuses_an_administrator_a_group_that_manages_accounts(
    staff_client, researcher, administrator
):
    administrators = Group.objects.get(name="Administrators")
    response = _change(staff_client, researcher, groups=[administrators.pk])
    assert response.status_code == 200  # the form again, with an error
    assert not researcher.groups.exists()


@pytest.mark.parametrize("kind", ["superuser", "staff", "self"])
def test_it_keeps_an_administrator_off_privileged_accounts(staff_client, administrator, kind):
    if kind == "self":
        target = administrator
    else:
        target = User.objects.create_user(
            "boss", password=PASSWORD, is_staff=True, is_superuser=kind == "superuser"
        )
    before = target.password
    response = _change(staff_client, target, first_name="Taken")
    assert response.status_code == 403
    response = staff_client.post(
        f"/admin/auth/user/{target.pk}/password/",
        {"password1": "n3w-pa55word-x", "password2": "n3w-pa55word-x"},
    )
    assert response.status_code == 403
    response = staff_client.post(f"/admin/auth/user/{target.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = staff_client.post(
        "/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.password == before and target.first_name == ""


def test_it_keeps_groups_for_superusers_to_change(staff_client, administrator):
    editors = editors_group()
    response = staff_client.post(
        f"/admin/auth/group/{editors.pk}/change/", {"name": "Editors", "permissions": []}
    )
    assert response.status_code == 403
    assert editors.permissions.exists()
    assert staff_client.post("/admin/auth/group/add/", {"name": "Root"}).status_code == 403
    assert not Group.objects.filter(name="Root").exists()


def test_it_lets_a_superuser_grant_everything(admin_client, researcher):
    administrators = Group.objects.get(name="Administrators")
    response = _change(
        admin_client, researcher, is_staff="on", is_superuser="on", groups=[administrators.pk]
    )
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert researcher.is_superuser and researcher.is_staff
    assert researcher.groups.filter(name="Administrators").exists()
