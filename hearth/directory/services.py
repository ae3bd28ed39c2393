"""Writes around the directory: a participant's saved list (and sending it), suggested
corrections to listings. Each write is audited; messages go out after commit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.messaging import send_sms
from hearth.core.policy import Perm, can
from hearth.directory import models as m
from hearth.directory.search import reindex_services
from hearth.participants.models import ContactPermission, Participant

SAVED_LIST_TYPE = "saved_resources"
LISTING_TYPE = "listing"

#: Listing fields a correction can change directly; anything else is "other" and is
#: applied by hand (and then marked applied).
CORRECTABLE_FIELDS = {
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Description"),
    "url": gettext_lazy("Website"),
    "email": gettext_lazy("Email"),
    "application_process": gettext_lazy("How to apply"),
    "eligibility_description": gettext_lazy("Who can use it"),
    "fees_description": gettext_lazy("Fees"),
    "wait_time": gettext_lazy("Wait time"),
    "alert": gettext_lazy("Alert (e.g. closed this week)"),
    "status": gettext_lazy("Status (open, closed ...)"),
    "other": gettext_lazy("Something else (phone, address, hours ...)"),
}


def _check_participant(actor, participant: Participant) -> None:
    if not can(actor, Perm.DIRECTORY_CONNECT, participant):
        raise PermissionDenied


def _audit_list(actor, participant, action, request, detail="", channel=Channel.WEB) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=SAVED_LIST_TYPE,
        object_id=str(participant.public_id),
        organisation_id=participant.organisation_id,
        detail=detail,
        request=request,
        channel=channel,
    )


def saved_list_viewed(
    *,
    actor,
    participant: Participant,
    request: HttpRequest | None = None,
    detail: str = "",
    channel: str = Channel.WEB,
):
    _audit_list(actor, participant, Action.VIEW, request, detail, channel)


@transaction.atomic
def saved_resource_add(
    *,
    actor,
    participant: Participant,
    service: m.Service,
    note: str = "",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> m.SavedResource:
    """Save ``service`` to the participant's list (saving it twice updates the note)."""
    _check_participant(actor, participant)
    saved, created = m.SavedResource.objects.get_or_create(
        participant=participant,
        service=service,
        defaults={
            "organisation_id": participant.organisation_id,
            "note": note.strip()[:500],
            "added_by": actor,
        },
    )
    if not created and note.strip():
        saved.note = note.strip()[:500]
        saved.save(update_fields=["note", "updated_at"])
    action = Action.CREATE if created else Action.UPDATE
    _audit_list(actor, participant, action, request, "service", channel)
    return saved


@transaction.atomic
def saved_resource_remove(
    *,
    actor,
    participant: Participant,
    saved: m.SavedResource,
    request=None,
    channel: str = Channel.WEB,
) -> None:
    _check_participant(actor, participant)
    if saved.participant_id != participant.pk:
        raise PermissionDenied
    saved.delete()
    _audit_list(actor, participant, Action.UPDATE, request, "removed", channel)


def saved_list_printed(*, actor, participant: Participant, request=None) -> None:
    _check_participant(actor, participant)
    _audit_list(actor, participant, Action.EXPORT, request, "print")


def saved_list_text(saved: list[m.SavedResource]) -> str:
    """The list as plain text: name, phone, address, hours — what fits a text message."""
    from hearth.directory.presenters import listing_summary

    lines = [_("Places we talked about:")]
    for item in saved:
        summary = listing_summary(item.service)
        lines.append("")
        lines.append(f"• {item.service.name}")
        for part in (summary["phone"], summary["address"], summary["hours"], item.note):
            if part:
                lines.append(f"  {part}")
    lines.append("")
    lines.append(_("In crisis? Call or text 988, any time."))
    return "\n".join(lines)


