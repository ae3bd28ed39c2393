"""Writes to referrals, consents to share, receiver links and follow-ups.

Every function is atomic, validates, writes its audit event (object types ``referral``,
``referral_consent``, ``referral_link``; details hold statuses, codes and counts, never
what was written) and schedules side effects after commit.

Security assumptions: staff callers pass records fetched through
``hearth.referrals.selectors`` (inside the actor's scope); the functions still check the
role and the participant's scope because the API calls them too. The receiving
organisation has no account: its only entry is ``receiver_open``/``receiver_update`` with
a link token, which reaches exactly one referral and only while the link is usable and
the participant's consent to share with that organisation stands.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can
from hearth.directory.models import Attribute, Organization, Service, TaxonomyTerm
from hearth.participants.models import Participant
from hearth.referrals import lifecycle
from hearth.referrals.lifecycle import FINAL, SHARED, IllegalMove, Side, Status
from hearth.referrals.models import (
    REASON_LISTS,
    ConsentMethod,
    EventSource,
    FollowUp,
    GotService,
    Helpful,
    Priority,
    ReceiverLink,
    Referral,
    ReferralEvent,
    ReferralSettings,
    ReferralStatus,
    SharedItem,
    SharingConsent,
)

REFERRAL_EDITABLE = ("reason", "priority", "notes")


class ConcurrentEditError(Exception):
    """Someone else changed the referral after this edit started."""

    def __init__(self, current: Referral):
        super().__init__("The referral was changed by someone else")
        self.current = current


class LinkProblem(Exception):
    """A receiver link that cannot be used; ``code`` is one of ``unknown`` (never issued
    or tampered with), ``expired``, ``revoked``, ``closed`` (consent withdrawn or the
    referral finished)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- Settings ---------------------------------------------------------------------------


def _org_settings(organisation_id: int) -> ReferralSettings | None:
    return ReferralSettings.objects.filter(organisation_id=organisation_id).first()


def follow_up_days(organisation_id: int) -> int:
    found = _org_settings(organisation_id)
    if found is not None:
        return found.follow_up_days
    return int(getattr(settings, "HEARTH_REFERRAL_FOLLOW_UP_DAYS", 7))


def link_days(organisation_id: int) -> int:
    found = _org_settings(organisation_id)
    if found is not None:
        return found.link_days
    return int(getattr(settings, "HEARTH_REFERRAL_LINK_DAYS", 14))


# --- Helpers ----------------------------------------------------------------------------


def _require_writer(actor: User, participant: Participant) -> None:
    if not can(actor, Perm.REFERRAL_WRITE, participant):
        raise PermissionDenied


def _audit(*, actor, action, object_type, object_id, org_id, detail="", request, channel):
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        organisation_id=org_id,
        detail=detail,
        request=request,
        channel=channel,
    )


def service_categories(service: Service) -> list[TaxonomyTerm]:
    """The taxonomy terms the directory links to ``service`` (HSDS attributes)."""
    term_ids = Attribute.objects.filter(link_id=service.pk).values("taxonomy_term_id")
    return list(TaxonomyTerm.objects.filter(pk__in=term_ids).order_by("name", "pk"))


def active_consent(participant: Participant, organization_id: str) -> SharingConsent | None:
    """The newest consent that lets us share with this provider now, if any."""
    now = timezone.now()
    return (
        SharingConsent.objects.filter(
            participant=participant,
            organisation_id=participant.organisation_id,
            receiving_organization_id=organization_id,
            revoked_at__isnull=True,
            given_at__lte=now,
            expires_on__gte=timezone.localdate(now),
        )
        .order_by("-given_at", "-pk")
        .first()
    )


