"""Groups benchmark: the public listing and a programme's calendar feed over 2,000 groups
with weekly schedules for a year, beside a trivial view; and registration throughput when
50 people race for 20 places.

    .venv/bin/python bench/groups.py [--quick] [--seconds 10] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_groups_bench \\
        .venv/bin/python bench/groups.py

Builds a throwaway database (SQLite under var/bench/, or the ``*bench*`` PostgreSQL
database named in DATABASE_URL, dropped and re-created) with one organisation, 2,000
public groups (``--quick``: 400) in 40 programmes, each meeting weekly for a year (about
53 materialised sessions each: 106,000 rows). Then:

1. SQL queries per page, in-process, smaller vs larger (must be equal): the listing's
   first page vs a filtered later page, a 10-group programme feed vs a 50-group one;
2. uvicorn on 127.0.0.1 (a port in 8200-8299) driving ``/healthz`` (the trivial view),
   ``/groups/?page=1..40`` with filters, and ``/groups/programme/<id>/calendar.ics``
   across the programmes, with 20 concurrent keep-alive clients each;
3. 50 threads, each with its own database connection, registering 50 different people
   for one group with 20 places at the same moment: exactly 20 must get a place and 30 go
   on the waitlist; registrations per second.

Targets: listing p95 < 150 ms; feed p95 shown beside it (a feed is a larger document);
exactly 20 of 50 succeed. A measurement, not a gate: it exits 0 whether or not the
targets are met.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import socket
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.pages as pages  # noqa: E402
from bench.loadgen import VirtualClient  # noqa: E402
from bench.pages import (  # noqa: E402
    HOST,
    TARGET_P95_MS,
    Endpoint,
    QueryRow,
    analyse,
    bench_database_url,
    drive_endpoints,
    print_load,
    print_queries,
)

PORTS = range(8200, 8300)  # this benchmark's share of the machine's ports
PROGRAMMES = 40
SEATS, RACERS = 20, 50


def port_in_range() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
            except OSError:
                continue
            return port
    raise SystemExit(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


@dataclass
class Seeded:
    org_id: int
    admin: object
    programmes: list  # (public_id, group count)
    small_programme: object
    counts: dict


def seed(n_groups: int) -> Seeded:
    """Groups and their sessions written in bulk (the services would audit and notify
    2,000 times); the schedule expansion is the same pure function the services use."""
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.core.policy import Role
    from hearth.groups import schedule
    from hearth.groups.models import Audience, Format, Group, GroupSession, Language
    from hearth.organisations.models import Organisation, Programme

    org = Organisation.objects.create(name="Bench Recovery", slug="bench-groups")
    admin = User.objects.create(
        email="admin@groups.bench", display_name="Admin", organisation=org, role=Role.ORG_ADMIN
    )
    peers = [
        User.objects.create(
            email=f"peer{i}@groups.bench",
            display_name=f"Peer {i}",
            organisation=org,
            role=Role.PEER_SPECIALIST,
        )
        for i in range(40)
    ]
    programmes = [
        Programme.objects.create(organisation=org, name=f"Programme {i}") for i in range(PROGRAMMES)
    ]
    small = Programme.objects.create(organisation=org, name="Small programme")
    today = timezone.localdate()
    audiences, languages, formats = Audience.values, Language.values, Format.values
    groups = []
    for i in range(n_groups + 10):
        programme = small if i >= n_groups else programmes[i % PROGRAMMES]
        groups.append(
            Group(
                organisation=org,
                programme=programme,
                name=f"Group {i:04d}",
                kind="open",
                audience=audiences[i % len(audiences)],
                # One in five in Spanish, on every weekday (i % 7 sets the day).
                language=languages[i % 5 == 0],
                format=formats[i % 3],
                room=f"Room {i % 25}",
                timezone="America/New_York",
                first_date=today - timedelta(days=i % 7 + 14),
                start_time=dtime(9 + i % 11, 0),
                duration_minutes=90,
                rrule="FREQ=WEEKLY",
                is_public=True,
                meeting_days=str((today - timedelta(days=i % 7 + 14)).weekday()),
            )
        )
    Group.objects.bulk_create(groups, batch_size=500)
    through = Group.facilitators.through
    through.objects.bulk_create(
        [through(group_id=g.pk, user_id=peers[i % len(peers)].pk) for i, g in enumerate(groups)],
        batch_size=2000,
    )
    rows = []
    for g in groups:
        dtstart = datetime.combine(g.first_date, g.start_time)
        for number, occ in enumerate(
            schedule.expand(
                rule=g.rrule,
                dtstart=dtstart,
                tz_name=g.timezone,
                duration=timedelta(minutes=g.duration_minutes),
                horizon_end=dtstart + timedelta(days=365),
            ),
            start=1,
        ):
            rows.append(
                GroupSession(
                    group=g,
                    original_start=occ.original_start,
                    starts_at=occ.start,
                    ends_at=occ.end,
                    number=number,
                )
            )
    GroupSession.objects.bulk_create(rows, batch_size=5000)
    from hearth.groups.services import next_starts_refresh

    next_starts_refresh(group_ids=[g.pk for g in groups])
    counts = {"groups": len(groups), "sessions": len(rows), "programmes": PROGRAMMES + 1}
    big = [(p.public_id, n_groups // PROGRAMMES) for p in programmes]
    return Seeded(org.pk, admin, big, small, counts)


def count_queries(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(ctx.captured_queries)


def query_counts(seeded: Seeded) -> list[QueryRow]:
    small_feed = f"/groups/programme/{seeded.small_programme.public_id}/calendar.ics"
    big_feed = f"/groups/programme/{seeded.programmes[0][0]}/calendar.ics"
    rows = [
        (
            "public listing /groups/",
            ("/groups/", "page 1 of all"),
            ("/groups/?day=3&language=en&page=5", "Thursdays, page 5"),
        ),
        (
            "programme feed .ics",
            (small_feed, "10 groups"),
            (big_feed, f"{seeded.programmes[0][1]} groups"),
        ),
    ]
    out = []
    for page, (p1, l1), (p2, l2) in rows:
        row = QueryRow(page, l1, l2)
        row.small_n, row.large_n = count_queries(p1), count_queries(p2)
        out.append(row)
    return out


def uncached_feed(seeded: Seeded) -> dict:
    from hearth.groups import feeds
    from hearth.groups.models import GroupSession

    sessions = feeds.recent_and_future(
        GroupSession.objects.filter(group__programme__public_id=seeded.programmes[0][0])
    ).order_by("starts_at")
    t0 = time.perf_counter()
    body = feeds.build_feed("Programme", sessions.select_related("group"), "http://127.0.0.1")
    ms = 1000 * (time.perf_counter() - t0)
    return {"events": body.count(b"BEGIN:VEVENT"), "bytes": len(body), "ms": ms}


def endpoints(seeded: Seeded, n: int, pages_count: int) -> list[Endpoint]:
    listing = [f"/groups/?page={p}" for p in range(1, pages_count + 1)]
    listing += [f"/groups/?day={d}&page={p}" for d in range(7) for p in (1, 2)]
    listing += ["/groups/?audience=veterans", "/groups/?language=es", "/groups/?format=online"]
    # One feed per client: the check before the run requests each once, as a calendar app
    # already subscribed would have, so the run measures what polling apps get.
    feeds = [f"/groups/programme/{pid}/calendar.ics" for pid, _n in seeded.programmes][:n]

    def cycle(paths: list[str], start: int):
        ring = itertools.cycle(paths[start % len(paths) :] + paths[: start % len(paths)])
        return lambda: next(ring)

    per_feed = seeded.programmes[0][1]
    return [
        Endpoint(
            "trivial view  /healthz",
            "anonymous",
            [VirtualClient(next_path=lambda: "/healthz") for _ in range(n)],
        ),
        Endpoint(
            "public listing  /groups/?…",
            "anonymous",
            [VirtualClient(next_path=cycle(listing, i * 3)) for i in range(n)],
        ),
        Endpoint(
            f"programme feed  .ics ({per_feed} groups)",
            "anonymous (calendar)",
            [VirtualClient(next_path=cycle(feeds, i)) for i in range(n)],
        ),
    ]


def registration_race(seeded: Seeded) -> dict:
    """50 threads, 50 connections, one group with 20 places, all at once."""
    from django.db import connection

    from hearth.groups import services
    from hearth.groups.models import Group, Registration, RegistrationStatus
    from hearth.participants.models import Participant

    group = Group.objects.create(
        organisation_id=seeded.org_id,
        name="Race",
        kind="course",
        capacity=SEATS,
        first_date=datetime.now().date() + timedelta(days=2),
        start_time=dtime(18, 0),
        rrule="FREQ=WEEKLY;COUNT=8",
    )
    people = Participant.objects.bulk_create(
        [Participant(organisation_id=seeded.org_id, name=f"Racer {i}") for i in range(RACERS)]
    )
    people = list(Participant.objects.filter(name__startswith="Racer ").order_by("pk"))
    connection.close()
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    errors: list[str] = []
    messages: list[str] = []
    started: list[float] = []
    finished: list[float] = []
    lock = threading.Lock()

    def register(person) -> None:
        try:
            barrier.wait(timeout=60)
            t = time.perf_counter()
            g = Group.objects.get(pk=group.pk)  # each thread: its own connection
            r = services.registration_create(actor=seeded.admin, group=g, participant=person)
            with lock:
                outcomes.append(r.status)
                started.append(t)
                finished.append(time.perf_counter())
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(type(exc).__name__)
                messages.append(str(exc)[:200])
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = (max(finished) - min(started)) if finished else 0.0
    group.refresh_from_db()
    registered = Registration.objects.filter(group=group, status=RegistrationStatus.REGISTERED)
    return {
        "racers": RACERS,
        "seats": SEATS,
        "registered": outcomes.count(RegistrationStatus.REGISTERED),
        "waitlisted": outcomes.count(RegistrationStatus.WAITLISTED),
        "errors": errors,
        "error_messages": sorted(set(messages))[:5],
        "seats_taken_column": group.seats_taken,
        "registered_rows": registered.count(),
        "seconds": round(seconds, 3),
        "per_second": round(RACERS / seconds, 1) if seconds else None,
    }


def use_redis(url: str) -> str:
    """Serve with a shared Redis cache (as in production) when one answers at ``url``;
    its database is emptied first, so use one that belongs to this benchmark."""
    if not url:
        return "per-process memory cache"
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
    except Exception:  # noqa: BLE001 - no Redis: fall back, and say so
        return "per-process memory cache (no Redis at the given URL)"
    os.environ["REDIS_URL"] = url
    return f"Redis cache {url}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds/endpoint")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--groups", type=int, default=2000, help="groups to generate")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--analyze", action="store_true", help="ANALYZE on SQLite too")
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
        help="a Redis database this benchmark may empty, for the shared cache ('' for none)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="400 groups, 3 s per endpoint, 1 s warm-up"
    )
    args = parser.parse_args()
    args.server_env = []
    if args.quick:
        args.seconds, args.warmup, args.groups = 3.0, 1.0, min(args.groups, 400)
    return args


def main() -> int:
    args = parse_args()
    url, db_label = bench_database_url("groups", "hearth_groups_bench")
    cache_label = use_redis(args.redis)
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    # This process's own pool must hold a connection for every racing registrant; the
    # server started later keeps the default pool size.
    os.environ["DB_POOL_MAX"] = str(RACERS + 5)
    import django

    django.setup()
    del os.environ["DB_POOL_MAX"]
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t1 = time.perf_counter()
    seeded = seed(args.groups)
    analysed = analyse(force=args.analyze)
    t2 = time.perf_counter()
    print(f"Hearth groups benchmark — {db_label}; {cache_label}")
    print(
        f"data: {seeded.counts['groups']:,} public groups meeting weekly for a year, "
        f"{seeded.counts['sessions']:,} sessions, {seeded.counts['programmes']} programmes; "
        f"migrate {t1 - t0:.1f} s, generate {t2 - t1:.1f} s; planner statistics: "
        f"{'ANALYZE run' if analysed else 'none'}"
    )
    print()
    print("SQL queries per page (one request, in-process, steady state)")
    qrows = query_counts(seeded)
    print_queries(qrows)
    print()

    cold = uncached_feed(seeded)
    print(
        f"programme feed built without the cache (in-process, the first request after a "
        f"change): {cold['events']:,} events, {cold['bytes'] / 1024:.0f} KiB, "
        f"{cold['ms']:.0f} ms"
    )
    print()
    from django.db import connections

    connections.close_all()
    pages.free_port = port_in_range  # stay inside this benchmark's port range
    listing_pages = max(1, seeded.counts["groups"] // 25)
    eps = endpoints(seeded, args.clients, min(listing_pages, 40))
    drive_endpoints(
        eps,
        args,
        log=ROOT / "var" / "bench" / "uvicorn-groups.log",
        setup=f"worker(s), DEBUG off, {cache_label}",
    )
    print()
    load_rows = print_load(eps, share_target=None)
    print(
        f"\ntarget: p95 < {TARGET_P95_MS:.0f} ms for the listing (the feed is judged the "
        "same way; it is a document of every meeting of its groups from a month ago to a "
        f"year ahead). load average after: {os.getloadavg()[0]:.1f}"
    )
    print()
    race = registration_race(seeded)
    ok = (
        race["registered"] == SEATS
        and race["waitlisted"] == RACERS - SEATS
        and not race["errors"]
        and race["seats_taken_column"] == SEATS == race["registered_rows"]
    )
    print(
        f"registration race: {race['racers']} concurrent registrants (threads, one "
        f"connection each) for {race['seats']} places: {race['registered']} registered, "
        f"{race['waitlisted']} waitlisted, {len(race['errors'])} errors "
        f"{sorted(set(race['errors']))}; seats_taken = {race['seats_taken_column']}; "
        f"{race['seconds']} s = {race['per_second']} registrations/s  "
        f"{'pass (exactly 20 succeed)' if ok else 'MISS'}"
    )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"groups-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "database": db_label,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "workers": args.workers,
                "clients": args.clients,
                "seconds": args.seconds,
                "data": seeded.counts,
                "load": load_rows,
                "queries": [r.__dict__ for r in qrows],
                "race": race,
                "uncached_feed": cold,
            },
            indent=2,
            default=str,
        )
    )
    print(f"results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
