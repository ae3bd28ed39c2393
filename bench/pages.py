"""Page benchmark: the staff pages people use all day, against a trivial Django view.

    .venv/bin/python bench/pages.py [--quick] [--seconds 10] [--workers 1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_bench .venv/bin/python bench/pages.py

Builds a throwaway database (SQLite under var/bench/, or the PostgreSQL database named
in DATABASE_URL — always a dedicated ``*bench*`` database, dropped and re-created),
fills it with 5,000 participants and 200 staff, then:

1. counts SQL queries per page in-process at two data sizes (must be flat);
2. serves the project with uvicorn on 127.0.0.1 (DEBUG off) and drives each page with
   20 concurrent keep-alive clients, reporting requests/s and p50/p95 latency beside
   ``/healthz`` served by the same server in the same run.

Targets: each page >= 40 % of the trivial view's throughput and p95 < 150 ms.
A measurement, not a gate: it exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import HTTPConnection, LoadResult, VirtualClient, run_load  # noqa: E402

TARGET_SHARE = 0.40
TARGET_P95_MS = 150.0
HOST = "127.0.0.1"


# --- Database --------------------------------------------------------------------------------


def bench_database_url(
    stem: str = "pages", default_name: str = "hearth_bench", url: str | None = None
) -> tuple[str, str]:
    """The URL of a fresh, empty database for this run, and a label for the report:
    ``var/bench/<stem>.sqlite3``, or on PostgreSQL the ``*bench*`` database named in
    ``url`` (default: ``DATABASE_URL``), ``default_name`` if it names another."""
    url = os.environ.get("DATABASE_URL", "") if url is None else url
    if not url or url.startswith("sqlite"):
        path = ROOT / "var" / "bench" / f"{stem}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", f"SQLite {path.relative_to(ROOT)}"
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"the benchmarks support SQLite and PostgreSQL, not {parts.scheme}")
    name = parts.path.lstrip("/")
    if "bench" not in name:
        # Never drop someone's working database: the bench owns only *bench* databases.
        name = default_name
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    safe = parts._replace(path=f"/{name}", netloc=parts.netloc.rsplit("@", 1)[-1])
    return urlunsplit(parts._replace(path=f"/{name}")), f"PostgreSQL {urlunsplit(safe)}"


def session_for(user) -> str:
    """A signed-in session that has passed two-step sign-in, as after a real login."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from hearth.accounts.middleware import LAST_SEEN_KEY, MFA_OK_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[MFA_OK_KEY] = True
    session[LAST_SEEN_KEY] = int(time.time())
    session.create()
    return session.session_key


def analyse(*, force: bool) -> bool:
    """PostgreSQL's autovacuum would have analysed tables this size within a minute, so
    the bench does it up front; SQLite never gathers statistics unless told to."""
    from django.db import connection

    if connection.vendor == "postgresql" or force:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return True
    return False


# --- SQL queries per page --------------------------------------------------------------------


@dataclass
class QueryRow:
    page: str
    small: str
    large: str
    small_n: int = 0
    large_n: int = 0
    large_sql: list[str] | None = None

    @property
    def flat(self) -> bool:
        return self.small_n == self.large_n


