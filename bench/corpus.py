"""A deterministic corpus for benchmarks: articles, entities, claims and their history.

`corpus_generate(scale=..., seed=...)` plans every row in memory from one
seeded random generator (corpus_world: places, actors, events;
corpus_articles: sources, sentences, mentions, claims), so the same seed
gives the same data on any database, then writes the rows with
`bulk_create` in batches inside one transaction.

Why not call claims.services for each claim: `claim_create` and
`claim_assess` take 8-12 queries per claim (claim, anchor, three
many-to-many sets, quantities, a row lock, the assessment, the status
update). At the large scale (10,000 claims with their histories, 70,000
mentions) that is well over 150,000 round trips: many minutes on
PostgreSQL. The generator writes exactly the rows those services would:
anchors built by `text_quote_selector` (exact, 32-character prefix and
suffix), the statement defaulting to the stripped quote, assessments
appended in order with a rationale for every status but unassessed,
`claim.status` equal to the last assessment and `claim.version` raised once
per assessment as `claim_assess` does; mentions only confirmed or rejected
by a named reviewer. The rows go in through the services' bulk path
(`services.content_load`), which then sets search documents, anchor states
and `claim.is_published` for all claims at once, as for a fixture or a dump.
tests/test_bench_corpus.py checks these invariants on the stored rows.
"""

import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from claims.models import Actor, Claim, Source
from claims.services import content_load

from .corpus_articles import Articles
from .corpus_matching import plant_pairs
from .corpus_plan import Plan
from .corpus_world import World

BATCH_SIZE = 2000
SCALES = {"small": 20, "large": 1000}
MARKER_PREFIX = "generate_corpus"
EDITOR_USERNAMES = [f"corpus-editor-{n}" for n in range(1, 6)]


@dataclass(frozen=True)
class Scale:
    """Row counts for a corpus of `sources` articles; everything grows linearly."""

    sources: int

    @property
    def sentences(self):
        return 50 * self.sources

    @property
    def claims(self):
        return 10 * self.sources

    @property
    def actors(self):
        return max(40, 2 * self.sources)

    @property
    def places(self):
        return max(30, self.sources)

    @property
    def events(self):
        return max(20, 2 * self.sources)


def parse_scale(value):
    """'large', 'small' or a positive number of sources; ValueError otherwise."""
    value = str(value).strip().lower()
    if value in SCALES:
        return Scale(SCALES[value])
    if value.isdigit() and 0 < int(value) <= 100_000:
        return Scale(int(value))
    raise ValueError(
        f"Unknown scale “{value}”: use large, small or a number of articles from 1 to 100000."
    )


def corpus_marker(scale, seed, matching_pairs=False):
    """Kept in Source.raw_filename: where each generated article came from."""
    planted = " matching-pairs" if matching_pairs else ""
    return f"{MARKER_PREFIX} seed={seed} sources={scale.sources}{planted}"


def matching_pair_count(scale):
    """How many pairs --matching-pairs plants: one for every second article."""
    return max(1, scale.sources // 2)


class CorpusError(ValueError):
    """The corpus cannot be written here; the message says why. Nothing was written."""


def corpus_plan(*, scale, seed, matching_pairs=False):
    """Every row of the corpus, unsaved, in write order (no database access).

    With `matching_pairs`, claims reported again in other words or
    contradicted by other articles are planted last (bench.corpus_matching)."""
    plan = Plan(seed)
    world = World(plan, scale)
    articles = Articles(plan, scale, world, corpus_marker(scale, seed, matching_pairs))
    if matching_pairs:
        plant_pairs(plan, articles, seed=seed, count=matching_pair_count(scale))
    return plan


def corpus_generate(*, scale, seed, log=None, matching_pairs=False):
    """Write a corpus into an empty database; returns the number of rows per table."""
    log = log or (lambda message: None)
    if Source.objects.exists() or Actor.objects.exists() or Claim.objects.exists():
        raise CorpusError(
            "The database already holds sources, actors or claims; generate the corpus into "
            "an empty database (point DATABASE_URL at a separate one)."
        )
    started = time.perf_counter()
    plan = corpus_plan(scale=scale, seed=seed, matching_pairs=matching_pairs)
    rows = sum(len(table) for table in plan.tables.values())
    log(f"planned {rows} rows in {time.perf_counter() - started:.1f} s")
    counts = {}

    def write():
        editors = _editors()
        for ref in plan.editor_refs:
            ref.resolve(editors)
        for label, table in plan.tables.items():
            started = time.perf_counter()
            model = type(table[0])
            for wave in _by_depth(table):
                model.objects.bulk_create(wave, batch_size=BATCH_SIZE)
            counts[label] = len(table)
            log(f"wrote {len(table):>7} {label} in {time.perf_counter() - started:.1f} s")

    content_load(write=write)
    started = time.perf_counter()
    vacuum_analyze()
    log(f"analyzed the tables in {time.perf_counter() - started:.1f} s")
    return counts


def corpus_present(*, scale, seed, matching_pairs=False):
    """True if the database holds exactly this corpus (same seed and size) and no other source."""
    marker = corpus_marker(scale, seed, matching_pairs)
    return (
        Source.objects.filter(raw_filename=marker).count() == scale.sources
        and not Source.objects.exclude(raw_filename=marker).exists()
    )


def _editors():
    """The accounts that created, reviewed and assessed the generated rows."""
    group, _ = Group.objects.get_or_create(name="Editors")
    users = []
    for username in EDITOR_USERNAMES:
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        users.append(user)
    return users


def vacuum_analyze():
    """Planner statistics and a vacuumed database, as autovacuum keeps a live one.

    Without statistics (autovacuum may be off, as on these machines, or not
    yet round) PostgreSQL plans for empty tables; VACUUM also clears the rows
    the benchmarks' rolled-back imports leave dead and sets the visibility map
    that index-only scans need, but cannot run inside a transaction.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _by_depth(rows):
    """Rows in waves so that a row's parent (same table) is written before it."""
    if not hasattr(rows[0], "parent_id"):
        return [rows]
    depth = {}

    def level(row):
        if id(row) not in depth:
            depth[id(row)] = 0 if row.parent is None else level(row.parent) + 1
        return depth[id(row)]

    waves = {}
    for row in rows:
        waves.setdefault(level(row), []).append(row)
    return [waves[n] for n in sorted(waves)]
