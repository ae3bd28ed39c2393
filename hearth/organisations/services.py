from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can
from hearth.organisations.models import Programme


class StaleProgrammeError(Exception):
    pass


@transaction.atomic
def programme_save(
    *, actor, programme: Programme, managers, expected_version: int | None, request=None
) -> Programme:
    """Create (``programme.pk is None``) or change a programme in the actor's organisation."""
    if not can(actor, Perm.PROGRAMMES_MANAGE):
        raise PermissionDenied
    created = programme.pk is None
    if created:
        programme.organisation_id = actor.organisation_id
    elif programme.organisation_id != actor.organisation_id:
        raise PermissionDenied
    managers = [m for m in managers if m.organisation_id == actor.organisation_id]
    programme.full_clean()
    if created:
        programme.save()
    else:
        rows = Programme.objects.filter(pk=programme.pk, version=expected_version).update(
            name=programme.name,
            description=programme.description,
            is_active=programme.is_active,
            version=F("version") + 1,
        )
        if rows == 0:
            raise StaleProgrammeError
    programme.managers.set(managers)
    audit_record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="programme",
        object_id=programme.public_id,
        request=request,
    )
    return programme
