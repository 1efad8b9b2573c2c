"""Shifts per technician, day and zone; absences; public holidays and working days."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from models.scheduling import BookingRequest, Shift, Zone, book_visit
from models.shifts import (
    PlanningRefused,
    ShiftConflict,
    ShiftHasVisits,
    absences_for,
    add_absence,
    add_shift,
    delete_shift,
    fill_shifts,
    holidays_between,
    move_shift,
    shifts_for,
    working_days,
)
from tests.factories import add_client, add_order, add_pipeline, add_technician

TZ = ZoneInfo("Asia/Yekaterinburg")
SQUARE = {"type": "Polygon", "coordinates": [[[61.3, 55.1], [61.5, 55.1], [61.5, 55.2], [61.3, 55.1]]]}


def at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), TZ)


NOV24 = date(2026, 11, 24)


def _people(db):
    with db.transaction() as session:
        centre, north = Zone(name="Центр", polygon=SQUARE), Zone(name="Север", polygon=SQUARE)
        session.add_all([centre, north])
        petrov, volkov = add_technician(session, "Петров Сергей"), add_technician(session, "Волков Илья Петрович")
        return centre.id, north.id, petrov.id, volkov.id


def test_an_overlapping_shift_is_refused_naming_both_shifts(db):
    centre, north, petrov, volkov = _people(db)
    first = add_shift(db, technician_id=petrov, zone_id=centre, starts_at=at(NOV24, "08:00"),
                      ends_at=at(NOV24, "17:00"))
    with pytest.raises(ShiftConflict) as info:
        add_shift(db, technician_id=petrov, zone_id=north, starts_at=at(NOV24, "16:00"), ends_at=at(NOV24, "20:00"))
    assert str(info.value) == ("Петров С. already works 08:00–17:00 on 24.11 in zone Центр; the new shift 16:00–20:00 "
                               "overlaps it. Change the hours or move that shift first.")
    assert info.value.blocking_shift_id == first.id
    # back to back in another zone is fine, and so is another technician at the same time
    evening = add_shift(db, technician_id=petrov, zone_id=north, starts_at=at(NOV24, "17:00"),
                        ends_at=at(NOV24, "20:00"))
    add_shift(db, technician_id=volkov, zone_id=centre, starts_at=at(NOV24, "08:00"), ends_at=at(NOV24, "17:00"))
    assert (evening.zone_name, evening.starts_at, evening.day) == ("Север", at(NOV24, "17:00"), NOV24)
    with pytest.raises(ShiftConflict, match=r"Волков И\. П\. already works 08:00–17:00 on 24\.11 in zone Центр"):
        add_shift(db, technician_id=volkov, zone_id=None, starts_at=at(NOV24, "07:00"), ends_at=at(NOV24, "09:00"))


def test_a_shift_with_no_zone_is_named_so(db):
    centre, _, petrov, _ = _people(db)
    add_shift(db, technician_id=petrov, zone_id=None, starts_at=at(NOV24, "08:00"), ends_at=at(NOV24, "12:00"))
    with pytest.raises(ShiftConflict, match=r"08:00–12:00 on 24\.11 with no zone; the new shift 11:00–13:00"):
        add_shift(db, technician_id=petrov, zone_id=centre, starts_at=at(NOV24, "11:00"), ends_at=at(NOV24, "13:00"))


def test_impossible_hours_are_refused(db):
    centre, _, petrov, _ = _people(db)
    with pytest.raises(ValueError, match="time zone"):
        add_shift(db, technician_id=petrov, zone_id=centre, starts_at=datetime(2026, 11, 24, 8),
                  ends_at=datetime(2026, 11, 24, 17))
    with pytest.raises(PlanningRefused, match="at most 24 hours"):
        add_shift(db, technician_id=petrov, zone_id=centre, starts_at=at(NOV24, "17:00"), ends_at=at(NOV24, "08:00"))


def test_moving_a_shift_checks_overlaps_and_visits_left_outside(db):
    centre, north, petrov, _ = _people(db)
    morning = add_shift(db, technician_id=petrov, zone_id=centre, starts_at=at(NOV24, "08:00"),
                        ends_at=at(NOV24, "12:00"))
    add_shift(db, technician_id=petrov, zone_id=centre, starts_at=at(NOV24, "13:00"), ends_at=at(NOV24, "17:00"))
    with db.transaction() as session:
        client = add_client(session, "Иванов Пётр", "+7 351 123 45 67", address="ул. Ленина, 5")
        order = add_order(session, client, add_pipeline(session)[1][0])
        visit = book_visit(session, BookingRequest(order.id, petrov, at(NOV24, "10:00"), at(NOV24, "11:00")))
    moved = move_shift(db, morning.id, starts_at=at(NOV24, "09:00"), ends_at=at(NOV24, "12:00"), zone_id=north)
    assert (moved.starts_at, moved.zone_name) == (at(NOV24, "09:00"), "Север")
    with pytest.raises(ShiftConflict, match=r"already works 13:00–17:00 on 24\.11 in zone Центр"):
        move_shift(db, morning.id, starts_at=at(NOV24, "09:00"), ends_at=at(NOV24, "14:00"), zone_id=north)
    with pytest.raises(ShiftHasVisits, match=rf"10:00–11:00 order #{order.number}") as info:
        move_shift(db, morning.id, starts_at=at(NOV24, "10:30"), ends_at=at(NOV24, "12:00"), zone_id=north)
    assert info.value.visit_ids == (visit,)
    with pytest.raises(ShiftHasVisits):
        delete_shift(db, morning.id)
    delete_shift(db, morning.id, force=True)
    assert [s.starts_at for s in shifts_for(db, NOV24, NOV24, technician_id=petrov)] == [at(NOV24, "13:00")]


def test_shifts_for_a_period_and_zone_in_company_time_with_holidays_and_absences(db):
    centre, north, petrov, volkov = _people(db)
    nov3, nov4, nov5 = date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 5)
    with db.transaction() as session:  # laid down in bulk, holidays not considered
        session.add_all(Shift(technician_id=t, zone_id=z, starts_at=at(d, "08:00"), ends_at=at(d, "17:00"))
                        for d in (nov3, nov4, nov5) for t, z in ((petrov, centre), (volkov, north)))
    add_absence(db, technician_id=volkov, starts_on=nov5, ends_on=date(2026, 11, 9), reason="vacation")
    shifts = shifts_for(db, nov3, nov5)
    assert [(s.day, s.technician_name, s.holiday, s.absence, s.offered) for s in shifts] == [
        (nov3, "Волков Илья Петрович", None, None, True), (nov3, "Петров Сергей", None, None, True),
        (nov4, "Волков Илья Петрович", "Unity Day", None, False), (nov4, "Петров Сергей", "Unity Day", None, False),
        (nov5, "Волков Илья Петрович", None, "vacation", False), (nov5, "Петров Сергей", None, None, True)]
    assert all(s.starts_at.tzinfo == TZ and s.starts_at.hour == 8 for s in shifts)
    assert [(s.day, s.zone_name) for s in shifts_for(db, nov4, nov5, zone_id=centre)] == [(nov4, "Центр"),
                                                                                         (nov5, "Центр")]


def test_absences_refuse_overlaps_list_booked_visits_and_block_new_shifts(db):
    centre, _, petrov, _ = _people(db)
    with db.transaction() as session:
        client = add_client(session, "Иванов Пётр", "+7 351 123 45 67", address="ул. Ленина, 5")
        order = add_order(session, client, add_pipeline(session)[1][0])
        visit = book_visit(session, BookingRequest(order.id, petrov, at(date(2026, 12, 2), "10:00"),
                                                   at(date(2026, 12, 2), "11:00")))
    away = add_absence(db, technician_id=petrov, starts_on=date(2026, 11, 30), ends_on=date(2026, 12, 4),
                       reason="vacation", note="Сочи")
    assert away.visit_ids == (visit,)  # someone else must take it
    with pytest.raises(PlanningRefused) as info:
        add_absence(db, technician_id=petrov, starts_on=date(2026, 12, 4), ends_on=date(2026, 12, 5),
                    reason="sick_leave")
    assert str(info.value) == ("Петров С. is already away 30.11–04.12 (vacation); the new absence 04.12–05.12 "
                               "overlaps it. Change the dates or edit that absence.")
    with pytest.raises(PlanningRefused, match=r"Петров С\. is away 30\.11–04\.12 \(vacation\)"):
        add_shift(db, technician_id=petrov, zone_id=centre, starts_at=at(date(2026, 12, 1), "08:00"),
                  ends_at=at(date(2026, 12, 1), "17:00"))
    with pytest.raises(PlanningRefused, match="Unknown absence reason"):
        add_absence(db, technician_id=petrov, starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 8), reason="fun")
    assert [a.id for a in absences_for(db, date(2026, 12, 4), date(2026, 12, 10))] == [away.id]
    assert absences_for(db, date(2026, 12, 5), date(2026, 12, 10)) == []


def test_working_days_skip_weekends_and_public_holidays_and_count_moved_working_saturdays():
    assert working_days(date(2026, 11, 2), date(2026, 11, 8)) == [date(2026, 11, d) for d in (2, 3, 5, 6)]
    assert working_days(date(2026, 12, 28), date(2027, 1, 11)) == [
        date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30), date(2027, 1, 11)]
    assert date(2027, 2, 20) in working_days(date(2027, 2, 15), date(2027, 2, 21))  # a moved working Saturday
    assert date(2027, 2, 20) not in working_days(date(2027, 2, 15), date(2027, 2, 21), weekdays=frozenset(range(5)))
    assert working_days(date(2026, 11, 2), date(2026, 11, 8), weekdays=frozenset({2, 5})) == [date(2026, 11, 7)]
    assert holidays_between("RU", date(2026, 11, 1), date(2026, 11, 30)) == {date(2026, 11, 4): "Unity Day"}
    assert date(2026, 11, 4) not in holidays_between("DE", date(2026, 11, 1), date(2026, 11, 30))
    with pytest.raises(PlanningRefused, match="country 'XX'"):
        working_days(date(2026, 11, 2), date(2026, 11, 8), country="XX")


def test_fill_shifts_lays_down_working_days_and_skips_holidays_absences_and_taken_hours(db):
    centre, _, petrov, _ = _people(db)
    add_shift(db, technician_id=petrov, zone_id=centre, starts_at=at(date(2026, 11, 3), "12:00"),
              ends_at=at(date(2026, 11, 3), "20:00"))
    add_absence(db, technician_id=petrov, starts_on=date(2026, 11, 6), ends_on=date(2026, 11, 6), reason="day_off")
    result = fill_shifts(db, technician_id=petrov, zone_id=centre, date_from=date(2026, 11, 2),
                         date_to=date(2026, 11, 8), start=time(8), end=time(17))
    assert [s.day for s in result.created] == [date(2026, 11, 2), date(2026, 11, 5)]
    assert [(day, reason.split(";")[0]) for day, reason in result.skipped] == [
        (date(2026, 11, 3), "Петров С. already works 12:00–20:00 on 03.11 in zone Центр"),
        (date(2026, 11, 6), "Петров С. is away 06.11–06.11 (day off)")]
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(Shift).where(Shift.technician_id == petrov)
                               ).scalar() == 3
