"""The bridge duty end to end: simulator → AMI client → state machine → database, and the duty lock."""

import asyncio
import logging
import time

import pytest
from sqlalchemy import select

from models.calls import Call
from models.database import Database
from models.duties import DutyLock
from models.pipelines import Task
from telephony.config import AmiConfig
from telephony.events import CallUpdate
from telephony.scenarios import ScenarioBuilder
from telephony.service import BRIDGE_LOCK_KEY, run_bridge
from telephony.simulator import AmiSimulator
from tests.telephony.helpers import closed_port, run, until


def config(port: int) -> AmiConfig:
    return AmiConfig(port=port, secret="secret", ping_interval=0.5, ping_timeout=2, backoff_initial=0.02,
                     backoff_max=0.1)


def stored_calls(db: Database):
    with db.session() as s:
        return [tuple(r) for r in s.execute(
            select(Call.pbx_call_id, Call.status, Call.extension, Call.from_digits, Call.answered_at.is_not(None))
        ).all()]


def test_the_pbx_dropping_the_connection_mid_call_loses_nothing_and_stores_the_call_once(
        fresh_database, tmp_path, caplog):
    caplog.set_level(logging.INFO)

    async def scenario():
        sim = AmiSimulator(speed=500, builder=ScenarioBuilder(epoch=time.time()))
        port = await sim.start()
        events = sim.builder.answered("+73511234567", time.time(), ring=7, talk=95)
        answered = max(i for i, (_, f) in enumerate(events) if f.event == "BridgeEnter") + 1
        finals: list[CallUpdate] = []
        stop = asyncio.Event()
        bridge = asyncio.create_task(run_bridge(
            fresh_database, config(port), tmp_path / "spool.jsonl", stop, duty_check_seconds=0.2,
            on_update=lambda update, stored: update.final and finals.append(update)))
        await sim.wait_for_login(1)
        sent = await sim.play(events, stop_after=answered)
        sim.drop_clients()
        await sim.wait_for_login(2)
        await sim.play(events[sent:])
        await until(lambda: bool(finals))
        stop.set()
        await bridge
        await sim.close()
        return events[0][1].get("Uniqueid"), finals

    call_id, finals = run(scenario(), timeout=60)
    assert [(u.pbx_call_id, u.status, u.answered_by, u.ring_seconds, u.talk_seconds) for u in finals] == [
        (call_id, "ended", "201", 7, 95)]
    assert stored_calls(fresh_database) == [(call_id, "ended", "201", "73511234567", True)]
    assert f"call {call_id} inbound +73511234567 → 201 answered by 201 ring 7s talk 95s" in caplog.text
    assert "connection lost: connection closed by the PBX" in caplog.text


def test_a_call_that_ends_while_the_pbx_is_unreachable_is_closed_on_reconnection(fresh_database, tmp_path):
    async def scenario():
        sim = AmiSimulator(speed=500, builder=ScenarioBuilder(epoch=time.time()))
        port = await sim.start()
        events = sim.builder.missed("+79221234567", time.time(), ring=20)
        ringing = [f.event for _, f in events].index("DialEnd")
        finals: list[CallUpdate] = []
        stop = asyncio.Event()
        bridge = asyncio.create_task(run_bridge(
            fresh_database, config(port), tmp_path / "spool.jsonl", stop,
            on_update=lambda update, stored: update.final and finals.append(update)))
        await sim.wait_for_login(1)
        sent = await sim.play(events, stop_after=ringing)
        sim.drop_clients()
        for _, frame in events[sent:]:  # the call ends while nobody is connected: these events are lost
            sim.broadcast(frame)
        await sim.wait_for_login(2)
        await until(lambda: bool(finals))
        stop.set()
        await bridge
        await sim.close()
        return finals

    (final,) = run(scenario(), timeout=60)
    assert final.status == "missed"
    with fresh_database.session() as s:
        assert s.execute(select(Task.kind, Task.client_id)).all() == [("callback", None)]


def test_only_one_instance_holds_the_bridge_duty(fresh_database):
    first, second = DutyLock(fresh_database, BRIDGE_LOCK_KEY), DutyLock(fresh_database, BRIDGE_LOCK_KEY)
    assert first.try_acquire() == "held"
    assert second.try_acquire() == "busy"
    assert first.check() == "held"
    first.release()
    assert second.try_acquire() == "held"
    second.release()
    down = Database(f"postgresql+psycopg://fielddesk@127.0.0.1:{closed_port()}/fielddesk")
    assert DutyLock(down, BRIDGE_LOCK_KEY).try_acquire() == "unreachable"
    down.dispose()


def test_a_second_service_stands_by_until_the_duty_is_free(fresh_database, tmp_path, caplog):
    caplog.set_level(logging.INFO)

    async def scenario():
        sim = AmiSimulator()
        port = await sim.start()
        holder = DutyLock(fresh_database, BRIDGE_LOCK_KEY)
        assert holder.try_acquire() == "held"
        stop = asyncio.Event()
        bridge = asyncio.create_task(run_bridge(fresh_database, config(port), tmp_path / "spool.jsonl", stop,
                                                duty_retry_seconds=0.05))
        await until(lambda: "standing by" in caplog.text)
        logins_while_standing_by = sim.logins
        await asyncio.to_thread(holder.release)
        await sim.wait_for_login(1)
        stop.set()
        await bridge
        await sim.close()
        return logins_while_standing_by

    assert run(scenario(), timeout=60) == 0


@pytest.mark.parametrize("scenario_name", ["missed"])
def test_with_the_database_down_the_bridge_still_runs_and_spools(tmp_path, scenario_name):
    down = Database(f"postgresql+psycopg://fielddesk@127.0.0.1:{closed_port()}/fielddesk")
    spool = tmp_path / "spool.jsonl"

    async def scenario():
        sim = AmiSimulator(speed=500, builder=ScenarioBuilder(epoch=time.time()))
        port = await sim.start()
        finals: list[CallUpdate] = []
        stop = asyncio.Event()
        bridge = asyncio.create_task(run_bridge(down, config(port), spool, stop,
                                                on_update=lambda u, stored: u.final and finals.append(u)))
        await sim.wait_for_login(1)
        await sim.play(sim.builder.build(scenario_name, "+79221234567", time.time()))
        await until(lambda: bool(finals))
        stop.set()
        await bridge
        await sim.close()

    run(scenario(), timeout=60)
    down.dispose()
    lines = spool.read_text().splitlines()
    assert lines and '"status": "missed"' in lines[-1]
