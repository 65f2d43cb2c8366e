"""Write docs/benchmarks.md's results section from the runs bench_pages saved."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench.report import render_runs, write_section
from bench.scales import render_scales


class Command(BaseCommand):
    help = "Combine bench_pages --json runs (one per database) into a Markdown report."

    def add_arguments(self, parser):
        parser.add_argument("runs", nargs="+", help="JSON files written by bench_pages --json.")
        parser.add_argument(
            "--output", default="docs/benchmarks.md", help="Markdown file to update."
        )
        parser.add_argument(
            "--scales",
            action="store_true",
            help="The runs are of one database at two corpus sizes (make bench-10x): write the "
            "uncached medians side by side in the scales section.",
        )

    def handle(self, *args, runs, output, scales, **options):
        loaded = []
        for name in runs:
            try:
                loaded.append(json.loads(Path(name).read_text()))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the run {name}: {exc}") from exc
            if "pages" not in loaded[-1]:
                raise CommandError(f"{name} is not a bench_pages run (no pages).")
        if scales:
            try:
                markdown = render_scales(loaded)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            write_section(output, "scales", markdown)
        else:
            markdown = render_runs(loaded)
            write_section(output, "results", markdown)
        self.stdout.write(markdown)
        self.stdout.write(f"\nWrote {output}")
