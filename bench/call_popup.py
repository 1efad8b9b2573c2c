"""End-to-end call pop-up latency: an AMI event written to the socket → the pane showing the caller's data.

    QT_QPA_PLATFORM=offscreen python bench/call_popup.py [--calls 1000]

The whole real path runs in one process on the large data set: the AMI simulator writes a call's events over
TCP; the bridge (telephony.service.run_bridge, asyncio in its own thread) folds them and stores the call; the
trigger NOTIFYs; the desktop's LiveSync thread hears it; the main window's call pane (extension 201) looks up
the ringing call and the caller's summary off the UI thread and shows it. Latency = from the moment the
simulator writes the call's first DialBegin to extension 201 until the pane emits ``summary_shown`` for that
call. Target (issue: calls): p95 < 300 ms. Calls are played one after another, each answered after a short
ring, with numbers of real clients of the large data set; the rows they create are deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from bench.common import bench_database, machine, percentiles
from telephony.config import AmiConfig
from telephony.scenarios import ScenarioBuilder
from telephony.service import run_bridge
from telephony.simulator import AmiSimulator
from ui.live_sync import LiveSync
from ui.main_window import MainWindow
from ui.settings import Settings

EXTENSION = "201"


class PbxSide:
    """The simulator and the bridge on an asyncio loop in a background thread."""

    def __init__(self, db, spool: Path):
        self.db, self.spool = db, spool
        self.loop = asyncio.new_event_loop()
        self.written: dict[str, float] = {}  # Linkedid → when the DialBegin to our extension was written
        self.stored: dict[str, float] = {}  # Linkedid → when the bridge had committed the ringing call
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(30)

    async def _start(self) -> None:
        self.sim = AmiSimulator(builder=ScenarioBuilder(epoch=time.time()))
        port = await self.sim.start()
        original = self.sim.broadcast

        def broadcast(frame) -> None:
            original(frame)  # written to every connected socket's buffer now
            if frame.get("Event") == "DialBegin" and frame.get("DestChannel", "").startswith(f"PJSIP/{EXTENSION}-"):
                self.written.setdefault(frame.get("Linkedid", ""), time.perf_counter())

        self.sim.broadcast = broadcast
        self.stop = asyncio.Event()
        config = AmiConfig(port=port, secret="secret", backoff_initial=0.2)
        self.bridge = asyncio.create_task(
            run_bridge(self.db, config, self.spool, self.stop, duty_retry_seconds=1.0, on_update=self._stored)
        )
        while self.sim.logins == 0:
            await asyncio.sleep(0.05)

    def _stored(self, update, stored) -> None:
        if stored is not None and EXTENSION in update.extensions_rung:
            self.stored.setdefault(update.pbx_call_id, time.perf_counter())

    def play(self, number: str) -> None:
        def spawn() -> None:
            self.sim.spawn(self.sim.builder.answered(number, time.time(), ext=EXTENSION, ring=0.3, talk=0.2))

        self.loop.call_soon_threadsafe(spawn)

    def close(self) -> None:
        async def _close() -> None:
            self.stop.set()
            await asyncio.wait([self.bridge], timeout=10)
            await self.sim.close()

        asyncio.run_coroutine_threadsafe(_close(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)


def client_numbers(db, n: int, rng: random.Random) -> list[str]:
    with db.engine.connect() as conn:
        top = conn.execute(text("SELECT max(id) FROM phones")).scalar_one()
        ids = [rng.randint(1, top) for _ in range(n * 2)]
        rows = conn.execute(text("SELECT e164 FROM phones WHERE id = ANY(:ids) LIMIT :n"), {"ids": ids, "n": n})
        return list(rows.scalars())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    db, _server = bench_database("large")
    with db.engine.connect() as conn:
        first_call_id = conn.execute(text("SELECT coalesce(max(id), 0) FROM calls")).scalar_one()
        clients = conn.execute(text("SELECT count(*) FROM clients")).scalar_one()
        live = conn.execute(text("SELECT count(*) FROM calls WHERE status IN ('ringing', 'answered')")).scalar_one()
    if live:
        # Left over by an interrupted run: the pane would rightly keep showing them instead of the new calls.
        print(
            f"{live} calls still ringing in the bench database (an interrupted run?); end them first, e.g. "
            "UPDATE calls SET status = 'ended' WHERE status IN ('ringing', 'answered')"
        )
        return 2
    numbers = client_numbers(db, args.calls, random.Random(args.seed))
    tmp = Path(tempfile.mkdtemp(prefix="fd-popup-"))
    store = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    Settings(store).set(Settings.PHONE_EXTENSION, EXTENSION)
    window = MainWindow(db, settings=Settings(store))
    window.resize(1400, 900)
    window.show()
    shown: dict[int, float] = {}
    window.call_pane.summary_shown.connect(lambda call_id: shown.setdefault(call_id, time.perf_counter()))
    sync = LiveSync(db.url, parent=window)
    window.attach_live_sync(sync)
    sync.start()
    pbx = PbxSide(db, tmp / "spool.jsonl")
    pbx.start()
    missing = 0
    try:
        for i, number in enumerate(numbers):
            before = len(shown)
            pbx.play(number)
            deadline = time.monotonic() + 5
            while len(shown) == before and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.001)
            missing += len(shown) == before
            settle = time.monotonic() + 0.9  # let the call end before the next one rings
            while time.monotonic() < settle:
                app.processEvents()
                time.sleep(0.005)
            window.call_pane.close_pane()
            if (i + 1) % 100 == 0:
                print(f"  {i + 1} calls", flush=True)
    finally:
        pbx.close()
        sync.stop()
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, pbx_call_id FROM calls WHERE id > :first"), {"first": first_call_id}).all()
    measured = [(cid, pbx_id) for cid, pbx_id in rows if cid in shown and pbx_id in pbx.written]
    samples = [(shown[cid] - pbx.written[pbx_id]) * 1000 for cid, pbx_id in measured]
    to_store = [(pbx.stored[p] - pbx.written[p]) * 1000 for _, p in measured if p in pbx.stored]
    to_pane = [(shown[c] - pbx.stored[p]) * 1000 for c, p in measured if p in pbx.stored]
    with db.engine.begin() as conn:
        conn.execute(
            text("DELETE FROM timeline_entries WHERE kind = 'call' AND (payload->>'call_id')::int > :f"),
            {"f": first_call_id},
        )
        conn.execute(text("DELETE FROM tasks WHERE call_id > :f"), {"f": first_call_id})
        conn.execute(text("DELETE FROM calls WHERE id > :f"), {"f": first_call_id})
    print(f"machine: {machine()}")
    print(
        f"data: {clients:,} clients; calls played {len(numbers)}, stored {len(rows)}, pane shown {len(samples)}, "
        f"not shown within 5 s {missing}"
    )
    if len(samples) < 2:
        print("too few calls reached the pane to measure")
        return 1
    p = percentiles(samples)
    print(f"pop-up latency ms: p50 {p['p50']:.1f}  p95 {p['p95']:.1f}  p99 {p['p99']:.1f}  max {p['max']:.1f}")
    for label, part in (("  socket → call committed", to_store), ("  committed → pane shown", to_pane)):
        if len(part) > 1:
            q = percentiles(part)
            print(f"{label}: p50 {q['p50']:.1f}  p95 {q['p95']:.1f}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
