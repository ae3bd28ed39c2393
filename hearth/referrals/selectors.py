"""Reads of referrals. Every function takes the acting user and returns only what they may
see: a referral is visible exactly when its participant is (``participant_scope``), in
the user's own organisation. Anything else is a 404."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Count, FloatField, Func, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core.policy import Perm, can, participant_scope
from hearth.directory.models import Service, ServiceStatus
from hearth.participants.models import Participant
from hearth.referrals import reporting
from hearth.referrals.models import FollowUp, Referral, ReferralEvent, SharingConsent

#: What a referral list row shows (no encrypted text to decrypt).
ROW_FIELDS = (
    "pk",
    "public_id",
    "organisation_id",
    "participant_id",
    "service",
    "service_name",
    "organization_id_hsds",
    "organization_name",
    "category_id_hsds",
    "category_name",
    "priority",
    "status",
    "status_reason",
    "created_at",
    "sent_at",
    "completed_at",
    "outcome_recorded_at",
    "got_service",
)


def _scoped(user: User) -> QuerySet[Referral]:
    if not can(user, Perm.REFERRAL_VIEW):
        return Referral.objects.none()
    visible = Participant.objects.filter(participant_scope(user)).values("pk")
    return Referral.objects.filter(organisation_id=user.organisation_id, participant_id__in=visible)


def referrals_for(
    user: User, *, participant: Participant | None = None, status: str = ""
) -> QuerySet[Referral]:
    """The referrals ``user`` may see, newest first, for list pages (fixed queries)."""
    qs = _scoped(user)
    if participant is not None:
        qs = qs.filter(participant=participant)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("participant")
        .only(
            *ROW_FIELDS,
            "participant__public_id",
            "participant__name",
            "participant__preferred_name",
        )
        .order_by("-created_at", "-pk")
    )


def get_referral_for(user: User, public_id: UUID | str) -> Referral:
    try:
        return (
            _scoped(user)
            .select_related("participant", "referred_by", "consent", "service")
            .get(public_id=public_id)
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def timeline(referral: Referral) -> list[ReferralEvent]:
    return list(referral.events.select_related("actor").order_by("at", "pk"))


def consents_for(participant: Participant) -> list[SharingConsent]:
    return list(
        SharingConsent.objects.filter(
            participant=participant, organisation_id=participant.organisation_id
        )
        .select_related("recorded_by", "revoked_by")
        .order_by("-given_at", "-pk")
    )


def get_consent_for(user: User, public_id: UUID | str) -> SharingConsent:
    visible = Participant.objects.filter(participant_scope(user)).values("pk")
    try:
        return SharingConsent.objects.select_related("participant").get(
            public_id=public_id, organisation_id=user.organisation_id, participant_id__in=visible
        )
    except (SharingConsent.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def follow_ups_for(user: User, *, due_only: bool = False, limit: int | None = None):
    """The user's own open follow-ups, soonest first, for participants they may still see."""
    visible = Participant.objects.filter(participant_scope(user)).values("pk")
    qs = (
        FollowUp.objects.filter(
            assigned_to=user,
            cleared_at__isnull=True,
            referral__organisation_id=user.organisation_id,
            referral__participant_id__in=visible,
        )
        .select_related("referral", "referral__participant")
        .only(
            "pk",
            "due_at",
            "notified_at",
            "referral__public_id",
            "referral__service_name",
            "referral__status",
            "referral__participant__public_id",
            "referral__participant__name",
            "referral__participant__preferred_name",
        )
        .order_by("due_at", "pk")
    )
    if due_only:
        qs = qs.filter(due_at__lte=timezone.now())
    return list(qs[:limit] if limit else qs)


def services_matching(text: str, *, limit: int = 20) -> list[Service]:
    """The service picker: active directory services whose name (or provider's name)
    contains ``text``. The directory is public, so no scope applies."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    qs = Service.objects.filter(status=ServiceStatus.ACTIVE).filter(
        Q(name__icontains=text) | Q(alternate_name__icontains=text)
    )
    return list(qs.select_related("organization").order_by("name", "id")[:limit])


def get_service(hsds_id: str) -> Service | None:
    if not hsds_id or len(hsds_id) > 250:
        return None
    return Service.objects.select_related("organization").filter(pk=hsds_id).first()


class DaysBetween(Func):
    """(end - start) in days as a float, computed by the database itself (Django's
    portable timestamp difference runs a Python function per row on SQLite)."""

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def report(user: User, *, by: str) -> list[reporting.GroupFigures]:
    """Completion figures for the referrals ``user`` may see, grouped by ``service`` or
    by ``category`` (taxonomy term). Two queries whatever the number of referrals: the
    database counts per group, and hands back only the completed ones' durations (for the
    median, which SQL cannot give portably)."""
    if by == "category":
        key, label = "category_id_hsds", "category_name"
    else:
        key, label = "service_id", "service_name"
    sent = _scoped(user).exclude(sent_at__isnull=True).order_by()
    counts = sent.values(key, label).annotate(
        n_sent=Count("pk"),
        n_open=Count("pk", filter=Q(status__in=reporting.OPEN)),
        n_closed=Count("pk", filter=Q(status__in=reporting.CLOSED)),
        n_completed=Count("pk", filter=Q(status="completed")),
    )
    spans = (
        sent.filter(status="completed", completed_at__isnull=False)
        .annotate(days=DaysBetween("completed_at", "sent_at"))
        .values_list(key, label, "days")
    )
    return reporting.assemble(
        (
            (
                # A service deleted from the directory keeps its name on the referral.
                str(row[key] or row[label] or ""),
                str(row[label] or ""),
                row["n_sent"],
                row["n_open"],
                row["n_closed"],
                row["n_completed"],
            )
            for row in counts
        ),
        ((str(k or name or ""), float(days)) for k, name, days in spans.iterator(chunk_size=2000)),
    )
