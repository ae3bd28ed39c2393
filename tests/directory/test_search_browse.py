"""Nearest-first listing: the growing boxes give exactly the brute-force answer."""

import random

import pytest

from hearth.directory.models import Location, Organization, Service, ServiceAtLocation
from hearth.directory.search import admitted, browse, haversine_km

pytestmark = pytest.mark.django_db

ORIGIN = (39.95, -75.16)


@pytest.fixture
def scattered():
    """60 services, some with two sites, spread from next door to 800 km away."""
    admitted.clear()
    rng = random.Random(7)
    org = Organization.objects.create(id="o", name="Org", description="d")
    sites: dict[str, list[tuple[float, float]]] = {}
    for i in range(60):
        sid = f"s{i:02d}"
        Service.objects.create(id=sid, organization=org, name=f"Service {i}", description="d")
        spread = rng.choice([0.01, 0.1, 1.0, 7.0])
        for j in range(rng.choice([1, 1, 2])):
            point = (
                ORIGIN[0] + rng.uniform(-spread, spread),
                ORIGIN[1] + rng.uniform(-spread, spread),
            )
            Location.objects.create(
                id=f"l{sid}{j}", location_type="physical", latitude=point[0], longitude=point[1]
            )
            ServiceAtLocation.objects.create(
                id=f"a{sid}{j}", service_id=sid, location_id=f"l{sid}{j}"
            )
            sites.setdefault(sid, []).append(point)
    Service.objects.create(id="nowhere", organization=org, name="Phone line", description="d")
    yield sites
    admitted.clear()


def _brute(sites, allowed, limit):
    best = {
        sid: min(haversine_km(ORIGIN, p) for p in pts)
        for sid, pts in sites.items()
        if sid in allowed
    }
    return sorted(best.items(), key=lambda item: (item[1], item[0]))[:limit]


@pytest.mark.parametrize("limit", [1, 5, 20, 60, 100])
def test_nearest_is_exact_without_a_filter(scattered, limit):
    got = browse.nearest(Service.objects.all(), ORIGIN, limit)
    want = _brute(scattered, set(scattered), limit)
    assert [sid for sid, _ in got] == [sid for sid, _ in want]
    assert [d for _, d in got] == pytest.approx([d for _, d in want])


@pytest.mark.parametrize("few", [0, 500])  # the growing boxes, and a narrow filter's own sites
def test_nearest_is_exact_under_a_filter(scattered, monkeypatch, few):
    monkeypatch.setattr(browse, "FEW", few)
    allowed = {sid for sid in scattered if int(sid[1:]) % 3 == 0}
    got = browse.nearest(Service.objects.filter(id__in=allowed), ORIGIN, 10)
    want = _brute(scattered, allowed, 10)
    assert [sid for sid, _ in got] == [sid for sid, _ in want]
    assert [d for _, d in got] == pytest.approx([d for _, d in want])


def test_browse_lists_services_without_a_site_after_the_located_ones(scattered):
    rows = browse.browse(Service.objects.all(), origin=ORIGIN, limit=100)
    assert len(rows) == 61
    assert rows[-1][0] == "nowhere" and rows[-1][3] is None
    assert rows[0][2][0].endswith("km away")
