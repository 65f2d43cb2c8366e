"""The same pages at two corpus sizes: uncached medians side by side (`make bench-10x`).

`bench_pages --json` runs, one or more per corpus size, are grouped by the
corpus they ran on (the generator's marker, e.g. `sources=1000` and
`sources=10000`), smallest first. With several runs of one size (the
Makefile alternates the sizes, so each pair ran in the same minutes) a
page's figure is the median of the runs' uncached medians, with their range.
"""

import statistics

from .report import TARGET_MEDIAN_MS, _busy, _db_label


def corpus_sources(run):
    """The number of articles of the corpus a run measured (from its marker or its data)."""
    for part in (run.get("corpus") or "").split():
        if part.startswith("sources="):
            return int(part.removeprefix("sources="))
    return run["data"]["sources"]


def group_by_size(runs):
    """{sources: [runs]}, smallest corpus first."""
    groups = {}
    for run in runs:
        groups.setdefault(corpus_sources(run), []).append(run)
    return dict(sorted(groups.items()))


def uncached(runs, name):
    """(median, low, high) of a page's uncached medians over runs, or None."""
    values = [
        page["uncached_median_ms"]
        for run in runs
        for page in run["pages"]
        if page["name"] == name and page["status"] == "ok"
    ]
    if not values:
        return None
    return round(statistics.median(values), 1), min(values), max(values)


def queries(runs, name):
    for run in runs:
        for page in run["pages"]:
            if page["name"] == name and page["status"] == "ok":
                return page["queries"]
    return None


def render_scales(runs):
    """Markdown: every page's uncached median at each corpus size, and the target at the largest."""
    groups = group_by_size(runs)
    if len(groups) < 2:
        raise ValueError("Runs on two corpus sizes are needed (e.g. 1,000 and 10,000 sources).")
    sizes = list(groups)
    first = runs[0]
    counts = {
        size: f"{group[0]['data']['sentences']:,} sentences, {group[0]['data']['claims']:,} claims"
        for size, group in groups.items()
    }
    engines = sorted({_db_label(run) for run in runs})
    lines = [
        "## Uncached medians at ten times the corpus (`make bench-10x`)",
        "",
        f"Measured {min(run['generated_at'] for run in runs)[:16].replace('T', ' ')} to "
        f"{max(run['generated_at'] for run in runs)[11:16]} UTC on {first['machine']['cores']} "
        f"cores, {first['machine']['cpu']}, {', '.join(engines)} "
        f"{first['database'].get('version', '')}; DEBUG off, in process (Django's test "
        "client), the page cache emptied before each timed request: what the first reader "
        "after an edit waits. "
        + "; ".join(
            f"{size:,} sources ({counts[size]}): {len(group)} run{'s' * (len(group) > 1)}"
            for size, group in groups.items()
        )
        + ", the sizes alternated; each figure is the median of the runs' uncached medians "
        "(range in brackets), in ms." + _busy(runs),
        "",
        "| page | "
        + " | ".join(f"{size:,} sources" for size in sizes)
        + f" | {sizes[-1] // sizes[0]}x / 1x | queries | at most {TARGET_MEDIAN_MS} ms at "
        f"{sizes[-1]:,} |",
        "|---|" + "---:|" * len(sizes) + "---:|---|---|",
    ]
    for page in first["pages"]:
        name = page["name"]
        figures = [uncached(groups[size], name) for size in sizes]
        if all(figure is None for figure in figures):
            continue
        cells = [_cell(figure) for figure in figures]
        growth = ""
        if figures[0] and figures[-1] and figures[0][0]:
            growth = f"{figures[-1][0] / figures[0][0]:.1f}"
        counted = [queries(groups[size], name) for size in sizes]
        verdict = ""
        if figures[-1] is not None and page["group"] != "floor":
            verdict = "met" if figures[-1][0] <= TARGET_MEDIAN_MS else "missed"
        lines.append(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {growth} | {', '.join(str(c) for c in counted)} | {verdict} |"
        )
    return "\n".join(lines)


def _cell(figure):
    if figure is None:
        return ""
    median, low, high = figure
    return f"{median}" if low == high else f"{median} ({low}-{high})"
