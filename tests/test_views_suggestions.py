"""Suggested claims in the review queue and their actions (claims/views/suggestions.py)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimSuggestion
from claims.selectors import claim_suggestions_for_source
from tests.factories import make_claim_suggestion, make_source
from tests.html import text

pytestmark = pytest.mark.django_db

QUEUE = reverse("review") + "?tab=suggestions"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def suggestion():
    source = make_source(
        [["Over 5,000 fighters defended Al-Bab, and Turkey said the town would fall soon."]],
        title="Siege",
    )
    return make_claim_suggestion(
        source.sentences.get(),
        kind="quantitative",
        reason="quantity “Over 5,000 fighters”; names Islamic State",
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def post(client, name, suggestion, **data):
    return client.post(reverse(name, args=[suggestion.pk]), {"next": QUEUE, **data}, follow=True)


def test_it_lists_open_suggestions_with_their_kind_reason_and_sentence(editor_client, suggestion):
    make_claim_suggestion(
        suggestion.sentence, "Turkey said", status="rejected", decided_at="2026-01-01T00:00Z"
    )

    response = editor_client.get(QUEUE)

    page = " ".join(text(response.content.decode()).split())
    assert response.context["counts"]["suggestions"] == 1
    assert "Suggested claims 1" in page
    assert "Suggested quantitative claim" in page
    assert "quantity “Over 5,000 fighters”; names Islamic State" in page
    assert "Siege, sentence 1" in page
    assert page.count("Accept as edited") == 1


def test_it_keeps_the_query_count_constant_per_page(editor_client, django_assert_max_num_queries):
    def fill(n):
        for i in range(n):
            sentence = make_source([[f"Sentence {i} says the SDF took Manbij."]]).sentences.get()
            make_claim_suggestion(sentence)

    fill(3)
    with django_assert_max_num_queries(10) as small:
        editor_client.get(QUEUE)
    fill(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = editor_client.get(QUEUE)
    assert len(response.context["page"].object_list) == 25


def test_it_accepts_with_one_click(editor_client, suggestion, editor):
    response = post(editor_client, "suggestion-accept", suggestion)

    claim = Claim.objects.get()
    assert messages_of(response) == [f"Claim #{claim.pk} created from the suggestion."]
    assert claim.anchors.get().exact == suggestion.exact
    assert claim.kind == "quantitative"
    assert response.redirect_chain[-1][0] == QUEUE
    assert response.context["counts"]["suggestions"] == 0


def test_it_accepts_after_editing_the_quote_statement_and_kind(editor_client, suggestion):
    post(
        editor_client,
        "suggestion-accept",
        suggestion,
        quote="Turkey said the town would fall soon",
        statement="Turkey expected the town to fall.",
        kind="attribution",
    )

    claim = Claim.objects.get()
    assert claim.statement == "Turkey expected the town to fall."
    assert claim.kind == "attribution"
    assert claim.anchors.get().exact == "Turkey said the town would fall soon"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quote": "Turkey denied it"}, "“Turkey denied it” is not in the sentence"),
        ({"kind": "rumour"}, "Select a valid choice"),
    ],
)
def test_a_bad_edit_is_explained_and_writes_nothing(editor_client, suggestion, data, message):
    response = post(editor_client, "suggestion-accept", suggestion, **data)

    assert message in messages_of(response)[0]
    assert Claim.objects.count() == 0
    suggestion.refresh_from_db()
    assert suggestion.status == "open"


def test_it_splits_where_the_editor_says_the_second_part_begins(editor_client, suggestion):
    response = post(editor_client, "suggestion-split", suggestion, split_before="and Turkey")

    assert messages_of(response) == ["Suggestion split in 2."]
    parts = ClaimSuggestion.objects.open().order_by("start")
    assert [p.exact for p in parts] == [
        "Over 5,000 fighters defended Al-Bab",
        "and Turkey said the town would fall soon",
    ]


@pytest.mark.parametrize("words", ["Over 5,000", "Russia", ""])
def test_a_split_at_words_not_inside_the_quote_is_explained(editor_client, suggestion, words):
    response = post(editor_client, "suggestion-split", suggestion, split_before=words)

    assert messages_of(response)[0].startswith("Nothing was split:")
    assert ClaimSuggestion.objects.get().status == "open"


def test_it_rejects(editor_client, suggestion):
    response = post(editor_client, "suggestion-reject", suggestion)

    assert messages_of(response) == [f"Suggestion “{suggestion.exact[:59]}…” rejected."]
    assert ClaimSuggestion.objects.get().status == "rejected"
    assert Claim.objects.count() == 0


def test_the_second_editor_to_accept_is_told_and_nothing_more_is_written(
    editor_client, suggestion, django_user_model
):
    from tests.conftest import editors_group

    other = django_user_model.objects.create_user("second-editor")
    other.groups.add(editors_group())
    second = Client()
    second.force_login(other)
    post(editor_client, "suggestion-accept", suggestion)

    response = post(second, "suggestion-accept", suggestion)

    assert messages_of(response) == [
        "This suggestion was already accepted by editor; nothing was saved."
    ]
    assert Claim.objects.count() == 1


def test_only_editors_may_decide(client, researcher, suggestion):
    url = reverse("suggestion-accept", args=[suggestion.pk])
    assert client.post(url).status_code == 302  # to log in
    client.force_login(researcher)
    for name in ("suggestion-accept", "suggestion-reject", "suggestion-split"):
        assert client.post(reverse(name, args=[suggestion.pk])).status_code == 403
    assert ClaimSuggestion.objects.get().status == "open"


def test_it_answers_a_get_with_405_and_a_post_without_csrf_with_403(editor, suggestion):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    url = reverse("suggestion-accept", args=[suggestion.pk])
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403
    assert Claim.objects.count() == 0


def test_suggestions_are_never_shown_to_readers_as_claims(client, suggestion):
    source = suggestion.source
    page = client.get(source.get_absolute_url()).content.decode()
    assert "suggestion" not in page.lower()
    assert client.get("/api/v1/claims/").json()["count"] == 0
    assert "Over 5,000 fighters" not in client.get(reverse("claim-list")).content.decode()
    export = client.get(reverse("export-claims-csv"))
    assert b"Over 5,000 fighters" not in b"".join(export.streaming_content)


def test_the_reader_selector_groups_open_suggestions_by_sentence_in_one_query(
    suggestion, django_assert_num_queries
):
    later = make_claim_suggestion(suggestion.sentence, "Turkey said the town would fall soon")
    make_claim_suggestion(
        suggestion.sentence, "Al-Bab", status="rejected", decided_at="2026-01-01T00:00Z"
    )
    with django_assert_num_queries(1):
        grouped = claim_suggestions_for_source(suggestion.source)
        assert grouped == {suggestion.sentence_id: [suggestion, later]}
