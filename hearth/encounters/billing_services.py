"""Writes to the organisation's billing set-up (payers and their rules, the intervention
list) and the audit events for claims exports. Each function checks the permission
itself, validates, and records an audit event; none writes personal data to the trail."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can
from hearth.encounters.billing import Rounding
from hearth.encounters.models import DEFAULT_INTERVENTIONS, Intervention, Payer

#: HCPCS Level II (a letter and four digits, e.g. H0038) or CPT (five digits).
HCPCS_RE = re.compile(r"^[A-Z0-9]\d{4}$")
#: A claim line carries at most four modifiers, each two letters or digits.
MODIFIER_RE = re.compile(r"^[A-Z0-9]{2}$")
MAX_MODIFIERS = 4
MAX_UNIT_MINUTES = 240
PAYER_FIELDS = (
    "name",
    "hcpcs_code",
    "modifiers",
    "group_modifier",
    "unit_minutes",
    "rounding",
    "partial_unit_minutes",
    "daily_unit_cap",
    "certified_renderer_required",
    "cosign_required",
    "is_active",
)


class StalePayerError(Exception):
    """The payer was changed by someone else after this edit started."""

    def __init__(self, current: Payer):
        super().__init__("The payer was changed by someone else")
        self.current = current


def edit_stamp(payer: Payer) -> str:
    """The token an edit form carries to detect a stale edit (Payer has no version
    column; its last-changed time, to the microsecond, serves the same purpose)."""
    return payer.updated_at.isoformat() if payer.updated_at else ""


def normalise_modifiers(text: str) -> str:
    parts = [p.strip().upper() for p in re.split(r"[,\s]+", text or "") if p.strip()]
    return ",".join(parts)


def payer_rule_errors(payer: Payer) -> dict[str, str]:
    """Checks beyond the model's field types: the rules must make sense together."""
    errors: dict[str, str] = {}
    if not HCPCS_RE.match(payer.hcpcs_code or ""):
        errors["hcpcs_code"] = _("Enter a code like H0038: a letter or digit, then four digits.")
    modifiers = payer.modifier_list
    if any(not MODIFIER_RE.match(m) for m in modifiers):
        errors["modifiers"] = _("Each modifier is two letters or digits, e.g. HF.")
    elif len(modifiers) + 1 > MAX_MODIFIERS:
        errors["modifiers"] = _(
            "A claim line takes at most four modifiers, including the group modifier."
        )
    if payer.group_modifier and not MODIFIER_RE.match(payer.group_modifier):
        errors["group_modifier"] = _("The group modifier is two letters or digits, e.g. HQ.")
    minutes = payer.unit_minutes or 0
    if not 1 <= minutes <= MAX_UNIT_MINUTES:
        errors["unit_minutes"] = _("A unit is between 1 and %(max)s minutes.") % {
            "max": MAX_UNIT_MINUTES
        }
    elif payer.rounding == Rounding.THRESHOLD and not 1 <= payer.partial_unit_minutes <= minutes:
        errors["partial_unit_minutes"] = _(
            "The minimum for a partial unit must be between 1 and the minutes per unit."
        )
    cap = payer.daily_unit_cap
    if cap is not None and minutes and not 1 <= cap <= (24 * 60) // minutes:
        errors["daily_unit_cap"] = _(
            "A day holds at most %(max)s units of %(minutes)s minutes; leave it empty for no limit."
        ) % {"max": (24 * 60) // minutes, "minutes": minutes}
    return errors


def _validate_payer(payer: Payer) -> None:
    payer.name = (payer.name or "").strip()
    payer.hcpcs_code = (payer.hcpcs_code or "").strip().upper()
    payer.modifiers = normalise_modifiers(payer.modifiers)
    payer.group_modifier = (payer.group_modifier or "").strip().upper()
    errors: dict[str, list] = {}
    try:
        # Name clashes are checked below, case-insensitively, with a message of our own.
        payer.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name, message in payer_rule_errors(payer).items():
        errors.setdefault(name, []).append(message)
    clash = Payer.objects.filter(organisation_id=payer.organisation_id).annotate(
        lname=Lower("name")
    )
    if clash.filter(lname=payer.name.lower()).exclude(pk=payer.pk).exists():
        errors.setdefault("name", []).append(_("There is already a payer with this name."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def payer_save(
    *,
    actor: User,
    payer: Payer,
    expected_stamp: str | None = None,
    request: HttpRequest | None = None,
) -> Payer:
    """Create (``payer.pk is None``) or change a payer of the actor's organisation.

    For a change, ``expected_stamp`` is ``edit_stamp()`` of the payer the editor started
    from; if someone saved it since, nothing is written and ``StalePayerError`` carries
    the current payer."""
    if not can(actor, Perm.BILLING_CONFIGURE):
        raise PermissionDenied
    created = payer.pk is None
    if created:
        payer.organisation_id = actor.organisation_id
    elif payer.organisation_id != actor.organisation_id:
        raise PermissionDenied
    _validate_payer(payer)
    changed: list[str] = []
    if not created:
        current = Payer.objects.select_for_update().get(pk=payer.pk)
        if expected_stamp and edit_stamp(current) != expected_stamp:
            raise StalePayerError(current)
        changed = [f for f in PAYER_FIELDS if getattr(current, f) != getattr(payer, f)]
    try:
        with transaction.atomic():
            if created:
                payer.save()
            else:
                payer.updated_at = timezone.now()
                payer.save(update_fields=[*PAYER_FIELDS, "updated_at"])
    except IntegrityError as exc:  # a same-named payer saved a moment ago
        raise ValidationError({"name": _("There is already a payer with this name.")}) from exc
    audit_record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="payer",
        object_id=payer.public_id,
        detail=",".join(changed),
        request=request,
    )
    return payer


# -- interventions ---------------------------------------------------------------------


def _check_intervention_name(organisation_id: int, name: str, exclude_pk: int | None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the intervention a name.")})
    if len(name) > 120:
        raise ValidationError({"name": _("Keep the name under 120 characters.")})
    clash = Intervention.objects.filter(organisation_id=organisation_id).annotate(
        lname=Lower("name")
    )
    if clash.filter(lname=name.lower()).exclude(pk=exclude_pk).exists():
        raise ValidationError({"name": _("This intervention is already on the list.")})
    return name


@transaction.atomic
def interventions_ensure_defaults(*, actor: User, request: HttpRequest | None = None) -> int:
    """Give an organisation with no interventions the usual list (names in the actor's
    language); returns how many were added. Safe to call twice at once."""
    if not can(actor, Perm.BILLING_CONFIGURE):
        raise PermissionDenied
    org_id = actor.organisation_id
    if Intervention.objects.filter(organisation_id=org_id).exists():
        return 0
    Intervention.objects.bulk_create(
        [
            Intervention(organisation_id=org_id, name=str(name), position=i)
            for i, name in enumerate(DEFAULT_INTERVENTIONS)
        ],
        ignore_conflicts=True,
    )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        object_type="intervention",
        detail=f"defaults={len(DEFAULT_INTERVENTIONS)}",
        request=request,
    )
    return len(DEFAULT_INTERVENTIONS)


@transaction.atomic
def intervention_add(*, actor: User, name: str, request: HttpRequest | None = None) -> Intervention:
    if not can(actor, Perm.BILLING_CONFIGURE):
        raise PermissionDenied
    org_id = actor.organisation_id
    name = _check_intervention_name(org_id, name, None)
    last = (
        Intervention.objects.filter(organisation_id=org_id)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    intervention = Intervention.objects.create(
        organisation_id=org_id, name=name, position=(last + 1) if last is not None else 0
    )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        object_type="intervention",
        object_id=intervention.public_id,
        request=request,
    )
    return intervention


@transaction.atomic
def intervention_update(
    *,
    actor: User,
    intervention: Intervention,
    name: str,
    is_active: bool,
    request: HttpRequest | None = None,
) -> Intervention:
    """Rename or (de)activate. Notes keep their link to a deactivated intervention; it is
    only no longer offered for new notes."""
    if not can(actor, Perm.BILLING_CONFIGURE, intervention):
        raise PermissionDenied
    name = _check_intervention_name(intervention.organisation_id, name, intervention.pk)
    changed = [
        f for f, v in (("name", name), ("is_active", is_active)) if getattr(intervention, f) != v
    ]
    intervention.name, intervention.is_active = name, is_active
    intervention.save(update_fields=["name", "is_active", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="intervention",
        object_id=intervention.public_id,
        detail=",".join(changed),
        request=request,
    )
    return intervention


@transaction.atomic
def intervention_move(
    *, actor: User, intervention: Intervention, up: bool, request: HttpRequest | None = None
) -> None:
    """Move one place up or down the list; positions are renumbered 0..n-1."""
    if not can(actor, Perm.BILLING_CONFIGURE, intervention):
        raise PermissionDenied
    items = list(
        Intervention.objects.select_for_update()
        .filter(organisation_id=intervention.organisation_id)
        .order_by("position", "name")
    )
    index = next(i for i, item in enumerate(items) if item.pk == intervention.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        item.position = position
    Intervention.objects.bulk_update(items, ["position"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="intervention",
        object_id=intervention.public_id,
        detail="position",
        request=request,
    )


# -- claims ----------------------------------------------------------------------------


def claims_export_record(
    *,
    actor: User | None,
    organisation_id: int,
    rows: int,
    rejects: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
    action: str = Action.EXPORT,
    file: str = "claims",
) -> None:
    """Account for a claims file or rejects report (``file``), or, with ``Action.LIST``,
    the report shown on screen: all of them name participants."""
    audit_record(
        actor=actor,
        action=action,
        object_type="claims",
        object_id=file if action == Action.EXPORT else "",
        organisation_id=organisation_id,
        detail=f"rows={rows},rejects={rejects}",
        request=request,
        channel=channel,
    )
