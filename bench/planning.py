"""Planning board at scale: a day with 100 technicians and 1,500 visits in a throwaway database.

    python bench/planning.py [--runs 15] [--only board|round-trip|slots]

(a) The board loaded (``load_board``) and painted (``BoardView.set_board`` + an off-screen ``grab``), target < 500 ms.
(b) A drag-reschedule round trip: the drop's check and write (``move_visit``) until another connection LISTENing
    (``models.live.listen_for_changes``) receives the change, and with that workstation's board re-read as well;
    target p95 < 300 ms.
(c) Free slots for an address and a service over 14 days (``free_slots``), target p95 < 100 ms.

The database lives in an embedded server in a temporary folder, deleted at the end (or FIELDDESK_BENCH_DATABASE_URL's
server, in a database of its own that is dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.common import machine, percentiles
from models.bootstrap import migrate
from models.database import Database

TECHS, VISITS_EACH, ZONES, DAYS = 100, 15, 5, 14
CENTRE = (55.16, 61.40)


def _database() -> tuple[Database, callable]:
    """A migrated empty database and the function that removes it."""
    configured = os.environ.get("FIELDDESK_BENCH_DATABASE_URL")
    if configured:
        from models.config import normalise_url

        server_url = normalise_url(configured)
        server = None
    else:
        from models.embedded import start_embedded

        folder = Path(tempfile.mkdtemp(prefix="fdbench-planning-"))
        server, server_url = start_embedded(folder / "pgdata", database="postgres", cleanup="delete")
    name = f"fd_bench_planning_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(make_url(server_url).set(database=name).render_as_string(hide_password=False),
                  application="fielddesk-bench")
    migrate(db)

    def drop() -> None:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if server is not None:
            server.cleanup()

    return db, drop


def _seed(db: Database, day: date) -> int:
    """Zones, technicians with 14 days of 08:00–20:00 shifts, and 15 visits each on ``day``; the service id."""
    from models.catalog import Service
    from models.clients import Client, Site
    from models.pipelines import Order, Pipeline, Stage
    from models.scheduling import Shift, Technician, Visit, Zone, planning_settings, technician_zones

    rng = random.Random(7)
    with db.transaction() as session:
        tz = planning_settings(session).tz
        service = Service(code="wm_verify", name="Поверка счётчиков воды", price=1200, duration_min=30,
                          required_skill="water_meter")
        pipeline = Pipeline(name="Поверка", code="bench")
        session.add_all([service, pipeline])
        session.flush()
        stage = Stage(pipeline_id=pipeline.id, position=0, name="Выезд", color="#42a5f5", kind="open")
        session.add(stage)
        zones = []
        for i in range(ZONES):  # five vertical strips across town, overlapping a little
            lon0 = 61.25 + i * 0.06
            ring = [[lon0, 55.05], [lon0 + 0.07, 55.05], [lon0 + 0.07, 55.28], [lon0, 55.28], [lon0, 55.05]]
            zones.append(Zone(name=f"Зона {i + 1}", polygon={"type": "Polygon", "coordinates": [ring]}))
        session.add_all(zones)
        session.flush()
        techs = [Technician(full_name=f"Техник{i:03d} Иван Петрович", skills=["water_meter"],
                            home_lat=CENTRE[0], home_lon=CENTRE[1]) for i in range(TECHS)]
        session.add_all(techs)
        session.flush()
        session.execute(technician_zones.insert(), [{"technician_id": t.id, "zone_id": zones[i % ZONES].id}
                                                    for i, t in enumerate(techs)])
        shifts = []
        for offset in range(DAYS):
            d = day + timedelta(days=offset)
            for i, t in enumerate(techs):
                shifts.append(Shift(technician_id=t.id, zone_id=zones[i % ZONES].id,
                                    starts_at=datetime.combine(d, dtime(8), tz),
                                    ends_at=datetime.combine(d, dtime(20), tz)))
        session.add_all(shifts)
        clients = [Client(kind="person", name=f"Клиент{i:04d} Анна Сергеевна") for i in range(TECHS * VISITS_EACH)]
        session.add_all(clients)
        session.flush()
        sites, orders, visits = [], [], []
        for i in range(len(techs)):
            lon0 = 61.25 + (i % ZONES) * 0.06
            base = (55.07 + rng.random() * 0.18, lon0 + 0.01 + rng.random() * 0.05)
            for k in range(VISITS_EACH):
                c = clients[i * VISITS_EACH + k]
                sites.append(Site(client_id=c.id, address=f"ул. Тестовая, д. {k + 1}",
                                  lat=base[0] + rng.uniform(-0.004, 0.004), lon=base[1] + rng.uniform(-0.004, 0.004)))
        session.add_all(sites)
        session.flush()
        for site in sites:
            orders.append(Order(pipeline_id=pipeline.id, stage_id=stage.id, client_id=site.client_id,
                                site_id=site.id, title="Поверка"))
        session.add_all(orders)
        session.flush()
        for i, t in enumerate(techs):
            for k in range(VISITS_EACH):
                starts = datetime.combine(day, dtime(8), tz) + timedelta(minutes=45 * k)
                visits.append(Visit(order_id=orders[i * VISITS_EACH + k].id, technician_id=t.id, service_id=service.id,
                                    starts_at=starts, ends_at=starts + timedelta(minutes=30), status="confirmed"))
        session.add_all(visits)
        session.flush()
        service_id = service.id
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return service_id


def bench_board(db: Database, day: date, runs: int) -> tuple[dict, dict]:
    from PySide6.QtWidgets import QApplication

    from models.planning_board import load_board
    from ui.planning_board_view import BoardView

    app = QApplication.instance() or QApplication([])
    view = BoardView(role="service_head")
    view.resize(1600, 900)
    view.show()
    app.processEvents()
    loads, totals = [], []
    for _ in range(runs + 1):
        started = time.perf_counter()
        board = load_board(db, day, day)
        loaded = time.perf_counter()
        view.set_board(board, (day,))
        view.grab()
        done = time.perf_counter()
        loads.append((loaded - started) * 1000)
        totals.append((done - started) * 1000)
    assert len(board.visits) == TECHS * VISITS_EACH, len(board.visits)
    return percentiles(loads[1:]), percentiles(totals[1:])


def bench_round_trip(db: Database, day: date, runs: int) -> tuple[dict, dict]:
    from models.live import listen_for_changes
    from models.planning_board import load_board
    from models.planning_moves import move_visit

    board = load_board(db, day, day)
    last = {}
    for v in board.visits:
        if v.technician_id not in last or v.starts_at > last[v.technician_id].starts_at:
            last[v.technician_id] = v
    seen: dict[int, float] = {}
    arrived = threading.Condition()
    stop = threading.Event()
    connected = threading.Event()

    def on_change(change) -> None:
        if change.table == "visits" and change.id is not None:
            with arrived:
                seen[change.id] = time.perf_counter()
                arrived.notify_all()

    listener = threading.Thread(target=listen_for_changes, args=(db.url, on_change, stop),
                                kwargs={"poll_seconds": 0.05, "on_status": lambda ok, _m: ok and connected.set()},
                                daemon=True)
    listener.start()
    connected.wait(10)
    time.sleep(0.3)
    seen_ms, reread_ms = [], []
    visits = list(last.values())
    for i in range(runs):
        v = visits[i % len(visits)]
        shift = timedelta(minutes=15)
        with arrived:
            seen.pop(v.id, None)
        started = time.perf_counter()
        moved = move_visit(db, v.id, technician_id=v.technician_id, starts_at=v.starts_at + shift,
                           ends_at=v.ends_at + shift, role="service_head",
                           expected=(v.technician_id, v.starts_at, v.ends_at))
        with arrived:
            visit_id = v.id
            arrived.wait_for(lambda visit_id=visit_id: visit_id in seen, timeout=5)
            at = seen.get(visit_id)
        if at is None:
            raise RuntimeError("the other connection never saw the move")
        seen_ms.append((at - started) * 1000)
        load_board(db, day, day)  # the other workstation re-reads what it shows
        reread_ms.append((time.perf_counter() - started) * 1000)
        move_visit(db, v.id, technician_id=v.technician_id, starts_at=v.starts_at, ends_at=v.ends_at,
                   role="service_head", expected=(moved.technician_id, moved.starts_at, moved.ends_at))
    stop.set()
    listener.join(2)
    return percentiles(seen_ms), percentiles(reread_ms)


def bench_free_slots(db: Database, day: date, service_id: int, runs: int) -> dict:
    from models.free_slots import free_slots

    rng = random.Random(11)
    samples = []
    for _ in range(runs + 1):
        lat, lon = 55.08 + rng.random() * 0.16, 61.26 + rng.random() * 0.3
        started = time.perf_counter()
        free_slots(db, lat=lat, lon=lon, service_id=service_id, date_from=day, date_to=day + timedelta(days=DAYS - 1))
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples[1:])


def _line(name: str, p: dict, target: str) -> str:
    return (f"{name:<52} p50 {p['p50']:7.1f} ms  p95 {p['p95']:7.1f} ms  max {p['max']:7.1f} ms  "
            f"(n={p['n']}, target {target})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", choices=("board", "round-trip", "slots"),
                        help="run only this measurement (a) board, (b) round-trip or (c) slots; default: all three")
    args = parser.parse_args()
    day = date.today() + timedelta(days=7)
    print(machine())
    db, drop = _database()
    try:
        started = time.perf_counter()
        service_id = _seed(db, day)
        print(f"seeded {TECHS} technicians, {TECHS * VISITS_EACH} visits on {day}, {TECHS * DAYS} shifts "
              f"in {time.perf_counter() - started:.1f} s")
        if args.only in (None, "board"):
            loaded, painted = bench_board(db, day, args.runs)
            print(_line("board loaded (load_board)", loaded, "-"))
            print(_line("board loaded and painted (set_board + grab)", painted, "< 500 ms"))
        if args.only in (None, "round-trip"):
            seen, reread = bench_round_trip(db, day, max(args.runs * 2, 30))
            print(_line("drag-reschedule round trip, seen by another connection", seen, "p95 < 300 ms"))
            print(_line("  … and that workstation's board re-read", reread, "-"))
        if args.only in (None, "slots"):
            print(_line("free slots, one address, 14 days", bench_free_slots(db, day, service_id, args.runs * 2),
                        "p95 < 100 ms"))
    finally:
        drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
