"""claims.services_matching: proposed matches kept up to date, decisions, corroboration."""

import pytest

from claims import services
from claims.models import Claim, ClaimMatch, ClaimRelation, ClaimSuggestion
from claims.services import ServiceError
from claims.services_matching import claim_match_decide
from tests.factories import make_claim, make_claim_suggestion, make_source

pytestmark = pytest.mark.django_db

TROOPS = "About 500 U.S. special forces are deployed in Syria."
TROOPS_AGAIN = "Some 500 US special forces are now deployed in Syria, officials said."


def _claim(text, **fields):
    source = make_source([[text]], **fields.pop("source_fields", {}))
    return make_claim(source.sentences.get(), **fields)


def _pairs():
    return {(m.first_id, m.second_id, m.status) for m in ClaimMatch.objects.all()}


def test_a_new_claim_is_matched_when_it_is_created():
    first = _claim(TROOPS)
    assert not ClaimMatch.objects.exists()
    second = _claim(TROOPS_AGAIN)
    match = ClaimMatch.objects.get()
    assert (match.first, match.second, match.status) == (first, second, "proposed")
    assert match.score > 0.4
    assert "500" in match.shares["words"]


def test_an_edit_of_the_statement_updates_the_matches(editor):
    first = _claim(TROOPS)
    second = _claim("The harvest in the north was poor this year.")
    assert not ClaimMatch.objects.exists()
    services.claim_update(claim=second, editor=editor, statement=TROOPS_AGAIN)
    assert _pairs() == {(first.pk, second.pk, "proposed")}
    services.claim_update(claim=second, editor=editor, statement="The harvest was poor.")
    assert not ClaimMatch.objects.exists()


def test_a_deleted_claim_takes_its_matches_and_its_corroboration_with_it(editor):
    first, second = _claim(TROOPS), _claim(TROOPS_AGAIN)
    claim_match_decide(claim=first, other=second, decision="same", editor=editor)
    first.refresh_from_db()
    assert first.source_count == 2
    services.records_delete(queryset=Claim.objects.filter(pk=second.pk))
    first.refresh_from_db()
    assert not ClaimMatch.objects.exists()
    assert first.source_count == 1


def test_confirming_the_same_claim_records_who_and_when_and_counts_both_sources(editor):
    early = _claim(TROOPS, source_fields={"published_on": "2017-01-05"})
    late = _claim(TROOPS_AGAIN, source_fields={"published_on": "2017-03-01"})
    match = claim_match_decide(claim=late, other=early, decision="same", editor=editor)
    assert (match.status, match.decided_by) == ("confirmed", editor)
    relation = ClaimRelation.objects.get()
    assert (relation.kind, relation.created_by) == ("same", editor)
    assert relation.created_at is not None
    # Stored once, from the lower id, whichever page it was confirmed on.
    assert (relation.from_claim, relation.to_claim) == (early, late)
    for claim in (early, late):
        claim.refresh_from_db()
        assert claim.source_count == 2
        assert claim.first_source == early.anchors.get().source


def test_the_same_claim_is_followed_through_a_chain():
    a, b, c = _claim(TROOPS), _claim(TROOPS_AGAIN), _claim(TROOPS + " Officials confirmed it.")
    services_matching_relate = __import__("claims.services_matching", fromlist=["x"]).claim_relate
    services_matching_relate(claim=a, other=b, kind="same", editor=None)
    services_matching_relate(claim=b, other=c, kind="same", editor=None)
    assert set(Claim.objects.values_list("source_count", flat=True)) == {3}


def test_a_dismissed_pair_is_never_proposed_again(editor):
    first, second = _claim(TROOPS), _claim(TROOPS_AGAIN)
    claim_match_decide(claim=first, other=second, decision="dismiss", editor=editor)
    assert not ClaimRelation.objects.exists()
    services.claim_update(claim=second, editor=editor, statement=TROOPS_AGAIN + " Really.")
    services.claim_update(claim=first, editor=editor, statement=TROOPS + " Really.")
    assert _pairs() == {(first.pk, second.pk, "dismissed")}
    with pytest.raises(ServiceError, match="already dismissed by"):
        claim_match_decide(claim=first, other=second, decision="same", editor=editor)
    assert not ClaimRelation.objects.exists()


