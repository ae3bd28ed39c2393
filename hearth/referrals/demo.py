"""Demo data for this app, loaded by ``seed_demo`` for the Riverbend organisation."""

from __future__ import annotations


def load_demo(org, accounts, created: dict[str, int], *, now) -> None:
    """Create this app's demo records for ``org`` (idempotent: only what is missing)."""
