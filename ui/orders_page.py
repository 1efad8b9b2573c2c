"""The Orders page: the pipeline as a kanban board, and the registry of every order as a list."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QTabWidget, QVBoxLayout, QWidget

from models.database import Database
from models.kanban import BoardOptions, board_options
from models.users import UserRef
from ui.import_1c_dialog import Import1cDialog
from ui.kanban_board import KanbanBoard
from ui.orders_registry import OrdersRegistryView
from ui.settings import Settings
from ui.tasks import run_in_background

#: Who may book payments from an accounting file.
PAYMENT_IMPORT_ROLES = ("accountant", "manager", "admin")
#: Tables whose changes may change what a card shows, besides the orders themselves.
ORDER_DETAIL_TABLES = {"tasks", "attachments", "stage_history", "pipelines", "stages", "stage_rules"}


class OrdersPage(QWidget):
    """Board and List over the same orders; a double-click or Enter on either opens the order card."""

    open_order_requested = Signal(int)
    status_message_requested = Signal(str)

    def __init__(self, db: Database, user: UserRef | None, settings: Settings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.board = KanbanBoard(db, user)
        self.registry = OrdersRegistryView(db, user, settings)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.board, self.tr("Board"))
        self.tabs.addTab(self.registry, self.tr("List"))
        self.tabs.setTabToolTip(0, self.tr("The pipeline's stages as columns; drag a card to move the order on"))
        self.tabs.setTabToolTip(1, self.tr("Every order in a sortable list with saved filters and export to Excel"))
        self.db, self.user = db, user
        self.import_button = QPushButton(self.tr("Import payments from 1C…"))
        self.import_button.setToolTip(self.tr("Read a payments file exported from 1C (CSV or XLSX), check it, then "
                                              "book the payments to their orders by order number"))
        self.import_button.setVisible(user is None or user.role in PAYMENT_IMPORT_ROLES)
        self.import_button.clicked.connect(self.open_import_dialog)
        self.tabs.setCornerWidget(self.import_button)
        self.import_dialog: Import1cDialog | None = None
        self._choosing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.tabs)
        for view in (self.board, self.registry):
            view.open_order_requested.connect(self.open_order_requested)
            view.status_message_requested.connect(self.status_message_requested)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        """The first time the page is shown, the board opens on the first pipeline."""
        if self.board.pipeline_id is None and not self._choosing:
            self._choosing = True
            run_in_background(board_options, self.db, on_done=self._on_options_loaded,
                              on_error=lambda exc: self.status_message_requested.emit(str(exc)))

    def _on_options_loaded(self, options: BoardOptions) -> None:
        self._choosing = False
        if self.board.pipeline_id is None and options.pipelines:
            self.board.set_pipeline(options.pipelines[0].id)

    def open_import_dialog(self) -> Import1cDialog:
        self.import_dialog = Import1cDialog(self.db, self.user, self)
        self.import_dialog.imported.connect(self.on_payments_imported)
        self.import_dialog.show()
        return self.import_dialog

    def on_payments_imported(self, report) -> None:
        text = self.tr("1C import: %1 payments booked, %2 lines not taken")
        self.status_message_requested.emit(text.replace("%1", str(len(report.taken))).replace(
            "%2", str(len(report.not_matched) + len(report.already_imported) + len(report.duplicates))))

    def on_data_changed(self, changes: dict, deleted: set) -> None:
        """Changes from every workstation: the board and the list refresh what they show."""
        tables = changes.keys() | deleted
        if "orders" in tables:
            ids = set(changes.get("orders", ()))
            self.board.on_orders_changed(ids)
            self.registry.on_orders_changed(ids | {None} if "orders" in deleted else ids)  # None: reload all
        elif ORDER_DETAIL_TABLES & tables:
            self.board.on_orders_changed(None)
