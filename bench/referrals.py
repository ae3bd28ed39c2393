"""Referral benchmark: the reports and the follow-up job at an organisation's scale.

    .venv/bin/python bench/referrals.py [--quick]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_bench_referrals \\
        .venv/bin/python bench/referrals.py

Builds a throwaway database (SQLite under var/bench/, or the ``*bench*`` PostgreSQL
database named in DATABASE_URL, dropped and re-created) with one organisation, 200
participants, 40 directory services in 8 categories and N referrals in every status
(50,000; 5,000 with ``--quick``), then measures in-process:

1. SQL queries for the reports page (by service, by category) and a participant's
   referrals page at 1/10 of N and at N (must be equal);
2. the reports page's wall time (median and p95 of repeated requests) by service and by
   category, beside a trivial view (``/healthz``);
3. the periodic job's look-up of due follow-ups (``follow_ups_due_ids``).

Targets (ours; the issue names none for referrals): reports page p95 < 1,000 ms at 50,000
referrals, the due look-up < 200 ms. A measurement, not a gate: it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import HOST, bench_database_url, session_for  # noqa: E402

TARGET_REPORT_P95_MS = 1000.0
TARGET_DUE_MS = 200.0
STATUSES = [
    ("completed", 0.45),
    ("not_completed", 0.1),
    ("declined", 0.1),
    ("cancelled", 0.05),
    ("in_progress", 0.1),
    ("accepted", 0.08),
    ("sent", 0.07),
    ("draft", 0.05),
]


def configure(url: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(total: int, rng: random.Random) -> dict:
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.core.policy import Role
    from hearth.directory.models import Attribute, Organization, Service, TaxonomyTerm
    from hearth.organisations.models import Organisation
    from hearth.participants.models import CaseAssignment, Participant
    from hearth.referrals.models import FollowUp, Referral

    org = Organisation.objects.create(name="Bench", slug="bench")
    admin = User.objects.create(
        email="admin@bench.example", organisation=org, role=Role.ORG_ADMIN, display_name="A"
    )
    peer = User.objects.create(
        email="peer@bench.example", organisation=org, role=Role.PEER_SPECIALIST, display_name="P"
    )
    people = Participant.objects.bulk_create(
        Participant(organisation=org, name=f"Person {i}") for i in range(200)
    )
    CaseAssignment.objects.bulk_create(
        CaseAssignment(participant=p, specialist=peer, is_primary=True) for p in people
    )
    terms = TaxonomyTerm.objects.bulk_create(
        TaxonomyTerm(id=f"term-{i}", name=f"Category {i}", description="") for i in range(8)
    )
    providers = Organization.objects.bulk_create(
        Organization(id=f"org-{i}", name=f"Provider {i}", description="") for i in range(10)
    )
    services = Service.objects.bulk_create(
        Service(id=f"svc-{i}", organization=providers[i % 10], name=f"Service {i}")
        for i in range(40)
    )
    Attribute.objects.bulk_create(
        Attribute(id=f"a-{s.pk}", link_id=s.pk, taxonomy_term=terms[i % 8])
        for i, s in enumerate(services)
    )
    now = timezone.now()
    names, weights = zip(*STATUSES, strict=True)
    batch: list[Referral] = []
    for i in range(total):
        status = rng.choices(names, weights)[0]
        service = services[i % 40]
        made = now - timedelta(days=rng.uniform(1, 365))
        sent = made + timedelta(hours=2) if status != "draft" else None
        done = sent + timedelta(days=rng.uniform(0.5, 30)) if status == "completed" else None
        batch.append(
            Referral(
                organisation=org,
                participant=people[i % 200],
                service=service,
                service_name=service.name,
                organization_id_hsds=service.organization_id,
                organization_name="Provider",
                category_id_hsds=terms[(i % 40) % 8].pk,
                category_name=terms[(i % 40) % 8].name,
                reason="",  # encryption is not what is measured here
                referred_by=peer,
                status=status,
                sent_at=sent,
                completed_at=done,
            )
        )
    made = Referral.objects.bulk_create(batch, batch_size=2000)
    FollowUp.objects.bulk_create(
        (
            FollowUp(referral=r, assigned_to=peer, due_at=r.sent_at + timedelta(days=7))
            for r in made
            if r.sent_at is not None and r.status in ("sent", "accepted", "in_progress")
        ),
        batch_size=2000,
    )
    return {"admin": admin, "peer": peer, "participant": people[0]}


def client_for(user):
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(user)
    return client


def queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def timed(client, path: str, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 referrals, fewer runs")
    args = parser.parse_args()
    total = 5_000 if args.quick else 50_000
    runs = 10 if args.quick else 30
    url, label = bench_database_url("referrals", "hearth_bench_referrals")
    configure(url)
    rng = random.Random(5)
    print(
        f"Referral benchmark on {label}: {total:,} referrals" + (" (quick)" if args.quick else "")
    )

    from hearth.referrals.services import follow_ups_due_ids

    small = seed(total // 10, rng)
    admin = client_for(small["admin"])
    pages = [
        "/referrals/reports/",
        "/referrals/reports/?by=category",
        f"/referrals/participant/{small['participant'].public_id}/",
    ]
    peer = client_for(small["peer"])
    before = [queries(admin, pages[0]), queries(admin, pages[1]), queries(peer, pages[2])]
    _grow(small, total - total // 10, rng)
    _analyse()
    after = [queries(admin, pages[0]), queries(admin, pages[1]), queries(peer, pages[2])]
    print("\nSQL queries per page         at N/10   at N   (must be equal)")
    for path, b, a in zip(pages, before, after, strict=True):
        print(f"  {path[:40]:<40} {b:>4} {a:>6}   {'ok' if a == b else 'GROWS'}")

    print(f"\nWall time in-process, {runs} requests      median ms   p95 ms   target p95")
    trivial = timed(admin, "/healthz", runs)
    print(f"  {'/healthz (trivial view)':<38} {trivial[0]:>9.1f} {trivial[1]:>8.1f}")
    for path in pages[:2]:
        med, p95 = timed(admin, path, runs)
        verdict = "met" if p95 < TARGET_REPORT_P95_MS else "NOT met"
        print(f"  {path:<38} {med:>9.1f} {p95:>8.1f}   < {TARGET_REPORT_P95_MS:.0f} ({verdict})")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        due = follow_ups_due_ids()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    med, p95 = statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]
    verdict = "met" if p95 < TARGET_DUE_MS else "NOT met"
    print(
        f"  {'follow_ups_due_ids (' + format(len(due), ',') + ' due)':<38} {med:>9.1f} "
        f"{p95:>8.1f}   < {TARGET_DUE_MS:.0f} ({verdict})"
    )
    return 0


def _analyse() -> None:
    """Fresh planner statistics, as autovacuum keeps them in a running database (without
    them PostgreSQL plans the freshly bulk-loaded tables as if they held one row)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _grow(seeded: dict, extra: int, rng: random.Random) -> None:
    """Add ``extra`` referrals to the same organisation, services and people."""
    from django.utils import timezone

    from hearth.participants.models import Participant
    from hearth.referrals.models import FollowUp, Referral

    template = list(Referral.objects.filter(organisation__slug="bench").order_by("pk")[:40])
    people = list(Participant.objects.filter(organisation__slug="bench").order_by("pk"))
    now = timezone.now()
    names, weights = zip(*STATUSES, strict=True)
    batch = []
    for i in range(extra):
        t = template[i % len(template)]
        status = rng.choices(names, weights)[0]
        made = now - timedelta(days=rng.uniform(1, 365))
        sent = made + timedelta(hours=2) if status != "draft" else None
        done = sent + timedelta(days=rng.uniform(0.5, 30)) if status == "completed" else None
        batch.append(
            Referral(
                organisation_id=t.organisation_id,
                participant=people[i % len(people)],
                service_id=t.service_id,
                service_name=t.service_name,
                organization_id_hsds=t.organization_id_hsds,
                organization_name=t.organization_name,
                category_id_hsds=t.category_id_hsds,
                category_name=t.category_name,
                reason="",
                referred_by_id=t.referred_by_id,
                status=status,
                sent_at=sent,
                completed_at=done,
            )
        )
    made = Referral.objects.bulk_create(batch, batch_size=2000)
    FollowUp.objects.bulk_create(
        (
            FollowUp(referral=r, assigned_to_id=r.referred_by_id, due_at=r.sent_at + timedelta(7))
            for r in made
            if r.sent_at is not None and r.status in ("sent", "accepted", "in_progress")
        ),
        batch_size=2000,
    )


if __name__ == "__main__":
    raise SystemExit(main())
