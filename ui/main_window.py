"""The main window: the navigation rail, the global search on top, the pages, and the status bar."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import __version__
from models.config import DatabaseConfig
from models.database import Database
from models.live import ClientsTouched, clients_touched
from ui.clients_page import ClientsPage
from ui.icons import glyph_icon
from ui.new_client_dialog import NewClientDialog
from ui.pages import PlaceholderPage, SettingsPage
from ui.search import SearchBox
from ui.settings import Settings
from ui.tasks import run_in_background

RAIL = "NavigationRail"


@dataclass(frozen=True)
class RailEntry:
    """One rail entry: its key, label (translated at use), glyph and, for pages not built yet, a sentence."""

    key: str
    label: str
    glyph: str
    placeholder: str = ""


RAIL_ENTRIES = (
    RailEntry("calls", QT_TRANSLATE_NOOP("NavigationRail", "Calls"), "☎",
              QT_TRANSLATE_NOOP("NavigationRail", "Calls: not built yet — the call log with missed calls to call "
                                "back and the live call pane, coming with the telephony module.")),
    RailEntry("orders", QT_TRANSLATE_NOOP("NavigationRail", "Orders"), "▦",
              QT_TRANSLATE_NOOP("NavigationRail", "Orders: not built yet — pipelines as kanban boards and a "
                                "registry with filters and export, coming with the orders module.")),
    RailEntry("planning", QT_TRANSLATE_NOOP("NavigationRail", "Planning"), "▤",
              QT_TRANSLATE_NOOP("NavigationRail", "Planning board: not built yet — technicians × hours beside a "
                                "map, coming with the planning module.")),
    RailEntry("clients", QT_TRANSLATE_NOOP("NavigationRail", "Clients & equipment"), "☺"),
    RailEntry("overdue", QT_TRANSLATE_NOOP("NavigationRail", "Overdue"), "⚠",
              QT_TRANSLATE_NOOP("NavigationRail", "Overdue work: not built yet — late orders, visits and callbacks "
                                "with who is responsible, coming with the SLA module.")),
    RailEntry("dashboards", QT_TRANSLATE_NOOP("NavigationRail", "Dashboards"), "▥",
              QT_TRANSLATE_NOOP("NavigationRail", "Dashboards: not built yet — workload, SLA and revenue charts, "
                                "coming with the reports module.")),
    RailEntry("settings", QT_TRANSLATE_NOOP("NavigationRail", "Settings"), "⚙"),
)
PAGE_KEYS = tuple(entry.key for entry in RAIL_ENTRIES)


def rail_label(entry: RailEntry) -> str:
    return QCoreApplication.translate(RAIL, entry.label)


class NavigationRail(QListWidget):
    """The left rail: one entry a page, Ctrl+1…Ctrl+7, arrow keys move between entries."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigationRail")
        self.setIconSize(QSize(20, 20))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widest = 0
        for number, entry in enumerate(RAIL_ENTRIES, start=1):
            text = rail_label(entry)
            item = QListWidgetItem(glyph_icon(entry.glyph), text)
            shortcut = QKeySequence(f"Ctrl+{number}").toString(QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(f"{text} ({shortcut})")
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 18))
            self.addItem(item)
            widest = max(widest, self.fontMetrics().horizontalAdvance(text))
        self.setFixedWidth(widest + self.iconSize().width() + 48)


