"""Print the import benchmark (bench.import_bench): a report, not a test."""

import json

from django.core.management.base import BaseCommand

from bench import import_bench


class Command(BaseCommand):
    help = (
        "Time each import stage (extract, segment, suggest, store) on the seed article and on "
        "a generated 1 MB text; medians of several runs. Writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="Runs on the seed article.")
        parser.add_argument(
            "--large-repeat", type=int, default=3, help="Runs on the generated text."
        )
        parser.add_argument("--size", type=int, default=1_000_000, help="Generated text bytes.")
        parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
        parser.add_argument(
            "--limits",
            action="store_true",
            help="Instead: time both requests of Load article (preview, save) on the largest "
            "file the limit accepts and on a 200 KB paragraph without sentence ends.",
        )

    def handle(self, *args, repeat, large_repeat, size, json, limits, **options):
        if limits:
            results = import_bench.limits()
            self.stdout.write(_json(results) if json else _limits_report(results))
            return
        results = import_bench.run(repeat=repeat, large_repeat=large_repeat, size=size)
        if json:
            self.stdout.write(_json(results))
            return
        machine, database = results["machine"], results["database"]
        self.stdout.write(
            f"Machine: {machine['cores']} cores, {machine['memory_gb']} GB, {machine['cpu']}, "
            f"Python {machine['python']}, {machine['system']}"
        )
        self.stdout.write(f"Database: {database['vendor']} {database.get('version', '')}")
        for name, result in results["inputs"].items():
            self.stdout.write(
                f"\n{name}: {result['bytes'] / 1024:.1f} KB, {result['sentences']} sentences, "
                f"{result['mentions']} suggested mentions; warm: median of {result['runs']} runs"
            )
            columns = [("warm", result["stages"]), ("first run", result["first_run"])]
            if "names_changed" in result:
                columns.append(("names changed", result["names_changed"]))
            self.stdout.write(
                f"  {'stage':<8}"
                + "".join(f" {title + ' s':>18} {'KB/s':>9}" for title, _ in columns)
            )
            for stage in result["stages"]:
                self.stdout.write(
                    f"  {stage:<8}"
                    + "".join(
                        f" {figures[stage]['seconds']:>18.4f} {figures[stage]['kb_per_s']:>9.1f}"
                        for _, figures in columns
                    )
                )
            ratios = [f"warm {result['pipeline_to_segment']}"]
            ratios.append(f"first run {result['first_run_pipeline_to_segment']}")
            if "names_changed" in result:
                ratios.append(f"names changed {result['names_changed_pipeline_to_segment']}")
            self.stdout.write(f"  pipeline / segmentation throughput: {', '.join(ratios)}")
        targets = results["targets"]
        self.stdout.write(
            "\nTargets, on the warm figures (a running server; its first import also loads "
            "the gazetteer: the first run):"
        )
        self.stdout.write(
            f"Seed article end to end: {targets['seed_total_seconds']} s "
            f"(target under {targets['seed_total_under_seconds']} s: "
            f"{'met' if targets['seed_total_met'] else 'NOT met'}; first run "
            f"{targets['cold_seed_total_seconds']} s: "
            f"{'met' if targets['cold_seed_total_met'] else 'NOT met'})"
        )
        ratios = ", ".join(f"{k} {v}" for k, v in targets["pipeline_to_segment_throughput"].items())
        self.stdout.write(
            f"Pipeline throughput / segmentation throughput: {ratios} "
            f"(target at least {targets['pipeline_to_segment_at_least']}: "
            f"{'met' if targets['pipeline_to_segment_met'] else 'NOT met'})"
        )


def _limits_report(results):
    machine, timeout = results["machine"], results["request_timeout_seconds"]
    lines = [
        f"Machine: {machine['cores']} cores, {machine['memory_gb']} GB, {machine['cpu']}, "
        f"Python {machine['python']}; database {results['database']['vendor']}",
        f"Import limit {results['limit_bytes']:,} bytes; request timeout {timeout} s.",
    ]
    for title, key in (
        ("Largest accepted file", "largest_accepted"),
        ("Paragraph without sentence ends", "run_on_paragraph"),
    ):
        figures = results[key]
        stages = ", ".join(f"{k} {v} s" for k, v in figures["stages_seconds"].items())
        lines.append(
            f"{title}: {figures['bytes']:,} bytes, {figures['sentences']:,} sentences; "
            f"preview {figures['preview_seconds']} s, save {figures['save_seconds']} s "
            f"({stages})"
        )
    lines.append(
        f"Slowest request: {results['slowest_request_share_of_timeout']:.0%} of the timeout."
    )
    return "\n".join(lines)


def _json(results):
    return json.dumps(results, indent=2)
