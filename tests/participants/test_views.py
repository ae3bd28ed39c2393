from __future__ import annotations

from django.core import mail
from django.urls import reverse

from hearth.core.policy import Role
from hearth.participants.models import CaseAssignment, Participant, ParticipantStatus
from tests.factories import ParticipantFactory, UserFactory, assign


def test_list_shows_each_role_only_its_scope(world, client_for):
    seen = {}
    for role in (
        Role.PEER_SPECIALIST,
        Role.PEER_SUPERVISOR,
        Role.PROGRAMME_MANAGER,
        Role.ORG_ADMIN,
    ):
        body = client_for(world.users[role]).get(reverse("participants:list")).content.decode()
        seen[role] = {p.name for p in Participant.objects.all() if p.name in body}
    assert seen[Role.PEER_SPECIALIST] == {"Maria Lopez", "Pat Own"}
    assert seen[Role.PEER_SUPERVISOR] == {"Maria Lopez", "Pat Own", "Tom Reed"}
    assert seen[Role.PROGRAMME_MANAGER] == {"Ana Cruz"}
    assert seen[Role.ORG_ADMIN] == {"Maria Lopez", "Pat Own", "Tom Reed", "Ana Cruz", "Sam Park"}


def test_other_organisation_records_are_404_for_everyone(world, client_for):
    for role in (
        Role.PEER_SPECIALIST,
        Role.PEER_SUPERVISOR,
        Role.PROGRAMME_MANAGER,
        Role.ORG_ADMIN,
    ):
        client = client_for(world.users[role])
        for name in ("participants:detail", "participants:edit", "participants:assign"):
            response = client.get(reverse(name, args=[world.other_org_case.public_id]))
            assert response.status_code in (403, 404)
            assert "Jo Other" not in response.content.decode()


