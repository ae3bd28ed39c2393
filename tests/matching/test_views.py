"""Mentoring pages through the test client: the coordinator's one-click flow, outsiders
getting 404, list pages costing the same queries at any size, bad input kept with field
errors, and the mentor's and participant's pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.core.policy import Role
from hearth.matching.engine import PARTS
from hearth.matching.models import Match, MatchRequest, MatchStatus
from tests.factories import ParticipantFactory, UserFactory
from tests.matching import helpers

pytestmark = pytest.mark.django_db


def _admin_run(world):
    from hearth.matching import selectors, services

    admin = world.users[Role.ORG_ADMIN]
    helpers.waiting(world)
    return services.matching_run(actor=admin, waitlist=selectors.waitlist_for(admin))


def _admin_client(world, client_for):
    return client_for(world.users[Role.ORG_ADMIN])


def test_coordinator_matches_the_waitlist_in_one_click_and_approves(world, client_for):
    helpers.mentor(world, public_name="Rosa D.", languages=["es", "en"])
    helpers.waiting(world, languages=["es"], must_language="es")
    client = _admin_client(world, client_for)

    response = client.post(reverse("matching:run"), follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Rosa D." in page and "both speak Spanish" in page
    match = Match.objects.get()
    response = client.post(
        reverse("matching:run_approve", args=[match.run.public_id]), {"match": [match.public_id]}
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == MatchStatus.OFFERED


def test_run_page_lists_the_unmatched_with_the_reason(world, client_for):
    helpers.mentor(world, languages=["en"])
    helpers.waiting(world, languages=["vi"], must_language="vi")

    response = _admin_client(world, client_for).post(reverse("matching:run"), follow=True)

    assert "no mentor speaks Vietnamese" in response.content.decode()


def test_pages_read_in_spanish(world, client_for):
    helpers.mentor(world, languages=["es", "en"])
    helpers.waiting(world, languages=["es"], must_language="es")
    client = _admin_client(world, client_for)
    client.cookies["django_language"] = "es"

    response = client.post(reverse("matching:run"), follow=True)

    assert "ambos hablan español" in response.content.decode()


@pytest.mark.parametrize(
    "name,builder",
    [
        ("matching:request_detail", lambda w: {"pk": helpers.waiting(w).public_id}),
        ("matching:request_edit", lambda w: {"pk": helpers.waiting(w).public_id}),
        ("matching:match_detail", lambda w: {"pk": helpers.proposal(w).public_id}),
        ("matching:mentor_edit", lambda w: {"pk": helpers.mentor(w).public_id}),
        ("matching:run_detail", lambda w: {"pk": _admin_run(w).public_id}),
        ("matching:programme_weights", lambda w: {"pk": w.programme.public_id}),
    ],
)
def test_outsider_gets_404_on_detail_pages(world, client_for, name, builder):
    outsider = UserFactory(organisation=world.other_org, role=Role.ORG_ADMIN)

    response = client_for(outsider).get(reverse(name, kwargs=builder(world)))

    assert response.status_code == 404


def test_mentor_sees_only_offers_on_their_own_profile(world, client_for):
    offer = helpers.offer_to_specialist(world)
    stranger = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST)

    response = client_for(stranger).post(
        reverse("matching:mentoring_respond", args=[offer.public_id]), {"answer": "accept"}
    )

    assert response.status_code == 404


def test_mentor_declines_with_a_reason(world, client_for):
    offer = helpers.offer_to_specialist(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("matching:mentoring_respond", args=[offer.public_id])

    refused = client.post(url, {"answer": "decline"})
    assert refused.status_code == 400
    response = client.post(url, {"answer": "decline", "reason": "schedule", "note": "Nights only"})

    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason, offer.decline_note) == (
        MatchStatus.DECLINED,
        "schedule",
        "Nights only",
    )


def test_participant_sees_suggested_mentors_and_chooses(world, client_for):
    helpers.waiting(world, world.own_record)
    profile = helpers.mentor(world, public_name="Keisha B.", about="Harm-reduction volunteer.")
    client = client_for(world.users[Role.PARTICIPANT])

    page = client.get(reverse("matching:mine")).content.decode()
    assert "Keisha B." in page and "Harm-reduction volunteer." in page
    response = client.post(reverse("matching:mine_choose", args=[profile.public_id]))

    assert response.status_code == 302
    match = Match.objects.get()
    assert match.status == MatchStatus.OFFERED and match.participant_accepted_at
    assert AuditEvent.objects.filter(object_type="own_mentoring", action="view").exists()


def test_request_form_keeps_bad_input_with_field_errors(world, client_for):
    client = _admin_client(world, client_for)

    response = client.post(
        reverse("matching:request_new"),
        {
            "participant": world.mine.public_id,
            "languages": ["es", "klingon"],
            "must_max_km": "10",
            "importance_experience": "2",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "klingon" in page and "Select a valid choice" in page
    assert not MatchRequest.objects.exists()


def test_request_edit_from_an_old_version_shows_the_conflict(world, client_for):
    item = helpers.waiting(world)
    MatchRequest.objects.filter(pk=item.pk).update(version=2)
    data = {f"importance_{part}": "1" for part in PARTS}

    response = _admin_client(world, client_for).post(
        reverse("matching:request_edit", args=[item.public_id]),
        data | {"version": "1", "area": "Eastgate"},
    )

    assert response.status_code == 409
    assert "Someone else saved" in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_rows(world, n: int, mentor_profile) -> None:
    for _ in range(n):
        helpers.mentor(world)
        helpers.waiting(world, ParticipantFactory(organisation=world.org))
        helpers.proposal(
            world,
            item=helpers.waiting(world, ParticipantFactory(organisation=world.org)),
            profile=mentor_profile,
            status=MatchStatus.OFFERED,
        )


def _page_queries(world, client_for) -> dict[str, int]:
    from hearth.matching import selectors, services

    admin_user = world.users[Role.ORG_ADMIN]
    admin = client_for(admin_user)
    run = services.matching_run(actor=admin_user, waitlist=selectors.waitlist_for(admin_user))
    return {
        "waitlist": _queries(admin, reverse("matching:waitlist")),
        "mentors": _queries(admin, reverse("matching:mentors")),
        "outcomes": _queries(admin, reverse("matching:outcomes")),
        "run": _queries(admin, reverse("matching:run_detail", args=[run.public_id])),
        "mentoring": _queries(
            client_for(world.users[Role.PEER_SPECIALIST]), reverse("matching:mentoring")
        ),
    }


def test_list_pages_cost_the_same_queries_at_any_size(world, client_for):
    profile = helpers.mentor(world, user=world.users[Role.PEER_SPECIALIST], capacity=50)
    _add_rows(world, 1, profile)
    small = _page_queries(world, client_for)

    _add_rows(world, 6, profile)
    large = _page_queries(world, client_for)

    assert small == large


def test_other_organisation_waitlist_is_invisible(world, client_for):
    other_participant = ParticipantFactory(organisation=world.other_org)
    helpers.waiting(world, other_participant)

    response = _admin_client(world, client_for).get(reverse("matching:waitlist"))

    assert other_participant.name not in response.content.decode()
