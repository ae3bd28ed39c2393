"""Background work for referrals: the follow-up reminder. Arguments are ids only (task
rows are stored in the database); the task only calls the service."""

from __future__ import annotations

from datetime import datetime

from django_tasks import default_task_backend, task


@task()
def follow_up_reminder(follow_up_id: int) -> bool:
    from hearth.referrals.services import follow_up_remind

    return follow_up_remind(follow_up_id=follow_up_id)


def enqueue_follow_up_reminder(follow_up_id: int, due_at: datetime) -> None:
    """Queue the reminder for when it is due, on a backend that can wait (the database
    worker in production). Elsewhere nothing is queued now: the periodic job
    ``manage.py referral_follow_ups`` finds the follow-up once it is due."""
    if default_task_backend.supports_defer:
        follow_up_reminder.using(run_after=due_at).enqueue(follow_up_id)