def test_unknown_record_ids_are_404(world, client_for):
    client = client_for(world.users[Role.ORG_ADMIN])
    assert client.get("/participants/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/participants/not-a-uuid/").status_code == 404
    assert client.get("/manage/users/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_search_filters_and_paginates(world, client_for):
    admin = world.users[Role.ORG_ADMIN]
    ParticipantFactory.create_batch(30, organisation=world.org, status=ParticipantStatus.ACTIVE)
    client = client_for(admin)
    body = client.get(reverse("participants:list"), {"q": "lopez"}).content.decode()
    assert "Maria Lopez" in body and "Sam Park" not in body
    page1 = client.get(reverse("participants:list"), {"status": "active"}).content.decode()
    assert "Page 1 of 2" in page1
    page2 = client.get(reverse("participants:list"), {"status": "active", "page": 2})
    assert page2.status_code == 200
    # htmx requests get just the results fragment.
    fragment = client.get(
        reverse("participants:list"), {"q": "lopez"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and "Maria Lopez" in fragment


def test_bad_filter_values_do_not_error(world, client_for):
    client = client_for(world.users[Role.ORG_ADMIN])
    for params in ({"status": "bogus"}, {"programme": "nope"}, {"page": "x"}, {"q": "a" * 500}):
        assert client.get(reverse("participants:list"), params).status_code == 200


def test_intake_creates_a_participant_on_the_peers_caseload(world, client_for):
    specialist = world.users[Role.PEER_SPECIALIST]
    response = client_for(specialist).post(
        reverse("participants:create"),
        {
            "name": "Rosa Delgado",
            "preferred_name": "Rosie",
            "pronouns": "she/her",
            "lived_experience": ["substance_use", "trauma"],
            "recovery_pathways": ["medication"],
            "may_text": "yes",
            "programmes": [world.programme.pk],
            "notes": "Met at the drop-in.",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get(name="Rosa Delgado")
    assert participant.organisation == world.org
    assert participant.lived_experience == ["substance_use", "trauma"]
    assert CaseAssignment.objects.get(participant=participant).specialist == specialist
    assert response["Location"] == reverse("participants:detail", args=[participant.public_id])


def test_intake_with_bad_input_shows_field_errors_and_keeps_input(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(
        reverse("participants:create"),
        {
            "name": "",
            "preferred_name": "Keep me",
            "email": "not-an-email",
            "date_of_birth": "31/31/2020",
            "lived_experience": ["made_up"],
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Keep me"' in body
    form = response.context["form"]
    assert {"name", "email", "date_of_birth", "lived_experience"} <= set(form.errors)
    assert not Participant.objects.filter(preferred_name="Keep me").exists()


def test_intake_rejects_programme_of_another_organisation(world, client_for):
    from tests.factories import ProgrammeFactory

    foreign = ProgrammeFactory(organisation=world.other_org)
    response = client_for(world.users[Role.ORG_ADMIN]).post(
        reverse("participants:create"), {"name": "X Y", "programmes": [foreign.pk]}
    )
    assert response.status_code == 400
    assert "programmes" in response.context["form"].errors


def _edit_payload(participant, **changes):
    data = {"name": participant.name, "version": participant.version}
    data.update(changes)
    return data


def test_edit_saves_and_bumps_version(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("participants:edit", args=[world.mine.public_id])
    response = client.post(url, _edit_payload(world.mine, pronouns="she/they"))
    assert response.status_code == 302
    world.mine.refresh_from_db()
    assert world.mine.pronouns == "she/they" and world.mine.version == 2


def test_concurrent_edit_is_refused_and_nothing_is_lost(world, client_for):
    first = client_for(world.users[Role.PEER_SPECIALIST])
    second = client_for(world.users[Role.PEER_SUPERVISOR])
    url = reverse("participants:edit", args=[world.mine.public_id])
    stale = world.mine.version
    assert first.post(url, _edit_payload(world.mine, pronouns="they/them")).status_code == 302
    response = second.post(url, {"name": world.mine.name, "version": stale, "phone": "555-0100"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved changes" in body
    assert 'value="555-0100"' in body  # what the second editor typed is still in the form
    world.mine.refresh_from_db()
    assert world.mine.pronouns == "they/them" and world.mine.phone == ""
    # Saving again from the refreshed form is a deliberate overwrite and succeeds.
    form_version = response.context["form"].data["version"]
    again = second.post(
        url,
        {
            "name": world.mine.name,
            "version": form_version,
            "phone": "555-0100",
            "pronouns": "they/them",
        },
    )
    assert again.status_code == 302


def test_discharge_needs_a_reason(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("participants:status", args=[world.mine.public_id])
    response = client.post(url, {"status": "discharged", "version": world.mine.version})
    assert response.status_code == 400
    assert "discharge_reason" in response.context["form"].errors
    response = client.post(
        url,
        {"status": "discharged", "discharge_reason": "goals_met", "version": world.mine.version},
    )
    assert response.status_code == 302
    world.mine.refresh_from_db()
    assert world.mine.status == "discharged" and world.mine.discharge_reason == "goals_met"


def test_stale_status_change_is_refused(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("participants:status", args=[world.mine.public_id])
    response = client.post(url, {"status": "active", "version": world.mine.version + 5})
    assert response.status_code == 302
    world.mine.refresh_from_db()
    assert world.mine.status == ParticipantStatus.REFERRED


def test_supervisor_assigns_team_member_and_history_is_kept(
    world, client_for, django_capture_on_commit_callbacks
):
    supervisor = world.users[Role.PEER_SUPERVISOR]
    teammate = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST, supervisor=supervisor)
    url = reverse("participants:assign", args=[world.mine.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supervisor).post(
            url, {"specialists": [teammate.pk], "primary": teammate.pk}
        )
    assert response.status_code == 302
    active = CaseAssignment.objects.filter(participant=world.mine, ended_at__isnull=True)
    assert [a.specialist for a in active] == [teammate]
    assert (
        CaseAssignment.objects.filter(participant=world.mine, ended_at__isnull=False).count() == 1
    )
    # The new peer is told by email, without the participant's name.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [teammate.email]
    assert world.mine.name not in mail.outbox[0].body


def test_supervisor_cannot_assign_someone_outside_their_team(world, client_for):
    outsider = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST)
    url = reverse("participants:assign", args=[world.mine.public_id])
    response = client_for(world.users[Role.PEER_SUPERVISOR]).post(
        url, {"specialists": [outsider.pk]}
    )
    assert response.status_code == 400


def test_participant_sees_only_their_own_record(world, client_for):
    client = client_for(world.users[Role.PARTICIPANT])
    body = client.get(reverse("participants_self:home")).content.decode()
    assert world.users[Role.PEER_SPECIALIST].display_name in body
    assert "Maria Lopez" not in body


def test_detail_shows_care_team_and_decrypted_notes(world, client_for):
    world.mine.notes = "Likes to meet at the library."
    world.mine.save()
    body = (
        client_for(world.users[Role.PEER_SPECIALIST])
        .get(reverse("participants:detail", args=[world.mine.public_id]))
        .content.decode()
    )
    assert "Likes to meet at the library." in body
    assert world.users[Role.PEER_SPECIALIST].display_name in body


def test_staff_home_lists_caseload_and_alerts(world, client_for):
    supervisor = world.users[Role.PEER_SUPERVISOR]
    body = client_for(supervisor).get(reverse("core:staff_home")).content.decode()
    assert "Needs attention" in body
    specialist_body = (
        client_for(world.users[Role.PEER_SPECIALIST])
        .get(reverse("core:staff_home"))
        .content.decode()
    )
    assert "Maria Lopez" in specialist_body
    assert "Sam Park" not in specialist_body


def test_clinician_home_shows_nothing_without_consent(world, client_for):
    body = client_for(world.users[Role.CLINICIAN]).get(reverse("core:staff_home")).content.decode()
    assert "Nothing has been shared with you yet" in body
    for p in Participant.objects.all():
        assert p.name not in body


def test_ended_assignment_removes_access(world, client_for):
    specialist = world.users[Role.PEER_SPECIALIST]
    extra = ParticipantFactory(organisation=world.org)
    assignment = assign(extra, specialist)
    client = client_for(specialist)
    assert client.get(reverse("participants:detail", args=[extra.public_id])).status_code == 200
    from django.utils import timezone

    assignment.ended_at = timezone.now()
    assignment.save()
    assert client.get(reverse("participants:detail", args=[extra.public_id])).status_code == 404


def test_export_is_scoped_audited_and_formula_safe(world, client_for):
    from hearth.audit.models import Action, AuditEvent

    world.in_programme.referral_source = "=HYPERLINK(evil)"
    world.in_programme.save()
    response = client_for(world.users[Role.PROGRAMME_MANAGER]).get(reverse("participants:export"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "Ana Cruz" in content and "Maria Lopez" not in content
    assert "'=HYPERLINK(evil)" in content
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="participant")
    assert event.detail == "rows=1"


def test_participant_downloads_own_record(world, client_for):
    import json

    response = client_for(world.users[Role.PARTICIPANT]).get(reverse("participants_self:download"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["name"] == "Pat Own"
    assert data["peer_specialists"][0]["name"] == world.users[Role.PEER_SPECIALIST].display_name
    assert "plans" in data


def test_assignment_email_goes_through_the_database_task_queue(
    transactional_db, world, client_for, settings, django_capture_on_commit_callbacks
):
    """Production runs tasks from the database (django-tasks-db): the web request only
    enqueues; `manage.py db_worker` sends."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    # django-tasks resets its backends when the setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    supervisor = world.users[Role.PEER_SUPERVISOR]
    teammate = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST, supervisor=supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(supervisor).post(
            reverse("participants:assign", args=[world.mine.public_id]),
            {"specialists": [teammate.pk]},
        )
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [teammate.email]
