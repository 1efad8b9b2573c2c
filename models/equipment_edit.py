"""Registering and editing units of equipment, with their serials and dates checked.

A unit's serial identifies one machine: the same serial (trimmed, any case) may not be registered twice, and in
particular not on another client's unit; the refusal names that client and unit and says what to do (a unit that
changed hands is moved by changing its owner, which ``update_unit`` allows). Sale, installation and commissioning
dates may be empty, are never in the future (in the company's time zone) and follow each other in that order.

Every write is one transaction. Two desks registering the same serial at once are checked one after the other (a
transaction-level advisory lock on the serial), so neither slips past the check. The audit and live-sync triggers
on ``equipment`` record the change; adding a unit or moving it to another owner also leaves a note on the clients'
timelines. Parts replaced on a unit with a new serial are recorded here too, under the same serial check.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from models.claims import PartReplacement
from models.clients import Client, Site
from models.company import Company
from models.company_settings import company_today
from models.database import Database
from models.equipment import USAGE_UNITS, Equipment, Manufacturer
from models.numbers import typed_decimal
from models.pipelines import Order
from models.scheduling import Visit
from models.timeline import TimelineEntry

SERIAL_CHARS = 100
MODEL_CHARS = 200
KIND_CHARS = 100
MANUFACTURER_CHARS = 200
CATALOG_MODELS = 2_000
OWNERS_NAMED = 3
PART_NAMES_OFFERED = 100
ORDERS_OFFERED = 100
#: First key of the two-key advisory lock taken on a serial while it is checked and written ("SE").
SERIAL_LOCK_SPACE = 0x5345


@dataclass(frozen=True)
class UnitDraft:
    """What the unit form holds. ``manufacturer`` is a name (an unknown one is added to the manufacturers);
    ``warranty_months``, when given, sets the warranty end from the commissioning date (else installation, else
    sale); ``version`` is the one the form was filled from (an edit made meanwhile elsewhere is not overwritten)."""

    client_id: int
    model: str = ""
    kind: str = ""
    manufacturer: str = ""
    site_id: int | None = None
    serial: str = ""
    sold_on: date | None = None
    installed_on: date | None = None
    commissioned_on: date | None = None
    warranty_months: int | None = None
    warranty_until: date | None = None
    warranty_usage_limit: Decimal | None = None
    usage_unit: str | None = None
    note: str = ""
    version: int | None = None


@dataclass(frozen=True)
class SerialOwner:
    """A unit that already carries a serial, and whose it is."""

    unit_id: int
    client_id: int
    client_name: str
    kind: str
    model: str
    manufacturer: str | None
    serial: str

    def describe(self) -> str:
        """"ООО Ромашка (unit #45, Daikin FTXB35)"."""
        maker = f"{self.manufacturer} " if self.manufacturer and self.manufacturer not in self.model else ""
        return f"{self.client_name} (unit #{self.unit_id}, {maker}{self.model})"


class UnitRefused(ValueError):
    """The unit was not saved. ``problems`` are sentences saying what is wrong and what to do; ``fields`` names the
    form field of each (same order); ``conflicts`` are the units already carrying the serial."""

    def __init__(self, problems: Iterable[tuple[str, str]], conflicts: Iterable[SerialOwner] = ()):
        pairs = tuple(problems)
        self.fields = tuple(field for field, _ in pairs)
        self.problems = tuple(problem for _, problem in pairs)
        self.conflicts = tuple(conflicts)
        super().__init__(" ".join(self.problems))


class UnitChanged(UnitRefused):
    """The unit was changed or deleted at another workstation since the form was filled."""


@dataclass(frozen=True)
class SiteChoice:
    id: int
    address: str


@dataclass(frozen=True)
class CatalogModel:
    """A model known from the units already registered: its manufacturer and the kind of unit it is."""

    manufacturer: str | None
    model: str
    kind: str


@dataclass(frozen=True)
class UnitFormOptions:
    """What the unit form offers for a client: their sites, and the manufacturers, models and kinds known."""

    client_id: int
    client_name: str
    sites: tuple[SiteChoice, ...]
    manufacturers: tuple[str, ...]
    models: tuple[CatalogModel, ...]
    kinds: tuple[str, ...]
    today: date


@dataclass(frozen=True)
class OrderChoice:
    """One of the unit's orders, for "done under order №…"."""

    id: int
    number: int
    title: str
    created_on: date  # in the company's time zone


@dataclass(frozen=True)
class PartFormOptions:
    """What the part replacement form offers: the part names already used on units of the same make and model
    (most used first) and the unit's orders (newest first)."""

    unit_id: int
    client_id: int
    unit_name: str
    part_names: tuple[str, ...]
    orders: tuple[OrderChoice, ...]


