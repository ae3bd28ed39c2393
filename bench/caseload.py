"""Caseload benchmark: the peer's caseload page, the supervisor's team page, and the
month's claims export.

    .venv/bin/python bench/caseload.py [--quick] [--seconds 10] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_bench_caseload \\
        .venv/bin/python bench/caseload.py

Builds a throwaway database (SQLite under var/bench/, or the ``*bench*`` PostgreSQL
database named in DATABASE_URL, dropped and re-created) with two organisations: a small
one (a peer with 15 participants, 2,000 encounters) and the full one (a peer with 150
participants, a supervisor with a team of 8 peers, 20,000 encounters with notes in mixed
states). Then:

1. SQL queries per page, in-process, small vs full (must be equal);
2. uvicorn on 127.0.0.1 driving ``/healthz`` (the trivial view), ``/caseload/`` and
   ``/caseload/team/`` with 20 concurrent keep-alive clients each;
3. ``manage.py export_claims`` for a month of 50,000 encounters, in its own database,
   as a subprocess: wall seconds and peak RSS.

Targets: page p95 < 150 ms (shown beside the trivial view's); export < 10 s and < 300 MB.
A measurement, not a gate: it exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import VirtualClient  # noqa: E402
from bench.pages import (  # noqa: E402
    HOST,
    TARGET_P95_MS,
    Endpoint,
    QueryRow,
    analyse,
    bench_database_url,
    count_queries,
    drive_endpoints,
    print_load,
    print_queries,
    session_for,
)

TARGET_EXPORT_SECONDS = 10.0
TARGET_EXPORT_MB = 300.0
PG_NAME = "hearth_bench_caseload"


# --- Data ------------------------------------------------------------------------------------


@dataclass
class OrgPlan:
    label: str
    slug: str
    caseload: int  # the bench peer's participants
    others: int  # every other peer's participants
    team: int  # peers per supervisor
    supervisors: int
    encounters: int


SMALL = OrgPlan("small", "small", caseload=15, others=5, team=3, supervisors=2, encounters=2_000)
FULL = OrgPlan("full", "full", caseload=150, others=30, team=8, supervisors=3, encounters=20_000)


@dataclass
class Org:
    plan: OrgPlan
    admin: object
    supervisor: object  # the bench supervisor: the bench peer's
    peer: object  # the bench peer
    counts: dict[str, int] = field(default_factory=dict)


def seed_org(plan: OrgPlan, rng: random.Random, password: str) -> Org:
    """One organisation: ``supervisors`` teams of ``team`` peers; the first peer of the
    first team carries ``caseload`` participants, the others ``others``. Every participant
    has an active plan (reviews due from 10 days ago to 3 months on) and a goal; the
    encounters of the last six months are spread over all participants, each with their
    own peer, mostly signed, with recent drafts, notes awaiting co-signature on the payer
    that requires it, and contact attempts without a note."""
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.core.policy import Role
    from hearth.encounters.models import Payer
    from hearth.organisations.models import Organisation
    from hearth.participants.models import CaseAssignment, Participant, ParticipantStatus

    now = timezone.now()
    org = Organisation.objects.create(name=f"{plan.label.title()} Recovery", slug=plan.slug)
    medicaid = Payer.objects.create(organisation=org, name="State Medicaid", daily_unit_cap=16)
    managed = Payer.objects.create(organisation=org, name="Managed care", cosign_required=True)

    def staff(role: str, i: int, **extra) -> User:
        return User(
            email=f"{role}.{i}@{plan.slug}.bench",
            display_name=f"{role.replace('_', ' ').title()} {i}",
            organisation=org,
            role=role,
            password=password,
            credential="CPS",
            **extra,
        )

    admin, *supervisors = User.objects.bulk_create(
        [staff(Role.ORG_ADMIN, 0)]
        + [staff(Role.PEER_SUPERVISOR, i) for i in range(plan.supervisors)]
    )
    peers = User.objects.bulk_create(
        staff(Role.PEER_SPECIALIST, i, supervisor=supervisors[i // plan.team])
        for i in range(plan.supervisors * plan.team)
    )
    owners = [peers[0]] * plan.caseload + [p for p in peers[1:] for _ in range(plan.others)]
    statuses = [ParticipantStatus.ACTIVE] * 8 + [ParticipantStatus.INACTIVE]
    people = Participant.objects.bulk_create(
        (
            Participant(
                organisation=org,
                name=f"Participant {plan.slug} {i:04d}",
                status=rng.choice(statuses),
                created_at=now - timedelta(days=400),
                updated_at=now - timedelta(days=400),
            )
            for i in range(len(owners))
        ),
        batch_size=1000,
    )
    CaseAssignment.objects.bulk_create(
        (
            CaseAssignment(
                participant=p, specialist=o, is_primary=True, assigned_at=now - timedelta(days=300)
            )
            for p, o in zip(people, owners, strict=True)
        ),
        batch_size=2000,
    )
    goals = _seed_plans(org, people, rng, now)
    counts = _seed_encounters(plan, org, people, owners, goals, (medicaid, managed), rng, now)
    counts.update(participants=len(people), peers=len(peers), caseload=plan.caseload)
    return Org(plan, admin, supervisors[0], peers[0], counts)


def _seed_plans(org, people, rng: random.Random, now) -> list:
    from hearth.plans.models import Dimension, PlanStatus, RecoveryGoal, RecoveryPlan

    today = now.date()
    plans = RecoveryPlan.objects.bulk_create(
        (
            RecoveryPlan(
                organisation=org,
                participant=p,
                status=PlanStatus.ACTIVE,
                next_review_on=today + timedelta(days=rng.randint(-10, 90)),
            )
            for p in people
        ),
        batch_size=1000,
    )
    return RecoveryGoal.objects.bulk_create(
        (
            RecoveryGoal(plan=plan, dimension=Dimension.HOME, text="A place of my own")
            for plan in plans
        ),
        batch_size=1000,
    )


def _seed_encounters(plan, org, people, owners, goals, payers, rng, now) -> dict[str, int]:
    """Encounters and notes with ``bulk_create`` — which sends the notes' text through
    ``EncryptedTextField.get_prep_value``, so it is stored encrypted as in real use."""
    from hearth.encounters.billing import units_for
    from hearth.encounters.models import Encounter, EncounterKind, NoteStatus, ProgressNote

    medicaid, managed = payers
    tz = ZoneInfo(org.timezone)
    rows, meta = [], []
    for _ in range(plan.encounters):
        i = rng.randrange(len(people))
        age = timedelta(days=rng.uniform(0, 180))
        local = (now - age).astimezone(tz).replace(hour=rng.randint(9, 16), minute=0, second=0)
        minutes = rng.choice((15, 25, 30, 45, 50, 60))
        payer = managed if rng.random() < 0.2 else medicaid
        kind = EncounterKind.CONTACT_ATTEMPT if rng.random() < 0.07 else EncounterKind.SESSION
        start = local.astimezone(UTC)
        rows.append(
            Encounter(
                organisation=org,
                participant=people[i],
                peer=owners[i],
                kind=kind,
                payer=payer,
                starts_at=start,
                ends_at=start + timedelta(minutes=minutes),
                minutes=minutes,
                units=units_for(minutes, payer.unit_rule),
                created_by=owners[i],
            )
        )
        meta.append((i, _note_status(kind, payer, age, rng)))
    created = Encounter.objects.bulk_create(rows, batch_size=2000)
    with_notes = [(e, i, s) for e, (i, s) in zip(created, meta, strict=True) if s]
    notes = ProgressNote.objects.bulk_create(
        (_note(e, s, owners[i]) for e, i, s in with_notes), batch_size=2000
    )
    through = ProgressNote.goals_addressed.through
    through.objects.bulk_create(
        (
            through(progressnote_id=n.pk, recoverygoal_id=goals[i].pk)
            for n, (_e, i, s) in zip(notes, with_notes, strict=True)
            if s != NoteStatus.DRAFT
        ),
        batch_size=5000,
    )
    states = {s: sum(1 for _e, _i, x in with_notes if x == s) for s in NoteStatus.values}
    return {"encounters": len(created), "notes": len(notes), **states}


def _note_status(kind, payer, age: timedelta, rng: random.Random) -> str | None:
    """None (no note), or the note's status: recent sessions are often still drafts, older
    ones rarely (those are the overdue notes); the co-signing payer's notes wait for the
    supervisor for a week or two."""
    from hearth.encounters.models import EncounterKind, NoteStatus

    if kind == EncounterKind.CONTACT_ATTEMPT:
        return None if rng.random() < 0.6 else NoteStatus.SIGNED
    roll = rng.random()
    if roll < (0.4 if age < timedelta(days=3) else 0.02):
        return NoteStatus.DRAFT if roll > 0.01 else None
    if payer.cosign_required and (age > timedelta(days=14) or rng.random() < 0.5):
        return NoteStatus.COSIGNED
    return NoteStatus.SIGNED


def _note(encounter, status: str, peer):
    from hearth.encounters.models import NoteStatus, ProgressNote

    signed = status != NoteStatus.DRAFT
    cosigned = status == NoteStatus.COSIGNED
    return ProgressNote(
        encounter=encounter,
        status=status,
        summary="Talked through the week; went to a meeting on Tuesday.",
        participant_response="Engaged, hopeful about the housing application.",
        next_steps="Call the housing office together on Monday." if signed else "",
        signed_at=encounter.ends_at + timedelta(hours=2) if signed else None,
        signed_by=peer if signed else None,
        signer_credential="CPS" if signed else "",
        cosigned_at=encounter.ends_at + timedelta(days=3) if cosigned else None,
        cosigned_by_id=peer.supervisor_id if cosigned else None,
        cosigner_credential="CPS" if cosigned else "",
    )


def seed() -> dict[str, Org]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from bench.seed import _own_timestamps

    rng = random.Random(11)
    password = make_password("bench-password-not-used-0", hasher="pbkdf2_sha256")
    with transaction.atomic(), _own_timestamps():
        return {plan.label: seed_org(plan, rng, password) for plan in (SMALL, FULL)}


# --- SQL queries per page --------------------------------------------------------------------


def query_counts(orgs: dict[str, Org]) -> list[QueryRow]:
    small, full = orgs["small"], orgs["full"]
    s, f = small.plan, full.plan
    rows = [
        (
            "caseload /caseload/",
            (small.peer, "/caseload/", f"peer, {s.caseload} ppl, {s.encounters:,} enc"),
            (full.peer, "/caseload/", f"peer, {f.caseload} ppl, {f.encounters:,} enc"),
        ),
        (
            "caseload /caseload/?sort=name",
            (small.peer, "/caseload/?sort=name", f"peer, {s.caseload} participants"),
            (full.peer, "/caseload/?sort=name", f"peer, {f.caseload} participants"),
        ),
        (
            "team /caseload/team/",
            (small.supervisor, "/caseload/team/", f"supervisor, team of {s.team}"),
            (full.supervisor, "/caseload/team/", f"supervisor, team of {f.team}"),
        ),
        (
            "team /caseload/team/",
            (small.admin, "/caseload/team/", f"org admin, {s.team * s.supervisors} peers"),
            (full.admin, "/caseload/team/", f"org admin, {f.team * f.supervisors} peers"),
        ),
    ]
    out = []
    for page, (u1, p1, l1), (u2, p2, l2) in rows:
        row = QueryRow(page, l1, l2)
        row.small_n, _ = count_queries(u1, p1)
        row.large_n, row.large_sql = count_queries(u2, p2)
        out.append(row)
    return out


def page_facts(org: Org) -> dict[str, int]:
    """What the full pages show, so the latency can be read against it."""
    from hearth.encounters.caseload import caseload_for, team_overview

    rows = caseload_for(org.peer)
    team = team_overview(org.supervisor)
    return {
        "caseload_rows": len(rows),
        "caseload_needing_attention": sum(1 for r in rows if r.attention),
        "team_peers": len(team.peers),
        "team_awaiting_cosign": len(team.awaiting_cosign),
    }


def endpoints(org: Org, n: int) -> list[Endpoint]:
    """``n`` clients per endpoint, each signed in with its own session."""
    from django.conf import settings

    cookie = settings.SESSION_COOKIE_NAME

    def signed_in(user, path: str) -> VirtualClient:
        return VirtualClient(next_path=lambda: path, cookies={cookie: session_for(user)})

    p = org.plan
    return [
        Endpoint(
            "trivial view  /healthz",
            "anonymous",
            [VirtualClient(next_path=lambda: "/healthz") for _ in range(n)],
        ),
        Endpoint(
            "caseload  /caseload/",
            f"peer, {p.caseload} participants",
            [signed_in(org.peer, "/caseload/") for _ in range(n)],
        ),
        Endpoint(
            "team  /caseload/team/",
            f"supervisor, {p.team} peers",
            [signed_in(org.supervisor, "/caseload/team/") for _ in range(n)],
        ),
    ]


# --- Claims export ---------------------------------------------------------------------------


def previous_month(today: date) -> tuple[date, date]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def generate_claims_month(n: int) -> dict:
    """Run in a child process whose DATABASE_URL is the export's own database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from hearth.organisations.models import Organisation
    from tests.encounters.claims_factories import generate_month

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t1 = time.perf_counter()
    start, end = previous_month(date.today())
    with transaction.atomic():
        org = Organisation.objects.create(name="Claims Bench", slug="claims-bench")
        counts = generate_month(org, encounters=n, month=start)
    analyse(force=False)
    return {
        "slug": org.slug,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "migrate_s": round(t1 - t0, 1),
        "generate_s": round(time.perf_counter() - t1, 1),
        **counts,
    }


