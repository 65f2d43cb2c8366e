"""manage.py import_articles --revision-of: a corrected file as a new version of a source."""

import pytest
from django.core.management import CommandError, call_command

from claims.models import Source
from tests.test_command_import_articles import DATA, run

pytestmark = pytest.mark.django_db


def test_it_stores_a_corrected_file_as_a_new_revision(tmp_path):
    run(DATA / "seed_article.txt")
    source = Source.objects.get()
    corrected = tmp_path / "seed-corrected.txt"
    corrected.write_text(
        (DATA / "seed_article.txt").read_text().replace("1,300 troops", "1,500 troops")
    )
    status, out = run("--revision-of", source.slug, "--note", "troop figure corrected", corrected)
    assert status == 0, out
    assert "stored as revision 2" in out
    source.refresh_from_db()
    assert source.revision == 2 and "1,500 troops" in source.text
    assert source.revisions.get(number=2).note == "troop figure corrected"
    assert Source.objects.count() == 1


def test_it_refuses_an_identical_revision_and_writes_nothing():
    run(DATA / "seed_article.txt")
    source = Source.objects.get()
    status, out = run("--revision-of", source.slug, DATA / "seed_article.txt")
    assert status == 1
    assert "the same as revision 1" in out
    assert source.revisions.count() == 1


def test_it_refuses_another_article_as_a_revision():
    run(DATA / "seed_article.txt")
    source = Source.objects.get()
    status, out = run("--revision-of", source.slug, DATA / "news_article.html")
    assert status == 1
    assert "word trigrams" in out
    assert source.revisions.count() == 1 and Source.objects.count() == 1


def test_it_names_an_unknown_slug_for_a_revision():
    with pytest.raises(CommandError, match="No source with the slug “nope”"):
        call_command("import_articles", "--revision-of", "nope", str(DATA / "seed_article.txt"))