def clean_serial(serial: str | None) -> str:
    """The serial as stored and compared: trimmed (inner spaces kept)."""
    return (serial or "").strip()


def _line(value: str | None) -> str:
    return " ".join((value or "").split())


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months, the day clamped to the month's end (31.01 + 1 month = 28/29.02)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def parse_decimal(value: str | Decimal | int | None) -> Decimal | None:
    """"1 500,5" → Decimal("1500.5"); empty → None; ValueError when it is not a number."""
    if value is None or isinstance(value, Decimal):
        return value
    if not str(value).strip():
        return None
    try:
        return typed_decimal(value)
    except ValueError:
        raise ValueError(f"“{value}” is not a number.") from None


# reading


def unit_form_options(db: Database, client_id: int) -> UnitFormOptions:
    """The client's name and sites, and the catalogue of manufacturers, models and kinds the form offers."""
    today = company_today(db)
    with db.session() as session:
        name = session.execute(select(Client.name).where(Client.id == client_id)).scalar_one_or_none()
        if name is None:
            raise UnitRefused([("client_id", f"Client {client_id} no longer exists (it may have been deleted); "
                                             f"find the owner again.")])
        sites = session.execute(select(Site.id, Site.address).where(Site.client_id == client_id)
                                .order_by(Site.id)).all()
        makers = session.execute(select(Manufacturer.name).order_by(Manufacturer.name)).scalars().all()
        models = session.execute(
            select(Manufacturer.name, Equipment.model, func.min(Equipment.kind))
            .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
            .group_by(Manufacturer.name, Equipment.model)
            .order_by(func.count().desc(), Equipment.model)
            .limit(CATALOG_MODELS)
        ).all()
    kinds = sorted({kind for _maker, _model, kind in models if kind})
    return UnitFormOptions(client_id, name, tuple(SiteChoice(*s) for s in sites), tuple(makers),
                           tuple(sorted((CatalogModel(*m) for m in models), key=lambda m: (m.manufacturer or "",
                                                                                             m.model))),
                           tuple(kinds), today)


def part_form_options(db: Database, unit_id: int) -> PartFormOptions:
    """The unit, the part names known for its model and its orders; UnitChanged when the unit is gone."""
    with db.session() as session:
        found = session.execute(select(Equipment.client_id, Equipment.kind, Equipment.model, Equipment.manufacturer_id,
                                       Manufacturer.name)
                                .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
                                .where(Equipment.id == unit_id)).one_or_none()
        if found is None:
            raise UnitChanged([("", f"Unit #{unit_id} no longer exists; it may have been deleted on another "
                                    f"workstation.")])
        client_id, kind, model, maker_id, maker = found
        same_model = (Equipment.model == model,
                      Equipment.manufacturer_id == maker_id if maker_id is not None
                      else Equipment.manufacturer_id.is_(None))
        key = func.lower(func.btrim(PartReplacement.part_name))
        names = session.execute(
            select(func.min(PartReplacement.part_name))
            .join(Equipment, Equipment.id == PartReplacement.equipment_id)
            .where(*same_model)
            .group_by(key)
            .order_by(func.count().desc(), key)
            .limit(PART_NAMES_OFFERED)
        ).scalars().all()
        tz = session.execute(select(Company.time_zone)).scalar() or "UTC"
        orders = session.execute(
            select(Order.id, Order.number, Order.title, Order.created_at)
            .where(Order.equipment_id == unit_id)
            .order_by(Order.created_at.desc(), Order.id.desc())
            .limit(ORDERS_OFFERED)
        ).all()
    zone = ZoneInfo(tz)
    name = f"{maker} {model}" if maker and maker not in model else model
    return PartFormOptions(unit_id, client_id, f"{kind} {name}", tuple(names),
                           tuple(OrderChoice(i, n, t, at.astimezone(zone).date()) for i, n, t, at in orders))


def unit_draft(db: Database, unit_id: int) -> UnitDraft:
    """The unit as the edit form shows it (with the version it was read at)."""
    with db.session() as session:
        found = session.execute(
            select(Equipment, Manufacturer.name)
            .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
            .where(Equipment.id == unit_id)
        ).one_or_none()
        if found is None:
            raise UnitChanged([("", f"Unit #{unit_id} no longer exists; it may have been deleted on another "
                                    f"workstation.")])
        unit, maker = found
        return UnitDraft(
            client_id=unit.client_id, model=unit.model, kind=unit.kind, manufacturer=maker or "",
            site_id=unit.site_id, serial=unit.serial or "", sold_on=unit.sold_on, installed_on=unit.installed_on,
            commissioned_on=unit.commissioned_on, warranty_until=unit.warranty_until,
            warranty_usage_limit=unit.warranty_usage_limit, usage_unit=unit.usage_unit, note=unit.note or "",
            version=unit.version,
        )


