"""Billing pages: payers' rules (validation, stale edits, audit), the intervention list,
and the claims page (report on screen, downloads, bad input)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from hearth.audit.models import Action, AuditEvent
from hearth.core.policy import Role
from hearth.encounters.models import DEFAULT_INTERVENTIONS, Intervention, NoteStatus, Payer
from tests.encounters.claims_factories import certify, local, make_encounter, make_payer
from tests.factories import assign

DAY = date(2025, 5, 14)

PAYER_POST = {
    "name": "NJ Medicaid",
    "hcpcs_code": "h0038",
    "modifiers": "hf",
    "group_modifier": "HQ",
    "unit_minutes": "15",
    "rounding": "threshold",
    "partial_unit_minutes": "8",
    "daily_unit_cap": "16",
    "certified_renderer_required": "on",
    "is_active": "on",
}


@pytest.fixture
def admin(world, client_for):
    return client_for(world.users[Role.ORG_ADMIN])


def test_admin_adds_a_payer_and_it_is_audited(world, admin):
    response = admin.post(reverse("billing:payer_create"), PAYER_POST)
    assert response.status_code == 302
    payer = Payer.objects.get(organisation=world.org)
    assert (payer.hcpcs_code, payer.modifiers, payer.daily_unit_cap) == ("H0038", "HF", 16)
    event = AuditEvent.objects.get(object_type="payer")
    assert (event.action, event.object_id) == (Action.CREATE, str(payer.public_id))
    listing = admin.get(reverse("billing:payers")).content.decode()
    assert "NJ Medicaid" in listing and "16 units" in listing


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"partial_unit_minutes": "20"}, "partial_unit_minutes"),
        ({"unit_minutes": "0"}, "unit_minutes"),
        ({"hcpcs_code": "peer"}, "hcpcs_code"),
        ({"modifiers": "HF, TOOLONG"}, "modifiers"),
        ({"modifiers": "HF U1 U2 U3"}, "modifiers"),
        ({"daily_unit_cap": "200"}, "daily_unit_cap"),
        ({"daily_unit_cap": "0"}, "daily_unit_cap"),
        ({"rounding": "guess"}, "rounding"),
        ({"name": ""}, "name"),
    ],
)
def test_payer_form_refuses_rules_that_do_not_add_up(world, admin, change, field):
    response = admin.post(reverse("billing:payer_create"), {**PAYER_POST, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Payer.objects.exists()


def test_payer_name_must_be_unique_in_the_organisation(world, admin):
    make_payer(world.org, name="NJ Medicaid")
    make_payer(world.other_org, name="Elsewhere")
    response = admin.post(reverse("billing:payer_create"), {**PAYER_POST, "name": "nj medicaid"})
    assert response.status_code == 400
    assert "already a payer" in response.content.decode()
    ok = admin.post(reverse("billing:payer_create"), {**PAYER_POST, "name": "Elsewhere"})
    assert ok.status_code == 302  # another organisation's names do not clash


def test_partial_minutes_are_free_when_only_whole_units_count(world, admin):
    post = {**PAYER_POST, "rounding": "whole_units", "partial_unit_minutes": "8"}
    assert admin.post(reverse("billing:payer_create"), post).status_code == 302


def test_payer_edit_records_changed_fields(world, admin):
    payer = make_payer(world.org, name="NJ Medicaid", modifiers="HF", daily_unit_cap=16)
    url = reverse("billing:payer_edit", kwargs={"pk": payer.public_id})
    stamp = admin.get(url).context["form"]["stamp"].value()
    response = admin.post(url, {**PAYER_POST, "daily_unit_cap": "12", "stamp": stamp})
    assert response.status_code == 302
    payer.refresh_from_db()
    assert payer.daily_unit_cap == 12
    assert AuditEvent.objects.get(object_type="payer").detail == "daily_unit_cap"


def test_stale_payer_edit_is_refused_and_keeps_what_was_typed(world, admin, client_for):
    payer = make_payer(world.org, name="NJ Medicaid", daily_unit_cap=16)
    url = reverse("billing:payer_edit", kwargs={"pk": payer.public_id})
    stale = admin.get(url).context["form"]["stamp"].value()
    other_admin = client_for(world.users[Role.ORG_ADMIN])
    fresh = other_admin.get(url).context["form"]["stamp"].value()
    other_admin.post(url, {**PAYER_POST, "daily_unit_cap": "10", "stamp": fresh})
    response = admin.post(url, {**PAYER_POST, "daily_unit_cap": "12", "stamp": stale})
    assert response.status_code == 409
    assert "Someone else changed this payer" in response.content.decode()
    payer.refresh_from_db()
    assert payer.daily_unit_cap == 10
    form = response.context["form"]
    assert form["daily_unit_cap"].value() == "12"
    # Saving again on purpose overwrites.
    again = admin.post(url, {**PAYER_POST, "daily_unit_cap": "12", "stamp": form["stamp"].value()})
    assert again.status_code == 302
    payer.refresh_from_db()
    assert payer.daily_unit_cap == 12


def test_another_organisations_payer_is_404(world, admin):
    theirs = make_payer(world.other_org, name="Theirs")
    url = reverse("billing:payer_edit", kwargs={"pk": theirs.public_id})
    assert admin.get(url).status_code == 404
    assert admin.post(url, PAYER_POST).status_code == 404


# -- interventions ---------------------------------------------------------------------


def test_intervention_list_starts_with_the_usual_list_once(world, admin):
    url = reverse("billing:interventions")
    admin.get(url)
    admin.get(url)
    names = list(Intervention.objects.filter(organisation=world.org).values_list("name", flat=True))
    assert names == [str(n) for n in DEFAULT_INTERVENTIONS]
    assert not Intervention.objects.filter(organisation=world.other_org).exists()


def test_intervention_add_rename_deactivate_and_move(world, admin):
    url = reverse("billing:interventions")
    admin.get(url)
    assert admin.post(url, {"name": "Harm reduction supplies"}).status_code == 302
    duplicate = admin.post(url, {"name": "advocacy"})
    assert duplicate.status_code == 400 and "already on the list" in duplicate.content.decode()
    assert admin.post(url, {"name": "  "}).status_code == 400
    item = Intervention.objects.get(organisation=world.org, name="Harm reduction supplies")
    edit = reverse("billing:intervention_edit", kwargs={"pk": item.public_id})
    assert admin.post(edit, {"name": "Harm reduction"}).status_code == 302  # unticked: off
    item.refresh_from_db()
    assert (item.name, item.is_active) == ("Harm reduction", False)
    move = reverse("billing:intervention_move", kwargs={"pk": item.public_id})
    admin.post(move, {"direction": "up"})
    order = list(Intervention.objects.filter(organisation=world.org).order_by("position"))
    assert order[-2].pk == item.pk
    assert [i.position for i in order] == list(range(len(order)))
    first = order[0]
    admin.post(reverse("billing:intervention_move", kwargs={"pk": first.public_id}), {})
    first.refresh_from_db()
    assert first.position == 0  # already first: nothing moves


def test_another_organisations_intervention_is_404(world, admin):
    theirs = Intervention.objects.create(organisation=world.other_org, name="Theirs")
    edit = reverse("billing:intervention_edit", kwargs={"pk": theirs.public_id})
    assert admin.get(edit).status_code == 404
    move = reverse("billing:intervention_move", kwargs={"pk": theirs.public_id})
    assert admin.post(move, {"direction": "up"}).status_code == 404


# -- claims page -----------------------------------------------------------------------


@pytest.fixture
def month(world):
    peer = world.users[Role.PEER_SPECIALIST]
    certify(peer, date(2024, 1, 1))
    payer = make_payer(world.org, name="PA Medicaid")
    good = make_encounter(world.mine, peer, start=local(DAY, 10), minutes=45, payer=payer)
    draft = make_encounter(
        world.mine, peer, start=local(DAY, 13), payer=payer, note=NoteStatus.DRAFT
    )
    goalless = make_encounter(world.own_record, peer, start=local(DAY, 15), payer=payer, goal=False)
    return payer, good, draft, goalless


CLAIMS = "/billing/claims/"
QUERY = {"start": "2025-05-01", "end": "2025-05-31", "format": "csv"}


def test_claims_page_shows_rejects_grouped_by_reason(world, admin, month):
    response = admin.get(CLAIMS, QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    report = response.context["report"]
    assert (report.line_count, report.reject_count, report.units_total) == (1, 2, 3)
    assert "The progress note is not signed" in page
    assert "no goal from the participant&#x27;s recovery plan" in page
    assert "Maria Lopez" in page and "Pat Own" in page
    assert [g["reason"] for g in response.context["summary"]] == ["unsigned", "no_plan_goal"]
    event = AuditEvent.objects.get(object_type="claims")
    assert (event.action, event.detail) == (Action.LIST, "rows=1,rejects=2")


def test_claims_download_csv_and_json(world, admin, month):
    _payer, good, _draft, _g = month
    response = admin.get(CLAIMS, {**QUERY, "download": "claims"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="claims-20250501-20250531.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["encounter_id"], r["units"]) for r in rows] == [(str(good.public_id), "3")]
    event = AuditEvent.objects.get(object_type="claims")
    assert (event.action, event.object_id, event.detail) == (
        Action.EXPORT,
        "claims",
        "rows=1,rejects=2",
    )
    rejects = admin.get(CLAIMS, {**QUERY, "format": "json", "download": "rejects"})
    doc = json.loads(b"".join(rejects.streaming_content))
    assert sorted(r["reasons"][0] for r in doc["rejects"]) == ["no_plan_goal", "unsigned"]


def test_claims_payer_filter(world, admin, month):
    payer, *_ = month
    other = make_payer(world.org, name="County")
    response = admin.get(CLAIMS, {**QUERY, "payer": str(other.public_id)})
    assert response.context["report"].line_count == 0
    response = admin.get(CLAIMS, {**QUERY, "payer": str(payer.public_id)})
    assert response.context["report"].line_count == 1


def test_programme_manager_sees_only_their_participants(world, client_for, month):
    peer = world.users[Role.PEER_SPECIALIST]
    payer, *_ = month
    assign(world.in_programme, peer, primary=False)
    theirs = make_encounter(world.in_programme, peer, start=local(DAY, 17), payer=payer)
    manager = client_for(world.users[Role.PROGRAMME_MANAGER])
    response = manager.get(CLAIMS, QUERY)
    report = response.context["report"]
    assert [line["encounter_id"] for line in report.lines()] == [str(theirs.public_id)]
    assert report.reject_count == 0
    assert "Maria Lopez" not in response.content.decode()
    assert reverse("billing:payers") not in response.content.decode()  # no rules for managers


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2025-05-31", "end": "2025-05-01"}, "end"),
        ({"start": "2024-01-01", "end": "2025-05-01"}, "end"),
        ({"start": "not-a-date"}, "start"),
        ({"start": "9999-12-31", "end": "9999-12-31"}, "start"),
        ({"start": "2025-01-01", "end": "9999-12-31"}, "end"),
        ({"payer": "00000000-0000-0000-0000-000000000000"}, "payer"),
        ({"payer": "garbage"}, "payer"),
        ({"format": "xml"}, "format"),
    ],
)
def test_claims_bad_input_gives_field_errors(world, admin, query, field):
    response = admin.get(CLAIMS, {**QUERY, **query, "download": "claims"})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not AuditEvent.objects.filter(object_type="claims").exists()


def test_claims_payer_of_another_organisation_is_refused(world, admin):
    theirs = make_payer(world.other_org, name="Theirs")
    response = admin.get(CLAIMS, {**QUERY, "payer": str(theirs.public_id)})
    assert response.status_code == 400


def test_claims_form_alone_has_no_report(world, admin):
    response = admin.get(CLAIMS)
    assert response.status_code == 200
    assert "report" not in response.context
    assert not AuditEvent.objects.filter(object_type="claims").exists()


def test_exact_duplicate_payer_name_gets_one_clear_message(world, admin):
    make_payer(world.org, name="NJ Medicaid")
    response = admin.post(reverse("billing:payer_create"), PAYER_POST)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["name"] == ["There is already a payer with this name."]
    assert not form.non_field_errors()
