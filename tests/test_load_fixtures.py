import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from claims import services
from claims.models import Anchor, Claim, Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db
SEED = Path(settings.BASE_DIR) / "fixtures" / "seed.json"


def load(capsys):
    call_command("load_fixtures", str(SEED))
    return capsys.readouterr()


def test_it_loads_the_seed_into_an_empty_database(capsys):
    out = load(capsys)
    assert "seed.json: loaded" in out.out
    assert Source.objects.count() == 1 and Claim.objects.exists()


def test_a_second_run_keeps_an_editors_assessment(capsys, editor):
    load(capsys)
    claim = Claim.objects.filter(status="unassessed").first()
    services.claim_assess(claim=claim, status="refuted", rationale="New evidence.", editor=editor)
    out = load(capsys)
    assert "already loaded" in out.out
    claim.refresh_from_db()
    assert claim.status == "refuted"
    assert claim.assessments.latest().status == "refuted"


def test_it_refuses_to_overwrite_other_articles(capsys):
    other = make_source(title="Another article")
    out = load(capsys)
    assert "not loaded" in out.err
    assert list(Source.objects.all()) == [other]


def test_it_lists_an_anchor_that_misses_its_text_for_review(capsys, tmp_path):
    # A fixture edited by hand: the first anchor's offsets moved by one character.
    rows = json.loads(SEED.read_text(encoding="utf-8"))
    anchor = next(row for row in rows if row["model"] == "claims.anchor")
    anchor["fields"]["start"] += 1
    anchor["fields"]["end"] += 1
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(rows), encoding="utf-8")
    call_command("load_fixtures", str(edited))
    assert list(Anchor.objects.mismatched().values_list("pk", "state")) == [
        (anchor["pk"], "drifted")
    ]


def test_it_works_out_which_claims_are_published_whatever_the_file_says(tmp_path):
    # A fixture edited by hand (or from before the flag): every claim marked hidden.
    rows = json.loads(SEED.read_text(encoding="utf-8"))
    for row in rows:
        if row["model"] == "claims.claim":
            row["fields"]["is_published"] = False
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(rows), encoding="utf-8")
    call_command("load_fixtures", str(edited))
    assert Claim.objects.published().count() == Claim.objects.count() == 105