def test_a_contradiction_is_confirmed_as_one(editor):
    said = _claim("Turkish troops entered the town of Al-Bab in February.")
    denied = _claim("Turkish troops did not enter the town of Al-Bab in February.")
    match = ClaimMatch.objects.get()
    assert match.stance == "opposite"
    claim_match_decide(claim=denied, other=said, decision="contradicts", editor=editor)
    relation = ClaimRelation.objects.get()
    assert (relation.from_claim, relation.kind, relation.to_claim) == (denied, "contradicts", said)
    said.refresh_from_db()
    assert said.source_count == 1  # a contradiction corroborates nothing


def test_an_unknown_decision_or_a_pair_not_proposed_writes_nothing(editor):
    first, second = _claim(TROOPS), _claim("The harvest was poor.")
    with pytest.raises(ServiceError, match="no longer proposed"):
        claim_match_decide(claim=first, other=second, decision="same", editor=editor)
    third = _claim(TROOPS_AGAIN)
    with pytest.raises(ServiceError, match="Unknown decision"):
        claim_match_decide(claim=first, other=third, decision="merge", editor=editor)
    assert not ClaimRelation.objects.exists()
    assert set(ClaimMatch.objects.values_list("status", flat=True)) == {"proposed"}


def test_unpublishing_a_source_lowers_the_count(editor):
    first, second = _claim(TROOPS), _claim(TROOPS_AGAIN)
    claim_match_decide(claim=first, other=second, decision="same", editor=editor)
    source = second.anchors.get().source
    source.is_published = False
    services.record_save(instance=source)
    first.refresh_from_db()
    assert first.source_count == 1


def test_an_import_stores_what_its_suggestions_match(editor):
    claim = _claim(TROOPS)
    other_source = make_source([[TROOPS_AGAIN]])
    suggestion = make_claim_suggestion(other_source.sentences.get())
    from claims.services_matching import suggestions_match

    suggestions_match(suggestions=ClaimSuggestion.objects.filter(pk=suggestion.pk))
    suggestion.refresh_from_db()
    assert [s["claim"] for s in suggestion.similar_claims] == [claim.pk]
    assert suggestion.similar_claims[0]["stance"] == "same"


def test_content_load_works_out_every_claims_corroboration():
    first, second = _claim(TROOPS), _claim(TROOPS_AGAIN)

    def write():
        ClaimRelation.objects.create(from_claim=first, to_claim=second, kind="same")
        Claim.objects.update(source_count=0)

    services.content_load(write=write)
    assert set(Claim.objects.values_list("source_count", flat=True)) == {2}


def test_the_command_matches_claims_loaded_in_bulk():
    from django.core.management import call_command

    first, second = _claim(TROOPS), _claim(TROOPS_AGAIN)
    ClaimMatch.objects.all().delete()
    call_command("match_claims", verbosity=0)
    assert _pairs() == {(first.pk, second.pk, "proposed")}


def test_an_imported_article_s_suggestions_name_the_claims_they_repeat(client, editor):
    from claims.ingest.pipeline import prepare_article

    claim = _claim("Turkey deployed 1,300 troops to the area around Al-Bab in December.")
    prepared = prepare_article(
        b"A report.\n\nTurkey deployed 1,300 troops to the area around Al-Bab, officials said.\n",
        filename="report.txt",
    )
    source, _ = services.article_import(prepared=prepared)
    suggestion = ClaimSuggestion.objects.get(source=source, exact__contains="1,300 troops")
    assert [s["claim"] for s in suggestion.similar_claims] == [claim.pk]
    # Editors see it beside the suggestion.
    client.force_login(editor)
    html = client.get(f"{source.get_absolute_url()}").content.decode()
    assert (
        f'Already claimed in other sources (when imported): <a href="/claims/{claim.pk}/">' in html
    )


def test_the_database_stores_a_pair_once_lower_id_first():
    from django.db import IntegrityError, transaction

    first, second = _claim(TROOPS), _claim("The harvest was poor.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimMatch.objects.create(first=second, second=first, score=0.5)
    ClaimMatch.objects.create(first=first, second=second, score=0.5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimMatch.objects.create(first=first, second=second, score=0.7)
