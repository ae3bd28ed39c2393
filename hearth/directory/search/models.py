"""The search index: one document per directory service (derived data, rebuilt at will).

Besides these two tables the migrations create the full-text structure for the database in
use (see migrations/0002): an FTS5 virtual table ``directory_search_fts`` on SQLite, a
generated, weighted ``tsvector`` column ``tsv`` with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models


class ServiceDocument(models.Model):
    """What the index knows about one service. Nothing personal: directory data only."""

    service = models.OneToOneField(
        "directory.Service", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # Analysed tokens (hearth.directory.search.text.analyse), space-separated. Concept
    # tokens ("zcshelter", see concepts.py) rank highest, then name, then body.
    name_lexemes = models.TextField(default="", blank=True)
    body_lexemes = models.TextField(default="", blank=True)
    concept_tokens = models.TextField(default="", blank=True)
    # ISO 639-1 codes of the languages the service offers, space-separated ("en es").
    languages = models.CharField(max_length=200, default="", blank=True)
    # SHA-256 of the text that was embedded: unchanged text is never embedded twice.
    passage_hash = models.CharField(max_length=64, default="", blank=True)
    # The passage embedding: 384 float16 values (768 bytes), normalised.
    vector = models.BinaryField(null=True, blank=True)

    class Meta:
        db_table = "directory_search_document"

    def __str__(self) -> str:
        return self.service_id


class IndexState(models.Model):
    """A random token that changes whenever the index changes, so each process knows when
    to reload its in-memory vector matrix (a counter would repeat after a rollback)."""

    key = models.CharField(max_length=20, primary_key=True)
    generation = models.CharField(max_length=32)

    class Meta:
        db_table = "directory_search_state"

    def __str__(self) -> str:
        return f"{self.key}: {self.generation}"
