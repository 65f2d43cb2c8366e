"""SQLite only: FTS5 full-text tables for claims and sentences.

claims_claim_fts holds each claim's statement and its quotes (rowid = the
claim's id); the services rewrite the rows of the claims they touch
(claims.search.claim_search_refresh). claims_sentence_fts is an
external-content index of claims_sentence, kept by triggers. Both use the
Porter stemmer, as PostgreSQL's `english` configuration stems. Nothing
happens on PostgreSQL, or where SQLite was built without FTS5 (search then
falls back to substring matching). See docs/search.md.
"""

from django.db import migrations

TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 0'"

FORWARD = [
    f"CREATE VIRTUAL TABLE claims_claim_fts USING fts5(statement, quotes, {TOKENIZE})",
    "INSERT INTO claims_claim_fts (rowid, statement, quotes) "
    "SELECT c.id, c.statement, COALESCE((SELECT group_concat(a.exact, ' ') "
    "FROM claims_anchor a WHERE a.claim_id = c.id), '') FROM claims_claim c",
    "CREATE VIRTUAL TABLE claims_sentence_fts USING fts5(text, content = 'claims_sentence', "
    f"content_rowid = 'id', {TOKENIZE})",
    "CREATE TRIGGER IF NOT EXISTS claims_sentence_fts_insert AFTER INSERT ON claims_sentence "
    "BEGIN INSERT INTO claims_sentence_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS claims_sentence_fts_delete AFTER DELETE ON claims_sentence "
    "BEGIN INSERT INTO claims_sentence_fts (claims_sentence_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS claims_sentence_fts_update AFTER UPDATE OF text "
    "ON claims_sentence BEGIN INSERT INTO claims_sentence_fts (claims_sentence_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO claims_sentence_fts (rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO claims_sentence_fts (claims_sentence_fts) VALUES ('rebuild')",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_sentence_fts_insert",
    "DROP TRIGGER IF EXISTS claims_sentence_fts_delete",
    "DROP TRIGGER IF EXISTS claims_sentence_fts_update",
    "DROP TABLE IF EXISTS claims_sentence_fts",
    "DROP TABLE IF EXISTS claims_claim_fts",
]


def _has_fts5(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        if cursor.fetchone()[0]:
            return True
        cursor.execute("SELECT 1 FROM pragma_module_list WHERE name = 'fts5'")
        return cursor.fetchone() is not None


def _run(statements):
    def operation(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite" or not _has_fts5(connection):
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_source_revisions"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
