"""What a technician's printed route sheet shows: the day's visits in visiting order with everything needed on site.

``load_route_sheets`` reads every requested technician's day at once, in three queries whatever the number of
technicians (the company, the stops, the technicians with their shifts), and returns plain dataclasses. A crew
member's sheet lists the crew's visits as well as those the member leads: every member of a visit is a row of
``visit_technicians``; visits written without their lead's row (a bulk load) are found through
``visits.technician_id`` too. Times are in the company's time zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select, union
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import func

from models.catalog import Service
from models.clients import Client, ClientPhone, Contact, Site
from models.company import Company
from models.database import Database
from models.equipment import Equipment, Manufacturer
from models.phones import format_phone
from models.pipelines import Order
from models.scheduling import Shift, Technician, Visit, VisitTechnician, Zone
from models.shifts import local_span


@dataclass(frozen=True)
class RouteStop:
    """One visit on a technician's route; ``position`` counts from 1 in visiting order."""

    position: int
    visit_id: int
    order_number: int
    status: str
    starts_at: datetime  # the arrival window, company time zone
    ends_at: datetime
    client_name: str | None
    phones: tuple[str, ...]  # formatted for reading, the client's own first
    contact_person: str | None
    address: str | None
    city: str | None
    entrance: str | None
    floor: str | None
    apartment: str | None
    intercom: str | None
    parking: str | None
    access_notes: str | None
    service: str | None  # the catalog service booked for the visit
    order_title: str
    order_description: str | None
    equipment: str | None  # kind, make and model
    serial: str | None
    note: str | None  # the visit's note for the technician
    lat: float | None
    lon: float | None
    lead: bool  # the sheet's technician leads this visit
    crew: tuple[str, ...]  # the other technicians on the visit, the lead first

    @property
    def located(self) -> bool:
        """Whether the stop has coordinates (and so can be put on a map link)."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class RouteSheet:
    """One technician's day: who, when, from where, and the stops in visiting order."""

    company_name: str
    day: date
    technician_id: int
    technician_name: str
    technician_phone: str | None
    shift_starts_at: datetime | None  # the first shift's start and the last shift's end that day
    shift_ends_at: datetime | None
    zones: tuple[str, ...]  # the zones of the day's shifts
    start_place: tuple[float, float] | None  # (lat, lon) where the technician sets out from
    stops: tuple[RouteStop, ...]

    @property
    def located_stops(self) -> tuple[RouteStop, ...]:
        return tuple(s for s in self.stops if s.located)

    @property
    def unlocated_stops(self) -> tuple[RouteStop, ...]:
        return tuple(s for s in self.stops if not s.located)


def load_route_sheets(db: Database, day: date, technician_ids: Sequence[int] | None = None) -> list[RouteSheet]:
    """The route sheets of ``day``, one per technician in name order.

    With ``technician_ids`` None: every technician with a visit that day. With ids: exactly those technicians, a
    sheet without stops for one who has no visit; an id that names no technician raises LookupError.
    Cancelled visits are left out.
    """
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"Route sheets are made for a calendar day: pass a date, not {type(day).__name__}.")
    ids = None if technician_ids is None else list(dict.fromkeys(int(t) for t in technician_ids))
    if ids == []:
        return []
    with db.session() as session:
        company_name, tz_name = session.execute(select(Company.name, Company.time_zone)).one()
        tz = ZoneInfo(tz_name or "UTC")
        stops = _stops(session, tz, day, ids)
        technicians = _technicians(session, tz, day, ids if ids is not None else list(stops))
    if ids is not None:
        missing = sorted(set(ids) - set(technicians))
        if missing:
            raise LookupError(f"No technician with id {', '.join(map(str, missing))}: they may have been deleted. "
                              "Refresh the list and choose again.")
    sheets = [
        RouteSheet(company_name=company_name or "", day=day, technician_id=tech_id, stops=tuple(stops.get(tech_id, ())),
                   **fields)
        for tech_id, fields in technicians.items()
    ]
    sheets.sort(key=lambda s: (s.technician_name.casefold(), s.technician_id))
    return sheets