def _holders(session: Session, serial: str, exclude_unit_id: int | None) -> list[SerialOwner]:
    wanted = clean_serial(serial).upper()
    if not wanted:
        return []
    query = (
        select(Equipment.id, Equipment.client_id, Client.name, Equipment.kind, Equipment.model, Manufacturer.name,
               Equipment.serial)
        .join(Client, Client.id == Equipment.client_id)
        .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
        # The same expression as ix_equipment_serial_upper, so the look-up is one index probe.
        .where(func.upper(Equipment.serial) == wanted)
        .order_by(Equipment.id)
    )
    if exclude_unit_id is not None:
        query = query.where(Equipment.id != exclude_unit_id)
    return [SerialOwner(*row) for row in session.execute(query).all()]


def other_clients_units(session: Session, serial: str | None, unit_id: int, client_id: int) -> list[SerialOwner]:
    """Inside a unit of work: the units of clients other than ``client_id`` carrying ``serial`` (not ``unit_id``)."""
    return [o for o in _holders(session, serial or "", unit_id) if o.client_id != client_id]


def serial_owners(db: Database, serial: str, *, exclude_unit_id: int | None = None,
                  client_id: int | None = None) -> list[SerialOwner]:
    """Units carrying ``serial`` (trimmed, any case), except ``exclude_unit_id``; with ``client_id``, only the units
    of other clients (the ones a unit of that client may not share its serial with)."""
    with db.session() as session:
        owners = _holders(session, serial, exclude_unit_id)
    return [o for o in owners if client_id is None or o.client_id != client_id]


# checking


def _serial_problem(serial: str, owner: SerialOwner, client_id: int) -> str:
    if owner.client_id == client_id:
        maker = f"{owner.manufacturer} " if owner.manufacturer and owner.manufacturer not in owner.model else ""
        return (f"Serial {serial} is already registered to this client (unit #{owner.unit_id}, {maker}{owner.model}). "
                f"Open that unit to change it instead of adding it again.")
    return (f"Serial {serial} is already registered to {owner.describe()}. If the unit changed hands, open that "
            f"unit and change its owner there.")


