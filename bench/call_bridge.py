"""Call bridge throughput and store latency on the large demo data set: simulated PBX → run_bridge → database.

    python bench/call_bridge.py [--calls 1400] [--in-flight 8] [--rate 0] [--speed 2000] [--seed 7]

Target (case 000, telephony): at least 500 calls a minute stored through the bridge, none lost.

The PBX is telephony.simulator's AmiSimulator on 127.0.0.1 (an ephemeral port) in a child process, so it
shares neither the event loop nor the GIL with the bridge. It plays every scenario of telephony.scenarios in
turn with callers drawn from the clients' phones, each call ``--speed`` times faster than real time (the
Timestamp headers keep real durations). With ``--rate 0`` it keeps ``--in-flight`` calls between their first
event and their final commit, i.e. as fast as the bridge takes them; with ``--rate N`` it starts N scenarios a
minute (an attended transfer makes two PBX calls: the consultation is a call of its own). The bridge is
telephony.service.run_bridge, unchanged, against the bench database.

Every Uniqueid carries a run prefix, as an Asterisk ``systemname`` does (``fdbench1a2b3c-1700000000.101``), so
the run's rows are found afterwards. The PBX call ids stored must be exactly those the played events produce
when fed to an offline CallTracker, with the same final status; no duplicates; one callback task per missed
inbound call; nothing spooled. The run's calls, tasks, timeline entries and their audit rows are deleted at
the end (and any left by an interrupted run at the start), so reruns start clean.

Store latency of a call: from the AMI event that finishes it being written to the socket (PBX process) to the
commit of its final row (run_bridge's on_update hook, called once record_call has committed); both clocks are
CLOCK_MONOTONIC.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import multiprocessing as mp
import os
import queue
import random
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.common import bench_database, machine, percentiles
from models.calls import CallStored
from models.database import Database
from models.duties import DutyLock
from telephony.ami_protocol import Frame
from telephony.calls_fsm import CallTracker
from telephony.config import AmiConfig
from telephony.events import CallUpdate
from telephony.scenarios import SCENARIOS, ScenarioBuilder, Timed
from telephony.service import BRIDGE_LOCK_KEY, run_bridge
from telephony.simulator import AmiSimulator

RUN_PREFIX = "fdbench"
ID_HEADERS = ("uniqueid", "linkedid")


@dataclass
class PlannedCall:
    """One scenario ready to play, with what the bridge must make of it."""

    name: str
    events: list[Timed]
    expected: dict[str, str] = field(default_factory=dict)  # PBX call id → final status
    finishes: dict[int, list[str]] = field(default_factory=dict)  # event index → call ids it finishes


def tagged(events: list[Timed], prefix: str) -> list[Timed]:
    """The events with every Uniqueid/Linkedid-like header prefixed, as a PBX ``systemname`` does."""
    return [(t, Frame([(k, prefix + v if v and k.lower().endswith(ID_HEADERS) else v) for k, v in frame.pairs]))
            for t, frame in events]


def plan_calls(count: int, numbers: list[str], prefix: str, seed: int) -> list[PlannedCall]:
    """``count`` scenarios cycling through every kind; the final status of each call comes from a CallTracker."""
    rng = random.Random(seed)
    builder = ScenarioBuilder(epoch=time.time())
    planned = []
    for name in itertools.islice(itertools.cycle(SCENARIOS), count):
        number = rng.choice(numbers)
        number = number.lstrip("+") if name == "outbound" else number
        call = PlannedCall(name, tagged(builder.build(name, number, time.time()), prefix))
        tracker, last_final = CallTracker(), {}
        for index, (_, frame) in enumerate(call.events):
            for update in tracker.feed(frame, datetime.now(UTC)):
                if update.final:
                    call.expected[update.pbx_call_id] = update.status
                    last_final[update.pbx_call_id] = index
        for call_id, index in last_final.items():
            call.finishes.setdefault(index, []).append(call_id)
        planned.append(call)
    return planned


# -- the PBX process -------------------------------------------------------------------------------------

def pbx_process(numbers: list[str], prefix: str, options: dict[str, Any], committed: Any, ports: Any,
                results: Any, done: Any) -> None:
    """Child process: serve AMI, play the calls, report what was played, then wait to be told to close."""
    asyncio.run(_pbx(numbers, prefix, options, committed, ports, results, done))


async def _pbx(numbers: list[str], prefix: str, options: dict[str, Any], committed: Any, ports: Any, results: Any,
               done: Any) -> None:
    calls = plan_calls(options["calls"], numbers, prefix, options["seed"])
    sim = AmiSimulator("127.0.0.1", 0, speed=options["speed"])
    ports.put(await sim.start())
    await sim.wait_for_login(1, timeout=120)
    sent_at: dict[str, float] = {}
    playing: set[asyncio.Task[None]] = set()
    started, expected_calls = time.monotonic(), 0
    for n, call in enumerate(calls):
        if options["rate"] > 0:
            await asyncio.sleep(max(0.0, started + n * 60.0 / options["rate"] - time.monotonic()))
        else:
            while expected_calls - committed.value >= options["in_flight"]:
                await asyncio.sleep(0.0005)
        expected_calls += len(call.expected)
        task = asyncio.create_task(_play(sim, call, options["speed"], sent_at))
        playing.add(task)
        task.add_done_callback(playing.discard)
    while playing:
        await asyncio.wait(set(playing))
    expected = {call_id: status for call in calls for call_id, status in call.expected.items()}
    kinds = {name: sum(call.name == name for call in calls) for name in SCENARIOS}
    results.put({"started": started, "played": len(calls), "kinds": kinds, "expected": expected,
                 "sent_at": sent_at, "events": sum(len(call.events) for call in calls)})
    await asyncio.to_thread(done.wait)  # closing earlier could cut events still in the socket buffer
    await sim.close()


async def _play(sim: AmiSimulator, call: PlannedCall, speed: float, sent_at: dict[str, float]) -> None:
    """Broadcast one call's events at their times divided by ``speed``, noting when each call was finished."""
    start, base = time.monotonic(), call.events[0][0]
    for index, (offset, frame) in enumerate(call.events):
        delay = (offset - base) / speed - (time.monotonic() - start)
        if delay > 0:
            await asyncio.sleep(delay)
        sim.broadcast(frame)
        for call_id in call.finishes.get(index, ()):
            sent_at[call_id] = time.monotonic()


