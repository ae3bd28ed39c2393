"""Demo referrals for Riverbend: a handful of participants referred to demo services, in
every state of the lifecycle, with consents, a follow-up due today and outcomes.

The directory's own demo loader creates the demo services in its branch; the few this
loader needs are created here too, by their stable HSDS ids (``get_or_create``), so the
demo works whichever loader runs first. Referrals are casework, so they are written
through the services as Marcus (the demo peer specialist) and then back-dated, as the
casework loader back-dates sessions. Idempotent: a participant who already has a
referral to a service is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hearth.directory.models import Attribute, Organization, Service, TaxonomyTerm
from hearth.participants.models import Participant, ParticipantStatus
from hearth.referrals import services
from hearth.referrals.lifecycle import Side, Status
from hearth.referrals.models import (
    ConsentMethod,
    FollowUp,
    Referral,
    ReferralEvent,
    SharedItem,
)

# Stable HSDS ids (decision 0038 lists them for the directory's loader).
TERMS = {
    "housing": ("7a3e51c2-1b7d-4f0e-9c11-4d6a0b5e0001", "Housing"),
    "food": ("7a3e51c2-1b7d-4f0e-9c11-4d6a0b5e0002", "Food"),
    "sud_treatment": ("7a3e51c2-1b7d-4f0e-9c11-4d6a0b5e0003", "Substance use treatment"),
    "mutual_aid": ("7a3e51c2-1b7d-4f0e-9c11-4d6a0b5e0004", "Mutual support groups"),
}
ORGS = {
    "housing": ("5c1f0a9e-8d2b-4e6a-b3f4-2e7d9c4a0001", "Riverbend Housing Partners"),
    "food": ("5c1f0a9e-8d2b-4e6a-b3f4-2e7d9c4a0002", "Eastside Food Network"),
    "health": ("5c1f0a9e-8d2b-4e6a-b3f4-2e7d9c4a0003", "Riverbend Community Health"),
}
SERVICES = {
    "shelter": (
        "d4b8e2f1-3c6a-4b9d-8e07-1f5a2c9b0001",
        "housing",
        "Emergency shelter beds",
        "Beds for tonight, intake 5 pm to 9 pm, no ID needed.",
        "housing",
    ),
    "rent": (
        "d4b8e2f1-3c6a-4b9d-8e07-1f5a2c9b0002",
        "housing",
        "Rent help (housing stabilisation)",
        "One-off help with back rent and utility bills to prevent eviction.",
        "housing",
    ),
    "pantry": (
        "d4b8e2f1-3c6a-4b9d-8e07-1f5a2c9b0003",
        "food",
        "Community food pantry",
        "Groceries once a week, fresh produce on Thursdays.",
        "food",
    ),
    "moud": (
        "d4b8e2f1-3c6a-4b9d-8e07-1f5a2c9b0004",
        "health",
        "Medication for opioid use disorder clinic",
        "Buprenorphine (Suboxone) and methadone starts, same-week appointments.",
        "sud_treatment",
    ),
    "grupo": (
        "d4b8e2f1-3c6a-4b9d-8e07-1f5a2c9b0005",
        "health",
        "Grupo de apoyo en español",
        "Grupo de apoyo mutuo para personas en recuperación, los martes por la tarde.",
        "mutual_aid",
    ),
}

#: (service key, final status, days ago it was made, reason code, outcome).
PLAN = [
    ("pantry", Status.COMPLETED, 40, "", ("yes", "yes")),
    ("rent", Status.COMPLETED, 30, "", ("partly", "somewhat")),
    ("shelter", Status.DECLINED, 20, "no_capacity", None),
    ("moud", Status.IN_PROGRESS, 12, "", None),
    ("grupo", Status.ACCEPTED, 9, "", None),
    ("shelter", Status.NOT_COMPLETED, 25, "no_show", None),
    ("pantry", Status.SENT, 8, "", None),
    ("rent", Status.DRAFT, 1, "", None),
]
PATH = {
    Status.DRAFT: [],
    Status.SENT: [Status.SENT],
    Status.ACCEPTED: [Status.SENT, Status.ACCEPTED],
    Status.DECLINED: [Status.SENT, Status.DECLINED],
    Status.IN_PROGRESS: [Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS],
    Status.COMPLETED: [Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED],
    Status.NOT_COMPLETED: [Status.SENT, Status.ACCEPTED, Status.NOT_COMPLETED],
}
REQUESTS = {
    "shelter": "Needs a safe place to sleep tonight; has a dog.",
    "rent": "Two months behind on rent after losing hours at work.",
    "pantry": "Running out of food before the end of the month.",
    "moud": "Wants to start Suboxone this week, close to the bus line.",
    "grupo": "Busca un grupo en español cerca de casa.",
}


def ensure_directory() -> dict[str, Service]:
    """The demo services this loader refers to, created only where missing."""
    for key, (term_id, name) in TERMS.items():
        TaxonomyTerm.objects.get_or_create(
            id=term_id,
            defaults={"name": name, "description": name, "taxonomy": "Hearth demo", "code": key},
        )
    for org_id, name in ORGS.values():
        Organization.objects.get_or_create(
            id=org_id,
            defaults={
                "name": name,
                "description": f"{name} (demo provider)",
                "email": "intake@" + name.lower().replace(" ", "-") + ".example",
            },
        )
    found = {}
    for key, (service_id, org_key, name, description, term_key) in SERVICES.items():
        service, _made = Service.objects.get_or_create(
            id=service_id,
            defaults={
                "organization_id": ORGS[org_key][0],
                "name": name,
                "description": description,
            },
        )
        Attribute.objects.get_or_create(
            id=f"{service_id}-category",
            defaults={
                "link_id": service_id,
                "link_entity": "service",
                "link_type": "category",
                "taxonomy_term_id": TERMS[term_key][0],
            },
        )
        found[key] = service
    return found


def load_demo(org, accounts, created: dict[str, int], *, now) -> None:
    """Create this app's demo records for ``org`` (idempotent: only what is missing)."""
    peer = accounts.get("specialist")
    if peer is None:
        return
    catalogue = ensure_directory()
    people = list(
        Participant.objects.filter(
            organisation=org,
            status=ParticipantStatus.ACTIVE,
            assignments__specialist=peer,
            assignments__ended_at__isnull=True,
        )
        .distinct()
        .order_by("name")
    )
    if not people:
        return
    made = 0
    for index, (key, final, days_ago, reason, outcome) in enumerate(PLAN):
        participant = people[index % len(people)]
        service = catalogue[key]
        if Referral.objects.filter(participant=participant, service=service).exists():
            continue
        _one(
            peer, participant, service, key, final, reason, outcome, now - timedelta(days=days_ago)
        )
        made += 1
    created["referrals"] = created.get("referrals", 0) + made


