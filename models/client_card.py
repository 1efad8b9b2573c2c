"""Everything the client card shows, read in one unit of work and returned as plain data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from models.clients import Client, ClientEmail, ClientPhone, Contact, Site
from models.company import Company, User
from models.database import Database
from models.equipment import Equipment, Manufacturer, UsageReading, warranty_state
from models.phones import format_phone
from models.pipelines import Order, Pipeline, Stage
from models.scheduling import Technician, Visit
from models.timeline import TimelineEntry
from models.views import (
    ClientCard,
    ContactRow,
    EquipmentRow,
    OrderRow,
    PhoneRow,
    SiteRow,
    TimelineRow,
    VisitRow,
)

VISITS_SHOWN = 20
TIMELINE_SHOWN = 100


class ClientNotFound(LookupError):
    """The client was deleted or never existed."""


def load_client_card(db: Database, client_id: int, *, now: datetime | None = None) -> ClientCard:
    """Read the client's card; times are converted to the company's time zone."""
    with db.session() as session:
        client = session.get(Client, client_id)
        if client is None:
            raise ClientNotFound(f"Client {client_id} does not exist (it may have been deleted).")
        tz_name, currency = session.execute(select(Company.time_zone, Company.currency)).one()
        tz = ZoneInfo(tz_name or "UTC")
        now = now or datetime.now(tz)
        orders = _orders(session, client_id)
        past, upcoming = _visits(session, client_id, now, tz)
        return ClientCard(
            id=client.id,
            kind=client.kind,
            name=client.name,
            tax_id=client.tax_id,
            note=client.note,
            version=client.version,
            phones=_phones(session, client_id),
            emails=tuple(session.execute(
                select(ClientEmail.email).where(ClientEmail.client_id == client_id).order_by(ClientEmail.id)
            ).scalars()),
            contacts=_contacts(session, client_id),
            sites=_sites(session, client_id),
            equipment=_equipment(session, client_id, now.astimezone(tz).date()),
            orders=orders,
            past_visits=past,
            upcoming_visits=upcoming,
            timeline=_timeline(session, client_id, tz),
            balance_due=sum(
                (max(o.amount - o.paid, Decimal(0)) for o in orders if o.stage_kind != "lost"), Decimal(0)
            ),
            time_zone=tz.key,
            currency=currency,
        )


def _phones(session: Session, client_id: int) -> tuple[PhoneRow, ...]:
    rows = session.execute(
        select(ClientPhone.e164, ClientPhone.kind, Contact.full_name)
        .outerjoin(Contact, Contact.id == ClientPhone.contact_id)
        .where(ClientPhone.client_id == client_id)
        .order_by(ClientPhone.contact_id.nulls_first(), ClientPhone.id)
    ).all()
    return tuple(PhoneRow(e164, format_phone(e164), kind, contact) for e164, kind, contact in rows)


def _contacts(session: Session, client_id: int) -> tuple[ContactRow, ...]:
    contacts = session.execute(
        select(Contact).where(Contact.client_id == client_id).order_by(Contact.full_name)
    ).scalars().all()
    result = []
    for c in contacts:
        phones = session.execute(select(ClientPhone.e164).where(ClientPhone.contact_id == c.id)).scalars()
        emails = session.execute(select(ClientEmail.email).where(ClientEmail.contact_id == c.id)).scalars()
        result.append(ContactRow(c.id, c.full_name, c.position, tuple(map(format_phone, phones)), tuple(emails)))
    return tuple(result)


def describe_access(site: Site) -> str:
    """The access notes of a site in one line: entrance, floor, apartment, intercom, parking, notes."""
    parts = [
        f"{label} {value}"
        for label, value in (
            ("entrance", site.entrance), ("floor", site.floor), ("apt.", site.apartment),
            ("intercom", site.intercom), ("parking:", site.parking),
        )
        if value
    ]
    if site.access_notes:
        parts.append(site.access_notes)
    return ", ".join(parts)


def _sites(session: Session, client_id: int) -> tuple[SiteRow, ...]:
    sites = session.execute(select(Site).where(Site.client_id == client_id).order_by(Site.id)).scalars()
    return tuple(
        SiteRow(s.id, s.address, describe_access(s), s.lat, s.lon, s.entrance, s.floor, s.apartment, s.intercom,
                s.parking, s.access_notes)
        for s in sites
    )


def _equipment(session: Session, client_id: int, today: date) -> tuple[EquipmentRow, ...]:
    latest = (
        select(UsageReading.value)
        .where(UsageReading.equipment_id == Equipment.id)
        .order_by(UsageReading.read_at.desc())
        .limit(1)
        .correlate(Equipment)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Equipment, Manufacturer.name, Site.address, latest)
        .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
        .outerjoin(Site, Site.id == Equipment.site_id)
        .where(Equipment.client_id == client_id)
        .order_by(Equipment.kind, Equipment.id)
    ).all()
    result = []
    for eq, maker, address, reading in rows:
        state = warranty_state(
            today,
            warranty_until=eq.warranty_until,
            usage_limit=eq.warranty_usage_limit,
            usage_unit=eq.usage_unit,
            latest_reading=reading,
        )
        result.append(EquipmentRow(
            eq.id, eq.kind, eq.model, maker, eq.serial, address, eq.installed_on, state.active, state.known,
            state.until, state.usage_left, state.usage_unit, reading,
        ))
    return tuple(result)


def _orders(session: Session, client_id: int) -> tuple[OrderRow, ...]:
    rows = session.execute(
        select(Order, Pipeline.name, Stage.name, Stage.color, Stage.kind, User.full_name)
        .join(Pipeline, Pipeline.id == Order.pipeline_id)
        .join(Stage, Stage.id == Order.stage_id)
        .outerjoin(User, User.id == Order.owner_id)
        .where(Order.client_id == client_id)
        .order_by(Order.created_at.desc())
    ).all()
    return tuple(
        OrderRow(o.id, o.number, o.title, pipeline, stage, color, kind, o.created_at, o.amount, o.paid, owner)
        for o, pipeline, stage, color, kind, owner in rows
    )


def _visits(session: Session, client_id: int, now: datetime, tz: ZoneInfo) -> tuple[tuple, tuple]:
    site = aliased(Site)
    base = (
        select(Visit.id, Order.number, Visit.starts_at, Visit.ends_at, Technician.full_name, Visit.status,
               site.address)
        .join(Order, Order.id == Visit.order_id)
        .outerjoin(Technician, Technician.id == Visit.technician_id)
        .outerjoin(site, site.id == Order.site_id)
        .where(Order.client_id == client_id)
    )
    past = session.execute(
        base.where(Visit.starts_at < now).order_by(Visit.starts_at.desc()).limit(VISITS_SHOWN)
    ).all()
    upcoming = session.execute(
        base.where(Visit.starts_at >= now).order_by(Visit.starts_at).limit(VISITS_SHOWN)
    ).all()

    def row(r) -> VisitRow:
        vid, number, starts, ends, tech, status, address = r
        return VisitRow(vid, number, starts.astimezone(tz), ends.astimezone(tz), tech, status, address)

    return tuple(map(row, past)), tuple(map(row, upcoming))


def _timeline(session: Session, client_id: int, tz: ZoneInfo) -> tuple[TimelineRow, ...]:
    order_ids = select(Order.id).where(Order.client_id == client_id)
    rows = session.execute(
        select(TimelineEntry.at, TimelineEntry.kind, TimelineEntry.text, User.full_name, TimelineEntry.private,
               Order.number)
        .outerjoin(User, User.id == TimelineEntry.author_id)
        .outerjoin(Order, Order.id == TimelineEntry.order_id)
        .where((TimelineEntry.client_id == client_id) | TimelineEntry.order_id.in_(order_ids))
        .order_by(TimelineEntry.at.desc())
        .limit(TIMELINE_SHOWN)
    ).all()
    return tuple(
        TimelineRow(at.astimezone(tz), kind, text, author, private, number)
        for at, kind, text, author, private, number in rows
    )

