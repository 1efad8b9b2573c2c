"""Engine-hours and odometer readings of a unit: only forward, never from the future.

A reading is checked against its neighbours in time: it may not be lower than the latest reading taken before it
nor higher than one taken after it (a reading entered late, for a past visit, still has to fit the sequence). The
unit is locked while checking (a transaction-level advisory lock on its id: technicians, who enter most readings,
may not lock rows of ``equipment``), so two readings entered at once are checked one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.company import Company
from models.database import Database
from models.equipment import Equipment, Manufacturer, UsageReading
from models.pipelines import Order
from models.scheduling import Visit

#: Workstations' clocks differ a little; a reading this far ahead of our clock still counts as "now".
CLOCK_SKEW = timedelta(minutes=5)
UNIT_WORDS = {"engine_hours": "engine hours", "km": "km"}
#: First key of the two-key advisory lock taken on a unit while a reading of it is checked and written ("UR").
READING_LOCK_SPACE = 0x5552
#: Where a reading comes from: taken on a visit, reported by the client, sent by the machine's telematics.
READING_SOURCES = ("visit", "client", "telematics")


class ReadingError(ValueError):
    """The reading is refused; the message names the reading it conflicts with and what to do."""


@dataclass(frozen=True)
class ReadingRow:
    id: int
    equipment_id: int
    value: Decimal
    read_at: datetime
    source: str | None


@dataclass(frozen=True)
class ReadingForm:
    """What the reading form shows: the unit, its counter, its latest reading and the company's clock (both in the
    company's time zone)."""

    equipment_id: int
    unit_name: str  # "Трактор Беларус/МТЗ Беларус-82.1"
    usage_unit: str | None  # None: the unit has no counter, no reading can be entered
    latest: ReadingRow | None
    time_zone: str
    now: datetime


def format_usage(value: Decimal | int | float, unit: str | None) -> str:
    """ "340 engine hours", "12 500.5 km"."""
    number = Decimal(str(value))
    text = f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.1f}"
    words = UNIT_WORDS.get(unit or "", "")
    return f"{text.replace(',', ' ')} {words}".strip()


def add_reading(db: Database, equipment_id: int, value: Decimal | float | str, read_at: datetime, *,
                source: str | None, visit_id: int | None = None, now: datetime | None = None) -> ReadingRow:
    """Store a reading of the unit's counter (taken on ``visit_id`` if given); ReadingError when it goes backwards,
    is dated in the future, or names a visit that is not about this unit."""
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", "")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ReadingError(f"“{value}” is not a number; enter the counter as shown, e.g. 1250 or 1250.5.") from None
    if not number.is_finite() or number < 0:
        raise ReadingError(f"{value} cannot be a counter reading; enter the value shown on the counter (0 or more).")
    if read_at.tzinfo is None:
        raise ReadingError("The reading's time has no time zone; pass an aware datetime.")
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        tz = company_zone(session)
        if read_at > now + CLOCK_SKEW:
            raise ReadingError(f"The reading is dated {read_at.astimezone(tz):%d.%m.%Y %H:%M}, in the future; enter "
                               f"the date it was actually taken.")
        session.execute(text("SELECT pg_advisory_xact_lock(:space, :unit)"),
                        {"space": READING_LOCK_SPACE, "unit": equipment_id})
        unit = session.execute(select(Equipment).where(Equipment.id == equipment_id)).scalar_one_or_none()
        if unit is None:
            raise ReadingError("The unit no longer exists; it may have been deleted on another workstation.")
        if unit.usage_unit is None:
            raise ReadingError(f"{unit.kind} {unit.model} has no usage counter (engine hours or km); set the unit "
                               f"in the equipment card before entering readings.")
        if visit_id is not None:
            visit_unit = session.execute(select(Order.equipment_id).join(Visit, Visit.order_id == Order.id)
                                         .where(Visit.id == visit_id)).first()
            if visit_unit is None or visit_unit.equipment_id != equipment_id:
                raise ReadingError(f"Visit {visit_id} is not about this unit; enter the reading on the unit's own "
                                   f"visit, or from the equipment card.")
        before, after = neighbours(session, equipment_id, read_at)
        if before is not None and number < before.value:
            raise ReadingError(
                f"{format_usage(number, unit.usage_unit)} is less than the previous reading "
                f"{format_usage(before.value, unit.usage_unit)} of {before.read_at.astimezone(tz):%d.%m.%Y}; "
                f"counters only go forward: check the value, or correct the earlier reading first.")
        if after is not None and number > after.value:
            raise ReadingError(
                f"{format_usage(number, unit.usage_unit)} on {read_at.astimezone(tz):%d.%m.%Y} is more than the later "
                f"reading {format_usage(after.value, unit.usage_unit)} of {after.read_at.astimezone(tz):%d.%m.%Y}; "
                f"check the value and the date.")
        reading = UsageReading(equipment_id=equipment_id, value=number, read_at=read_at, source=source,
                               visit_id=visit_id)
        session.add(reading)
        session.flush()
        return ReadingRow(reading.id, equipment_id, number, read_at, source)


def company_zone(session: Session) -> ZoneInfo:
    """The company's time zone, in which dates are written in messages."""
    return ZoneInfo(session.execute(select(Company.time_zone)).scalar_one_or_none() or "UTC")


def neighbours(session: Session, equipment_id: int, at: datetime) -> tuple[UsageReading | None, UsageReading | None]:
    """The latest reading taken at or before ``at`` and the earliest taken after it."""
    before = session.execute(select(UsageReading).where(UsageReading.equipment_id == equipment_id,
                                                        UsageReading.read_at <= at)
                             .order_by(UsageReading.read_at.desc(), UsageReading.id.desc()).limit(1)).scalar()
    after = session.execute(select(UsageReading).where(UsageReading.equipment_id == equipment_id,
                                                       UsageReading.read_at > at)
                            .order_by(UsageReading.read_at, UsageReading.id).limit(1)).scalar()
    return before, after


def readings_of(db: Database, equipment_id: int) -> list[ReadingRow]:
    """The unit's readings, oldest first."""
    with db.session() as session:
        rows = session.execute(select(UsageReading).where(UsageReading.equipment_id == equipment_id)
                               .order_by(UsageReading.read_at, UsageReading.id)).scalars()
        return [ReadingRow(r.id, r.equipment_id, Decimal(r.value), r.read_at, r.source) for r in rows]


def reading_form(db: Database, equipment_id: int, *, now: datetime | None = None) -> ReadingForm:
    """The unit, its counter and latest reading, for the form that adds one; ReadingError when the unit is gone."""
    with db.session() as session:
        tz = company_zone(session)
        found = session.execute(select(Equipment.kind, Equipment.model, Equipment.usage_unit, Manufacturer.name)
                                .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
                                .where(Equipment.id == equipment_id)).one_or_none()
        if found is None:
            raise ReadingError("The unit no longer exists; it may have been deleted on another workstation.")
        kind, model, unit, maker = found
        latest = session.execute(select(UsageReading).where(UsageReading.equipment_id == equipment_id)
                                 .order_by(UsageReading.read_at.desc(), UsageReading.id.desc()).limit(1)).scalar()
        row = (ReadingRow(latest.id, equipment_id, Decimal(latest.value), latest.read_at.astimezone(tz), latest.source)
               if latest is not None else None)
    name = f"{maker} {model}" if maker and maker not in model else model
    return ReadingForm(equipment_id, f"{kind} {name}", unit, row, tz.key, (now or datetime.now(UTC)).astimezone(tz))
