"""A small closed-loop HTTP/1.1 load generator on bare asyncio streams.

Why not httpx: on a 2-core machine the client shares the CPU with the server, and a
full-featured client costs several times more CPU per request than the server spends on
a trivial view, so the baseline would measure the client. This one does only what the
benchmark needs: keep-alive GETs, a per-client cookie jar, Content-Length and chunked
bodies. Each virtual client sends its next request as soon as the last one is answered.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

REQUEST_TIMEOUT = 30.0


class HTTPConnection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, cookies: dict[str, str]) -> tuple[int, int]:
        """GET ``path``; returns (status, body bytes). Updates ``cookies`` in place."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nUser-Agent: hearth-bench\r\n"
        if cookies:
            head += "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()) + "\r\n"
        self.writer.write((head + "\r\n").encode("latin-1"))
        assert self.reader is not None
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, chunked, close = None, False, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "set-cookie":
                _set_cookie(cookies, value)
        if chunked:
            size = await self._read_chunked()
        elif length is not None:
            size = len(await self.reader.readexactly(length))
        else:
            size, close = len(await self.reader.read()), True
        if close:
            await self.close()
        return status, size

    async def _read_chunked(self) -> int:
        assert self.reader is not None
        total = 0
        while True:
            n = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await self.reader.readexactly(n + 2)
            total += n
            if n == 0:
                return total

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


def _set_cookie(jar: dict[str, str], header: str) -> None:
    pair, *attrs = header.split(";")
    name, _, value = pair.strip().partition("=")
    expired = any(a.strip().lower() in ("max-age=0",) for a in attrs)
    if expired or value in ("", '""'):
        jar.pop(name, None)
    else:
        jar[name] = value


@dataclass
class VirtualClient:
    """One simulated person: their cookies (session) and what they ask for next."""

    next_path: Callable[[], str]
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadResult:
    seconds: float
    latencies: list[float]  # seconds, successful (2xx) requests only
    statuses: Counter
    errors: int = 0
    probed: tuple = ()  # what ``probe`` returned at the start and the end of the window

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def non_2xx(self) -> int:
        return sum(n for s, n in self.statuses.items() if not 200 <= s < 300)

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run_load(
    host: str,
    port: int,
    clients: list[VirtualClient],
    *,
    warmup: float,
    seconds: float,
    probe: Callable[[], object] = lambda: None,
) -> LoadResult:
    """Run every client in a closed loop: ``warmup`` seconds unrecorded, then ``seconds``
    recorded. Only requests that both start and finish inside the window count.
    ``probe`` is called as the window opens and closes (e.g. to read the server's CPU
    time)."""
    window: dict[str, float] = {"start": float("inf"), "end": float("inf")}
    stop = asyncio.Event()
    result = LoadResult(seconds=seconds, latencies=[], statuses=Counter())

    async def loop(client: VirtualClient) -> None:
        conn = HTTPConnection(host, port)
        try:
            while not stop.is_set():
                path = client.next_path()
                t0 = time.perf_counter()
                try:
                    status, _ = await asyncio.wait_for(
                        conn.get(path, client.cookies), REQUEST_TIMEOUT
                    )
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                    await conn.close()
                    if window["start"] <= t0:
                        result.errors += 1
                    continue
                t1 = time.perf_counter()
                if window["start"] <= t0 and t1 <= window["end"]:
                    result.statuses[status] += 1
                    if 200 <= status < 300:
                        result.latencies.append(t1 - t0)
        finally:
            await conn.close()

    tasks = [asyncio.create_task(loop(c)) for c in clients]
    await asyncio.sleep(warmup)
    first = probe()
    window["start"] = time.perf_counter()
    await asyncio.sleep(seconds)
    window["end"] = time.perf_counter()
    result.probed = (first, probe())
    result.seconds = window["end"] - window["start"]
    stop.set()
    await asyncio.wait(tasks, timeout=REQUEST_TIMEOUT + 5)
    for task in tasks:
        task.cancel()
    return result
