"""No technician is ever booked twice at once: the database refuses it and the message names the clash."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from models.scheduling import BookingConflict, BookingRequest, Shift, Visit, book_visit
from tests.factories import add_client, add_order, add_pipeline, add_technician

T0 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 10:00 in Chelyabinsk


def _setup(session):
    client = add_client(session, "Иванов Пётр", "+7 351 123 45 67", address="ул. Ленина, 5")
    _, stages = add_pipeline(session)
    order = add_order(session, client, stages[0])
    tech = add_technician(session)
    return order, tech


def test_overlapping_booking_is_refused_with_the_blocking_visit_named(db):
    with db.transaction() as session:
        order, tech = _setup(session)
        first = book_visit(session, BookingRequest(order.id, tech.id, T0, T0 + timedelta(hours=2)))
        with pytest.raises(BookingConflict) as info:
            book_visit(session, BookingRequest(order.id, tech.id, T0 + timedelta(hours=1), T0 + timedelta(hours=3)))
        assert info.value.blocking_visit_id == first
        assert f"order #{order.number}" in str(info.value)
        assert "Петров Сергей" in str(info.value)
        assert "10:00–12:00" in str(info.value)  # shown in the company's time zone
        # back to back is fine, and the transaction is still usable after the refusal
        book_visit(session, BookingRequest(order.id, tech.id, T0 + timedelta(hours=2), T0 + timedelta(hours=3)))
        assert session.execute(select(Visit).where(Visit.technician_id == tech.id)).scalars().all()


def test_cancelled_and_unassigned_visits_do_not_block(db):
    with db.transaction() as session:
        order, tech = _setup(session)
        vid = book_visit(session, BookingRequest(order.id, tech.id, T0, T0 + timedelta(hours=2)))
        session.get(Visit, vid).status = "cancelled"
        session.flush()
        book_visit(session, BookingRequest(order.id, tech.id, T0, T0 + timedelta(hours=2)))
        book_visit(session, BookingRequest(order.id, None, T0, T0 + timedelta(hours=2)))
        book_visit(session, BookingRequest(order.id, None, T0, T0 + timedelta(hours=2)))


def test_constraint_holds_even_for_raw_sql(db):
    with db.transaction() as session:
        order, tech = _setup(session)
        book_visit(session, BookingRequest(order.id, tech.id, T0, T0 + timedelta(hours=2)))
        with pytest.raises(IntegrityError, match="visits_no_double_booking"), session.begin_nested():
            session.execute(
                text("INSERT INTO visits (order_id, technician_id, starts_at, ends_at) VALUES (:o, :t, :s, :e)"),
                {"o": order.id, "t": tech.id, "s": T0 + timedelta(minutes=30), "e": T0 + timedelta(hours=1)},
            )


def test_overlapping_shifts_are_refused(db):
    with db.transaction() as session:
        _, tech = _setup(session)
        session.add(Shift(technician_id=tech.id, starts_at=T0, ends_at=T0 + timedelta(hours=8)))
        session.flush()
        with pytest.raises(IntegrityError, match="shifts_no_overlap"), session.begin_nested():
            session.add(
                Shift(technician_id=tech.id, starts_at=T0 + timedelta(hours=7), ends_at=T0 + timedelta(hours=9))
            )
            session.flush()


def test_simultaneous_bookings_from_several_workstations_exactly_one_wins(fresh_database):
    with fresh_database.transaction() as session:
        order, tech = _setup(session)
        order_id, tech_id = order.id, tech.id
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def attempt():
        barrier.wait()
        try:
            with fresh_database.transaction() as session:
                book_visit(session, BookingRequest(order_id, tech_id, T0, T0 + timedelta(hours=1)))
            outcomes.append("booked")
        except BookingConflict as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("booked") == 1
    assert all("already booked" in o or "at that moment" in o for o in outcomes if o != "booked")
