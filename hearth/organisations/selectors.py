from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from hearth.core.policy import Perm, can
from hearth.organisations.models import Programme


def active_programmes_for(user) -> QuerySet[Programme]:
    """Programmes anyone in the organisation may know about."""
    if not getattr(user, "organisation_id", None):
        return Programme.objects.none()
    return Programme.objects.filter(organisation_id=user.organisation_id, is_active=True)


def programmes_for_management(user) -> QuerySet[Programme]:
    if not can(user, Perm.PROGRAMMES_MANAGE):
        return Programme.objects.none()
    return (
        Programme.objects.filter(organisation_id=user.organisation_id)
        .annotate(participant_count=Count("participants", distinct=True))
        .prefetch_related("managers")
    )


def get_programme_for(user, public_id) -> Programme:
    try:
        return programmes_for_management(user).get(public_id=public_id)
    except (Programme.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
