"""Equipment at clients' sites, its manufacturers, usage readings and warranty state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, check_in

USAGE_UNITS = ("engine_hours", "km")


class Manufacturer(Base):
    """A maker of equipment, with whom warranty claims are filed."""

    __tablename__ = "manufacturers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    claim_email: Mapped[str | None] = mapped_column(String(320))
    claim_address: Mapped[str | None] = mapped_column(Text)
    claim_contact: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(16))


class Equipment(CreatedAt, Base):
    """A unit at a client's site: an air conditioner, a water meter, a tractor."""

    __tablename__ = "equipment"
    __table_args__ = (
        CheckConstraint(check_in("usage_unit", USAGE_UNITS), name="usage_unit_known"),
        CheckConstraint(
            "warranty_usage_limit IS NULL OR (warranty_usage_limit > 0 AND usage_unit IS NOT NULL)",
            name="usage_limit_has_unit",
        ),
        CheckConstraint(
            "installed_on IS NULL OR sold_on IS NULL OR installed_on >= sold_on", name="installed_after_sold"
        ),
        Index("ix_equipment_serial_upper", text("upper(serial) text_pattern_ops")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="SET NULL"), index=True)
    manufacturer_id: Mapped[int | None] = mapped_column(ForeignKey("manufacturers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(100))
    model: Mapped[str] = mapped_column(String(200))
    serial: Mapped[str | None] = mapped_column(String(100))
    sold_on: Mapped[date | None] = mapped_column(Date)
    installed_on: Mapped[date | None] = mapped_column(Date)
    commissioned_on: Mapped[date | None] = mapped_column(Date)
    warranty_until: Mapped[date | None] = mapped_column(Date)
    warranty_usage_limit: Mapped[Decimal | None] = mapped_column(Numeric(12, 1))
    usage_unit: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}


class UsageReading(Base):
    """An engine-hours or odometer reading taken on a date (usually on a visit)."""

    __tablename__ = "usage_readings"
    __table_args__ = (
        CheckConstraint("value >= 0", name="value_not_negative"),
        Index("ix_usage_readings_equipment_at", "equipment_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    equipment_id: Mapped[int] = mapped_column(ForeignKey("equipment.id", ondelete="CASCADE"))
    read_at: Mapped[datetime]
    value: Mapped[Decimal] = mapped_column(Numeric(12, 1))
    source: Mapped[str | None] = mapped_column(String(50))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"), index=True)


@dataclass(frozen=True)
class WarrantyState:
    """Whether a unit is under warranty on a day, and the words that say so."""

    active: bool
    until: date | None
    usage_left: Decimal | None
    usage_unit: str | None
    known: bool = True

    def describe(self) -> str:
        """English summary; the UI translates the parts it shows."""
        if not self.known:
            return "no warranty data"
        if not self.active:
            return "warranty expired"
        parts = []
        if self.until is not None:
            parts.append(f"until {self.until:%d.%m.%Y}")
        if self.usage_left is not None:
            unit = "engine hours" if self.usage_unit == "engine_hours" else "km"
            parts.append(f"{self.usage_left:g} {unit} left")
        return "warranty " + ", ".join(parts)


def warranty_state(
    on: date,
    *,
    warranty_until: date | None,
    usage_limit: Decimal | None,
    usage_unit: str | None,
    latest_reading: Decimal | None,
) -> WarrantyState:
    """Warranty holds while the date has not passed and the usage is under its limit (whichever ends first)."""
    if warranty_until is None and usage_limit is None:
        return WarrantyState(False, None, None, None, known=False)
    active = True
    if warranty_until is not None and on > warranty_until:
        active = False
    usage_left = None
    if usage_limit is not None:
        used = latest_reading or Decimal(0)
        usage_left = max(Decimal(0), Decimal(usage_limit) - used)
        if used >= usage_limit:
            active = False
    return WarrantyState(active, warranty_until, usage_left, usage_unit)
