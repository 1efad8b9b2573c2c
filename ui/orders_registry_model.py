"""The table model of the order registry: pages fetched in the background as the view scrolls, sorted by the
database, stage chips in the pipeline's colours, overdue rows in the palette's red."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from models.database import Database
from models.order_registry import PAGE_SIZE, RegistryRow, RegistrySpec, fetch_page
from models.phones import format_phone
from ui.chips import STATUS_ROLE
from ui.formatting import format_amount, format_datetime, format_money
from ui.paged_model import PagedTableModel
from ui.status_palette import RED, stage_status

DISPLAY = Qt.ItemDataRole.DisplayRole
ORDER_ID_ROLE = Qt.ItemDataRole.UserRole + 20
OVERDUE_TINT = QColor(RED)
OVERDUE_TINT.setAlpha(28)


def _sort_value(row: RegistryRow, key: str) -> tuple:
    """A comparable form of the row's sort key: no due date counts as the latest, as in the database (last when
    ascending, first when descending)."""
    value = getattr(row, key)
    return (value is None, value if value is not None else 0)


class OrdersRegistryTableModel(PagedTableModel[RegistryRow]):
    """Orders matching a RegistrySpec, one page at a time; ``sort`` asks the database for another order."""

    COL_NUMBER = 0
    COL_CREATED = 1
    COL_PIPELINE = 2
    COL_STAGE = 3
    COL_CLIENT = 4
    COL_PHONE = 5
    COL_ADDRESS = 6
    COL_EQUIPMENT = 7
    COL_OWNER = 8
    COL_SOURCE = 9
    COL_AMOUNT = 10
    COL_PAID = 11
    COL_DUE = 12
    COL_TITLE = 13
    COL_CUSTOM = 14
    COLUMN_COUNT = 15
    #: The registry column key of each column (the keys reports.orders_xlsx exports).
    KEYS = ("number", "created_at", "pipeline", "stage", "client", "phone", "address", "equipment", "owner",
            "source", "amount", "paid", "due_at", "title", "custom_fields")
    #: Columns the database can sort two million orders by (an index behind each).
    SORT_KEYS = {COL_NUMBER: "number", COL_CREATED: "created_at", COL_DUE: "due_at"}
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    spec_changed = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(db, parent, page_size=page_size)
        self.spec = RegistrySpec()
        self.currency = "RUB"
        self.custom_labels: dict[str, str] = {}
        self._phones: dict[str, str] = {}  # E.164 -> display form, formatted once when first shown

    # loading

    def set_spec(self, spec: RegistrySpec) -> None:
        """Show the orders matching ``spec``: empty the table and fetch the first page."""
        self.spec = spec
        self.restart()
        self.spec_changed.emit(spec)

    def reload(self) -> None:
        self.set_spec(self.spec)

    def read_page(self, offset: int, limit: int, ids: set[int] | None = None) -> list[RegistryRow]:
        return fetch_page(self.db, self.spec, offset, limit, ids=ids)

    def comes_before(self, a: RegistryRow, b: RegistryRow) -> bool:
        ka, kb = (_sort_value(a, self.spec.sort), a.id), (_sort_value(b, self.spec.sort), b.id)
        return ka > kb if self.spec.descending else ka < kb

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column the database has an index for; other columns keep the current order."""
        key = self.SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.spec.sort, self.spec.descending):
            self.set_spec(replace(self.spec, sort=key, descending=descending))

    def sort_column(self) -> int:
        return next(c for c, k in self.SORT_KEYS.items() if k == self.spec.sort)

    # live updates

    def refresh_orders(self, ids: set[int]) -> None:
        """Re-read these orders: update the rows shown, drop ones that left the filter, add new ones in place."""
        self.refresh(ids)

    # reading

    def headers(self) -> list[str]:
        return [self.tr("No."), self.tr("Created"), self.tr("Pipeline"), self.tr("Stage"), self.tr("Client"),
                self.tr("Phone"), self.tr("Address"), self.tr("Unit"), self.tr("Owner"), self.tr("Source"),
                self.tr("Amount"), self.tr("Paid"), self.tr("Due"), self.tr("Title"), self.tr("Custom fields")]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == DISPLAY:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section in self.SORT_KEYS:
                return self.tr("Click to sort by this column")
            return self.tr("Sorting is offered on No., Created and Due; right-click to show or hide columns")
        return None

    def custom_text(self, values: dict) -> str:
        return "; ".join(f"{self.custom_labels.get(k, k)}: {v}" for k, v in values.items() if v not in (None, ""))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == self.ROW_ROLE:
            return row
        if role == ORDER_ID_ROLE:
            return row.id
        if column == self.COL_STAGE and role == STATUS_ROLE:
            return stage_status(row.stage, row.stage_color, row.stage_kind)
        if role == Qt.ItemDataRole.BackgroundRole:
            return OVERDUE_TINT if row.overdue else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(RED) if row.overdue and column in (self.COL_NUMBER, self.COL_DUE) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_AMOUNT, self.COL_PAID, self.COL_NUMBER):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_DUE and row.overdue:
                return self.tr("Overdue: past its due date or held in its stage longer than the stage allows")
            if column in (self.COL_AMOUNT, self.COL_PAID):
                return format_money(row.amount if column == self.COL_AMOUNT else row.paid, self.currency)
            value = self.data(index, DISPLAY)
            return str(value) if value else None
        if role != DISPLAY:
            return None
        return self._display(row, column)

    def _display(self, row: RegistryRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return str(row.number)
        if column == self.COL_CREATED:
            return format_datetime(row.created_at)
        if column == self.COL_DUE:
            due = format_datetime(row.due_at)
            return self.tr("⚠ %1 overdue").replace("%1", due).strip() if row.overdue else due
        if column == self.COL_AMOUNT:
            return format_amount(row.amount)
        if column == self.COL_PAID:
            return format_amount(row.paid)
        if column == self.COL_CUSTOM:
            return self.custom_text(row.custom_fields)
        if column == self.COL_PHONE:
            if row.phone and row.phone not in self._phones:
                self._phones[row.phone] = format_phone(row.phone)
            return self._phones.get(row.phone, "")
        if column == self.COL_CLIENT and row.client_id is None:
            return self.tr("%1 (unknown caller)").replace("%1", row.client)
        return str(getattr(row, self.KEYS[column]) or "")
