"""GIN indexes for full-text search, on PostgreSQL only, and a first fill of
Claim.search_vector.

They are created here rather than in Meta.indexes because SQLite cannot build
a GIN index; keeping them out of the model state also keeps
`makemigrations --check` clean on both databases. See docs/search.md.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import OuterRef, StringAgg, Subquery, Value

CONFIG = "english"  # claims.search.SEARCH_CONFIG when this was written


def _indexes():
    return [
        ("claim", GinIndex(fields=["search_vector"], name="claim_search_gin")),
        (
            "sentence",
            GinIndex(SearchVector("text", config=CONFIG), name="sentence_search_gin"),
        ),
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in _indexes():
        schema_editor.add_index(apps.get_model("claims", model_name), index)
    Claim = apps.get_model("claims", "Claim")
    Anchor = apps.get_model("claims", "Anchor")
    quotes = Subquery(
        Anchor.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(text=StringAgg("exact", Value(" ")))
        .values("text")
    )
    Claim.objects.using(schema_editor.connection.alias).update(
        search_vector=SearchVector("statement", weight="A", config=CONFIG)
        + SearchVector(quotes, weight="B", config=CONFIG)
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in _indexes():
        schema_editor.remove_index(apps.get_model("claims", model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_claim_search_vector"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
