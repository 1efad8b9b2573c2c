"""Clients (people or companies), their contact people, phones, emails and sites."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text, select, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedAt, check_in
from models.call_requests import attach_requests_to_client
from models.company import Company
from models.database import Database
from models.phones import DEFAULT_REGION, InvalidPhone, Phone, normalise_phone

CLIENT_KINDS = ("person", "company")
PHONE_KINDS = ("mobile", "work", "home", "fax", "other")


class Client(CreatedAt, Base):
    """Someone FieldDesk serves: a private person or a company."""

    __tablename__ = "clients"
    __table_args__ = (
        CheckConstraint(check_in("kind", CLIENT_KINDS), name="kind_known"),
        CheckConstraint("length(btrim(name)) > 0", name="name_not_blank"),
        Index("ix_clients_name_fts", text("to_tsvector('simple', fd_fold(name))"), postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), server_default="person")
    name: Mapped[str] = mapped_column(String(300))
    tax_id: Mapped[str | None] = mapped_column(String(20))  # INN
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(server_default="1")

    contacts: Mapped[list[Contact]] = relationship(back_populates="client", cascade="all, delete-orphan")
    phones: Mapped[list[ClientPhone]] = relationship(back_populates="client", cascade="all, delete-orphan")
    sites: Mapped[list[Site]] = relationship(back_populates="client", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class Contact(Base):
    """A contact person of a client (a company's engineer, a tenant, a relative)."""

    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_name_fts", text("to_tsvector('simple', fd_fold(full_name))"), postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    client: Mapped[Client] = relationship(back_populates="contacts")


class ClientPhone(Base):
    """A phone of a client or one of its contacts, in E.164 with an indexed digits key for caller lookup."""

    __tablename__ = "phones"
    __table_args__ = (
        CheckConstraint(r"e164 ~ '^\+[1-9][0-9]{6,14}$'", name="e164_format"),
        CheckConstraint("digits = substr(e164, 2)", name="digits_match"),
        CheckConstraint(check_in("kind", PHONE_KINDS), name="kind_known"),
        Index("ix_phones_digits", "digits"),
        Index("ix_phones_digits_reverse", text("reverse(digits) text_pattern_ops")),
        Index("uq_phones_client_digits", "client_id", "digits", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    e164: Mapped[str] = mapped_column(String(16))
    digits: Mapped[str] = mapped_column(String(15))
    kind: Mapped[str] = mapped_column(String(10), server_default="mobile")
    note: Mapped[str | None] = mapped_column(String(200))

    client: Mapped[Client] = relationship(back_populates="phones")


class ClientEmail(Base):
    """An e-mail address of a client or contact."""

    __tablename__ = "emails"
    __table_args__ = (CheckConstraint("email ~ '^[^@\\s]+@[^@\\s]+$'", name="email_format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(320))


class Site(Base):
    """An address where work is done, with what a technician needs to get in."""

    __tablename__ = "sites"
    __table_args__ = (
        CheckConstraint("lat IS NULL OR lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon IS NULL OR lon BETWEEN -180 AND 180", name="lon_range"),
        Index("ix_sites_address_fts", text("to_tsvector('simple', fd_fold(address))"), postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(100))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    entrance: Mapped[str | None] = mapped_column(String(20))
    floor: Mapped[str | None] = mapped_column(String(20))
    apartment: Mapped[str | None] = mapped_column(String(20))
    intercom: Mapped[str | None] = mapped_column(String(50))
    parking: Mapped[str | None] = mapped_column(Text)
    access_notes: Mapped[str | None] = mapped_column(Text)

    client: Mapped[Client] = relationship(back_populates="sites")


class ClientValidationError(ValueError):
    """The draft cannot be saved; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ClientDraft:
    """What a dispatcher types into the new-client form."""

    kind: str = "person"
    name: str = ""
    phones: tuple[str, ...] = ()
    email: str = ""
    address: str = ""
    note: str = ""


EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def validate_client_draft(draft: ClientDraft, region: str = DEFAULT_REGION) -> tuple[list[Phone], dict[str, str]]:
    """Check every field; return the parsed phones and a field → message map (empty when all is well)."""
    errors: dict[str, str] = {}
    if draft.kind not in CLIENT_KINDS:
        errors["kind"] = f"Choose a person or a company (got {draft.kind!r})."
    if not draft.name.strip():
        errors["name"] = "Enter the client's name: a person's full name or the company's name."
    elif len(draft.name.strip()) > 300:
        errors["name"] = "The name is longer than 300 characters; shorten it."
    phones: list[Phone] = []
    phone_errors = []
    for raw in (p for p in draft.phones if p.strip()):
        try:
            phone = normalise_phone(raw, region)
        except InvalidPhone as exc:
            phone_errors.append(str(exc))
            continue
        if phone.digits not in {p.digits for p in phones}:
            phones.append(phone)
    if phone_errors:
        errors["phones"] = " ".join(phone_errors)
    email = draft.email.strip()
    if email and not EMAIL_PATTERN.match(email):
        errors["email"] = f"{email!r} is not an e-mail address; use the form name@example.ru or leave it empty."
    return phones, errors


def create_client(db: Database, draft: ClientDraft) -> int:
    """Save a new client with its phones, e-mail and first site in one transaction; return its id.

    Raises ClientValidationError (nothing saved) when a field is wrong.
    """
    with db.transaction() as session:
        region = session.execute(select(Company.phone_region)).scalar() or DEFAULT_REGION
        phones, errors = validate_client_draft(draft, region)
        if errors:
            raise ClientValidationError(errors)
        client = Client(kind=draft.kind, name=draft.name.strip(), note=draft.note.strip() or None)
        client.phones = [ClientPhone(e164=p.e164, digits=p.digits) for p in phones]
        if draft.address.strip():
            client.sites = [Site(address=draft.address.strip())]
        session.add(client)
        session.flush()
        if draft.email.strip():
            session.add(ClientEmail(client_id=client.id, email=draft.email.strip()))
        # Requests made from these numbers before the client existed (missed calls) are theirs now.
        attach_requests_to_client(session, client.id, [p.e164 for p in phones])
        return client.id