def count_queries(user, path: str) -> tuple[int, list[str]]:
    """Queries for one steady-state request (the second; the first warms caches)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(user)
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} as {user.email} answered {response.status_code}")
    return len(ctx.captured_queries), [q["sql"][:400] for q in ctx.captured_queries]


def query_counts(seeded) -> list[QueryRow]:
    from django.db.models import Count, Q

    from hearth.core.policy import Role
    from hearth.participants.models import Participant

    small, large = seeded.probes[5], seeded.probes[30]
    other_admin = type(seeded.admin).objects.get(
        role=Role.ORG_ADMIN, email__endswith="harbor.bench"
    )
    open_team = Count("assignments", filter=Q(assignments__ended_at__isnull=True))
    annotated = Participant.objects.filter(organisation_id=seeded.org_id).annotate(
        team=open_team, progs=Count("programmes", distinct=True)
    )
    lone = annotated.filter(team=1, progs=0).first()
    busy = annotated.filter(team=2, progs=2).first() or annotated.filter(team=2).first()
    rows = [
        (
            "caseload list /participants/?mine=on",
            (small, "/participants/?mine=on", "5 cases"),
            (large, "/participants/?mine=on", "30 cases (25 shown)"),
        ),
        (
            "participant list /participants/",
            (small, "/participants/", "specialist, 5 rows"),
            (large, "/participants/", "specialist, 25 of 30"),
        ),
        (
            "participant list /participants/",
            (other_admin, "/participants/", "org admin, 400 total"),
            (seeded.admin, "/participants/", "org admin, 5,000 total"),
        ),
        (
            "participant detail",
            (seeded.admin, f"/participants/{lone.public_id}/", "team 1, 0 programmes"),
            (seeded.admin, f"/participants/{busy.public_id}/", "team 2, 2 programmes"),
        ),
        (
            "staff home /home/staff/",
            (small, "/home/staff/", "specialist, 5 cases"),
            (large, "/home/staff/", "specialist, 30 cases"),
        ),
        (
            "staff home /home/staff/",
            (other_admin, "/home/staff/", "org admin, 400 total"),
            (seeded.admin, "/home/staff/", "org admin, 5,000 total"),
        ),
    ]
    out = []
    for page, (u1, p1, l1), (u2, p2, l2) in rows:
        row = QueryRow(page, l1, l2)
        row.small_n, _ = count_queries(u1, p1)
        row.large_n, row.large_sql = count_queries(u2, p2)
        out.append(row)
    return out


# --- Load ------------------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    who: str
    clients: list[VirtualClient]
    result: LoadResult | None = None


def _cycle(paths: list[str], start: int = 0):
    ring = itertools.cycle(paths[start:] + paths[:start])
    return lambda: next(ring)


def endpoints(seeded, n: int) -> list[Endpoint]:
    """Each endpoint gets ``n`` virtual clients; a signed-in client is its own session."""
    from django.conf import settings

    cookie = settings.SESSION_COOKIE_NAME
    busiest = sorted(seeded.specialists, key=lambda u: -len(seeded.caseloads.get(u.pk, [])))
    specialists = busiest[:n]
    supervisors = (seeded.supervisors * n)[:n]
    home_users = specialists[: n - n // 5] + supervisors[: n // 5]

    def signed_in(user, next_path) -> VirtualClient:
        return VirtualClient(next_path=next_path, cookies={cookie: session_for(user)})

    def detail_paths(user) -> list[str]:
        return [f"/participants/{pid}/" for pid in seeded.caseloads[user.pk]]

    list_pages = [f"/participants/?page={p}" for p in range(1, 21)]
    return [
        Endpoint(
            "trivial view  /healthz",
            "anonymous",
            [VirtualClient(next_path=lambda: "/healthz") for _ in range(n)],
        ),
        Endpoint(
            "caseload list  /participants/?mine=on",
            f"{n} specialists",
            [signed_in(u, lambda: "/participants/?mine=on") for u in specialists],
        ),
        Endpoint(
            "participant list  /participants/",
            f"{len(seeded.supervisors)} supervisors",
            [signed_in(u, lambda: "/participants/") for u in supervisors],
        ),
        Endpoint(
            "participant list  /participants/?page=1..20",
            "org admin (5,000)",
            [signed_in(seeded.admin, _cycle(list_pages, i)) for i in range(n)],
        ),
        Endpoint(
            "participant detail  /participants/<id>/",
            f"{n} specialists",
            [signed_in(u, _cycle(detail_paths(u))) for u in specialists],
        ),
        Endpoint(
            "staff home  /home/staff/",
            f"{len(home_users) - n // 5} spec. + {n // 5} sup.",
            [signed_in(u, lambda: "/home/staff/") for u in home_users],
        ),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "config.asgi:application",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--lifespan",
        "off",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"uvicorn exited ({proc.returncode}); see {log}")
        try:
            status, _ = asyncio.run(HTTPConnection(HOST, port).get("/healthz", {}))
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"uvicorn did not answer /healthz within 60 s; see {log}")


def server_cpu_seconds(proc: subprocess.Popen) -> float | None:
    """User + system CPU of the server and its worker processes (Linux /proc), so the
    report can say what a request costs even when other jobs share the machine."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(entry.name) == proc.pid or int(stat[1]) == proc.pid:
                total += (int(stat[11]) + int(stat[12])) / tick
    except OSError:
        return None
    return total


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def preflight(port: int, endpoint: Endpoint) -> list[str]:
    """Every client's first request must be a 200: a benchmark of redirects is wrong."""
    problems = []
    for client in endpoint.clients:
        path = client.next_path()
        conn = HTTPConnection(HOST, port)
        status, _ = await conn.get(path, dict(client.cookies))
        await conn.close()
        if status != 200:
            problems.append(f"{path} -> {status}")
    return problems


