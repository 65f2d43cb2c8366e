"""bench_reanchor: a well-formed report, and the database left as it was (no timings asserted)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from bench import reanchor_bench
from claims.models import Anchor, Claim, Source, SourceRevision


def test_the_generated_correction_changes_words_and_removes_paragraphs():
    old, new = reanchor_bench.generated_article(size=60_000)
    assert sum(len(" ".join(p)) for p in old) >= 60_000
    assert old != new and len(new) <= len(old)
    assert reanchor_bench.generated_article(size=60_000) == (old, new)  # the same every run


@pytest.mark.django_db(transaction=True)
def test_the_command_reports_both_articles_and_leaves_nothing_behind():
    out = StringIO()
    call_command(
        "bench_reanchor",
        "--repeat",
        "1",
        "--large-repeat",
        "1",
        "--size",
        "30000",
        "--anchors",
        "40",
        "--json",
        stdout=out,
    )
    results = json.loads(out.getvalue())
    seed, generated = results["inputs"]["seed"], results["inputs"]["generated"]
    assert seed["anchors"] == 100 and generated["anchors"] == 40
    assert sum(seed["states"].values()) == 100
    assert seed["states"]["orphaned"] >= 1  # the removed paragraph held quotes
    assert generated["total_seconds"] >= generated["place_seconds"] > 0
    assert not Source.objects.exists() and not SourceRevision.objects.exists()
    assert not Claim.objects.exists() and not Anchor.objects.exists()
