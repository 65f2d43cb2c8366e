"""Load-test the pages with gunicorn and wrk; see bench.load."""

import os

from django.core.management.base import BaseCommand, CommandError

from bench.corpus import vacuum_analyze
from bench.load import LoadError, load_run
from bench.pages import load_targets
from bench.report import (
    cpu_reference_ms,
    data_size,
    database_info,
    machine_info,
    now_iso,
    render_load,
    write_json,
    write_section,
)

THREADS, CONNECTIONS, WORKERS = 2, 8, 2


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn (2 workers, DEBUG off) on 127.0.0.1 and drive the reader, "
        "the claim browser with a filter, a claim page, search and the floor view with wrk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page.")
        parser.add_argument("--warmup", type=int, default=2, help="Untimed seconds first.")
        parser.add_argument("--json", help="Write the figures to this file.")
        parser.add_argument("--markdown", help="Write the load section of this Markdown file.")
        parser.add_argument("--server-log", help="Write gunicorn's log to this file.")
        parser.add_argument(
            "--no-uncached",
            action="store_true",
            help="Skip the second pass with the page cache off (PAGE_CACHE_SECONDS=0).",
        )

    def handle(
        self, *args, duration, warmup, json: str, markdown, server_log, no_uncached, **options
    ):
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            raise CommandError(
                "Set DATABASE_URL to the database to serve (make load uses claimsdb_bench)."
            )
        if not 1 <= duration <= 600 or not 0 <= warmup <= 60:
            raise CommandError("--duration must be 1-600 seconds and --warmup 0-60.")
        targets = load_targets()
        if targets["reader"] is None:
            raise CommandError("The database has no published source: run generate_corpus first.")
        vacuum_analyze()  # as autovacuum keeps a live server (see bench.run)
        load_before, speed_before = os.getloadavg(), cpu_reference_ms()
        results, memory = [], {}
        # As deployed (page cache on), then with every page rendered.
        for page_cache in (True,) if no_uncached else (True, False):
            try:
                pass_results, pass_memory = load_run(
                    database_url=database_url,
                    targets=targets,
                    duration=duration,
                    warmup=warmup,
                    workers=WORKERS,
                    threads=THREADS,
                    connections=CONNECTIONS,
                    log=self.stdout.write,
                    server_log=server_log,
                    page_cache=page_cache,
                )
            except LoadError as exc:
                raise CommandError(str(exc)) from exc
            results += pass_results
            memory["on" if page_cache else "off"] = pass_memory
        run = {
            "generated_at": now_iso(),
            "machine": machine_info(),
            "database": database_info(),
            "data": data_size(),
            "workers": WORKERS,
            "threads": THREADS,
            "connections": CONNECTIONS,
            "duration": duration,
            "warmup": warmup,
            "results": [r.as_dict() for r in results],
            "workers_memory": memory,
            "load_average": {"before": load_before, "after": os.getloadavg()},
            "cpu_reference_ms": {"before": speed_before, "after": cpu_reference_ms()},
        }
        markdown_text = render_load(run)
        self.stdout.write(markdown_text)
        if json:
            write_json(json, run)
        if markdown:
            write_section(markdown, "load", markdown_text)
            self.stdout.write(f"Wrote {markdown}")
