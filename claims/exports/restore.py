"""Load a dump (see claims.exports.dump) into an empty database, in bulk.

`manage.py loaddata` reads the same file, but saves one row at a time (an
UPDATE then an INSERT per row) and looks up every user reference by its
natural key: on the large benchmark corpus that took over five minutes.
Here the rows of each table go in with `bulk_create`, 500 at a time, the m2m
links through their tables the same way, and each natural key is looked up
once. The whole restore is one transaction; the database's id sequences are
moved past the restored ids afterwards, as loaddata does.

The app has no save signals, so nothing is skipped by not calling save().
The rows are written through the services' bulk path (services.content_load):
each anchor's state is checked against its text, each claim's publication
against its anchors and its search document rebuilt, in the same
transaction, and the cached pages are dropped once it commits.
"""

import json
from collections import defaultdict
from contextlib import contextmanager
from itertools import batched

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.python import Deserializer
from django.db import connection

from ..services import content_load
from . import CHUNK_SIZE
from .dump import NATURAL_PRIMARY


class RestoreError(Exception):
    """The file is not a dump this version can read; nothing was written."""


def restore(stream):
    """Load the dump read from `stream` (text); return the models restored."""
    try:
        objects = json.load(stream)
    except (ValueError, UnicodeDecodeError, EOFError, OSError) as error:
        raise RestoreError(f"The file is not a JSON dump from dump_claimsdb ({error}).") from None
    if not isinstance(objects, list) or not all(
        isinstance(obj, dict) and "model" in obj for obj in objects
    ):
        raise RestoreError("The file is JSON but not a dump from dump_claimsdb.")

    by_model = defaultdict(list)
    for obj in objects:
        by_model[obj["model"]].append(obj)
    try:
        models = [apps.get_model(label) for label in by_model]
    except (LookupError, ValueError) as error:
        raise RestoreError(
            f"The dump names a table this version does not have ({error})."
        ) from None

    _add_anchor_sources(by_model)
    natural = _NaturalKeys()

    def write():
        for model in models:
            rows = by_model[model._meta.label_lower]
            try:
                if model._meta.label_lower in NATURAL_PRIMARY:
                    _restore_one_by_one(rows)
                else:
                    _restore_in_bulk(model, rows, natural)
            except DeserializationError as error:
                raise RestoreError(f"A {model._meta.label} row cannot be read: {error}") from None
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    content_load(write=write)
    return models


def _add_anchor_sources(by_model):
    """Dumps from before anchors recorded their source: each anchor gets its
    sentence's, from the sentences in the same file."""
    source_of = {
        row.get("pk"): row["fields"].get("source")
        for row in by_model.get("claims.sentence", ())
        if isinstance(row.get("fields"), dict)
    }
    for row in by_model.get("claims.anchor", ()):
        fields = row.get("fields")
        if isinstance(fields, dict) and "source" not in fields:
            fields["source"] = source_of.get(fields.get("sentence"))


def _restore_one_by_one(rows):
    """Rows matched by natural key (groups a migration already created)."""
    for deserialized in Deserializer(rows, handle_forward_references=False):
        deserialized.save()


def _restore_in_bulk(model, rows, natural):
    references = [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one and hasattr(f.related_model, "natural_key")
    ]
    for chunk in batched(rows, CHUNK_SIZE):
        for row in chunk:
            fields = row["fields"]
            for f in references:
                if isinstance(fields.get(f.name), list):
                    fields[f.name] = natural.pk(f.related_model, fields[f.name])
        instances, links = [], defaultdict(list)
        for deserialized in Deserializer(chunk, handle_forward_references=False):
            instances.append(deserialized.object)
            for name, targets in (deserialized.m2m_data or {}).items():
                links[name].extend((deserialized.object.pk, target) for target in targets)
        with _timestamps_as_given(model):
            model._default_manager.bulk_create(instances)
        for name, pairs in links.items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            through._default_manager.bulk_create(
                through(**{f"{source}_id": row_id, f"{target}_id": target_id})
                for row_id, target_id in pairs
            )


@contextmanager
def _timestamps_as_given(model):
    """bulk_create sets auto_now/auto_now_add fields to the present time (a
    raw save, as loaddata's, does not): switch that off while the dump's own
    times are written."""
    fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    fields += [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _NaturalKeys:
    """Primary keys by natural key, each looked up once."""

    def __init__(self):
        self.found = {}

    def pk(self, model, key):
        cache_key = (model, tuple(key))
        if cache_key not in self.found:
            try:
                self.found[cache_key] = model._default_manager.get_by_natural_key(*key).pk
            except model.DoesNotExist:
                raise RestoreError(
                    f"The dump refers to a {model._meta.verbose_name} {key!r} it does not hold."
                ) from None
        return self.found[cache_key]
