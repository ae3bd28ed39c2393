"""The per-process, in-memory side of the index: every service's passage vector as one
float32 matrix (50,000 x 384 = 77 MB; stored as float16 in the database, 38 MB), the
languages each offers, and the index vocabulary with document frequencies (for typo
correction and for dropping near-universal words from full-text queries).

Loaded lazily on the first search and reloaded when ``IndexState.generation`` changes
(one primary-key lookup per search), so every worker process sees an import within one
request of it committing.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db import connections

from . import embeddings
from .concepts import PREFIX, trigger_vocabulary

STATE_KEY = "default"


@dataclass
class Snapshot:
    generation: str | None
    ids: list[str] = field(default_factory=list)
    row: dict[str, int] = field(default_factory=dict)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, embeddings.DIM), np.float32))
    languages: list[frozenset[str]] = field(default_factory=list)
    df: dict[str, int] = field(default_factory=dict)  # token -> documents containing it
    vocabulary: list[str] = field(default_factory=list)  # for rapidfuzz

    @property
    def size(self) -> int:
        return len(self.ids)


_lock = threading.Lock()
_snapshots: dict[str, Snapshot] = {}


def current_generation(using: str) -> str | None:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT generation FROM directory_search_state WHERE key = %s", [STATE_KEY])
        row = cursor.fetchone()
    return row[0] if row else None


def snapshot(using: str = "default") -> Snapshot:
    """The loaded index for database ``using``, reloaded if it changed since."""
    generation = current_generation(using)
    key = f"{using}:{connections[using].settings_dict.get('NAME')}"
    snap = _snapshots.get(key)
    if snap is not None and snap.generation == generation:
        return snap
    with _lock:
        snap = _snapshots.get(key)
        if snap is None or snap.generation != generation:
            snap = _load(using, generation)
            _snapshots[key] = snap
    return snap


def _load(using: str, generation: str | None) -> Snapshot:
    ids: list[str] = []
    blobs: list[bytes] = []
    languages: list[frozenset[str]] = []
    df: Counter[str] = Counter()
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT service_id, vector, languages, name_lexemes, body_lexemes "
            "FROM directory_search_document ORDER BY service_id"
        )
        for service_id, vector, langs, name, body in cursor.fetchall():
            if vector is None:
                continue
            ids.append(service_id)
            blobs.append(bytes(vector))
            languages.append(frozenset(langs.split()))
            df.update(set(name.split()) | set(body.split()))
    if blobs:
        matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(ids), -1)
        matrix = matrix.astype(np.float32)
    else:
        matrix = np.zeros((0, embeddings.DIM), np.float32)
    vocabulary = sorted({t for t in df if not t.startswith(PREFIX)} | set(trigger_vocabulary()))
    return Snapshot(
        generation=generation,
        ids=ids,
        row={sid: i for i, sid in enumerate(ids)},
        matrix=matrix,
        languages=languages,
        df=dict(df),
        vocabulary=vocabulary,
    )
