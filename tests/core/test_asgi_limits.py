import asyncio

import pytest

from hearth.core.asgi_limits import ConcurrencyLimit
from tests.asyncio_helpers import run_async


def test_at_most_limit_http_requests_run_at_once_and_websockets_pass():
    running = peak = 0

    async def app(scope, receive, send):
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1

    limited = ConcurrencyLimit(app, limit=3)

    async def main():
        await asyncio.gather(*(limited({"type": "http"}, None, None) for _ in range(12)))
        assert peak == 3
        await asyncio.gather(*(limited({"type": "websocket"}, None, None) for _ in range(5)))
        assert peak == 5

    run_async(main())


def test_limit_must_be_positive():
    with pytest.raises(ValueError):
        ConcurrencyLimit(lambda *a: None, limit=0)
