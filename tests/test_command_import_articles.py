"""manage.py import_articles: files and folders, progress, summary, exit status."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Source

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def run(*args):
    out = StringIO()
    status = 0
    try:
        call_command("import_articles", *map(str, args), stdout=out)
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue()


def test_it_imports_a_folder_and_summarises(tmp_path):
    shutil.copy(DATA / "seed_article.txt", tmp_path / "seed.txt")
    shutil.copy(DATA / "news_article.html", tmp_path / "news.html")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a supported type: not picked up

    status, out = run(tmp_path)

    assert status == 0
    assert "[1/2]" in out and "[2/2]" in out
    assert "2 created, 0 already present, 0 failed." in out
    assert set(Source.objects.values_list("title", flat=True)) == {
        "Evidence of Secret Cooperation between Putin and Trump?",
        "Ceasefire talks resume in Astana",
    }


def test_it_reports_already_present_articles(tmp_path, monkeypatch):
    run(DATA / "seed_article.txt")

    def refuse(*args, **kwargs):
        raise AssertionError("an article already stored is not segmented again")

    monkeypatch.setattr("claims.ingest.pipeline.segment", refuse)
    status, out = run(DATA / "seed_article.txt")

    assert status == 0
    assert "already present" in out
    assert "0 created, 1 already present, 0 failed." in out
    assert Source.objects.count() == 1


def test_it_lists_each_failure_with_its_reason_and_exits_non_zero(tmp_path, settings):
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "big.txt").write_bytes(b"Word. " * 4000)
    settings.CLAIMSDB_IMPORT_MAX_BYTES = 10_000

    status, out = run(
        tmp_path / "empty.txt",
        tmp_path / "image.txt",
        tmp_path / "big.txt",
        DATA / "no_article.html",
        tmp_path / "missing.txt",
        DATA / "blog_post.html",
    )

    assert status == 1
    assert "1 created, 0 already present, 5 failed." in out
    assert f"failed: {tmp_path / 'empty.txt'}: The input" in out
    assert f"failed: {tmp_path / 'image.txt'}: This file is a PNG image" in out
    assert f"failed: {tmp_path / 'big.txt'}: The file is 23 KB (" in out
    assert "no_article.html: No article text" in out
    assert "missing.txt: No such file" in out
    assert Source.objects.count() == 1


def test_it_records_the_importing_user(superuser):
    run_args = ["--user", superuser.username, DATA / "seed_article.txt"]
    status, _ = run(*run_args)

    assert status == 0
    assert Source.objects.get().imported_by == superuser


def test_it_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="No user named"):
        call_command("import_articles", "--user", "nobody", str(DATA / "seed_article.txt"))


def test_it_shows_progress_for_a_long_file(tmp_path, monkeypatch):
    monkeypatch.setattr("claims.management.commands.import_articles.LONG_FILE_BYTES", 10_000)
    long = tmp_path / "long.txt"
    long.write_text("A long article\n\n" + "The town was taken. " * 600)
    status, out = run(long, DATA / "seed_article.txt")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"[1/2] {long}: 12 KB, preparing…"
    assert lines[1].startswith(f"[1/2] {long}: 600 sentences in ")
    assert lines[1].endswith(" s, storing…")
    assert lines[2].startswith(f"[1/2] {long}: created")
    assert lines[3].startswith("[2/2]") and "preparing" not in out.split("[2/2]", 1)[1]
