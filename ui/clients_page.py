"""Clients & equipment: the global search's results on the left, the chosen client's card on the right."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from models.database import Database
from models.search import search
from models.views import SearchHit
from ui.client_card import ClientCardView
from ui.search import SearchResultsTableModel
from ui.tables import CompactTableView
from ui.tasks import run_in_background

SEARCH_LIMIT = 50


class SearchResultsView(CompactTableView):
    """The result list: arrow keys move, Enter (or a click) opens the client card."""

    hit_open_requested = Signal(int)  # row

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.hit_open_requested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class ClientsPage(QWidget):
    """Runs searches in the background, lists the hits and shows the card of the one opened."""

    search_finished = Signal(str, int)  # query, number of hits
    status_message_requested = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.query = ""
        self._generation = 0
        self._open_first_when_done = False

        self.results_model = SearchResultsTableModel(self)
        self.results_view = SearchResultsView()
        self.results_view.setModel(self.results_model)
        self.results_view.setToolTip(self.tr("↑/↓ move, Enter opens the client card"))
        self.results_view.hit_open_requested.connect(self.on_results_view_hit_open_requested)
        self.results_view.clicked.connect(self.on_results_view_clicked)
        self.results_view.doubleClicked.connect(self.on_results_view_clicked)
        self.summary_label = QLabel(self.tr("Type in the search box above: a phone in any format, a name, "
                                            "an address, a serial or an order number."))
        self.summary_label.setObjectName("secondaryText")
        self.summary_label.setWordWrap(True)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 0, 8)
        column.addWidget(self.summary_label)
        column.addWidget(self.results_view, 1)

        self.card_view = ClientCardView(db)
        self.card_view.phone_copied.connect(self.on_card_view_phone_copied)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.card_view)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 1000])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # searching

    def run_search(self, text: str, *, open_first: bool = False) -> None:
        """Search for ``text`` off the UI thread; with ``open_first`` the best hit's card opens when it lands."""
        text = text.strip()
        self._generation += 1
        self._open_first_when_done = open_first
        self.query = text
        if not text:
            self.clear_results()
            return
        self.summary_label.setText(self.tr("Searching for “%1”…").replace("%1", text))
        generation = self._generation
        run_in_background(
            search, self.db, text, SEARCH_LIMIT,
            on_done=partial(self._on_search_done, generation, text),
            on_error=partial(self._on_search_failed, generation),
        )

    def submit(self, text: str) -> None:
        """Enter in the search box: open the selected (or first) hit, searching first when the text is new."""
        if text.strip() == self.query and self.results_model.rowCount():
            row = max(self.results_view.currentIndex().row(), 0)
            self.open_hit(row)
        else:
            self.run_search(text, open_first=True)

    def clear_results(self) -> None:
        self._generation += 1
        self.query = ""
        self.results_model.set_hits([])
        self.summary_label.setText(self.tr("Type in the search box above: a phone in any format, a name, "
                                           "an address, a serial or an order number."))

    def _on_search_done(self, generation: int, text: str, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # a newer search has started; its answer is the one to show
        self.results_model.set_hits(hits)
        if hits:
            self.results_view.selectRow(0)
            self.summary_label.setText(self.tr("Results for “%1”: %n", "", len(hits)).replace("%1", text))
        else:
            self.summary_label.setText(self.tr("Nothing found for “%1”.").replace("%1", text))
        self.search_finished.emit(text, len(hits))
        if self._open_first_when_done and hits:
            self.open_hit(0)
        self._open_first_when_done = False

    def _on_search_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.summary_label.setText(self.tr("The search failed: %1").replace("%1", str(exc)))

    # opening cards

    def focus_results(self) -> None:
        self.results_view.setFocus()
        if self.results_model.rowCount() and not self.results_view.currentIndex().isValid():
            self.results_view.selectRow(0)

    def open_hit(self, row: int) -> None:
        hit = self.results_model.hit(row)
        self.results_view.selectRow(row)
        self.card_view.show_client(hit.client_id, equipment_id=hit.equipment_id, order_id=hit.order_id)

    def open_client(self, client_id: int) -> None:
        self.card_view.show_client(client_id)

    def on_results_view_hit_open_requested(self, row: int) -> None:
        self.open_hit(row)

    def on_results_view_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_hit(index.row())

    def on_card_view_phone_copied(self, number: str) -> None:
        self.status_message_requested.emit(self.tr("Copied %1").replace("%1", number))
