"""Reads of the organisation's billing set-up. Payers and interventions are not personal
data, but they are the organisation's own: anything outside it is a 404."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.encounters.models import Intervention, Payer


def payers_for(user: User) -> QuerySet[Payer]:
    return Payer.objects.filter(organisation_id=user.organisation_id).order_by("-is_active", "name")


def get_payer_for(user: User, public_id: UUID | str) -> Payer:
    try:
        return payers_for(user).get(public_id=public_id)
    except (Payer.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def interventions_for(user: User) -> QuerySet[Intervention]:
    return Intervention.objects.filter(organisation_id=user.organisation_id).order_by(
        "position", "name"
    )


def get_intervention_for(user: User, public_id: UUID | str) -> Intervention:
    try:
        return interventions_for(user).get(public_id=public_id)
    except (Intervention.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
