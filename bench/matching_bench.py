"""Matching quality and speed on a corpus with planted pairs (docs/matching.md).

Run on a database filled by `generate_corpus --matching-pairs` (any scale,
the seed it was generated with). The corpus is planned again in memory to
know the planted pairs (bench.corpus_matching), and each planted claim is
found by its anchor. For every planted claim, claims.matching.claim_candidates
is asked for its candidates, read-only, timed:

- precision at 5: of the first five candidates, the share that are right:
  the planted partner, or a claim of identical wording (the generator's
  templates make some claims twice in different articles, which are the same
  claim too);
- recall at 5 and recall: the share of planted pairs whose partner is among
  the first five candidates, and among all of them;
- stance: the share of found partners flagged "opposite" exactly when planted so;
- the median (and 90th percentile) time to find one claim's candidates.
"""

import statistics
import time

from django.db import connection

from claims import matching
from claims.models import Anchor, Claim

from .corpus import corpus_plan, parse_scale
from .corpus_matching import planted_pairs
from .import_bench import _database, _machine


def run(*, scale, seed=1, limit=None):
    scale = parse_scale(scale)
    plan = corpus_plan(scale=scale, seed=seed, matching_pairs=True)
    pairs = planted_pairs(plan)
    if limit:
        pairs = pairs[:limit]
    keys = {key for pair in pairs for key in pair[:2]}
    ids = {}
    for slug, start, end, claim_id in Anchor.objects.filter(
        source__slug__in={slug for slug, _, _ in keys}
    ).values_list("source__slug", "start", "end", "claim_id"):
        ids.setdefault((slug, start, end), claim_id)
    missing = [key for key in keys if key not in ids]
    if missing:
        raise ValueError(
            f"{len(missing)} planted claims are not in this database: generate the corpus with "
            f"--matching-pairs --scale {scale.sources} --seed {seed}."
        )
    statements = dict(Claim.objects.values_list("pk", "statement"))
    timings, hits5, hits, right5, shown5, stance_right = [], 0, 0, 0, 0, 0
    for original_key, planted_key, stance in pairs:
        original, planted = ids[original_key], ids[planted_key]
        started = time.perf_counter()
        found = matching.claim_candidates(planted)
        timings.append(time.perf_counter() - started)
        top = found[:5]
        shown5 += len(top)
        right5 += sum(
            1
            for c in top
            if c.claim_id == original or statements[c.claim_id] == statements[original]
        )
        partner = next((c for c in found if c.claim_id == original), None)
        hits += partner is not None
        hits5 += any(c.claim_id == original for c in top)
        if partner is not None:
            stance_right += partner.stance == stance
    timings.sort()
    return {
        "machine": _machine(),
        "database": _database(),
        "scale": scale.sources,
        "claims": Claim.objects.count(),
        "pairs": len(pairs),
        "opposite_pairs": sum(1 for *_, stance in pairs if stance == "opposite"),
        "precision_at_5": right5 / shown5 if shown5 else 0.0,
        "recall_at_5": hits5 / len(pairs) if pairs else 0.0,
        "recall": hits / len(pairs) if pairs else 0.0,
        "stance_accuracy": stance_right / hits if hits else 0.0,
        "median_ms": statistics.median(timings) * 1000 if timings else 0.0,
        "p90_ms": timings[int(len(timings) * 0.9)] * 1000 if timings else 0.0,
        "vendor": connection.vendor,
    }
