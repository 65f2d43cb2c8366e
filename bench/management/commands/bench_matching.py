"""Print the matching benchmark (bench.matching_bench): a report, not a test."""

import json
import os

from django.core.management.base import BaseCommand, CommandError

from bench import matching_bench


class Command(BaseCommand):
    help = (
        "Precision at 5 and recall of the planted pairs, and the time to find one claim's "
        "candidates, on a corpus made by generate_corpus --matching-pairs (read-only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="large", help="The corpus's scale. Default large.")
        parser.add_argument("--seed", type=int, default=1, help="The corpus's seed. Default 1.")
        parser.add_argument("--limit", type=int, help="Only the first N planted pairs.")
        parser.add_argument("--json", action="store_true", help="Print the results as JSON.")

    def handle(self, *args, scale, seed, limit, json, **options):
        try:
            results = matching_bench.run(scale=scale, seed=seed, limit=limit)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        results["load_average"] = [round(x, 2) for x in os.getloadavg()]
        if json:
            self.stdout.write(_dumps(results))
            return
        database = results["database"]
        self.stdout.write(
            f"Database: {database['vendor']} {database.get('version', '')}; "
            f"{results['claims']:,} claims, {results['pairs']} planted pairs "
            f"({results['opposite_pairs']} opposite); load average {results['load_average']}\n"
            f"  precision at 5   {results['precision_at_5']:.2f}\n"
            f"  recall at 5      {results['recall_at_5']:.2f}\n"
            f"  recall           {results['recall']:.2f}\n"
            f"  stance right     {results['stance_accuracy']:.2f}\n"
            f"  one claim        median {results['median_ms']:.1f} ms, "
            f"90th percentile {results['p90_ms']:.1f} ms"
        )


def _dumps(results):
    return json.dumps(results, indent=2)