def _check(session: Session, draft: UnitDraft, today: date, *, unit_id: int | None) -> tuple[dict, list[SerialOwner]]:
    """The column values to store, or UnitRefused with every problem found."""
    problems: list[tuple[str, str]] = []
    model, kind, maker = _line(draft.model), _line(draft.kind), _line(draft.manufacturer)
    serial = clean_serial(draft.serial)
    if not model:
        problems.append(("model", "Enter the unit's model as written on its nameplate, e.g. FTXB35C."))
    elif len(model) > MODEL_CHARS:
        problems.append(("model", f"The model is longer than {MODEL_CHARS} characters; shorten it."))
    if not kind:
        problems.append(("kind", "Enter what kind of unit it is, e.g. air conditioner, water meter or tractor."))
    elif len(kind) > KIND_CHARS:
        problems.append(("kind", f"The kind is longer than {KIND_CHARS} characters; shorten it."))
    if len(maker) > MANUFACTURER_CHARS:
        problems.append(("manufacturer", f"The manufacturer's name is longer than {MANUFACTURER_CHARS} characters; "
                                         f"shorten it."))
    if len(serial) > SERIAL_CHARS:
        problems.append(("serial", f"The serial is longer than {SERIAL_CHARS} characters; check it."))

    client = session.execute(select(Client.id).where(Client.id == draft.client_id)).scalar_one_or_none()
    if client is None:
        problems.append(("client_id", f"Client {draft.client_id} no longer exists (it may have been deleted); "
                                      f"choose the owner again."))
    if draft.site_id is not None:
        site = session.execute(select(Site.client_id, Site.address).where(Site.id == draft.site_id)).one_or_none()
        if site is None:
            problems.append(("site_id", "The chosen address no longer exists; choose another of the client's "
                                        "addresses."))
        elif site.client_id != draft.client_id:
            problems.append(("site_id", f"The address {site.address} belongs to another client; choose one of the "
                                        f"owner's addresses."))

    dates = (("sold_on", "sale", draft.sold_on), ("installed_on", "installation", draft.installed_on),
             ("commissioned_on", "commissioning", draft.commissioned_on))
    for field, word, value in dates:
        if value is not None and value > today:
            problems.append((field, f"The {word} date {value:%d.%m.%Y} is in the future; enter the date it actually "
                                    f"happened, or leave it empty."))
    known = [(field, word, value) for field, word, value in dates if value is not None]
    for (_f1, word1, first), (field2, word2, second) in itertools.pairwise(known):
        if second < first:
            problems.append((field2, f"The {word2} date {second:%d.%m.%Y} is before the {word1} date "
                                     f"{first:%d.%m.%Y}; a unit is sold, then installed, then commissioned: check "
                                     f"the dates."))

    warranty_until = draft.warranty_until
    if draft.warranty_months is not None:
        start = draft.commissioned_on or draft.installed_on or draft.sold_on
        if draft.warranty_months < 0:
            problems.append(("warranty_months", f"The warranty cannot last {draft.warranty_months} months; enter 0 "
                                                f"or more, or leave it empty."))
        elif start is None:
            problems.append(("warranty_months", "The warranty in months counts from the commissioning, "
                                                "installation or sale date; enter one of them, or the warranty's "
                                                "end date instead."))
        else:
            warranty_until = add_months(start, draft.warranty_months)
    limit, unit = draft.warranty_usage_limit, draft.usage_unit or None
    if unit is not None and unit not in USAGE_UNITS:
        problems.append(("usage_unit", f"Usage is counted in engine hours or km, not {unit!r}; choose one."))
    if limit is not None:
        if not limit.is_finite() or limit <= 0:
            problems.append(("warranty_usage_limit", f"The warranty usage limit must be more than 0 (it is {limit}); "
                                                     f"leave it empty when the warranty has no usage limit."))
        elif unit is None:
            problems.append(("usage_unit", "Say whether the usage limit is in engine hours or km."))
        elif limit >= Decimal("1e11"):
            problems.append(("warranty_usage_limit", f"The warranty usage limit {limit} is too large; check it."))

    conflicts: list[SerialOwner] = []
    if serial and len(serial) <= SERIAL_CHARS:
        # Serialise every desk writing this serial, so the check below still holds at commit.
        session.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:serial))"),
                        {"space": SERIAL_LOCK_SPACE, "serial": serial.upper()})
        conflicts = _holders(session, serial, unit_id)
        problems += [("serial", _serial_problem(serial, owner, draft.client_id)) for owner in conflicts[:OWNERS_NAMED]]
        if len(conflicts) > OWNERS_NAMED:
            problems.append(("serial", f"Serial {serial} is on {len(conflicts) - OWNERS_NAMED} more units besides."))
    if problems:
        raise UnitRefused(problems, conflicts)
    return dict(
        client_id=draft.client_id, site_id=draft.site_id, manufacturer_id=_manufacturer_id(session, maker),
        kind=kind, model=model, serial=serial or None, sold_on=draft.sold_on, installed_on=draft.installed_on,
        commissioned_on=draft.commissioned_on, warranty_until=warranty_until, warranty_usage_limit=limit,
        usage_unit=unit, note=draft.note.strip() or None,
    ), conflicts


def _manufacturer_id(session: Session, name: str) -> int | None:
    """The manufacturer of that name (any case), added when it is new."""
    if not name:
        return None
    found = session.execute(select(Manufacturer.id).where(func.lower(Manufacturer.name) == name.lower())
                            .order_by(Manufacturer.id).limit(1)).scalar_one_or_none()
    if found is not None:
        return found
    session.execute(pg_insert(Manufacturer).values(name=name).on_conflict_do_nothing(index_elements=["name"]))
    return session.execute(select(Manufacturer.id).where(Manufacturer.name == name)).scalar_one()


def _describe_unit(values: dict, maker: str) -> str:
    serial = f" № {values['serial']}" if values["serial"] else ""
    name = f"{maker} {values['model']}" if maker and maker not in values["model"] else values["model"]
    return f"{values['kind']} {name}{serial}"


def _note(session: Session, client_id: int, text_: str, unit_id: int, user_id: int | None) -> None:
    session.execute(insert(TimelineEntry).values(client_id=client_id, kind="note", author_id=user_id, text=text_,
                                                 payload={"equipment_id": unit_id}))


# writing


def create_unit(db: Database, draft: UnitDraft, *, user_id: int | None, today: date | None = None) -> int:
    """Register a unit; UnitRefused with every problem when the draft cannot be saved. Returns the unit's id."""
    today = today or company_today(db)
    with db.transaction() as session:
        values, _ = _check(session, draft, today, unit_id=None)
        unit = Equipment(**values)
        session.add(unit)
        session.flush()
        _note(session, unit.client_id, f"Unit added: {_describe_unit(values, _line(draft.manufacturer))}.", unit.id,
              user_id)
        return unit.id


