"""A course's curriculum: numbered session topics, added, edited and removed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action
from hearth.core.policy import Perm
from hearth.groups.models import (
    CurriculumItem,
    Group,
)
from hearth.groups.services._base import _audit, _require


@transaction.atomic
def curriculum_item_add(
    *,
    actor: User,
    group: Group,
    title: str,
    materials: str = "",
    materials_url: str = "",
    request: HttpRequest | None = None,
) -> CurriculumItem:
    """Add the next numbered session topic to a course."""
    _require(actor, Perm.GROUPS_MANAGE, group)
    locked = Group.objects.select_for_update().get(pk=group.pk)
    position = (locked.curriculum.aggregate(top=Max("position"))["top"] or 0) + 1
    item = CurriculumItem(
        group=locked,
        position=position,
        title=(title or "").strip(),
        materials=(materials or "").strip(),
        materials_url=(materials_url or "").strip(),
    )
    item.full_clean()
    item.save()
    _audit(
        actor,
        Action.UPDATE,
        "group",
        group.public_id,
        group.organisation_id,
        f"curriculum={position}",
        request,
    )
    return item


@transaction.atomic
def curriculum_item_update(
    *,
    actor: User,
    item: CurriculumItem,
    title: str,
    materials: str = "",
    materials_url: str = "",
    request: HttpRequest | None = None,
) -> CurriculumItem:
    """Change a session topic's title or materials; its number stays."""
    _require(actor, Perm.GROUPS_MANAGE, item.group)
    item.title = (title or "").strip()
    item.materials = (materials or "").strip()
    item.materials_url = (materials_url or "").strip()
    item.full_clean()
    item.save(update_fields=["title", "materials", "materials_url"])
    _audit(
        actor,
        Action.UPDATE,
        "group",
        item.group.public_id,
        item.group.organisation_id,
        f"curriculum={item.position}",
        request,
    )
    return item


@transaction.atomic
def curriculum_item_remove(
    *, actor: User, item: CurriculumItem, request: HttpRequest | None = None
) -> None:
    """Take a session topic out of a course; the topics after it move up one number, so
    the curriculum stays 1, 2, 3 … and each meeting keeps matching its topic by number.
    A certificate rule asking for more sessions than remain is refused."""
    group = item.group
    _require(actor, Perm.GROUPS_MANAGE, group)
    locked = Group.objects.select_for_update().get(pk=group.pk)
    remaining = locked.curriculum.count() - 1
    if locked.completion_required and locked.completion_required > remaining:
        raise ValidationError(
            _(
                "A certificate needs %(n)d sessions and only %(left)d topics would be left: "
                "lower the number of sessions needed first."
            )
            % {"n": locked.completion_required, "left": remaining}
        )
    position = item.position
    item.delete()
    # One row at a time, lowest first, so the unique (group, position) never collides.
    for later in locked.curriculum.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    _audit(
        actor,
        Action.UPDATE,
        "group",
        group.public_id,
        group.organisation_id,
        f"curriculum_removed={position}",
        request,
    )
