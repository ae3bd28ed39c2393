"""The periodic jobs: when each is due, and the runner running them (one failing job does
not stop the others)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command, get_commands

from hearth.core import periodic
from hearth.core.management.commands import run_periodic

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def test_every_job_is_a_real_command():
    commands = get_commands()
    assert {j.command for j in periodic.JOBS} <= set(commands)
    assert "helpline_purge" in {j.command for j in periodic.JOBS}


def test_due_runs_everything_first_then_by_interval():
    jobs = periodic.JOBS
    assert periodic.due(jobs, {}, NOW) == list(jobs)
    ran = {j.command: NOW for j in jobs}
    assert periodic.due(jobs, ran, NOW + timedelta(minutes=14)) == []
    later = [j.command for j in periodic.due(jobs, ran, NOW + timedelta(minutes=15))]
    assert later == ["send_group_reminders"]
    assert len(periodic.due(jobs, ran, NOW + timedelta(days=1))) == 3


@pytest.mark.django_db
def test_once_runs_each_job_and_survives_a_failure(monkeypatch):
    calls = []

    def fake(name, **kwargs):
        calls.append(name)
        if name == "referral_follow_ups":
            raise RuntimeError("boom")

    monkeypatch.setattr(run_periodic, "call_command", fake)
    out, err = StringIO(), StringIO()
    call_command("run_periodic", "--once", stdout=out, stderr=err)
    assert calls == [j.command for j in periodic.JOBS]
    assert "referral_follow_ups: failed (RuntimeError)" in err.getvalue()
    assert "helpline_purge: done" in out.getvalue()


@pytest.mark.django_db
def test_once_really_runs_the_jobs():
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out, stderr=StringIO())
    assert out.getvalue().count(": done in") == len(periodic.JOBS)
