"""What a benchmark report states besides the figures, and docs/benchmarks.md itself.

Every run records the machine (cores, memory, CPU model), the database
(engine, version, size) and the data size (row counts), so a figure is never
read without them. docs/benchmarks.md keeps hand-written text around
generated sections marked `<!-- bench:NAME:start -->` / `<!-- bench:NAME:end -->`;
writing a section replaces only what lies between its markers.
"""

import datetime
import json
import os
import platform
import re
import sqlite3
import statistics
import time
from pathlib import Path

import django
from django.db import connection

from claims.models import (
    Actor,
    Anchor,
    Assessment,
    Claim,
    Event,
    Evidence,
    Mention,
    Place,
    Quantity,
    Sentence,
    Source,
)

# Targets for these 2-core machines (docs/benchmarks.md, "Targets").
TARGET_MEDIAN_MS = 50
TARGET_READER_FLOOR_RATIO = 0.25
TARGET_WORKER_RSS_MB = 200


def machine_info():
    return {
        "cores": os.cpu_count(),
        "memory_gib": _meminfo_gib(),
        "cpu": _cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def cpu_reference_ms():
    """The median time of a fixed pure-Python loop (a million additions), in ms.

    A shared virtual machine's CPU runs faster or slower from one hour, even
    one minute, to the next with nothing else running on it: timed before and
    after a run, this says how fast it ran, so two runs can be compared."""
    samples = []
    for _ in range(7):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def database_info():
    settings = connection.settings_dict
    info = {"engine": connection.vendor, "name": str(settings["NAME"])}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            info["size_mb"] = round(cursor.fetchone()[0] / 1024**2, 1)
    elif connection.vendor == "sqlite":
        info["version"] = sqlite3.sqlite_version
        path = Path(str(settings["NAME"]))
        info["name"] = path.name
        if path.exists():
            info["size_mb"] = round(path.stat().st_size / 1024**2, 1)
    return info


def data_size():
    models = [
        ("sources", Source),
        ("sentences", Sentence),
        ("claims", Claim),
        ("anchors", Anchor),
        ("assessments", Assessment),
        ("evidence", Evidence),
        ("quantities", Quantity),
        ("actors", Actor),
        ("places", Place),
        ("events", Event),
        ("mentions", Mention),
    ]
    return {label: model.objects.count() for label, model in models}


def write_json(path, data):
    """Write a run's figures as indented JSON (dates and the like as text)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def write_section(path, name, body):
    """Replace the generated section `name` in the file (appended if it is not there yet)."""
    path = Path(path)
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def render_runs(runs):
    """Markdown for one `make bench`: one run per database, side by side."""
    if not runs:
        return "No benchmark run yet."
    first = runs[0]
    machine = first["machine"]
    lines = [
        "## Latest results (`make bench`)",
        "",
        f"Measured {first['generated_at'][:16].replace('T', ' ')} UTC on {machine['cores']} "
        f"cores, {machine['memory_gib']} GiB memory, {machine['cpu']}; {machine['os']}, "
        f"Python {machine['python']}, Django {machine['django']}. "
        f"DEBUG={'on' if first['settings']['debug'] else 'off'}; each page requested "
        f"{first['settings']['warmup']} times to warm up, then {first['settings']['repeats']} "
        "times timed (server time in process, median and 95th percentile, in ms; public pages "
        "come from the page cache once rendered). Uncached: the median with the page cache "
        "emptied before each request, what the first reader after an edit waits (rendered "
        "fragments, keyed by what they show, are kept: docs/benchmarks.md). The query "
        "count is from one more uncached request." + _busy(runs),
        "",
        "### Databases and data",
        "",
        "| | " + " | ".join(_db_label(run) for run in runs) + " |",
        "|---|" + "---:|" * len(runs),
        "| version | " + " | ".join(str(run["database"].get("version", "")) for run in runs) + " |",
        "| size on disk | "
        + " | ".join(f"{run['database'].get('size_mb', '?')} MB" for run in runs)
        + " |",
    ]
    for key in first["data"]:
        lines.append(f"| {key} | " + " | ".join(f"{run['data'][key]:,}" for run in runs) + " |")
    if any(run.get("corpus") for run in runs):
        lines.append("| corpus | " + " | ".join(run.get("corpus", "") for run in runs) + " |")

    lines += ["", "### Pages and API", ""]
    header = "| page | " + " | ".join(
        f"{_db_label(run)} median | p95 | uncached | queries" for run in runs
    )
    lines += [
        header + " | queries on two large pages | target |",
        "|---|" + "---:|---:|---:|---:|" * len(runs) + "---|---|",
    ]
    by_name = [{r["name"]: r for r in run["pages"]} for run in runs]
    for page in first["pages"]:
        name = page["name"]
        cells = []
        for results in by_name:
            result = results.get(name)
            if result is None or result["status"] != "ok":
                status = result["status"] if result else "not measured"
                cells.append(f"{status} | | | ")
            else:
                cells.append(
                    f"{result['median_ms']} | {result['p95_ms']} | "
                    f"{result.get('uncached_median_ms', '')} | {result['queries']}"
                )
        lines.append(
            f"| {name} `{_short(page['path'])}` | "
            + " | ".join(cells)
            + f" | {_growth(by_name, name)} | {_verdict(runs, by_name, name)} |"
        )

    lines += ["", "### Import (bench.import_bench)", ""] + _import_lines(runs)
    lines += ["", "### Export (bench.exports_bench)", ""] + _export_lines(runs)
    return "\n".join(lines)


def _import_lines(runs):
    """Per database and input: size, rows, total time and throughput of each stage."""
    rows = []
    for run in runs:
        section = run.get("import") or {}
        inputs = (
            (section.get("figures") or {}).get("inputs") if section.get("status") == "ok" else None
        )
        if not inputs:
            rows.append(f"| {_db_label(run)} | {_figures(section)} | | | | | | | | | | |")
            continue
        for name, result in inputs.items():
            stages = result["stages"]
            rows.append(
                f"| {_db_label(run)} | {name} | {result['bytes'] / 1024:,.0f} KB | "
                f"{result['sentences']:,} | {result['mentions']:,} | "
                f"{stages['total']['seconds']} s | {stages['total']['kb_per_s']:,} | "
                + " | ".join(
                    f"{stages[stage]['kb_per_s']:,}" for stage in ("extract", "segment", "suggest")
                )
                + f" | {stages['store']['kb_per_s']:,} | {result.get('pipeline_to_segment', '')} | "
                + (
                    f"{result['first_run']['total']['seconds']} s |"
                    if "first_run" in result
                    else f"{result.get('first_run_seconds', '')} s |"
                )
            )
    return [
        "Median of several runs per input (warm: the gazetteer and the name index already "
        "loaded by an earlier import in the process); throughput in KB of input per second, "
        "for the whole import and for each stage (the store stage is rolled back). "
        "Pipeline/segment: the whole import's throughput over segmentation's (target at "
        "least 0.5). First run: the first import in the process, which loads the gazetteer.",
        "",
        "| database | input | size | sentences | mentions | total | KB/s | extract KB/s | "
        "segment KB/s | suggest KB/s | store KB/s | pipeline/segment | first run |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]


def _export_lines(runs):
    """Per export: time, size, peak memory and queries on each database."""
    names = []
    for run in runs:
        figures = (run.get("export") or {}).get("figures") or {}
        names += [name for name in figures if name not in names]
    if not names:
        return [f"- {_db_label(run)}: {_figures(run.get('export'))}" for run in runs]
    return [
        "Each export consumed as a download would; time, file size, peak memory "
        "(tracemalloc, a second pass) and SQL queries.",
        "",
        "| export | " + " | ".join(_db_label(run) for run in runs) + " |",
        "|---|" + "---|" * len(runs),
        *(
            f"| {name} | "
            + " | ".join(
                str(((run.get("export") or {}).get("figures") or {}).get(name, "")) for run in runs
            )
            + " |"
            for name in names
        ),
    ]


def _busy(runs):
    """The machine's load average and CPU speed during the runs: figures from a
    busy or slowed machine read high."""
    loads = [run["load_average"] for run in runs if run.get("load_average")]
    if not loads:
        return ""
    values = [round(load[key][0], 1) for load in loads for key in ("before", "after")]
    text = (
        f" Load average (1 min) during the runs: {min(values)} to {max(values)} on "
        f"{runs[0]['machine']['cores']} cores."
    )
    speeds = [run["cpu_reference_ms"] for run in runs if run.get("cpu_reference_ms")]
    if speeds:
        values = [speed[key] for speed in speeds for key in ("before", "after")]
        text += (
            f" Reference loop (a million additions in Python, median of 7) before and after "
            f"the runs: {min(values)} to {max(values)} ms."
        )
    return text


def _db_label(run):
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(
        run["database"]["engine"], run["database"]["engine"]
    )


def _short(path):
    return (path or "")[:60]


def _growth(by_name, name):
    parts = []
    for results in by_name:
        result = results.get(name) or {}
        if result.get("queries_largest") is not None:
            mark = "" if result["queries_constant"] else " (grows)"
            parts.append(f"{result['queries_large']}, {result['queries_largest']}{mark}")
    return "; ".join(parts)


def _verdict(runs, by_name, name):
    """The targets: median at most 50 ms on PostgreSQL (as served, and said apart
    when only the page cache meets it); query count constant."""
    notes = []
    for run, results in zip(runs, by_name, strict=True):
        result = results.get(name)
        if not result or result["status"] != "ok":
            continue
        if not result["queries_constant"]:
            notes.append(f"queries grow ({_db_label(run)})")
        engine = run["database"]["engine"]
        if engine == "postgresql" and result["median_ms"] > TARGET_MEDIAN_MS:
            notes.append(f"over {TARGET_MEDIAN_MS} ms")
        elif engine == "postgresql" and (result.get("uncached_median_ms") or 0) > TARGET_MEDIAN_MS:
            notes.append(f"only cached: uncached over {TARGET_MEDIAN_MS} ms")
    if notes and all(note.startswith("only cached") for note in notes):
        return "met (" + ", ".join(notes) + ")"
    if notes:
        return "missed: " + ", ".join(notes)
    measured = any((r.get(name) or {}).get("status") == "ok" for r in by_name)
    return "met" if measured else ""


def _figures(section):
    if not section:
        return "not measured"
    if section.get("status") != "ok":
        return section.get("status", "not measured")
    figures = section.get("figures", {})
    if isinstance(figures, dict):
        return "; ".join(f"{key.replace('_', ' ')} {value}" for key, value in figures.items())
    return str(figures)


def _meminfo_gib():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def now_iso():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def render_load(run):
    """Markdown for one `make load`."""
    machine, database, data = run["machine"], run["database"], run["data"]
    results = run["results"]
    floors = {r.get("page_cache", True): r for r in results if r["name"] == "floor"}
    lines = [
        "## Load test (`make load`)",
        "",
        f"Run {run['generated_at'][:16].replace('T', ' ')} UTC on {machine['cores']} cores, "
        f"{machine['memory_gib']} GiB memory, {machine['cpu']}. gunicorn "
        f"{run['workers']} sync workers on 127.0.0.1, DEBUG off, "
        f"{_db_label(run)} {database.get('version', '')} ({data['sources']:,} sources, "
        f"{data['sentences']:,} sentences, {data['claims']:,} claims). wrk "
        f"{run['threads']} threads, {run['connections']} connections, {run['duration']} s per "
        f"page after a {run['warmup']} s warm-up. Errors count every response outside 2xx as "
        "well as connection errors and timeouts. wrk runs on the same machine as the server "
        "and the database." + _busy([run]),
        "",
        "Page cache on is how the site is deployed (`claims.caching`): readers get a page "
        "rendered once per edit. Off (`PAGE_CACHE_SECONDS=0`, a second server) every request "
        "renders the page: what the first reader after an edit costs.",
        "",
        "| page | path | page cache | requests/s | p50 ms | p99 ms | requests | errors "
        "| of the floor |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        cache = result.get("page_cache", True)
        floor = floors.get(cache)
        ratio = ""
        if floor and floor["requests_per_second"] and result is not floor:
            ratio = f"{result['requests_per_second'] / floor['requests_per_second']:.0%}"
        lines.append(
            f"| {result['name']} | `{_short(result['path'])}` | {'on' if cache else 'off'} | "
            f"{result['requests_per_second']:.1f} | {result['p50_ms']} | {result['p99_ms']} | "
            f"{result['requests']:,} | {result['errors']} | {ratio} |"
        )
    memory = run["workers_memory"]
    if isinstance(memory, list):  # a run from before the uncached pass
        memory = {"on": memory}
    lines.append("")
    for cache, workers in memory.items():
        lines.append(
            f"Worker memory after the run with the page cache {cache} (from /proc): "
            + ", ".join(
                f"pid {w['pid']}: {w['rss_mb']} MB resident (peak {w['peak_mb']} MB)"
                for w in workers
            )
            + "."
        )
    all_workers = [w for workers in memory.values() for w in workers]
    lines += [
        "",
        "Targets: " + "; ".join(_load_verdicts(results, floors, all_workers)) + ".",
    ]
    return "\n".join(lines)


def _load_verdicts(results, floors, memory):
    verdicts = []
    errors = sum(r["errors"] for r in results)
    verdicts.append("no errors: met" if errors == 0 else f"no errors: missed ({errors} errors)")
    for cache in (True, False):
        reader = next(
            (r for r in results if r["name"] == "reader" and r.get("page_cache", True) == cache),
            None,
        )
        floor = floors.get(cache)
        if not (reader and floor and floor["requests_per_second"]):
            continue
        ratio = reader["requests_per_second"] / floor["requests_per_second"]
        verdict = "met" if ratio >= TARGET_READER_FLOOR_RATIO else "missed"
        verdicts.append(
            f"reader at least {TARGET_READER_FLOOR_RATIO:.0%} of the floor "
            f"(page cache {'on' if cache else 'off'}): {verdict} ({ratio:.0%})"
        )
    peak = max((w["rss_mb"] or 0 for w in memory), default=0)
    verdict = "met" if peak < TARGET_WORKER_RSS_MB else "missed"
    verdicts.append(f"worker RSS under {TARGET_WORKER_RSS_MB} MB: {verdict} ({peak} MB)")
    return verdicts
