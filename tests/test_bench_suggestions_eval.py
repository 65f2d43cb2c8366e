"""bench/suggestions_eval.py: suggested claims against the seed's curated claims.

A quality test: the rules must keep meeting the targets of docs/import.md on
the seed, and the evaluation must leave the database as it was.
"""

import pytest
from django.core.management import call_command

from bench.suggestions_eval import TARGETS, compare, count_articles, evaluate_seed
from claims.models import Actor, ClaimSuggestion, Source

pytestmark = pytest.mark.django_db


def test_the_seed_meets_the_targets_and_nothing_is_left_behind():
    result = evaluate_seed()

    assert result["curated"] == 105
    assert result["recall"] >= TARGETS["recall"]
    assert result["kind_agreement"] >= TARGETS["kind_agreement"]
    assert result["unmatched_share"] <= TARGETS["unmatched_share_at_most"]
    assert result["met"]
    assert result["mentions_by_origin"]["alias"] > 100  # the curated actors were there
    assert (Source.objects.count(), Actor.objects.count(), ClaimSuggestion.objects.count()) == (
        0,
        0,
        0,
    )


def test_it_counts_the_suggestions_in_the_test_articles():
    rows = count_articles()

    assert "refused" in rows["no_article.html"]
    news = rows["news_article.html"]
    assert news["suggested_claims"] >= news["body_sentences"]
    assert news["by_kind"]["attribution"] >= 1  # "Officials said about 300 observers ..."
    assert Source.objects.count() == 0


def test_it_measures_overlap_kind_and_the_suggestions_nobody_curated():
    curated = [(0, 10, "factual"), (20, 30, "opinion"), (40, 50, "prediction")]
    suggested = [(0, 12, "factual"), (18, 25, "factual"), (60, 70, "opinion")]

    result = compare(suggested, curated)

    assert result["recall"] == round(2 / 3, 3)
    assert result["kind_agreement"] == 0.5
    assert (result["precision"], result["unmatched"]) == (round(2 / 3, 3), 1)


def test_the_command_prints_the_figures(capsys):
    call_command("suggestions_eval")
    out = capsys.readouterr().out
    assert "recall" in out and "targets met" in out and "news_article.html" in out
