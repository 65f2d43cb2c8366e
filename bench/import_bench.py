"""Import speed: wall time and throughput of each stage, on the seed article and on 1 MB.

`run()` returns a dict (for `make bench` and docs/benchmarks.md);
`manage.py bench_import` prints it. Stages are timed separately within each
run; each figure is the median over the runs. The store stage runs inside
a transaction that is rolled back, so benchmarking leaves the database as
it was (and its commit is not timed). Throughput is input bytes per second
for every stage, so stage figures compare directly.

Three kinds of figures, because the import keeps things for the life of the
process (claims.ingest.suggest):

- cold: the first import in a process (the seed, measured first). It loads
  the gazetteer and builds the town index of each country the article
  names; a server worker pays this on its first import only.
- warm: every later import, the medians. The targets are checked on these:
  they are what an admin sees from a running server.
- names changed (seed only): warm, but an actor or place name changed since
  the last import, so the name dictionary is built again.
"""

import dataclasses
import os
import platform
import random
import statistics
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from claims.ingest import suggest
from claims.ingest.extract import extract
from claims.ingest.pipeline import PreparedArticle, content_hash, prepare_article
from claims.ingest.propose import propose_claims
from claims.ingest.quantities import suggest_quantities
from claims.ingest.segment import HEADING, segment
from claims.ingest.suggest import entity_dictionary, suggest_mentions
from claims.services import article_import

STAGES = ("extract", "segment", "suggest", "store")
SEED_ARTICLE = Path(settings.BASE_DIR) / "tests" / "data" / "seed_article.txt"
SEED_TARGET_SECONDS = 0.3
PIPELINE_TO_SEGMENT_TARGET = 0.5


def generated_article(size=1_000_000, *, source=SEED_ARTICLE):
    """About `size` bytes of article-like text: the seed's paragraphs, shuffled, repeated."""
    body = extract(source.read_bytes(), filename=source.name).text
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    rng = random.Random(1)  # the same text on every run and every machine
    parts = ["1-Mar-17 – A generated article for the import benchmark", ""]
    length = 0
    while length < size:
        paragraph = rng.choice(paragraphs)
        parts.append(paragraph)
        parts.append("")
        length += len(paragraph.encode("utf-8")) + 2
    return "\n".join(parts).encode("utf-8")


def _run_once(data, filename):
    timings = {}
    started = time.perf_counter()
    extracted = extract(data, filename=filename)
    timings["extract"] = time.perf_counter() - started

    started = time.perf_counter()
    sentences = segment(extracted.text)
    timings["segment"] = time.perf_counter() - started

    started = time.perf_counter()
    mentions = suggest_mentions(extracted.text, sentences, entities=entity_dictionary())
    quantities = [
        (s.index, q)
        for s in sentences
        if s.kind != HEADING
        for q in suggest_quantities(s.text, s.start)
    ]
    # Suggested claims are part of suggesting, and stored with the rest.
    claims = propose_claims(extracted.text, sentences, mentions=mentions, quantities=quantities)
    timings["suggest"] = time.perf_counter() - started

    prepared = PreparedArticle(
        title=extracted.title or "Benchmark",
        text=extracted.text,
        raw=extracted.raw,
        format=extracted.format,
        # A hash of its own, so the store stage writes even if this text was imported.
        content_sha256=content_hash(extracted.text + uuid.uuid4().hex),
        sentences=sentences,
        mentions=mentions,
        quantities=quantities,
        claims=claims,
        authors=extracted.authors,
        translators=extracted.translators,
        published_on=extracted.published_on,
        date_precision=extracted.date_precision,
    )
    started = time.perf_counter()
    with transaction.atomic():
        _, created = article_import(prepared=prepared)
        transaction.set_rollback(True)
    assert created, "the store stage must write to be measured"
    timings["store"] = time.perf_counter() - started
    timings["total"] = sum(timings[stage] for stage in STAGES)
    return timings, {
        "sentences": len(sentences),
        "mentions": len(mentions),
        "suggested_claims": len(claims),
    }


def _figures(kb, timings):
    return {
        stage: {"seconds": round(seconds, 4), "kb_per_s": round(kb / seconds, 1)}
        for stage, seconds in ((stage, timings[stage]) for stage in (*STAGES, "total"))
    }


def _ratio(stages):
    """Throughput of the whole import over that of segmentation alone."""
    return round(stages["segment"]["seconds"] / stages["total"]["seconds"], 2)


