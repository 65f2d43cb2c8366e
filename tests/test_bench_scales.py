"""bench.scales and `bench_report --scales`: the pages at two corpus sizes side by side."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.scales import render_scales


def page(name, uncached_ms, queries=8, group="page", status="ok"):
    return {
        "name": name,
        "group": group,
        "path": "/claims/",
        "status": status,
        "median_ms": 0.3,
        "p95_ms": 0.5,
        "uncached_median_ms": uncached_ms,
        "queries": queries,
    }


def run(sources, at, pages, load=1.0):
    return {
        "generated_at": f"2026-12-04T{at}:00+00:00",
        "machine": {"cores": 2, "memory_gib": 23.5, "cpu": "AMD EPYC"},
        "database": {"engine": "postgresql", "version": "15.20"},
        "data": {"sources": sources, "sentences": 50 * sources, "claims": 10 * sources},
        "corpus": f"generate_corpus seed=1 sources={sources}",
        "pages": pages,
        "load_average": {"before": [load, 1, 1], "after": [load + 0.5, 1, 1]},
        "cpu_reference_ms": {"before": 40.0, "after": 45.0},
    }


RUNS = [
    run(1000, "21:30", [page("floor", 0.2, 0, "floor"), page("claim browser", 80.0)]),
    run(10000, "21:35", [page("floor", 0.3, 0, "floor"), page("claim browser", 400.0)], 2.0),
    run(1000, "21:40", [page("floor", 0.2, 0, "floor"), page("claim browser", 100.0)]),
    run(10000, "21:45", [page("floor", 0.2, 0, "floor"), page("claim browser", 380.0)]),
]


def test_each_page_gets_the_median_of_its_runs_at_each_size_and_the_verdict_at_the_largest():
    text = render_scales(RUNS)
    assert "| page | 1,000 sources | 10,000 sources | 10x / 1x |" in text
    assert "| claim browser | 90.0 (80.0-100.0) | 390.0 (380.0-400.0) | 4.3 | 8, 8 | missed |" in (
        text
    )
    assert "| floor | 0.2 | 0.2 (0.2-0.3) |" in text and "| 0, 0 |  |" in text
    assert "10,000 sources (500,000 sentences, 100,000 claims): 2 runs" in text
    assert "21:30 to 21:45 UTC" in text
    assert "Load average (1 min) during the runs: 1.0 to 2.5 on 2 cores." in text


def test_a_page_that_failed_at_one_size_leaves_its_cell_empty():
    runs = [RUNS[0], run(10000, "21:35", [page("claim browser", None, status="HTTP 500")])]
    assert "| claim browser | 80.0 |  |  | 8, None |  |" in render_scales(runs)


def test_the_command_writes_the_scales_section_and_refuses_one_size(tmp_path):
    files = []
    for number, data in enumerate(RUNS):
        files.append(tmp_path / f"run-{number}.json")
        files[-1].write_text(json.dumps(data))
    markdown = tmp_path / "benchmarks.md"
    markdown.write_text("# Benchmarks\n\nKept.\n")
    call_command("bench_report", *map(str, files), scales=True, output=str(markdown))
    text = markdown.read_text()
    assert text.startswith("# Benchmarks\n\nKept.")
    assert "<!-- bench:scales:start -->" in text and "ten times the corpus" in text
    assert "<!-- bench:results:start -->" not in text
    with pytest.raises(CommandError, match="two corpus sizes"):
        call_command(
            "bench_report", str(files[0]), str(files[2]), scales=True, output=str(markdown)
        )