class MainWindow(QMainWindow):
    """FieldDesk's main window, given an open database and the configuration it came from."""

    def __init__(
        self,
        db: Database,
        config: DatabaseConfig | None = None,
        parent: QWidget | None = None,
        settings: Settings | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.new_client_dialog: NewClientDialog | None = None
        self.setWindowTitle(self.tr("FieldDesk"))
        self.resize(1400, 900)

        self.rail = NavigationRail()
        self.search_box = SearchBox()
        self.new_client_button = QToolButton()
        self.clients_page = ClientsPage(db)
        self.settings_page = SettingsPage(config)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for entry in RAIL_ENTRIES:
            if entry.key == "clients":
                page: QWidget = self.clients_page
            elif entry.key == "settings":
                page = self.settings_page
            else:
                page = PlaceholderPage(rail_label(entry), QCoreApplication.translate(RAIL, entry.placeholder))
            page.setObjectName(f"page_{entry.key}")
            self.pages[entry.key] = page
            self.stack.addWidget(page)

        top = QHBoxLayout()
        top.setContentsMargins(8, 8, 8, 0)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.new_client_button)
        content = QVBoxLayout()
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(0)
        content.addLayout(top)
        content.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.rail)
        row.addLayout(content, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_status_bar()
        self.rail.currentRowChanged.connect(self.on_rail_current_row_changed)
        self.search_box.search_requested.connect(self.on_search_box_search_requested)
        self.search_box.submitted.connect(self.on_search_box_submitted)
        self.search_box.results_focus_requested.connect(self.on_search_box_results_focus_requested)
        self.search_box.cleared.connect(self.clients_page.clear_results)
        self.clients_page.status_message_requested.connect(self.show_message)
        self.settings_page.status_message_requested.connect(self.show_message)
        self.show_page(self._restore_layout())
        self.search_box.setFocus()

    # layout kept between runs

    LAYOUT_SPLITTERS = ("clients_splitter", "card_splitter")

    def _splitters(self) -> dict:
        return {"clients_splitter": self.clients_page.splitter, "card_splitter": self.clients_page.card_view.splitter}

    def _restore_layout(self) -> str:
        """Put the window and splitters back as the user left them; return the page to open."""
        if self.settings is None:
            return "clients"
        geometry = self.settings.layout_state("main_window")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in self._splitters().items():
            state = self.settings.layout_state(name)
            if state is not None:
                splitter.restoreState(state)
        page = self.settings.get(Settings.LAST_PAGE)
        return page if page in PAGE_KEYS else "clients"

    def closeEvent(self, event) -> None:
        if self.settings is not None:
            self.settings.save_layout_state("main_window", self.saveGeometry())
            for name, splitter in self._splitters().items():
                self.settings.save_layout_state(name, splitter.saveState())
            self.settings.set(Settings.LAST_PAGE, self.current_page_key())
        super().closeEvent(event)

    def _build_actions(self) -> None:
        self.page_actions: list[QAction] = []
        for number, entry in enumerate(RAIL_ENTRIES, start=1):
            action = QAction(self.tr("Go to %1").replace("%1", rail_label(entry)), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, key=entry.key: self.show_page(key))
            self.addAction(action)
            self.page_actions.append(action)
        self.search_action = QAction(self.tr("Search"), self)
        self.search_action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+F")])
        self.search_action.triggered.connect(self.focus_search)
        self.addAction(self.search_action)
        self.new_client_action = QAction(glyph_icon("+"), self.tr("New client"), self)
        self.new_client_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_client_action.setToolTip(self.tr("Create a client (Ctrl+N)"))
        self.new_client_action.triggered.connect(self.open_new_client_dialog)
        self.addAction(self.new_client_action)
        self.new_client_button.setDefaultAction(self.new_client_action)
        self.new_client_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

    def _build_status_bar(self) -> None:
        self.db_status_label = QLabel(self.tr("DB ok · %1").replace("%1", self.db.display_url))
        self.sync_label = QLabel(self.tr("sync: connecting…"))
        self.version_label = QLabel(self.tr("FieldDesk %1").replace("%1", __version__))
        self.statusBar().addWidget(self.db_status_label)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().addPermanentWidget(self.version_label)

    # live sync with other workstations

    def attach_live_sync(self, live_sync) -> None:
        """Follow other workstations' changes (a ui.live_sync.LiveSync, already started or not)."""
        live_sync.status_changed.connect(self.on_live_sync_status_changed)
        live_sync.data_changed.connect(self.on_live_sync_data_changed)

    def on_live_sync_status_changed(self, connected: bool, message: str) -> None:
        if connected:
            self.sync_label.setText(self.tr("sync ✓"))
            self.sync_label.setToolTip(self.tr("Changes made on other workstations appear here within a second."))
        else:
            self.sync_label.setText(self.tr("sync offline"))
            self.sync_label.setToolTip(message)

    def on_live_sync_data_changed(self, changes: dict, deleted: set) -> None:
        card = self.clients_page.card_view.card
        if card is None:
            return
        run_in_background(
            clients_touched, self.db, changes, deleted,
            on_done=lambda touched, cid=card.id: self._reload_card_if(touched, cid),
            on_error=lambda exc: self.show_message(str(exc)),
        )

    def _reload_card_if(self, touched: ClientsTouched, client_id: int) -> None:
        card = self.clients_page.card_view.card
        if card is not None and card.id == client_id and (touched.unknown or client_id in touched.client_ids):
            self.clients_page.card_view.reload()

    # navigation

    def current_page_key(self) -> str:
        return PAGE_KEYS[self.stack.currentIndex()]

    def show_page(self, key: str) -> None:
        self.rail.setCurrentRow(PAGE_KEYS.index(key))

    def on_rail_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # search

    def on_search_box_search_requested(self, text: str) -> None:
        self.show_page("clients")
        self.clients_page.run_search(text)

    def on_search_box_submitted(self, text: str) -> None:
        self.show_page("clients")
        self.clients_page.submit(text)

    def on_search_box_results_focus_requested(self) -> None:
        self.show_page("clients")
        self.clients_page.focus_results()

    # new client

    def open_new_client_dialog(self) -> NewClientDialog:
        """Open the new-client form (window-modal); a saved client's card opens afterwards."""
        dialog = NewClientDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.client_created.connect(self.on_new_client_dialog_client_created)
        self.new_client_dialog = dialog
        dialog.open()
        return dialog

    def on_new_client_dialog_client_created(self, client_id: int) -> None:
        self.show_page("clients")
        self.clients_page.open_client(client_id)
        self.show_message(self.tr("Client saved."))
