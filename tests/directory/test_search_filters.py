"""Filtered search: the filters run once per search (and are kept per filter until the
directory changes), and the full-text side returns the exact best hits among the admitted
listings whichever way it fetches them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.directory.models import Language, Service
from hearth.directory.search import admitted, engine, search_services, store
from tests.directory.test_search_engine import directory  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    admitted.clear()
    yield
    admitted.clear()


def spanish():
    return Service.objects.filter(
        id__in=Language.objects.filter(name="Spanish").values("service_id")
    )


def _ids(qs, text):
    return [h.service_id for h in search_services(qs, text)]


def _filter_runs(queries) -> int:
    """How many of the captured queries ran the caller's filter (the language lookup)."""
    return sum('"directory_language"' in q["sql"] for q in queries)


def test_a_filter_runs_once_per_search_then_is_reused(directory):  # noqa: F811
    with CaptureQueriesContext(connection) as first:
        assert set(_ids(spanish(), "ayuda")) <= {"grupo", "alq"}
    assert _filter_runs(first.captured_queries) == 1
    with CaptureQueriesContext(connection) as again:
        assert set(_ids(spanish(), "apoyo")) <= {"grupo", "alq"}
    assert _filter_runs(again.captured_queries) == 0


def test_a_change_to_the_directory_is_seen_by_the_next_filtered_search(directory):  # noqa: F811
    assert "pantry" not in _ids(spanish(), "comida")
    Language.objects.create(id="lang-pantry", service_id="pantry", code="es", name="Spanish")
    assert "pantry" in _ids(spanish(), "comida")
    Language.objects.filter(id="lang-pantry").get().delete()
    assert "pantry" not in _ids(spanish(), "comida")


def test_an_entry_expires(directory, monkeypatch):  # noqa: F811
    assert admitted.admitted_ids(spanish()) == {"grupo", "alq"}
    # A write that bypasses the ORM's signals is seen once the entry has expired.
    Language.objects.filter(id="lang-alq").update(name="French")
    assert admitted.admitted_ids(spanish()) == {"grupo", "alq"}
    monkeypatch.setattr(admitted, "TTL_SECONDS", -1.0)
    admitted.clear()
    assert admitted.admitted_ids(spanish()) == {"grupo"}


def test_unhashable_or_empty_filters_are_answered_without_the_cache(directory):  # noqa: F811
    assert admitted.admitted_ids(Service.objects.filter(id__in=[])) == frozenset()
    assert admitted.admitted_ids(Service.objects.filter(id__in=["tax"])) == {"tax"}


@pytest.mark.parametrize("inline", [0, 10_000])
def test_full_text_finds_the_exact_best_hits_among_the_admitted(directory, monkeypatch, inline):  # noqa: F811
    snap = store.snapshot()
    everything = Service.objects.all()
    query = engine.analyse_query("free help shelter food rent", snap, understand=True)
    unrestricted = engine.lexical_candidates(everything, query, 100)
    assert len(unrestricted) >= 4
    admitted_set = frozenset(list(unrestricted)[1::2])  # every other hit, the best one left out
    expected = {sid: s for sid, s in unrestricted.items() if sid in admitted_set}
    monkeypatch.setattr(engine, "INLINE_IDS", inline)
    for limit in (1, 2, len(expected), 100):  # shallow (over-fetch then fall back) and deep
        got = engine.lexical_candidates(
            everything, query, limit, admitted=admitted_set, size=snap.size
        )
        best = sorted(expected.items(), key=lambda kv: -kv[1])[:limit]
        assert set(got) == {sid for sid, _ in best}, limit
        assert got == pytest.approx(dict(best))
