"""Migrations that compute values for rows already stored, run on such rows.

The test databases are migrated empty, so a data step that breaks on real
rows passes every other test; these migrate back, write rows as the
database held them then, and migrate forward again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_MATCHING = [("claims", "0013_sqlite_fts5")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes("claims")


def _claim_in(apps, source, text, index):
    Sentence = apps.get_model("claims", "Sentence")
    Claim = apps.get_model("claims", "Claim")
    Anchor = apps.get_model("claims", "Anchor")
    start = source.text.index(text)
    sentence = Sentence.objects.create(
        source=source, index=index, paragraph=1, start=start, end=start + len(text), text=text
    )
    claim = Claim.objects.create(statement=text, is_published=source.is_published)
    Anchor.objects.create(
        claim=claim,
        sentence=sentence,
        source=source,
        start=sentence.start,
        end=sentence.end,
        exact=text,
    )
    return claim.pk


@pytest.mark.django_db(transaction=True)
def test_corroboration_is_computed_for_claims_stored_before_it_published_or_not():
    leaf = _leaf()
    try:
        apps = _migrate(BEFORE_MATCHING)
        Source = apps.get_model("claims", "Source")
        published = Source.objects.create(
            slug="out",
            title="Out",
            text="Troops entered the town. Nobody was hurt.",
            content_sha256="a" * 64,
            is_published=True,
        )
        hidden = Source.objects.create(
            slug="draft",
            title="Draft",
            text="Troops entered the town. Two were hurt.",
            content_sha256="b" * 64,
            is_published=False,
        )
        seen = _claim_in(apps, published, "Troops entered the town.", 1)
        unseen = _claim_in(apps, hidden, "Troops entered the town.", 1)

        apps = _migrate(leaf)
        Claim = apps.get_model("claims", "Claim")
        by_id = {c.pk: c for c in Claim.objects.all()}
        assert (by_id[seen].source_count, by_id[seen].first_source_id) == (1, published.pk)
        # An unpublished source makes no claim public: 0, not a failed migration.
        assert (by_id[unseen].source_count, by_id[unseen].first_source_id) == (0, None)
    finally:
        _migrate(leaf)


BEFORE_COUNTS = [("claims", "0021_claim_page_version")]


@pytest.mark.django_db(transaction=True)
def test_claim_counts_are_computed_for_entities_stored_before_them():
    leaf = _leaf()
    try:
        apps = _migrate(BEFORE_COUNTS)
        Source = apps.get_model("claims", "Source")
        Actor = apps.get_model("claims", "Actor")
        published = Source.objects.create(
            slug="out", title="Out", text="Troops entered. They left.", content_sha256="c" * 64
        )
        hidden = Source.objects.create(
            slug="draft",
            title="Draft",
            text="Troops entered. They left.",
            content_sha256="d" * 64,
            is_published=False,
        )
        turkey = Actor.objects.create(name="Turkey", slug="turkey")
        idle = Actor.objects.create(name="Idle", slug="idle")
        seen = _claim_in(apps, published, "Troops entered.", 1)
        _claim_in(apps, published, "They left.", 2)
        unseen = _claim_in(apps, hidden, "Troops entered.", 1)
        Claim = apps.get_model("claims", "Claim")
        for pk in (seen, unseen):
            Claim.objects.get(pk=pk).actors.add(turkey)

        apps = _migrate(leaf)
        Actor = apps.get_model("claims", "Actor")
        Source = apps.get_model("claims", "Source")
        assert Actor.objects.get(pk=turkey.pk).claim_count == 1  # the draft's claim is not shown
        assert Actor.objects.get(pk=idle.pk).claim_count == 0
        assert Source.objects.get(pk=published.pk).claim_count == 2
        assert Source.objects.get(pk=hidden.pk).claim_count == 0
    finally:
        _migrate(leaf)
