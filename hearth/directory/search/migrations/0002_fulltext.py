"""The full-text structure, one per database engine (both rank the same analysed tokens)."""

from django.db import migrations

SQLITE_UP = [
    # Standalone FTS5 table kept in step by the indexer; bm25() weights name over body.
    "CREATE VIRTUAL TABLE directory_search_fts USING fts5("
    "service_id UNINDEXED, name, body, concepts, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS directory_search_fts"]

POSTGRES_UP = [
    # 'simple': the tokens are already folded and stemmed by Hearth, identically for English
    # and Spanish, so PostgreSQL must not stem them again.
    "ALTER TABLE directory_search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', concept_tokens), 'A') || "
    "setweight(to_tsvector('simple', name_lexemes), 'B') || "
    "setweight(to_tsvector('simple', body_lexemes), 'C')) STORED",
    "CREATE INDEX directory_search_document_tsv ON directory_search_document USING gin (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS directory_search_document_tsv",
    "ALTER TABLE directory_search_document DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
