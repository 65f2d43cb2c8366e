"""The seed fixture: the first article, imported and curated, as fixtures/seed.json.

`seed_build` imports the seed article through the import pipeline and applies
its curation (curation.curation) to the current database; `fixture_dump`
serializes the claims app so that the same build always gives the same file;
`seed_summary` counts what a fixture holds, for the README.
"""

import json
from collections import Counter
from datetime import datetime
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from claims import services
from claims.ingest.pipeline import ArticleRejected, prepare_article
from curation.curation import CurationError, curation_apply, curation_entities_create, curation_plan

SUMMARY_START = (
    "<!-- seed-summary:start (DJANGO_SETTINGS_MODULE=claimsdb.settings_curation "
    "python manage.py build_seed_fixture --readme) -->"
)
SUMMARY_END = "<!-- seed-summary:end -->"


def seed_article_path(curation, seed_dir):
    return Path(seed_dir) / curation["source"]["file"]


def _prepare(curation, data, filename):
    meta = curation["source"]
    return prepare_article(
        data,
        filename=filename,
        overrides={
            "title": meta.get("title"),
            "published_on": meta.get("published_on"),
            "publisher": meta.get("publisher"),
        },
    )


def _check_metadata(curation, prepared):
    meta = curation["source"]
    problems = []
    for name in ("authors", "translators"):
        if list(meta.get(name) or []) != list(getattr(prepared, name)):
            problems.append(
                f"source {name}: the curation says {meta.get(name)}, "
                f"the import found {getattr(prepared, name)}"
            )
    return problems


@transaction.atomic
def seed_build(*, curation, seed_dir):
    """Import the seed article and apply `curation` to it; returns the Source.

    Everything is checked before anything is written; CurationError lists
    what does not fit. Meant for an empty database (the fixture's keys then
    start at 1).
    """
    path = seed_article_path(curation, seed_dir)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CurationError([f"cannot read the seed article {path}: {error.strerror}"]) from error
    try:
        preview = _prepare(curation, data, path.name)
    except ArticleRejected as error:
        raise CurationError([f"the import refused the seed article {path}: {error}"]) from error
    problems = _check_metadata(curation, preview)
    try:
        plan = curation_plan(curation, preview.text, preview.sentences)
    except CurationError as error:
        problems.extend(error.problems)
    if problems:
        raise CurationError(problems)

    curation_entities_create(plan=plan)
    # Prepared again now that the actors and places exist, so the import suggests
    # their mentions, as it would for an editor loading the article in the admin.
    prepared = _prepare(curation, data, path.name)
    source, created = services.article_import(prepared=prepared)
    if not created:
        raise CurationError([f"the article is already stored as “{source.slug}”"])
    slug = curation["source"].get("slug")
    if slug and source.slug != slug:
        raise CurationError([f"the article was stored as “{source.slug}”, not “{slug}”"])
    curation_apply(plan=plan, source=source)
    return source


def fixture_dump(*, recorded_at):
    """The claims app's rows as fixture JSON, the same for the same build.

    Timestamps (import, creation, assessment) become `recorded_at`; derived
    search documents and stored claim counts are left out (load_fixtures
    works them out again after loaddata), and so are the versions cached claim
    pages are keyed by (claims.fragments: bookkeeping of the database they
    were raised in).
    The import's suggested claims are left out too: the curation is the
    editors' word on every sentence of the seed, so none is left to decide.
    """
    buffer = StringIO()
    call_command(
        "dumpdata",
        "claims",
        exclude=["claims.claimsuggestion", "claims.claimpagesversion"],
        stdout=buffer,
    )
    objects = json.loads(buffer.getvalue())
    stamp = DjangoJSONEncoder().default(recorded_at) if isinstance(recorded_at, datetime) else None
    for obj in objects:
        model = apps.get_model(obj["model"])
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, SearchVectorField) or model_field.name in (
                "page_version",
                "claim_count",
            ):
                obj["fields"].pop(model_field.name, None)
            elif (
                isinstance(model_field, models.DateTimeField)
                and stamp
                and obj["fields"].get(model_field.name) is not None
            ):
                obj["fields"][model_field.name] = stamp
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def seed_summary(objects):
    """What a fixture (a list of serialized objects) holds, as README Markdown."""
    by_model = {}
    for obj in objects:
        by_model.setdefault(obj["model"], []).append(obj["fields"])

    def rows(name):
        return by_model.get(f"claims.{name}", [])

    def counted(items, field):
        counts = Counter(item[field] for item in items)
        return ", ".join(f"{value} {n}" for value, n in sorted(counts.items(), key=lambda c: -c[1]))

    claims = rows("claim")
    relations = rows("claimrelation")
    sentences = rows("sentence")
    mentions = rows("mention")
    body = sum(1 for s in sentences if s["kind"] == "body")
    confirmed = sum(1 for m in mentions if m["status"] == "confirmed")
    lines = [
        "| what | count |",
        "|---|---|",
        f"| sources | {len(rows('source'))} |",
        f"| sentences | {len(sentences)} ({body} body, {len(sentences) - body} heading) |",
        f"| claims | {len(claims)} |",
        f"| claims by kind | {counted(claims, 'kind')} |",
        f"| claims by status | {counted(claims, 'status')} |",
        f"| assessments (with evidence references) | {len(rows('assessment'))} "
        f"({len(rows('evidence'))}) |",
        f"| claim relations | {len(relations)} ({counted(relations, 'kind')}) |",
        f"| actors | {len(rows('actor'))} ({len(rows('actoralias'))} aliases) |",
        f"| places | {len(rows('place'))} ({len(rows('placealias'))} aliases) |",
        f"| events | {len(rows('event'))} |",
        f"| mentions | {confirmed} confirmed, {len(mentions) - confirmed} rejected suggestions |",
        f"| quantities | {len(rows('quantity'))} |",
    ]
    return "\n".join(lines)


def readme_with_summary(readme, summary):
    """`readme` with the text between the summary markers replaced; ValueError without them."""
    start, end = readme.find(SUMMARY_START), readme.find(SUMMARY_END)
    if start == -1 or end < start:
        raise ValueError("the README has no seed summary markers")
    return readme[: start + len(SUMMARY_START)] + "\n" + summary + "\n" + readme[end:]