# -- the bridge side -------------------------------------------------------------------------------------

@dataclass
class BridgeRun:
    """What the bridge reported while the calls were played."""

    commit_at: dict[str, float] = field(default_factory=dict)  # call id → when its final row was committed
    updates: int = 0
    not_stored: int = 0  # spooled or refused


async def drive_bridge(db: Database, port: int, pbx: Any, results: Any, committed: Any,
                       spool: Path) -> tuple[dict[str, Any], BridgeRun]:
    """Run the bridge until every call the PBX played has its final row committed (or a minute more passed)."""
    run = BridgeRun()

    def on_update(update: CallUpdate, stored: CallStored | None) -> None:
        run.updates += 1
        if stored is None:
            run.not_stored += 1
        elif update.final:
            if update.pbx_call_id not in run.commit_at:
                committed.value += 1
            run.commit_at[update.pbx_call_id] = time.monotonic()

    stop = asyncio.Event()
    config = AmiConfig(host="127.0.0.1", port=port, secret="secret")
    bridge = asyncio.create_task(run_bridge(db, config, spool, stop, on_update=on_update,
                                            on_status=lambda message: None))
    played: dict[str, Any] | None = None
    while played is None:
        if not pbx.is_alive() or bridge.done():
            stop.set()
            await bridge
            raise RuntimeError("the PBX process ended before playing every call (see its traceback above)")
        with contextlib.suppress(queue.Empty):
            played = await asyncio.to_thread(results.get, True, 1.0)
    deadline = time.monotonic() + 60
    while not set(played["expected"]) <= set(run.commit_at) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    stop.set()
    await bridge
    return played, run


