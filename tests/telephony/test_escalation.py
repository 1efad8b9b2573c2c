"""The escalation duty of the service: overdue callbacks reach a supervisor while the bridge keeps storing calls."""

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models.callbacks import EscalationReport
from models.calls import Call, record_call
from models.company import User
from models.database import Database
from models.pipelines import Task
from telephony.events import CallUpdate
from telephony.scenarios import ScenarioBuilder
from telephony.service import run_escalations, serve
from telephony.simulator import AmiSimulator
from tests.factories import add_client
from tests.telephony.helpers import closed_port, run, until
from tests.telephony.test_service import config


def add_user(db: Database, login: str, role: str, extension: str | None = None) -> int:
    with db.transaction() as s:
        user = User(login=login, full_name=login.replace("_", " ").title(), role=role, extension=extension)
        s.add(user)
        s.flush()
        return user.id


def missed_call(db: Database, call_id: str, ended: datetime) -> int:
    stored = record_call(db, CallUpdate(call_id, "inbound", "+73511234567", "73512200000", ("201",),
                                        status="missed", started_at=ended - timedelta(seconds=20), ended_at=ended))
    assert stored.callback_task_id is not None
    return stored.callback_task_id


def assignee(db: Database, task_id: int) -> int | None:
    with db.session() as s:
        return s.execute(select(Task.assignee_id).where(Task.id == task_id)).scalar_one()


def test_the_service_escalates_an_overdue_callback_and_reminds_of_one_coming_due(fresh_database, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    db = fresh_database
    with db.transaction() as s:
        add_client(s, "Иванов Пётр", "+73511234567")
    anna = add_user(db, "anna_ivanova", "dispatcher", "201")
    head = add_user(db, "goncharov_viktor", "service_head")
    now = datetime.now(UTC)
    overdue = missed_call(db, "1709283600.1", now - timedelta(minutes=30))  # due 15 minutes ago
    coming = missed_call(db, "1709283600.2", now - timedelta(minutes=12))  # due in 3 minutes

    async def scenario() -> None:
        sim = AmiSimulator()
        port = await sim.start()
        stop = asyncio.Event()
        service = asyncio.create_task(serve(db, config(port), tmp_path / "spool.jsonl", escalation_seconds=0.05,
                                            stop_event=stop))
        await sim.wait_for_login(1)
        await until(lambda: "escalated to" in caplog.text and "reminded" in caplog.text, timeout=30)
        await asyncio.sleep(0.3)  # a few more ticks: nothing may happen twice
        stop.set()
        await service
        await sim.close()

    run(scenario(), timeout=60)
    assert (assignee(db, overdue), assignee(db, coming)) == (head, anna)
    lines = [r.getMessage() for r in caplog.records if r.name == "telephony.service"]
    assert [line for line in lines if "escalated to" in line] == [
        f"callback task {overdue} for +7 351 123-45-67 overdue 15 min: escalated to Goncharov Viktor"]
    assert [line for line in lines if "reminded" in line] == [
        f"callback task {coming} for +7 351 123-45-67 due in 3 min: reminded Anna Ivanova"]


def test_a_missed_call_nobody_calls_back_reaches_the_supervisor(fresh_database, tmp_path):
    db = fresh_database
    add_user(db, "anna_ivanova", "dispatcher", "201")
    head = add_user(db, "goncharov_viktor", "service_head")

    async def scenario() -> None:
        sim = AmiSimulator(speed=500, builder=ScenarioBuilder(epoch=time.time()))
        port = await sim.start()
        stop = asyncio.Event()
        service = asyncio.create_task(serve(db, config(port), tmp_path / "spool.jsonl", sla_minutes=0,
                                            escalation_seconds=0.05, stop_event=stop))
        await sim.wait_for_login(1)
        await sim.play(sim.builder.missed("+79221234567", time.time() - 60, ring=20))

        def escalated() -> bool:
            with db.session() as s:
                return s.execute(select(Task.id).where(Task.kind == "callback", Task.assignee_id == head)).first() \
                    is not None

        await until(escalated, timeout=30, step=0.05)
        stop.set()
        await service
        await sim.close()

    run(scenario(), timeout=60)
    with db.session() as s:
        (call_status,) = s.execute(select(Call.status)).scalars()
        kinds = sorted(s.execute(select(Task.kind)).scalars())
    assert call_status == "missed" and kinds == ["callback", "escalation"]


def test_only_one_instance_runs_the_escalations(fresh_database, caplog):
    caplog.set_level(logging.INFO)

    async def scenario() -> tuple[int, int]:
        stop = asyncio.Event()
        runs = [0, 0]

        def counter(index: int):
            def count(report: EscalationReport) -> None:
                runs[index] += 1
            return count

        first = asyncio.create_task(run_escalations(fresh_database, stop, interval_seconds=0.02,
                                                    on_report=counter(0)))
        await until(lambda: runs[0] > 0)
        second = asyncio.create_task(run_escalations(fresh_database, stop, interval_seconds=0.02,
                                                     on_report=counter(1)))
        await until(lambda: "escalation duty is held by another service instance" in caplog.text)
        await asyncio.sleep(0.2)
        stop.set()
        await asyncio.gather(first, second)
        return runs[0], runs[1]

    held, standing_by = run(scenario(), timeout=60)
    assert held > 1 and standing_by == 0


def test_with_the_database_away_the_duty_waits_instead_of_failing(caplog):
    down = Database(f"postgresql+psycopg://fielddesk@127.0.0.1:{closed_port()}/fielddesk")
    reports: list[EscalationReport] = []

    async def scenario() -> None:
        stop = asyncio.Event()
        duty = asyncio.create_task(run_escalations(down, stop, interval_seconds=0.02, on_report=reports.append))
        await asyncio.sleep(0.3)
        assert not duty.done()
        stop.set()
        await duty

    run(scenario(), timeout=60)
    down.dispose()
    assert reports == [] and "callback escalation failed" not in caplog.text
