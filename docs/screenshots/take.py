"""Re-take the README screenshots.

    .venv/bin/python docs/screenshots/take.py

Builds a scratch SQLite demo (``/tmp/hearth-shots.sqlite3``), starts its own uvicorn on
port 8765, signs in as the demo peer specialist (password + a two-step code computed
from the published demo secret) in headless Chromium and saves the PNGs next to this file. The
server it started is stopped at the end, whatever happens. Needs Debian's chromium
(``make chromium``); set HEARTH_CHROMIUM to use another binary.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("HEARTH_SHOTS_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
DATABASE = Path(os.environ.get("HEARTH_SHOTS_DB", "/tmp/hearth-shots.sqlite3"))  # noqa: S108
CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SPECIALIST = "specialist@riverbend.example"
PASSWORD = "hearth-demo-2026"  # noqa: S105 - the published demo password
DEMO_TOTP_SECRET = "HEARTHDEMOTOTPSECRETNOTFORREALUS"  # noqa: S105 - published demo secret
DETAIL_OF = "Jordan Ellis"
ENV = {**os.environ, "DATABASE_URL": f"sqlite:///{DATABASE}", "DEBUG": "1"}
ENV.pop("HEARTH_ENV", None)


def manage(*args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    )
    return result.stdout


def build_demo_database() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo", "-v", "0")


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).with_name("uvicorn")),
            "config.asgi:application",
            "--port",
            str(PORT),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("The server did not start")


def two_step_code() -> str:
    """The current TOTP code (RFC 6238: HMAC-SHA1, 30 s, 6 digits) for the published demo
    secret, computed here rather than by ``manage.py demo_totp`` so that no process start-up
    sits between computing the code and typing it."""
    if 30 - time.time() % 30 < 3:  # about to change: wait for the next one
        time.sleep(3.5)
    counter = int(time.time()) // 30
    key = base64.b32decode(DEMO_TOTP_SECRET)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(page: Page) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=login]", SPECIALIST)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", two_step_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/home/staff/**")


def shoot(page: Page, name: str, **kwargs) -> None:
    path = HERE / f"{name}.png"
    page.screenshot(path=str(path), **kwargs)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def take_all() -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
        page = context.new_page()

        page.goto(f"{BASE}/")
        page.click("summary.crisis-button")
        shoot(page, "landing-crisis-panel")

        sign_in(page)
        page.reload()  # without the "signed in" message
        page.mouse.move(0, 0)
        shoot(page, "staff-home")

        page.goto(f"{BASE}/participants/")
        shoot(page, "participant-list")

        page.get_by_role("link", name=DETAIL_OF).first.click()
        page.wait_for_url("**/participants/*/")
        shoot(page, "participant-detail", full_page=True)

        mobile = context.new_page()
        mobile.set_viewport_size({"width": 390, "height": 844})
        mobile.goto(f"{BASE}/participants/")
        # The header, filters and the first rows: tall enough to show the list itself.
        clip = {"x": 0, "y": 0, "width": 390, "height": 1300}
        shoot(mobile, "participant-list-mobile", full_page=True, clip=clip)
        mobile.close()

        # Last, because the language choice is saved on the account.
        page.goto(f"{BASE}/home/staff/")
        page.locator("form.language-switch button[value=es]").click()
        page.wait_for_load_state()
        page.mouse.move(0, 0)
        shoot(page, "staff-home-es")

        browser.close()


def main() -> None:
    build_demo_database()
    server = start_server()
    try:
        take_all()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