# -- checking and cleaning up ------------------------------------------------------------------------------

def stored_rows(db: Database, prefix: str) -> dict[str, Any]:
    """The run's calls and tasks as the database holds them."""
    with db.engine.connect() as conn:
        calls = conn.execute(text("SELECT id, pbx_call_id, status, direction FROM calls WHERE pbx_call_id LIKE :p"),
                             {"p": prefix + "%"}).all()
        ids = [row.id for row in calls]
        tasks = conn.execute(text("SELECT call_id, count(*) AS n FROM tasks WHERE kind = 'callback' "
                                  "AND call_id = ANY(:ids) GROUP BY call_id"), {"ids": ids}).all()
    return {"calls": calls, "callbacks": {row.call_id: row.n for row in tasks}}


def delete_run(db: Database, pattern: str) -> int:
    """Delete calls whose PBX id matches ``pattern`` with their tasks, timeline entries and audit rows."""
    with db.engine.begin() as conn:
        calls = conn.execute(text("SELECT id, client_id FROM calls WHERE pbx_call_id LIKE :p"),
                             {"p": pattern}).all()
        if not calls:
            return 0
        ids = [row.id for row in calls]
        clients = sorted({row.client_id for row in calls if row.client_id is not None})
        entries = conn.execute(text(
            "SELECT id FROM timeline_entries WHERE client_id = ANY(:clients) AND kind = 'call' "
            "AND (payload->>'call_id')::int = ANY(:ids)"), {"clients": clients, "ids": ids}).scalars().all()
        tasks = conn.execute(text("SELECT id FROM tasks WHERE call_id = ANY(:ids)"), {"ids": ids}).scalars().all()
        conn.execute(text("DELETE FROM timeline_entries WHERE id = ANY(:e)"), {"e": list(entries)})
        conn.execute(text("DELETE FROM tasks WHERE id = ANY(:t)"), {"t": list(tasks)})
        conn.execute(text("DELETE FROM calls WHERE id = ANY(:c)"), {"c": ids})
        conn.execute(text(
            "DELETE FROM audit_log WHERE (table_name = 'calls' AND row_id = ANY(:c)) "
            "OR (table_name = 'tasks' AND row_id = ANY(:t)) OR (table_name = 'timeline_entries' AND row_id = ANY(:e))"
        ), {"c": ids, "t": list(tasks), "e": list(entries)})
    return len(ids)


def wait_for_bridge_duty(db: Database, timeout: float) -> bool:
    """Wait until no other bridge holds the duty on this database (run_bridge would stand by meanwhile)."""
    probe, deadline, told = DutyLock(db, BRIDGE_LOCK_KEY), time.monotonic() + timeout, False
    while (state := probe.try_acquire()) == "busy" and time.monotonic() < deadline:
        if not told:
            print("another bridge holds the duty on the bench database; waiting for it to finish", flush=True)
            told = True
        time.sleep(2)
    probe.release()
    return state == "held"


def client_numbers(db: Database, rng: random.Random, n: int) -> list[str]:
    """``n`` random clients' phones (E.164) from the data set."""
    with db.engine.connect() as conn:
        top = conn.execute(text("SELECT max(id) FROM phones")).scalar_one()
        ids = [rng.randint(1, top) for _ in range(n * 2)]
        return list(conn.execute(text("SELECT e164 FROM phones WHERE id = ANY(:ids) LIMIT :n"),
                                 {"ids": ids, "n": n}).scalars())