# --- Report ----------------------------------------------------------------------------------


def print_load(eps: list[Endpoint], share_target: float | None = TARGET_SHARE) -> list[dict]:
    """One row per endpoint, the first being the trivial baseline. ``share_target``: the
    least share of the baseline's req/s that passes (None: shown, not judged)."""
    base = eps[0].result
    assert base is not None
    head = (
        f"{'endpoint':<44} {'as':<20} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'% trivial':>9} {'non-2xx':>8} {'CPU ms/req':>10}  result"
    )
    print(head)
    print("-" * len(head))
    rows = []
    for i, ep in enumerate(eps):
        r = ep.result
        assert r is not None
        share = r.rps / base.rps if base.rps else 0.0
        p50, p95 = r.percentile_ms(0.50), r.percentile_ms(0.95)
        bad = r.non_2xx + r.errors
        cpu = None
        if r.probed and None not in r.probed and r.ok:
            cpu = 1000 * (r.probed[1] - r.probed[0]) / r.ok
        cpu_text = f"{cpu:>10.1f}" if cpu is not None else f"{'?':>10}"
        if i == 0:
            verdict = "baseline" if not bad else "BASELINE BROKEN"
        else:
            misses = []
            if share_target is not None and share < share_target:
                misses.append(f"rps<{share_target:.0%}")
            if not p95 < TARGET_P95_MS:
                misses.append(f"p95>={TARGET_P95_MS:.0f}")
            if bad:
                misses.append("errors")
            verdict = "pass" if not misses else "MISS " + ",".join(misses)
        print(
            f"{ep.name:<44} {ep.who:<20} {r.rps:>8.1f} {p50:>7.1f} {p95:>7.1f} "
            f"{share:>8.0%} {bad:>8} {cpu_text}  {verdict}"
        )
        rows.append(
            {
                "endpoint": ep.name,
                "as": ep.who,
                "requests": r.ok,
                "seconds": round(r.seconds, 3),
                "rps": round(r.rps, 1),
                "p50_ms": round(p50, 2),
                "p95_ms": round(p95, 2),
                "p99_ms": round(r.percentile_ms(0.99), 2),
                "share_of_trivial": round(share, 3),
                "statuses": {str(k): v for k, v in sorted(r.statuses.items())},
                "errors": r.errors,
                "server_cpu_ms_per_request": round(cpu, 2) if cpu is not None else None,
                "result": verdict,
            }
        )
    return rows


def print_queries(rows: list[QueryRow]) -> None:
    head = f"{'page':<38} {'smaller':<24} {'queries':>7}   {'larger':<24} {'queries':>7}  flat?"
    print(head)
    print("-" * len(head))
    for r in rows:
        flat = "yes" if r.flat else "NO — grows with rows"
        print(f"{r.page:<38} {r.small:<24} {r.small_n:>7}   {r.large:<24} {r.large_n:>7}  {flat}")


