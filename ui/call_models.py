"""Table models of calls: the call log (paged lazily, live), the missed-calls queue and a caller's recent calls."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from models.call_log import PAGE_SIZE, call_log
from models.call_views import CallbackRow, CallLogFilter, CallLogRow
from models.database import Database
from ui.call_labels import call_status, callback_state, direction_label, format_duration, format_when
from ui.chips import STATUS_ROLE
from ui.client_card_models import SECONDARY_TEXT, RowsTableModel
from ui.formatting import format_datetime
from ui.paged_model import PagedTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole
#: Roles every call model answers, so views and pages can act on a row without knowing the model.
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 10
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 11  # the dialable number of the row, if any
LINK_ROLE = Qt.ItemDataRole.UserRole + 12  # True on cells that act as links when clicked
URL_ROLE = Qt.ItemDataRole.UserRole + 13  # the address a link cell opens (a recording), if not a number


def link_color() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Link)


def _link_font() -> QFont:
    font = QFont()
    font.setUnderline(True)
    return font


def _sort_key(row: CallLogRow) -> tuple[datetime, int]:
    return row.started_at, row.id


class CallLogTableModel(PagedTableModel[CallLogRow]):
    """The call log, newest first, fetched a page at a time in the background as the view scrolls."""

    COL_WHEN = 0
    COL_DIRECTION = 1
    COL_NUMBER = 2
    COL_CLIENT = 3
    COL_EXTENSION = 4
    COL_STATUS = 5
    COL_DURATION = 6
    COL_RECORDING = 7
    COLUMN_COUNT = 8
    STRETCH_COLUMN = COL_CLIENT
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, db: Database, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(db, parent, page_size=page_size)
        self.filters = CallLogFilter()
        self.now = datetime.now(UTC)

    # loading

    def set_filters(self, filters: CallLogFilter) -> None:
        """Show the calls matching ``filters``: empty the table and fetch the first page."""
        self.filters = filters
        self.restart()

    def reload(self) -> None:
        self.set_filters(self.filters)

    def read_page(self, offset: int, limit: int, ids: set[int] | None = None) -> list[CallLogRow]:
        return call_log(self.db, self.filters, offset, limit, ids=ids)

    def comes_before(self, a: CallLogRow, b: CallLogRow) -> bool:
        return _sort_key(a) > _sort_key(b)  # newest first

    def page_arrived(self) -> None:
        self.now = datetime.now(UTC)

    # live updates

    def refresh_calls(self, ids: set[int]) -> None:
        """Re-read these calls (changed elsewhere): update shown rows, add new ones, drop ones that left the filter."""
        self.refresh(ids)

    # reading

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        return {
            self.COL_WHEN: self.tr("When"), self.COL_DIRECTION: self.tr("Direction"),
            self.COL_NUMBER: self.tr("Number"), self.COL_CLIENT: self.tr("Client"),
            self.COL_EXTENSION: self.tr("Ext."), self.COL_STATUS: self.tr("Status"),
            self.COL_DURATION: self.tr("Talk"), self.COL_RECORDING: self.tr("Recording"),
        }.get(section)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == self.ROW_ROLE:
            return row
        if role == CLIENT_ID_ROLE:
            return row.client_id
        if role == NUMBER_ROLE:
            return row.e164
        if role == URL_ROLE:
            return row.recording_url if column == self.COL_RECORDING else None
        if role == LINK_ROLE:
            return (column == self.COL_NUMBER and bool(row.e164)) or (column == self.COL_RECORDING
                                                                      and bool(row.recording_url))
        if column == self.COL_STATUS and role in (DISPLAY, STATUS_ROLE):
            status = call_status(row.status)
            return status.label if role == DISPLAY else status
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.data(index, LINK_ROLE):
                return link_color()
            if column == self.COL_CLIENT and row.client_name is None:
                return SECONDARY_TEXT
            return None
        if role == Qt.ItemDataRole.FontRole and self.data(index, LINK_ROLE):
            return _link_font()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index, row, column)
        if role != DISPLAY:
            return None
        if column == self.COL_WHEN:
            return format_when(row.started_at, self.now.astimezone(row.started_at.tzinfo))
        if column == self.COL_DIRECTION:
            return direction_label(row.direction)
        if column == self.COL_NUMBER:
            return row.number
        if column == self.COL_CLIENT:
            return row.client_name or self.tr("unknown number")
        if column == self.COL_EXTENSION:
            return row.extension or ""
        if column == self.COL_DURATION:
            return format_duration(row.talk_seconds) if row.talk_seconds else ""
        if column == self.COL_RECORDING:
            return self.tr("▶ listen") if row.recording_url else ""
        return None

    def _tooltip(self, index: QModelIndex | QPersistentModelIndex, row: CallLogRow, column: int) -> str | None:
        if column == self.COL_NUMBER and row.e164:
            return self.tr("Call %1 (click); right-click for more").replace("%1", row.number)
        if column == self.COL_RECORDING and row.recording_url:
            return row.recording_url
        if column == self.COL_WHEN:
            return format_datetime(row.started_at)
        if column == self.COL_DURATION and row.ring_seconds is not None:
            return self.tr("Rang %1, talked %2").replace("%1", format_duration(row.ring_seconds)).replace(
                "%2", format_duration(row.talk_seconds) or "—")
        if column == self.COL_CLIENT and row.client_id is not None:
            return self.tr("Double-click or Enter opens the client card")
        value = self.data(index, DISPLAY)
        return str(value) if value else None


class MissedCallsTableModel(RowsTableModel[CallbackRow]):
    """Open callbacks: the deadline as a chip (overdue in red, with the words), who called, tries, who calls back."""

    COL_STATE = 0
    COL_DEADLINE = 1
    COL_CALLER = 2
    COL_NUMBER = 3
    COL_MISSED = 4
    COL_TRIES = 5
    COL_ASSIGNEE = 6
    COLUMN_COUNT = 7
    STRETCH_COLUMN = COL_CALLER

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.now = datetime.now(UTC)

    def set_rows(self, rows, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)
        super().set_rows(rows)

    def tick(self, now: datetime | None = None) -> None:
        """Move the deadlines on without reading again (overdue comes as time passes)."""
        self.now = now or datetime.now(UTC)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.COL_STATE), self.index(self.rowCount() - 1, self.COL_STATE))

    def headers(self) -> list[str]:
        return [self.tr("Deadline"), self.tr("Due by"), self.tr("Caller"), self.tr("Number"), self.tr("Missed at"),
                self.tr("Tries"), self.tr("Calls back")]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row = self.row_at(index.row())
        if role == CLIENT_ID_ROLE:
            return row.client_id
        if role == NUMBER_ROLE:
            return row.e164
        if role == LINK_ROLE:
            return index.column() == self.COL_NUMBER and bool(row.e164)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_CALLER:
            return row.title
        return super().data(index, role)

    def overdue(self, row: CallbackRow) -> bool:
        return row.due_at is not None and row.due_at < self.now

    def cell(self, row: CallbackRow, column: int, role: int) -> Any:
        if column == self.COL_STATE and role in (DISPLAY, STATUS_ROLE):
            status, words = callback_state(row.due_at, self.now)
            return words if role == DISPLAY else status
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COL_NUMBER and row.e164:
                return link_color()
            if column == self.COL_CALLER and row.client_name is None:
                return SECONDARY_TEXT
            if column == self.COL_DEADLINE and self.overdue(row):
                return call_status("missed").qcolor
            return None
        if role == Qt.ItemDataRole.FontRole and column == self.COL_NUMBER and row.e164:
            return _link_font()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_TRIES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != DISPLAY:
            return None
        if column == self.COL_DEADLINE:
            return format_when(row.due_at, self.now.astimezone(row.due_at.tzinfo)) if row.due_at else ""
        if column == self.COL_CALLER:
            return row.client_name or self.tr("unknown number")
        if column == self.COL_NUMBER:
            return row.number
        if column == self.COL_MISSED:
            return format_when(row.missed_at, self.now.astimezone(row.missed_at.tzinfo))
        if column == self.COL_TRIES:
            return str(row.tries) if row.tries else ""
        if column == self.COL_ASSIGNEE:
            return row.assignee or self.tr("anyone")
        return None


class RecentCallsTableModel(RowsTableModel[CallLogRow]):
    """A caller's earlier calls, compact: when, which way, how it went, how long."""

    COL_WHEN = 0
    COL_DIRECTION = 1
    COL_STATUS = 2
    COL_DURATION = 3
    COLUMN_COUNT = 4
    STRETCH_COLUMN = -1  # the last column takes the rest: the status chips keep their whole width

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Direction"), self.tr("Status"), self.tr("Talk")]

    def cell(self, row: CallLogRow, column: int, role: int) -> Any:
        if column == self.COL_STATUS and role in (DISPLAY, STATUS_ROLE):
            status = call_status(row.status)
            return status.label if role == DISPLAY else status
        if role != DISPLAY:
            return None
        if column == self.COL_WHEN:
            return format_when(row.started_at)
        if column == self.COL_DIRECTION:
            return direction_label(row.direction)
        if column == self.COL_DURATION:
            return format_duration(row.talk_seconds) if row.talk_seconds else ""
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row = self.row_at(index.row())
            parts = [format_datetime(row.started_at), direction_label(row.direction, glyph=False),
                     call_status(row.status).label]
            if row.extension:
                parts.append(self.tr("extension %1").replace("%1", row.extension))
            if row.talk_seconds:
                parts.append(format_duration(row.talk_seconds))
            return " · ".join(parts)
        return super().data(index, role)
