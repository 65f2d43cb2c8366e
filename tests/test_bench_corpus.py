import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from bench.corpus import CorpusError, corpus_generate, parse_scale
from bench.corpus_digest import corpus_digest
from claims.anchoring import text_quote_selector
from claims.models import (
    Actor,
    Anchor,
    Assessment,
    Claim,
    Event,
    EvidenceStatus,
    Mention,
    Place,
    Quantity,
    Sentence,
    Source,
)

SMALL = parse_scale("small")


@pytest.fixture
def corpus(db):
    corpus_generate(scale=SMALL, seed=1)


def _generate_and_digest(seed):
    """The digest of a freshly generated corpus, leaving the database as it was."""
    savepoint = transaction.savepoint_create()
    try:
        corpus_generate(scale=SMALL, seed=seed)
        return corpus_digest()
    finally:
        transaction.savepoint_rollback(savepoint)


def test_it_writes_the_same_data_for_the_same_seed(db):
    first = _generate_and_digest(1)
    assert Source.objects.count() == 0
    assert _generate_and_digest(1) == first
    assert _generate_and_digest(2) != first


def test_it_writes_the_counts_the_scale_promises(corpus):
    assert Source.objects.count() == SMALL.sources == 20
    assert Sentence.objects.count() >= SMALL.sentences
    assert Claim.objects.count() == SMALL.claims
    assert Actor.objects.count() == SMALL.actors
    assert Place.objects.count() == SMALL.places
    assert Event.objects.count() == SMALL.events
    assert Mention.objects.filter(status="suggested").exists()
    assert Mention.objects.filter(status="confirmed").exists()
    assert Quantity.objects.exists()
    assert Actor.objects.filter(parent__isnull=False).exists()
    assert Actor.objects.filter(aliases__isnull=False).exists()
    assert not Place.objects.filter(kind="settlement", latitude__isnull=True).exists()


def test_it_promises_the_large_corpus_of_the_issue():
    large = parse_scale("large")
    assert large.sources >= 1_000 and large.sentences >= 50_000 and large.claims >= 10_000
    assert large.actors >= 2_000 and large.places >= 1_000 and large.events >= 2_000


def test_it_keeps_every_sentence_and_anchor_equal_to_the_source_text(corpus):
    for sentence in Sentence.objects.select_related("source"):
        assert sentence.source.text[sentence.start : sentence.end] == sentence.text
    anchors = Anchor.objects.select_related("sentence__source")
    assert anchors.count() >= SMALL.claims
    for anchor in anchors:
        text = anchor.sentence.source.text
        quote = text_quote_selector(text, anchor.start, anchor.end)
        assert (anchor.exact, anchor.prefix, anchor.suffix) == (
            quote.exact,
            quote.prefix,
            quote.suffix,
        )
        assert anchor.sentence.start <= anchor.start < anchor.end <= anchor.sentence.end
    assert not Claim.objects.filter(anchors__isnull=True).exists()


def test_it_indexes_every_claim_for_search(corpus):
    if connection.vendor != "postgresql":
        pytest.skip("search documents are stored on PostgreSQL only")
    assert not Claim.objects.filter(search_vector__isnull=True).exists()


def test_it_publishes_exactly_the_claims_anchored_in_a_published_source(corpus):
    shown = set(Claim.objects.published().values_list("pk", flat=True))
    assert shown == set(Claim.objects.anchored_in_published().values_list("pk", flat=True))
    assert shown  # none until the generator works it out


def test_it_keeps_each_claim_status_equal_to_its_latest_assessment(corpus):
    claims = Claim.objects.prefetch_related("assessments")
    assessed = 0
    for claim in claims:
        history = list(claim.assessments.all())  # ordered by created_at, id
        if history:
            assessed += 1
            assert claim.status == history[-1].status
        else:
            assert claim.status == EvidenceStatus.UNASSESSED
        assert claim.version == 1 + len(history)
    assert 0 < assessed < claims.count()
    assert Assessment.objects.values("claim").distinct().count() == assessed


def test_it_places_mentions_and_quantities_on_their_text(corpus):
    for mention in Mention.objects.select_related("sentence__source"):
        assert mention.sentence.source.text[mention.start : mention.end] == mention.surface
        assert mention.sentence.start <= mention.start < mention.end <= mention.sentence.end
        assert (mention.reviewed_by_id is None) == (mention.status == "suggested")
    for quantity in Quantity.objects.prefetch_related("claim__anchors"):
        assert any(quantity.text in a.exact for a in quantity.claim.anchors.all())


def test_it_refuses_a_database_that_already_has_data(corpus):
    with pytest.raises(CorpusError):
        corpus_generate(scale=SMALL, seed=1)
    assert Source.objects.count() == SMALL.sources


@pytest.mark.parametrize("value", ["huge", "0", "-3", ""])
def test_it_refuses_an_unknown_scale(value):
    with pytest.raises(ValueError, match="large, small or a number"):
        parse_scale(value)


def test_it_skips_generation_when_the_same_corpus_is_present(db, capsys):
    call_command("generate_corpus", scale="3", seed=1)
    call_command("generate_corpus", scale="3", seed=1, if_absent=True)
    assert "is present" in capsys.readouterr().out
    assert Source.objects.count() == 3
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_corpus", scale="3", seed=2, if_absent=True)
