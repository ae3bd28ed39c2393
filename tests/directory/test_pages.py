"""Find help (public), the staff resource-connecting view, the saved list (print, text,
email), corrections, and the export downloads."""

from __future__ import annotations

import io
import json
import zipfile

import jsonschema
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.audit.models import AuditEvent
from hearth.core import messaging
from hearth.core.policy import Role
from hearth.directory import services
from hearth.directory.models import (
    CorrectionStatus,
    ListingCorrection,
    Metadata,
    SavedResource,
    Service,
)
from hearth.directory.search import reindex_services
from tests.conftest import signed_in_client
from tests.directory.helpers import COMPILED, located, service, tag, uid
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.HEARTH_SMS_BACKEND = "hearth.core.messaging.LocmemSMSBackend"
    messaging.outbox.clear()


def _listings(n: int, prefix="Shelter"):
    out = []
    for i in range(n):
        s = service(f"{prefix}-{i}", name=f"{prefix} {i}", description="A bed tonight")
        located(s, lat=39.95 + i / 1000, lon=-75.16, postcode="19107")
        tag(s, "housing")
        out.append(s)
    reindex_services()  # the factories write rows directly; search sees indexed services only
    return out


def test_find_help_is_public_and_shows_the_crisis_banner_first():
    _listings(2)
    response = Client().get("/find-help/", {"q": "shelter"})
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index('<main id="main"') :]
    assert main.index("crisis-banner") < main.index("<h1")
    assert "Shelter 0" in html and "Shelter 1" in html
    assert "<script" not in main  # the page itself needs no JavaScript


def test_find_help_in_spanish():
    _listings(1)
    response = Client().get("/find-help/", {"q": "shelter"}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Buscar" in response.content.decode()


@pytest.mark.parametrize("text", ["x" * 10_000, "🏠", "'; DROP TABLE x; --"])
def test_find_help_odd_input_never_500(text):
    _listings(1)
    assert Client().get("/find-help/", {"q": text, "near": "🏠" * 30}).status_code == 200


def test_find_help_unknown_zip_says_so():
    _listings(1)
    response = Client().get("/find-help/", {"q": "shelter", "near": "00000"})
    assert "We do not know where ZIP code 00000 is" in response.content.decode()


def test_find_help_near_zip_sorts_by_distance():
    _listings(2)
    response = Client().get("/find-help/", {"near": "19107"})
    assert "km away" in response.content.decode()


def test_find_help_hides_defunct_services():
    service("gone", name="Closed shelter", status="defunct")
    response = Client().get("/find-help/", {"q": "shelter"})
    assert "Closed shelter" not in response.content.decode()


def test_find_help_query_count_stays_flat():
    _listings(2)
    with CaptureQueriesContext(connection) as few:
        Client().get("/find-help/", {"q": "shelter"})
    _listings(8, prefix="Shelter extra")
    with CaptureQueriesContext(connection) as many:
        Client().get("/find-help/", {"q": "shelter"})
    assert len(many) == len(few)


def test_service_page_and_unknown_404():
    s = _listings(1)[0]
    response = Client().get(f"/find-help/services/{s.id}/")
    assert response.status_code == 200 and "Shelter 0" in response.content.decode()
    assert Client().get(f"/find-help/services/{uid('none')}/").status_code == 404


# --- Staff: resource connecting from a participant's record -----------------------------


def test_connect_view_audits_and_shows_the_saved_list(world):
    s = _listings(1)[0]
    specialist = world.users[Role.PEER_SPECIALIST]
    SavedResource.objects.create(
        organisation=world.org, participant=world.mine, service=s, added_by=specialist
    )
    client = signed_in_client(specialist)
    response = client.get(f"/directory/participants/{world.mine.public_id}/", {"q": "shelter"})
    assert response.status_code == 200
    assert "On their list" in response.content.decode()
    event = AuditEvent.objects.filter(object_type="saved_resources", action="view").get()
    assert event.object_id == str(world.mine.public_id)
    assert "shelter" not in event.detail  # the search text is never audited or logged


def test_connect_outsider_gets_404(world):
    outsider = UserFactory(organisation=world.other_org, role=Role.PEER_SPECIALIST)
    client = signed_in_client(outsider)
    assert client.get(f"/directory/participants/{world.mine.public_id}/").status_code == 404
    other_case = signed_in_client(world.users[Role.PEER_SPECIALIST])
    url = f"/directory/participants/{world.stranger_case.public_id}/"
    assert other_case.get(url).status_code == 404
    assert other_case.get(url + "print/").status_code == 404


def test_connect_query_count_stays_flat(world):
    client = signed_in_client(world.users[Role.PEER_SPECIALIST])
    url = f"/directory/participants/{world.mine.public_id}/"
    for s in _listings(2):
        services.saved_resource_add(
            actor=world.users[Role.PEER_SPECIALIST], participant=world.mine, service=s
        )
    client.get(url, {"q": "shelter"})  # warm up (session, caches)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "shelter"})
    for s in _listings(6, prefix="Shelter more"):
        services.saved_resource_add(
            actor=world.users[Role.PEER_SPECIALIST], participant=world.mine, service=s
        )
    client.get(url, {"q": "shelter"})  # the reindex changed the index version: reload once
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"q": "shelter"})
    # The audit write's chain lock and insert are constant too.
    assert len(many) == len(few)


