"""Print the re-anchoring benchmark (bench.reanchor_bench): a report, not a test."""

import json

from django.core.management.base import BaseCommand

from bench import reanchor_bench


class Command(BaseCommand):
    help = (
        "Time loading a corrected version of the seed article (100 anchors) and of a "
        "generated 1 MB article (1,000 anchors): medians of several runs. Every run is "
        "rolled back: nothing is left in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="Runs on the seed article.")
        parser.add_argument("--large-repeat", type=int, default=3, help="Runs on 1 MB.")
        parser.add_argument("--size", type=int, default=1_000_000, help="Generated characters.")
        parser.add_argument("--anchors", type=int, default=1000, help="Anchors in the 1 MB one.")
        parser.add_argument("--json", action="store_true", help="Print the results as JSON.")

    def handle(self, *args, repeat, large_repeat, size, anchors, json, **options):
        results = reanchor_bench.run(
            repeat=repeat, large_repeat=large_repeat, size=size, anchors=anchors
        )
        if json:
            self.stdout.write(_dumps(results))
            return
        machine, database = results["machine"], results["database"]
        self.stdout.write(
            f"Machine: {machine['cores']} cores, {machine['memory_gb']} GB, {machine['cpu']}, "
            f"Python {machine['python']}, {machine['system']}"
        )
        self.stdout.write(f"Database: {database['vendor']} {database.get('version', '')}")
        for name, result in results["inputs"].items():
            states = ", ".join(f"{n} {state}" for state, n in result["states"].items())
            self.stdout.write(
                f"\n{name}: {result['characters']:,} characters, {result['sentences']:,} "
                f"sentences, {result['anchors']:,} anchors; median of {result['runs']} runs\n"
                f"  placing the quotes  {result['place_seconds']:.3f} s\n"
                f"  whole new revision  {result['total_seconds']:.3f} s\n"
                f"  anchors: {states}; mentions {result['mentions_kept']} kept, "
                f"{result['mentions_dropped']} dropped"
            )


def _dumps(results):
    return json.dumps(results, indent=2)
