"""Time every page type and API endpoint on this database; see bench.pages."""

from django.core.management.base import BaseCommand, CommandError

from bench.report import render_runs, write_json, write_section
from bench.run import bench_run


class Command(BaseCommand):
    help = (
        "Median and 95th-percentile server time and SQL query count of every page and API "
        "endpoint, plus import and export figures, on the configured database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeats", type=int, default=20, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests first.")
        parser.add_argument("--only", help="Only pages whose name contains this text.")
        parser.add_argument("--json", help="Write the run (figures and context) to this file.")
        parser.add_argument(
            "--markdown", help="Write the results section of this Markdown file (one database)."
        )
        parser.add_argument("--no-import", action="store_true", help="Skip the import figures.")
        parser.add_argument("--no-export", action="store_true", help="Skip the export figures.")

    def handle(self, *args, repeats, warmup, only, json: str, markdown, **options):
        if repeats < 1 or warmup < 0:
            raise CommandError("--repeats must be at least 1 and --warmup at least 0.")
        self.stdout.write(
            f"{'page':<42} {'median':>8} {'p95':>8} {'uncached':>9} {'cold':>8} {'queries':>8}"
            "  two large"
        )
        run = bench_run(
            repeats=repeats,
            warmup=warmup,
            only=only,
            with_import=not options["no_import"],
            with_export=not options["no_export"],
            log=self._print,
        )
        for key in ("import", "export"):
            if run[key] is not None:
                self.stdout.write(f"{key}: {run[key]}")
        if json:
            write_json(json, run)
            self.stdout.write(f"Wrote {json}")
        if markdown:
            write_section(markdown, "results", render_runs([run]))
            self.stdout.write(f"Wrote {markdown}")

    def _print(self, result):
        if result.status != "ok":
            self.stdout.write(f"{result.name:<42} {result.status}")
            return
        growth = ""
        if result.queries_largest is not None:
            growth = f"  {result.queries_large}, {result.queries_largest}"
            if not result.queries_constant:
                growth += " GROWS"
        self.stdout.write(
            f"{result.name:<42} {result.median_ms:>6.1f}ms {result.p95_ms:>6.1f}ms "
            f"{result.uncached_median_ms:>7.1f}ms {result.cold_median_ms:>6.1f}ms "
            f"{result.queries:>8}{growth}"
        )
