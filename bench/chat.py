"""Warmline chat benchmark: concurrent visitor–peer conversations over real WebSockets.

    .venv/bin/python bench/chat.py [--quick] [--conversations 300] [--rounds 10] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_helpline_bench \\
        .venv/bin/python bench/chat.py

Builds a throwaway database (as bench/pages.py does: SQLite under var/bench/, or a
``*bench*`` PostgreSQL database, dropped and re-created), one warmline with peers on shift
(three chats each, the line's limit) and N open chats, then serves the project with uvicorn
on 127.0.0.1 (ports 8400-8499) over the Redis channel layer (``REDIS_URL``, default
``redis://127.0.0.1:6379/3``; the bench flushes that Redis database first) and opens
2 x N real WebSocket clients with the ``websockets`` library: each visitor and its peer
take turns, ``--rounds`` messages each, with 2-6 s of "reading and typing" between turns
(a brisk chat: at 300 conversations that is ~75 messages a second through the server).

Delivery latency is measured from the moment a client sends a message to the moment the
other side receives it (same process, same clock). "Lost" counts messages sent but never
received by the other side within 10 s; "duplicates" counts messages received twice; the
database is checked to hold every message exactly once, in sequence.

Baseline: the issue's target, p99 < 150 ms with zero lost messages. A measurement, not a
gate: it exits 0 whether or not the target is met.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import (  # noqa: E402
    HOST,
    bench_database_url,
    server_cpu_seconds,
    session_for,
    start_server,
    stop_server,
)

TARGET_P99_MS = 150.0
THINK_MIN, THINK_MAX = 2.0, 6.0  # seconds between one side's message and the other's reply
PORTS = range(8400, 8500)


def machine_busy() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far (Linux /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def free_port() -> int:
    import socket

    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port in 8400-8499")


@dataclass
class Pair:
    chat_id: str
    visitor_cookie: str
    peer_cookie: str


def seed(conversations: int) -> list[Pair]:
    """One organisation, a warmline, ceil(N/3) peers on shift and N open chats."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.core.policy import Role
    from hearth.helpline import services
    from hearth.helpline.consumers import VISITOR_SESSION_KEY
    from hearth.helpline.models import Shift, Warmline
    from hearth.organisations.models import Organisation

    org = Organisation.objects.create(name="Bench Warmline", slug="bench")
    Warmline.objects.create(
        organisation=org, name="Bench", opens_at=dt.time(0), closes_at=dt.time(0)
    )
    now = timezone.now()
    peers = []
    for i in range((conversations + 2) // 3):
        peer = User.objects.create_user(
            f"peer{i}@bench.example",
            "x",
            organisation=org,
            role=Role.PEER_SPECIALIST,
            display_name=f"Peer {i}",
        )
        Shift.objects.create(
            organisation=org,
            peer=peer,
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=8),
        )
        peers.append((peer, session_for(peer)))
    pairs = []
    name = settings.SESSION_COOKIE_NAME
    for n in range(conversations):
        chat, token = services.chat_start(organisation=org, language="en")
        peer, peer_session = peers[n // 3]
        services.chat_pick_up(actor=peer, chat=chat)
        session = SessionStore()
        session[VISITOR_SESSION_KEY] = {"id": str(chat.public_id), "token": token, "org": "bench"}
        session.create()
        pairs.append(
            Pair(str(chat.public_id), f"{name}={session.session_key}", f"{name}={peer_session}")
        )
    return pairs


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    sent: int = 0
    received: int = 0
    duplicates: int = 0
    lost: int = 0
    refused: int = 0
    connect_failures: int = 0
    reconnects: int = 0
    connect_seconds: float = 0.0


class Side:
    """One WebSocket client that, like the page's script, reconnects after a drop and
    resumes from the last sequence number it saw."""

    def __init__(self, url: str, origin: str, cookie: str, tally: Tally):
        self.url, self.origin, self.cookie, self.tally = url, origin, cookie, tally
        self.ws = None
        self.last_seq = 1  # the "a peer has joined" line, seen before the run
        self.reconnects = 0

    async def connect(self) -> bool:
        import websockets

        for attempt in range(8):
            try:
                self.ws = await websockets.connect(
                    f"{self.url}?after={self.last_seq}",
                    additional_headers={"Cookie": self.cookie, "Origin": self.origin},
                    open_timeout=30,
                    max_queue=None,
                )
                hello = json.loads(await asyncio.wait_for(self.ws.recv(), 30))
                if hello.get("type") == "hello":
                    return True
            except (OSError, TimeoutError, websockets.WebSocketException):
                await asyncio.sleep(0.5 * (attempt + 1))
        return False

    async def send(self, payload: dict) -> None:
        import websockets

        try:
            await self.ws.send(json.dumps(payload))
        except websockets.ConnectionClosed:
            self.reconnects += 1
            if await self.connect():
                await self.ws.send(json.dumps(payload))

    async def recv(self, timeout: float) -> dict | None:
        import websockets

        try:
            event = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        except TimeoutError:
            return None
        except websockets.ConnectionClosed:
            self.reconnects += 1
            self.tally.reconnects += 1
            if not await self.connect():
                return None
            return {"type": "reconnected"}
        if event.get("type") == "message":
            if event["seq"] <= self.last_seq:
                self.tally.duplicates += 1
                return {"type": "duplicate"}
            self.last_seq = event["seq"]
        return event

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def converse(
    pair: Pair, port: int, rounds: int, tally: Tally, rng: random.Random, think, ready
):
    """One visitor and one peer taking turns; each message carries its send time."""
    url = f"ws://{HOST}:{port}/ws/helpline/chat/{pair.chat_id}/"
    origin = f"http://{HOST}:{port}"
    sides = {
        "visitor": Side(url, origin, pair.visitor_cookie, tally),
        "peer": Side(url, origin, pair.peer_cookie, tally),
    }
    try:
        for side in sides.values():
            if not await side.connect():
                tally.connect_failures += 1
                await ready.wait_all()
                return
        # Everyone connects first (timed separately); then the conversations start.
        await ready.wait_all()
        for turn in range(rounds * 2):
            speaker = "visitor" if turn % 2 == 0 else "peer"
            listener = "peer" if speaker == "visitor" else "visitor"
            await asyncio.sleep(think(rng))
            tag = f"{pair.chat_id[:8]}-{turn}"
            sent_at = time.perf_counter()
            body = f"{tag} hi, can we talk about my week"
            await sides[speaker].send({"type": "message", "body": body})
            tally.sent += 1
            if not await _await_message(sides[listener], tag, sent_at, tally):
                tally.lost += 1
            await _drain_own(sides[speaker], tag, tally)
    finally:
        for side in sides.values():
            await side.close()


async def _await_message(side: Side, tag: str, sent_at: float, tally: Tally) -> bool:
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        event = await side.recv(max(0.01, deadline - time.perf_counter()))
        if event is None:
            break
        if event.get("type") == "message" and event["body"].startswith(tag + " "):
            tally.latencies_ms.append((time.perf_counter() - sent_at) * 1000)
            tally.received += 1
            return True
    return False


async def _drain_own(side: Side, tag: str, tally: Tally) -> None:
    """The sender receives an ack and its own message back; read both so they don't pile
    up (after a reconnect, its own message may come back in the resumed backlog only)."""
    needed = {"ack", "message"}
    while needed:
        event = await side.recv(10)
        if event is None:
            return
        kind = event.get("type")
        if kind == "refused":
            tally.refused += 1
            return
        if kind == "reconnected":
            needed.discard("ack")
        if kind == "message" and not event["body"].startswith(tag + " "):
            continue
        needed.discard(kind)


async def drive(pairs: list[Pair], port: int, rounds: int, seed_value: int) -> tuple[Tally, float]:
    tally = Tally()
    rng = random.Random(seed_value)

    def think(r):
        # A person reads and types a reply in a few seconds at the very least; this is a
        # brisk pace for a warm chat (real ones are slower), so the load is on the high side.
        return r.uniform(THINK_MIN, THINK_MAX)

    ready = Barrier(len(pairs))

    # Stagger the connections, as visitors and peers arrive.
    async def staggered(i, pair):
        await asyncio.sleep(i * 0.01)
        await converse(pair, port, rounds, tally, random.Random(rng.random()), think, ready)

    start = time.perf_counter()
    await asyncio.gather(*(staggered(i, p) for i, p in enumerate(pairs)))
    tally.connect_seconds = ready.released_at - start
    return tally, time.perf_counter() - ready.released_at


class Barrier:
    def __init__(self, parties: int):
        self.parties, self.arrived = parties, 0
        self.event = asyncio.Event()
        self.released_at = 0.0

    async def wait_all(self) -> None:
        self.arrived += 1
        if self.arrived >= self.parties:
            self.released_at = time.perf_counter()
            self.event.set()
        await self.event.wait()


def check_store(pairs: list[Pair], rounds: int) -> tuple[int, int]:
    """(chats whose stored messages are not exactly 1 + 2*rounds gapless, total stored)."""
    from django.db.models import Count, Max

    from hearth.helpline.models import Chat

    rows = Chat.objects.filter(public_id__in=[p.chat_id for p in pairs]).annotate(
        n=Count("messages"), top=Max("messages__seq")
    )
    bad = sum(1 for c in rows if not (c.n == c.top == 1 + 2 * rounds))
    return bad, sum(c.n for c in rows)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 conversations, 3 rounds")
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=10, help="messages per side")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    args = parser.parse_args()
    if args.quick:
        args.conversations, args.rounds = min(args.conversations, 100), min(args.rounds, 3)
    return args


