"""Everything the equipment card shows, read in one unit of work and returned as plain data.

One unit's card: its owner and site, model and manufacturer, serial (and other clients' units carrying the same
serial, which the card flags), the sale, installation and commissioning dates, the warranty state today (by date and
by usage, from the latest reading), the readings, the parts replaced, and one history merged by time: the unit's
orders (the reason the client came: title and complaint), their visits, the calls about them, parts replaced and
warranty claims. "Frequent problems" count the complaints and the parts replaced on every unit of the same
manufacturer and model, whoever owns it.

A fixed handful of queries whatever the history's length (no query per order), so a unit with hundreds of orders
still opens at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.orm import Session, aliased

from models.calls import Call
from models.catalog import Service
from models.claims import Claim, PartReplacement
from models.client_card import describe_access
from models.clients import Client, Site
from models.company import Company, User
from models.database import Database
from models.equipment import Equipment, Manufacturer, UsageReading, WarrantyState, warranty_state
from models.equipment_edit import SerialOwner, other_clients_units
from models.pipelines import Order, Stage
from models.scheduling import Technician, Visit
from models.timeline import Attachment  # noqa: F401  (claims refer to attachments; the table must be known)
from models.views import EquipmentRow

#: Scenarios that are planned work, not a problem: left out of a model's "frequent problems".
PLANNED_SCENARIOS = ("sale", "installation", "maintenance", "warranty_maintenance", "post_warranty_maintenance",
                     "verification")
PROBLEMS_SHOWN = 5
COMPLAINT_CHARS = 80
READINGS_SHOWN = 50
SERIAL_HITS = 20
HISTORY_KINDS = ("order", "visit", "call", "part", "claim")


class EquipmentNotFound(LookupError):
    """The unit was deleted or never existed."""


@dataclass(frozen=True)
class HistoryItem:
    """One event of the unit's history. ``kind`` is one of HISTORY_KINDS; ``status`` is the visit's, call's or
    claim's status key; an order carries its stage (name, colour, kind) and scenario."""

    at: datetime  # in the company's time zone
    kind: str
    title: str
    detail: str
    order_id: int | None
    order_number: int | None
    status: str | None = None
    stage: str | None = None
    stage_color: str | None = None
    stage_kind: str | None = None
    scenario: str | None = None


@dataclass(frozen=True)
class ReadingRow:
    read_at: datetime  # in the company's time zone
    value: Decimal
    source: str | None


@dataclass(frozen=True)
class PartRow:
    at: datetime  # in the company's time zone
    part_name: str
    old_serial: str | None
    new_serial: str | None
    reason: str | None
    order_id: int | None
    order_number: int | None


@dataclass(frozen=True)
class ProblemRow:
    """A complaint (an order's title) or a part replaced, counted over every unit of the same make and model."""

    kind: str  # "complaint" | "part"
    text: str
    count: int
    units: int  # on how many units


@dataclass(frozen=True)
class EquipmentHit:
    """A unit found by its serial number."""

    id: int
    serial: str | None
    kind: str
    model: str
    manufacturer: str | None
    client_id: int
    client_name: str


@dataclass(frozen=True)
class EquipmentCardData:
    """Everything the equipment card shows; ``row`` is the same unit as the client card lists it (for the chip)."""

    id: int
    kind: str
    model: str
    manufacturer_id: int | None
    manufacturer: str | None
    serial: str | None
    client_id: int
    client_name: str
    site_id: int | None
    site_address: str | None
    site_access: str
    sold_on: date | None
    installed_on: date | None
    commissioned_on: date | None
    warranty_until: date | None
    warranty_usage_limit: Decimal | None
    usage_unit: str | None
    note: str | None
    version: int
    today: date
    warranty: WarrantyState
    latest_reading: Decimal | None
    row: EquipmentRow
    history: tuple[HistoryItem, ...]
    readings: tuple[ReadingRow, ...]
    parts: tuple[PartRow, ...]
    problems: tuple[ProblemRow, ...]
    order_count: int
    time_zone: str = "UTC"
    #: Other clients' units registered with the same serial (bad data to sort out: the card flags it).
    serial_conflicts: tuple[SerialOwner, ...] = ()

    @property
    def orders(self) -> tuple[HistoryItem, ...]:
        return tuple(item for item in self.history if item.kind == "order")


