"""claims.services.article_import: one transaction per article, idempotent."""

from datetime import date
from pathlib import Path

import pytest
from django.db import IntegrityError

from claims import services
from claims.ingest.pipeline import prepare_article
from claims.models import Contributor, Mention, Sentence, Source
from tests.factories import make_actor, make_place

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


@pytest.fixture
def prepared():
    return prepare_article((DATA / "seed_article.txt").read_bytes(), filename="seed.txt")


def test_it_imports_the_seed_article_exactly(prepared, superuser):
    source, created = services.article_import(prepared=prepared, imported_by=superuser)

    source.refresh_from_db()
    assert created
    assert source.title == "Evidence of Secret Cooperation between Putin and Trump?"
    assert source.slug == "evidence-of-secret-cooperation-between-putin-and-trump"
    assert source.published_on == date(2017, 2, 15)
    assert source.date_precision == "day"
    assert source.text.startswith("So far no deal has not been officially acknowledged")
    assert source.text.endswith("...for the fight against Islamic State."[3:])
    for widget in ("3440cookie-check", "Share this page to Telegram", "Notify of", "Akismet",
                   "Inline Feedbacks", "View all comments"):  # fmt: skip
        assert widget not in source.text
    assert source.raw == (DATA / "seed_article.txt").read_text()
    assert source.imported_by == superuser
    assert list(source.contributors.values_list("name", "role", "position")) == [
        ("Valentin Vasilescu", "author", 1),
        ("Alice Decker", "translator", 2),
    ]
    sentences = list(source.sentences.all())
    assert len(sentences) == len(prepared.sentences)
    assert all(source.text[s.start : s.end] == s.text for s in sentences)
    assert [s.text for s in sentences if s.kind == "heading"] == ["Deir ez-Zor"]


def test_it_stores_mentions_as_suggestions_only(prepared):
    actor = make_actor("Islamic State", aliases=["IS"])
    place = make_place("Palmyra", aliases=["Tadmur"], country_code="SY")
    prepared = prepare_article((DATA / "seed_article.txt").read_bytes(), filename="seed.txt")

    source, _ = services.article_import(prepared=prepared)

    mentions = Mention.objects.filter(sentence__source=source)
    assert mentions.exists()
    assert set(mentions.values_list("status", flat=True)) == {"suggested"}
    assert mentions.filter(actor=actor, origin="alias").count() >= 10
    assert mentions.filter(place=place, surface="Palmyra").count() == 5
    candidates = mentions.filter(actor=None, place=None, origin="gazetteer")
    aleppo = candidates.filter(surface="Aleppo").first()
    assert aleppo.candidate["geonames_id"] == 170063
    assert aleppo.candidate["country_code"] == "SY"
    for mention in mentions:
        assert source.text[mention.start : mention.end] == mention.surface
        assert mention.sentence.start <= mention.start < mention.end <= mention.sentence.end


def test_it_links_a_gazetteer_hit_to_an_existing_place_with_that_geonames_id(prepared):
    aleppo = make_place("Halab", geonames_id=170063, country_code="SY")
    source, _ = services.article_import(
        prepared=prepare_article((DATA / "seed_article.txt").read_bytes(), filename="s.txt")
    )

    linked = Mention.objects.filter(sentence__source=source, surface="Aleppo")
    assert set(linked.values_list("place", flat=True)) == {aleppo.pk}


def test_it_imports_the_same_text_only_once(prepared):
    first, created = services.article_import(prepared=prepared)
    again = prepare_article(
        (DATA / "seed_article.txt").read_bytes().replace(b"\n", b"\r\n"), filename="copy.txt"
    )
    second, created_again = services.article_import(prepared=again)

    assert created and not created_again
    assert second == first
    assert Source.objects.count() == 1
    assert Sentence.objects.count() == len(prepared.sentences)


def test_a_reimport_stops_at_the_hash_before_segmenting_or_suggesting(prepared, monkeypatch):
    first, _ = services.article_import(prepared=prepared)

    def refuse(*args, **kwargs):
        raise AssertionError("an article already stored must not be prepared again")

    monkeypatch.setattr("claims.ingest.pipeline.segment", refuse)
    monkeypatch.setattr("claims.ingest.pipeline.suggest_mentions", refuse)
    monkeypatch.setattr("claims.ingest.pipeline.suggest_quantities", refuse)
    again = prepare_article(
        (DATA / "seed_article.txt").read_bytes().replace(b"\n", b"\r\n"), filename="copy.txt"
    )
    assert again.existing == first
    assert again.title == first.title
    assert again.sentences == [] and again.mentions == []
    assert set(again.timings) == {"extract"}

    second, created = services.article_import(prepared=again)
    assert second == first and not created
    assert Source.objects.count() == 1
    assert Sentence.objects.count() == len(prepared.sentences)


def test_it_makes_slugs_unique(prepared):
    first, _ = services.article_import(prepared=prepared)
    other = prepare_article(b"A different body. With two sentences.", filename="b.txt")
    other.title = prepared.title
    second, _ = services.article_import(prepared=other)

    assert first.slug == "evidence-of-secret-cooperation-between-putin-and-trump"
    assert second.slug == "evidence-of-secret-cooperation-between-putin-and-trump-2"


def test_it_writes_nothing_when_a_step_fails(prepared, monkeypatch):
    def broken(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Contributor.objects, "bulk_create", broken)
    with pytest.raises(services.ServiceError):
        services.article_import(prepared=prepared)

    assert Source.objects.count() == 0
    assert Sentence.objects.count() == 0
