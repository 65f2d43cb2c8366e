"""The claim page's "Also claimed in" section and the editors' decisions on matches."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimMatch, ClaimRelation
from claims.services_matching import claim_match_decide
from tests.factories import make_claim, make_source
from tests.html import inner_html, text

pytestmark = pytest.mark.django_db

TROOPS = "About 500 U.S. special forces are deployed in Syria."
TROOPS_AGAIN = "Some 500 US special forces are now deployed in Syria, officials said."
DENIED = "Officials denied that 500 U.S. special forces are deployed in Syria."


def _claim(sentence, **source_fields):
    source_fields.setdefault("title", f"Report: {sentence[:20]}")
    return make_claim(make_source([[sentence]], **source_fields).sentences.get())


def _section(response):
    html = response.content.decode()
    return text(inner_html(html, "also-claimed")) if 'id="also-claimed"' in html else ""


@pytest.fixture
def pair():
    first = _claim(TROOPS, title="First report", published_on="2017-01-05")
    second = _claim(TROOPS_AGAIN, title="Second report", published_on="2017-03-01")
    return first, second


def test_readers_see_a_confirmed_same_claim_with_its_quote_source_date_and_status(
    client, pair, editor
):
    first, second = pair
    claim_match_decide(claim=first, other=second, decision="same", editor=editor)
    section = _section(client.get(first.get_absolute_url()))
    assert "Also claimed in 1 other source" in section
    assert f"#{second.pk}: {TROOPS_AGAIN}" in section
    assert f"“{TROOPS_AGAIN}”" in section
    assert "Second report" in section and "1 March 2017" in section
    assert "Unassessed" in section
    assert "Made by 2 published sources; first reported in First report, 5 January 2017" in section
    assert f"Confirmed by Editor {editor.pk}" in section
    # Seen from the other end too.
    assert f"#{first.pk}: {TROOPS}" in _section(client.get(second.get_absolute_url()))


def test_readers_never_see_proposed_matches_or_the_forms(client, researcher, pair):
    first, _ = pair
    assert ClaimMatch.objects.filter(status="proposed").exists()
    assert _section(client.get(first.get_absolute_url())) == ""
    client.force_login(researcher)
    html = client.get(first.get_absolute_url()).content.decode()
    assert "Possible matches" not in html and "claim-match-decide" not in html
    assert "/matches/" not in html


def test_editors_see_candidates_and_confirm_one_as_the_same_claim(client, editor, pair):
    first, second = pair
    client.force_login(editor)
    section = _section(client.get(first.get_absolute_url()))
    assert "Possible matches" in section
    assert f"#{second.pk}: {TROOPS_AGAIN}" in section
    assert "alike in wording" in section
    response = client.post(f"/claims/{first.pk}/matches/{second.pk}/", {"decision": "same"})
    assert response.status_code == 302
    assert response["Location"] == f"{first.get_absolute_url()}#also-claimed"
    page = client.get(response["Location"])
    assert f"Recorded: #{second.pk} is the same claim." in text(page.content.decode())
    section = _section(page)
    assert "Possible matches" not in section
    assert "The same claim" in section and "Also claimed in 1 other source" in section
    relation = ClaimRelation.objects.get()
    assert (relation.kind, relation.created_by) == ("same", editor)


def test_an_editor_dismisses_a_candidate_and_it_is_not_proposed_again(client, editor, pair):
    first, second = pair
    client.force_login(editor)
    client.post(f"/claims/{first.pk}/matches/{second.pk}/", {"decision": "dismiss"})
    # A third, identical claim is proposed; the dismissed one, edited, is not.
    third = _claim(TROOPS_AGAIN + " Again.")
    client.post(
        f"/claims/{second.pk}/edit/",
        {"statement": TROOPS_AGAIN + " Reworded.", "kind": "factual", "version": 1},
    )
    second.refresh_from_db()
    assert second.statement.endswith("Reworded.")
    section = _section(client.get(first.get_absolute_url()))
    assert f"#{third.pk}:" in section
    assert f"#{second.pk}:" not in section
    assert not ClaimRelation.objects.exists()
    response = client.post(f"/claims/{first.pk}/matches/{second.pk}/", {"decision": "same"})
    page = text(client.get(response["Location"]).content.decode())
    assert "This match was already dismissed" in page
    assert not ClaimRelation.objects.exists()


def test_an_editor_confirms_a_contradiction(client, editor):
    said = _claim(TROOPS)
    denied = _claim(DENIED)
    client.force_login(editor)
    section = _section(client.get(said.get_absolute_url()))
    assert "May say the opposite: one of them is negated." in section
    client.post(f"/claims/{said.pk}/matches/{denied.pk}/", {"decision": "contradicts"})
    client.logout()
    section = _section(client.get(said.get_absolute_url()))
    assert "Contradicting claims" in section and f"#{denied.pk}: {DENIED}" in section


def test_unpublished_sources_are_never_shown_to_readers(client, editor):
    shown = _claim(TROOPS)
    hidden = _claim(TROOPS_AGAIN, is_published=False)
    # Proposed, and even confirmed: still not shown while its source is unpublished.
    assert ClaimMatch.objects.filter(first=shown, second=hidden).exists()
    claim_match_decide(claim=shown, other=hidden, decision="same", editor=editor)
    html = client.get(shown.get_absolute_url()).content.decode()
    assert TROOPS_AGAIN not in html and "Also claimed in" not in html
    shown.refresh_from_db()
    assert shown.source_count == 1
    client.force_login(editor)
    assert TROOPS_AGAIN not in client.get(shown.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "researcher"])
def test_only_editors_may_decide(client, researcher, pair, who):
    first, second = pair
    if who == "researcher":
        client.force_login(researcher)
    response = client.post(f"/claims/{first.pk}/matches/{second.pk}/", {"decision": "same"})
    assert response.status_code == (302 if who == "anonymous" else 403)
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    assert not ClaimRelation.objects.exists()
    assert set(ClaimMatch.objects.values_list("status", flat=True)) == {"proposed"}


def test_a_decision_needs_a_post_with_a_csrf_token(editor, pair):
    first, second = pair
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = f"/claims/{first.pk}/matches/{second.pk}/"
    assert client.get(url).status_code == 405
    assert client.post(url, {"decision": "same"}).status_code == 403
    assert not ClaimRelation.objects.exists()


def test_an_unknown_decision_is_refused_with_a_message(client, editor, pair):
    first, second = pair
    client.force_login(editor)
    response = client.post(f"/claims/{first.pk}/matches/{second.pk}/", {"decision": "<b>"})
    html = client.get(response["Location"]).content.decode()
    assert "Unknown decision “&lt;b&gt;”." in html
    assert not ClaimRelation.objects.exists()


def test_the_page_costs_the_same_queries_with_one_match_or_many(client, editor):
    client.force_login(editor)

    def count(claim):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(claim.get_absolute_url()).status_code == 200
        return len(queries)

    one = _claim("Turkish troops entered the town of Al-Bab in February.")
    _claim("Turkish troops moved into the town of Al-Bab in February.")
    many = _claim("Kurdish forces held the dam at Tabqa through the winter.")
    others = [
        _claim(f"Kurdish forces held the dam at Tabqa through the winter{'!' * i}")
        for i in range(1, 5)
    ]
    claim_match_decide(claim=many, other=others[0], decision="same", editor=editor)
    claim_match_decide(claim=many, other=others[1], decision="related", editor=editor)
    assert count(one) == count(many)