def load_equipment_card(db: Database, equipment_id: int, *, today: date | None = None) -> EquipmentCardData:
    """Read the unit's card; times come in the company's time zone, warranty is judged on ``today`` (there)."""
    with db.session() as session:
        tz_name = session.execute(select(Company.time_zone)).scalar() or "UTC"
        tz = ZoneInfo(tz_name)
        today = today or datetime.now(tz).date()
        twin = aliased(Equipment)
        # Whether another client's unit carries the same serial: rare bad data, read in full only when there is some.
        shared_serial = (select(twin.id).where(func.upper(twin.serial) == func.upper(Equipment.serial),
                                               twin.client_id != Equipment.client_id)
                         .correlate(Equipment).limit(1).exists())
        found = session.execute(
            select(Equipment, Client.name, Manufacturer.name, Site, shared_serial)
            .join(Client, Client.id == Equipment.client_id)
            .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
            .outerjoin(Site, Site.id == Equipment.site_id)
            .where(Equipment.id == equipment_id)
        ).one_or_none()
        if found is None:
            raise EquipmentNotFound(f"Unit {equipment_id} does not exist (it may have been deleted).")
        eq, client_name, maker, site, serial_shared = found
        readings = _readings(session, equipment_id, tz)
        latest = readings[0].value if readings else None
        state = warranty_state(today, warranty_until=eq.warranty_until, usage_limit=eq.warranty_usage_limit,
                               usage_unit=eq.usage_unit, latest_reading=latest)
        orders = _orders(session, equipment_id, tz)
        numbers = {item.order_id: item.order_number for item in orders}
        parts = _parts(session, equipment_id, tz)
        history = [*orders, *_visits(session, equipment_id, tz),
                   *_calls(session, equipment_id, eq.client_id, numbers, tz),
                   *(_part_item(p) for p in parts), *_claims(session, equipment_id, tz)]
        history.sort(key=lambda item: (item.at, HISTORY_KINDS.index(item.kind)), reverse=True)
        row = EquipmentRow(eq.id, eq.kind, eq.model, maker, eq.serial, site.address if site else None,
                           eq.installed_on, state.active, state.known, state.until, state.usage_left,
                           state.usage_unit, latest)
        return EquipmentCardData(
            id=eq.id, kind=eq.kind, model=eq.model, manufacturer_id=eq.manufacturer_id, manufacturer=maker,
            serial=eq.serial, client_id=eq.client_id, client_name=client_name, site_id=eq.site_id,
            site_address=site.address if site else None, site_access=describe_access(site) if site else "",
            sold_on=eq.sold_on, installed_on=eq.installed_on, commissioned_on=eq.commissioned_on,
            warranty_until=eq.warranty_until, warranty_usage_limit=eq.warranty_usage_limit, usage_unit=eq.usage_unit,
            note=eq.note, version=eq.version, today=today, warranty=state, latest_reading=latest, row=row,
            history=tuple(history), readings=readings, parts=parts,
            problems=_problems(session, eq.manufacturer_id, eq.model), order_count=len(orders), time_zone=tz.key,
            serial_conflicts=tuple(other_clients_units(session, eq.serial, eq.id, eq.client_id)) if serial_shared
            else (),
        )


def _readings(session: Session, equipment_id: int, tz: ZoneInfo) -> tuple[ReadingRow, ...]:
    rows = session.execute(
        select(UsageReading.read_at, UsageReading.value, UsageReading.source)
        .where(UsageReading.equipment_id == equipment_id)
        .order_by(UsageReading.read_at.desc(), UsageReading.id.desc())
        .limit(READINGS_SHOWN)
    ).all()
    return tuple(ReadingRow(at.astimezone(tz), value, source) for at, value, source in rows)


