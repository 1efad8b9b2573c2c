"""Table models behind the client card's lists: equipment, orders, visits and the timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QWidget

from models.views import EquipmentRow, OrderRow, TimelineRow, VisitRow
from ui.chips import STATUS_ROLE
from ui.domain_labels import TIMELINE_KINDS, label
from ui.formatting import format_amount, format_date, format_datetime, format_time_range
from ui.icons import lock_icon
from ui.status_palette import stage_status, visit_status, warranty_view

Row = TypeVar("Row")
DISPLAY = Qt.ItemDataRole.DisplayRole
SECONDARY_TEXT = QColor("#6b7280")


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a tuple of frozen rows; subclasses name their columns and say what a cell shows."""

    COLUMN_COUNT = 0
    STRETCH_COLUMN = -1  # the column that takes the spare width (default: the last)
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            role = DISPLAY
        return self.cell(row, index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def headers(self) -> list[str]:
        raise NotImplementedError

    def cell(self, row: Row, column: int, role: int) -> Any:
        raise NotImplementedError


class EquipmentTableModel(RowsTableModel[EquipmentRow]):
    """The client's units with their warranty state as a chip ("until 12.05.2027", "expired")."""

    COL_UNIT = 0
    COL_SERIAL = 1
    COL_WARRANTY = 2
    COL_SITE = 3
    COL_INSTALLED = 4
    COLUMN_COUNT = 5
    STRETCH_COLUMN = COL_UNIT

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()

    def headers(self) -> list[str]:
        return [self.tr("Unit"), self.tr("Serial"), self.tr("Warranty"), self.tr("Site"), self.tr("Installed")]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == self.COL_UNIT:
            row = self.row_at(index.row())
            lines = [str(self.cell(row, self.COL_UNIT, DISPLAY))]
            if row.installed_on:
                lines.append(self.tr("Installed %1").replace("%1", format_date(row.installed_on)))
            return "\n".join(lines)
        return super().data(index, role)

    def cell(self, row: EquipmentRow, column: int, role: int) -> Any:
        if column == self.COL_WARRANTY and role in (DISPLAY, STATUS_ROLE):
            view = warranty_view(row, self.today)
            return view.text if role == DISPLAY else view.status
        if role != DISPLAY:
            return None
        if column == self.COL_UNIT:
            maker = f"{row.manufacturer} " if row.manufacturer and row.manufacturer not in row.model else ""
            return f"{row.kind}: {maker}{row.model}"
        if column == self.COL_SERIAL:
            return row.serial or ""
        if column == self.COL_SITE:
            return row.site_address or ""
        if column == self.COL_INSTALLED:
            return format_date(row.installed_on)
        return None


class OrdersTableModel(RowsTableModel[OrderRow]):
    """The client's orders, newest first as given, with the stage as a chip in the pipeline's colour."""

    COL_NUMBER = 0
    COL_TITLE = 1
    COL_STAGE = 2
    COL_AMOUNT = 3
    COL_CREATED = 4
    COLUMN_COUNT = 5
    STRETCH_COLUMN = COL_TITLE

    def headers(self) -> list[str]:
        return [self.tr("№"), self.tr("Order"), self.tr("Stage"), self.tr("Amount"), self.tr("Created")]

    def cell(self, row: OrderRow, column: int, role: int) -> Any:
        if column == self.COL_STAGE and role == STATUS_ROLE:
            return stage_status(row.stage, row.stage_color, row.stage_kind)
        if column == self.COL_AMOUNT and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != DISPLAY:
            return None
        if column == self.COL_NUMBER:
            return str(row.number)
        if column == self.COL_TITLE:
            return f"{row.title} · {row.pipeline}" if row.pipeline else row.title
        if column == self.COL_STAGE:
            return row.stage
        if column == self.COL_AMOUNT:
            return format_amount(row.amount)
        if column == self.COL_CREATED:
            return format_date(row.created_at.date())
        return None


class VisitsTableModel(RowsTableModel[VisitRow]):
    """Visits (past or upcoming) with their status as a chip from the one palette."""

    COL_WHEN = 0
    COL_STATUS = 1
    COL_TECHNICIAN = 2
    COL_ORDER = 3
    COL_ADDRESS = 4
    COLUMN_COUNT = 5
    STRETCH_COLUMN = COL_ADDRESS

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Status"), self.tr("Technician"), self.tr("Order"), self.tr("Address")]

    def cell(self, row: VisitRow, column: int, role: int) -> Any:
        if column == self.COL_STATUS and role in (DISPLAY, STATUS_ROLE):
            status = visit_status(row.status)
            return status.label if role == DISPLAY else status
        if role == Qt.ItemDataRole.FontRole and row.status == "cancelled":
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "cancelled":
            return SECONDARY_TEXT
        if role != DISPLAY:
            return None
        if column == self.COL_WHEN:
            return format_time_range(row.starts_at, row.ends_at)
        if column == self.COL_TECHNICIAN:
            return row.technician or self.tr("not assigned")
        if column == self.COL_ORDER:
            return str(row.order_number)
        if column == self.COL_ADDRESS:
            return row.address or ""
        return None


class TimelineTableModel(RowsTableModel[TimelineRow]):
    """The client's history: when, what kind and who, then the text; private items carry a lock."""

    COL_WHEN = 0
    COL_TEXT = 1
    COLUMN_COUNT = 2
    STRETCH_COLUMN = COL_TEXT
    HEADING_ROLE = Qt.ItemDataRole.UserRole + 2
    BODY_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._lock: QIcon | None = None

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("What happened")]

    def cell(self, row: TimelineRow, column: int, role: int) -> Any:
        if column == self.COL_WHEN:
            if role == DISPLAY:
                return format_datetime(row.at).replace(" ", "\n", 1)
            if role == Qt.ItemDataRole.ForegroundRole:
                return SECONDARY_TEXT
            return None
        if column != self.COL_TEXT:
            return None
        if role == Qt.ItemDataRole.DecorationRole and row.private:
            if self._lock is None:
                self._lock = lock_icon()
            return self._lock
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and row.private:
            return self.tr("private")
        if role == self.HEADING_ROLE:
            return self.heading(row)
        if role == self.BODY_ROLE:
            return row.text
        if role == DISPLAY:
            return self.heading(row) + "\n" + row.text
        return None

    def heading(self, row: TimelineRow) -> str:
        """"Call · order 1042 · Смирнова · private"."""
        parts = [label(TIMELINE_KINDS, row.kind)]
        if row.order_number is not None:
            parts.append(self.tr("order %1").replace("%1", str(row.order_number)))
        if row.author:
            parts.append(row.author)
        if row.private:
            parts.append(self.tr("private"))
        return " · ".join(parts)