def _measure(data, filename, repeat, *, names_changed=False):
    first, counts = _run_once(data, filename)  # the first in a process: cold
    runs = [_run_once(data, filename)[0] for _ in range(repeat)]
    kb = len(data) / 1024
    median = {stage: statistics.median(run[stage] for run in runs) for stage in (*STAGES, "total")}
    result = {
        "bytes": len(data),
        "runs": repeat,
        "first_run_seconds": round(first["total"], 3),
        **counts,
        "stages": _figures(kb, median),
        "first_run": _figures(kb, first),
    }
    result["pipeline_to_segment"] = _ratio(result["stages"])
    result["first_run_pipeline_to_segment"] = _ratio(result["first_run"])
    if names_changed:
        changed = []
        for _ in range(repeat):
            suggest.entity_dictionary_forget()
            changed.append(_run_once(data, filename)[0])
        median = {
            stage: statistics.median(run[stage] for run in changed) for stage in (*STAGES, "total")
        }
        result["names_changed"] = _figures(kb, median)
        result["names_changed_pipeline_to_segment"] = _ratio(result["names_changed"])
    return result


def _machine():
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        memory = None
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 1024**3, 1) if memory else None,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def _database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            return {"vendor": connection.vendor}
        version = cursor.fetchone()[0]
    return {"vendor": connection.vendor, "version": version}


def run(*, repeat=5, large_repeat=3, size=1_000_000):
    """Benchmark the import on the seed article and on `size` bytes; a dict of results."""
    seed = _measure(SEED_ARTICLE.read_bytes(), SEED_ARTICLE.name, repeat, names_changed=True)
    large = _measure(generated_article(size), "generated.txt", large_repeat)
    ratios = {
        name: result["pipeline_to_segment"]
        for name, result in (("seed", seed), ("generated", large))
    }
    cold_seconds = seed["first_run"]["total"]["seconds"]
    return {
        "machine": _machine(),
        "database": _database(),
        "inputs": {"seed": seed, "generated": large},
        "targets": {
            "measured_on": "warm",
            "seed_total_seconds": seed["stages"]["total"]["seconds"],
            "seed_total_under_seconds": SEED_TARGET_SECONDS,
            "seed_total_met": seed["stages"]["total"]["seconds"] < SEED_TARGET_SECONDS,
            "pipeline_to_segment_throughput": ratios,
            "pipeline_to_segment_at_least": PIPELINE_TO_SEGMENT_TARGET,
            "pipeline_to_segment_met": all(
                r >= PIPELINE_TO_SEGMENT_TARGET for r in ratios.values()
            ),
            "cold_seed_total_seconds": cold_seconds,
            "cold_seed_total_met": cold_seconds < SEED_TARGET_SECONDS,
        },
    }


# --- Limits: what an admin waits for at the largest input the limit accepts ---

RUN_ON_PARAGRAPH = "the army moved troops and " * 8000 + "stopped."  # 208 KB, one sentence end
REQUEST_TIMEOUT_SECONDS = 30  # gunicorn's default worker timeout (README: Production)


def largest_accepted_article(limit=None):
    """Ordinary article text of just under `limit` bytes (default the import limit),
    cut at a paragraph end."""
    limit = limit or settings.CLAIMSDB_IMPORT_MAX_BYTES
    data = generated_article(limit)[:limit]
    return data[: data.rindex(b"\n\n")]


def _admin_steps(data, filename):
    """Seconds of the two requests of Load article: preview, then save."""
    started = time.perf_counter()
    prepare_article(data, filename=filename)
    preview = time.perf_counter() - started
    started = time.perf_counter()
    prepared = prepare_article(data, filename=filename)
    prepared = dataclasses.replace(
        prepared, content_sha256=content_hash(prepared.text + uuid.uuid4().hex)
    )
    with transaction.atomic():
        article_import(prepared=prepared)
        transaction.set_rollback(True)
    save = time.perf_counter() - started
    return {
        "bytes": len(data),
        "sentences": len(prepared.sentences),
        "preview_seconds": round(preview, 2),
        "save_seconds": round(save, 2),
        "stages_seconds": {k: round(v, 2) for k, v in prepared.timings.items()},
    }


def limits():
    """The largest accepted file and a paragraph without sentence ends, through
    both requests of Load article, against the request timeout."""
    prepare_article(SEED_ARTICLE.read_bytes(), filename=SEED_ARTICLE.name)  # warm: gazetteer
    largest = _admin_steps(largest_accepted_article(), "largest.txt")
    run_on = _admin_steps(f"A title\n\n{RUN_ON_PARAGRAPH}".encode(), "run-on.txt")
    slowest = max(largest["preview_seconds"], largest["save_seconds"])
    return {
        "machine": _machine(),
        "database": _database(),
        "limit_bytes": settings.CLAIMSDB_IMPORT_MAX_BYTES,
        "request_timeout_seconds": REQUEST_TIMEOUT_SECONDS,
        "largest_accepted": largest,
        "run_on_paragraph": run_on,
        "slowest_request_share_of_timeout": round(slowest / REQUEST_TIMEOUT_SECONDS, 2),
    }
