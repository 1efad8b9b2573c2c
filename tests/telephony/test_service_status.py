"""The service tells every desktop whether the PBX is online: published on change, beaten, stale when silent."""

import asyncio
import time
from datetime import UTC, datetime, timedelta

from models.service_status import PBX_DUTY, STALE_AFTER, heartbeat, load_service_health, publish_status
from telephony.config import AmiConfig
from telephony.scenarios import ScenarioBuilder
from telephony.service import run_bridge
from telephony.simulator import AmiSimulator
from tests.telephony.helpers import run, until

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_no_service_ever_is_reported_as_not_running(db):
    health = load_service_health(db, now=T0)
    assert health.state == "not_running"
    assert "never run" in health.detail


def test_state_changes_move_the_since_time_and_beats_do_not(db):
    publish_status(db, PBX_DUTY, "online", "PBX 10.0.0.5:5038 connected as fielddesk", now=T0, host="srv")
    publish_status(db, PBX_DUTY, "online", "PBX 10.0.0.5:5038 connected as fielddesk", now=T0 + timedelta(minutes=1))
    assert heartbeat(db, PBX_DUTY, now=T0 + timedelta(minutes=2))
    health = load_service_health(db, now=T0 + timedelta(minutes=2, seconds=10))
    assert (health.state, health.since) == ("online", T0)
    publish_status(db, PBX_DUTY, "offline", "PBX 10.0.0.5:5038 unreachable: connection refused",
                   now=T0 + timedelta(minutes=3))
    health = load_service_health(db, now=T0 + timedelta(minutes=3))
    assert (health.state, health.since) == ("offline", T0 + timedelta(minutes=3))
    assert "connection refused" in health.detail


def test_a_silent_service_counts_as_not_running_whatever_it_last_said(db):
    publish_status(db, PBX_DUTY, "online", "connected", now=T0, host="srv")
    later = T0 + STALE_AFTER + timedelta(seconds=1)
    health = load_service_health(db, now=later)
    assert health.state == "not_running"
    assert "srv" in health.detail
    assert not heartbeat(db, "no-such-duty", now=later)


def test_the_bridge_publishes_online_then_offline_when_the_pbx_goes_away_and_when_stopped(fresh_database, tmp_path):
    db = fresh_database
    states: list[str] = []

    def state() -> str:
        current = load_service_health(db).state
        if not states or states[-1] != current:
            states.append(current)
        return current

    async def scenario():
        sim = AmiSimulator(speed=500, builder=ScenarioBuilder(epoch=time.time()))
        port = await sim.start()
        config = AmiConfig(port=port, secret="secret", ping_interval=0.5, ping_timeout=2, backoff_initial=0.05,
                           backoff_max=0.2)
        stop = asyncio.Event()
        bridge = asyncio.create_task(run_bridge(db, config, tmp_path / "spool.jsonl", stop, duty_check_seconds=0.2))
        await until(lambda: state() == "online", timeout=20)
        await sim.close()  # the PBX goes away: the client keeps retrying a closed port
        await until(lambda: state() == "offline", timeout=20)
        offline_detail = load_service_health(db).detail
        stop.set()
        await bridge
        return offline_detail

    offline_detail = run(scenario(), timeout=60)
    assert "PBX 127.0.0.1" in offline_detail
    assert states[-2:] == ["online", "offline"]
    final = load_service_health(db)
    assert (final.state, final.detail) == ("offline", "the call service was stopped")
