"""The mentoring lifecycle through its services: batch run, approval within capacity,
acceptance by both, declines with reasons, ending and rematching, and audit events."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.core.policy import Role
from hearth.matching import selectors, services
from hearth.matching.models import (
    DeclineReason,
    EndReason,
    Match,
    MatchStatus,
    RequestStatus,
    Source,
)
from tests.factories import ParticipantFactory
from tests.matching import helpers

pytestmark = pytest.mark.django_db


def _admin(world):
    return world.users[Role.ORG_ADMIN]


def _run(world):
    admin = _admin(world)
    return services.matching_run(actor=admin, waitlist=selectors.waitlist_for(admin))


def test_matching_run_proposes_the_best_mentor_with_reasons(world):
    helpers.waiting(world, languages=["es"], must_language="es")
    helpers.mentor(world, public_name="English only", languages=["en"])
    spanish = helpers.mentor(world, public_name="Habla español", languages=["es", "en"])

    run = _run(world)

    proposal = run.matches.get()
    assert proposal.mentor == spanish
    assert proposal.status == MatchStatus.PROPOSED
    assert ["language", ["es"]] in proposal.reasons
    assert run.waiting == 1 and run.proposed == 1
    event = AuditEvent.objects.filter(object_type="match_run").get()
    assert event.detail == "waiting=1,proposed=1"


def test_matching_run_reports_who_nobody_can_serve_and_why(world):
    helpers.waiting(world, languages=["vi"], must_language="vi")
    helpers.mentor(world, languages=["en"])

    run = _run(world)

    assert run.proposed == 0
    assert [row["why"] for row in run.unmatched] == ["no_language"]
    (row,) = selectors.run_unmatched(_admin(world), run)
    assert row["why"] == "no mentor speaks Vietnamese"


def test_a_new_run_supersedes_unreviewed_proposals(world):
    helpers.waiting(world)
    helpers.mentor(world)
    first = _run(world)
    second = _run(world)

    assert first.matches.get().status == MatchStatus.WITHDRAWN
    assert second.matches.get().status == MatchStatus.PROPOSED


def test_approve_offers_the_match_and_takes_the_participant_off_the_waitlist(world):
    match = helpers.proposal(world)

    services.match_approve(actor=_admin(world), match=match)

    match.refresh_from_db()
    assert match.status == MatchStatus.OFFERED and match.approved_by == _admin(world)
    assert match.request.__class__.objects.get(pk=match.request_id).status == RequestStatus.MATCHED
    assert not selectors.waitlist_for(_admin(world)).exists()


def test_approve_refuses_past_the_mentors_capacity(world):
    profile = helpers.mentor(world, capacity=1)
    first = helpers.proposal(world, profile=profile)
    other = helpers.waiting(world, world.teammate_case)
    second = helpers.proposal(world, item=other, profile=profile)
    services.match_approve(actor=_admin(world), match=first)

    with pytest.raises(services.CapacityError, match="no place left"):
        services.match_approve(actor=_admin(world), match=second)
    assert profile.matches.filter(status__in=[MatchStatus.OFFERED, MatchStatus.ACTIVE]).count() == 1


def test_both_accepting_makes_the_match_active(world):
    match = helpers.proposal(world)
    services.match_approve(actor=_admin(world), match=match)

    services.match_accept(actor=_admin(world), match=match, side="mentor")
    services.match_accept(actor=world.users[Role.PARTICIPANT], match=match, side="participant")

    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE and match.started_at is not None


def test_mentor_declines_with_a_reason_and_the_pairing_is_not_proposed_again(world):
    profile = helpers.mentor(world)
    match = helpers.proposal(world, profile=profile)
    services.match_approve(actor=_admin(world), match=match)

    with pytest.raises(ValidationError):
        services.match_decline(actor=_admin(world), match=match, side="mentor", reason="")
    services.match_decline(
        actor=_admin(world), match=match, side="mentor", reason=DeclineReason.SCHEDULE
    )

    match.refresh_from_db()
    assert match.status == MatchStatus.DECLINED and match.decline_reason == "schedule"
    assert match.request.__class__.objects.get(pk=match.request_id).status == RequestStatus.WAITING
    run = _run(world)
    assert not run.matches.exists()
    assert run.unmatched[0]["why"] == "no_single_mentor"


def test_ending_with_a_rematch_keeps_history_and_returns_to_the_waitlist(world):
    first_mentor = helpers.mentor(world, public_name="First")
    second_mentor = helpers.mentor(world, public_name="Second")
    match = helpers.proposal(world, profile=first_mentor)
    services.match_approve(actor=_admin(world), match=match)
    services.match_accept(actor=_admin(world), match=match, side="mentor")
    services.match_accept(actor=_admin(world), match=match, side="participant")

    services.match_end(actor=_admin(world), match=match, reason=EndReason.REMATCH)

    match.refresh_from_db()
    assert match.status == MatchStatus.ENDED and match.end_reason == "rematch"
    item = match.request.__class__.objects.get(pk=match.request_id)
    assert item.status == RequestStatus.WAITING
    run = _run(world)
    assert run.matches.get().mentor == second_mentor
    assert list(selectors.history_of(item).values_list("mentor__public_name", flat=True)) == [
        "Second",
        "First",
    ]


def test_ending_for_goals_met_closes_the_request(world):
    match = helpers.proposal(world, status=MatchStatus.ACTIVE)

    services.match_end(actor=_admin(world), match=match, reason=EndReason.GOALS_MET)

    assert match.request.__class__.objects.get(pk=match.request_id).status == RequestStatus.CLOSED


def test_participant_choosing_a_suggestion_creates_an_offer_they_accepted(world):
    item = helpers.waiting(world, world.own_record)
    helpers.mentor(world)
    (suggestion,) = selectors.suggestions_for(item)

    match = services.match_offer(
        actor=world.users[Role.PARTICIPANT],
        match_request=item,
        mentor=suggestion["mentor"],
        suggestion=suggestion,
        source=Source.CHOSEN,
    )

    assert match.status == MatchStatus.OFFERED and match.participant_accepted_at is not None
    with pytest.raises(ValidationError):  # one open offer at a time
        services.match_offer(
            actor=world.users[Role.PARTICIPANT],
            match_request=item,
            mentor=suggestion["mentor"],
            suggestion=suggestion,
        )


def test_suggestions_leave_out_full_mentors_and_declined_pairings(world):
    item = helpers.waiting(world)
    full = helpers.mentor(world, public_name="Full", capacity=1)
    helpers.proposal(
        world,
        item=helpers.waiting(world, world.stranger_case),
        profile=full,
        status=MatchStatus.ACTIVE,
    )
    declined = helpers.mentor(world, public_name="Declined")
    helpers.proposal(world, item=item, profile=declined, status=MatchStatus.DECLINED)
    helpers.mentor(world, public_name="Free")

    names = [s["mentor"].public_name for s in selectors.suggestions_for(item)]

    assert names == ["Free"]


def test_preferences_edit_from_an_old_version_is_refused(world):
    item = helpers.waiting(world)
    admin = _admin(world)
    services.match_request_update(
        actor=admin, match_request=item, data={"area": "Eastgate"}, expected_version=1
    )

    with pytest.raises(services.StaleEditError):
        services.match_request_update(
            actor=admin, match_request=item, data={"area": "Westview"}, expected_version=1
        )


def test_profile_with_a_tag_outside_the_vocabulary_is_refused_by_name(world):
    with pytest.raises(ValidationError) as caught:
        services.mentor_profile_save(
            actor=_admin(world),
            data={"public_name": "X", "lived_experience": ["opioids", "astrology"]},
        )
    assert "“astrology” is not in this programme's vocabulary." in str(caught.value)


def test_participant_cannot_join_the_waitlist_twice(world):
    admin = _admin(world)
    services.match_request_open(actor=admin, participant=world.mine, data={})

    with pytest.raises(ValidationError, match="already on the mentoring waitlist"):
        services.match_request_open(actor=admin, participant=world.mine, data={})


def test_outcomes_count_retention_by_shared_part(world):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for days, ended, parts in (
        (100, None, {"experience": 1.0}),
        (100, 20, {"experience": 0.0}),
    ):
        m = helpers.proposal(
            world,
            item=helpers.waiting(world, ParticipantFactory(organisation=world.org)),
            status=MatchStatus.ENDED if ended else MatchStatus.ACTIVE,
        )
        Match.objects.filter(pk=m.pk).update(
            started_at=now - timedelta(days=days),
            ended_at=now - timedelta(days=days - ended) if ended else None,
            end_reason="lost_contact" if ended else "",
            parts=parts,
        )

    report = selectors.outcomes_for(_admin(world), now)

    assert report["all"].matches == 2
    assert report["experience"]["shared"].rate(90) == 1.0
    assert report["experience"]["not_shared"].rate(30) == 0.0
    assert report["experience"]["not_shared"].ended_early == 1


def test_programme_weights_steer_the_batch(world):
    world.mine.lived_experience = ["grief"]
    world.mine.save(update_fields=["lived_experience"])
    item = helpers.waiting(
        world, languages=["es"], programme=world.programme, availability=[], modes=[]
    )
    helpers.mentor(world, public_name="Shares grief", lived_experience=["grief"], languages=["en"])
    helpers.mentor(world, public_name="Speaks Spanish", lived_experience=[], languages=["es"])
    MatchRequest = item.__class__

    assert _run(world).matches.get().mentor.public_name == "Shares grief"
    services.programme_weights_save(
        actor=_admin(world),
        programme=world.programme,
        weights={"experience": 0, "pathway": 0, "language": 10, "identity": 0,
                 "availability": 0, "distance": 0},
    )  # fmt: skip
    assert MatchRequest.objects.get(pk=item.pk).status == RequestStatus.WAITING

    assert _run(world).matches.get(status=MatchStatus.PROPOSED).mentor.public_name == (
        "Speaks Spanish"
    )


def test_weights_page_refuses_negative_weights(world, client_for):
    from django.urls import reverse

    client = client_for(world.users[Role.PROGRAMME_MANAGER])
    data = {"experience": "-1", "pathway": "1", "language": "1", "identity": "1",
            "availability": "1", "distance": "1"}  # fmt: skip

    response = client.post(
        reverse("matching:programme_weights", args=[world.programme.public_id]), data
    )

    assert response.status_code == 400
    assert not world.programme.__class__.objects.filter(matching_weights__isnull=False).exists()
