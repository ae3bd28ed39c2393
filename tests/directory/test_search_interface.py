import pytest

from hearth.directory.models import Location, Organization, Service, ServiceAtLocation
from hearth.directory.search import SearchHit, haversine_km, reindex_services, search_services

pytestmark = pytest.mark.django_db


def _service(sid, name, description="", lat=None, lon=None):
    org, _ = Organization.objects.get_or_create(
        id="00000000-0000-4000-8000-000000000001", defaults={"name": "Org", "description": "d"}
    )
    service = Service.objects.create(id=sid, organization=org, name=name, description=description)
    if lat is not None:
        loc = Location.objects.create(
            id=f"loc-{sid}", location_type="physical", latitude=lat, longitude=lon
        )
        ServiceAtLocation.objects.create(id=f"sal-{sid}", service=service, location=loc)
    return service


def test_search_services_ranks_name_matches_first():
    _service("a", "Food pantry", "Groceries every week")
    _service("b", "Night shelter", "A bed and a hot meal, food included")
    _service("c", "Legal aid", "Tenancy advice")
    reindex_services()
    hits = search_services(Service.objects.all(), "food")
    assert [h.service_id for h in hits] == ["a", "b"]
    assert isinstance(hits[0], SearchHit)
    assert hits[0].score > hits[1].score
    assert hits[0].reasons


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "🏠🍞", "'; DROP TABLE directory_service; --", "%_"]
)
def test_search_services_survives_odd_input(text):
    _service("a", "Food pantry")
    reindex_services()
    hits = search_services(Service.objects.all(), text)
    assert isinstance(hits, list)
    assert Service.objects.count() == 1


def test_search_services_empty_text_orders_by_distance_with_origin():
    _service("far", "A far place", lat=40.0, lon=-75.0)
    _service("near", "B near place", lat=39.95, lon=-75.16)
    hits = search_services(Service.objects.all(), "", origin=(39.95, -75.16))
    assert [h.service_id for h in hits] == ["near", "far"]
    assert hits[0].distance_km == pytest.approx(0.0, abs=0.01)


def test_search_services_empty_text_orders_by_name_without_origin():
    _service("2", "Beta")
    _service("1", "Alpha")
    assert [h.service_id for h in search_services(Service.objects.all(), "")] == ["1", "2"]


def test_haversine_known_distance():
    # Philadelphia City Hall to the Liberty Bell: about 1.2 km.
    assert haversine_km((39.9526, -75.1635), (39.9496, -75.1503)) == pytest.approx(1.18, abs=0.1)