@dataclass
class ExportRun:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    lines: int | None
    units: int | None
    rejects: int | None
    returncode: int
    stderr: str

    @property
    def verdict(self) -> str:
        misses = []
        if self.returncode:
            misses.append(f"exit {self.returncode}")
        if not self.seconds < TARGET_EXPORT_SECONDS:
            misses.append(f"time>={TARGET_EXPORT_SECONDS:.0f}s")
        if not self.peak_mb < TARGET_EXPORT_MB:
            misses.append(f"rss>={TARGET_EXPORT_MB:.0f}MB")
        return "PASS" if not misses else "MISS " + ",".join(misses)


def export_command(month: dict) -> list[str]:
    out = ROOT / "var" / "bench"
    return [
        sys.executable,
        "manage.py",
        "export_claims",
        "--start",
        month["start"],
        "--end",
        month["end"],
        "--organisation",
        month["slug"],
        "--output",
        str(out / "claims.csv"),
        "--rejects",
        str(out / "claims-rejects.csv"),
    ]


def run_export(cmd: list[str], env: dict[str, str]) -> ExportRun:
    """One export under ``/usr/bin/time -v`` when installed; peak RSS and CPU come from
    ``wait4`` on that child alone (``RUSAGE_CHILDREN`` would also count the server)."""
    timer = shutil.which("time", path="/usr/bin")
    full = [timer, "-v", *cmd] if timer else cmd
    t0 = time.perf_counter()
    proc = subprocess.Popen(full, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    stderr = proc.stderr.read() if proc.stderr else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_kb = usage.ru_maxrss  # kilobytes on Linux
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    if found:
        peak_kb = max(peak_kb, int(found.group(1)))
    summary = re.search(r"(\d+) claim lines \((\d+) units\); (\d+) encounters left out", stderr)
    lines, units, rejects = (int(g) for g in summary.groups()) if summary else (None,) * 3
    return ExportRun(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mb=peak_kb / 1024,
        lines=lines,
        units=units,
        rejects=rejects,
        returncode=proc.returncode,
        stderr=stderr[-2000:],
    )


def print_exports(runs: list[ExportRun], encounters: int) -> list[dict]:
    head = (
        f"{'export_claims, one month':<30} {'encounters':>10} {'lines':>7} {'rejects':>7} "
        f"{'wall s':>7} {'CPU s':>6} {'peak MB':>8}  result"
    )
    print(head)
    print("-" * len(head))
    rows = []
    for i, r in enumerate(runs, 1):
        print(
            f"{f'run {i} (CSV + rejects file)':<30} {encounters:>10,} {r.lines or 0:>7,} "
            f"{r.rejects or 0:>7,} {r.seconds:>7.2f} {r.cpu_seconds:>6.2f} {r.peak_mb:>8.1f}  "
            f"{r.verdict}"
        )
        rows.append({k: v for k, v in r.__dict__.items() if k != "stderr"} | {"result": r.verdict})
    return rows


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
    parser.add_argument("--export-encounters", type=int, default=50_000)
    parser.add_argument("--export-runs", type=int, default=2, help="export_claims runs")
    parser.add_argument("--skip-export", action="store_true", help="pages only")
    parser.add_argument("--quick", action="store_true", help="3 s per endpoint, 1 s warm-up")
    parser.add_argument("--generate-claims-month", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.warmup = 3.0, 1.0
    return args


def configure(url: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )


def pages_part(args, url: str, db_label: str) -> dict:
    import django

    configure(url)
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t1 = time.perf_counter()
    orgs = seed()
    analysed = analyse(force=args.analyze)
    t2 = time.perf_counter()
    full = orgs["full"]
    facts = page_facts(full)
    print(f"Hearth caseload benchmark — {db_label}")
    print(
        "data: "
        + "; ".join(
            f"{o.plan.label}: {o.counts['participants']:,} participants, "
            f"{o.counts['peers']} peers, "
            f"{o.counts['encounters']:,} encounters, {o.counts['notes']:,} notes "
            f"({o.counts['draft']:,} draft, {o.counts['signed']:,} signed, "
            f"{o.counts['cosigned']:,} co-signed)"
            for o in orgs.values()
        )
        + f"; migrate {t1 - t0:.1f} s, generate {t2 - t1:.1f} s; planner statistics: "
        + ("ANALYZE run" if analysed else "none (as a fresh SQLite deployment)")
    )
    print(
        f"full pages show: caseload {facts['caseload_rows']} rows "
        f"({facts['caseload_needing_attention']} need attention); team {facts['team_peers']} "
        f"peers, {facts['team_awaiting_cosign']} notes awaiting co-signature"
    )
    print()
    print("SQL queries per page (one request, in-process, steady state)")
    qrows = query_counts(orgs)
    print_queries(qrows)
    print()

    connections.close_all()
    eps = endpoints(full, args.clients)
    drive_endpoints(
        eps,
        args,
        log=ROOT / "var" / "bench" / "uvicorn-caseload.log",
        setup="worker(s) for every endpoint, DEBUG off",
    )
    print()
    load_rows = print_load(eps, share_target=None)
    for ep in eps:
        if ep.result is not None and not ep.result.ok:
            print(f"  ! {ep.name}: no request both started and finished inside the window")
    print(
        f"\ntarget: p95 < {TARGET_P95_MS:.0f} ms (the trivial view's p95 beside it; % trivial "
        "is shown, not judged). non-2xx: answers that were not 2xx plus connection errors "
        "(must be 0). CPU ms/req: server CPU (all workers) per answered request; "
        f"load average after: {os.getloadavg()[0]:.1f}"
    )
    return {
        "database": db_label,
        "analysed": analysed,
        "data": {o.plan.label: o.counts for o in orgs.values()},
        "pages": facts,
        "queries": [r.__dict__ for r in qrows],
        "load": load_rows,
    }


def export_part(args, url: str, db_label: str) -> dict:
    print()
    print(f"export_claims — {db_label}")
    env = dict(os.environ, DATABASE_URL=url, DEBUG="0", LOG_LEVEL="WARNING")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    child = subprocess.run(
        [sys.executable, __file__, "--generate-claims-month", str(args.export_encounters)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode:
        print(child.stderr[-3000:])
        return {"database": db_label, "error": "generating the month failed"}
    month = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"data: {month['encounters']:,} encounters {month['start']}..{month['end']}, "
        f"{month['participants']:,} participants, {month['peers']} peers "
        f"(tests/encounters/claims_factories.generate_month); migrate {month['migrate_s']} s, "
        f"generate {month['generate_s']} s; load average before: {os.getloadavg()[0]:.1f}"
    )
    cmd = export_command(month)
    print("$ DATABASE_URL=… " + " ".join(Path(c).name if c == sys.executable else c for c in cmd))
    runs = [run_export(cmd, env) for _ in range(max(1, args.export_runs))]
    for r in runs:
        if r.returncode:
            print(r.stderr)
    print()
    rows = print_exports(runs, month["encounters"])
    print(
        f"\ntargets: < {TARGET_EXPORT_SECONDS:.0f} s and < {TARGET_EXPORT_MB:.0f} MB peak RSS "
        "for the whole command (interpreter and Django start-up included). CPU s: user + "
        "system of the command, steadier than wall time on a shared machine. "
        f"load average after: {os.getloadavg()[0]:.1f}"
    )
    return {"database": db_label, "month": month, "command": cmd[1:], "runs": rows}


def main() -> int:
    args = parse_args()
    if args.generate_claims_month:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        print(json.dumps(generate_claims_month(args.generate_claims_month)))
        return 0
    started = os.getloadavg()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in started)}")
    base_url = os.environ.get("DATABASE_URL", "")
    url, db_label = bench_database_url("caseload", PG_NAME, base_url)
    results = {"python": platform.python_version(), "cpus": os.cpu_count()}
    results |= {"workers": args.workers, "clients": args.clients, "seconds": args.seconds}
    results["caseload"] = pages_part(args, url, db_label)
    if not args.skip_export:
        # The month goes in a database of its own: <pages database>_claims on PostgreSQL.
        parts = urlsplit(url)
        pg_name = parts.path.lstrip("/") + "_claims"
        claims_in = (
            "" if url.startswith("sqlite") else urlunsplit(parts._replace(path=f"/{pg_name}"))
        )
        claims_url, claims_label = bench_database_url("claims", pg_name, claims_in)
        results["export"] = export_part(args, claims_url, claims_label)
    ended = os.getloadavg()
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in ended)}")
    results["loadavg"] = {"start": started, "end": ended}
    out = ROOT / "bench" / "results" / f"caseload-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
