import pytest

from claims import services
from claims.models import Assessment, EvidenceStatus
from tests.factories import make_claim


@pytest.fixture
def sentence(source):
    return source.sentences.get(index=1)


def test_it_anchors_a_claim_to_its_exact_quote(sentence):
    claim = make_claim(sentence, "40 km northeast of Aleppo", kind="quantitative")
    anchor = claim.anchors.get()
    assert sentence.source.text[anchor.start : anchor.end] == "40 km northeast of Aleppo"
    assert anchor.prefix.endswith("Al-Bab lies ")
    assert anchor.suffix.startswith(". It was besieged")
    assert len(anchor.suffix) == 32
    assert claim.statement == "40 km northeast of Aleppo"


def test_it_refuses_a_quote_outside_the_sentence(sentence):
    with pytest.raises(services.ServiceError):
        services.claim_create(sentence=sentence, start=sentence.start, end=sentence.end + 5)


def test_it_sets_status_and_appends_history(sentence, editor):
    claim = make_claim(sentence)
    services.claim_assess(
        claim=claim, status="disputed", rationale="Sources differ.", editor=editor
    )
    services.claim_assess(claim=claim, status="refuted", rationale="Later data.", editor=editor)
    claim.refresh_from_db()
    assert claim.status == EvidenceStatus.REFUTED
    assert claim.version == 3
    assert list(claim.assessments.values_list("status", flat=True)) == ["disputed", "refuted"]


def test_it_requires_a_rationale(sentence):
    claim = make_claim(sentence)
    with pytest.raises(services.ServiceError, match="rationale"):
        services.claim_assess(claim=claim, status="supported", rationale="  ")
    assert not Assessment.objects.exists()


def test_it_refuses_a_stale_version_and_writes_nothing(sentence):
    claim = make_claim(sentence)
    services.claim_assess(claim=claim, status="disputed", rationale="First.", expected_version=1)
    with pytest.raises(services.StaleClaim):
        services.claim_assess(
            claim=claim, status="supported", rationale="Second.", expected_version=1
        )
    claim.refresh_from_db()
    assert claim.status == "disputed"
    assert claim.assessments.count() == 1
