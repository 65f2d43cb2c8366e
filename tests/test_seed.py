import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from claims.models import Source
from curation.curation import CurationError, curation_read
from curation.seed import (
    SUMMARY_END,
    SUMMARY_START,
    fixture_dump,
    readme_with_summary,
    seed_build,
    seed_summary,
)

BASE = Path(settings.BASE_DIR)
FIXTURE = BASE / "fixtures" / "seed.json"
CURATION = BASE / "fixtures" / "curation" / "seed.yaml"
SEED_DIR = Path(settings.CLAIMSDB_SEED_DIR)

needs_seed_article = pytest.mark.skipif(
    not SEED_DIR.is_dir(), reason=f"the seed article folder {SEED_DIR} is not here"
)


@needs_seed_article
@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_it_rebuilds_the_committed_fixture_from_the_article_and_the_curation():
    """fixtures/seed.json is exactly what the pipeline and the curation produce."""
    curation = curation_read(CURATION)

    seed_build(curation=curation, seed_dir=SEED_DIR)

    rebuilt = fixture_dump(recorded_at=curation["recorded_at"])
    assert rebuilt == FIXTURE.read_text(encoding="utf-8"), (
        "fixtures/seed.json is out of date: run build_seed_fixture --readme "
        "(DJANGO_SETTINGS_MODULE=claimsdb.settings_curation)"
    )


@needs_seed_article
@pytest.mark.django_db
def test_it_changes_nothing_when_the_curation_does_not_fit(tmp_path):
    curation = curation_read(CURATION)
    curation["claims"][0]["quote"] = "a sentence the article does not have"
    curation["actors"][0]["aliases"].append("Vova")

    with pytest.raises(CurationError) as raised:
        seed_build(curation=curation, seed_dir=SEED_DIR)

    problems = raised.value.problems
    assert "actor vladimir-putin: the alias “Vova” is not used in the text" in problems
    assert (
        "claim no-acknowledged-deal: the quote is not in the text: "
        "“a sentence the article does not have”"
    ) in problems
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_it_says_when_the_seed_article_is_missing(tmp_path):
    curation = curation_read(CURATION)
    with pytest.raises(CurationError, match="cannot read the seed article"):
        seed_build(curation=curation, seed_dir=tmp_path)
    assert not Source.objects.exists()


def test_the_readme_states_what_the_fixture_holds():
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    readme = (BASE / "README.md").read_text(encoding="utf-8")
    summary = seed_summary(objects)

    assert readme_with_summary(readme, summary) == readme, (
        "the README's seed summary is out of date: run build_seed_fixture --readme"
    )
    claims = sum(1 for o in objects if o["model"] == "claims.claim")
    assert f"| claims | {claims} |" in summary


def test_it_replaces_only_the_summary_between_its_markers():
    readme = f"# Title\n\n{SUMMARY_START}\nold\n{SUMMARY_END}\n\nMore.\n"
    assert (
        readme_with_summary(readme, "new")
        == f"# Title\n\n{SUMMARY_START}\nnew\n{SUMMARY_END}\n\nMore.\n"
    )
    with pytest.raises(ValueError, match="no seed summary markers"):
        readme_with_summary("# Title\n", "new")


def test_the_command_says_when_the_seed_folder_is_missing(tmp_path):
    output = tmp_path / "seed.json"
    with pytest.raises(CommandError, match="does not exist; give --seed-dir"):
        call_command("build_seed_fixture", seed_dir=tmp_path / "nowhere", output=output)
    assert not output.exists()


def test_the_command_says_when_the_curation_is_broken(tmp_path):
    curation = tmp_path / "seed.yaml"
    curation.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(CommandError, match="must hold a mapping"):
        call_command("build_seed_fixture", curation=curation, output=tmp_path / "seed.json")
