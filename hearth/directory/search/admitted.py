"""Which services a filtered queryset admits, computed once per filter and kept for a while.

Search runs the caller's filters (language, distance, open now, ...) as one query that
lists the admitted ids, then works on that set in memory (decision 0038). The same filters
come back again and again ("Spanish", "near me"), so the set is kept per process, keyed by
the filter's SQL and parameters and by two versions stored in the database:

- the index generation (changes on every reindex, so also on every import), and
- the directory's data version, changed by a signal whenever a directory record is saved or
  deleted through the ORM (:func:`bump`).

A write in an uncommitted transaction bumps a version nobody else can see yet, so nothing
stale is ever served under a version that committed. Writes that bypass the ORM without a
reindex are covered by a time limit (``TTL_SECONDS``).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections

from .store import STATE_KEY as INDEX_KEY

DATA_KEY = "data"
TTL_SECONDS = 60.0
MAX_ENTRIES = 32

_lock = threading.Lock()
_entries: OrderedDict[tuple, _Entry] = OrderedDict()


class _Entry:
    __slots__ = ("expires", "ids", "rows")

    def __init__(self, ids: frozenset[str], expires: float):
        self.ids = ids
        self.expires = expires
        self.rows: dict[str | None, np.ndarray] = {}  # snapshot generation -> matrix rows


def is_filtered(services) -> bool:
    """Whether the queryset may admit less than every service."""
    q = services.query
    return bool(q.where) or q.low_mark != 0 or q.high_mark is not None


def versions(using: str) -> tuple[str | None, str | None]:
    """(index generation, data version) as committed, read in one query."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT key, generation FROM directory_search_state WHERE key IN (%s, %s)",
            [INDEX_KEY, DATA_KEY],
        )
        found = dict(cursor.fetchall())
    return found.get(INDEX_KEY), found.get(DATA_KEY)


def bump(using: str = "default") -> None:
    """Mark the directory's data as changed (called on every ORM write to it)."""
    from .models import IndexState

    IndexState.objects.using(using).update_or_create(
        key=DATA_KEY, defaults={"generation": uuid.uuid4().hex}
    )


def _key(services) -> tuple | None:
    inner = services.order_by().values("pk").query
    try:
        sql, params = inner.get_compiler(using=services.db).as_sql()
    except EmptyResultSet:
        return ()
    conn = connections[services.db]
    key = (services.db, conn.settings_dict.get("NAME"), sql, tuple(params))
    try:
        hash(key)
    except TypeError:  # an unhashable parameter: not cached
        return None
    return key


def _entry(services) -> _Entry:
    key = _key(services)
    if key == ():
        return _Entry(frozenset(), 0.0)
    now = time.monotonic()
    if key is not None:
        key = (*key, *versions(services.db))
        with _lock:
            entry = _entries.get(key)
            if entry is not None and entry.expires > now:
                _entries.move_to_end(key)
                return entry
    entry = _Entry(frozenset(services.order_by().values_list("pk", flat=True)), now + TTL_SECONDS)
    if key is not None:
        with _lock:
            _entries[key] = entry
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return entry


def admitted_ids(services) -> frozenset[str]:
    """The ids of every service the queryset admits."""
    return _entry(services).ids


def admitted(services, snap) -> tuple[frozenset[str], np.ndarray]:
    """The admitted ids and their rows in the snapshot's vector matrix."""
    entry = _entry(services)
    rows = entry.rows.get(snap.generation)
    if rows is None:
        index = snap.row
        rows = np.fromiter((index[s] for s in entry.ids if s in index), dtype=np.int64)
        rows.sort()
        entry.rows = {snap.generation: rows}
    return entry.ids, rows


def clear() -> None:
    with _lock:
        _entries.clear()
