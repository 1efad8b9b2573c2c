"""Company settings, people who use FieldDesk and their group roles."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, String, Text, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, CreatedAt, check_in

#: Group roles in the database; each person's login role is a member of one of them.
GROUP_ROLES = ("dispatcher", "manager", "service_head", "technician", "accountant", "admin")


def group_role_name(role: str) -> str:
    """The database group role behind an application role ("dispatcher" -> "fielddesk_dispatcher")."""
    if role not in GROUP_ROLES:
        raise ValueError(f"Unknown role {role!r}; expected one of {', '.join(GROUP_ROLES)}")
    return f"fielddesk_{role}"


class Company(Base):
    """The single row of company-wide settings."""

    __tablename__ = "company"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("holiday_country ~ '^[A-Z]{2}$'", name="holiday_country_code"),
        CheckConstraint("urgent_buffer_percent BETWEEN 0 AND 90", name="urgent_buffer_range"),
        CheckConstraint("callback_sla_minutes BETWEEN 1 AND 1440", name="callback_sla_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(200))
    time_zone: Mapped[str] = mapped_column(String(64), server_default="Asia/Yekaterinburg")
    phone_region: Mapped[str] = mapped_column(String(2), server_default="RU")
    currency: Mapped[str] = mapped_column(String(3), server_default="RUB")
    details: Mapped[dict] = mapped_column(JSONB, server_default="{}")  # legal name, INN, address, bank
    holiday_country: Mapped[str] = mapped_column(String(2), server_default="RU")  # public holidays calendar
    urgent_buffer_percent: Mapped[int] = mapped_column(server_default="10")  # capacity kept free for urgent calls
    callback_sla_minutes: Mapped[int] = mapped_column(server_default="15")  # a missed call is called back within


class User(CreatedAt, Base):
    """A person who signs in; ``login`` is their own database login role."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(check_in("role", GROUP_ROLES), name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(63), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    extension: Mapped[str | None] = mapped_column(String(20), unique=True)
    email: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")


def company_settings(session: Session) -> Company:
    """The company row; the migration creates it, so it always exists."""
    return session.execute(select(Company)).scalar_one()
