"""Print how well suggested claims match the curated claims (bench.suggestions_eval)."""

import json

from django.core.management.base import BaseCommand

from bench import suggestions_eval


class Command(BaseCommand):
    help = (
        "Import the seed article (rolled back) and compare its suggested claims with the "
        "curated claims of fixtures/curation/seed.yaml: recall, kind agreement, precision, "
        "time per KB; then count the suggestions in each article of tests/data. "
        "Writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the results as JSON.")

    def handle(self, *args, json=False, **options):
        results = suggestions_eval.run()
        if json:
            self.stdout.write(_dumps(results))
            return
        seed = results["seed"]
        targets = seed["targets"]
        self.stdout.write(
            f"Seed article: {seed['curated']} curated claims, {seed['suggested']} suggested.\n"
            f"  recall          {seed['recall']:.0%}  (target at least {targets['recall']:.0%})\n"
            f"  kind agreement  {seed['kind_agreement']:.0%}  "
            f"(target at least {targets['kind_agreement']:.0%})\n"
            f"  precision       {seed['precision']:.0%}  ({seed['unmatched']} suggestions "
            f"overlap no curated claim; target at most "
            f"{targets['unmatched_share_at_most']:.0%} of them)\n"
            f"  targets {'met' if seed['met'] else 'NOT met'}"
        )
        self.stdout.write("  by curated kind (curated / overlapped / same kind):")
        for kind, row in sorted(seed["by_kind"].items()):
            self.stdout.write(
                f"    {kind:<13} {row['curated']:>3} / {row['matched']:>3} / {row['agreed']:>3}"
            )
        timing = seed["timing"]
        self.stdout.write(
            f"  time ({timing['kb']} KB, warm medians): proposing "
            f"{timing['propose']['ms_per_kb']} ms/KB ({timing['propose']['kb_per_s']} KB/s); "
            f"with mentions and quantities {timing['suggest_and_propose']['ms_per_kb']} ms/KB "
            f"({timing['suggest_and_propose']['kb_per_s']} KB/s)"
        )
        self.stdout.write(f"  mentions by origin: {seed['mentions_by_origin']}")
        self.stdout.write("\nTest articles (tests/data):")
        for name, row in results["test_articles"].items():
            if "refused" in row:
                self.stdout.write(f"  {name}: refused ({row['refused']})")
                continue
            self.stdout.write(
                f"  {name}: {row['body_sentences']} body sentences, "
                f"{row['suggested_claims']} suggested claims {row['by_kind']}, "
                f"{row['quantities']} quantities, mentions {row['mentions_by_origin']}"
            )


def _dumps(results):
    return json.dumps(results, indent=2, default=str)