def update_unit(db: Database, unit_id: int, draft: UnitDraft, *, user_id: int | None,
                today: date | None = None) -> None:
    """Store the edited unit. A different ``client_id`` moves the unit to that owner (a unit sold on); both clients'
    timelines say so. UnitChanged when the unit was edited elsewhere since ``draft.version`` was read."""
    today = today or company_today(db)
    with db.transaction() as session:
        unit = session.execute(select(Equipment).where(Equipment.id == unit_id).with_for_update()).scalar_one_or_none()
        if unit is None:
            raise UnitChanged([("", f"Unit #{unit_id} no longer exists; it may have been deleted on another "
                                    f"workstation.")])
        if draft.version is not None and draft.version != unit.version:
            raise UnitChanged([("", "The unit was changed at another workstation while you were editing it; close "
                                    "this form, open the unit again to see the changes, and redo yours.")])
        values, _ = _check(session, draft, today, unit_id=unit_id)
        previous_owner = unit.client_id
        changed = {key: value for key, value in values.items() if getattr(unit, key) != value}
        if not changed:
            return  # saving the same values twice changes nothing (and leaves the version as it is)
        for key, value in changed.items():
            setattr(unit, key, value)
        session.flush()
        if previous_owner != unit.client_id:
            names = dict(session.execute(select(Client.id, Client.name)
                                         .where(Client.id.in_((previous_owner, unit.client_id)))).all())
            what = _describe_unit(values, _line(draft.manufacturer))
            _note(session, previous_owner, f"Unit moved to another owner, {names.get(unit.client_id, '')}: {what}.",
                  unit_id, user_id)
            _note(session, unit.client_id, f"Unit taken over from {names.get(previous_owner, '')}: {what}.", unit_id,
                  user_id)


def record_part_replacement(db: Database, unit_id: int, *, part_name: str, old_serial: str | None = None,
                            new_serial: str | None = None, reason: str | None = None, order_id: int | None = None,
                            visit_id: int | None = None) -> int:
    """Record a part changed on a unit with the old and new serials; UnitRefused when the part's new serial is the
    serial of another client's unit (the number was misread, or the part came from someone else's machine)."""
    name = _line(part_name)
    problems: list[tuple[str, str]] = []
    if not name:
        problems.append(("part_name", "Enter which part was replaced, e.g. compressor or fan motor."))
    elif len(name) > MODEL_CHARS:
        problems.append(("part_name", f"The part's name is longer than {MODEL_CHARS} characters; shorten it."))
    old, new = clean_serial(old_serial), clean_serial(new_serial)
    for field, value in (("old_serial", old), ("new_serial", new)):
        if len(value) > SERIAL_CHARS:
            problems.append((field, f"The serial {value[:20]}… is longer than {SERIAL_CHARS} characters; check it."))
    with db.transaction() as session:
        owner = session.execute(select(Equipment.client_id).where(Equipment.id == unit_id)).scalar_one_or_none()
        if owner is None:
            raise UnitChanged([("", f"Unit #{unit_id} no longer exists; it may have been deleted on another "
                                    f"workstation.")])
        conflicts = []
        if new and len(new) <= SERIAL_CHARS:
            conflicts = [o for o in _holders(session, new, unit_id) if o.client_id != owner]
            problems += [("new_serial", f"Serial {new} is already registered to {o.describe()}. A part fitted here "
                                        f"cannot carry another client's unit serial: check the serial on the part.")
                         for o in conflicts[:OWNERS_NAMED]]
        if order_id is not None:
            order = session.execute(select(Order.client_id, Order.equipment_id).where(Order.id == order_id)).first()
            if order is None or (order.equipment_id != unit_id and order.client_id != owner):
                problems.append(("order", f"Order {order_id} is not an order of this unit or its owner; choose one "
                                          f"of the unit's orders or none."))
        if visit_id is not None:
            visit_order = session.execute(select(Visit.order_id).where(Visit.id == visit_id)).first()
            if visit_order is None or (order_id is not None and visit_order.order_id != order_id):
                problems.append(("order", f"Visit {visit_id} does not belong to the order chosen; record the part "
                                          f"from that visit or choose its order."))
        if problems:
            raise UnitRefused(problems, conflicts)
        part = PartReplacement(equipment_id=unit_id, part_name=name, old_serial=old or None, new_serial=new or None,
                               reason=(reason or "").strip() or None, order_id=order_id, visit_id=visit_id)
        session.add(part)
        session.flush()
        return part.id
