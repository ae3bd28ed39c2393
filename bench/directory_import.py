"""Directory import benchmark: ``import_hsds`` on a synthetic HSDS 3.0 package of 50,000
services (``--quick``: 5,000), first import and re-import (every row updated by id).

    .venv/bin/python bench/directory_import.py [--quick] [--services N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_bench_directory \\
        .venv/bin/python bench/directory_import.py

Each import runs ``manage.py import_hsds`` as a subprocess against a throwaway migrated
database (SQLite under var/bench/, or the ``*bench*`` PostgreSQL database in DATABASE_URL,
dropped and re-created), and reports rows/s and the subprocess's peak RSS.

Targets (ours; the issue names none): ≥ 5,000 rows/s and peak RSS < 1 GB at 50,000
services. A measurement, not a gate: it exits 0 whether or not the targets are met.
Search latency and quality are in bench/directory.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.directory_data import write_package  # noqa: E402
from bench.pages import bench_database_url  # noqa: E402

TARGET_ROWS_PER_S = 5_000
TARGET_PEAK_MB = 1024


def _run(args: list[str], env: dict) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the child, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    # ru_maxrss of children is the largest child so far; each import is larger than migrate.
    return seconds, max(peak_kb, before) / 1024, done.stdout.strip()


def import_throughput(services: int, *, seed: int = 7) -> dict:
    """Build the package and database, import twice; the figures as a dict."""
    package = ROOT / "var" / "bench" / f"directory-{services}"
    shutil.rmtree(package, ignore_errors=True)
    t0 = time.perf_counter()
    rows = write_package(package, services=services, seed=seed)
    generate_s = time.perf_counter() - t0
    url, label = bench_database_url("directory_import", "hearth_bench_directory")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings",
           "LOG_LEVEL": "WARNING"}  # fmt: skip
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    command = [python, "manage.py", "import_hsds", str(package), "--no-progress"]
    first_s, first_mb, first_out = _run(command, env)
    second_s, second_mb, second_out = _run(command, env)
    return {
        "database": label,
        "services": services,
        "rows": rows,
        "generate_s": generate_s,
        "first_s": first_s,
        "first_mb": first_mb,
        "first_out": first_out,
        "second_s": second_s,
        "second_mb": second_mb,
        "second_out": second_out,
    }


def print_import(result: dict) -> None:
    rows = result["rows"]
    print(f"Directory import benchmark — {result['database']}")
    print(
        f"data: {result['services']:,} synthetic services, {rows:,} rows in 12 HSDS tables "
        f"(generated in {result['generate_s']:.1f} s)"
    )
    print()
    print(f"{'run':<24}{'seconds':>10}{'rows/s':>12}{'peak RSS MB':>14}   target")
    for label, key in (("first import", "first"), ("re-import (updates)", "second")):
        seconds, mb = result[f"{key}_s"], result[f"{key}_mb"]
        rate = rows / seconds if seconds else 0.0
        ok = rate >= TARGET_ROWS_PER_S and mb < TARGET_PEAK_MB
        print(
            f"{label:<24}{seconds:>10.1f}{rate:>12,.0f}{mb:>14.0f}   "
            f"≥ {TARGET_ROWS_PER_S:,} rows/s, < {TARGET_PEAK_MB} MB: {'met' if ok else 'NOT met'}"
        )
    print()
    print(f"import_hsds said: {result['second_out']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 services")
    parser.add_argument("--services", type=int, default=None)
    args = parser.parse_args()
    services = args.services or (5_000 if args.quick else 50_000)
    print_import(import_throughput(services))


if __name__ == "__main__":
    main()
