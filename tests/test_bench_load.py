import os

import pytest

from bench.load import LoadError, children_of, load_result, parse_wrk, proc_memory_mb
from bench.report import render_load

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8001/bench/floor
  2 threads and 8 connections
WRK_JSON {"requests": 12000, "duration_us": 10000000, "bytes": 3000000, "non2xx": 3, \
"connect_errors": 0, "read_errors": 1, "write_errors": 0, "timeouts": 2, \
"p50_us": 2500, "p90_us": 4000, "p99_us": 9100, "max_us": 20000}
"""


def test_it_reads_wrks_figures_and_counts_every_failure():
    result = load_result("floor", "/bench/floor", parse_wrk(WRK_OUTPUT))
    assert result.requests_per_second == 1200.0
    assert (result.p50_ms, result.p99_ms) == (2.5, 9.1)
    assert result.errors == 6  # non-2xx, read errors and timeouts


def test_it_refuses_output_without_figures():
    with pytest.raises(LoadError, match="no figures"):
        parse_wrk("Running 10s test\n")


def test_it_reads_resident_memory_from_proc():
    assert proc_memory_mb(os.getpid()) > 1
    assert proc_memory_mb(2**22 + 12345) is None
    assert children_of(2**22 + 12345) == []


def test_it_reports_the_ratio_to_the_floor_and_the_targets():
    def result(name, rps, errors=0, page_cache=True):
        return {
            "name": name,
            "path": "/",
            "page_cache": page_cache,
            "requests_per_second": rps,
            "p50_ms": 1.0,
            "p99_ms": 2.0,
            "requests": int(rps * 10),
            "errors": errors,
        }

    run = {
        "generated_at": "2026-11-25T18:00:00+00:00",
        "machine": {"cores": 2, "memory_gib": 23.5, "cpu": "AMD EPYC"},
        "database": {"engine": "postgresql", "version": "15"},
        "data": {"sources": 1000, "sentences": 50877, "claims": 10000},
        "workers": 2,
        "threads": 2,
        "connections": 8,
        "duration": 10,
        "warmup": 2,
        "results": [
            result("floor", 1000.0),
            result("reader", 800.0),
            result("floor", 900.0, page_cache=False),
            result("reader", 90.0, errors=1, page_cache=False),
        ],
        "workers_memory": {
            "on": [{"pid": 1, "rss_mb": 90.0, "peak_mb": 95.0}],
            "off": [{"pid": 2, "rss_mb": 120.0, "peak_mb": 120.0}],
        },
        "load_average": {"before": [0.5, 0.4, 0.3], "after": [1.9, 0.8, 0.4]},
        "cpu_reference_ms": {"before": 55.1, "after": 61.2},
    }
    text = render_load(run)
    assert "Load average (1 min) during the runs: 0.5 to 1.9 on 2 cores." in text
    assert "before and after the runs: 55.1 to 61.2 ms." in text
    assert "| reader | `/` | on | 800.0 |" in text and "| 80% |" in text
    assert "| reader | `/` | off | 90.0 |" in text and "| 10% |" in text
    assert "reader at least 25% of the floor (page cache on): met (80%)" in text
    assert "reader at least 25% of the floor (page cache off): missed (10%)" in text
    assert "no errors: missed (1 errors)" in text
    assert "worker RSS under 200 MB: met (120.0 MB)" in text
