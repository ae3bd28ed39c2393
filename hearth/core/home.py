"""What a staff member sees first: their caseload, today's work, and alerts."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from hearth.core.policy import Perm, Role, can, participant_scope
from hearth.participants import selectors, services
from hearth.participants.models import CaseAssignment, Participant, ParticipantStatus

CASELOAD_PREVIEW = 10
REFERRAL_WAIT_DAYS = 3
#: What the home page shows of a participant; only these columns are loaded (no notes to
#: decrypt, no JSON to parse). If the template reads another field it costs a query per
#: row, and tests/core/test_queries.py fails.
ROW_FIELDS = ("public_id", "organisation_id", "name", "preferred_name", "status", "created_at")


def staff_home_context(request) -> dict:
    user = request.user
    if not can(user, Perm.PARTICIPANT_LIST):
        return {"is_clinician": user.role == Role.CLINICIAN}
    caseload = list(
        selectors.participants_for(user, assigned_to_me=True)
        .exclude(status=ParticipantStatus.DISCHARGED)
        .prefetch_related(None)  # the preview does not show care teams
        .only(*ROW_FIELDS)[:CASELOAD_PREVIEW]
    )
    scoped = Participant.objects.filter(participant_scope(user)).only(*ROW_FIELDS)
    now = timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    waiting = list(
        scoped.filter(
            status=ParticipantStatus.REFERRED,
            created_at__lt=now - timedelta(days=REFERRAL_WAIT_DAYS),
        ).order_by("created_at")[:10]
    )
    unassigned = []
    if can(user, Perm.PARTICIPANT_ASSIGN):
        has_team = CaseAssignment.objects.filter(participant=OuterRef("pk"), ended_at__isnull=True)
        unassigned = list(
            scoped.exclude(status=ParticipantStatus.DISCHARGED)
            .filter(~Exists(has_team))
            .order_by("created_at")[:10]
        )
    new_today = list(scoped.filter(created_at__gte=start_of_day).order_by("-created_at")[:10])
    counts = selectors.caseload_counts(user)
    shown = len(caseload) + len(waiting) + len(unassigned) + len(new_today)
    services.participant_list_view(actor=user, count=shown, request=request)
    return {
        "caseload": caseload,
        "caseload_counts": [
            (status, label, counts[status])
            for status, label in ParticipantStatus.choices
            if status in counts
        ],
        "waiting": waiting,
        "referral_wait_days": REFERRAL_WAIT_DAYS,
        "unassigned": unassigned,
        "new_today": new_today,
        "team_size": user.supervisees.filter(is_active=True).count()
        if user.role == Role.PEER_SUPERVISOR
        else 0,
    }
