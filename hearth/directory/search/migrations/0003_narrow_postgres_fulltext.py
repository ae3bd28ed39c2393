"""PostgreSQL: the weighted tsvector moves from the wide document row (which also holds the
768-byte vector) to a narrow table of its own, as SQLite's FTS5 table is; a full-text query
then reads about a quarter of the pages (docs/search.md, "Latency")."""

from django.db import migrations

TSVECTOR = (
    "setweight(to_tsvector('simple', concept_tokens), 'A') || "
    "setweight(to_tsvector('simple', name_lexemes), 'B') || "
    "setweight(to_tsvector('simple', body_lexemes), 'C')"
)

POSTGRES_UP = [
    "CREATE TABLE directory_search_tsv ("
    "service_id varchar(250) PRIMARY KEY, tsv tsvector NOT NULL)",
    f"INSERT INTO directory_search_tsv (service_id, tsv) SELECT service_id, {TSVECTOR} "
    "FROM directory_search_document",
    "CREATE INDEX directory_search_tsv_gin ON directory_search_tsv USING gin (tsv)",
    "DROP INDEX IF EXISTS directory_search_document_tsv",
    "ALTER TABLE directory_search_document DROP COLUMN IF EXISTS tsv",
]
POSTGRES_DOWN = [
    f"ALTER TABLE directory_search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    f"({TSVECTOR}) STORED",
    "CREATE INDEX directory_search_document_tsv ON directory_search_document USING gin (tsv)",
    "DROP TABLE IF EXISTS directory_search_tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory_search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
