"""claims/views/errors.py and templates/{400,404,500,503}.html: styled error
pages; a database outage answers 503 on every page, the exports included."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.template.loader import render_to_string
from django.test import Client

from tests.factories import make_claim


@pytest.fixture
def browser(db):
    """A client that gets the error page, as a browser would, instead of the exception."""
    return Client(raise_request_exception=False)


def test_it_answers_a_styled_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Not found</h1>" in page
    assert "css/site.css" in page


def test_it_answers_a_styled_500_for_a_bug(browser):
    with mock.patch("claims.views.home.page_of", side_effect=ValueError("a bug")):
        response = browser.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "css/site.css" in page


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/claims/",
        "/claims/1/",
        "/search/?q=aleppo",
        "/actors/",
        "/map/",
        "/timeline/",
        "/api/v1/claims/",
        "/places/al-bab/",
        "/exports/claims.csv",
        "/exports/events.csv",
        "/exports/places.geojson",
        "/exports/events.geojson",
        "/exports/claimreviews.jsonld",
    ],
)
@pytest.mark.parametrize(
    ("where", "error"),
    [
        # The connection is lost: every statement fails.
        ((CursorWrapper, "execute"), OperationalError),
        ((CursorWrapper, "execute"), InterfaceError),
        # The server is down: no connection can be opened.
        ((BaseDatabaseWrapper, "ensure_connection"), OperationalError),
    ],
    ids=["statement", "closed", "connect"],
)
def test_it_answers_503_on_every_page_when_the_database_is_down(browser, url, where, error):
    with mock.patch.object(*where, side_effect=error("connection refused")):
        response = browser.get(url)
    assert response.status_code == 503
    assert not response.streaming  # no header row and a cut-off file
    page = response.content.decode()
    assert "Temporarily unavailable" in page
    assert "connection refused" not in page
    assert response["Retry-After"] == "60"


def test_it_still_streams_the_exports_when_the_database_answers(client, source):
    make_claim(source.sentences.first())
    response = client.get("/exports/claims.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).count(b"\n") == 2


@pytest.mark.parametrize("template", ["400.html", "500.html", "503.html"])
def test_it_renders_the_error_pages_without_the_database(db, template, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert "claimsdb" in render_to_string(template)