def _illegal_message(exc: IllegalMove) -> str:
    current = ReferralStatus(exc.current.value).label
    target = ReferralStatus(exc.target.value).label
    if exc.code == "same":
        return _("This referral is already “%(status)s”.") % {"status": current}
    if exc.code == "final":
        return _("This referral is “%(status)s”, which is final: it cannot change now.") % {
            "status": current
        }
    if exc.code == "side":
        return _("Only the referring peer can mark a referral “%(target)s”.") % {"target": target}
    return _("A referral that is “%(current)s” cannot become “%(target)s”.") % {
        "current": current,
        "target": target,
    }


def _check_reason(move: lifecycle.Move, reason: str, note: str) -> str:
    if move.reason_list is None:
        return ""
    choices = REASON_LISTS[move.reason_list]
    if reason not in choices.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    if reason == "other" and not note.strip():
        raise ValidationError({"note": _("Say a few words about the reason.")})
    return reason


# --- Referrals --------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    actor: User,
    participant: Participant,
    service: Service,
    reason: str,
    priority: str = Priority.ROUTINE,
    notes: str = "",
    category_id: str = "",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Referral:
    """A draft referral of ``participant`` to a directory ``service``. Nothing is shared
    until it is sent. The category must be one of the service's taxonomy terms; without
    one the service's first term (by name) is used, if it has any."""
    _require_writer(actor, participant)
    terms = service_categories(service)
    if category_id:
        term = next((t for t in terms if t.pk == category_id), None)
        if term is None:
            raise ValidationError({"category": _("Choose one of this service's categories.")})
    else:
        term = terms[0] if terms else None
    provider = Organization.objects.filter(pk=service.organization_id).first()
    referral = Referral(
        organisation_id=actor.organisation_id,
        participant=participant,
        service=service,
        service_name=service.name[:500],
        organization_id_hsds=service.organization_id or "",
        organization_name=(provider.name if provider else "")[:500],
        category_id_hsds=term.pk if term else "",
        category_name=(term.name if term else "")[:500],
        reason=reason,
        priority=priority,
        notes=notes,
        referred_by=actor,
    )
    referral.full_clean()
    referral.save()
    ReferralEvent.objects.create(referral=referral, to_status=Status.DRAFT, actor=actor)
    _audit(
        actor=actor,
        action=Action.CREATE,
        object_type="referral",
        object_id=referral.public_id,
        org_id=referral.organisation_id,
        request=request,
        channel=channel,
    )
    return referral


