"""Shared set-up for benchmarks: a database with the large demo data set, and percentile reporting."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

import platformdirs
from sqlalchemy import text

from models.bootstrap import migrate
from models.config import normalise_url
from models.database import Database
from models.embedded import start_embedded

BENCH_DB = "fielddesk_bench"


def bench_database(scale: str = "large", seed: int = 42) -> tuple[Database, object | None]:
    """A migrated database holding the demo data at ``scale``; loaded once, reused on later runs.

    Uses FIELDDESK_BENCH_DATABASE_URL when set, else an embedded server in the user cache folder.
    """
    from models.demo import load_demo
    from models.search import count_clients

    url = os.environ.get("FIELDDESK_BENCH_DATABASE_URL")
    server = None
    if url:
        url = normalise_url(url)
    else:
        folder = Path(platformdirs.user_cache_dir("FieldDesk", appauthor=False)) / f"bench-{scale}"
        server, url = start_embedded(folder / "pgdata", database=BENCH_DB)
    db = Database(url, application="fielddesk-bench")
    migrate(db)
    if count_clients(db) == 0:
        started = time.perf_counter()
        print(f"loading the {scale} demo data set (once)…", flush=True)
        load_demo(db, scale=scale, seed=seed, progress=lambda m: print("  " + m, flush=True))
        print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return db, server


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of a list of milliseconds."""
    ordered = sorted(samples_ms)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"n": len(ordered), "p50": q[49], "p95": q[94], "p99": q[98], "max": ordered[-1]}


def machine() -> str:
    """One line describing the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        model = subprocess.run(
            ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True
        ).stdout.strip()
        cpu = model or cpu
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