def _stops(session: Session, tz: ZoneInfo, day: date, ids: list[int] | None) -> dict[int, list[RouteStop]]:
    """Every technician's stops of the day in visiting order, in one query."""
    lo, hi = local_span(tz, day, day)
    members = select(VisitTechnician.visit_id.label("visit_id"), VisitTechnician.technician_id.label("technician_id"))
    members = members.where(VisitTechnician.starts_at >= lo, VisitTechnician.starts_at < hi,
                            VisitTechnician.cancelled.is_(False))
    leads = select(Visit.id, Visit.technician_id).where(
        Visit.technician_id.is_not(None), Visit.starts_at >= lo, Visit.starts_at < hi, Visit.status != "cancelled")
    if ids is not None:
        members = members.where(VisitTechnician.technician_id.in_(ids))
        leads = leads.where(Visit.technician_id.in_(ids))
    assigned = union(members, leads).subquery("assigned")

    phones = (select(func.array_agg(aggregate_order_by(ClientPhone.e164, ClientPhone.contact_id.nulls_first(),
                                                       ClientPhone.id)))
              .where(ClientPhone.client_id == Order.client_id).scalar_subquery())
    contact = (select(func.concat_ws(", ", Contact.full_name, Contact.position))
               .where(Contact.client_id == Order.client_id).order_by(Contact.id).limit(1).scalar_subquery())
    other = aliased(VisitTechnician)
    mate = aliased(Technician)
    crew = (select(func.array_agg(aggregate_order_by(mate.full_name, other.is_lead.desc(), mate.full_name)))
            .select_from(other).join(mate, mate.id == other.technician_id)
            .where(other.visit_id == Visit.id, other.technician_id != assigned.c.technician_id)
            .scalar_subquery())
    equipment = func.concat_ws(" ", Equipment.kind, Manufacturer.name, Equipment.model)
    query = (
        select(assigned.c.technician_id, Visit.technician_id == assigned.c.technician_id, Visit.id, Order.number,
               Visit.status, Visit.starts_at, Visit.ends_at, Client.name, phones, contact,
               Site.address, Site.city, Site.entrance, Site.floor, Site.apartment, Site.intercom, Site.parking,
               Site.access_notes, Service.name, Order.title, Order.description, Order.requester_phone,
               func.nullif(equipment, ""), Equipment.serial, Visit.note, Site.lat, Site.lon, crew)
        .select_from(assigned)
        .join(Visit, Visit.id == assigned.c.visit_id)
        .join(Order, Order.id == Visit.order_id)
        .outerjoin(Client, Client.id == Order.client_id)
        .outerjoin(Site, Site.id == Order.site_id)
        .outerjoin(Service, Service.id == Visit.service_id)
        .outerjoin(Equipment, Equipment.id == Order.equipment_id)
        .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
        .where(Visit.status != "cancelled")
        .order_by(assigned.c.technician_id, Visit.starts_at, Visit.ends_at, Visit.id)
    )
    stops: dict[int, list[RouteStop]] = defaultdict(list)
    for row in session.execute(query):
        (tech_id, lead, visit_id, number, status, starts, ends, client, e164s, contact_person, address, city,
         entrance, floor, apartment, intercom, parking, access, service, title, description, requester,
         unit, serial, note, lat, lon, mates) = row
        numbers = list(e164s or ())
        if requester and requester not in numbers:
            numbers.append(requester)
        own = stops[tech_id]
        own.append(RouteStop(
            position=len(own) + 1, visit_id=visit_id, order_number=number, status=status,
            starts_at=starts.astimezone(tz), ends_at=ends.astimezone(tz), client_name=client,
            phones=tuple(format_phone(n) for n in numbers), contact_person=contact_person or None,
            address=address, city=city, entrance=entrance, floor=floor, apartment=apartment, intercom=intercom,
            parking=parking, access_notes=access, service=service, order_title=title,
            order_description=description, equipment=unit, serial=serial, note=note, lat=lat, lon=lon,
            lead=bool(lead), crew=tuple(mates or ()),
        ))
    return stops


def _technicians(session: Session, tz: ZoneInfo, day: date, ids: list[int]) -> dict[int, dict]:
    """Name, phone, start place and the day's shifts (first start, last end, zones) of each technician."""
    if not ids:
        return {}
    lo, hi = local_span(tz, day, day)
    zone_names = func.array_agg(aggregate_order_by(Zone.name, Shift.starts_at)).filter(Zone.name.is_not(None))
    query = (
        select(Technician.id, Technician.full_name, Technician.phone, Technician.home_lat, Technician.home_lon,
               func.min(Shift.starts_at), func.max(Shift.ends_at), zone_names)
        .outerjoin(Shift, and_(Shift.technician_id == Technician.id, Shift.starts_at >= lo, Shift.starts_at < hi))
        .outerjoin(Zone, Zone.id == Shift.zone_id)
        .where(Technician.id.in_(ids))
        .group_by(Technician.id)
    )
    found = {}
    for tech_id, name, phone, home_lat, home_lon, shift_start, shift_end, zones in session.execute(query):
        found[tech_id] = {
            "technician_name": name,
            "technician_phone": format_phone(phone) if phone else None,
            "shift_starts_at": shift_start.astimezone(tz) if shift_start else None,
            "shift_ends_at": shift_end.astimezone(tz) if shift_end else None,
            "zones": tuple(dict.fromkeys(zones or ())),
            "start_place": (home_lat, home_lon) if home_lat is not None and home_lon is not None else None,
        }
    return found