def _one(peer, participant, service, key, final, reason, outcome, start) -> None:
    referral = services.referral_create(
        actor=peer, participant=participant, service=service, reason=REQUESTS[key]
    )
    ReferralEvent.objects.filter(referral=referral).update(at=start)
    Referral.objects.filter(pk=referral.pk).update(created_at=start)
    org = Organization.objects.get(pk=service.organization_id)
    if services.active_consent(participant, org.pk) is None:
        services.consent_record(
            actor=peer,
            participant=participant,
            data=services.ConsentInput(
                organization=org,
                shares=[SharedItem.FIRST_NAME, SharedItem.REQUEST],
                purpose="To connect them with this service and confirm they were served.",
                method=ConsentMethod.PAPER,
                given_at=start,
                expires_on=timezone.localdate(start) + timedelta(days=365),
                told_can_revoke=True,
            ),
        )
    for step, target in enumerate(PATH[final]):
        side = Side.REFERRER if target == Status.SENT else Side.RECEIVER
        needs_reason = target in (Status.DECLINED, Status.NOT_COMPLETED)
        referral = services.referral_transition(
            actor=peer if side == Side.REFERRER else None,
            referral=referral,
            to_status=target,
            expected_version=referral.version,
            reason=reason if needs_reason else "",
            side=side,
        )
        _backdate(referral, target, start + timedelta(days=step * 2, hours=1))
    if outcome:
        services.referral_record_outcome(
            actor=peer,
            referral=referral,
            got_service=outcome[0],
            helpful=outcome[1],
            note="",
            expected_version=referral.version,
        )


def _backdate(referral: Referral, target: Status, when) -> None:
    """Move the step just taken back to ``when`` (the demo's history spans weeks)."""
    ReferralEvent.objects.filter(referral=referral, to_status=target).update(at=when)
    fields = {"status_changed_at": when}
    if target == Status.SENT:
        fields["sent_at"] = when
        FollowUp.objects.filter(referral=referral).update(due_at=when + timedelta(days=7))
    if target == Status.COMPLETED:
        fields["completed_at"] = when
    Referral.objects.filter(pk=referral.pk).update(**fields)
