"""bench.corpus_matching and bench.matching_bench: planted pairs, found again."""

import pytest

from bench import matching_bench
from bench.corpus import corpus_generate, corpus_plan, parse_scale
from bench.corpus_matching import planted_pairs

SMALL = parse_scale("small")


def test_planting_leaves_the_rest_of_the_corpus_as_it_was():
    plain = corpus_plan(scale=SMALL, seed=1)
    planted = corpus_plan(scale=SMALL, seed=1, matching_pairs=True)
    pairs = planted_pairs(planted)
    assert len(pairs) >= SMALL.sources // 2 - 2
    assert {stance for *_, stance in pairs} == {"same", "opposite"}
    plain_claims = [c.statement for c in plain.tables["claims"]]
    assert [c.statement for c in planted.tables["claims"]][: len(plain_claims)] == plain_claims
    assert len(planted.tables["claims"]) == len(plain_claims) + len(pairs)
    assert planted_pairs(plain) == []


def test_a_planted_claim_is_its_new_last_paragraph(db):
    planted = corpus_plan(scale=SMALL, seed=1, matching_pairs=True)
    for claim, copy, _ in planted.matching_pairs:
        source = copy.source
        anchor = next(a for a in planted.tables["anchors"] if a.claim is copy)
        assert source.text[anchor.start : anchor.end] == anchor.exact == copy.statement
        assert "\n\n" + copy.statement in source.text  # a paragraph of its own
        assert source is not claim.source


@pytest.mark.django_db
def test_the_benchmark_finds_the_planted_pairs():
    corpus_generate(scale=SMALL, seed=1, matching_pairs=True)
    results = matching_bench.run(scale="small", seed=1)
    assert results["pairs"] >= 8
    # 7 of 9 at this scale (0.99 of 489 at the large scale, docs/benchmarks.md).
    assert results["recall"] >= 0.7
    assert results["precision_at_5"] > 0.3
    assert results["median_ms"] > 0


@pytest.mark.django_db
def test_the_benchmark_says_when_the_corpus_has_no_planted_pairs():
    corpus_generate(scale=SMALL, seed=1)
    with pytest.raises(ValueError, match="--matching-pairs --scale 20 --seed 1"):
        matching_bench.run(scale="small", seed=1)
