"""Crews: every member of a visit is protected from double booking by the database, as the lead always was."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from models.catalog import Service
from models.scheduling import (
    BookingConflict,
    BookingRequest,
    Visit,
    VisitTechnician,
    add_missing_lead_rows,
    book_visit,
    is_double_booking,
    set_visit_crew,
)
from tests.factories import add_client, add_order, add_pipeline, add_technician

T0 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 10:00 in Chelyabinsk
H = timedelta(hours=1)


def _setup(session):
    client = add_client(session, "Иванов Пётр", "+7 351 123 45 67", address="ул. Ленина, 5")
    order = add_order(session, client, add_pipeline(session)[1][0])
    techs = [add_technician(session, name) for name in ("Петров Сергей", "Сидоров Иван", "Волков Илья", "Ким Олег")]
    return order, [t.id for t in techs]


def _members(session, visit_id: int) -> list[tuple[int, bool, datetime, datetime, bool]]:
    return [tuple(r) for r in session.execute(
        select(VisitTechnician.technician_id, VisitTechnician.is_lead, VisitTechnician.starts_at,
               VisitTechnician.ends_at, VisitTechnician.cancelled)
        .where(VisitTechnician.visit_id == visit_id).order_by(VisitTechnician.technician_id))]


def test_the_visit_lasts_as_long_as_the_catalog_says_when_no_end_is_given(db):
    with db.transaction() as session:
        order, (petrov, *_) = _setup(session)
        service = Service(code="t_maint", name="ТО", price=Decimal(4500), duration_min=90, required_skill="ac_service")
        session.add(service)
        session.flush()
        visit = book_visit(session, BookingRequest(order.id, petrov, T0, service_id=service.id))
        assert session.get(Visit, visit).ends_at == T0 + timedelta(minutes=90)
        with pytest.raises(ValueError, match="end time or a service"):
            book_visit(session, BookingRequest(order.id, petrov, T0 + 3 * H))
        with pytest.raises(LookupError, match="not in the catalog"):
            book_visit(session, BookingRequest(order.id, petrov, T0 + 3 * H, service_id=-5))


def test_a_busy_crew_member_is_named_with_the_visit_that_holds_him(db):
    with db.transaction() as session:
        order, (petrov, sidorov, volkov, kim) = _setup(session)
        first = book_visit(session, BookingRequest(order.id, petrov, T0, T0 + 2 * H, crew=(sidorov,)))
        assert _members(session, first) == [(petrov, True, T0, T0 + 2 * H, False),
                                            (sidorov, False, T0, T0 + 2 * H, False)]
        with pytest.raises(BookingConflict) as info:  # Sidorov joins another crew at the same time
            book_visit(session, BookingRequest(order.id, volkov, T0 + H, T0 + 3 * H, crew=(kim, sidorov)))
        assert str(info.value) == (f"Сидоров Иван is already booked 24.11 10:00–12:00 for order #{order.number} "
                                   f"(visit {first}). Choose another time or technician.")
        assert (info.value.blocking_visit_id, info.value.technician_id) == (first, sidorov)
        with pytest.raises(BookingConflict, match="Сидоров Иван is already booked") as info:  # ... or leads one
            book_visit(session, BookingRequest(order.id, sidorov, T0 + H, T0 + 3 * H))
        with pytest.raises(BookingConflict, match="Петров Сергей is already booked"):  # a lead is a member too
            book_visit(session, BookingRequest(order.id, volkov, T0 + H, T0 + 3 * H, crew=(petrov,)))
        # nothing of the refused bookings is left behind, and the others are free
        assert session.execute(select(Visit.id).where(Visit.order_id == order.id)).scalars().all() == [first]
        book_visit(session, BookingRequest(order.id, volkov, T0 + H, T0 + 3 * H, crew=(kim, volkov, kim)))


def test_member_rows_follow_their_visit_when_it_moves_is_cancelled_or_changes_lead(db):
    with db.transaction() as session:
        order, (petrov, sidorov, volkov, kim) = _setup(session)
        visit_id = book_visit(session, BookingRequest(order.id, petrov, T0, T0 + H, crew=(sidorov,)))
        visit = session.get(Visit, visit_id)
        visit.starts_at, visit.ends_at = T0 + 2 * H, T0 + 3 * H
        session.flush()
        assert {(m[2], m[3]) for m in _members(session, visit_id)} == {(T0 + 2 * H, T0 + 3 * H)}
        visit.technician_id = volkov  # the lead changes; Petrov is free again
        session.flush()
        assert [(m[0], m[1]) for m in _members(session, visit_id)] == [(sidorov, False), (volkov, True)]
        book_visit(session, BookingRequest(order.id, petrov, T0 + 2 * H, T0 + 3 * H))
        visit.technician_id = sidorov  # a crew member is promoted to lead
        session.flush()
        assert [(m[0], m[1]) for m in _members(session, visit_id)] == [(sidorov, True)]
        visit.status = "cancelled"
        session.flush()
        assert [m[4] for m in _members(session, visit_id)] == [True]
        book_visit(session, BookingRequest(order.id, kim, T0 + 2 * H, T0 + 3 * H, crew=(sidorov,)))


def test_the_database_refuses_a_move_that_makes_a_crew_member_clash_and_fixes_hand_written_times(db):
    with db.transaction() as session:
        order, (petrov, sidorov, volkov, _) = _setup(session)
        book_visit(session, BookingRequest(order.id, petrov, T0, T0 + H, crew=(sidorov,)))
        later = book_visit(session, BookingRequest(order.id, volkov, T0 + 2 * H, T0 + 3 * H, crew=(sidorov,)))
        with pytest.raises(IntegrityError) as info, session.begin_nested():
            session.execute(text("UPDATE visits SET starts_at = :s WHERE id = :id"), {"s": T0, "id": later})
        assert is_double_booking(info.value) and "visit_technicians_no_double_booking" in str(info.value.orig)
        session.execute(text("INSERT INTO visit_technicians (visit_id, technician_id, starts_at, ends_at) "
                             "VALUES (:v, :t, '2000-01-01', '2000-01-02')"), {"v": later, "t": petrov})
        assert [m[2:4] for m in _members(session, later)] == [(T0 + 2 * H, T0 + 3 * H)] * 3


def test_visits_bulk_loaded_with_triggers_off_get_their_lead_rows_back(db):
    with db.transaction() as session:
        order, (petrov, sidorov, *_) = _setup(session)
        visit = book_visit(session, BookingRequest(order.id, petrov, T0, T0 + H))
        session.execute(text("DELETE FROM visit_technicians"))  # as if written in replica mode
        assert add_missing_lead_rows(session) == 1 and add_missing_lead_rows(session) == 0
        assert _members(session, visit) == [(petrov, True, T0, T0 + H, False)]
        with pytest.raises(BookingConflict, match="Петров Сергей is already booked"):
            book_visit(session, BookingRequest(order.id, sidorov, T0, T0 + H, crew=(petrov,)))


def test_set_visit_crew_replaces_the_members_and_names_a_clash(db):
    with db.transaction() as session:
        order, (petrov, sidorov, volkov, kim) = _setup(session)
        busy = book_visit(session, BookingRequest(order.id, kim, T0, T0 + H))
        visit = book_visit(session, BookingRequest(order.id, petrov, T0, T0 + H, crew=(sidorov,)))
        set_visit_crew(session, visit, [volkov])
        assert [(m[0], m[1]) for m in _members(session, visit)] == [(petrov, True), (volkov, False)]
        with pytest.raises(BookingConflict, match=f"Ким Олег is already booked .* \\(visit {busy}\\)"):
            set_visit_crew(session, visit, [volkov, kim])
        assert [m[0] for m in _members(session, visit)] == [petrov, volkov]
        unassigned = book_visit(session, BookingRequest(order.id, None, T0, T0 + H))
        with pytest.raises(ValueError, match="needs a lead"):
            set_visit_crew(session, unassigned, [sidorov])


def _race(db, attempts: list[BookingRequest]) -> list[str]:
    outcomes: list[str] = []
    barrier = threading.Barrier(len(attempts))

    def attempt(request: BookingRequest) -> None:
        barrier.wait()
        try:
            with db.transaction() as session:
                book_visit(session, request)
            outcomes.append("booked")
        except BookingConflict as exc:
            outcomes.append(str(exc))
        except Exception as exc:  # recorded, so the test fails on it rather than losing the thread's outcome
            outcomes.append(f"unexpected {exc!r}")

    threads = [threading.Thread(target=attempt, args=(r,)) for r in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_simultaneous_crews_sharing_one_member_exactly_one_wins(fresh_database):
    with fresh_database.transaction() as session:
        order, _ = _setup(session)
        leads = [add_technician(session, f"Бригадир {i}").id for i in range(6)]
        member = add_technician(session, "Сидоров Пётр").id
        order_id = order.id
    outcomes = _race(fresh_database, [BookingRequest(order_id, lead, T0, T0 + H, crew=(member,)) for lead in leads])
    assert len(outcomes) == 6 and outcomes.count("booked") == 1
    assert all("Сидоров Пётр is already booked" in o or "at that moment" in o for o in outcomes if o != "booked")


def test_simultaneous_lead_and_crew_bookings_of_one_person_exactly_one_wins(fresh_database):
    with fresh_database.transaction() as session:
        order, (petrov, sidorov, volkov, kim) = _setup(session)
        order_id = order.id
    attempts = [BookingRequest(order_id, sidorov, T0, T0 + H), BookingRequest(order_id, petrov, T0, T0 + H,
                                                                              crew=(sidorov,)),
                BookingRequest(order_id, volkov, T0 + H / 2, T0 + 2 * H, crew=(sidorov,)),
                BookingRequest(order_id, kim, T0 - H / 2, T0 + 3 * H / 4, crew=(sidorov,))]  # all overlap
    outcomes = _race(fresh_database, attempts)
    assert outcomes.count("booked") == 1
    assert all("Сидоров Иван is already booked" in o or "at that moment" in o for o in outcomes if o != "booked")
    with fresh_database.session() as session:
        rows = session.execute(select(VisitTechnician.visit_id).where(VisitTechnician.technician_id == sidorov))
        assert len(rows.all()) == 1


def test_two_crews_swapping_members_at_once_deadlock_and_the_loser_gets_a_conflict_not_an_error(fresh_database):
    """Each transaction holds one member and reaches for the other's: Postgres breaks the deadlock by failing one."""
    with fresh_database.transaction() as session:
        order, (petrov, sidorov, volkov, kim) = _setup(session)
        order_id = order.id
    sessions = [fresh_database.session_factory() for _ in range(2)]
    visits = [book_visit(sessions[0], BookingRequest(order_id, petrov, T0, T0 + H, crew=(sidorov,))),
              book_visit(sessions[1], BookingRequest(order_id, volkov, T0, T0 + H, crew=(kim,)))]
    crews = [[sidorov, kim], [kim, sidorov]]
    outcomes: dict[int, str] = {}

    def reach(index: int) -> None:
        try:
            set_visit_crew(sessions[index], visits[index], crews[index])
            outcomes[index] = "joined"
        except BookingConflict as exc:
            outcomes[index] = str(exc)
            sessions[index].rollback()  # the loser gives up; the winner's wait ends
        except Exception as exc:
            outcomes[index] = f"unexpected {exc!r}"
            sessions[index].rollback()

    threads = [threading.Thread(target=reach, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    for session in sessions:
        session.commit()
        session.close()
    winner, loser = sorted(outcomes.values(), key=lambda outcome: outcome != "joined")
    assert winner == "joined"
    assert loser == "The technician was booked by someone else at that moment. Try again."
