import json

import pytest
from django.core.management import call_command

from bench.corpus import corpus_generate, parse_scale
from bench.pages import NOT_AVAILABLE, PageCase, measure, page_cases
from bench.report import render_runs, write_section


@pytest.fixture
def tiny_corpus(db):
    corpus_generate(scale=parse_scale("3"), seed=1)


def test_it_times_and_counts_a_page(tiny_corpus):
    case = next(c for c in page_cases() if c.name == "reader")
    result = measure(case, repeats=3, warmup=1)
    assert result.status == "ok"
    assert result.median_ms > 0 and result.p95_ms >= result.median_ms
    assert len(result.samples) == 3
    assert result.queries > 0
    assert result.queries_large is not None and result.queries_largest is not None
    assert result.uncached_median_ms > 0
    assert result.cold_median_ms > 0  # the fragment cache emptied too


def test_it_reports_a_url_that_does_not_resolve_as_not_yet_available(db):
    result = measure(PageCase("future page", "/no-such-page-yet/"), repeats=2)
    assert result.status == NOT_AVAILABLE
    assert result.median_ms is None


def test_it_reports_an_error_status_instead_of_timing_it(tiny_corpus):
    result = measure(PageCase("missing source", "/sources/no-such-source/"), repeats=2)
    assert result.status == "HTTP 404"
    assert result.median_ms is None


def test_it_reports_a_page_type_without_data(db):
    reader = next(c for c in page_cases() if c.name == "reader")
    assert reader.path is None
    assert measure(reader).status == "no data"


@pytest.mark.urls("bench.urls")
def test_it_counts_no_query_on_the_floor(db):
    floor = next(c for c in page_cases() if c.group == "floor")
    result = measure(floor, repeats=2, warmup=0)
    assert result.status == "ok"
    assert result.queries == 0


def test_the_command_writes_a_well_formed_report(tiny_corpus, tmp_path, capsys):
    run_file, markdown = tmp_path / "run.json", tmp_path / "benchmarks.md"
    markdown.write_text("# Benchmarks\n\nHand-written intro.\n")
    # Import and export take minutes on their own; test_bench_import and
    # test_bench_exports_bench check them, and the report's tables below.
    call_command(
        "bench_pages",
        repeats=2,
        warmup=1,
        json=str(run_file),
        markdown=str(markdown),
        no_import=True,
        no_export=True,
    )
    run = json.loads(run_file.read_text())
    assert run["machine"]["cores"] >= 1 and run["machine"]["cpu"]
    speed = run["cpu_reference_ms"]
    assert speed["before"] > 0 and speed["after"] > 0
    assert "Reference loop (a million additions in Python" in markdown.read_text()
    assert run["database"]["engine"] in ("sqlite", "postgresql")
    assert run["data"]["sources"] == 3 and run["data"]["claims"] == 30
    assert run["corpus"] == "generate_corpus seed=1 sources=3"
    assert run["settings"] == {"debug": False, "repeats": 2, "warmup": 1}
    assert len(run["load_average"]["before"]) == 3
    pages = {page["name"]: page for page in run["pages"]}
    assert pages["reader"]["status"] == "ok"
    # Every page the bench requests either answers or does not exist yet.
    assert {page["status"] for page in run["pages"]} <= {"ok", NOT_AVAILABLE}
    for page in run["pages"]:
        if page["status"] == "ok":
            assert page["median_ms"] > 0 and isinstance(page["queries"], int)
    assert run["import"] is None and run["export"] is None

    text = markdown.read_text()
    assert text.startswith("# Benchmarks\n\nHand-written intro.")
    assert "<!-- bench:results:start -->" in text and "<!-- bench:results:end -->" in text
    assert "cores" in text and "| reader `/sources/" in text
    assert "Load average (1 min) during the runs" in text
    assert "reader" in capsys.readouterr().out


def test_the_report_puts_databases_side_by_side(tiny_corpus, tmp_path):
    run_file = tmp_path / "run.json"
    call_command(
        "bench_pages",
        repeats=1,
        warmup=0,
        only="floor",
        json=str(run_file),
        no_import=True,
        no_export=True,
    )
    other = json.loads(run_file.read_text())
    other["database"]["engine"] = "postgresql"
    other_file = tmp_path / "other.json"
    other_file.write_text(json.dumps(other))
    markdown = tmp_path / "benchmarks.md"
    call_command("bench_report", str(run_file), str(other_file), output=str(markdown))
    text = markdown.read_text()
    assert "PostgreSQL median" in text
    assert text.count("| floor (constant text, no database)") == 1


def test_writing_a_section_twice_keeps_the_text_around_it(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text("# Benchmarks\n\nbefore\n")
    write_section(path, "load", "first")
    path.write_text(path.read_text() + "\nafter\n")
    write_section(path, "load", "second")
    text = path.read_text()
    assert "first" not in text and "second" in text
    assert text.index("before") < text.index("second") < text.index("after")


def test_the_report_tabulates_import_and_export_figures():
    stages = {
        stage: {"seconds": 0.1, "kb_per_s": 92.0}
        for stage in ("extract", "segment", "suggest", "store", "total")
    }
    run = {
        "generated_at": "2026-11-25T18:00:00+00:00",
        "machine": {
            "cores": 2,
            "memory_gib": 23.5,
            "cpu": "AMD EPYC",
            "os": "Linux",
            "python": "3.13",
            "django": "6.1",
        },
        "database": {"engine": "postgresql", "version": "15"},
        "data": {"sources": 1},
        "settings": {"debug": False, "repeats": 2, "warmup": 1},
        "pages": [],
        "import": {
            "status": "ok",
            "figures": {
                "inputs": {
                    "seed": {
                        "bytes": 9400,
                        "sentences": 65,
                        "mentions": 79,
                        "stages": stages,
                        "pipeline_to_segment": 0.6,
                        "first_run": {**stages, "total": {"seconds": 2.1, "kb_per_s": 4.4}},
                    }
                }
            },
        },
        "export": {"status": "ok", "figures": {"claims.csv": "1.20 s, 3.1 MB, peak 2.0 MB"}},
    }
    text = render_runs([run])
    assert "| PostgreSQL | seed | 9 KB | 65 | 79 | 0.1 s | 92.0 |" in text
    assert "| 92.0 | 0.6 | 2.1 s |" in text  # pipeline/segment ratio, then the cold first run
    assert "| claims.csv | 1.20 s, 3.1 MB, peak 2.0 MB |" in text
    run["import"], run["export"] = {"status": NOT_AVAILABLE}, None
    text = render_runs([run])
    assert "| PostgreSQL | not yet available |" in text
    assert "- PostgreSQL: not measured" in text
