"""The global search: one box for a phone in any format, a name, an address, a serial or an order number."""

from __future__ import annotations

import re

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models.clients import Client, ClientPhone, Contact, Site
from models.company import Company
from models.database import Database
from models.equipment import Equipment
from models.phones import DEFAULT_REGION, format_phone, looks_like_phone, phone_search_keys
from models.pipelines import Order, Stage
from models.views import SearchHit

_WORD = re.compile(r"[\w]+", re.UNICODE)
MIN_SUFFIX_DIGITS = 5


def fold(value: str) -> str:
    """The same folding as the database's fd_fold(): lower case, ё as е."""
    return value.lower().replace("ё", "е")


def prefix_tsquery(value: str) -> str | None:
    """A to_tsquery text matching every word of ``value`` as a prefix: 'ленин 5' → 'ленин:* & 5:*'."""
    words = _WORD.findall(fold(value))
    if not words:
        return None
    return " & ".join(f"{w}:*" for w in words[:8])


def _like_prefix(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def count_clients(db: Database) -> int:
    """How many clients the database holds (the app loads demo data into an empty one)."""
    with db.session() as session:
        return session.execute(select(func.count()).select_from(Client)).scalar_one()


def search(db: Database, query: str, limit: int = 50) -> list[SearchHit]:
    """Find clients by whatever the dispatcher typed; exact phone and order hits come first."""
    query = (query or "").strip()
    if not query:
        return []
    hits: list[SearchHit] = []
    with db.session() as session:
        region = session.execute(select(Company.phone_region)).scalar() or DEFAULT_REGION
        digits = re.sub(r"\D", "", query)
        if query.isdigit() and len(query) <= 9:
            hits += _orders_by_number(session, int(query))
        if looks_like_phone(query):
            hits += _clients_by_phone(session, query, digits, region, limit)
        if " " not in query and any(c.isdigit() for c in query) and len(query) >= 3:
            hits += _equipment_by_serial(session, query, limit)
        tsquery = prefix_tsquery(query)
        if tsquery and not (looks_like_phone(query) and len(digits) >= 7):
            hits += _clients_by_name(session, tsquery, limit)
            hits += _contacts_by_name(session, tsquery, limit)
            hits += _sites_by_address(session, tsquery, limit)
    return _dedupe(hits)[:limit]


def _dedupe(hits: list[SearchHit]) -> list[SearchHit]:
    seen: set[tuple] = set()
    unique = []
    for hit in hits:
        key = (hit.kind, hit.client_id, hit.order_id, hit.equipment_id, hit.subtitle)
        if key not in seen:
            seen.add(key)
            unique.append(hit)
    return unique


def _orders_by_number(session: Session, number: int) -> list[SearchHit]:
    rows = session.execute(
        select(Order.id, Order.number, Order.title, Order.client_id, Client.name, Stage.name)
        .join(Client, Client.id == Order.client_id)
        .join(Stage, Stage.id == Order.stage_id)
        .where(Order.number == number)
    ).all()
    return [
        SearchHit("order", f"#{num} {title}", f"{client} · {stage}", client_id, order_id=order_id)
        for order_id, num, title, client_id, client, stage in rows
    ]


def _clients_by_phone(session: Session, query: str, digits: str, region: str, limit: int) -> list[SearchHit]:
    keys = phone_search_keys(query, region)
    _, address = _client_details()
    base = select(ClientPhone.e164, ClientPhone.client_id, Client.name, address).join(
        Client, Client.id == ClientPhone.client_id
    )
    rows = session.execute(base.where(ClientPhone.digits.in_(keys)).limit(limit)).all() if keys else []
    if not rows and len(digits) >= MIN_SUFFIX_DIGITS:
        # A partial number: match the end of stored numbers through the reversed-digits index.
        rows = session.execute(
            base.where(text("reverse(phones.digits) LIKE :pattern ESCAPE '\\'"))
            .params(pattern=_like_prefix(digits[::-1]))
            .order_by(Client.name)
            .limit(limit)
        ).all()
    return [SearchHit("phone", name, _describe(e164, addr), client_id) for e164, client_id, name, addr in rows]


def _equipment_by_serial(session: Session, query: str, limit: int) -> list[SearchHit]:
    rows = session.execute(
        select(Equipment.id, Equipment.serial, Equipment.kind, Equipment.model, Equipment.client_id, Client.name)
        .join(Client, Client.id == Equipment.client_id)
        .where(text("upper(equipment.serial) LIKE :pattern ESCAPE '\\'"))
        .params(pattern=_like_prefix(query.upper()))
        .order_by(Equipment.serial)
        .limit(limit)
    ).all()
    return [
        SearchHit("equipment", f"{serial} · {kind} {model}", name, client_id, equipment_id=eq_id)
        for eq_id, serial, kind, model, client_id, name in rows
    ]


def _client_details():
    """Correlated look-ups of a client's first phone and first address, to tell namesakes apart."""
    phone = (
        select(ClientPhone.e164)
        .where(ClientPhone.client_id == Client.id)
        .order_by(ClientPhone.id)
        .limit(1)
        .correlate(Client)
        .scalar_subquery()
    )
    address = (
        select(Site.address)
        .where(Site.client_id == Client.id)
        .order_by(Site.id)
        .limit(1)
        .correlate(Client)
        .scalar_subquery()
    )
    return phone, address


def _describe(phone: str | None, address: str | None) -> str:
    return " · ".join(part for part in (format_phone(phone) if phone else None, address) if part)


def _clients_by_name(session: Session, tsquery: str, limit: int) -> list[SearchHit]:
    phone, address = _client_details()
    rows = session.execute(
        select(Client.id, Client.name, phone, address)
        .where(text("to_tsvector('simple', fd_fold(clients.name)) @@ to_tsquery('simple', :q)"))
        .params(q=tsquery)
        .order_by(Client.name, Client.id)
        .limit(limit)
    ).all()
    return [SearchHit("client", name, _describe(ph, addr), client_id) for client_id, name, ph, addr in rows]


def _contacts_by_name(session: Session, tsquery: str, limit: int) -> list[SearchHit]:
    rows = session.execute(
        select(Contact.full_name, Contact.client_id, Client.name)
        .join(Client, Client.id == Contact.client_id)
        .where(text("to_tsvector('simple', fd_fold(contacts.full_name)) @@ to_tsquery('simple', :q)"))
        .params(q=tsquery)
        .order_by(Contact.full_name)
        .limit(limit)
    ).all()
    return [SearchHit("contact", full_name, name, client_id) for full_name, client_id, name in rows]


def _sites_by_address(session: Session, tsquery: str, limit: int) -> list[SearchHit]:
    rows = session.execute(
        select(Site.address, Site.client_id, Client.name)
        .join(Client, Client.id == Site.client_id)
        .where(text("to_tsvector('simple', fd_fold(sites.address)) @@ to_tsquery('simple', :q)"))
        .params(q=tsquery)
        .order_by(Site.address)
        .limit(limit)
    ).all()
    return [SearchHit("site", address, name, client_id) for address, client_id, name in rows]
