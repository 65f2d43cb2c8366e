"""claims/ingest/pipeline.py: prepare_article, the whole import without writing."""

from datetime import date
from pathlib import Path

import pytest

from claims.ingest import ArticleRejected
from claims.ingest.pipeline import content_hash, prepare_article
from claims.models import Source

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def seed_bytes():
    return (DATA / "seed_article.txt").read_bytes()


def test_it_prepares_the_seed_article_without_writing(seed_bytes):
    prepared = prepare_article(seed_bytes, filename="000_4e6af31fa5e880f0.txt")

    assert prepared.title == "Evidence of Secret Cooperation between Putin and Trump?"
    assert prepared.authors == ["Valentin Vasilescu"]
    assert prepared.translators == ["Alice Decker"]
    assert prepared.published_on == date(2017, 2, 15)
    assert prepared.first_sentence.text.startswith("So far no deal")
    assert prepared.last_sentence.text.endswith("for the fight against Islamic State.")
    assert prepared.paragraph_count == 16
    assert prepared.heading_count == 1
    assert prepared.raw == seed_bytes.decode()
    assert prepared.raw_filename == "000_4e6af31fa5e880f0.txt"
    assert {"1,300 troops", "over 5,000 Islamic State fighters", "188 km", "$200"} <= {
        q.text for _, q in prepared.quantities
    }
    assert "Palmyra" in {m.surface for m in prepared.place_candidates}
    assert Source.objects.count() == 0


def test_it_applies_overrides_and_the_given_url(seed_bytes):
    prepared = prepare_article(
        seed_bytes,
        filename="a.txt",
        url="https://example.org/original",
        overrides={"title": "Corrected title", "published_on": date(2017, 2, 16), "publisher": "X"},
    )

    assert prepared.title == "Corrected title"
    assert prepared.published_on == date(2017, 2, 16)
    assert prepared.date_precision == "day"
    assert prepared.publisher == "X"
    assert prepared.url == "https://example.org/original"


def test_it_hashes_the_text_ignoring_spacing_line_endings_and_composition():
    assert content_hash("Al-Bāb fell.\n\nThen") == content_hash("Al-Ba\u0304b  fell.\r\n\r\nThen ")
    assert content_hash("Al-Bab fell.") != content_hash("Al-Bab fell!")


def test_it_falls_back_to_the_file_name_for_a_title():
    prepared = prepare_article(
        b"The town fell on Monday. Nobody expected it.", filename="al-bab_report.txt"
    )
    assert prepared.title == "al bab report"


def test_it_rejects_input_over_the_size_limit(settings):
    settings.CLAIMSDB_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ArticleRejected, match="largest accepted is 1 KB"):
        prepare_article(b"Word. " * 200, filename="a.txt")


def test_it_rejects_an_invalid_url(seed_bytes):
    with pytest.raises(ArticleRejected, match="not a valid"):
        prepare_article(seed_bytes, filename="a.txt", url="javascript:alert(1)")
