"""Plain, frozen data shaped for the views: what widgets receive instead of live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class SearchHit:
    """One line of the global search's result list.

    ``kind`` is what matched: "client", "phone", "contact", "site", "equipment" or "order". Every hit leads to a
    client card (``client_id``); ``order_id``/``equipment_id`` say which item to highlight in it.
    """

    kind: str
    title: str
    subtitle: str
    client_id: int
    order_id: int | None = None
    equipment_id: int | None = None


@dataclass(frozen=True)
class PhoneRow:
    e164: str
    display: str  # "+7 351 123-45-67"
    kind: str
    contact_name: str | None


@dataclass(frozen=True)
class ContactRow:
    id: int
    full_name: str
    position: str | None
    phones: tuple[str, ...]  # display form
    emails: tuple[str, ...]


@dataclass(frozen=True)
class SiteRow:
    id: int
    address: str
    access: str  # "entrance 2, floor 5, intercom 45K, parking in the yard" (English; parts below to translate)
    lat: float | None
    lon: float | None
    entrance: str | None = None
    floor: str | None = None
    apartment: str | None = None
    intercom: str | None = None
    parking: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class EquipmentRow:
    id: int
    kind: str
    model: str
    manufacturer: str | None
    serial: str | None
    site_address: str | None
    installed_on: date | None
    warranty_active: bool
    warranty_known: bool
    warranty_until: date | None
    usage_left: Decimal | None
    usage_unit: str | None  # "engine_hours" | "km" | None
    latest_reading: Decimal | None


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: int
    title: str
    pipeline: str
    stage: str
    stage_color: str
    stage_kind: str  # open | won | lost
    created_at: datetime
    amount: Decimal
    paid: Decimal
    owner: str | None


@dataclass(frozen=True)
class VisitRow:
    id: int
    order_number: int
    starts_at: datetime  # in the company's time zone
    ends_at: datetime
    technician: str | None
    status: str
    address: str | None


@dataclass(frozen=True)
class TimelineRow:
    at: datetime  # in the company's time zone
    kind: str
    text: str
    author: str | None
    private: bool
    order_number: int | None


@dataclass(frozen=True)
class ClientCard:
    """Everything the client card shows, read in one unit of work."""

    id: int
    kind: str
    name: str
    tax_id: str | None
    note: str | None
    version: int
    phones: tuple[PhoneRow, ...]
    emails: tuple[str, ...]
    contacts: tuple[ContactRow, ...]
    sites: tuple[SiteRow, ...]
    equipment: tuple[EquipmentRow, ...]
    orders: tuple[OrderRow, ...]
    past_visits: tuple[VisitRow, ...]
    upcoming_visits: tuple[VisitRow, ...]
    timeline: tuple[TimelineRow, ...]
    balance_due: Decimal = Decimal(0)
    time_zone: str = "UTC"
    currency: str = "RUB"
    extra: dict = field(default_factory=dict)
