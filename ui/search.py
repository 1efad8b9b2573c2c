"""The global search: the search box (debounced, keyboard driven) and the results table model."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from models.views import SearchHit
from ui.domain_labels import CLIENT_KINDS, HIT_KINDS, label

DEBOUNCE_MS = 250
SECONDARY_TEXT = "#6b7280"


class SearchResultsTableModel(QAbstractTableModel):
    """Search hits as rows: what matched (a short label), the title and the detail line."""

    COL_KIND = 0
    COL_TITLE = 1
    COL_DETAILS = 2
    COLUMN_COUNT = 3
    STRETCH_COLUMN = COL_TITLE

    HIT_ROLE = Qt.ItemDataRole.UserRole + 1
    CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Replace the rows with a new result list (a full reload)."""
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_KIND:
                return label(HIT_KINDS, hit.kind)
            if column == self.COL_TITLE:
                return hit.title
            if column == self.COL_DETAILS:
                return label(CLIENT_KINDS, hit.subtitle) if hit.kind == "client" else hit.subtitle
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_KIND:
            return QColor(SECONDARY_TEXT)
        if role == self.HIT_ROLE:
            return hit
        if role == self.CLIENT_ID_ROLE:
            return hit.client_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            self.COL_KIND: self.tr("Type"),
            self.COL_TITLE: self.tr("Name"),
            self.COL_DETAILS: self.tr("Details"),
        }.get(section)


class SearchBox(QLineEdit):
    """The one global search box: searches after a short pause in typing and at once on Enter.

    Down arrow hands the keyboard to the result list.
    """

    search_requested = Signal(str)  # the text settled (debounced)
    submitted = Signal(str)  # Enter: search now and open the best hit
    results_focus_requested = Signal()
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("globalSearch")
        self.setPlaceholderText(self.tr("Search: phone, name, address, serial, order №"))
        self.setToolTip(self.tr("Find a client by phone in any format, name, address, serial or order number (Ctrl+K)"))
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self.textEdited.connect(self.on_self_text_edited)
        self.returnPressed.connect(self.on_self_return_pressed)

    @property
    def pending(self) -> bool:
        """True while typed text waits for the pause before it is searched."""
        return self._timer.isActive()

    def on_self_text_edited(self, text: str) -> None:
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self.cleared.emit()

    def on_timer_timeout(self) -> None:
        self.search_requested.emit(self.text().strip())

    def on_self_return_pressed(self) -> None:
        self._timer.stop()
        if self.text().strip():
            self.submitted.emit(self.text().strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.results_focus_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self._timer.stop()
            self.cleared.emit()
            return
        super().keyPressEvent(event)
