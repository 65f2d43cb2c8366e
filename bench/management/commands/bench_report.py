"""Write docs/benchmarks.md's results section from the runs bench_pages saved."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench.report import render_runs, write_section


class Command(BaseCommand):
    help = "Combine bench_pages --json runs (one per database) into a Markdown report."

    def add_arguments(self, parser):
        parser.add_argument("runs", nargs="+", help="JSON files written by bench_pages --json.")
        parser.add_argument(
            "--output", default="docs/benchmarks.md", help="Markdown file to update."
        )

    def handle(self, *args, runs, output, **options):
        loaded = []
        for name in runs:
            try:
                loaded.append(json.loads(Path(name).read_text()))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the run {name}: {exc}") from exc
            if "pages" not in loaded[-1]:
                raise CommandError(f"{name} is not a bench_pages run (no pages).")
        markdown = render_runs(loaded)
        write_section(output, "results", markdown)
        self.stdout.write(markdown)
        self.stdout.write(f"\nWrote {output}")