def _first_line(value: str | None, limit: int = 200) -> str:
    line = " ".join((value or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _orders(session: Session, equipment_id: int, tz: ZoneInfo) -> list[HistoryItem]:
    rows = session.execute(
        select(Order.id, Order.number, Order.created_at, Order.title, Order.description, Order.scenario,
               Stage.name, Stage.color, Stage.kind)
        .join(Stage, Stage.id == Order.stage_id)
        .where(Order.equipment_id == equipment_id)
    ).all()
    return [
        HistoryItem(at.astimezone(tz), "order", title, _first_line(description), oid, number,
                    stage=stage, stage_color=color, stage_kind=kind, scenario=scenario)
        for oid, number, at, title, description, scenario, stage, color, kind in rows
    ]


def _visits(session: Session, equipment_id: int, tz: ZoneInfo) -> list[HistoryItem]:
    rows = session.execute(
        select(Visit.starts_at, Visit.status, Visit.note, Visit.reason, Technician.full_name, Service.name,
               Order.id, Order.number)
        .join(Order, Order.id == Visit.order_id)
        .outerjoin(Technician, Technician.id == Visit.technician_id)
        .outerjoin(Service, Service.id == Visit.service_id)
        .where(Order.equipment_id == equipment_id)
    ).all()
    return [
        HistoryItem(at.astimezone(tz), "visit", service or "", " · ".join(
            p for p in (tech, _first_line(note or reason, 120)) if p), oid, number, status=status)
        for at, status, note, reason, tech, service, oid, number in rows
    ]


def _calls(session: Session, equipment_id: int, client_id: int, numbers: dict[int, int],
           tz: ZoneInfo) -> list[HistoryItem]:
    """Calls filed against the unit's orders (the owner's calls about this machine)."""
    if not numbers:
        return []
    rows = session.execute(
        select(Call.started_at, Call.direction, Call.status, Call.talk_seconds, Call.from_number, Call.to_number,
               User.full_name, Call.order_id)
        .join(Order, Order.id == Call.order_id)
        .outerjoin(User, User.id == Call.user_id)
        .where(Order.equipment_id == equipment_id, or_(Call.client_id == client_id, Call.client_id.is_(None)))
    ).all()
    items = []
    for at, direction, status, talk, from_number, to_number, who, oid in rows:
        number = from_number if direction == "inbound" else to_number
        minutes = f"{talk // 60}:{talk % 60:02d}" if talk else ""
        items.append(HistoryItem(at.astimezone(tz), "call", direction, " · ".join(
            p for p in (number, minutes, who) if p), oid, numbers.get(oid), status=status))
    return items


def _parts(session: Session, equipment_id: int, tz: ZoneInfo) -> tuple[PartRow, ...]:
    rows = session.execute(
        select(PartReplacement.created_at, PartReplacement.part_name, PartReplacement.old_serial,
               PartReplacement.new_serial, PartReplacement.reason, Order.id, Order.number)
        .outerjoin(Order, Order.id == PartReplacement.order_id)
        .where(PartReplacement.equipment_id == equipment_id)
        .order_by(PartReplacement.created_at.desc(), PartReplacement.id.desc())
    ).all()
    return tuple(PartRow(at.astimezone(tz), name, old, new, reason, oid, number)
                 for at, name, old, new, reason, oid, number in rows)


def describe_part(part: PartRow) -> str:
    """"old-serial → new-serial" (a dash for a serial nobody wrote down)."""
    if not part.old_serial and not part.new_serial:
        return ""
    return f"{part.old_serial or '—'} → {part.new_serial or '—'}"


def _part_item(part: PartRow) -> HistoryItem:
    detail = " · ".join(p for p in (describe_part(part), _first_line(part.reason, 120)) if p)
    return HistoryItem(part.at, "part", part.part_name, detail, part.order_id, part.order_number)


def _claims(session: Session, equipment_id: int, tz: ZoneInfo) -> list[HistoryItem]:
    rows = session.execute(
        select(Claim.created_at, Claim.sent_at, Claim.decided_at, Claim.status, Claim.defect, Claim.manufacturer_ref,
               Claim.rejection_reason, Order.id, Order.number)
        .join(Order, Order.id == Claim.order_id)
        .where(Claim.equipment_id == equipment_id)
    ).all()
    items = []
    for created, sent, decided, status, defect, ref, rejection, oid, number in rows:
        at = decided or sent or created
        detail = ref if status == "confirmed" else rejection if status == "rejected" else ""
        items.append(HistoryItem(at.astimezone(tz), "claim", _first_line(defect, 160), detail or "", oid, number,
                                 status=status))
    return items


def _problems(session: Session, manufacturer_id: int | None, model: str) -> tuple[ProblemRow, ...]:
    """The most frequent complaints and parts replaced on every unit of this make and model."""
    same_model = and_(
        Equipment.model == model,
        Equipment.manufacturer_id == manufacturer_id if manufacturer_id is not None
        else Equipment.manufacturer_id.is_(None),
    )
    # The complaint is the order's description when that is one short line ("Перегрев двигателя"), else its title:
    # titles are often generic ("Платный ремонт: К-525"), long descriptions are stories that never repeat.
    short = func.btrim(Order.description)
    complaint = case((and_(func.length(short).between(1, COMPLAINT_CHARS),
                           func.strpos(short, "\n") == 0), short), else_=func.btrim(Order.title))
    key = func.lower(complaint)
    complaints = session.execute(
        select(func.min(complaint), func.count(), func.count(Order.equipment_id.distinct()))
        .join(Equipment, Equipment.id == Order.equipment_id)
        .where(same_model, or_(Order.scenario.is_(None), Order.scenario.not_in(PLANNED_SCENARIOS)))
        .group_by(key)
        .order_by(func.count().desc(), key)
        .limit(PROBLEMS_SHOWN)
    ).all()
    part_key = func.lower(func.btrim(PartReplacement.part_name))
    parts = session.execute(
        select(func.min(PartReplacement.part_name), func.count(), func.count(PartReplacement.equipment_id.distinct()))
        .join(Equipment, Equipment.id == PartReplacement.equipment_id)
        .where(same_model)
        .group_by(part_key)
        .order_by(func.count().desc(), part_key)
        .limit(PROBLEMS_SHOWN)
    ).all()
    return (*(ProblemRow("complaint", t, n, u) for t, n, u in complaints),
            *(ProblemRow("part", t, n, u) for t, n, u in parts))


def find_by_serial(db: Database, serial: str, limit: int = SERIAL_HITS) -> list[EquipmentHit]:
    """Units whose serial is ``serial`` (any case) or starts with it; an exact match comes first.

    The global search (models.search) already lists serial hits that lead to the client card; this one opens the
    equipment card directly (e.g. Enter on a serial typed in full).
    """
    wanted = " ".join((serial or "").split()).upper()
    if len(wanted) < 2:
        return []
    pattern = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with db.session() as session:
        rows = session.execute(
            select(Equipment.id, Equipment.serial, Equipment.kind, Equipment.model, Manufacturer.name,
                   Equipment.client_id, Client.name)
            .join(Client, Client.id == Equipment.client_id)
            .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
            .where(text("upper(equipment.serial) LIKE :pattern ESCAPE '\\'"))
            .params(pattern=pattern)
            .order_by((func.upper(Equipment.serial) != wanted), Equipment.serial, Equipment.id)
            .limit(limit)
        ).all()
    return [EquipmentHit(*row) for row in rows]
