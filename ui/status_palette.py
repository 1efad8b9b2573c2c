"""The one status palette: the colour and the short label of every state, used by every view.

Colour is never the only signal: each state has a label (translated) that is shown beside the colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from models.views import EquipmentRow

CONTEXT = "StatusPalette"

GREY = "#8a8f98"
BLUE = "#2f6fde"
VIOLET = "#8a4fd6"
AMBER = "#d99400"
GREEN = "#2e9e50"
RED = "#d64541"

#: Warranty that ends within this many days counts as "expiring soon".
EXPIRING_SOON_DAYS = 30
#: Usage-limited warranty with less than this left counts as "expiring soon".
EXPIRING_SOON_USAGE = {"engine_hours": Decimal(50), "km": Decimal(1000)}


@dataclass(frozen=True)
class Status:
    """A state as it is drawn: its key, colour, untranslated label and whether it is struck through."""

    key: str
    color: str
    source_label: str
    struck: bool = False

    @property
    def qcolor(self) -> QColor:
        return QColor(self.color)

    @property
    def label(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.source_label)


VISIT_STATUSES: dict[str, Status] = {
    "planned": Status("planned", GREY, QT_TRANSLATE_NOOP("StatusPalette", "planned")),
    "confirmed": Status("confirmed", BLUE, QT_TRANSLATE_NOOP("StatusPalette", "confirmed")),
    "en_route": Status("en_route", VIOLET, QT_TRANSLATE_NOOP("StatusPalette", "en route")),
    "on_site": Status("on_site", AMBER, QT_TRANSLATE_NOOP("StatusPalette", "on site")),
    "done": Status("done", GREEN, QT_TRANSLATE_NOOP("StatusPalette", "done")),
    "cancelled": Status("cancelled", GREY, QT_TRANSLATE_NOOP("StatusPalette", "cancelled"), struck=True),
    "overdue": Status("overdue", RED, QT_TRANSLATE_NOOP("StatusPalette", "overdue")),
    "conflict": Status("conflict", RED, QT_TRANSLATE_NOOP("StatusPalette", "conflict")),
    "waiting": Status("waiting", GREY, QT_TRANSLATE_NOOP("StatusPalette", "waiting")),
}

WARRANTY_STATUSES: dict[str, Status] = {
    "active": Status("active", GREEN, QT_TRANSLATE_NOOP("StatusPalette", "under warranty")),
    "expiring": Status("expiring", AMBER, QT_TRANSLATE_NOOP("StatusPalette", "expiring soon")),
    "expired": Status("expired", RED, QT_TRANSLATE_NOOP("StatusPalette", "expired")),
    "unknown": Status("unknown", GREY, QT_TRANSLATE_NOOP("StatusPalette", "no data")),
}


def visit_status(key: str) -> Status:
    """The palette entry of a visit status; an unknown key is shown grey under its own name."""
    return VISIT_STATUSES.get(key) or Status(key, GREY, key.replace("_", " "))


def stage_status(name: str, color: str | None, kind: str = "open") -> Status:
    """An order stage: the pipeline's own colour (admins choose it) with the stage name as the label."""
    fallback = {"won": GREEN, "lost": GREY}.get(kind, BLUE)
    valid = QColor(color).isValid() if color else False
    return Status(f"stage:{name}", color if valid else fallback, name, struck=False)


@dataclass(frozen=True)
class WarrantyView:
    """What the card shows about a unit's warranty: the palette entry and the words."""

    status: Status
    text: str


def warranty_view(unit: EquipmentRow, today: date) -> WarrantyView:
    """Warranty state in words: "until 12.05.2027", "120 engine hours left", "expired" or "no data"."""
    if not unit.warranty_known:
        text = QCoreApplication.translate("StatusPalette", "no warranty data")
        return WarrantyView(WARRANTY_STATUSES["unknown"], text)
    if not unit.warranty_active:
        return WarrantyView(WARRANTY_STATUSES["expired"], QCoreApplication.translate("StatusPalette", "expired"))
    parts: list[str] = []
    soon = False
    if unit.warranty_until is not None:
        until = QCoreApplication.translate("StatusPalette", "until %1")
        parts.append(until.replace("%1", unit.warranty_until.strftime("%d.%m.%Y")))
        soon = (unit.warranty_until - today).days < EXPIRING_SOON_DAYS
    if unit.usage_left is not None:
        left = int(unit.usage_left.to_integral_value())
        if unit.usage_unit == "engine_hours":
            parts.append(QCoreApplication.translate("StatusPalette", "%n engine hours left", None, left))
        else:
            parts.append(QCoreApplication.translate("StatusPalette", "%n km left", None, left))
        threshold = EXPIRING_SOON_USAGE.get(unit.usage_unit or "km", Decimal(0))
        soon = soon or unit.usage_left < threshold
    key = "expiring" if soon else "active"
    return WarrantyView(WARRANTY_STATUSES[key], ", ".join(parts) or WARRANTY_STATUSES[key].label)


#: One colour a technician's route, on the board's map, in the optimiser and wherever routes are drawn side by side.
ROUTE_COLORS = ("#2f6fde", "#d64541", "#2e9e50", "#8a4fd6", "#d99400", "#00838f", "#6d4c41", "#c2185b")
