"""Running a coroutine from a synchronous test.

Browser tests share xdist workers with these tests, and Playwright's sync API leaves an
event loop running in the main thread, where ``asyncio.run`` refuses to start another.
A short-lived thread has no loop, so the coroutine always gets a fresh one."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
