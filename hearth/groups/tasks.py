"""Background messages for groups: reminders, a waitlist place that came free, a
cancelled meeting. Arguments are ids only (task rows are stored); the messages name no
group (a text on a shared phone can be a disclosure), only the day, time and a link."""

from __future__ import annotations

from django_tasks import task


@task()
def send_session_reminder(registration_id: int, session_id: int) -> None:
    from hearth.groups.notify import notify

    notify(registration_id=registration_id, session_id=session_id, kind="reminder")


@task()
def send_waitlist_promoted(registration_id: int) -> None:
    from hearth.groups.notify import notify

    notify(registration_id=registration_id, session_id=None, kind="promoted")


@task()
def send_session_cancelled(registration_id: int, session_id: int) -> None:
    from hearth.groups.notify import notify

    notify(registration_id=registration_id, session_id=session_id, kind="cancelled")


@task()
def send_session_moved(registration_id: int, session_id: int) -> None:
    from hearth.groups.notify import notify

    notify(registration_id=registration_id, session_id=session_id, kind="moved")
