"""Building blocks for the mentoring tests."""

from __future__ import annotations

from django.utils import timezone

from hearth.core.policy import Role
from hearth.matching.models import (
    Match,
    MatchRequest,
    MatchStatus,
    MentorProfile,
    RequestStatus,
    Source,
)


def mentor(world, *, user=None, capacity=2, **kw) -> MentorProfile:
    defaults = {
        "public_name": "Rosa D.",
        "languages": ["en", "es"],
        "lived_experience": ["opioids", "trauma"],
        "recovery_pathways": ["medication"],
        "availability": ["tue_evening", "sat_morning"],
        "modes": ["in_person", "phone"],
        "gender": "woman",
        "latitude": 41.08,
        "longitude": -81.52,
    }
    return MentorProfile.objects.create(
        organisation=world.org, user=user, capacity=capacity, **(defaults | kw)
    )


def waiting(world, participant=None, **kw) -> MatchRequest:
    participant = participant or world.mine
    defaults = {
        "languages": ["en"],
        "availability": ["tue_evening"],
        "modes": ["in_person", "phone"],
        "latitude": 41.09,
        "longitude": -81.5,
    }
    return MatchRequest.objects.create(
        organisation=participant.organisation_id and participant.organisation,
        participant=participant,
        **(defaults | kw),
    )


def proposal(world, *, item=None, profile=None, status=MatchStatus.PROPOSED, **kw) -> Match:
    item = item or waiting(world)
    profile = profile or mentor(world)
    if status in (MatchStatus.OFFERED, MatchStatus.ACTIVE):
        MatchRequest.objects.filter(pk=item.pk).update(status=RequestStatus.MATCHED)
    return Match.objects.create(
        organisation=item.organisation,
        request=item,
        participant=item.participant,
        mentor=profile,
        status=status,
        score=70,
        reasons=[["experience", ["opioids"]], ["language", ["es"]]],
        parts={"experience": 0.5},
        **kw,
    )


def offer_to_specialist(world) -> Match:
    profile = mentor(world, user=world.users[Role.PEER_SPECIALIST], public_name="Marcus B.")
    return proposal(world, profile=profile, status=MatchStatus.OFFERED, offered_at=timezone.now())


def own_offer(world) -> Match:
    item = waiting(world, world.own_record)
    return proposal(
        world, item=item, status=MatchStatus.OFFERED, offered_at=timezone.now(), source=Source.BATCH
    )