@transaction.atomic
def referral_update(
    *,
    actor: User,
    referral: Referral,
    data: dict[str, Any],
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Referral:
    """Change a referral's request, priority or notes. The request and priority are what
    the receiver sees, so they change only while the referral is a draft; care-team notes
    may change at any time."""
    _require_writer(actor, referral.participant)
    unknown = set(data) - set(REFERRAL_EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown fields: {sorted(unknown)}")
    changed = [f for f, v in data.items() if getattr(referral, f) != v]
    if referral.status != Status.DRAFT and set(changed) - {"notes"}:
        raise ValidationError(
            _("The request was sent as it was; only the care-team notes can change now.")
        )
    for field, value in data.items():
        setattr(referral, field, value)
    referral.full_clean()
    _versioned_update(referral, expected_version, **{f: getattr(referral, f) for f in data})
    _audit(
        actor=actor,
        action=Action.UPDATE,
        object_type="referral",
        object_id=referral.public_id,
        org_id=referral.organisation_id,
        detail=",".join(sorted(changed)),
        request=request,
        channel=channel,
    )
    return referral


def _versioned_update(referral: Referral, expected_version: int, **values: Any) -> None:
    """UPDATE … WHERE version = expected; ``ConcurrentEditError`` if it moved on."""
    now = timezone.now()
    rows = Referral.objects.filter(pk=referral.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=now
    )
    if rows == 0:
        raise ConcurrentEditError(Referral.objects.get(pk=referral.pk))
    referral.version = expected_version + 1


@transaction.atomic
def referral_transition(
    *,
    actor: User | None,
    referral: Referral,
    to_status: str,
    expected_version: int,
    reason: str = "",
    note: str = "",
    side: Side = Side.REFERRER,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Referral:
    """Move the referral along its lifecycle (``hearth.referrals.lifecycle.MOVES``).

    Sending needs the participant's active consent to share with the receiving
    organisation; it starts the follow-up clock. A declined or not-completed move names a
    reason from its list (``other`` needs a note). Every move is kept as a
    ``ReferralEvent``. Ending the referral revokes its receiver links.

    The referrer side must be a user allowed to write the participant's referrals; the
    receiver side is only reached through ``receiver_update``.
    """
    if side == Side.REFERRER:
        if actor is None:
            raise PermissionDenied
        _require_writer(actor, referral.participant)
    if to_status not in ReferralStatus.values:
        raise ValidationError({"to_status": _("Choose a status from the list.")})
    # Judge the move against the referral as it is now, not as the caller last read it:
    # if it moved on, say so (409) rather than "illegal move" for a status nobody saw.
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    if fresh.version != expected_version:
        raise ConcurrentEditError(fresh)
    referral.status = fresh.status
    try:
        move = lifecycle.check_move(referral.status, to_status, side)
    except IllegalMove as exc:
        raise ValidationError({"to_status": _illegal_message(exc)}) from exc
    reason = _check_reason(move, reason, note)
    now = timezone.now()
    values: dict[str, Any] = {
        "status": to_status,
        "status_changed_at": now,
        "status_reason": reason,
    }
    if to_status == Status.SENT:
        consent = active_consent(referral.participant, referral.organization_id_hsds)
        if consent is None:
            raise ValidationError(
                {
                    "to_status": _(
                        "Record the participant's consent to share with %(provider)s before "
                        "sending this referral."
                    )
                    % {"provider": referral.organization_name or referral.service_name}
                }
            )
        values.update(sent_at=now, consent=consent)
    if to_status == Status.COMPLETED:
        values["completed_at"] = now
    from_status = referral.status
    _versioned_update(referral, expected_version, **values)
    for field, value in values.items():
        setattr(referral, field, value)
    ReferralEvent.objects.create(
        referral=referral,
        at=now,
        from_status=from_status,
        to_status=to_status,
        actor=actor if side == Side.REFERRER else None,
        source=EventSource.STAFF if side == Side.REFERRER else EventSource.LINK,
        reason=reason,
        note=note,
    )
    if to_status == Status.SENT:
        _schedule_follow_up(referral, now)
    if to_status == Status.CANCELLED:
        FollowUp.objects.filter(referral=referral, cleared_at__isnull=True).update(cleared_at=now)
    if to_status in FINAL:
        _revoke_links(referral, now)
    _audit(
        actor=actor,
        action=Action.STATUS,
        object_type="referral" if side == Side.REFERRER else "referral_link",
        object_id=referral.public_id,
        org_id=referral.organisation_id,
        detail=f"{from_status}>{to_status}" + (f" reason={reason}" if reason else ""),
        request=request,
        channel=channel,
    )
    return referral


def _schedule_follow_up(referral: Referral, sent_at: datetime) -> None:
    due = sent_at + timedelta(days=follow_up_days(referral.organisation_id))
    follow_up, _made = FollowUp.objects.update_or_create(
        referral=referral,
        defaults={
            "assigned_to": referral.referred_by,
            "due_at": due,
            "notified_at": None,
            "cleared_at": None,
        },
    )
    from hearth.referrals.tasks import enqueue_follow_up_reminder

    transaction.on_commit(lambda: enqueue_follow_up_reminder(follow_up.pk, due))


@transaction.atomic
def referral_record_outcome(
    *,
    actor: User,
    referral: Referral,
    got_service: str,
    helpful: str,
    note: str = "",
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Referral:
    """What the participant says came of the referral. Clears the follow-up."""
    _require_writer(actor, referral.participant)
    if referral.sent_at is None:
        raise ValidationError(_("Send the referral before recording what came of it."))
    errors = {}
    if got_service not in GotService.values:
        errors["got_service"] = _("Choose an answer from the list.")
    if helpful not in Helpful.values:
        errors["helpful"] = _("Choose an answer from the list.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    values = {
        "got_service": got_service,
        "helpful": helpful,
        "outcome_note": note,
        "outcome_recorded_at": now,
        "outcome_recorded_by": actor,
    }
    _versioned_update(referral, expected_version, **values)
    for field, value in values.items():
        setattr(referral, field, value)
    FollowUp.objects.filter(referral=referral, cleared_at__isnull=True).update(cleared_at=now)
    _audit(
        actor=actor,
        action=Action.UPDATE,
        object_type="referral",
        object_id=referral.public_id,
        org_id=referral.organisation_id,
        detail="outcome",
        request=request,
        channel=channel,
    )
    return referral


def referral_record_view(
    *, actor: User, referral: Referral, request=None, channel: str = Channel.WEB
) -> None:
    _audit(
        actor=actor,
        action=Action.VIEW,
        object_type="referral",
        object_id=referral.public_id,
        org_id=referral.organisation_id,
        request=request,
        channel=channel,
    )


def referral_list_view(
    *, actor: User, count: int, request=None, channel: str = Channel.WEB, what: str = "referral"
) -> None:
    """Account for a list of referrals (or follow-ups, or a report) being shown."""
    _audit(
        actor=actor,
        action=Action.LIST,
        object_type=what,
        object_id="",
        org_id=actor.organisation_id,
        detail=f"rows={count}",
        request=request,
        channel=channel,
    )


# --- Consent ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentInput:
    organization: Organization
    shares: list[str]
    purpose: str
    method: str
    given_at: datetime
    expires_on: date
    told_can_revoke: bool


@transaction.atomic
def consent_record(
    *,
    actor: User,
    participant: Participant,
    data: ConsentInput,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> SharingConsent:
    """Record the participant's consent to share referral information with one provider.
    It must say what is shared, why, how it was given, and until when, and the participant
    must have been told they can revoke it (42 CFR Part 2 § 2.31)."""
    _require_writer(actor, participant)
    now = timezone.now()
    errors: dict[str, str] = {}
    if any(code not in SharedItem.values for code in data.shares):
        errors["shares"] = _("Choose from the list.")
    if data.method not in ConsentMethod.values:
        errors["method"] = _("Choose how the consent was given.")
    if data.given_at > now + timedelta(minutes=5):
        errors["given_at"] = _("Consent cannot be given in the future.")
    if data.expires_on < timezone.localdate(now):
        errors["expires_on"] = _("The expiry date must be today or later.")
    if not data.told_can_revoke:
        errors["told_can_revoke"] = _(
            "The participant must be told they can withdraw consent at any time."
        )
    if errors:
        raise ValidationError(errors)
    consent = SharingConsent(
        organisation_id=participant.organisation_id,
        participant=participant,
        receiving_organization_id=data.organization.pk,
        receiving_organization_name=data.organization.name[:500],
        shares=list(dict.fromkeys(data.shares)),
        purpose=data.purpose,
        method=data.method,
        given_at=data.given_at,
        expires_on=data.expires_on,
        told_can_revoke=True,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    _audit(
        actor=actor,
        action=Action.CREATE,
        object_type="referral_consent",
        object_id=consent.public_id,
        org_id=consent.organisation_id,
        detail=",".join(sorted(consent.shares)) or "minimum",
        request=request,
        channel=channel,
    )
    return consent


@transaction.atomic
def consent_revoke(
    *,
    actor: User,
    consent: SharingConsent,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> int:
    """Withdraw a consent: nothing more is shared under it. Every receiver link of a
    referral to that provider stops working at once. Returns how many links stopped."""
    _require_writer(actor, consent.participant)
    if consent.revoked_at is not None:
        return 0
    now = timezone.now()
    consent.revoked_at, consent.revoked_by = now, actor
    consent.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    stopped = ReceiverLink.objects.filter(
        referral__participant_id=consent.participant_id,
        referral__organization_id_hsds=consent.receiving_organization_id,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    _audit(
        actor=actor,
        action=Action.UPDATE,
        object_type="referral_consent",
        object_id=consent.public_id,
        org_id=consent.organisation_id,
        detail=f"revoked links={stopped}",
        request=request,
        channel=channel,
    )
    return stopped


# --- Receiver links ---------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _revoke_links(referral: Referral, now: datetime) -> int:
    return ReceiverLink.objects.filter(referral=referral, revoked_at__isnull=True).update(
        revoked_at=now
    )


@transaction.atomic
def link_issue(
    *,
    actor: User,
    referral: Referral,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> tuple[ReceiverLink, str]:
    """A new link for the receiving organisation (any earlier one stops working). Returns
    the link and its token; only the token's hash is stored, so the token is shown once."""
    _require_writer(actor, referral.participant)
    if referral.status not in SHARED:
        raise ValidationError(_("A link can be given only for a referral that has been sent."))
    consent = active_consent(referral.participant, referral.organization_id_hsds)
    if consent is None:
        raise ValidationError(
            _("The participant's consent to share with this provider has ended or was withdrawn.")
        )
    now = timezone.now()
    replaced = _revoke_links(referral, now)
    token = secrets.token_urlsafe(32)
    link = ReceiverLink.objects.create(
        referral=referral,
        token_hash=_hash(token),
        expires_at=now + timedelta(days=link_days(referral.organisation_id)),
        issued_by=actor,
    )
    _audit(
        actor=actor,
        action=Action.CREATE,
        object_type="referral_link",
        object_id=referral.public_id,
        org_id=referral.organisation_id,
        detail=f"replaced={replaced}",
        request=request,
        channel=channel,
    )
    return link, token


@transaction.atomic
def link_revoke(
    *,
    actor: User,
    referral: Referral,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> int:
    _require_writer(actor, referral.participant)
    stopped = _revoke_links(referral, timezone.now())
    _audit(
        actor=actor,
        action=Action.UPDATE,
        object_type="referral_link",
        object_id=referral.public_id,
        org_id=referral.organisation_id,
        detail=f"revoked={stopped}",
        request=request,
        channel=channel,
    )
    return stopped


def provider_email(referral: Referral) -> str:
    """Where the directory says the provider takes referrals: the service's email, else
    its organisation's (empty when the directory has neither)."""
    if referral.service_id and referral.service and referral.service.email:
        return referral.service.email
    org = Organization.objects.filter(pk=referral.organization_id_hsds).only("email").first()
    return org.email if org else ""


def link_email(
    *,
    actor: User,
    referral: Referral,
    link: ReceiverLink,
    url: str,
    request: HttpRequest | None = None,
) -> str:
    """Email a just-issued link to the provider's directory address, after commit. The
    email names no one: it says a referral is waiting and gives the link. Returns the
    address used (empty if the directory has none)."""
    from django.core.mail import send_mail

    _require_writer(actor, referral.participant)
    to = provider_email(referral)
    if not to:
        return ""
    subject = _("A referral for %(service)s") % {"service": referral.service_name}
    body = _(
        "%(org)s has sent you a referral for %(service)s through Hearth. Open it here to "
        "see what the person agreed to share and to answer (the link works for this "
        "referral only, until %(until)s):\n\n%(url)s"
    ) % {
        "org": referral.organisation.name,
        "service": referral.service_name,
        "until": timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M"),
        "url": url,
    }
    # The link itself is a credential: it goes straight to the mail server, never into a
    # stored task row.
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))
    _audit(
        actor=actor,
        action=Action.UPDATE,
        object_type="referral_link",
        object_id=referral.public_id,
        org_id=referral.organisation_id,
        detail="emailed",
        request=request,
        channel=Channel.WEB,
    )
    return to


def _resolve(token: str) -> ReceiverLink:
    if not token or len(token) > 200:
        raise LinkProblem("unknown")
    link = (
        ReceiverLink.objects.select_related(
            "referral",
            "referral__participant",
            "referral__consent",
            "referral__referred_by",
            "referral__organisation",
        )
        .filter(token_hash=_hash(token))
        .first()
    )
    if link is None:
        raise LinkProblem("unknown")
    return link


def _usable(link: ReceiverLink, now: datetime) -> str | None:
    """Why the link cannot be used now, or None."""
    if link.revoked_at is not None:
        referral = link.referral
        return "closed" if referral.status in FINAL else "revoked"
    if now >= link.expires_at:
        return "expired"
    referral = link.referral
    if referral.status in FINAL:
        return "closed"
    if active_consent(referral.participant, referral.organization_id_hsds) is None:
        return "closed"
    return None


def receiver_open(*, token: str, request: HttpRequest | None = None) -> ReceiverLink:
    """The link behind ``token`` if it may be used now (``LinkProblem`` otherwise). Every
    use of a real link, refused or not, is audited in the referral's organisation (the
    audit is committed before a refusal is raised, so refusals are on record too)."""
    link = _resolve(token)
    now = timezone.now()
    problem = _usable(link, now)
    with transaction.atomic():
        ReceiverLink.objects.filter(pk=link.pk).update(uses=F("uses") + 1, last_used_at=now)
        _audit(
            actor=None,
            action=Action.VIEW,
            object_type="referral_link",
            object_id=link.referral.public_id,
            org_id=link.referral.organisation_id,
            detail=problem or "open",
            request=request,
            channel=Channel.WEB,
        )
    if problem:
        raise LinkProblem(problem)
    return link


@transaction.atomic
def receiver_update(
    *,
    token: str,
    to_status: str,
    expected_version: int,
    reason: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """The receiving organisation answers through its link."""
    link = _resolve(token)
    problem = _usable(link, timezone.now())
    if problem:
        raise LinkProblem(problem)
    referral = Referral.objects.select_for_update().get(pk=link.referral_id)
    return referral_transition(
        actor=None,
        referral=referral,
        to_status=to_status,
        expected_version=expected_version,
        reason=reason,
        note=note,
        side=Side.RECEIVER,
        request=request,
    )


# --- Follow-ups -------------------------------------------------------------------------


@transaction.atomic
def follow_up_remind(*, follow_up_id: int, now: datetime | None = None) -> bool:
    """Email the referring peer that a follow-up is due (once). The email names no one;
    the peer signs in to see who. Returns whether a reminder went out."""
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    now = now or timezone.now()
    follow_up = (
        FollowUp.objects.select_for_update()
        .select_related("assigned_to")
        .filter(pk=follow_up_id, cleared_at__isnull=True, notified_at__isnull=True)
        .first()
    )
    if follow_up is None or follow_up.due_at > now or not follow_up.assigned_to.is_active:
        return False
    peer = follow_up.assigned_to
    with translation.override(peer.preferred_language or settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Hearth: a referral follow-up is due"),
            message=_(
                "It is time to check in with someone you referred and record what came of "
                "it. Sign in to Hearth to see who: %(path)s"
            )
            % {"path": reverse("referrals:follow_ups")},
            from_email=None,
            recipient_list=[peer.email],
        )
    follow_up.notified_at = now
    follow_up.save(update_fields=["notified_at", "updated_at"])
    return True


def follow_ups_due_ids(now: datetime | None = None) -> list[int]:
    """Follow-ups whose time has come and whose peer has not been reminded (the periodic
    job ``manage.py referral_follow_ups`` sends these)."""
    now = now or timezone.now()
    return list(
        FollowUp.objects.filter(
            cleared_at__isnull=True, notified_at__isnull=True, due_at__lte=now
        ).values_list("pk", flat=True)
    )
