"""The wellness plan (WRAP-style) and the safety plan: one document each per participant."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.participants.models import Participant
from hearth.plans.models import (
    SafetyPlan,
    WellnessPlan,
)
from hearth.plans.services.common import (
    SAFETY_FIELDS,
    SAFETY_PLAN_TYPE,
    WELLNESS_FIELDS,
    WELLNESS_PLAN_TYPE,
    ConcurrentEditError,
    _audit,
    _require_edit,
)


def _save_single_plan(
    *,
    model: type[models.Model],
    object_type: str,
    fields: tuple[str, ...],
    actor: User,
    participant: Participant,
    data: dict[str, str],
    expected_version: int,
    request: HttpRequest | None,
    channel: str,
):
    """Create or change a participant's one wellness/safety plan.

    ``expected_version`` is the version the editor started from, 0 if there was no plan
    yet. If the plan moved on (or someone else created it meanwhile) nothing is written
    and ``ConcurrentEditError`` carries what is saved now."""
    _require_edit(actor, participant)
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationError(f"Unknown fields: {sorted(unknown)}")
    existing = model.objects.filter(participant=participant).first()
    if existing is None:
        plan = model(
            organisation_id=participant.organisation_id,
            participant=participant,
            updated_by=actor,
            **data,
        )
        plan.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:  # created by someone else a moment ago
            raise ConcurrentEditError(model.objects.get(participant=participant)) from None
        action, detail = Action.CREATE, ",".join(sorted(f for f, v in data.items() if v))
    else:
        if expected_version == 0:
            raise ConcurrentEditError(existing)
        changed = sorted(f for f, v in data.items() if getattr(existing, f) != v)
        for field, value in data.items():
            setattr(existing, field, value)
        existing.full_clean(validate_unique=False)
        # .update() runs each field's get_prep_value, so the text is encrypted as on save().
        rows = model.objects.filter(pk=existing.pk, version=expected_version).update(
            **data, updated_by=actor, version=F("version") + 1, updated_at=timezone.now()
        )
        if rows == 0:
            raise ConcurrentEditError(model.objects.get(pk=existing.pk))
        plan = model.objects.get(pk=existing.pk)
        action, detail = Action.UPDATE, ",".join(changed)
    _audit(
        actor=actor,
        action=action,
        object_type=object_type,
        obj=plan,
        participant=participant,
        detail=detail,
        request=request,
        channel=channel,
    )
    return plan


def wellness_plan_save(
    *,
    actor: User,
    participant: Participant,
    data: dict[str, str],
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> WellnessPlan:
    """Create or change the participant's wellness plan (WRAP-style)."""
    with transaction.atomic():
        return _save_single_plan(
            model=WellnessPlan,
            object_type=WELLNESS_PLAN_TYPE,
            fields=WELLNESS_FIELDS,
            actor=actor,
            participant=participant,
            data=data,
            expected_version=expected_version,
            request=request,
            channel=channel,
        )


def safety_plan_save(
    *,
    actor: User,
    participant: Participant,
    data: dict[str, str],
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> SafetyPlan:
    """Create or change the participant's safety plan (Stanley-Brown's six steps and
    reasons for living), usually written together in a session."""
    with transaction.atomic():
        return _save_single_plan(
            model=SafetyPlan,
            object_type=SAFETY_PLAN_TYPE,
            fields=SAFETY_FIELDS,
            actor=actor,
            participant=participant,
            data=data,
            expected_version=expected_version,
            request=request,
            channel=channel,
        )


# --- reads and exports that must be accounted for ---------------------------------------------
