from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hearth.core.policy import Role
from hearth.participants import services
from hearth.participants.models import Participant


def test_create_rejects_unknown_codes(world):
    with pytest.raises(ValidationError) as exc:
        services.participant_create(
            actor=world.users[Role.ORG_ADMIN],
            data={"name": "A B", "lived_experience": ["nonsense"]},
        )
    assert "lived_experience" in exc.value.error_dict
    assert not Participant.objects.filter(name="A B").exists()


def test_create_refused_for_roles_without_permission(world):
    for role in (Role.CLINICIAN, Role.PARTICIPANT, Role.COMMUNITY_MEMBER):
        with pytest.raises(PermissionDenied):
            services.participant_create(actor=world.users[role], data={"name": "Nope"})


def test_update_outside_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.participant_update(
            actor=world.users[Role.PEER_SPECIALIST],
            participant=world.stranger_case,
            data={"pronouns": "x"},
            expected_version=world.stranger_case.version,
        )


def test_update_with_stale_version_raises_and_writes_nothing(world):
    actor = world.users[Role.PEER_SPECIALIST]
    services.participant_update(
        actor=actor, participant=world.mine, data={"pronouns": "he/him"}, expected_version=1
    )
    fresh = Participant.objects.get(pk=world.mine.pk)
    with pytest.raises(services.ConcurrentEditError) as exc:
        services.participant_update(
            actor=actor, participant=fresh, data={"pronouns": "she/her"}, expected_version=1
        )
    assert exc.value.current.version == 2
    assert Participant.objects.get(pk=world.mine.pk).pronouns == "he/him"
