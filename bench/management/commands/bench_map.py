"""Time the map, the timeline and a place page drawing in Chromium; see bench.map_bench."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.map_bench import as_json, measure
from bench.report import write_json
from claims.models import Event, Place


class Command(BaseCommand):
    help = (
        "Milliseconds from navigation to the map's markers, the timeline's bars and a place "
        "page's locator map drawn in Chromium, and the bytes each page loads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="Visits per page, each uncached.")
        parser.add_argument("--json", help="Write the figures to this file.")
        parser.add_argument(
            "--cluster-threshold",
            type=int,
            help="Cluster the map's data on the server past this many places "
            "(settings.MAP_CLUSTER_THRESHOLD) for this run.",
        )

    def handle(self, *args, runs, json: str, cluster_threshold, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        if cluster_threshold is not None:
            if cluster_threshold < 0:
                raise CommandError("--cluster-threshold must be 0 or more.")
            settings.MAP_CLUSTER_THRESHOLD = cluster_threshold
        self.stdout.write(
            f"{Place.objects.count()} places, {Event.objects.count()} events; {runs} runs each"
        )
        results = measure(runs=runs, log=lambda line: None)
        self.stdout.write(
            f"{'page':<12} {'mark':<15} {'first':>7} {'median':>7} {'max':>7}"
            f" {'html':>9} {'data':>9} {'other':>9}  drawn"
        )
        for result in results:
            for mark, figures in result.summary().items():
                self.stdout.write(
                    f"{result.name:<12} {mark:<15} {figures['first_ms']:>5}ms"
                    f" {figures['median_ms']:>5}ms {figures['max_ms']:>5}ms"
                    f" {_kb(result.html_bytes):>9} {_kb(result.data_bytes):>9}"
                    f" {_kb(result.other_bytes):>9}  {result.drawn}"
                )
        for result in results:
            if result.name == "map":
                self.stdout.write(
                    f"map data ({result.clustered or 'browser'} clustering, threshold "
                    f"{settings.MAP_CLUSTER_THRESHOLD}): requests of "
                    + ", ".join(_kb(size) for size in result.data_sizes)
                    + (
                        "; after one zoom step " + ", ".join(_kb(s) for s in result.zoom_sizes)
                        if result.zoom_sizes
                        else ""
                    )
                )
        if json:
            write_json(json, as_json(results))
            self.stdout.write(f"Wrote {json}")


def _kb(size):
    return f"{size / 1024:.1f} KB"
