"""A missed call from a number no client has opens a request, so the ask is not lost; the SLA is a setting."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from models.calls import Call, record_call
from models.clients import ClientDraft, create_client
from models.company import Company
from models.pipelines import Order, Task
from models.timeline import TimelineEntry
from telephony.events import CallUpdate
from tests.factories import add_client, add_pipeline

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def missed(call_id: str = "1763888400.7", caller: str = "8 (351) 777-12-34", **kw) -> CallUpdate:
    fields = dict(pbx_call_id=call_id, direction="inbound", caller=caller, called="73512200000",
                  extensions_rung=("201",), status="missed", started_at=T0, ended_at=T0 + timedelta(seconds=30))
    fields.update(kw)
    return CallUpdate(**fields)


def requests(db) -> list[tuple]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(
            select(Order.client_id, Order.requester_phone, Order.source_channel, Order.title, Order.stage_id)
            .order_by(Order.id)).all()]


def intake(db) -> int:
    with db.transaction() as s:
        other, _ = add_pipeline(s, "repair")
        other.position = 0
        pipeline, stages = add_pipeline(s, "sales_install")
        pipeline.position = 5  # the intake pipeline is chosen by its code, not its place
        return stages[0].id


def test_a_missed_unknown_call_opens_one_request_in_the_intake_stage_with_its_callback_task(db):
    first_stage = intake(db)
    stored = record_call(db, missed())
    record_call(db, missed())  # the same call reported again
    assert requests(db) == [(None, "+73517771234", "call", "Missed call from +7 351 777-12-34", first_stage)]
    with db.session() as s:
        order_id = s.execute(select(Order.id)).scalar_one()
        assert s.execute(select(Call.order_id)).scalar_one() == order_id
        task = s.execute(select(Task)).scalar_one()
        assert (task.id, task.order_id, task.client_id) == (stored.callback_task_id, order_id, None)
        assert s.execute(select(TimelineEntry.text).where(TimelineEntry.order_id == order_id)).scalars().all() == [
            "Missed call from +7 351 777-12-34"]


def test_a_known_caller_or_a_withheld_number_opens_no_request(db):
    intake(db)
    with db.transaction() as s:
        add_client(s, "Иванов Пётр", "+73517771234")
    record_call(db, missed())
    record_call(db, missed(call_id="1763888400.8", caller="anonymous"))
    assert requests(db) == []


def test_without_any_pipeline_the_callback_task_still_holds_the_call(db):
    stored = record_call(db, missed())
    assert requests(db) == []
    assert stored.callback_task_id is not None


def test_a_miss_proven_answered_later_takes_its_untouched_request_away(db):
    intake(db)
    record_call(db, missed())
    record_call(db, missed(status="ended", answered_at=T0 + timedelta(seconds=9), answered_by="201"))
    assert requests(db) == []
    with db.session() as s:
        assert s.execute(select(Call.order_id)).scalar_one() is None
        assert s.execute(select(Task.status)).scalar_one() == "cancelled"


def test_a_request_someone_worked_on_stays_when_the_miss_turns_out_answered(db):
    intake(db)
    record_call(db, missed())
    with db.transaction() as s:
        s.execute(update(Order).values(description="Перезвонили, нужен замер", version=Order.version + 1))
    record_call(db, missed(status="ended", answered_at=T0 + timedelta(seconds=9), answered_by="201"))
    assert len(requests(db)) == 1


def test_the_client_created_for_the_number_receives_the_request(db):
    intake(db)
    record_call(db, missed())
    client_id = create_client(db, ClientDraft(name="Петрова Анна", phones=("+7 351 777 12 34",)))
    assert [r[0] for r in requests(db)] == [client_id]


def test_the_callback_deadline_comes_from_the_company_setting_unless_given(db):
    with db.transaction() as s:
        s.execute(update(Company).values(callback_sla_minutes=40))
    record_call(db, missed())
    record_call(db, missed(call_id="1763888400.9"), sla_minutes=5)
    with db.session() as s:
        dues = s.execute(select(Task.due_at).order_by(Task.id)).scalars().all()
    ended = T0 + timedelta(seconds=30)
    assert dues == [ended + timedelta(minutes=40), ended + timedelta(minutes=5)]
