"""/hsda/: HSDS 3.0 API responses, parameters as hard filters, bad input answered 400."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time

import jsonschema
import pytest
from django.test import Client
from django.utils import timezone

from hearth.directory.hsds.load import import_source
from hearth.directory.hsds.read import read_source
from hearth.directory.models import CostOption, Language, Schedule, Service, ServiceArea
from hearth.directory.search import reindex_services
from tests.directory.helpers import COMPILED, EXAMPLES, located, org, service, tag, uid

pytestmark = pytest.mark.django_db


def _get(path, **params):
    response = Client().get(path, params)
    return response, (
        response.json() if response["Content-Type"].startswith("application/json") else None
    )


def _schema(name):
    return json.loads((COMPILED / name).read_text())


PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def official():
    assert import_source(read_source(EXAMPLES / "csv")).ok


def test_root_describes_the_api():
    response, body = _get("/hsda/")
    assert response.status_code == 200
    assert body["version"] == "3.0" and body["openapi_url"].startswith("https://")


def test_services_page_shape_and_items_validate(official):
    response, body = _get("/hsda/services")
    assert response.status_code == 200
    assert set(body) == PAGE_KEYS
    assert (
        body["total_items"] == 1 and body["size"] == 1 and body["first_page"] and body["last_page"]
    )
    jsonschema.validate(body["contents"][0], _schema("service_list.json"))


def test_service_detail_is_full_and_validates(official):
    response, body = _get("/hsda/services/ac148810-d857-441c-9679-408f346de14b")
    assert response.status_code == 200
    jsonschema.validate(body, _schema("service.json"))
    assert body["service_at_locations"][0]["location"]["addresses"]


def test_unknown_ids_are_json_404(official):
    for path in (
        "services",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
        "service_at_locations",
    ):
        response, body = _get(f"/hsda/{path}/{uid('nothing')}")
        assert response.status_code == 404 and body["detail"]


def test_other_endpoints_validate(official):
    _, body = _get("/hsda/organizations/d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", full_service="true")
    jsonschema.validate(body, _schema("organization.json"))
    _, body = _get("/hsda/organizations")
    jsonschema.validate(body["contents"][0], _schema("organization_list.json"))
    _, body = _get("/hsda/service_at_locations")
    assert body["total_items"] == 1
    jsonschema.validate(body["contents"][0], _schema("service_at_location_list.json"))
    _, body = _get("/hsda/service_at_locations/e94c9f38-1e8f-4564-91d4-d53501ab1765")
    jsonschema.validate(body, _schema("service_at_location.json"))
    _, body = _get("/hsda/taxonomy_terms")
    assert body["contents"][0]["id"] == "3f7b145d-84af-42d7-8fae-eaca714b02b2"
    _, body = _get("/hsda/taxonomies")
    assert body["contents"][0]["name"] == "name"


def test_minimal_and_full(official):
    _, minimal = _get("/hsda/services", minimal="true")
    assert set(minimal["contents"][0]) == {"id", "name", "status", "last_modified"}
    _, full = _get("/hsda/services", full="true")
    jsonschema.validate(full["contents"][0], _schema("service.json"))
    assert "service_at_locations" in full["contents"][0]


def test_pagination_and_ndjson():
    for i in range(5):
        service(f"s{i}", name=f"Service {i}")
    _, body = _get("/hsda/services", per_page=2, page=2)
    assert [c["name"] for c in body["contents"]] == ["Service 2", "Service 3"]
    assert body["total_pages"] == 3 and not body["first_page"] and not body["last_page"]
    _, body = _get("/hsda/services", per_page=2, page=9)
    assert body["empty"] and body["contents"] == []
    response = Client().get("/hsda/services", {"format": "ndjson", "per_page": 2})
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["name"] for line in lines] == [f"Service {i}" for i in range(5)]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"radius_km": "0", "lat": "39.9", "lon": "-75.1"}, "radius_km"),
        ({"radius_km": "-5", "lat": "39.9", "lon": "-75.1"}, "radius_km"),
        ({"radius_km": "5"}, "radius_km"),
        ({"per_page": "100000"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"modified_after": "last tuesday"}, "modified_after"),
        ({"lat": "91", "lon": "0"}, "lat"),
        ({"lat": "10"}, "lon"),
        ({"open_on": "someday"}, "open_on"),
        ({"age": "-3"}, "age"),
        ({"free": "maybe"}, "free"),
        ({"format": "xml"}, "format"),
        ({"proximity": "1000"}, "proximity"),
        ({"proximity": "-1", "postcode": "19107"}, "proximity"),
    ],
)
def test_bad_parameters_get_400_with_a_message(params, field):
    response, body = _get("/hsda/services", **params)
    assert response.status_code == 400
    assert field in body["errors"] and body["errors"][field]


@pytest.mark.parametrize("text", ["x" * 10_000, "🏠🛏️", "' OR 1=1; --", "%", "\x00"])
def test_odd_search_text_never_500(text):
    service("a", name="Shelter")
    response, body = _get("/hsda/services", search=text)
    assert response.status_code == 200
    assert set(body) == PAGE_KEYS


def test_search_orders_by_relevance_and_filters_are_hard():
    a = service("a", name="Night shelter", description="Beds tonight")
    b = service("b", name="Day centre", description="Shelter from the rain, showers")
    c = service("c", name="Shelter for families", organization=org("other"))
    tag(a, "housing")
    tag(b, "housing")
    reindex_services()  # the factories write rows directly; search sees indexed services only
    _, body = _get("/hsda/services", search="shelter")
    assert body["total_items"] == 3
    _, body = _get("/hsda/services", search="shelter", taxonomy_term_id=uid("term:housing"))
    assert [x["id"] for x in body["contents"]] == [a.id, b.id]
    _, body = _get("/hsda/services", search="shelter", organization_id=org("other").id)
    assert [x["id"] for x in body["contents"]] == [c.id]


def test_language_free_age_filters():
    es = service("es", name="Grupo de apoyo", minimum_age=18)
    en = service("en", name="Support group", maximum_age=17)
    Language.objects.create(id=uid("l1"), service=es, name="Spanish", code="es")
    Language.objects.create(id=uid("l2"), service=en, name="English", code="en")
    CostOption.objects.create(id=uid("c1"), service=es, amount=0)
    CostOption.objects.create(id=uid("c2"), service=en, amount=20)
    ids = lambda body: [x["id"] for x in body["contents"]]  # noqa: E731
    assert ids(_get("/hsda/services", language="spa")[1]) == [es.id]
    assert ids(_get("/hsda/services", language="Spanish")[1]) == [es.id]
    assert ids(_get("/hsda/services", free="true")[1]) == [es.id]
    assert ids(_get("/hsda/services", age="16")[1]) == [en.id]
    assert ids(_get("/hsda/services", age="30")[1]) == [es.id]


def test_schedule_filters(settings):
    settings.TIME_ZONE = "UTC"
    weekday = service("weekday", name="Weekday clinic")
    night = service("night", name="Night shelter")
    Schedule.objects.create(
        id=uid("sch1"),
        service=weekday,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=time(9),
        closes_at=time(17),
    )
    Schedule.objects.create(
        id=uid("sch2"),
        service=night,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens_at=time(19),
        closes_at=time(7),
    )
    ids = lambda body: sorted(x["id"] for x in body["contents"])  # noqa: E731
    assert ids(_get("/hsda/services", open_on="SU")[1]) == [night.id]
    assert ids(_get("/hsda/services", open_on="monday")[1]) == sorted([weekday.id, night.id])
    from hearth.directory.filters import parse_filters
    from hearth.directory.selectors import filter_services

    def open_at(moment):
        f = parse_filters({"open_now": "true"})
        return sorted(
            filter_services(Service.objects.all(), f, now=moment).values_list("id", flat=True)
        )

    assert open_at(datetime(2026, 12, 7, 10, 0, tzinfo=UTC)) == [weekday.id]  # Monday 10:00
    assert open_at(datetime(2026, 12, 7, 23, 0, tzinfo=UTC)) == [night.id]
    assert open_at(datetime(2026, 12, 8, 3, 0, tzinfo=UTC)) == [night.id]
    assert open_at(datetime(2026, 12, 7, 18, 0, tzinfo=UTC)) == []


def test_proximity_and_postcode():
    near = service("near", name="Near")
    far = service("far", name="Far")
    located(near, lat=39.9526, lon=-75.1652, postcode="19107")
    located(far, lat=40.4406, lon=-79.9959, postcode="15222")
    ServiceArea.objects.create(id=uid("area"), service=far, extent="Zip codes 19107 and 19106")
    ids = lambda body: [x["id"] for x in body["contents"]]  # noqa: E731
    body = _get("/hsda/services", lat="39.95", lon="-75.16", radius_km="10")[1]
    assert ids(body) == [near.id]
    body = _get("/hsda/services", lat="39.95", lon="-75.16")[1]
    assert ids(body) == [near.id, far.id]  # nearest first
    assert sorted(ids(_get("/hsda/services", postcode="19107")[1])) == sorted([near.id, far.id])
    assert ids(_get("/hsda/services", postcode="19107", proximity="5000")[1]) == [near.id]
    assert ids(_get("/hsda/services", postcode="99999", proximity="5000")[1]) == []
    # A service at a location matches a postcode only by that location's own address.
    body = _get("/hsda/service_at_locations", postcode="15222")[1]
    assert [x["service_id"] for x in body["contents"]] == [far.id]
    body = _get("/hsda/service_at_locations", postcode="19107")[1]
    assert [x["service_id"] for x in body["contents"]] == [near.id]


def test_modified_after():
    old = service("old", name="Old", last_modified=datetime(2020, 1, 1, tzinfo=UTC))
    new = service("new", name="New", last_modified=timezone.now())
    body = _get("/hsda/services", modified_after="2024-01-01T00:00:00Z")[1]
    assert [x["id"] for x in body["contents"]] == [new.id]
    assert old.id not in [x["id"] for x in body["contents"]]