# --- Main ------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds/endpoint")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="uvicorn worker processes, the same for every endpoint (default: one per CPU)",
    )
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="on SQLite, ANALYZE after generating (PostgreSQL is always analysed)",
    )
    parser.add_argument("--quick", action="store_true", help="3 s per endpoint, 1 s warm-up")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the server, e.g. DB_CONN_MAX_AGE=60",
    )
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.warmup = 3.0, 1.0
    return args


def drive_endpoints(eps, args, *, log: Path, setup: str) -> None:
    """Start uvicorn on a free loopback port, check each endpoint answers 200, then drive it
    with ``args.clients`` closed-loop clients; results land on ``ep.result``. The server is
    stopped whatever happens. ``setup`` describes the server in the printed header."""
    import uvicorn

    port = free_port()
    print(
        f"uvicorn {uvicorn.__version__} on {HOST}:{port}, {args.workers} {setup}, "
        f"{args.clients} concurrent keep-alive clients, "
        f"{args.warmup:g} s warm-up + {args.seconds:g} s measured per endpoint; "
        f"{os.cpu_count()} CPUs shared with the load generator; "
        f"load average before: {os.getloadavg()[0]:.1f}"
    )
    proc = start_server(port, args.workers, dict(os.environ), log)
    try:
        for ep in eps:
            problems = asyncio.run(preflight(port, ep))
            if problems:
                print(f"  ! {ep.name}: not 200 before the run: {problems[:3]}")
            ep.result = asyncio.run(
                run_load(
                    HOST,
                    port,
                    ep.clients,
                    warmup=args.warmup,
                    seconds=args.seconds,
                    probe=lambda: server_cpu_seconds(proc),
                )
            )
    finally:
        stop_server(proc)


def main() -> int:
    args = parse_args()
    url, db_label = bench_database_url()
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    for item in args.server_env:
        name, _, value = item.partition("=")
        os.environ[name] = value
    import django

    django.setup()
    from django.core.management import call_command

    from bench.seed import seed

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t1 = time.perf_counter()
    seeded = seed()
    analysed = analyse(force=args.analyze)
    t2 = time.perf_counter()
    print(f"Hearth page benchmark — {db_label}")
    print(
        f"data: {seeded.counts['participants']:,} participants, {seeded.counts['staff']} staff "
        f"(+ a second organisation), {seeded.counts['assignments']:,} care-team rows; "
        f"migrate {t1 - t0:.1f} s, generate {t2 - t1:.1f} s; planner statistics: "
        f"{'ANALYZE run' if analysed else 'none (as a fresh SQLite deployment)'}"
    )
    print()
    print("SQL queries per page (one request, in-process, steady state)")
    qrows = query_counts(seeded)
    print_queries(qrows)
    print()

    from django.db import connections

    connections.close_all()
    eps = endpoints(seeded, args.clients)
    drive_endpoints(
        eps,
        args,
        log=ROOT / "var" / "bench" / "uvicorn.log",
        setup="worker(s), DEBUG off, project logging (access log on)",
    )
    print()
    load_rows = print_load(eps)
    print(
        f"\ntargets: >= {TARGET_SHARE:.0%} of the trivial view's req/s and p95 < "
        f"{TARGET_P95_MS:.0f} ms. non-2xx: responses that were not 2xx plus connection "
        "errors (in neither req/s nor latency). CPU ms/req: server CPU time (all workers) "
        "per answered request, which holds steady when other jobs share the machine; "
        f"load average after: {os.getloadavg()[0]:.1f}"
    )

    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"pages-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "database": db_label,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "workers": args.workers,
                "analysed": analysed,
                "loadavg_after": os.getloadavg()[0],
                "clients": args.clients,
                "seconds": args.seconds,
                "warmup": args.warmup,
                "server_env": args.server_env,
                "data": seeded.counts,
                "load": load_rows,
                "queries": [r.__dict__ for r in qrows],
            },
            indent=2,
        )
    )
    print(f"results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
