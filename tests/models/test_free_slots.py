"""Free slots on hand-worked days (zones, skills, travel, holidays, absences, crews, the urgent buffer) and on the demo.

Distances are due north or south of the address, so travel is easy to work out: 0.045° of latitude is 5.0 km,
13.5 minutes with the default detour and speed, rounded up to 14; 0.025° is 2.8 km, 7.5 → 8 minutes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from models.catalog import Service
from models.clients import Site
from models.database import Database
from models.free_slots import Slot, free_slots
from models.scheduling import BookingRequest, Shift, Technician, Zone, book_visit
from models.shifts import add_absence, add_shift, delete_absence
from tests.factories import add_client, add_order, add_pipeline

TZ = ZoneInfo("Asia/Yekaterinburg")
DAY = date(2026, 12, 1)  # a Tuesday, no public holiday
UNITY_DAY = date(2026, 11, 4)  # a public holiday in Russia, on a Wednesday
HERE = (55.16, 61.40)  # where the factories put a client's site
SQUARE = {"type": "Polygon", "coordinates": [[[61.30, 55.10], [61.50, 55.10], [61.50, 55.22], [61.30, 55.22],
                                              [61.30, 55.10]]]}
BIGGER = {"type": "Polygon", "coordinates": [[[61.0, 54.9], [61.8, 54.9], [61.8, 55.4], [61.0, 55.4], [61.0, 54.9]]]}
EKATERINBURG = {"type": "Polygon", "coordinates": [[[60.5, 56.8], [60.7, 56.8], [60.7, 56.9], [60.5, 56.9],
                                                    [60.5, 56.8]]]}


def at(day: date, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=TZ)


class World:
    """A zone around the address, one far away, a one-hour service needing ac_service, and an order at the address."""

    def __init__(self, session: Session):
        self.session = session
        self.zone = self._add(Zone(name="Тест", polygon=SQUARE))
        self.far = self._add(Zone(name="Екатеринбург", polygon=EKATERINBURG))
        self.service = self._add(Service(code="t_diag", name="Диагностика", price=Decimal(1800), duration_min=60,
                                         required_skill="ac_service"))
        client = add_client(session, "Иванов Пётр", "+7 351 123 45 67", address="ул. Ленина, 5")
        _, stages = add_pipeline(session)
        self.order = add_order(session, client, stages[0])
        north = self._add(Site(client_id=client.id, address="ул. Кирова, 1", lat=HERE[0] + 0.025, lon=HERE[1]))
        self.order_north = add_order(session, client, stages[0])
        self.order_north.site_id = north.id

    def _add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def tech(self, name: str, *skills: str, home: tuple[float, float] | None = None) -> Technician:
        lat, lon = home or (None, None)
        return self._add(Technician(full_name=name, skills=list(skills or ("ac_service",)), home_lat=lat,
                                    home_lon=lon))

    def shift(self, tech: Technician, day: date, hours: str, zone: Zone | None = None) -> Shift:
        start, end = hours.split("–")
        return self._add(Shift(technician_id=tech.id, zone_id=(zone or self.zone).id, starts_at=at(day, start),
                               ends_at=at(day, end)))

    def visit(self, tech: Technician, day: date, hours: str, *, north: bool = False, crew: tuple[int, ...] = ()):
        start, end = hours.split("–")
        order = self.order_north if north else self.order
        return book_visit(self.session, BookingRequest(order.id, tech.id, at(day, start), at(day, end), crew=crew))


def brief(slots: list[Slot]) -> list[tuple[str, str, int, int]]:
    return [(s.technician_name, f"{s.starts_at:%H:%M}", s.travel_before_min, s.travel_after_min) for s in slots]


def slots_on(db: Database, world_service: int, day: date, *, now: datetime | None = None, **kw) -> list[Slot]:
    return free_slots(db, lat=HERE[0], lon=HERE[1], service_id=world_service, date_from=day, date_to=day,
                      now=now or at(day, "07:00"), **kw)


def test_slots_leave_room_to_drive_from_home_and_between_visits_for_skilled_technicians_of_the_zone(db):
    with db.transaction() as session:
        w = World(session)
        petrov = w.tech("Петров Сергей", home=(HERE[0] - 0.045, HERE[1]))  # 14 minutes from home
        w.shift(petrov, DAY, "09:00–14:00")
        w.visit(petrov, DAY, "11:00–12:00", north=True)  # 8 minutes away
        volkov = w.tech("Волков Илья")  # no home base: the shift starts at the first address
        w.shift(volkov, DAY, "09:00–10:00")
        w.shift(w.tech("Ким Олег", "water_meter"), DAY, "09:00–14:00")  # no skill
        w.shift(w.tech("Орлов Иван"), DAY, "09:00–14:00", zone=w.far)  # zone does not hold the address
        service = w.service.id
    slots = slots_on(db, service, DAY)
    # Петров: 09:00 + 14 min from home → 09:30; 10:30 + 8 min to the 11:00 visit fits, 10:00 would end too late;
    # after the visit 12:00 + 8 min → 12:30, and 13:00 still ends with the shift at 14:00.
    assert brief(slots) == [("Волков Илья", "09:00", 0, 0), ("Петров Сергей", "09:30", 14, 8),
                            ("Петров Сергей", "12:30", 8, 0), ("Петров Сергей", "13:00", 8, 0)]
    assert {s.zone_name for s in slots} == {"Тест"}
    assert slots[1].starts_at == at(DAY, "09:30") and slots[1].ends_at == at(DAY, "10:30")
    assert slots[1].starts_at.tzinfo == TZ
    assert slots_on(db, service, DAY, step_minutes=15)[1:3] == [
        Slot(petrov.id, "Петров Сергей", at(DAY, "09:15"), at(DAY, "10:15"), w.zone.id, "Тест", 14, 8),
        Slot(petrov.id, "Петров Сергей", at(DAY, "09:30"), at(DAY, "10:30"), w.zone.id, "Тест", 14, 8)]


def test_no_slot_starts_in_the_past(db):
    with db.transaction() as session:
        w = World(session)
        w.shift(w.tech("Волков Илья"), DAY, "09:00–12:00")
        service = w.service.id
    assert brief(slots_on(db, service, DAY, now=at(DAY, "09:40"))) == [
        ("Волков Илья", "10:00", 0, 0), ("Волков Илья", "10:30", 0, 0), ("Волков Илья", "11:00", 0, 0)]
    assert slots_on(db, service, DAY, now=at(DAY, "11:01")) == []


def test_a_crew_member_is_busy_during_the_visit_he_joins(db):
    with db.transaction() as session:
        w = World(session)
        lead, member = w.tech("Смирнов Антон", "electrical"), w.tech("Волков Илья")
        w.shift(member, DAY, "09:00–12:00")
        w.visit(lead, DAY, "10:00–11:00", crew=(member.id,))
        service = w.service.id
    assert brief(slots_on(db, service, DAY)) == [("Волков Илья", "09:00", 0, 0), ("Волков Илья", "11:00", 0, 0)]


def test_absent_technicians_offer_nothing_until_the_absence_is_removed(db):
    with db.transaction() as session:
        w = World(session)
        volkov = w.tech("Волков Илья")
        w.shift(volkov, DAY, "09:00–11:00")
        service = w.service.id
    absence = add_absence(db, technician_id=volkov.id, starts_on=DAY - timedelta(days=2), ends_on=DAY,
                          reason="sick_leave")
    assert slots_on(db, service, DAY) == []
    assert slots_on(db, service, DAY, urgent=True) == []
    delete_absence(db, absence.id)
    assert len(slots_on(db, service, DAY)) == 3


def test_holiday_shifts_are_offered_only_when_added_for_that_day(db):
    with db.transaction() as session:
        w = World(session)
        bulk, explicit = w.tech("Петров Сергей"), w.tech("Волков Илья")
        w.shift(bulk, UNITY_DAY, "09:00–10:00")  # laid down in bulk, as an import or the demo does
        service, zone = w.service.id, w.zone.id
    added = add_shift(db, technician_id=explicit.id, zone_id=zone, starts_at=at(UNITY_DAY, "09:00"),
                      ends_at=at(UNITY_DAY, "11:00"))
    assert added.holiday == "Unity Day" and added.holiday_work and added.offered
    assert {s.technician_name for s in slots_on(db, service, UNITY_DAY)} == {"Волков Илья"}


def test_the_urgent_buffer_keeps_part_of_the_zone_day_free_for_urgent_calls(db):
    with db.transaction() as session:
        w = World(session)
        volkov = w.tech("Волков Илья")
        w.shift(volkov, DAY, "09:00–19:00")  # 600 minutes in the zone that day
        w.visit(volkov, DAY, "09:00–17:00")  # 480 booked, at the address itself
        service = w.service.id
    evening = [("Волков Илья", "17:00", 0, 0), ("Волков Илья", "17:30", 0, 0), ("Волков Илья", "18:00", 0, 0)]
    # buffer 10 %: 480 + 60 = 540 ≤ 90 % of 600 = 540, so the hour is still offered
    assert brief(slots_on(db, service, DAY)) == evening
    with db.transaction() as session:
        session.execute(text("UPDATE company SET urgent_buffer_percent = 20"))
    # buffer 20 %: 540 > 480, kept for urgent calls
    assert slots_on(db, service, DAY) == []
    assert brief(slots_on(db, service, DAY, urgent=True)) == evening


def test_each_overlapping_zone_offers_its_own_shifts(db):
    with db.transaction() as session:
        w = World(session)
        big = w._add(Zone(name="Челябинск целиком", polygon=BIGGER))
        w.shift(w.tech("Волков Илья"), DAY, "09:00–11:00", zone=big)
        w.shift(w.tech("Петров Сергей"), DAY, "09:00–11:00")
        service = w.service.id
    slots = slots_on(db, service, DAY)
    assert {(s.technician_name, s.zone_name) for s in slots} == {("Волков Илья", "Челябинск целиком"),
                                                                 ("Петров Сергей", "Тест")}


def test_a_zone_day_too_short_for_the_buffer_offers_only_urgent_slots(db):
    with db.transaction() as session:
        w = World(session)
        w.shift(w.tech("Волков Илья"), DAY, "09:00–10:00")  # 60 minutes; 90 % of it is less than the visit
        service = w.service.id
    assert slots_on(db, service, DAY) == []
    assert brief(slots_on(db, service, DAY, urgent=True)) == [("Волков Илья", "09:00", 0, 0)]


def test_unknown_service_and_bad_period_are_refused(db):
    with pytest.raises(LookupError, match="not in the catalog"):
        free_slots(db, lat=HERE[0], lon=HERE[1], service_id=-1, date_from=DAY, date_to=DAY)
    with pytest.raises(ValueError, match="period"):
        free_slots(db, lat=HERE[0], lon=HERE[1], service_id=1, date_from=DAY, date_to=DAY - timedelta(days=1))


# --- the demo company ---------------------------------------------------------------------------------------------


@pytest.fixture
def demo_db(demo_database: Database) -> Iterator[Database]:
    """The shared demo database, with everything a test books rolled back afterwards."""
    connection = demo_database.engine.connect()
    outer = connection.begin()
    rolled = Database.__new__(Database)
    rolled.url, rolled.engine = demo_database.url, demo_database.engine
    rolled.session_factory = sessionmaker(bind=connection, expire_on_commit=False,
                                          join_transaction_mode="create_savepoint")
    yield rolled
    outer.rollback()
    connection.close()


def _demo_address(db: Database) -> tuple[int, float, float, int, int]:
    """An order at a site of the central zone, and the one-hour air-conditioner diagnostics."""
    with db.session() as session:
        row = session.execute(text(
            "SELECT o.id, s.lat, s.lon FROM orders o JOIN sites s ON s.id = o.site_id "
            "WHERE s.lat BETWEEN 55.15 AND 55.17 AND s.lon BETWEEN 61.39 AND 61.41 ORDER BY o.id LIMIT 1")).one()
        service = session.execute(text("SELECT id FROM services WHERE code = 'ac_diag'")).scalar_one()
    return row[0], row[1], row[2], service, 60


def test_demo_week_slots_are_real_and_can_be_booked(demo_db: Database):
    order_id, lat, lon, service, minutes = _demo_address(demo_db)
    now = datetime.now(UTC)
    today = now.astimezone(TZ).date()
    free_slots(demo_db, lat=lat, lon=lon, service_id=service, date_from=today, date_to=today)  # warm up
    started = time.perf_counter()
    slots = free_slots(demo_db, lat=lat, lon=lon, service_id=service, date_from=today,
                       date_to=today + timedelta(days=6), now=now)
    print(f"\nfree_slots, one address, a week of the small demo: {(time.perf_counter() - started) * 1000:.1f} ms, "
          f"{len(slots)} slots")
    assert slots
    with demo_db.session() as session:
        skilled = set(session.execute(text(
            "SELECT id FROM technicians WHERE 'ac_service' = ANY(skills) AND active")).scalars())
        for slot in slots:
            assert slot.technician_id in skilled
            assert slot.starts_at >= now and slot.ends_at - slot.starts_at == timedelta(minutes=minutes)
            assert session.execute(text(
                "SELECT count(*) FROM shifts WHERE technician_id = :t AND zone_id = :z AND starts_at <= :s "
                "AND ends_at >= :e"), {"t": slot.technician_id, "z": slot.zone_id, "s": slot.starts_at,
                                       "e": slot.ends_at}).scalar() == 1
    first_each = {}
    for slot in slots:
        first_each.setdefault(slot.technician_id, slot)
    with demo_db.transaction() as session:
        for slot in first_each.values():
            visit = book_visit(session, BookingRequest(order_id, slot.technician_id, slot.starts_at,
                                                       service_id=service))
            assert visit
    after = free_slots(demo_db, lat=lat, lon=lon, service_id=service, date_from=today,
                       date_to=today + timedelta(days=6), now=now)
    for slot in first_each.values():
        assert not any(s.technician_id == slot.technician_id and s.starts_at < slot.ends_at
                       and s.ends_at > slot.starts_at for s in after), "a booked slot is still offered"


# --- the slot cutting against a plain step-by-step scan -------------------------------------------------------------


def _reference_cut(shifts, busy, settings, zones, here, duration, skill, urgent, step, now):
    """The slot cutting as first written: a scan of each shift's grid in datetimes, a capacity loop over every visit
    of every shift, and a sort of the slots; what the optimised ``_cut`` must keep returning."""
    import math
    from bisect import bisect_left
    from collections import defaultdict

    from models.free_slots import UNKNOWN_TRAVEL_MIN, Slot
    from models.shifts import local_span
    from routing.geo import travel_minutes

    capacity, booked = defaultdict(timedelta), defaultdict(timedelta)
    for shift in shifts:
        capacity[shift.zone_id, shift.day] += shift.ends_at - shift.starts_at
        for visit in busy.get(shift.technician_id, ()):
            overlap = min(visit.ends_at, shift.ends_at) - max(visit.starts_at, shift.starts_at)
            if overlap > timedelta(0):
                booked[shift.zone_id, shift.day] += overlap
    share = 100 - settings.urgent_buffer_percent

    def travel(place):
        return UNKNOWN_TRAVEL_MIN if place is None else math.ceil(travel_minutes(place[0], place[1], *here))

    slots = []
    for shift in shifts:
        key = (shift.zone_id, shift.day)
        if skill is not None and skill not in shift.skills:
            continue
        if not urgent and (booked[key] + duration) * 100 > capacity[key] * share:
            continue
        visits = busy.get(shift.technician_id, [])
        day_start, day_end = local_span(settings.tz, shift.day, shift.day)

        def on_grid(moment, day_start=day_start):
            return day_start + math.ceil((moment - day_start) / step) * step

        starts_list = [v.starts_at for v in visits]
        t = on_grid(max(shift.starts_at, now))
        while t + duration <= shift.ends_at:
            end = t + duration
            i = bisect_left(starts_list, end)
            prev = visits[i - 1] if i and visits[i - 1].ends_at > day_start else None
            if prev is not None and prev.ends_at > t:
                t = on_grid(prev.ends_at)
                continue
            following = visits[i] if i < len(visits) and visits[i].starts_at < day_end else None
            if prev is not None:
                before = travel(prev.place)
                earliest = max(shift.starts_at, prev.ends_at + timedelta(minutes=before))
            else:
                before = travel(shift.home) if shift.home is not None else 0
                earliest = shift.starts_at + timedelta(minutes=before)
            if t < earliest:
                t = on_grid(earliest)
                continue
            after = travel(following.place) if following is not None else 0
            if following is not None and end + timedelta(minutes=after) > following.starts_at:
                t = on_grid(following.ends_at)
                continue
            slots.append(Slot(shift.technician_id, shift.name, t.astimezone(settings.tz),
                              (t + duration).astimezone(settings.tz), shift.zone_id, zones[shift.zone_id], before,
                              after))
            t += step
    slots.sort(key=lambda s: (s.starts_at, s.technician_name, s.technician_id))
    return slots


_PLACES = [None, HERE, (HERE[0] + 0.025, HERE[1]), (HERE[0] - 0.045, HERE[1]), (HERE[0] + 0.3, HERE[1] - 0.2)]
_NAMES = ["Волков Илья", "Петров Сергей", "Петров Сергей", "Ким Олег"]  # two namesakes: the id breaks the tie


@st.composite
def _plans(draw):
    """Shifts and visits of a few technicians over three days, around a change of clocks in zones that have them, with
    times read back in the zone the database session might use; what ``_cut`` gets after its queries."""
    from models.free_slots import _Busy, _Shift
    from models.scheduling import PlanningSettings

    company = ZoneInfo(draw(st.sampled_from(["Asia/Yekaterinburg", "Europe/Berlin", "America/New_York"])))
    session = ZoneInfo(draw(st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"])))
    first = draw(st.sampled_from([date(2026, 3, 7), date(2026, 3, 28), date(2026, 10, 24), date(2026, 10, 31)]))
    origin = datetime.combine(first, datetime.min.time(), company).astimezone(UTC)

    def moment(minutes: int) -> datetime:  # an instant, as the session hands it back (so with its fold)
        return (origin + timedelta(minutes=minutes)).astimezone(session)

    # where the session's clocks change: times near them are drawn often
    changes = [m for m in range(0, 3 * 24 * 60, 15)
               if moment(m).utcoffset() != moment(m + 15).utcoffset()]
    near = [st.integers(m - 90, m + 90) for m in changes]
    minutes = st.one_of(st.integers(0, 3 * 24 * 60), *near, *near)
    shifts, busy = [], {}
    for tech_id in range(1, draw(st.integers(1, 4)) + 1):
        skills = frozenset(draw(st.sampled_from([["ac_service"], ["ac_service", "electrical"], ["electrical"]])))
        home = draw(st.sampled_from([*_PLACES[1:], None]))
        for _ in range(draw(st.integers(0, 3))):
            begin = draw(minutes)
            starts, ends = moment(begin), moment(begin + draw(st.integers(30, 14 * 60)))
            shifts.append(_Shift(tech_id, _NAMES[tech_id - 1], skills, home, draw(st.sampled_from([1, 2])), starts,
                                 ends, starts.astimezone(company).date()))
        visits = []
        for _ in range(draw(st.integers(0, 8))):
            begin = draw(minutes)
            length = draw(st.integers(5, 240))
            visits.append(_Busy(moment(begin), moment(begin + length), draw(st.sampled_from(_PLACES))))
        if visits:  # the query orders them by start, as instants
            busy[tech_id] = sorted(visits, key=lambda v: v.starts_at.astimezone(UTC))
    buffer = draw(st.sampled_from([0, 10, 25]))
    return dict(shifts=shifts, busy=busy, settings=PlanningSettings(company, "RU", buffer),
                zones={1: "Тест", 2: "Челябинск целиком"}, here=HERE,
                duration=timedelta(minutes=draw(st.sampled_from([15, 30, 60, 95]))),
                skill=draw(st.sampled_from(["ac_service", None])), urgent=draw(st.booleans()),
                step=timedelta(minutes=draw(st.sampled_from([5, 7, 15, 30, 45]))),
                now=origin + timedelta(minutes=draw(st.integers(-60, 2 * 24 * 60))))


def _repeated_hour_plan() -> dict:
    """A shift read back in a session zone at 02:10 of the hour Berlin lives twice (fold=1), 14 minutes from home: the
    drive from home is added to the datetime as read (on its wall clock), as it always has been."""
    from models.free_slots import _Shift
    from models.scheduling import PlanningSettings

    berlin = ZoneInfo("Europe/Berlin")
    starts = datetime(2026, 10, 25, 1, 10, tzinfo=UTC).astimezone(berlin)
    shift = _Shift(1, "Волков Илья", frozenset({"ac_service"}), (HERE[0] - 0.045, HERE[1]), 1, starts,
                   starts + timedelta(hours=3), date(2026, 10, 25))
    return dict(shifts=[shift], busy={}, settings=PlanningSettings(berlin, "RU", 0), zones={1: "Тест"}, here=HERE,
                duration=timedelta(minutes=30), skill=None, urgent=True, step=timedelta(minutes=5),
                now=datetime(2026, 10, 1, tzinfo=UTC))


@examples(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plans())
@example(_repeated_hour_plan())
def test_cutting_the_slots_gives_what_a_plain_grid_scan_gives(plan):
    from models.free_slots import _cut

    got, expected = _cut(**plan), _reference_cut(**plan)
    assert got == expected
    assert [(s.starts_at.tzinfo, s.starts_at.fold, s.ends_at.tzinfo, s.ends_at.fold) for s in got] == [
        (s.starts_at.tzinfo, s.starts_at.fold, s.ends_at.tzinfo, s.ends_at.fold) for s in expected]
