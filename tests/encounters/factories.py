"""Factories for encounters, notes, payers, interventions and plan goals. They write
straight through the ORM (arrange only); the behaviour under test goes through services."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from hearth.accounts.models import Certification
from hearth.encounters.billing import units_for
from hearth.encounters.models import (
    BILLABLE_KINDS,
    Encounter,
    EncounterKind,
    Intervention,
    NoteStatus,
    Payer,
    ProgressNote,
)
from hearth.plans.models import Dimension, PlanStatus, RecoveryGoal, RecoveryPlan
from tests.factories import OrganisationFactory, ParticipantFactory, UserFactory


class PayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payer

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Medicaid {n}")


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Intervention {n}")
    position = factory.Sequence(lambda n: n)


class RecoveryPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecoveryPlan

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.LazyAttribute(lambda o: o.participant.organisation)
    status = PlanStatus.ACTIVE


class RecoveryGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecoveryGoal

    plan = factory.SubFactory(RecoveryPlanFactory)
    dimension = Dimension.HOME
    text = factory.Sequence(lambda n: f"Goal {n}, in my words")


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    user = factory.SubFactory(UserFactory)
    name = "CPS"
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


def goal_for(participant, **fields) -> RecoveryGoal:
    """A goal on the participant's active recovery plan (one active plan per person)."""
    plan = RecoveryPlan.objects.filter(participant=participant, status=PlanStatus.ACTIVE).first()
    return RecoveryGoalFactory(plan=plan or RecoveryPlanFactory(participant=participant), **fields)


def _units(o) -> int:
    if o.payer is None or o.kind not in BILLABLE_KINDS:
        return 0
    return units_for(o.minutes, o.payer.unit_rule)


class EncounterFactory(factory.django.DjangoModelFactory):
    """An encounter two hours ago, 30 minutes long, with an empty draft note."""

    class Meta:
        model = Encounter
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.LazyAttribute(lambda o: o.participant.organisation)
    peer = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..participant.organisation")
    )
    created_by = factory.SelfAttribute("peer")
    kind = EncounterKind.SESSION
    payer = None
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=30))
    minutes = factory.LazyAttribute(lambda o: int((o.ends_at - o.starts_at).total_seconds() // 60))
    units = factory.LazyAttribute(_units)

    @factory.post_generation
    def note(obj, create, extracted, **kwargs):
        if create:
            ProgressNote.objects.create(encounter=obj, **kwargs)


def complete_note(encounter: Encounter, *, goal: RecoveryGoal | None = None) -> ProgressNote:
    """Fill the encounter's draft note with everything signing needs."""
    note = encounter.note
    note.summary = "Talked through the housing application."
    note.participant_response = "I feel better having a plan."
    note.next_steps = "Call the housing office on Monday."
    note.save()
    intervention = Intervention.objects.filter(organisation_id=encounter.organisation_id).first()
    note.interventions.add(
        intervention or InterventionFactory(organisation_id=encounter.organisation_id)
    )
    if encounter.kind in BILLABLE_KINDS:
        note.goals_addressed.add(goal or goal_for(encounter.participant))
    return note


def signed_encounter(*, cosign_required: bool = False, **kwargs) -> Encounter:
    """An encounter whose note is signed by its peer (straight through the ORM)."""
    if cosign_required and "payer" not in kwargs:
        participant = kwargs["participant"]
        kwargs["payer"] = PayerFactory(organisation=participant.organisation, cosign_required=True)
    encounter = EncounterFactory(**kwargs)
    note = complete_note(encounter)
    note.status = NoteStatus.SIGNED
    note.signed_by = encounter.peer
    note.signed_at = encounter.ends_at + timedelta(minutes=5)
    note.signer_credential = "CPS"
    note.save()
    return encounter
