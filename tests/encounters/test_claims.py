"""Claims built from real rows: lines and units for billable sessions, every reject
reason from database data, and the export_claims command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from hearth.audit.models import Action, AuditEvent
from hearth.core.policy import Role, participant_scope
from hearth.encounters.billing import Reason
from hearth.encounters.claims import build_claims_report, csv_safe
from hearth.encounters.models import EncounterKind, NoteStatus
from tests.encounters.claims_factories import certify, local, make_encounter, make_payer, plan_goal
from tests.factories import assign

DAY = date(2025, 5, 14)
START, END = date(2025, 5, 1), date(2025, 5, 31)


@pytest.fixture
def billing(world):
    """A certified peer with a supervisor, a payer with the 8-minute rule, HF, 16-unit cap."""
    peer = world.users[Role.PEER_SPECIALIST]
    peer.credential = "CPS"
    peer.display_name = "Dana Peer"
    peer.save(update_fields=["credential", "display_name"])
    supervisor = world.users[Role.PEER_SUPERVISOR]
    supervisor.credential = "CPRS"
    supervisor.display_name = "Sam Supervisor"
    supervisor.save(update_fields=["credential", "display_name"])
    certify(peer, date(2024, 1, 1), name="PA CPS")
    payer = make_payer(world.org, name="PA Medicaid", modifiers="HF", daily_unit_cap=16)
    return world, peer, supervisor, payer


def report_for(world, **kwargs):
    return build_claims_report(organisation=world.org, start=START, end=END, **kwargs)


def reasons_of(report, encounter):
    for reject in report.rejects():
        if reject["encounter_id"] == str(encounter.public_id):
            return set(reject["reasons"])
    return set()


def test_signed_session_becomes_one_claim_line_with_computed_units(billing):
    world, peer, supervisor, payer = billing
    encounter = make_encounter(world.mine, peer, start=local(DAY, 10), minutes=38, payer=payer)
    report = report_for(world)
    assert report.reject_count == 0
    [line] = list(report.lines())
    assert line["encounter_id"] == str(encounter.public_id)
    assert line["participant_id"] == str(world.mine.public_id)
    assert line["participant_name"] == "Maria Lopez"
    assert line["member_id"] == ""
    assert line["service_date"] == "2025-05-14"
    assert (line["start_time"], line["end_time"], line["minutes"]) == ("10:00", "10:38", 38)
    assert line["hcpcs_code"] == "H0038"
    assert line["modifiers"] == ["HF"]  # no HQ: not a group session
    assert line["units"] == 3  # 38 minutes under the 8-minute rule
    assert line["place_of_service"] == "11"
    assert (line["rendering_peer"], line["rendering_credential"]) == ("Dana Peer", "PA CPS")
    assert line["supervising_professional"] == "Sam Supervisor"
    assert line["supervising_credential"] == "CPRS"
    assert report.units_total == 3


def test_units_follow_the_payers_current_rule_not_the_stored_figure(billing):
    world, peer, _supervisor, payer = billing
    make_encounter(world.mine, peer, start=local(DAY, 10), minutes=38, payer=payer, units=99)
    payer.rounding = "whole_units"
    payer.save()
    [line] = list(report_for(world).lines())
    assert line["units"] == 2


def test_draft_note_is_rejected_as_unsigned(billing):
    world, peer, _s, payer = billing
    e = make_encounter(world.mine, peer, start=local(DAY, 10), payer=payer, note=NoteStatus.DRAFT)
    assert reasons_of(report_for(world), e) == {Reason.UNSIGNED}


def test_session_without_a_note_is_rejected(billing):
    world, peer, _s, payer = billing
    e = make_encounter(world.mine, peer, start=local(DAY, 10), payer=payer, note=None)
    assert reasons_of(report_for(world), e) == {Reason.NO_NOTE}


def test_missing_cosignature_when_the_payer_requires_it(billing):
    world, peer, supervisor, payer = billing
    payer.cosign_required = True
    payer.save()
    waiting = make_encounter(world.mine, peer, start=local(DAY, 10), payer=payer)
    done = make_encounter(
        world.mine,
        peer,
        start=local(DAY, 12),
        payer=payer,
        note=NoteStatus.COSIGNED,
        cosigner=supervisor,
    )
    report = report_for(world)
    assert reasons_of(report, waiting) == {Reason.MISSING_COSIGNATURE}
    [line] = list(report.lines())
    assert line["encounter_id"] == str(done.public_id)
    assert line["cosigned"] is True
    assert (line["supervising_professional"], line["supervising_credential"]) == (
        "Sam Supervisor",
        "CPRS",
    )


def test_session_that_takes_the_day_over_the_cap_is_left_out(billing):
    world, peer, _s, payer = billing
    payer.daily_unit_cap = 4
    payer.save()
    first = make_encounter(world.mine, peer, start=local(DAY, 9), minutes=45, payer=payer)
    second = make_encounter(world.mine, peer, start=local(DAY, 11), minutes=45, payer=payer)
    next_day = make_encounter(
        world.mine, peer, start=local(DAY + timedelta(days=1), 9), minutes=45, payer=payer
    )
    report = report_for(world)
    billed = {line["encounter_id"] for line in report.lines()}
    assert billed == {str(first.public_id), str(next_day.public_id)}
    assert reasons_of(report, second) == {Reason.OVER_DAILY_CAP}


def test_renderer_not_certified_on_the_date_of_service(billing):
    world, _peer, _s, payer = billing
    lapsed = world.users[Role.PEER_SUPERVISOR]  # supervisors render too; this one lapsed
    certify(lapsed, date(2023, 1, 1), expires_on=DAY - timedelta(days=1))
    assign(world.stranger_case, lapsed)
    before = make_encounter(
        world.stranger_case, lapsed, start=local(DAY - timedelta(days=2), 10), payer=payer
    )
    after = make_encounter(world.stranger_case, lapsed, start=local(DAY, 10), payer=payer)
    report = report_for(world)
    assert reasons_of(report, after) == {Reason.RENDERER_NOT_CERTIFIED}
    assert [line["encounter_id"] for line in report.lines()] == [str(before.public_id)]


def test_uncertified_renderer_is_billed_when_the_payer_allows_it(billing):
    world, _peer, _s, payer = billing
    payer.certified_renderer_required = False
    payer.save()
    helper = world.users[Role.PEER_SUPERVISOR]
    make_encounter(world.mine, helper, start=local(DAY, 10), payer=payer)
    [line] = list(report_for(world).lines())
    assert line["rendering_credential"] == "CPRS"  # no certification: the account's credential


def test_overlapping_sessions_of_one_peer_are_both_left_out(billing):
    world, peer, _s, payer = billing
    a = make_encounter(world.mine, peer, start=local(DAY, 10), minutes=60, payer=payer)
    b = make_encounter(world.own_record, peer, start=local(DAY, 10, 30), minutes=30, payer=payer)
    touching = make_encounter(world.mine, peer, start=local(DAY, 11), minutes=30, payer=payer)
    report = report_for(world)
    assert reasons_of(report, a) == {Reason.OVERLAPPING}
    assert reasons_of(report, b) == {Reason.OVERLAPPING}
    assert [line["encounter_id"] for line in report.lines()] == [str(touching.public_id)]


def test_overlap_with_another_payers_session_still_counts_when_filtering(billing):
    world, peer, _s, payer = billing
    other = make_payer(world.org, name="County", modifiers="")
    a = make_encounter(world.mine, peer, start=local(DAY, 10), minutes=60, payer=payer)
    make_encounter(world.own_record, peer, start=local(DAY, 10, 30), minutes=30, payer=other)
    report = report_for(world, payer=payer)
    assert reasons_of(report, a) == {Reason.OVERLAPPING}
    assert report.reject_count == 1  # the County session is not in this payer's report


def test_note_without_a_plan_goal_is_left_out(billing):
    world, peer, _s, payer = billing
    none = make_encounter(world.mine, peer, start=local(DAY, 9), payer=payer, goal=False)
    wrong = make_encounter(
        world.mine, peer, start=local(DAY, 11), payer=payer, goal=plan_goal(world.own_record)
    )
    report = report_for(world)
    assert reasons_of(report, none) == {Reason.NO_PLAN_GOAL}
    assert reasons_of(report, wrong) == {Reason.NO_PLAN_GOAL}  # another person's goal


def test_no_payer_not_billable_and_zero_units(billing):
    world, peer, _s, payer = billing
    no_payer = make_encounter(world.mine, peer, start=local(DAY, 9))
    attempt = make_encounter(
        world.mine, peer, start=local(DAY, 11), payer=payer, kind=EncounterKind.CONTACT_ATTEMPT
    )
    short = make_encounter(world.mine, peer, start=local(DAY, 13), minutes=7, payer=payer)
    report = report_for(world)
    assert Reason.NO_PAYER in reasons_of(report, no_payer)
    assert reasons_of(report, attempt) == {Reason.NOT_BILLABLE}
    assert reasons_of(report, short) == {Reason.ZERO_UNITS}
    summary = {g["reason"]: g["count"] for g in report.reasons_summary()}
    assert summary["not_billable"] == 1 and summary["zero_units"] == 1


def test_period_is_whole_days_in_the_organisations_time_zone(billing):
    world, peer, _s, payer = billing
    late = make_encounter(world.mine, peer, start=local(END, 23, 15), minutes=30, payer=payer)
    make_encounter(world.mine, peer, start=local(END + timedelta(days=1), 0, 10), payer=payer)
    make_encounter(world.mine, peer, start=local(START - timedelta(days=1), 23, 0), payer=payer)
    [line] = list(report_for(world).lines())
    assert line["encounter_id"] == str(late.public_id)
    assert line["service_date"] == "2025-05-31"


def test_scope_limits_what_a_programme_manager_gets(billing):
    world, peer, _s, payer = billing
    manager = world.users[Role.PROGRAMME_MANAGER]
    assign(world.in_programme, peer, primary=False)
    make_encounter(world.mine, peer, start=local(DAY, 9), payer=payer)
    theirs = make_encounter(world.in_programme, peer, start=local(DAY, 11), payer=payer)
    report = report_for(world, participant_scope=participant_scope(manager))
    assert [line["encounter_id"] for line in report.lines()] == [str(theirs.public_id)]


def test_other_organisations_encounters_never_appear(billing):
    world, _peer, _s, payer = billing
    from tests.factories import UserFactory

    outsider = UserFactory(organisation=world.other_org, with_totp=False)
    their_payer = make_payer(world.other_org, name="PA Medicaid")
    make_encounter(world.other_org_case, outsider, start=local(DAY, 10), payer=their_payer)
    report = report_for(world)
    assert report.line_count == 0 and report.reject_count == 0


def test_csv_safe_neutralises_formulas():
    assert csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_safe("+1") == "'+1" and csv_safe("-1") == "'-1" and csv_safe("@x") == "'@x"
    assert csv_safe("Maria") == "Maria"
    assert csv_safe(["HF", "HQ"]) == "HF; HQ"
    assert csv_safe(True) == "yes"


# -- the command -----------------------------------------------------------------------


def run(*args, **kwargs) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_claims", *args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


PERIOD = ["--start", "2025-05-01", "--end", "2025-05-31", "--organisation", "riverbend"]


def test_command_writes_csv_and_audits(billing):
    world, peer, _s, payer = billing
    world.mine.name = "=cmd|' /C calc'!A0"
    world.mine.save(update_fields=["name"])
    make_encounter(world.mine, peer, start=local(DAY, 10), minutes=30, payer=payer)
    make_encounter(world.mine, peer, start=local(DAY, 12), payer=payer, note=NoteStatus.DRAFT)
    out, err = run(*PERIOD)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["units"] == "2" and rows[0]["modifiers"] == "HF"
    assert rows[0]["participant_name"].startswith("'=")  # formula neutralised
    assert "1 claim lines (2 units); 1 encounters left out." in err
    assert "The progress note is not signed" in err
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_type="claims").get()
    assert event.detail == "rows=1,rejects=1"
    assert event.channel == "command"
    assert event.chain == world.org.pk


def test_command_json_payer_filter_and_rejects_file(billing, tmp_path):
    world, peer, _s, payer = billing
    county = make_payer(world.other_org, name="County")  # same name elsewhere: not confused
    county = make_payer(world.org, name="County", modifiers="")
    make_encounter(world.mine, peer, start=local(DAY, 9), payer=payer)
    make_encounter(world.mine, peer, start=local(DAY, 11), payer=county)
    make_encounter(world.mine, peer, start=local(DAY, 13), payer=county, goal=False)
    output, rejects = tmp_path / "claims.json", tmp_path / "rejects.json"
    run(*PERIOD, "--payer", "county", "--format", "json", "--output", str(output),
        "--rejects", str(rejects))  # fmt: skip
    doc = json.loads(output.read_text())
    assert doc["payer"] == "County" and doc["start"] == "2025-05-01"
    assert [c["payer"] for c in doc["claims"]] == ["County"]
    assert doc["claims"][0]["modifiers"] == []
    assert "member_id" in doc["note"]
    rejected = json.loads(rejects.read_text())["rejects"]
    assert [r["reasons"] for r in rejected] == [["no_plan_goal"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2025-05-31", "--end", "2025-05-01", "--organisation", "riverbend"], "before"),
        (["--start", "2024-01-01", "--end", "2025-05-01", "--organisation", "riverbend"], "366"),
        (["--start", "2025-13-01", "--end", "2025-05-01", "--organisation", "riverbend"], "date"),
        (["--start", "2025-05-01", "--end", "2025-05-31"], "--organisation"),
        (["--start", "2025-05-01", "--end", "2025-05-31", "--organisation", "nope"], "nope"),
        ([*PERIOD, "--payer", "Nobody"], "No payer named"),
    ],
)
def test_command_refuses_bad_input(billing, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not AuditEvent.objects.filter(object_type="claims").exists()


def test_command_needs_no_organisation_when_there_is_only_one(db):
    from tests.factories import OrganisationFactory

    OrganisationFactory(slug="solo")
    out, _err = run("--start", "2025-05-01", "--end", "2025-05-31")
    assert out.splitlines()[0].startswith("encounter_id,participant_id,member_id")
