"""Bound how many HTTP requests one ASGI worker runs through Django at once.

Django runs each synchronous view in its own thread. With many in flight, they contend
for the GIL and for process-wide locks (translations, URL resolving), and every request
gets slower. Letting a few run while the rest wait on the event loop costs nothing and
keeps latency even. WebSockets are not limited: they are long-lived and mostly idle.
"""

from __future__ import annotations

import asyncio


class ConcurrencyLimit:
    def __init__(self, app, *, limit: int):
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.app = app
        self.limit = limit
        self._semaphore: asyncio.Semaphore | None = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self._semaphore is None:  # created inside the running loop
            self._semaphore = asyncio.Semaphore(self.limit)
        async with self._semaphore:
            return await self.app(scope, receive, send)
