"""Logging in and out (claims/views/accounts.py), throttled by django-axes."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD


def test_it_logs_in_with_the_standard_fields_and_shows_who_is_logged_in(client, editor):
    page = client.get(reverse("login")).content.decode()
    assert 'name="username"' in page and 'name="password"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    response = client.post(
        reverse("login"), {"username": "editor", "password": PASSWORD, "next": "/review/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/review/"
    header = client.get(reverse("home")).content.decode()
    assert "Logged in as <strong>editor</strong> (editor)" in header
    assert reverse("review") in header


def test_it_shows_a_plain_account_without_editor_links(client, researcher):
    client.force_login(researcher)
    page = client.get(reverse("home")).content.decode()
    assert "Logged in as <strong>researcher</strong>" in page
    assert "(editor)" not in page
    assert 'href="/review/"' not in page


def test_it_offers_anonymous_visitors_a_login_link(client, db):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("login")}?next=/"' in page


def test_it_says_when_the_password_is_wrong(client, editor):
    response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_does_not_redirect_off_site_after_login(client, editor):
    response = client.post(
        reverse("login"),
        {"username": "editor", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_it_logs_out_by_post_only(client, editor):
    client.force_login(editor)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "Log in" in client.get(reverse("home")).content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_it_locks_an_account_out_after_repeated_failures(client, editor):
    for _ in range(2):
        response = client.post(reverse("login"), {"username": "editor", "password": "guess"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "editor", "password": "guess"})
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed attempts to log in from your address" in page
    assert "Try again in 15 minutes." in page
    assert 'value="editor"' in page  # the username stays filled in
    # Even the right password is refused until the cool-off is over.
    response = client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_it_locks_out_an_address_guessing_across_many_accounts(client, editor, researcher):
    for name in ("editor", "admin", "root"):
        client.post(reverse("login"), {"username": name, "password": "guess"})
    response = client.post(reverse("login"), {"username": "researcher", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    response = client.post(
        reverse("login"),
        {"username": "researcher", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_it_refuses_an_over_long_username_like_any_wrong_one(client, db, url):
    response = client.post(url, {"username": "u" * 300, "password": "guess"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


@pytest.mark.parametrize("field", ["username", "password"])
def test_it_requires_both_fields(client, db, field):
    data = {"username": "editor", "password": PASSWORD}
    del data[field]
    response = client.post(reverse("login"), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