def main() -> int:
    args = parse_args()
    url, db_label = bench_database_url(stem="chat", default_name="hearth_helpline_bench")
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"
    os.environ.update(
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    redis.Redis.from_url(redis_url).flushdb()  # only this bench's own Redis database
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    pairs = seed(args.conversations)
    t1 = time.perf_counter()
    print(f"Hearth warmline chat benchmark — {db_label}, Redis {redis_url}")
    print(
        f"{len(pairs)} conversations ({2 * len(pairs)} WebSocket clients), {args.rounds} "
        f"messages per side, {THINK_MIN:.0f}-{THINK_MAX:.0f} s between turns, uvicorn --workers "
        f"{args.workers}; setup {t1 - t0:.1f} s"
    )
    from django.db import connections

    connections.close_all()
    port = free_port()
    log = ROOT / "var" / "bench" / "uvicorn-chat.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DB_POOL_MAX": "20"}
    proc = start_server(port, args.workers, env, log)
    try:
        cpu0, own0, busy0 = server_cpu_seconds(proc), time.process_time(), machine_busy()
        tally, wall = asyncio.run(drive(pairs, port, args.rounds, 6))
        cpu1, own1, busy1 = server_cpu_seconds(proc), time.process_time(), machine_busy()
    finally:
        stop_server(proc)
    bad_chats, stored = check_store(pairs, args.rounds)
    expected = len(pairs) * 2 * args.rounds
    p50, p95, p99 = (pct(tally.latencies_ms, q) for q in (50, 95, 99))
    ok = p99 < TARGET_P99_MS and tally.lost == 0 and tally.duplicates == 0 and bad_chats == 0
    print()
    print(f"{'':<28}{'this run':>14}{'target':>14}")
    print(f"{'delivery latency p50':<28}{p50:>11.1f} ms{'':>14}")
    print(f"{'delivery latency p95':<28}{p95:>11.1f} ms{'':>14}")
    print(f"{'delivery latency p99':<28}{p99:>11.1f} ms{'< 150 ms':>14}")
    print(f"{'messages sent':<28}{tally.sent:>14}{expected:>14}")
    print(f"{'messages delivered':<28}{tally.received:>14}{expected:>14}")
    print(f"{'lost (none within 10 s)':<28}{tally.lost:>14}{0:>14}")
    print(f"{'duplicated':<28}{tally.duplicates:>14}{0:>14}")
    print(f"{'refused by the server':<28}{tally.refused:>14}{0:>14}")
    print(f"{'clients that never connected':<28}{tally.connect_failures:>14}{0:>14}")
    print(f"{'reconnects (resumed)':<28}{tally.reconnects:>14}{'':>14}")
    print(f"{'chats stored with a gap':<28}{bad_chats:>14}{0:>14}")
    rate = tally.sent / wall if wall else 0
    cpu = f"{cpu1 - cpu0:.1f} s server CPU" if cpu0 is not None and cpu1 is not None else ""
    print(f"\nall {2 * len(pairs)} clients connected in {tally.connect_seconds:.1f} s; then")
    print(f"{wall:.1f} s wall, {rate:.0f} messages/s, {stored} messages stored; {cpu}")
    share = (busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1])
    print(
        f"the {2 * len(pairs)} clients (this process) used {own1 - own0:.1f} s CPU; the "
        f"machine's CPUs were {share:.0%} busy (server, clients, PostgreSQL, Redis share them)"
    )
    print("target met" if ok else "TARGET NOT MET")
    out = ROOT / "var" / "bench" / "chat.json"
    out.write_text(
        json.dumps(
            {
                "database": db_label,
                "conversations": len(pairs),
                "rounds": args.rounds,
                "workers": args.workers,
                "p50_ms": p50,
                "p95_ms": p95,
                "p99_ms": p99,
                "mean_ms": statistics.fmean(tally.latencies_ms) if tally.latencies_ms else None,
                "sent": tally.sent,
                "delivered": tally.received,
                "lost": tally.lost,
                "duplicates": tally.duplicates,
                "chats_with_gaps": bad_chats,
                "reconnects": tally.reconnects,
                "target_met": ok,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
