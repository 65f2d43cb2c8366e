"""How well the import's suggested claims match the claims editors curated.

`run()` imports the seed article as an admin would (its curated actors and
places first, so mentions are found) in a transaction that is rolled back,
and compares the ClaimSuggestions stored with the curated claims of
fixtures/curation/seed.yaml:

- recall: the share of curated claims that some suggestion overlaps;
- kind agreement: of those, the share whose most-overlapping suggestion has
  the curated kind;
- precision: the share of suggestions that overlap some curated claim (the
  others are the ones an editor would reject).

It also imports each article of tests/data (rolled back too) and counts what
is suggested there, since rules judged on one text only are tuned to it; and
times the proposer alone and with mention and quantity finding, per KB.
`manage.py suggestions_eval` prints the result.
"""

import statistics
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import transaction

from claims.ingest import ArticleRejected
from claims.ingest.pipeline import prepare_article
from claims.ingest.propose import propose_claims
from claims.ingest.quantities import suggest_quantities
from claims.ingest.segment import HEADING
from claims.ingest.suggest import entity_dictionary, suggest_mentions
from claims.models import Actor, ClaimSuggestion, Mention, Source
from claims.services import article_import
from curation.curation import curation_entities_create, curation_plan, curation_read

BASE = Path(settings.BASE_DIR)
CURATION = BASE / "fixtures" / "curation" / "seed.yaml"
SEED_ARTICLE = BASE / "tests" / "data" / "seed_article.txt"
TEST_ARTICLES = BASE / "tests" / "data"

TARGETS = {"recall": 0.90, "kind_agreement": 0.75, "unmatched_share_at_most": 1 / 3}


class _Rollback(Exception):
    pass


def _overlap(a_start, a_end, b_start, b_end):
    return min(a_end, b_end) - max(a_start, b_start)


def compare(suggestions, curated):
    """Figures for `suggestions` and `curated`: sequences of (start, end, kind)."""
    matched = agreed = 0
    by_kind = {}
    for c_start, c_end, c_kind in curated:
        row = by_kind.setdefault(c_kind, {"curated": 0, "matched": 0, "agreed": 0})
        row["curated"] += 1
        best = max(
            suggestions,
            key=lambda s: _overlap(s[0], s[1], c_start, c_end),
            default=None,
        )
        if best is None or _overlap(best[0], best[1], c_start, c_end) <= 0:
            continue
        matched += 1
        row["matched"] += 1
        if best[2] == c_kind:
            agreed += 1
            row["agreed"] += 1
    useful = sum(
        1
        for s_start, s_end, _ in suggestions
        if any(_overlap(s_start, s_end, c_start, c_end) > 0 for c_start, c_end, _ in curated)
    )
    return {
        "curated": len(curated),
        "suggested": len(suggestions),
        "recall": round(matched / len(curated), 3) if curated else None,
        "kind_agreement": round(agreed / matched, 3) if matched else None,
        "precision": round(useful / len(suggestions), 3) if suggestions else None,
        "unmatched": len(suggestions) - useful,
        "unmatched_share": round(1 - useful / len(suggestions), 3) if suggestions else None,
        "by_kind": by_kind,
    }


def _import(data, filename, **prepare_options):
    """(prepared, stored suggestions, mentions by origin) of one import, written then undone."""
    result = {}
    try:
        with transaction.atomic():
            prepared = prepare_article(data, filename=filename, **prepare_options)
            Source.objects.filter(content_sha256=prepared.content_sha256).delete()
            source, _ = article_import(prepared=prepared)
            result["prepared"] = prepared
            result["suggestions"] = list(
                ClaimSuggestion.objects.filter(source=source).values_list("start", "end", "kind")
            )
            result["origins"] = Counter(
                Mention.objects.filter(sentence__source=source).values_list("origin", flat=True)
            )
            raise _Rollback
    except _Rollback:
        pass
    return result


def evaluate_seed(*, curation_path=CURATION, article=SEED_ARTICLE):
    curation = curation_read(curation_path)
    data = article.read_bytes()
    meta = curation["source"]
    options = {
        "overrides": {k: meta.get(k) for k in ("title", "published_on") if meta.get(k)},
    }
    result = {}
    try:
        with transaction.atomic():
            preview = prepare_article(data, filename=article.name, **options)
            plan = curation_plan(curation, preview.text, preview.sentences)
            slugs = [a["slug"] for a in curation.get("actors") or []]
            if not Actor.objects.filter(slug__in=slugs).exists():
                curation_entities_create(plan=plan)  # else loaded from the seed fixture
            imported = _import(data, article.name, **options)
            curated = [(c.start, c.end, c.data["kind"]) for c in plan.claims]
            result = compare(imported["suggestions"], curated)
            result["mentions_by_origin"] = dict(imported["origins"])
            result["timing"] = _timing(imported["prepared"])
            raise _Rollback
    except _Rollback:
        pass
    result["targets"] = TARGETS
    result["met"] = (
        result["recall"] >= TARGETS["recall"]
        and result["kind_agreement"] >= TARGETS["kind_agreement"]
        and result["unmatched_share"] <= TARGETS["unmatched_share_at_most"]
    )
    return result


def _timing(prepared, repeat=5):
    """Median seconds (and KB/s) to propose claims, and to find mentions and quantities too."""
    text, sentences = prepared.text, prepared.sentences
    kb = len(text.encode("utf-8")) / 1024
    entities = entity_dictionary()

    def suggest_and_propose():
        mentions = suggest_mentions(text, sentences, entities=entities)
        quantities = [
            (s.index, q)
            for s in sentences
            if s.kind != HEADING
            for q in suggest_quantities(s.text, s.start)
        ]
        return propose_claims(text, sentences, mentions=mentions, quantities=quantities)

    def propose_only():
        return propose_claims(
            text, sentences, mentions=prepared.mentions, quantities=prepared.quantities
        )

    figures = {"kb": round(kb, 1)}
    for name, work in (("propose", propose_only), ("suggest_and_propose", suggest_and_propose)):
        work()  # warm: caches of the gazetteer and the name index
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        seconds = statistics.median(times)
        figures[name] = {
            "ms_per_kb": round(seconds * 1000 / kb, 3),
            "kb_per_s": round(kb / seconds, 1),
        }
    return figures


def count_articles(folder=TEST_ARTICLES):
    """What an import suggests in each article of `folder` (every import rolled back)."""
    rows = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".html", ".htm", ".txt", ".md"):
            continue
        try:
            imported = _import(path.read_bytes(), path.name)
        except ArticleRejected as error:
            rows[path.name] = {"refused": str(error)}
            continue
        prepared = imported["prepared"]
        kinds = Counter(kind for _, _, kind in imported["suggestions"])
        body = [s for s in prepared.sentences if s.kind != HEADING]
        rows[path.name] = {
            "sentences": len(prepared.sentences),
            "body_sentences": len(body),
            "suggested_claims": len(imported["suggestions"]),
            "by_kind": dict(kinds.most_common()),
            "mentions_by_origin": dict(imported["origins"]),
            "quantities": len(prepared.quantities),
        }
    return rows


def run():
    return {"seed": evaluate_seed(), "test_articles": count_articles()}
