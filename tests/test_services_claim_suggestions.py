import threading

import pytest
from django.db import IntegrityError, connection, transaction

from claims import services
from claims.models import Claim, ClaimSuggestion
from tests.factories import make_actor, make_claim_suggestion, make_mention, make_place, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def sentence():
    source = make_source(
        [["Over 5,000 fighters defended Al-Bab, and Turkey said the town would fall soon."]]
    )
    return source.sentences.get()


def test_it_accepts_a_suggestion_as_a_claim_anchored_to_its_quote(sentence, editor):
    isis = make_actor("Islamic State")
    al_bab = make_place("Al-Bab")
    make_mention(sentence, "fighters", actor=isis, status="confirmed")
    make_mention(sentence, "Al-Bab", place=al_bab)  # suggested: still counts
    make_mention(sentence, "Turkey", actor=make_actor("Turkey"))  # outside the quote
    make_mention(sentence, "defended", actor=make_actor("Wrong"), status="rejected")
    suggestion = make_claim_suggestion(
        sentence,
        "Over 5,000 fighters defended Al-Bab",
        kind="quantitative",
        quantities=[
            {
                "start": 0,
                "end": 19,
                "text": "Over 5,000 fighters",
                "value": "5000",
                "value_max": None,
                "unit": "fighters",
                "qualifier": "over",
            },
        ],  # fmt: skip
    )

    claim = services.claim_suggestion_accept(suggestion=suggestion, editor=editor)

    anchor = claim.anchors.get()
    assert anchor.exact == "Over 5,000 fighters defended Al-Bab"
    assert sentence.source.text[anchor.start : anchor.end] == anchor.exact
    assert claim.statement == anchor.exact
    assert claim.kind == "quantitative"
    assert list(claim.actors.all()) == [isis]
    assert list(claim.places.all()) == [al_bab]
    assert claim.quantities.get().unit == "fighters"
    assert claim.created_by == editor
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.claim, suggestion.decided_by) == (
        "accepted",
        claim,
        editor,
    )


def test_it_accepts_an_edited_suggestion_with_the_editors_wording_kind_and_span(sentence, editor):
    suggestion = make_claim_suggestion(sentence, kind="factual")
    start = sentence.text.index("Turkey said")
    end = sentence.end - 1  # without the full stop

    claim = services.claim_suggestion_accept(
        suggestion=suggestion,
        editor=editor,
        statement="Turkey expected Al-Bab to fall soon.",
        kind="attribution",
        start=sentence.start + start,
        end=end,
    )

    assert claim.statement == "Turkey expected Al-Bab to fall soon."
    assert claim.kind == "attribution"
    assert claim.anchors.get().exact == "Turkey said the town would fall soon"
    assert claim.quantities.count() == 0  # "Over 5,000 fighters" is outside the edited quote


def test_an_edited_quote_gets_the_quantities_inside_it(sentence, editor):
    suggestion = make_claim_suggestion(sentence, "Turkey said the town would fall soon")

    claim = services.claim_suggestion_accept(
        suggestion=suggestion, editor=editor, start=sentence.start, end=suggestion.end
    )

    assert [q.text for q in claim.quantities.all()] == ["Over 5,000 fighters"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kind": "rumour"}, "Unknown claim kind"),
        ({"statement": "   "}, "statement cannot be empty"),
        ({"start": 0, "end": 500}, "part of the suggestion's sentence"),
    ],
)
def test_it_refuses_a_bad_edit_and_writes_nothing(sentence, editor, values, message):
    suggestion = make_claim_suggestion(sentence)

    with pytest.raises(services.ServiceError, match=message):
        services.claim_suggestion_accept(suggestion=suggestion, editor=editor, **values)

    assert Claim.objects.count() == 0
    suggestion.refresh_from_db()
    assert suggestion.status == "open"


def test_it_rejects_a_suggestion_without_making_a_claim(sentence, editor):
    suggestion = make_claim_suggestion(sentence)

    services.claim_suggestion_reject(suggestion=suggestion, editor=editor)

    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("rejected", editor)
    assert Claim.objects.count() == 0


def test_it_splits_a_suggestion_into_open_parts_covering_its_quote(sentence, editor):
    turkey = make_actor("Turkey")
    make_mention(sentence, "Turkey", actor=turkey, origin="alias")
    suggestion = make_claim_suggestion(sentence)
    text = sentence.source.text
    cut = text.index("and Turkey")

    parts = services.claim_suggestion_split(suggestion=suggestion, editor=editor, positions=[cut])

    first, second = parts
    assert first.exact == "Over 5,000 fighters defended Al-Bab"
    assert second.exact == "and Turkey said the town would fall soon"
    assert (first.start, second.end) == (suggestion.start, suggestion.end - 1)
    assert text[first.end : second.start] == ", "  # only the separator is left out
    assert first.kind == "quantitative"
    assert second.kind == "attribution"
    assert second.attributed_to == turkey
    assert [m.actor for m in second.mentions_inside()] == [turkey]
    assert {p.status for p in parts} == {"open"}
    assert {p.split_from_id for p in parts} == {suggestion.pk}
    suggestion.refresh_from_db()
    assert suggestion.status == "split"


def test_it_refuses_to_split_outside_the_quote(sentence, editor):
    suggestion = make_claim_suggestion(sentence, "Over 5,000 fighters defended Al-Bab")

    with pytest.raises(services.ServiceError, match="inside it"):
        services.claim_suggestion_split(
            suggestion=suggestion, editor=editor, positions=[suggestion.end + 5]
        )

    assert ClaimSuggestion.objects.count() == 1
    suggestion.refresh_from_db()
    assert suggestion.status == "open"


def test_a_second_editor_deciding_the_same_suggestion_is_told_and_nothing_is_written(
    sentence, editor, django_user_model
):
    other = django_user_model.objects.create_user("other-editor")
    suggestion = make_claim_suggestion(sentence)
    stale = ClaimSuggestion.objects.get(pk=suggestion.pk)  # loaded before the first decision
    services.claim_suggestion_accept(suggestion=suggestion, editor=editor)

    with pytest.raises(services.SuggestionDecided, match="already accepted by editor"):
        services.claim_suggestion_accept(suggestion=stale, editor=other)
    with pytest.raises(services.SuggestionDecided):
        services.claim_suggestion_reject(suggestion=stale, editor=other)

    assert Claim.objects.count() == 1
    suggestion.refresh_from_db()
    assert suggestion.decided_by == editor


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_editors_accepting_at_once_make_one_claim(editor, django_user_model):
    other = django_user_model.objects.create_user("other-editor")
    source = make_source([["Turkey said the town would fall soon."]])
    suggestion = make_claim_suggestion(source.sentences.get())
    results = []
    barrier = threading.Barrier(2)

    def accept(user):
        try:
            barrier.wait()
            services.claim_suggestion_accept(suggestion=suggestion, editor=user)
            results.append("won")
        except services.SuggestionDecided:
            results.append("told")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in (editor, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["told", "won"]
    assert Claim.objects.count() == 1


def test_the_database_refuses_a_quote_outside_its_sentence(sentence):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim_suggestion(sentence, start=sentence.start, end=sentence.end + 3, exact="x")


def test_the_database_refuses_an_open_suggestion_with_a_claim(sentence, editor):
    suggestion = make_claim_suggestion(sentence)
    claim = services.claim_create(sentence=sentence)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimSuggestion.objects.filter(pk=suggestion.pk).update(claim=claim)