def report(played: dict[str, Any], run: BridgeRun, rows: dict[str, Any], options: argparse.Namespace) -> bool:
    """Print the figures; True when nothing was lost, duplicated or stored wrong."""
    expected: dict[str, str] = played["expected"]
    stored = {row.pbx_call_id: row.status for row in rows["calls"]}
    lost = sorted(set(expected) - set(stored))
    extra = sorted(set(stored) - set(expected))
    wrong = sorted(k for k in set(expected) & set(stored) if expected[k] != stored[k])
    duplicates = len(rows["calls"]) - len(stored)
    missed = [row.id for row in rows["calls"] if row.status == "missed" and row.direction == "inbound"]
    callbacks = rows["callbacks"]
    double_callbacks = sum(1 for n in callbacks.values() if n > 1)
    latencies = [(run.commit_at[k] - played["sent_at"][k]) * 1000 for k in expected
                 if k in run.commit_at and k in played["sent_at"]]
    window = max(run.commit_at.values(), default=played["started"]) - played["started"]
    per_minute = len(stored) / window * 60 if window > 0 else 0.0
    mode = f"in flight {options.in_flight}" if options.rate <= 0 else f"paced at {options.rate:g} scenarios/min"
    print(f"machine: {machine()}; load average at the end {os.getloadavg()[0]:.2f} (other work on the machine "
          "slows the bridge down)")
    print(f"played: {played['played']} scenarios ({', '.join(f'{k} {v}' for k, v in played['kinds'].items())}), "
          f"{played['events']} AMI events, speed ×{options.speed:g}, {mode}")
    print(f"calls expected {len(expected)}, stored {len(stored)}, lost {len(lost)}, unexpected {len(extra)}, "
          f"wrong status {len(wrong)}, duplicates {duplicates}, not stored/spooled {run.not_stored}")
    print(f"missed inbound {len(missed)}, callback tasks {sum(callbacks.values())}, "
          f"calls with 2+ callbacks {double_callbacks}")
    print(f"updates stored {run.updates} in {window:.1f} s ({run.updates / window:.0f}/s)" if window > 0 else "")
    print(f"throughput: {per_minute:.0f} calls/min ({len(stored)} calls in {window:.1f} s)")
    if latencies:
        p = percentiles(latencies)
        print(f"store latency ms (final event written → final row committed): p50 {p['p50']:.1f}, "
              f"p95 {p['p95']:.1f}, p99 {p['p99']:.1f}, max {p['max']:.1f} (n {p['n']})")
    return not (lost or extra or wrong or duplicates or run.not_stored or double_callbacks
                or sum(callbacks.values()) != len(missed) or set(callbacks) != set(missed))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1400, help="scenarios to play")
    parser.add_argument("--in-flight", type=int, default=8, help="calls between first event and final commit")
    parser.add_argument("--rate", type=float, default=0, help="scenarios started a minute (0: as fast as stored)")
    parser.add_argument("--speed", type=float, default=2000, help="how much faster than real time calls play")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    db, _server = bench_database("large")
    if not wait_for_bridge_duty(db, timeout=600):
        print("FAILED: another bridge (a service or a benchmark) holds the bridge duty on this database")
        return 1
    leftovers = delete_run(db, RUN_PREFIX + "%-%")
    if leftovers:
        print(f"deleted {leftovers} calls left by an interrupted run")
    prefix = f"{RUN_PREFIX}{secrets.token_hex(3)}-"
    numbers = client_numbers(db, random.Random(args.seed), 2000)
    options = {"calls": args.calls, "in_flight": args.in_flight, "rate": args.rate, "speed": args.speed,
               "seed": args.seed}
    ctx = mp.get_context("spawn")
    committed, ports, results, done = ctx.RawValue("q", 0), ctx.Queue(), ctx.Queue(), ctx.Event()
    pbx = ctx.Process(target=pbx_process, args=(numbers, prefix, options, committed, ports, results, done),
                      daemon=True)
    pbx.start()
    try:
        port = ports.get(timeout=120)
        with tempfile.TemporaryDirectory(prefix="fd-bridge-bench-") as spool_dir:
            played, run = asyncio.run(drive_bridge(db, port, pbx, results, committed,
                                                   Path(spool_dir) / "spool.jsonl"))
        done.set()
        pbx.join(timeout=30)
        ok = report(played, run, stored_rows(db, prefix), args)
    finally:
        done.set()
        if pbx.is_alive():
            pbx.terminate()
        deleted = delete_run(db, prefix + "%")
        print(f"deleted the run's {deleted} calls with their tasks, timeline entries and audit rows")
        db.dispose()
    print("OK: none lost" if ok else "FAILED: see the counts above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
