"""A full dump of the database's content, restorable into an empty database.

The file is a JSON array in Django's fixture format, so `restore_claimsdb`
(or plain `manage.py loaddata`) reads it. Every row of every claims table
is kept with its primary key, so ids and links survive; users are kept with
their password hashes and groups, so the history of who assessed what
survives too. Treat a dump as confidential: it holds unpublished sources and
password hashes.

Rows are read and written 500 at a time (with one more query per m2m table
per chunk), so the dump's size is not bounded by memory.
"""

import datetime
import json
from itertools import batched

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db.models import Prefetch

from . import CHUNK_SIZE

# In dependency order, so the file also reads well from top to bottom.
MODELS = [
    "auth.group",
    "auth.user",
    "claims.actor",
    "claims.actoralias",
    "claims.place",
    "claims.placealias",
    "claims.event",
    "claims.eventactor",
    "claims.source",
    "claims.sourcerevision",
    "claims.contributor",
    "claims.sentence",
    "claims.mention",
    "claims.claim",
    "claims.anchor",
    "claims.quantity",
    "claims.assessment",
    "claims.evidence",
    "claims.claimrelation",
    "claims.claimmatch",
    "claims.claimedit",
    "claims.claimsuggestion",
]

# Groups are matched by name: a migrated database already has "Editors".
NATURAL_PRIMARY = {"auth.group"}


class FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds (as ECMAScript does);
    a dump keeps the microseconds the database holds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def dump_models():
    return [apps.get_model(label) for label in MODELS]


# Tables of the claims app that hold bookkeeping, not content: the version
# every claim page's cached fragments are keyed by (claims.fragments), which a
# migration makes and the restore raises (the page cache's version lives in
# the cache, claims.caching).
NOT_CONTENT = {"claims.claimpagesversion"}


def claims_models_not_dumped():
    """Tables of the claims app missing from MODELS (a test keeps this empty)."""
    listed = set(dump_models())
    return [
        m
        for m in apps.get_app_config("claims").get_models()
        if m not in listed and m._meta.label_lower not in NOT_CONTENT
    ]


def _natural(model):
    return hasattr(model, "natural_key")


def _queryset(model):
    """All rows in id order, with what their natural keys need fetched alongside
    (a user's username, a permission's content type), so that serializing a
    chunk takes a fixed number of queries."""
    fks = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one and _natural(f.related_model)
    ]
    prefetches = []
    for f in model._meta.many_to_many:
        if not f.remote_field.through._meta.auto_created:
            continue
        remote = f.related_model
        remote_fks = [
            r.name
            for r in remote._meta.concrete_fields
            if r.is_relation and r.many_to_one and _natural(r.related_model)
        ]
        queryset = remote._default_manager.all()
        if remote_fks:
            queryset = queryset.select_related(*remote_fks)
        prefetches.append(Prefetch(f.name, queryset=queryset))
    rows = model._default_manager.order_by("pk").prefetch_related(*prefetches)
    return rows.select_related(*fks) if fks else rows


def dump_chunks():
    """Text chunks of the dump (a JSON array of fixture objects)."""
    yield "["
    separator = "\n"
    natural_keys = {}
    for model in dump_models():
        if model._meta.app_label == "claims":
            chunks = _fixture_chunks(model, natural_keys)
        else:
            chunks = _serialized_chunks(model)
        for objects in chunks:
            yield separator + ",\n".join(
                json.dumps(obj, cls=FullPrecisionEncoder, ensure_ascii=False) for obj in objects
            )
            separator = ",\n"
    yield "\n]\n"


def _serialized_chunks(model):
    """Fixture objects by Django's own serializer (used for users and groups)."""
    serializer = PythonSerializer()
    natural_primary = model._meta.label_lower in NATURAL_PRIMARY
    for rows in batched(_queryset(model).iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        yield serializer.serialize(
            rows, use_natural_foreign_keys=True, use_natural_primary_keys=natural_primary
        )


def _fixture_chunks(model, natural_keys):
    """The same fixture objects as Django's serializer writes, built from plain
    rows: on 250,000 rows building model instances took most of a minute.
    A foreign key to a model with a natural key (a user) is written as that
    key, like `dumpdata --natural-foreign`; m2m links as lists of ids."""
    fields = [f for f in model._meta.local_fields if f.serialize]
    links = [
        f
        for f in model._meta.local_many_to_many
        if f.serialize and f.remote_field.through._meta.auto_created
    ]
    naturals = {}
    for f in fields:
        if f.is_relation and _natural(f.related_model):
            related = f.related_model
            if related not in natural_keys:
                natural_keys[related] = {
                    obj.pk: list(obj.natural_key()) for obj in related._default_manager.all()
                }
            naturals[f.name] = natural_keys[related]
    label = model._meta.label_lower
    rows = model._default_manager.order_by("pk").values_list("pk", *(f.attname for f in fields))
    for chunk in batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        ids = [row[0] for row in chunk]
        linked = {f.name: _linked_ids(f, ids) for f in links}
        objects = []
        for pk, *values in chunk:
            data = {}
            for f, value in zip(fields, values, strict=True):
                if f.name in naturals and value is not None:
                    value = naturals[f.name][value]
                data[f.name] = value
            for f in links:
                data[f.name] = linked[f.name].get(pk, [])
            objects.append({"model": label, "pk": pk, "fields": data})
        yield objects


def _linked_ids(field, ids):
    """{row id: [ids it links to through `field`]} for the rows `ids`."""
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    found = {}
    pairs = (
        through.objects.filter(**{f"{source}_id__in": ids})
        .order_by(f"{target}_id")
        .values_list(f"{source}_id", f"{target}_id")
    )
    for row_id, target_id in pairs:
        found.setdefault(row_id, []).append(target_id)
    return found


def content_counts():
    """{model label: row count} for every dumped table."""
    return {model._meta.label: model._default_manager.count() for model in dump_models()}


def is_empty():
    """True when no dumped table has a row, except groups a migration creates."""
    return not any(count for label, count in content_counts().items() if label != "auth.Group")
