"""Service module benchmarks (issue 7): maintenance-plan generation, and the equipment card.

    python bench/service.py [--units 100000] [--only maintenance|equipment-card]

Targets: maintenance plans of 100,000 units generated a year ahead in < 60 s, and a rerun that adds nothing;
the equipment card of a unit with 200 orders of history in < 300 ms.

Both run in a throwaway database: on the server named by FIELDDESK_BENCH_DATABASE_URL (a database of its own,
dropped at the end), else on an embedded server in a temporary folder, deleted at the end. The large demo data
set in the user cache folder is never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.common import machine, percentiles
from models.bootstrap import migrate
from models.config import normalise_url
from models.database import Database
from models.maintenance_due import due_reminders, overdue_maintenance
from models.maintenance_plans import _GENERATE as GENERATE_SQL  # the statement generate() runs, for EXPLAIN
from models.maintenance_plans import ROW_CAP, add_months, generate

THROWAWAY_DB = "fielddesk_bench_service"


@contextlib.contextmanager
def throwaway_database() -> Iterator[Database]:
    """A freshly migrated database that is dropped (or whose server is deleted) when the block ends."""
    import os

    configured = os.environ.get("FIELDDESK_BENCH_DATABASE_URL")
    server = None
    if configured:
        admin = create_engine(make_url(normalise_url(configured)).set(database="postgres"),
                              isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{THROWAWAY_DB}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{THROWAWAY_DB}"'))
        url = make_url(normalise_url(configured)).set(database=THROWAWAY_DB).render_as_string(hide_password=False)
    else:
        from models.embedded import start_embedded

        folder = Path(tempfile.mkdtemp(prefix="fd-bench-service-"))
        server, url = start_embedded(folder / "pgdata", database=THROWAWAY_DB, cleanup="delete")
    db = Database(url, application="fielddesk-bench")
    try:
        migrate(db)
        yield db
    finally:
        db.dispose()
        if configured:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{THROWAWAY_DB}" WITH (FORCE)'))
            admin.dispose()
        elif server is not None:
            server.cleanup()


# --- maintenance plans ------------------------------------------------------------------------------------------

# Per unit (by id % 20): 50 % every 6 months, 20 % every 3, 15 % yearly, 5 % monthly, 10 % every 250 engine
# hours (half of them also yearly) with two readings 60–120 days apart; start dates spread over three years.
_FILL = [
    """INSERT INTO clients (kind, name) SELECT 'person', 'Клиент ТО ' || g FROM generate_series(1, :clients) g""",
    """INSERT INTO equipment (client_id, kind, model, serial, usage_unit)
       SELECT c.first + (g % :clients), CASE WHEN g % 20 >= 18 THEN 'Трактор' ELSE 'Кондиционер' END,
              CASE WHEN g % 20 >= 18 THEN 'Беларус 82.1' ELSE 'FTXB35C' END, 'MB-' || g,
              CASE WHEN g % 20 >= 18 THEN 'engine_hours' END
       FROM generate_series(1, :units) g, (SELECT min(id) AS first FROM clients) c""",
    """INSERT INTO maintenance_plans (equipment_id, every_months, every_usage, starts_on)
       SELECT id,
              CASE WHEN id % 20 < 10 THEN 6 WHEN id % 20 < 14 THEN 3 WHEN id % 20 < 17 THEN 12
                   WHEN id % 20 = 17 THEN 1 WHEN id % 40 = 18 THEN 12 END,
              CASE WHEN id % 20 >= 18 THEN 250 END,
              :today - (id * 7919 % 1095)
       FROM equipment""",
    """INSERT INTO usage_readings (equipment_id, read_at, value)
       SELECT id, now() - make_interval(days => 150 - d), CASE d WHEN 0 THEN id % 500 ELSE id % 500 + 300 + id % 400 END
       FROM equipment, (VALUES (0), (60), (120)) AS r(d)
       WHERE usage_unit IS NOT NULL AND (d = 0 OR d = 60 + 60 * (id % 2))""",
]


def fill_plans(db: Database, units: int, today: date) -> float:
    started = time.perf_counter()
    with db.transaction() as session:
        for statement in _FILL:
            session.execute(text(statement), {"units": units, "clients": max(1, units // 4), "today": today})
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


def maintenance_bench(db: Database, units: int) -> list[str]:
    """Generation a year ahead for ``units`` units with one plan each, its rerun, the overdue list, reminders."""
    today = date.today()
    horizon = add_months(today, 12)
    lines = [f"filled {units:,} units with plans in {fill_plans(db, units, today):.0f} s"]
    started = time.perf_counter()
    first = generate(db, horizon, today=today)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    rerun = generate(db, horizon, today=today)
    rerun_s = time.perf_counter() - started
    lines.append(f"generate a year ahead (to {horizon:%d.%m.%Y}): {first.plans:,} plans, {first.created:,} "
                 f"occurrences in {first_s:.1f} s ({first.created / max(first_s, 1e-9):,.0f} rows/s) — target < 60 s "
                 f"{'✓' if first_s < 60 else '✗'}")
    lines.append(f"rerun (idempotent): {rerun.created} new rows in {rerun_s:.1f} s "
                 f"{'✓' if rerun.created == 0 else '✗'}")
    if first.needs_readings:
        lines.append(f"usage plans needing readings: {len(first.needs_readings):,}")
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE maintenance_occurrences"))
    samples = []
    for _ in range(20):
        started = time.perf_counter()
        overdue = overdue_maintenance(db, add_months(today, 2))
        samples.append((time.perf_counter() - started) * 1000)
    stats = percentiles(samples)
    capped = ", capped" if len(overdue) == ROW_CAP else ""
    lines.append(f"overdue list two months on ({len(overdue):,} rows{capped}): p50 {stats['p50']:.0f} ms, "
                 f"p95 {stats['p95']:.0f} ms")
    started = time.perf_counter()
    sent = due_reminders(db, today, 14, limit=10 * units)
    lines.append(f"reminders for the next 14 days: {len(sent):,} written in {time.perf_counter() - started:.1f} s; "
                 f"again: {len(due_reminders(db, today, 14, limit=10 * units))} {'✓' if sent else ''}")
    lines += trigger_breakdown(db, add_months(horizon, 1), today)
    return lines


def trigger_breakdown(db: Database, horizon: date, today: date) -> list[str]:
    """Where the time of one more month of generation goes (EXPLAIN ANALYZE, rolled back): the statement
    itself against the per-row audit, notify and foreign-key triggers on maintenance_occurrences."""
    with db.engine.connect() as conn:
        ids = conn.execute(text("SELECT id FROM maintenance_plans WHERE active ORDER BY id")).scalars().all()
        plan = conn.execute(text("EXPLAIN ANALYZE " + GENERATE_SQL),
                            {"horizon": horizon, "since": today, "ids": ids}).scalars().all()
        conn.rollback()
    rows = next((int(line.split("Tuples Inserted:")[1]) for line in plan if "Tuples Inserted:" in line), 0)
    total = next((float(line.split(":")[1].split()[0]) for line in plan if line.startswith("Execution Time")), 0.0)
    triggers = {line.split(":")[0].removeprefix("Trigger "): float(line.split("time=")[1].split()[0])
                for line in plan if line.startswith("Trigger")}
    spent = sum(triggers.values())
    out = [f"one more month ({rows:,} rows, rolled back): {total / 1000:.1f} s, of which per-row triggers "
           f"{spent / 1000:.1f} s ({spent / max(total, 1e-9):.0%})"]
    out += [f"  {name}: {ms:,.0f} ms" for name, ms in sorted(triggers.items(), key=lambda kv: -kv[1])]
    return out


# --- equipment card ---------------------------------------------------------------------------------------------

def equipment_card_bench(db: Database) -> list[str] | None:
    """SLOT for the equipment card benchmark (target < 300 ms for a unit with 200 orders of history).

    To fill: create one unit with 200 orders of history (visits, calls, parts) in ``db`` — the same throwaway
    database, already holding the maintenance data — time loading its card through the models function the
    card calls (percentiles from bench.common), and return the lines to print. Returning None skips it.
    """
    return None


BENCHES: dict[str, Callable[..., list[str] | None]] = {
    "maintenance": maintenance_bench,
    "equipment-card": lambda db, units: equipment_card_bench(db),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000, help="units with a maintenance plan each")
    parser.add_argument("--only", choices=sorted(BENCHES), help="run one benchmark")
    args = parser.parse_args()
    print(machine(), flush=True)
    with throwaway_database() as db:
        for name, bench in BENCHES.items():
            if args.only and name != args.only:
                continue
            lines = bench(db, args.units)
            if lines is None:
                print(f"[{name}] not written yet", flush=True)
                continue
            for line in lines:
                print(f"[{name}] {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
