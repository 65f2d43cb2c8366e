"""bench/import_bench.py and manage.py bench_import: a report, not a timed test."""

from io import StringIO

import pytest
from django.core.management import call_command

from bench import import_bench
from claims.models import Sentence, Source

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_reports_every_stage_for_both_inputs_and_writes_nothing():
    results = import_bench.run(repeat=1, large_repeat=1, size=20_000)

    assert results["machine"]["cores"] >= 1
    assert results["database"]["vendor"] in {"sqlite", "postgresql"}
    seed, generated = results["inputs"]["seed"], results["inputs"]["generated"]
    assert seed["sentences"] == 65
    assert generated["bytes"] >= 20_000
    for result in (seed, generated):
        assert set(result["stages"]) == {"extract", "segment", "suggest", "store", "total"}
        for figures in result["stages"].values():
            assert figures["seconds"] > 0 and figures["kb_per_s"] > 0
    assert set(results["targets"]["pipeline_to_segment_throughput"]) == {"seed", "generated"}
    assert Source.objects.count() == 0 and Sentence.objects.count() == 0


def test_the_command_prints_times_throughput_machine_and_database():
    out = StringIO()
    call_command(
        "bench_import", "--repeat", "1", "--large-repeat", "1", "--size", "5000", stdout=out
    )

    text = out.getvalue()
    assert "Machine:" in text and "cores" in text and "GB" in text
    assert "Database:" in text
    for stage in ("extract", "segment", "suggest", "store", "total"):
        assert f"  {stage}" in text
    assert "KB/s" in text
    assert "Seed article end to end:" in text
    assert "Pipeline throughput / segmentation throughput:" in text


def test_it_reports_both_requests_at_the_limit_and_for_a_run_on_paragraph(settings):
    settings.CLAIMSDB_IMPORT_MAX_BYTES = 250_000
    out = StringIO()
    call_command("bench_import", "--limits", stdout=out)
    report = out.getvalue()
    assert "Import limit 250,000 bytes; request timeout 30 s." in report
    assert "Largest accepted file: 24" in report  # just under the limit
    assert "Paragraph without sentence ends: 208,017 bytes" in report
    assert "preview" in report and "save" in report and "of the timeout" in report
    assert Source.objects.count() == 0 and Sentence.objects.count() == 0
