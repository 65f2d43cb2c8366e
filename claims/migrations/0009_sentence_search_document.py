"""Sentences' full-text document stored, on PostgreSQL only.

Searching sentences used an index on the expression to_tsvector(text), so
PostgreSQL parsed every matching sentence's text again to check the match and
to rank it: 124 ms for a word found in 2,500 of 51,000 sentences. A stored
generated column keeps the parsed document beside the text; PostgreSQL
computes it on every insert or update of the text, so no application code
writes it (the model does not declare it; claims.search.sentences_matching
reads it). SQLite keeps matching substrings. See docs/search.md.
"""

from django.db import migrations

DOCUMENT = "to_tsvector('english'::regconfig, COALESCE(text, ''))"  # SEARCH_CONFIG


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE claims_sentence ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX sentence_document_gin ON claims_sentence USING gin (search_document)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS sentence_search_gin")


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE claims_sentence DROP COLUMN search_document")
    schema_editor.execute(
        f"CREATE INDEX sentence_search_gin ON claims_sentence USING gin (({DOCUMENT}))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_anchor_source"),
    ]

    operations = [
        migrations.RunPython(add_document, drop_document),
    ]