@transaction.atomic
def saved_list_send(
    *, actor, participant: Participant, channel: str, request: HttpRequest | None = None
) -> None:
    """Text or email the saved list to the participant, only where they agreed to that
    kind of contact and we have the number/address. Sent after commit."""
    _check_participant(actor, participant)
    saved = list(
        m.SavedResource.objects.filter(participant=participant)
        .select_related("service")
        .prefetch_related(
            "service__phones",
            "service__schedules",
            "service__service_at_locations__location__addresses",
            "service__service_at_locations__location__phones",
        )
    )
    if not saved:
        raise ValidationError(_("The list is empty: save a service first."))
    if channel == "sms":
        if participant.may_text != ContactPermission.YES:
            raise ValidationError(
                _("They have not agreed to text messages (see “Staying in touch safely”).")
            )
        if not participant.phone:
            raise ValidationError(_("There is no phone number on their record."))
        to, body = participant.phone, saved_list_text(saved)
        transaction.on_commit(lambda: send_sms(to=to, body=body))
    elif channel == "email":
        if participant.may_email != ContactPermission.YES:
            raise ValidationError(
                _("They have not agreed to email (see “Staying in touch safely”).")
            )
        if not participant.email:
            raise ValidationError(_("There is no email address on their record."))
        to, body = participant.email, saved_list_text(saved)
        subject = _("The places we talked about")
        transaction.on_commit(lambda: send_mail(subject, body, None, [to], fail_silently=False))
    else:
        raise ValidationError(_("Choose text message or email."))
    _audit_list(actor, participant, Action.EXPORT, request, channel)


# --- Corrections to listings ------------------------------------------------------------


def current_value(service: m.Service, field_name: str) -> str:
    if field_name == "other" or field_name not in CORRECTABLE_FIELDS:
        return ""
    return str(getattr(service, field_name) or "")


@transaction.atomic
def listing_correction_suggest(
    *,
    actor,
    service: m.Service,
    field_name: str,
    proposed_value: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> m.ListingCorrection:
    if not can(actor, Perm.DIRECTORY_SUGGEST):
        raise PermissionDenied
    errors = {}
    if field_name not in CORRECTABLE_FIELDS:
        errors["field_name"] = _("Choose what is wrong.")
    if not proposed_value.strip():
        errors["proposed_value"] = _("Say what it should say.")
    if field_name == "status" and proposed_value.strip() not in m.ServiceStatus.values:
        errors["proposed_value"] = _("The status must be one of: %(s)s.") % {
            "s": ", ".join(m.ServiceStatus.values)
        }
    if errors:
        raise ValidationError(errors)
    correction = m.ListingCorrection(
        organisation_id=actor.organisation_id,
        service=service,
        field_name=field_name,
        current_value=current_value(service, field_name),
        proposed_value=proposed_value.strip()[:5000],
        note=note.strip()[:2000],
        suggested_by=actor,
    )
    correction.full_clean()
    correction.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        object_type=LISTING_TYPE,
        object_id=service.pk[:64],
        detail=f"correction:{field_name}",
        request=request,
    )
    return correction


@transaction.atomic
def listing_correction_review(
    *,
    actor,
    correction: m.ListingCorrection,
    apply: bool,
    request: HttpRequest | None = None,
) -> m.ListingCorrection:
    """Apply (change the listing, record the change as HSDS metadata, reindex) or dismiss.
    A correction is refused when the listing changed since it was suggested, so a newer
    fix is never overwritten by an older one."""
    if not can(actor, Perm.DIRECTORY_MANAGE, correction):
        raise PermissionDenied
    correction = m.ListingCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.status != m.CorrectionStatus.OPEN:
        raise ValidationError(_("This suggestion has already been reviewed."))
    now = timezone.now()
    if apply and correction.field_name != "other":
        service = m.Service.objects.select_for_update().get(pk=correction.service_id)
        before = current_value(service, correction.field_name)
        if before != correction.current_value:
            raise ValidationError(
                _(
                    "The listing has changed since this was suggested; dismiss it or suggest "
                    "it again."
                )
            )
        field = m.Service._meta.get_field(correction.field_name)
        setattr(service, correction.field_name, correction.proposed_value)
        service.last_modified = now
        try:
            field.clean(correction.proposed_value, service)
        except ValidationError as exc:
            raise ValidationError({"proposed_value": exc.messages}) from exc
        service.save(update_fields=[correction.field_name, "last_modified", "updated_at"])
        m.Metadata.objects.create(
            id=str(correction.public_id),
            resource_id=service.pk,
            resource_type="service",
            last_action_date=now.date(),
            last_action_type="update",
            field_name=correction.field_name,
            previous_value=before,
            replacement_value=correction.proposed_value,
            updated_by=str(actor.organisation.name)[:250],
        )
        reindex_services([service.pk])
    correction.status = m.CorrectionStatus.APPLIED if apply else m.CorrectionStatus.DISMISSED
    correction.reviewed_by = actor
    correction.reviewed_at = now
    correction.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        object_type=LISTING_TYPE,
        object_id=correction.service_id[:64],
        detail=f"correction:{correction.field_name}:{correction.status}",
        request=request,
    )
    return correction
