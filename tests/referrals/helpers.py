"""Directory records and referrals in each state, for the referral tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hearth.core.policy import Role
from hearth.directory.models import Attribute, Organization, Service, TaxonomyTerm
from hearth.referrals import services
from hearth.referrals.lifecycle import Side, Status
from hearth.referrals.models import ConsentMethod, SharedItem

_counter = {"n": 0}


def make_service(name: str = "Emergency shelter beds", term: str = "Housing") -> Service:
    _counter["n"] += 1
    n = _counter["n"]
    org, _ = Organization.objects.get_or_create(
        id=f"org-{n}", defaults={"name": f"Provider {n}", "description": "A provider"}
    )
    service = Service.objects.create(id=f"svc-{n}", organization=org, name=name)
    term_obj, _ = TaxonomyTerm.objects.get_or_create(
        id=f"term-{term.lower()}", defaults={"name": term, "description": term}
    )
    Attribute.objects.create(
        id=f"attr-{n}", link_id=service.pk, link_entity="service", taxonomy_term=term_obj
    )
    return service


def peer(world):
    return world.users[Role.PEER_SPECIALIST]


def consent(world, service, *, participant=None, shares=None, **overrides):
    data = {
        "organization": Organization.objects.get(pk=service.organization_id),
        "shares": [SharedItem.FIRST_NAME, SharedItem.REQUEST] if shares is None else shares,
        "purpose": "To connect them with the service",
        "method": ConsentMethod.PAPER,
        "given_at": timezone.now() - timedelta(minutes=1),
        "expires_on": timezone.localdate() + timedelta(days=90),
        "told_can_revoke": True,
    }
    data.update(overrides)
    return services.consent_record(
        actor=peer(world),
        participant=participant or world.mine,
        data=services.ConsentInput(**data),
    )


def draft(world, service=None, *, participant=None, reason="Somewhere to sleep tonight"):
    return services.referral_create(
        actor=peer(world),
        participant=participant or world.mine,
        service=service or make_service(),
        reason=reason,
    )


def move(world, referral, to_status, *, side=Side.REFERRER, reason="", note=""):
    return services.referral_transition(
        actor=peer(world) if side == Side.REFERRER else None,
        referral=referral,
        to_status=to_status,
        expected_version=referral.version,
        reason=reason,
        note=note,
        side=side,
    )


def sent(world, service=None, *, participant=None, shares=None):
    service = service or make_service()
    consent(world, service, participant=participant, shares=shares)
    referral = draft(world, service, participant=participant)
    return move(world, referral, Status.SENT)


def with_link(world, referral=None):
    referral = referral or sent(world)
    link, token = services.link_issue(actor=peer(world), referral=referral)
    return referral, link, token
