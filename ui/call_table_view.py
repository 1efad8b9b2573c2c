"""A table of calls whose number cells are links: a click calls, Enter or a double-click opens the client card,
the context menu calls, copies the number or opens the card."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QMenu, QWidget

from ui.call_models import CLIENT_ID_ROLE, LINK_ROLE, NUMBER_ROLE, URL_ROLE
from ui.phone_link import copy_number
from ui.tables import CompactTableView


class CallTableView(CompactTableView):
    """Emits ``call_requested(number)``, ``client_open_requested(client_id)`` and ``phone_copied(number)``."""

    call_requested = Signal(str)
    client_open_requested = Signal(int)
    phone_copied = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, fit_rows: bool = False):
        super().__init__(parent, fit_rows=fit_rows)
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.on_self_custom_context_menu_requested)
        self.clicked.connect(self.on_self_clicked)
        self.doubleClicked.connect(self.on_self_double_clicked)

    def setModel(self, model) -> None:
        super().setModel(model)
        if model is not None and not self._fit_rows:
            # Sizing columns on every page fetched would undo the user's widths; the first rows decide them.
            model.rowsInserted.disconnect(self.refit)
            model.rowsInserted.connect(self.on_model_rows_inserted)
        self.horizontalHeader().setResizeContentsPrecision(100)

    def on_model_rows_inserted(self, _parent: QModelIndex, first: int, _last: int) -> None:
        if first == 0 and self.model().rowCount() == _last + 1:
            self.refit()

    def on_self_clicked(self, index: QModelIndex) -> None:
        if not index.isValid() or not index.data(LINK_ROLE):
            return
        url = index.data(URL_ROLE)
        if url:
            QDesktopServices.openUrl(QUrl(url))
        elif index.data(NUMBER_ROLE):
            self.call_requested.emit(index.data(NUMBER_ROLE))

    def on_self_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and not index.data(LINK_ROLE):
            self.open_card(index)

    def open_card(self, index: QModelIndex) -> None:
        client_id = index.data(CLIENT_ID_ROLE) if index.isValid() else None
        if client_id is not None:
            self.client_open_requested.emit(client_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_card(self.currentIndex())
            return
        super().keyPressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        link = index.isValid() and bool(index.data(LINK_ROLE))
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if link else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def context_menu(self, index: QModelIndex) -> QMenu:
        """Call, Copy number and Open client card for the row at ``index``."""
        menu = QMenu(self)
        number = index.data(NUMBER_ROLE) if index.isValid() else None
        shown = index.siblingAtColumn(getattr(self.model(), "COL_NUMBER", 0)).data() if index.isValid() else None
        call = menu.addAction(self.tr("Call"))
        call.setEnabled(bool(number))
        call.triggered.connect(lambda: self.call_requested.emit(number))
        copy = menu.addAction(self.tr("Copy number"))
        copy.setEnabled(bool(shown))
        copy.triggered.connect(lambda: self._copy(shown))
        card = menu.addAction(self.tr("Open client card (Enter)"))
        card.setEnabled(index.isValid() and index.data(CLIENT_ID_ROLE) is not None)
        card.triggered.connect(lambda: self.open_card(index))
        return menu

    def _copy(self, text: str) -> None:
        copy_number(text)
        self.phone_copied.emit(text)

    def on_self_custom_context_menu_requested(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if index.isValid():
            self.context_menu(index).popup(self.viewport().mapToGlobal(position))
