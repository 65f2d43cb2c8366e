"""claims/middleware.py: input no view can use is refused in one place, with a
page that says why, and nothing is written."""

import pytest
from django.urls import reverse

from claims.middleware import NUL_IN_ADDRESS
from claims.models import Claim, ClaimEdit
from tests.factories import make_actor, make_claim, make_source

# Each answered 500 on PostgreSQL before ("A string literal cannot contain NUL").
NUL_GETS = [
    "/search/?q=%00",
    "/search/?q=a%00b&in=claims",
    "/actors/?q=%00",
    "/places/?q=%00",
    "/events/?q=%00",
    "/claims/?q=%00",
    "/autocomplete/actors/?q=%00",
    "/autocomplete/places/?q=%00",
    "/autocomplete/events/?q=%00",
    "/claims/?status%00=refuted",
]


@pytest.mark.parametrize("url", NUL_GETS)
def test_it_refuses_a_nul_in_the_address_with_a_page_saying_why(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "NUL character" in page
    assert 'href="/"' in page  # the styled page, with the site's header


@pytest.mark.parametrize("url", ["/autocomplete/act%00ors/", "/admin/auth/user/%00/change/"])
def test_it_finds_nothing_at_an_address_with_a_nul(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.content.decode()


def test_it_answers_the_api_in_json_as_its_schema_says(client, db):
    response = client.get("/api/v1/claims/?q=a%00b")
    assert response.status_code == 400
    assert response.json() == {"q": [NUL_IN_ADDRESS]}
    response = client.get("/api/v1/actors/a%00b/")
    assert response.status_code == 404
    assert "NUL" in response.json()["detail"]


def test_it_refuses_a_nul_on_the_claim_form_for_editors(client, editor, source):
    client.force_login(editor)
    response = client.get("/claims/new/?source=%00&sentence=1")
    assert response.status_code == 400


def test_it_refuses_an_over_long_query_value(client, db):
    response = client.get("/search/", {"q": "x" * 1001})
    assert response.status_code == 400
    assert "1,001 characters" in response.content.decode()
    assert client.get("/search/", {"q": "x" * 1000}).status_code == 200


@pytest.mark.parametrize("field", ["actors", "places", "events", "attributed_to"])
def test_it_refuses_a_nul_in_a_posted_claim_form_and_writes_nothing(client, editor, field):
    sentence = make_source().sentences.first()
    claim = make_claim(sentence)
    make_actor("Islamic State")
    client.force_login(editor)
    response = client.post(
        reverse("claim-edit", args=[claim.pk]),
        {"version": claim.version, "statement": "Reworded.", "kind": "factual", field: "a\x00b"},
    )
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not ClaimEdit.objects.filter(claim=claim).exists()

    response = client.post(
        reverse("claim-new"),
        {
            "sentence": sentence.pk,
            "quote": sentence.text,
            "kind": "factual",
            field: "a\x00b",
            "quantities-TOTAL_FORMS": "0",
            "quantities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert Claim.objects.count() == 1


def test_it_refuses_a_nul_in_a_login_name(client, db):
    response = client.post("/accounts/login/", {"username": "ed\x00itor", "password": "x"})
    assert response.status_code == 400


def test_it_turns_an_oversized_post_into_a_message_on_the_form(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    settings.CLAIMSDB_IMPORT_MAX_BYTES = 1000
    url = reverse("admin:claims_source_load")
    response = admin_client.post(url, {"text": "word " * 1000})
    assert response.status_code == 303
    assert response["Location"] == url
    page = admin_client.get(url).content.decode()
    assert "the largest accepted is 1 KB (1,000 bytes)" in page
    assert "Load article" in page
