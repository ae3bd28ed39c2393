"""Plan pages: who sees what, editing through forms and htmx, bad input, conflicts, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.audit.models import Action, AuditEvent
from hearth.core.policy import Role
from hearth.plans import services
from hearth.plans.models import GoalProgress, GoalStep, RecoveryGoal, RecoveryPlan, SafetyPlan
from tests.plans.helpers import active_plan, goal, step

STAFF_READ_PAGES = ("plans:recovery", "plans:wellness", "plans:safety", "plans:safety_pdf")
STAFF_EDIT_PAGES = (
    "plans:recovery_new",
    "plans:recovery_edit",
    "plans:goal_add",
    "plans:wellness_edit",
    "plans:safety_edit",
)


def _url(name, participant, **kwargs):
    return reverse(name, kwargs={"pk": participant.public_id, **kwargs})


# --- scope ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", STAFF_READ_PAGES + STAFF_EDIT_PAGES)
def test_peer_cannot_see_another_caseloads_plans(world, client_for, name):
    active_plan(world, world.teammate_case, actor=world.users[Role.PEER_SUPERVISOR])
    services.safety_plan_save(
        actor=world.users[Role.PEER_SUPERVISOR],
        participant=world.teammate_case,
        data={"reasons_for_living": "Tom's dog Biscuit"},
        expected_version=0,
    )
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.get(_url(name, world.teammate_case))
    assert response.status_code == 404
    # A long, unusual word: a three-letter name can turn up by chance inside a random CSRF token.
    assert b"Biscuit" not in response.content
    assert b"Tom Reed" not in response.content


@pytest.mark.parametrize("name", STAFF_READ_PAGES)
def test_other_organisation_and_unknown_ids_are_404(world, client_for, name):
    client = client_for(world.users[Role.ORG_ADMIN])
    assert client.get(_url(name, world.other_org_case)).status_code == 404
    url = reverse(name, kwargs={"pk": "00000000-0000-0000-0000-000000000000"})
    assert client.get(url).status_code == 404


def test_goal_and_step_ids_of_another_participant_are_404(world, client_for):
    theirs = goal(world, active_plan(world, world.own_record))
    their_step = step(world, theirs)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    # Both participants are on this peer's caseload, but the ids must match the URL's person.
    assert client.get(_url("plans:goal_edit", world.mine, goal_id=theirs.pk)).status_code == 404
    assert (
        client.post(_url("plans:step_done", world.mine, step_id=their_step.pk)).status_code == 404
    )
    assert (
        client.post(
            _url("plans:progress_add", world.mine, goal_id=theirs.pk), {"rating": "5"}
        ).status_code
        == 404
    )
    assert not GoalProgress.objects.exists()


def test_manager_reads_plans_in_their_programme_but_cannot_change_them(world, client_for):
    RecoveryPlan.objects.create(
        organisation=world.org, participant=world.in_programme, status="active"
    )
    SafetyPlan.objects.create(
        organisation=world.org, participant=world.in_programme, warning_signs="x"
    )
    client = client_for(world.users[Role.PROGRAMME_MANAGER])
    for name in STAFF_READ_PAGES:
        assert client.get(_url(name, world.in_programme)).status_code == 200, name
    body = client.get(_url("plans:recovery", world.in_programme)).content.decode()
    assert "Mark reviewed today" not in body and "Add a goal" not in body
    for name in STAFF_EDIT_PAGES:
        assert client.get(_url(name, world.in_programme)).status_code == 403, name
    assert client.post(_url("plans:recovery_reviewed", world.in_programme)).status_code == 403


def test_supervisor_edits_their_teams_plans(world, client_for):
    client = client_for(world.users[Role.PEER_SUPERVISOR])
    response = client.post(
        _url("plans:recovery_new", world.teammate_case),
        {"review_every_days": "60", "strengths": "Funny"},
    )
    assert response.status_code == 302
    assert RecoveryPlan.objects.get(participant=world.teammate_case).review_every_days == 60


# --- recovery plan pages ----------------------------------------------------------------------


def test_recovery_page_shows_goals_under_the_four_dimensions(world, client_for):
    plan = active_plan(world)
    goal(world, plan, text="Cook one meal a week", dimension="health")
    goal(world, plan, text="Join the Tuesday group", dimension="community")
    body = (
        client_for(world.users[Role.PEER_SPECIALIST])
        .get(_url("plans:recovery", world.mine))
        .content.decode()
    )
    for heading in ("Health", "Home", "Purpose", "Community"):
        assert f">{heading}</h2>" in body
    assert body.index("Cook one meal a week") < body.index("Join the Tuesday group")
    assert "Not agreed yet" in body


def test_empty_recovery_page_invites_a_plan(world, client_for):
    body = (
        client_for(world.users[Role.PEER_SPECIALIST])
        .get(_url("plans:recovery", world.mine))
        .content.decode()
    )
    assert "Start a recovery plan" in body


def test_start_plan_through_the_form_archives_the_old(world, client_for):
    old = active_plan(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(
        _url("plans:recovery_new", world.mine),
        {"review_every_days": "45", "carry_over_goals": "on"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == "archived"
    body = client.get(_url("plans:recovery", world.mine)).content.decode()
    archived_url = _url("plans:recovery_archived", world.mine, plan_id=old.public_id)
    assert archived_url in body
    archived = client.get(archived_url).content.decode()
    assert "Archived" in archived and "Mark reviewed today" not in archived


@pytest.mark.parametrize("days", ["0", "abc", "400", ""])
def test_bad_review_interval_gives_a_field_error(world, client_for, days):
    response = client_for(world.users[Role.PEER_SPECIALIST]).post(
        _url("plans:recovery_new", world.mine), {"review_every_days": days}
    )
    assert response.status_code == 400
    assert "review_every_days" in response.context["form"].errors
    assert not RecoveryPlan.objects.exists()


def test_mark_reviewed_and_agreement_in_session_from_the_page(world, client_for):
    plan = active_plan(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    assert client.post(_url("plans:recovery_reviewed", world.mine)).status_code == 302
    response = client.post(_url("plans:recovery_agreed", world.mine), {"revision": plan.revision})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.last_reviewed_on is not None and plan.is_agreed
    assert plan.acknowledged_how == "in_session"
    body = client.get(_url("plans:recovery", world.mine)).content.decode()
    assert "Agreed on" in body


def test_agreement_with_a_stale_page_is_refused(world, client_for):
    plan = active_plan(world)
    seen = plan.revision
    goal(world, plan)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(
        _url("plans:recovery_agreed", world.mine), {"revision": seen}, follow=True
    )
    assert "The plan changed after this page was opened" in response.content.decode()
    plan.refresh_from_db()
    assert plan.acknowledged_at is None


def test_add_and_edit_a_goal(world, client_for):
    active_plan(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(
        _url("plans:goal_add", world.mine),
        {
            "dimension": "purpose",
            "text": "Volunteer at the food bank",
            "target_date": "2030-01-31",
            "status": "not_started",
        },
    )
    assert response.status_code == 302
    g = RecoveryGoal.objects.get()
    assert response["Location"].endswith(f"#goal-{g.pk}")
    response = client.post(
        _url("plans:goal_edit", world.mine, goal_id=g.pk),
        {
            "dimension": "purpose",
            "text": "Volunteer twice a month",
            "status": "in_progress",
            "version": g.version,
        },
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert (g.text, g.status, g.target_date) == ("Volunteer twice a month", "in_progress", None)


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"dimension": "", "text": "", "status": "not_started"}, {"dimension", "text"}),
        ({"dimension": "home", "text": "x" * 501, "status": "not_started"}, {"text"}),
        ({"dimension": "home", "text": "ok", "status": "nope"}, {"status"}),
        (
            {
                "dimension": "home",
                "text": "ok",
                "status": "not_started",
                "target_date": "31/02/2030",
            },
            {"target_date"},
        ),
        (
            {
                "dimension": "home",
                "text": "ok",
                "status": "not_started",
                "target_date": "2205-01-01",
            },
            {"target_date"},
        ),
    ],
)
def test_bad_goal_input_gives_field_errors(world, client_for, data, fields):
    active_plan(world)
    response = client_for(world.users[Role.PEER_SPECIALIST]).post(
        _url("plans:goal_add", world.mine), data
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == fields
    assert not RecoveryGoal.objects.exists()


def test_goal_edit_conflict_keeps_what_was_typed(world, client_for):
    g = goal(world)
    started = g.version
    services.goal_update(
        actor=world.users[Role.PEER_SUPERVISOR],
        goal=g,
        data={
            "dimension": "health",
            "text": "Their words",
            "target_date": None,
            "status": "in_progress",
        },
        expected_version=started,
    )
    response = client_for(world.users[Role.PEER_SPECIALIST]).post(
        _url("plans:goal_edit", world.mine, goal_id=g.pk),
        {"dimension": "health", "text": "My words", "status": "not_started", "version": started},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "My words" in body and "Their words" in body
    g.refresh_from_db()
    assert g.text == "Their words"


def test_steps_and_checkins_without_javascript(world, client_for):
    g = goal(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(
        _url("plans:step_add", world.mine, goal_id=g.pk), {"text": "Buy an alarm clock"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#goal-{g.pk}")
    s = GoalStep.objects.get()
    assert (
        client.post(_url("plans:step_done", world.mine, step_id=s.pk), {"done": "on"}).status_code
        == 302
    )
    s.refresh_from_db()
    assert s.done_on is not None
    response = client.post(
        _url("plans:progress_add", world.mine, goal_id=g.pk), {"rating": "7", "note": "Better"}
    )
    assert response.status_code == 302
    assert GoalProgress.objects.get().rating == 7


def test_htmx_gets_the_goal_card_back(world, client_for):
    g = goal(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(
        _url("plans:step_add", world.mine, goal_id=g.pk),
        {"text": "Buy an alarm clock"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and f'id="goal-{g.pk}"' in body and "Buy an alarm clock" in body
    assert "Step added." in body
    # Field ids are unique to this goal, so several goals on one page never clash.
    assert f'id="goal{g.pk}-step-text"' in body


def test_htmx_bad_checkin_shows_the_error_in_place(world, client_for):
    g = goal(world)
    response = client_for(world.users[Role.PEER_SPECIALIST]).post(
        _url("plans:progress_add", world.mine, goal_id=g.pk),
        {"rating": "12", "note": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "has-error" in body
    assert not GoalProgress.objects.exists()


def test_bad_checkin_without_javascript_shows_a_page_with_errors(world, client_for):
    g = goal(world)
    response = client_for(world.users[Role.PEER_SPECIALIST]).post(
        _url("plans:progress_add", world.mine, goal_id=g.pk), {"rating": "", "note": ""}
    )
    assert response.status_code == 400
    assert "Give a number from 0 to 10, a sentence, or both." in response.content.decode()


def test_recovery_page_query_count_does_not_grow_with_goals(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = active_plan(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = _url("plans:recovery", world.mine)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    g = goal(world, plan)
    step(world, g)
    services.progress_add(actor=world.users[Role.PEER_SPECIALIST], goal=g, rating=1)
    client.get(url)
    few = count()
    for i in range(8):
        g = goal(
            world,
            plan,
            text=f"Goal {i}",
            dimension=["health", "home", "purpose", "community"][i % 4],
        )
        step(world, g)
        services.progress_add(actor=world.users[Role.PEER_SPECIALIST], goal=g, rating=i)
    assert count() == few


# --- wellness and safety pages ----------------------------------------------------------------


def _safety_form(**values):
    data = {name: "" for name in services.SAFETY_FIELDS}
    data.update(values)
    return data


def test_safety_plan_written_in_a_session(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    page = client.get(_url("plans:safety_edit", world.mine))
    assert page.status_code == 200 and 'class="plan-text"' in page.content.decode()
    response = client.post(
        _url("plans:safety_edit", world.mine),
        _safety_form(
            version="0", people_to_ask="My sister Rosa 215-555-0143", reasons_for_living="My cat"
        ),
    )
    assert response.status_code == 302
    body = client.get(_url("plans:safety", world.mine)).content.decode()
    assert 'href="tel:2155550143"' in body  # tap to call, from what was typed
    assert 'href="tel:988"' in body and "741741" in body and 'href="tel:911"' in body


def test_safety_plan_conflict_keeps_both_versions_visible(world, client_for):
    services.safety_plan_save(
        actor=world.users[Role.PEER_SUPERVISOR],
        participant=world.mine,
        data={"warning_signs": "Saved first"},
        expected_version=0,
    )
    response = client_for(world.users[Role.PEER_SPECIALIST]).post(
        _url("plans:safety_edit", world.mine),
        _safety_form(version="0", warning_signs="Typed second"),
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Typed second" in body and "Saved first" in body
    assert 'name="version" value="1"' in body  # saving again now overwrites, on purpose
    assert SafetyPlan.objects.get().warning_signs == "Saved first"


def test_overlong_section_is_a_field_error(world, client_for):
    response = client_for(world.users[Role.PEER_SPECIALIST]).post(
        _url("plans:wellness_edit", world.mine), {"version": "0", "triggers": "x" * 5001}
    )
    assert response.status_code == 400
    assert "triggers" in response.context["form"].errors


def test_wellness_plan_shows_seven_sections(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(
        _url("plans:wellness_edit", world.mine),
        {
            "version": "0",
            "wellness_toolbox": "Music",
            "triggers": "Crowds",
            "triggers_action": "Step outside",
        },
    )
    assert response.status_code == 302
    body = client.get(_url("plans:wellness", world.mine)).content.decode()
    assert "Wellness plan (WRAP-style)" in body
    for title in (
        "Wellness toolbox",
        "Daily maintenance plan",
        "Triggers",
        "Early warning signs",
        "When things are breaking down",
        "Crisis plan",
        "Post-crisis plan",
    ):
        assert f">{title}</h2>" in body
    assert body.index("Crowds") < body.index("Step outside")


# --- the participant's own pages --------------------------------------------------------------


def test_participant_sees_only_their_own_plans(world, client_for):
    active_plan(world, world.own_record)
    goal(world, RecoveryPlan.objects.get(participant=world.own_record), text="Pat's own goal")
    goal(world, active_plan(world), text="Maria's goal")
    client = client_for(world.users[Role.PARTICIPANT])
    body = client.get(reverse("plans:mine_recovery")).content.decode()
    assert "Pat&#x27;s own goal" in body and "Maria" not in body
    assert "Mark done" not in body and "Add a check-in" not in body  # read only
    # Staff URLs are closed to participants, whoever's record they name.
    for name in ("plans:recovery", "plans:safety", "plans:safety_pdf"):
        assert client.get(_url(name, world.own_record)).status_code == 403


def test_participant_agrees_from_their_own_page(world, client_for):
    plan = active_plan(world, world.own_record)
    client = client_for(world.users[Role.PARTICIPANT])
    body = client.get(reverse("plans:mine_recovery")).content.decode()
    assert "I agree with my plan" in body
    response = client.post(reverse("plans:mine_recovery_agree"), {"revision": plan.revision})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_agreed and plan.acknowledged_how == "own_account"
    assert (
        "You agreed to this plan on" in client.get(reverse("plans:mine_recovery")).content.decode()
    )


def test_participant_without_a_linked_record_gets_404(world, client_for):
    from tests.factories import UserFactory

    lonely = UserFactory(organisation=world.org, role=Role.PARTICIPANT)
    client = client_for(lonely)
    for name in (
        "plans:mine_recovery",
        "plans:mine_safety",
        "plans:mine_wellness",
        "plans:mine_record_pdf",
    ):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("plans:mine_recovery_agree"), {"revision": 1}).status_code == 404


def test_participant_safety_page_has_tap_to_call(world, client_for):
    from hearth.organisations.models import LocalCrisisLine

    LocalCrisisLine.objects.create(
        organisation=world.org, name="County Mobile Crisis", phone="555-0199"
    )
    services.safety_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.own_record,
        data={"people_to_ask": "Aunt Jo (412) 555-0100"},
        expected_version=0,
    )
    body = (
        client_for(world.users[Role.PARTICIPANT]).get(reverse("plans:mine_safety")).content.decode()
    )
    assert 'href="tel:4125550100"' in body
    assert 'href="tel:555-0199"' in body and "County Mobile Crisis" in body
    assert 'href="tel:988"' in body and 'href="tel:911"' in body
    assert reverse("plans:mine_safety_pdf") in body


def test_participant_safety_page_without_a_plan_still_lists_crisis_lines(world, client_for):
    body = (
        client_for(world.users[Role.PARTICIPANT]).get(reverse("plans:mine_safety")).content.decode()
    )
    assert 'href="tel:988"' in body and "741741" in body


# --- the include slots ------------------------------------------------------------------------


def test_plans_card_on_the_participant_page(world, client_for):
    from datetime import timedelta

    from django.utils import timezone

    plan = active_plan(world)
    RecoveryPlan.objects.filter(pk=plan.pk).update(
        next_review_on=timezone.localdate() - timedelta(days=2)
    )
    body = (
        client_for(world.users[Role.PEER_SPECIALIST])
        .get(reverse("participants:detail", args=[world.mine.public_id]))
        .content.decode()
    )
    assert "Review overdue" in body
    assert _url("plans:recovery", world.mine) in body
    assert _url("plans:safety", world.mine) in body
    assert "Wellness plan (WRAP-style)" in body


def test_plans_card_query_count_is_constant(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("participants:detail", args=[world.mine.public_id])
    client.get(url)
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    plan = active_plan(world)
    for i in range(6):
        step(world, goal(world, plan, text=f"G{i}"))
    services.safety_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.mine,
        data={"warning_signs": "x"},
        expected_version=0,
    )
    services.wellness_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.mine,
        data={"triggers": "x"},
        expected_version=0,
    )
    with CaptureQueriesContext(connection) as full:
        client.get(url)
    assert len(full.captured_queries) == len(empty.captured_queries)


def test_own_plans_card_puts_the_safety_plan_first(world, client_for):
    body = (
        client_for(world.users[Role.PARTICIPANT])
        .get(reverse("participants_self:home"))
        .content.decode()
    )
    assert body.index(reverse("plans:mine_safety")) < body.index(reverse("plans:mine_recovery"))
    assert reverse("plans:mine_record_pdf") in body
    assert 'href="tel:988"' in body


# --- audit ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "object_type"),
    [
        ("plans:recovery", "recovery_plan"),
        ("plans:wellness", "wellness_plan"),
        ("plans:safety", "safety_plan"),
    ],
)
def test_each_plan_page_read_writes_one_view_event(world, client_for, name, object_type):
    active_plan(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    client.get(_url(name, world.mine))  # sign-in bookkeeping out of the way
    before = AuditEvent.objects.count()
    assert client.get(_url(name, world.mine)).status_code == 200
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type) for e in events] == [(Action.VIEW, object_type)]


@pytest.mark.parametrize(
    ("name", "object_type"),
    [
        ("plans:mine_recovery", "recovery_plan"),
        ("plans:mine_wellness", "wellness_plan"),
        ("plans:mine_safety", "safety_plan"),
    ],
)
def test_participant_reads_are_audited_too(world, client_for, name, object_type):
    client = client_for(world.users[Role.PARTICIPANT])
    client.get(reverse(name))
    before = AuditEvent.objects.count()
    client.get(reverse(name))
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type, e.actor_role) for e in events] == [
        (Action.VIEW, object_type, Role.PARTICIPANT)
    ]
    assert str(world.own_record.public_id) in events[0].detail  # no plan yet: whose page it was


def test_change_through_a_page_is_audited_as_an_update(world, client_for):
    plan = active_plan(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    before = AuditEvent.objects.count()
    client.post(_url("plans:recovery_reviewed", world.mine))
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type, e.object_id) for e in events] == [
        (Action.UPDATE, "recovery_plan", str(plan.public_id))
    ]
