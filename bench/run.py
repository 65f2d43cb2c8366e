"""One benchmark run on the current database: pages, import and export, with context."""

import dataclasses
import importlib
import os
import time

from django.conf import settings
from django.db import transaction

from .corpus import MARKER_PREFIX, vacuum_analyze
from .pages import NOT_AVAILABLE, bench_pages
from .report import cpu_reference_ms, data_size, database_info, machine_info, now_iso

# Written by the import and open-data work; each exposes one function that
# measures and returns its figures (see optional_bench).
IMPORT_BENCH = "bench.import_bench"
EXPORT_BENCH = "bench.exports_bench"
_ENTRY_POINTS = ("run", "bench", "bench_import", "bench_exports", "measure")


def bench_run(*, repeats=20, warmup=3, only=None, with_import=True, with_export=True, log=None):
    """A JSON-ready dict: machine, database, data size, page results, import and export."""
    from claims.models import Source

    marker = (
        Source.objects.filter(raw_filename__startswith=MARKER_PREFIX)
        .values_list("raw_filename", flat=True)
        .first()
    )
    run = {
        "generated_at": now_iso(),
        "machine": machine_info(),
        "database": database_info(),
        "data": data_size(),
        "corpus": marker or "",
        "settings": {"debug": settings.DEBUG, "repeats": repeats, "warmup": warmup},
    }
    # Earlier runs' rolled-back imports leave dead rows that autovacuum would
    # have cleared on a live server (it is off on these machines).
    vacuum_analyze()
    load_before, speed_before = os.getloadavg(), cpu_reference_ms()
    results = bench_pages(repeats=repeats, warmup=warmup, only=only, log=log)
    run["pages"] = [result.as_dict() for result in results]
    # Other work on the machine, or a slowed virtual CPU, slows every figure:
    # say how busy and how fast it was.
    run["load_average"] = {"before": load_before, "after": os.getloadavg()}
    run["cpu_reference_ms"] = {"before": speed_before, "after": cpu_reference_ms()}
    run["import"] = optional_bench(IMPORT_BENCH, rollback=True) if with_import else None
    run["export"] = optional_bench(EXPORT_BENCH, rollback=True) if with_export else None
    return run


def optional_bench(module_name, *, rollback):
    """Call another module's benchmark function if it exists yet.

    With `rollback`, whatever it writes (an import adds sources) is rolled
    back, so the benchmark corpus stays as generated.
    """
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return {"status": NOT_AVAILABLE}
        raise
    function = next(
        (getattr(module, name) for name in _ENTRY_POINTS if callable(getattr(module, name, None))),
        None,
    )
    if function is None:
        return {"status": f"{module_name} has no entry point ({', '.join(_ENTRY_POINTS)})"}
    started = time.perf_counter()
    with transaction.atomic():
        figures = function()
        if rollback:
            transaction.set_rollback(True)
    if dataclasses.is_dataclass(figures):
        figures = dataclasses.asdict(figures)
    return {
        "status": "ok",
        "figures": figures,
        "seconds": round(time.perf_counter() - started, 2),
    }
