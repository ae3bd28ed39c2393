"""The peer's caseload page and the supervisor's team page: the right people only, the
right figures, and a query count that stays flat as caseloads and teams grow."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.audit.models import Action, AuditEvent
from hearth.core.policy import Role
from hearth.encounters.caseload import caseload_for, team_overview
from hearth.encounters.models import EncounterKind, NoteStatus
from hearth.plans.models import PlanStatus, RecoveryPlan
from tests.encounters.claims_factories import local, make_encounter, make_payer
from tests.factories import ParticipantFactory, UserFactory, assign

MINE = reverse("caseload:mine")
TEAM = reverse("caseload:team")


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def test_caseload_shows_next_step_last_contact_overdue_and_review(world, client_for):
    peer = world.users[Role.PEER_SPECIALIST]
    make_encounter(world.mine, peer, start=ago(days=10), next_steps="Call the housing office")
    make_encounter(world.mine, peer, start=ago(days=5), next_steps="Visit the food bank")
    make_encounter(world.mine, peer, start=ago(days=4), note=NoteStatus.DRAFT, next_steps="draft")
    make_encounter(world.mine, peer, start=ago(hours=5), note=NoteStatus.DRAFT)  # not yet due
    RecoveryPlan.objects.filter(participant=world.mine).update(
        next_review_on=timezone.localdate() + timedelta(days=3)
    )
    rows = {r.participant.pk: r for r in caseload_for(peer)}
    assert set(rows) == {world.mine.pk, world.own_record.pk}  # the peer's own caseload only
    row = rows[world.mine.pk]
    assert row.next_step == "Visit the food bank"  # latest *signed* note, decrypted
    assert row.overdue_notes == 1
    assert row.review_due and not row.review_overdue
    assert row.last_contact > ago(hours=6)
    assert "Notes overdue" in row.attention and "Plan review due" in row.attention
    quiet = rows[world.own_record.pk]
    assert (quiet.next_step, quiet.last_contact, quiet.overdue_notes) == ("", None, 0)
    assert quiet.attention == ["No recent contact"]


def test_caseload_counts_old_drafts_as_overdue_and_signed_notes_not(world):
    """Every session gets a draft note when it is recorded, so drafts are what is owed."""
    peer = world.users[Role.PEER_SPECIALIST]
    make_encounter(world.mine, peer, start=ago(days=5), note=NoteStatus.DRAFT)
    make_encounter(
        world.mine,
        peer,
        start=ago(days=6),
        note=NoteStatus.DRAFT,
        kind=EncounterKind.CONTACT_ATTEMPT,
    )
    make_encounter(world.mine, peer, start=ago(days=7), note=NoteStatus.SIGNED)
    make_encounter(world.mine, peer, start=ago(hours=2), note=NoteStatus.DRAFT)  # not yet due
    [row] = [r for r in caseload_for(peer) if r.participant.pk == world.mine.pk]
    assert row.overdue_notes == 2


def test_caseload_overdue_counts_only_the_peers_own_notes(world):
    peer = world.users[Role.PEER_SPECIALIST]
    colleague = UserFactory(organisation=world.org, with_totp=False)
    assign(world.mine, colleague, primary=False)
    make_encounter(world.mine, colleague, start=ago(days=5), note=NoteStatus.DRAFT)
    [row] = [r for r in caseload_for(peer) if r.participant.pk == world.mine.pk]
    assert row.overdue_notes == 0


def test_caseload_respects_the_organisations_overdue_window(world):
    peer = world.users[Role.PEER_SPECIALIST]
    world.org.note_overdue_hours = 24
    world.org.save(update_fields=["note_overdue_hours"])
    make_encounter(world.mine, peer, start=ago(hours=30), note=NoteStatus.DRAFT)
    [row] = [r for r in caseload_for(peer) if r.participant.pk == world.mine.pk]
    assert row.overdue_notes == 1


def test_caseload_sorts_needs_attention_first(world, client_for):
    peer = world.users[Role.PEER_SPECIALIST]
    calm = ParticipantFactory(organisation=world.org, name="Aaron Calm")
    assign(calm, peer)
    make_encounter(calm, peer, start=ago(days=1))
    make_encounter(world.own_record, peer, start=ago(days=3), note=NoteStatus.DRAFT)
    make_encounter(world.mine, peer, start=ago(days=2))
    by_attention = [r.participant.name for r in caseload_for(peer)]
    assert by_attention[0] == "Pat Own"  # an overdue note comes first
    assert by_attention[-1] == "Aaron Calm"
    by_name = [r.participant.name for r in caseload_for(peer, sort="name")]
    assert by_name == sorted(by_name)


def test_caseload_page_is_the_peers_own_and_audited(world, client_for):
    peer = world.users[Role.PEER_SPECIALIST]
    make_encounter(world.teammate_case, peer, start=ago(days=2), next_steps="Secret teammate plan")
    response = client_for(peer).get(MINE)
    page = response.content.decode()
    assert "Maria Lopez" in page and "Pat Own" in page
    assert "Tom Reed" not in page and "Secret teammate plan" not in page
    event = AuditEvent.objects.get(object_type="caseload")
    assert (event.action, event.detail) == (Action.LIST, "rows=2")
    # A supervisor's own caseload page shows their own participants, not the team's.
    supervisor_page = client_for(world.users[Role.PEER_SUPERVISOR]).get(MINE).content.decode()
    assert "Maria Lopez" not in supervisor_page and "Nobody is on your caseload" in supervisor_page


def test_caseload_sort_parameter_is_forgiving(world, client_for):
    response = client_for(world.users[Role.PEER_SPECIALIST]).get(MINE, {"sort": "<script>"})
    assert response.status_code == 200 and response.context["sort"] == "attention"


# -- team ------------------------------------------------------------------------------


@pytest.fixture
def team(world):
    supervisor = world.users[Role.PEER_SUPERVISOR]
    peer = world.users[Role.PEER_SPECIALIST]
    teammate = world.teammate_case.assignments.get().specialist
    payer = make_payer(world.org, name="Managed care", cosign_required=True)
    other_supervisor = UserFactory(
        organisation=world.org, role=Role.PEER_SUPERVISOR, display_name="Other Supervisor"
    )
    outsider = UserFactory(
        organisation=world.org, supervisor=other_supervisor, display_name="Not On Team"
    )
    return supervisor, peer, teammate, payer, outsider


def test_team_view_shows_the_supervisors_team_only(world, client_for, team):
    supervisor, peer, teammate, payer, outsider = team
    now = timezone.now()
    waiting = make_encounter(world.mine, peer, start=now - timedelta(hours=3), payer=payer)
    make_encounter(world.mine, peer, start=now - timedelta(hours=6), payer=payer,
                   note=NoteStatus.COSIGNED, cosigner=supervisor)  # fmt: skip
    make_encounter(world.teammate_case, teammate, start=now - timedelta(days=4),
                   payer=payer, note=NoteStatus.DRAFT)  # fmt: skip
    stranger = ParticipantFactory(organisation=world.org, name="Hidden Person")
    assign(stranger, outsider)
    make_encounter(stranger, outsider, start=now - timedelta(hours=2), payer=payer)
    overview = team_overview(supervisor)
    names = [p.display_name for p in overview.peers]
    assert outsider.display_name not in names
    assert {peer.pk, teammate.pk, supervisor.pk} == {p.pk for p in overview.peers}
    assert [n.encounter_id for n in overview.awaiting_cosign] == [waiting.pk]
    assert overview.awaiting_elsewhere == 0
    by_peer = {p.pk: p for p in overview.peers}
    assert by_peer[teammate.pk].overdue_notes == 1
    assert by_peer[peer.pk].caseload_size == 2
    response = client_for(supervisor).get(TEAM)
    page = response.content.decode()
    assert "Hidden Person" not in page and "Not On Team" not in page
    assert reverse("encounters:detail", kwargs={"pk": waiting.public_id}) in page
    event = AuditEvent.objects.get(object_type="supervision")
    assert event.action == Action.LIST


def test_team_units_count_signed_and_cosigned_this_month_and_week(world, team):
    supervisor, peer, _teammate, payer, _outsider = team
    wednesday = local(date(2025, 5, 14), 15)
    make_encounter(world.mine, peer, start=local(date(2025, 5, 14), 9), minutes=60, payer=payer,
                   note=NoteStatus.COSIGNED, cosigner=supervisor)  # fmt: skip
    make_encounter(world.mine, peer, start=local(date(2025, 5, 12), 9), minutes=30, payer=payer)
    make_encounter(world.mine, peer, start=local(date(2025, 5, 13), 9), minutes=30,
                   payer=payer, note=NoteStatus.DRAFT)  # fmt: skip
    make_encounter(world.mine, peer, start=local(date(2025, 5, 8), 9), minutes=45, payer=payer)
    make_encounter(world.mine, peer, start=local(date(2025, 4, 30), 9), minutes=60, payer=payer)
    with mock.patch("django.utils.timezone.now", return_value=wednesday):
        me = next(p for p in team_overview(supervisor).peers if p.pk == peer.pk)
    # This week (from Monday 12 May): 4 + 2 units; the draft does not count. This month
    # adds 8 May's 3 units; 30 April is last month.
    assert (me.units_week, me.units_month) == (6, 9)


def test_programme_manager_sees_counts_but_only_their_participants_names(world, client_for, team):
    _supervisor, peer, _teammate, payer, _outsider = team
    make_encounter(world.mine, peer, start=ago(hours=3), payer=payer)
    overview = team_overview(world.users[Role.PROGRAMME_MANAGER])
    assert overview.awaiting_cosign == [] and overview.awaiting_elsewhere == 1
    page = client_for(world.users[Role.PROGRAMME_MANAGER]).get(TEAM).content.decode()
    assert "Maria Lopez" not in page and "1 more note is waiting" in page


def test_supervisor_does_not_see_own_notes_as_awaiting_cosignature(world, team):
    supervisor, _peer, _teammate, payer, _outsider = team
    assign(world.stranger_case, supervisor)
    make_encounter(world.stranger_case, supervisor, start=ago(hours=3), payer=payer)
    assert team_overview(supervisor).awaiting_cosign == []


def test_other_organisations_never_appear_on_the_team_page(world, client_for, team):
    supervisor, *_ = team
    UserFactory(organisation=world.other_org, supervisor=supervisor, display_name="Cross Org")
    page = client_for(supervisor).get(TEAM).content.decode()
    assert "Cross Org" not in page


# -- query counts ----------------------------------------------------------------------


def queries_for(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def assert_flat(few: list[str], many: list[str]) -> None:
    extra = Counter(sql[:120] for sql in many) - Counter(sql[:120] for sql in few)
    assert len(few) == len(many), f"{len(few)} -> {len(many)} queries; grew: {dict(extra)}"


def grow_caseload(world, peer, n: int) -> None:
    payer = make_payer(world.org, name=f"Payer {n}-{timezone.now().timestamp()}",
                       cosign_required=True)  # fmt: skip
    for i, participant in enumerate(ParticipantFactory.create_batch(n, organisation=world.org)):
        assign(participant, peer)
        make_encounter(participant, peer, start=ago(days=2 + i % 5), payer=payer,
                       next_steps=f"Step {i}")  # fmt: skip
        make_encounter(participant, peer, start=ago(days=9), note=NoteStatus.DRAFT)
        RecoveryPlan.objects.filter(participant=participant, status=PlanStatus.ACTIVE).update(
            next_review_on=timezone.localdate()
        )


def test_caseload_queries_do_not_grow_with_the_caseload(world, client_for):
    peer = world.users[Role.PEER_SPECIALIST]
    client = client_for(peer)
    client.get(MINE)
    grow_caseload(world, peer, 2)
    few = queries_for(client, MINE)
    grow_caseload(world, peer, 12)
    many = queries_for(client, MINE)
    assert_flat(few, many)
    assert "Step 11" in client.get(MINE).content.decode()


def test_team_queries_do_not_grow_with_the_team(world, client_for):
    supervisor = world.users[Role.PEER_SUPERVISOR]
    client = client_for(supervisor)
    client.get(TEAM)

    def grow(n):
        for _ in range(n):
            member = UserFactory(organisation=world.org, supervisor=supervisor, with_totp=False)
            grow_caseload(world, member, 2)

    grow(1)
    few = queries_for(client, TEAM)
    grow(6)
    many = queries_for(client, TEAM)
    assert_flat(few, many)
    assert len(team_overview(supervisor).awaiting_cosign) == 14