def test_save_and_remove(world):
    s = _listings(1)[0]
    client = signed_in_client(world.users[Role.PEER_SPECIALIST])
    base = f"/directory/participants/{world.mine.public_id}/"
    response = client.post(
        base + "save", {"service": s.id, "note": "Ask for Dana", "query": "q=bed"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?q=bed")
    saved = SavedResource.objects.get(participant=world.mine)
    assert saved.note == "Ask for Dana"
    response = client.post(base + f"remove/{saved.public_id}")
    assert response.status_code == 302
    assert not SavedResource.objects.exists()
    assert AuditEvent.objects.filter(object_type="saved_resources", action="create").exists()


def test_print_view_is_audited_as_export(world):
    s = _listings(1)[0]
    services.saved_resource_add(
        actor=world.users[Role.PEER_SPECIALIST], participant=world.mine, service=s
    )
    client = signed_in_client(world.users[Role.PEER_SPECIALIST])
    response = client.get(f"/directory/participants/{world.mine.public_id}/print/")
    assert response.status_code == 200
    assert "Shelter 0" in response.content.decode()
    assert AuditEvent.objects.filter(object_type="saved_resources", action="export").exists()


def _with_list(world, **contact):
    for key, value in contact.items():
        setattr(world.mine, key, value)
    world.mine.save()
    s = _listings(1)[0]
    services.saved_resource_add(
        actor=world.users[Role.PEER_SPECIALIST], participant=world.mine, service=s
    )
    return signed_in_client(world.users[Role.PEER_SPECIALIST])


def test_text_the_list_with_consent(world, django_capture_on_commit_callbacks):
    client = _with_list(world, may_text="yes", phone="215-555-0199")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/directory/participants/{world.mine.public_id}/send", {"channel": "sms"}
        )
    assert response.status_code == 302
    assert len(messaging.outbox) == 1
    assert messaging.outbox[0].to == "215-555-0199"
    assert "Shelter 0" in messaging.outbox[0].body and "988" in messaging.outbox[0].body


def test_text_refused_without_consent(world, django_capture_on_commit_callbacks):
    client = _with_list(world, may_text="no", phone="215-555-0199")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/directory/participants/{world.mine.public_id}/send", {"channel": "sms"}, follow=True
        )
    assert "have not agreed to text messages" in response.content.decode()
    assert messaging.outbox == []


def test_email_the_list(world, django_capture_on_commit_callbacks):
    client = _with_list(world, may_email="yes", email="p@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/directory/participants/{world.mine.public_id}/send", {"channel": "email"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["p@example.org"]
    assert AuditEvent.objects.filter(object_type="saved_resources", detail="email").exists()


def test_email_without_address_is_refused(world, django_capture_on_commit_callbacks):
    client = _with_list(world, may_email="yes", email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/directory/participants/{world.mine.public_id}/send",
            {"channel": "email"},
            follow=True,
        )
    assert "There is no email address" in response.content.decode()
    assert mail.outbox == []


# --- Corrections ------------------------------------------------------------------------


def test_suggest_and_apply_a_correction(world):
    s = service("listing", name="Old name")
    client = signed_in_client(world.users[Role.CLINICIAN])
    response = client.post(
        f"/directory/services/{s.id}/correct/",
        {"field_name": "name", "proposed_value": "New name", "note": "Called them"},
    )
    assert response.status_code == 302
    correction = ListingCorrection.objects.get()
    assert correction.current_value == "Old name"
    admin = signed_in_client(world.users[Role.ORG_ADMIN])
    assert "New name" in admin.get("/directory/corrections/").content.decode()
    admin.post(f"/directory/corrections/{correction.public_id}/review", {"decision": "apply"})
    s.refresh_from_db()
    correction.refresh_from_db()
    assert s.name == "New name" and s.last_modified is not None
    assert correction.status == CorrectionStatus.APPLIED
    meta = Metadata.objects.get(resource_id=s.id)
    assert (meta.previous_value, meta.replacement_value) == ("Old name", "New name")


def test_correction_form_errors_are_400(world):
    s = service("listing")
    client = signed_in_client(world.users[Role.PEER_SPECIALIST])
    response = client.post(f"/directory/services/{s.id}/correct/", {"field_name": "nope"})
    assert response.status_code == 400
    assert ListingCorrection.objects.count() == 0


def test_stale_correction_is_refused(world):
    s = service("listing", name="Old name")
    correction = services.listing_correction_suggest(
        actor=world.users[Role.PEER_SPECIALIST], service=s, field_name="name", proposed_value="A"
    )
    Service.objects.filter(pk=s.pk).update(name="Changed meanwhile")
    admin = signed_in_client(world.users[Role.ORG_ADMIN])
    response = admin.post(
        f"/directory/corrections/{correction.public_id}/review", {"decision": "apply"}, follow=True
    )
    assert "has changed since" in response.content.decode()
    s.refresh_from_db()
    assert s.name == "Changed meanwhile"


def test_other_organisations_correction_is_404(world):
    s = service("listing")
    outsider_admin = UserFactory(organisation=world.other_org, role=Role.ORG_ADMIN)
    correction = services.listing_correction_suggest(
        actor=world.users[Role.PEER_SPECIALIST], service=s, field_name="name", proposed_value="A"
    )
    client = signed_in_client(outsider_admin)
    url = f"/directory/corrections/{correction.public_id}/review"
    assert client.post(url, {"decision": "apply"}).status_code == 404


# --- Export downloads -------------------------------------------------------------------


def test_export_downloads(world):
    _listings(2)
    client = signed_in_client(world.users[Role.PEER_SPECIALIST])
    response = client.get("/directory/export.json")
    document = json.loads(response.content)
    schema = json.loads((COMPILED / "service_package.json").read_text())
    jsonschema.validate(document, schema)
    response = client.get("/directory/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "services.csv" in archive.namelist() and "datapackage.json" in archive.namelist()
