"""Fill an empty database with the deterministic benchmark corpus (bench.corpus)."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.corpus import (
    CorpusError,
    corpus_generate,
    corpus_present,
    parse_scale,
)
from bench.corpus_digest import corpus_digest


class Command(BaseCommand):
    help = (
        "Generate a deterministic corpus of articles, entities and claims for benchmarks. "
        "Same --seed and --scale, same data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            default="large",
            help="large (1,000 articles), small (20) or a number of articles. Default large.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed. Default 1.")
        parser.add_argument(
            "--if-absent",
            action="store_true",
            help="Do nothing if this very corpus (seed and scale) is already there.",
        )
        parser.add_argument(
            "--matching-pairs",
            action="store_true",
            help="Also plant claims reported again in other words or contradicted by other "
            "articles, for bench_matching (the rest of the corpus is unchanged).",
        )
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Print a SHA-256 of the stored data (equal on every database for one seed).",
        )

    def handle(self, *args, scale, seed, if_absent, digest, matching_pairs, **options):
        try:
            scale = parse_scale(scale)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if if_absent and corpus_present(scale=scale, seed=seed, matching_pairs=matching_pairs):
            self.stdout.write(f"The corpus (seed {seed}, {scale.sources} articles) is present.")
        else:
            started = time.perf_counter()
            try:
                counts = corpus_generate(
                    scale=scale,
                    seed=seed,
                    matching_pairs=matching_pairs,
                    log=lambda m: self.stdout.write(m) if options["verbosity"] > 1 else None,
                )
            except CorpusError as exc:
                raise CommandError(str(exc)) from exc
            elapsed = time.perf_counter() - started
            summary = ", ".join(f"{n:,} {label.replace('_', ' ')}" for label, n in counts.items())
            self.stdout.write(f"Wrote {summary} in {elapsed:.1f} s.")
        if digest:
            self.stdout.write(f"digest {corpus_digest()}")
