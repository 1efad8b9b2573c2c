"""Visit reminders: each queued once, rescheduling replaces them, an unconfirmed visit becomes one dispatcher task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from models.company import User
from models.database import Database
from models.field_work import OutboxMessage
from models.pipelines import Task
from models.scheduling import BookingRequest, Visit, Zone, book_visit, set_visit_crew
from models.visit_reminders import confirm_visit, queue_visit_reminders, run_reminders
from tests.factories import add_client, add_order, add_pipeline, add_technician

# the company works in Yekaterinburg time (UTC+5)
NOW = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)  # Monday 23.11, 10:00 local
T0 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # Tuesday 24.11, 10:00 local
H = timedelta(hours=1)
SQUARE = {"type": "Polygon", "coordinates": [[[61.3, 55.1], [61.5, 55.1], [61.5, 55.2], [61.3, 55.2], [61.3, 55.1]]]}


@dataclass
class Booked:
    visit: int
    order_id: int
    petrov: int  # lead, signs in as "petrov_rem"
    sidorov: int  # crew, no login: reminded on his phone
    owner: int  # users
    dispatcher: int


@pytest.fixture
def booked(db: Database) -> Booked:
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+7 351 123 45 67", "+7 912 000 00 01", address="ул. Ленина, 5")
        owner = User(login="owner_rem", full_name="Олег Менеджер", role="manager")
        dispatcher = User(login="disp_rem", full_name="Анна Диспетчер", role="dispatcher")
        login = User(login="petrov_rem", full_name="Петров Сергей", role="technician")
        s.add_all([owner, dispatcher, login])
        s.flush()
        order = add_order(s, client, add_pipeline(s, "reminders")[1][0], title="Поверка счётчиков",
                          owner_id=owner.id)
        petrov, sidorov = add_technician(s, "Петров Сергей"), add_technician(s, "Сидоров Иван")
        petrov.user_id, sidorov.phone = login.id, "+79120000099"
        visit = book_visit(s, BookingRequest(order.id, petrov.id, T0, T0 + H, crew=(sidorov.id,)))
        return Booked(visit, order.id, petrov.id, sidorov.id, owner.id, dispatcher.id)


def _outbox(db: Database) -> list[tuple[str, str, str, str, datetime, str]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(select(
            OutboxMessage.dedup_key, OutboxMessage.channel, OutboxMessage.recipient, OutboxMessage.status,
            OutboxMessage.due_at, OutboxMessage.kind).order_by(OutboxMessage.dedup_key))]


def _tasks(db: Database) -> list[tuple[str, int | None, str, datetime]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(select(Task.kind, Task.assignee_id, Task.title, Task.due_at)
                                            .where(Task.kind == "confirm_visit").order_by(Task.id))]


def _move(db: Database, visit_id: int, starts_at: datetime) -> None:
    with db.transaction() as s:
        visit = s.get(Visit, visit_id)
        visit.starts_at, visit.ends_at = starts_at, starts_at + H


def test_each_reminder_is_queued_once_for_the_technicians_and_the_client(db, booked):
    v, p, s = booked.visit, booked.petrov, booked.sidorov
    report = queue_visit_reminders(db, NOW)
    evening, morning = datetime(2026, 11, 23, 13, 0, tzinfo=UTC), datetime(2026, 11, 24, 2, 30, tzinfo=UTC)
    assert _outbox(db) == [
        (f"visit:{v}:client:confirm:20261124T0500Z", "sms", "+79120000001", "queued", evening,
         "visit_confirm_request"),
        (f"visit:{v}:tech:{p}:day_before:20261124T0500Z", "app", "petrov_rem", "queued", evening,
         "visit_reminder_day_before"),
        (f"visit:{v}:tech:{p}:morning:20261124T0500Z", "app", "petrov_rem", "queued", morning,
         "visit_reminder_morning"),
        (f"visit:{v}:tech:{s}:day_before:20261124T0500Z", "app", "+79120000099", "queued", evening,
         "visit_reminder_day_before"),
        (f"visit:{v}:tech:{s}:morning:20261124T0500Z", "app", "+79120000099", "queued", morning,
         "visit_reminder_morning"),
    ]
    assert len(report.queued) == 5 and report.cancelled == () and report.tasks == ()
    assert any("queued visit_reminder_morning" in line for line in report.lines)
    with db.session() as session:
        body = session.execute(select(OutboxMessage.body).where(
            OutboxMessage.kind == "visit_reminder_day_before", OutboxMessage.technician_id == p)).scalar_one()
    assert body.startswith("Завтра 10:00–11:00: заказ №") and "ул. Ленина, 5" in body

    again = queue_visit_reminders(db, NOW + 2 * H)
    assert (again.queued, again.cancelled) == ((), ())
    assert len(_outbox(db)) == 5


def test_visits_beyond_tomorrow_get_nothing_yet(db, booked):
    _move(db, booked.visit, T0 + timedelta(days=1))
    assert queue_visit_reminders(db, NOW).queued == ()
    assert _outbox(db) == []


def test_a_rescheduled_visit_gets_new_reminders_and_the_old_queued_ones_are_cancelled(db, booked):
    queue_visit_reminders(db, NOW)
    with db.transaction() as s:  # the evening reminder to Petrov has gone out already
        s.execute(update(OutboxMessage).where(OutboxMessage.kind == "visit_reminder_day_before",
                                              OutboxMessage.technician_id == booked.petrov).values(status="sent"))
    _move(db, booked.visit, T0 + 4 * H)  # 14:00 instead of 10:00

    report = queue_visit_reminders(db, NOW + H)
    rows = {key: status for key, _, _, status, _, _ in _outbox(db)}
    old, new = "20261124T0500Z", "20261124T0900Z"
    v, p, s = booked.visit, booked.petrov, booked.sidorov
    assert rows == {
        f"visit:{v}:client:confirm:{old}": "cancelled", f"visit:{v}:client:confirm:{new}": "queued",
        f"visit:{v}:tech:{p}:day_before:{old}": "sent", f"visit:{v}:tech:{p}:day_before:{new}": "queued",
        f"visit:{v}:tech:{p}:morning:{old}": "cancelled", f"visit:{v}:tech:{p}:morning:{new}": "queued",
        f"visit:{v}:tech:{s}:day_before:{old}": "cancelled", f"visit:{v}:tech:{s}:day_before:{new}": "queued",
        f"visit:{v}:tech:{s}:morning:{old}": "cancelled", f"visit:{v}:tech:{s}:morning:{new}": "queued",
    }
    assert len(report.queued) == 5 and len(report.cancelled) == 4

    _move(db, booked.visit, T0)  # and back: the old reminders are queued again, the new ones cancelled
    queue_visit_reminders(db, NOW + 2 * H)
    rows = {key: status for key, _, _, status, _, _ in _outbox(db)}
    assert rows[f"visit:{v}:tech:{s}:morning:{old}"] == "queued"
    assert rows[f"visit:{v}:tech:{s}:morning:{new}"] == "cancelled"
    assert rows[f"visit:{v}:tech:{p}:day_before:{old}"] == "sent"


def test_a_cancelled_visit_and_a_technician_taken_off_lose_their_queued_reminders(db, booked):
    queue_visit_reminders(db, NOW)
    with db.transaction() as s:
        set_visit_crew(s, booked.visit, [])
    report = queue_visit_reminders(db, NOW + H)
    assert report.queued == ()
    assert report.cancelled == tuple(sorted(f"visit:{booked.visit}:tech:{booked.sidorov}:{slot}:20261124T0500Z"
                                            for slot in ("day_before", "morning")))
    with db.transaction() as s:
        s.get(Visit, booked.visit).status = "cancelled"
    report = queue_visit_reminders(db, NOW + 2 * H)
    assert report.queued == () and len(report.cancelled) == 3
    assert {status for *_, status, _, _ in _outbox(db)} == {"cancelled"}


def test_an_unconfirmed_visit_becomes_one_task_for_the_zone_dispatcher(db, booked):
    with db.transaction() as s:
        s.add(Zone(name="Центр (напоминания)", polygon=SQUARE, dispatcher_id=booked.dispatcher))
    assert queue_visit_reminders(db, T0 - 5 * H).tasks == ()  # five hours before: not yet

    report = queue_visit_reminders(db, T0 - 3 * H)
    assert [(t.assignee_id, t.zone_name) for t in report.tasks] == [(booked.dispatcher, "Центр (напоминания)")]
    assert _tasks(db) == [("confirm_visit", booked.dispatcher, "Confirm the visit of 24.11 10:00 with the client "
                           f"(order №{report.tasks[0].order_number})", T0)]
    assert queue_visit_reminders(db, T0 - 2 * H).tasks == ()
    assert len(_tasks(db)) == 1


def test_without_a_zone_dispatcher_the_order_owner_gets_the_task(db, booked):
    report = run_reminders(db, T0 - H, confirm_hours=2)
    assert [(t.assignee_id, t.assignee_name, t.zone_name) for t in report.tasks] == [
        (booked.owner, "Олег Менеджер", None)]


def test_a_confirmed_visit_gets_no_task_and_its_confirmation_request_is_withdrawn(db, booked):
    queue_visit_reminders(db, NOW)
    confirm_visit(db, booked.visit, at=NOW + H)
    with db.session() as s:
        visit = s.get(Visit, booked.visit)
        assert (visit.confirmed_at, visit.status, visit.version) == (NOW + H, "confirmed", 1)
    assert queue_visit_reminders(db, T0 - 3 * H).tasks == ()
    assert _tasks(db) == []
    statuses = {kind: status for _, _, _, status, _, kind in _outbox(db)}
    assert statuses["visit_confirm_request"] == "cancelled"
    assert statuses["visit_reminder_morning"] == "queued"


def test_confirming_closes_an_open_confirmation_task(db, booked):
    queue_visit_reminders(db, T0 - 3 * H)
    confirm_visit(db, booked.visit, at=T0 - 2 * H)
    with db.session() as s:
        assert s.execute(select(Task.status, Task.done_at).where(Task.kind == "confirm_visit")).one() == (
            "done", T0 - 2 * H)
    with pytest.raises(LookupError, match="no longer exists"):
        confirm_visit(db, -1, at=NOW)
    with pytest.raises(ValueError, match="time zone"):
        confirm_visit(db, booked.visit, at=datetime(2026, 11, 23, 10, 0))


def test_a_client_without_a_mobile_is_not_asked_and_the_report_says_so(db, booked):
    with db.transaction() as s:
        s.execute(update(Visit).where(Visit.id == booked.visit).values(order_id=_landline_order(s, booked)))
    report = queue_visit_reminders(db, NOW)
    assert "visit_confirm_request" not in {m.kind for m in report.queued}
    assert report.unreachable == (f"the client of visit {booked.visit} has no mobile phone: not asked to confirm",)


def _landline_order(session, booked: Booked) -> int:
    client = add_client(session, "ООО Ромашка", "+7 351 765 43 21", address="ул. Кирова, 1", kind="company")
    return add_order(session, client, add_pipeline(session, "landline")[1][0]).id


def test_a_confirmed_visit_moved_to_another_time_is_asked_again(db, booked):
    queue_visit_reminders(db, NOW)
    confirm_visit(db, booked.visit, at=NOW + H)
    _move(db, booked.visit, T0 + 4 * H)  # the confirmation was for 10:00, not 14:00
    with db.session() as s:
        visit = s.get(Visit, booked.visit)
        assert (visit.confirmed_at, visit.status) == (None, "planned")
    queue_visit_reminders(db, NOW + 2 * H)
    rows = {key: status for key, _, _, status, _, _ in _outbox(db)}
    assert rows[f"visit:{booked.visit}:client:confirm:20261124T0900Z"] == "queued"

    with db.transaction() as s:  # moved and confirmed in one step (the client agreed on the phone): kept
        s.execute(update(Visit).where(Visit.id == booked.visit)
                  .values(starts_at=T0 + 5 * H, ends_at=T0 + 6 * H, confirmed_at=NOW + 3 * H, status="confirmed"))
    with db.session() as s:
        visit = s.get(Visit, booked.visit)
        assert (visit.confirmed_at, visit.status) == (NOW + 3 * H, "confirmed")
