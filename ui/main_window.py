"""The main window: the navigation rail, the global search on top, the pages, the call pane, the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import __version__
from models.call_log import link_call_to_client, open_callback_count
from models.config import ConfigError, DatabaseConfig, map_tile_url
from models.database import Database
from models.live import ClientsTouched, clients_touched
from models.phones import format_phone
from models.users import UserRef
from reports.documents import ensure_default_templates
from telephony.config import AmiConfig
from ui.book_visit_dialog import BookVisitDialog
from ui.call_pane import CallPane
from ui.callback_alerts import CallbackAlerts
from ui.calls_page import CallsPage
from ui.click_to_call import ClickToCall, configured_ami
from ui.clients_page import ClientsPage
from ui.company_settings import CompanySettingsForm
from ui.document_templates import DocumentTemplatesEditor
from ui.equipment_card import EquipmentWindows
from ui.icons import glyph_icon
from ui.maintenance_section import MaintenanceSection
from ui.my_day_page import MyDayPage
from ui.navigation_rail import PAGE_KEYS, RAIL, RAIL_ENTRIES, NavigationRail, RailEntry, rail_label
from ui.new_client_dialog import NewClientDialog
from ui.new_order_dialog import NewOrderDialog
from ui.order_card import OrderWindows
from ui.orders_page import OrdersPage
from ui.overdue_page import OverduePage
from ui.pages import PlaceholderPage, SettingsPage
from ui.pbx_status import PbxStatusLabel
from ui.pipeline_settings import PipelineSettings
from ui.planning_page import PlanningPage
from ui.proposals_panel import ProposalsPanel
from ui.search import SearchBox
from ui.settings import Settings
from ui.tasks import run_in_background
from ui.zone_editor import ZoneEditor

__all__ = ["PAGE_KEYS", "RAIL_ENTRIES", "MainWindow", "NavigationRail", "RailEntry", "rail_label"]


#: Pages whose toolbars need more width than a small window has: they scroll sideways instead of holding the
#: window wide.
WIDE_PAGES = ("orders", "planning")


def shrinkable(page: QWidget) -> QScrollArea:
    holder = QScrollArea()
    holder.setWidgetResizable(True)
    holder.setFrameShape(QFrame.Shape.NoFrame)
    holder.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    holder.setWidget(page)
    return holder


#: Tables whose changes an open equipment card shows: the unit, its readings, parts, claims, orders and visits.
UNIT_HISTORY_TABLES = frozenset({"equipment", "usage_readings", "part_replacements", "claims", "orders", "visits",
                                 "maintenance_plans", "maintenance_occurrences"})

class MainWindow(QMainWindow):
    """FieldDesk's main window, given an open database and the configuration it came from."""

    def __init__(
        self,
        db: Database,
        config: DatabaseConfig | None = None,
        parent: QWidget | None = None,
        settings: Settings | None = None,
        user: UserRef | None = None,
        ami_config: Callable[[], AmiConfig] = configured_ami,
    ):
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.user = user
        self.new_client_dialog: NewClientDialog | None = None
        stored_extension = settings.get(Settings.PHONE_EXTENSION) if settings is not None else ""
        self.phone_extension = stored_extension or (user.extension if user else None) or ""
        self.setWindowTitle(self.tr("FieldDesk"))
        self.resize(1400, 900)

        self.rail = NavigationRail()
        self.search_box = SearchBox()
        self.new_client_button = QToolButton()
        self.clients_page = ClientsPage(db)
        self.calls_page = CallsPage(db)
        self.settings_page = SettingsPage(config, extension=stored_extension,
                                          user_extension=user.extension if user else None)
        self.overdue_page = OverduePage(db, user)
        self.orders_page = OrdersPage(db, user, settings)
        self.order_windows = OrderWindows(db, user, self)
        self.equipment_windows = EquipmentWindows(db, user, self)
        self.document_templates = DocumentTemplatesEditor(db, user)
        self.document_templates.setMinimumHeight(520)
        tile_url, tile_problem = self._tile_url()
        self.planning_page = PlanningPage(db, user, tile_url=tile_url)
        self.my_day_page = MyDayPage(db, user)
        self.proposals_panel = ProposalsPanel(db, user)
        self.planning_tabs = QTabWidget()
        self.planning_tabs.setDocumentMode(True)
        self.planning_tabs.addTab(self.planning_page, self.tr("Board"))
        self.planning_tabs.addTab(self.proposals_panel, self.tr("Proposals"))
        self.planning_tabs.addTab(self.my_day_page, self.tr("My day"))
        if user is not None and user.role == "technician":
            self.planning_tabs.setCurrentWidget(self.my_day_page)
        self.zone_editor = ZoneEditor(db, user, tile_url=tile_url)
        self.zone_editor.setMinimumHeight(600)
        self.company_form = CompanySettingsForm(db, user)
        self.pipeline_settings = PipelineSettings(db, user)
        self.pipeline_settings.setMinimumHeight(560)
        self.callback_alerts = CallbackAlerts(db, user.id if user else None, self)
        self.callback_alerts.alerted.connect(self.on_callback_alert)
        self.settings_page.add_section(self.tr("Company"), self.company_form)
        self.settings_page.add_section(self.tr("Pipelines"), self.pipeline_settings)
        self.settings_page.add_section(self.tr("Zones"), self.zone_editor)
        self.settings_page.add_section(self.tr("Document templates"), self.document_templates)
        self.call_pane = CallPane(db, self)
        self.click_to_call = ClickToCall(lambda: self.phone_extension, ami_config, self)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        built: dict[str, QWidget] = {
            "calls": self.calls_page, "orders": self.orders_page, "planning": self.planning_tabs,
            "clients": self.clients_page, "overdue": self.overdue_page, "settings": self.settings_page,
        }
        for entry in RAIL_ENTRIES:
            page = built.get(entry.key) or PlaceholderPage(rail_label(entry),
                                                           QCoreApplication.translate(RAIL, entry.placeholder))
            page.setObjectName(f"page_{entry.key}")
            self.pages[entry.key] = page
            self.stack.addWidget(shrinkable(page) if entry.key in WIDE_PAGES else page)

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
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.call_pane)

        self._build_actions()
        self._build_status_bar()
        self._connect_calls()
        self.rail.currentRowChanged.connect(self.on_rail_current_row_changed)
        self.search_box.search_requested.connect(self.on_search_box_search_requested)
        self.search_box.submitted.connect(self.on_search_box_submitted)
        self.search_box.results_focus_requested.connect(self.on_search_box_results_focus_requested)
        self.search_box.cleared.connect(self.clients_page.clear_results)
        self.clients_page.status_message_requested.connect(self.show_message)
        self.settings_page.status_message_requested.connect(self.show_message)
        self.company_form.status_message_requested.connect(self.show_message)
        self.pipeline_settings.status_message_requested.connect(self.show_message)
        self.overdue_page.status_message_requested.connect(self.show_message)
        self.overdue_page.open_client_requested.connect(self.open_client)
        self.overdue_page.open_order_requested.connect(self.open_order)
        self.overdue_page.report_loaded.connect(self.on_overdue_report_loaded)
        self.planning_page.status_message_requested.connect(self.show_message)
        self.my_day_page.status_message_requested.connect(self.show_message)
        self.proposals_panel.status_message_requested.connect(self.show_message)
        self.orders_page.status_message_requested.connect(self.show_message)
        self.orders_page.open_order_requested.connect(self.open_order)
        self.order_windows.status_message_requested.connect(self.show_message)
        self.order_windows.open_client_requested.connect(self.open_client)
        self.equipment_windows.status_message_requested.connect(self.show_message)
        self.equipment_windows.open_client_requested.connect(self.open_client)
        self.equipment_windows.open_order_requested.connect(self.open_order)
        self.equipment_windows.window_opened.connect(self.on_equipment_window_opened)
        self.document_templates.status_message_requested.connect(self.show_message)
        self.clients_page.card_view.user_id = user.id if user is not None else None
        self.clients_page.card_view.equipment_open_requested.connect(self.equipment_windows.open_equipment)
        self.clients_page.card_view.order_open_requested.connect(self.open_order)
        # A fresh database gets the shipped document templates; edited ones are never touched.
        run_in_background(ensure_default_templates, db, on_done=lambda added: None,
                          on_error=lambda exc: self.show_message(str(exc)))
        self.planning_page.open_order_requested.connect(self.open_order)
        self.zone_editor.status_message_requested.connect(self.show_message)
        self.show_page(self._restore_layout())
        self.set_phone_extension(self.phone_extension, save=False)
        self.refresh_callback_count()
        self.search_box.setFocus()
        if tile_problem:
            self.show_message(tile_problem)

    @staticmethod
    def _tile_url() -> tuple[str | None, str]:
        """The map tiles' URL from the configuration, or None and why the maps draw a plain grid instead."""
        try:
            return map_tile_url(), ""
        except ConfigError as exc:
            return None, str(exc)

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
        self.new_client_action.triggered.connect(lambda _checked=False: self.open_new_client_dialog())
        self.addAction(self.new_client_action)
        self.new_client_button.setDefaultAction(self.new_client_action)
        self.new_client_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.call_pane_action = self.call_pane.toggleViewAction()
        self.call_pane_action.setText(self.tr("Call pane"))
        self.call_pane_action.setShortcut(QKeySequence(Qt.Key.Key_F12))
        self.call_pane_action.setToolTip(self.tr("Show or hide the call pane (F12)"))
        self.addAction(self.call_pane_action)

    def _build_status_bar(self) -> None:
        self.db_status_label = QLabel(self.tr("DB ok · %1").replace("%1", self.db.display_url))
        self.sync_label = QLabel(self.tr("sync: connecting…"))
        self.version_label = QLabel(self.tr("FieldDesk %1").replace("%1", __version__))
        self.extension_label = QLabel()
        self.callbacks_label = QLabel()
        self.pbx_label = PbxStatusLabel(self.db)
        self.statusBar().addWidget(self.db_status_label)
        self.statusBar().addPermanentWidget(self.pbx_label)
        self.statusBar().addPermanentWidget(self.extension_label)
        self.statusBar().addPermanentWidget(self.callbacks_label)
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
        self.pbx_label.on_data_changed(set(changes) | set(deleted))
        self.overdue_page.on_data_changed(changes, deleted)
        self.pipeline_settings.on_data_changed(changes, deleted)
        self.planning_page.on_data_changed(changes, deleted)
        self.my_day_page.on_data_changed(changes, deleted)
        self.proposals_panel.on_data_changed(changes, deleted)
        self.orders_page.on_data_changed(changes, deleted)
        if "orders" in changes:
            self.order_windows.on_orders_changed(set(changes["orders"]))
        touched = (changes.keys() | deleted) & UNIT_HISTORY_TABLES
        if touched and self.equipment_windows.windows:
            # A change to the units themselves names them; one to their history may concern any open card.
            self.equipment_windows.on_data_changed(set(changes.get("equipment", ())) if touched == {"equipment"}
                                                   and "equipment" not in deleted else None)
        if {"zones", "technician_zones"} & (changes.keys() | deleted):
            self.zone_editor.on_data_changed(changes, deleted)
        if "calls" in changes or "calls" in deleted:
            self.call_pane.on_calls_changed(set(changes.get("calls", ())) if "calls" not in deleted else None)
        self.calls_page.on_data_changed(changes, deleted)
        if {"calls", "tasks"} & (changes.keys() | deleted):
            self.refresh_callback_count()
        if "tasks" in changes:
            self.callback_alerts.on_tasks_changed()
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

    def on_callback_alert(self, text: str, _alert) -> None:
        """A reminder or escalation for this user: said in the status bar for a while, the taskbar flashes."""
        self.statusBar().showMessage(text, 30000)
        QApplication.alert(self)

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

    def open_new_client_dialog(self, phone: str = "", call_id: int | None = None) -> NewClientDialog:
        """Open the new-client form (window-modal); a saved client's card opens afterwards.

        From the call pane the caller's ``phone`` is filled in and the call is tied to the new client.
        """
        dialog = NewClientDialog(self.db, self, phone=format_phone(phone) if phone.startswith("+") else phone)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.client_created.connect(self.on_new_client_dialog_client_created)
        if call_id is not None:
            dialog.client_created.connect(lambda client_id, cid=call_id: self._tie_call(cid, client_id))
        self.new_client_dialog = dialog
        dialog.open()
        return dialog

    def _tie_call(self, call_id: int, client_id: int) -> None:
        run_in_background(link_call_to_client, self.db, call_id, client_id,
                          on_done=lambda _linked: self.call_pane.reload(),
                          on_error=lambda exc: self.show_message(str(exc)))

    def on_new_client_dialog_client_created(self, client_id: int) -> None:
        self.show_page("clients")
        self.clients_page.open_client(client_id)
        self.show_message(self.tr("Client saved."))

    # calls

    def _connect_calls(self) -> None:
        user_id = self.user.id if self.user else None
        self.call_pane.user_id = self.calls_page.user_id = user_id
        self.call_pane.view.pin_toggled.connect(self.on_call_pane_pin_toggled)
        if self.settings is not None:  # a pane pinned last time is open from the start
            self.call_pane.set_pinned(bool(self.settings.get(Settings.CALL_PANE_PINNED)))
        for source in (self.call_pane, self.calls_page, self.clients_page.card_view, self.order_windows,
                       self.my_day_page):
            source.call_requested.connect(self.click_to_call.call)
        for source in (self.call_pane, self.calls_page):
            source.client_open_requested.connect(self.open_client)
            source.status_message_requested.connect(self.show_message)
            source.phone_copied.connect(self.on_phone_copied)
        self.call_pane.new_order_requested.connect(
            lambda client_id, call_id: self.open_new_order_dialog(client_id, call_id=call_id))
        self.call_pane.book_visit_requested.connect(self.open_book_visit_dialog)
        self.call_pane.equipment_open_requested.connect(self.equipment_windows.open_equipment)
        self.call_pane.order_open_requested.connect(self.open_order)
        self.call_pane.new_client_requested.connect(self.open_new_client_dialog)
        self.calls_page.callbacks_changed.connect(self.refresh_callback_count)
        self.click_to_call.status_message_requested.connect(self.show_message)
        self.settings_page.phone_form.extension_changed.connect(self.on_phone_form_extension_changed)

    def set_phone_extension(self, extension: str, *, save: bool = True) -> None:
        """This desk's extension ("" for none): the pane opens for calls ringing it, click-to-call rings it."""
        self.phone_extension = (extension or "").strip()
        if save and self.settings is not None:
            self.settings.set(Settings.PHONE_EXTENSION, self.phone_extension)
        form = self.settings_page.phone_form
        if form.effective() != self.phone_extension:
            form.edit.setText(self.phone_extension)
        self.call_pane.set_extension(self.phone_extension)
        if self.phone_extension:
            self.extension_label.setText(self.tr("ext %1").replace("%1", self.phone_extension))
            self.extension_label.setToolTip(self.tr("Calls ringing this extension open the call pane"))
        else:
            self.extension_label.setText(self.tr("no phone extension"))
            self.extension_label.setToolTip(self.tr("Set this desk's phone extension in Settings to see who is "
                                                    "calling and to place calls"))

    def on_phone_form_extension_changed(self, typed: str) -> None:
        if self.settings is not None:
            self.settings.set(Settings.PHONE_EXTENSION, typed)
        self.set_phone_extension(typed or (self.user.extension if self.user else "") or "", save=False)

    def on_call_pane_pin_toggled(self, pinned: bool) -> None:
        if self.settings is not None:
            self.settings.set(Settings.CALL_PANE_PINNED, int(pinned))
        if pinned:
            self.call_pane.show()

    def refresh_callback_count(self) -> None:
        run_in_background(open_callback_count, self.db, on_done=self.on_callback_count_loaded,
                          on_error=lambda exc: self.show_message(str(exc)))

    def on_callback_count_loaded(self, count: int) -> None:
        self.rail.set_count("calls", count)
        self.callbacks_label.setText(self.tr("Missed calls waiting: %n", "", count) if count else "")

    def on_overdue_report_loaded(self, report) -> None:
        self.rail.set_count("overdue", report.late_items)

    def open_order(self, order_id: int) -> None:
        self.order_windows.open_order(order_id)

    def open_new_order_dialog(self, client_id: int, *, call_id: int | None = None,
                              equipment_id: int | None = None) -> NewOrderDialog:
        dialog = NewOrderDialog(self.db, self.user, client_id, call_id=call_id, equipment_id=equipment_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.order_created.connect(self.on_new_order_dialog_order_created)
        dialog.open()
        return dialog

    def on_new_order_dialog_order_created(self, order_id: int) -> None:
        self.call_pane.reload()
        if self.clients_page.card_view.card is not None:
            self.clients_page.card_view.reload()
        self.open_order(order_id)
        self.show_message(self.tr("Order created."))

    def open_book_visit_dialog(self, client_id: int, *, order_id: int | None = None) -> BookVisitDialog:
        dialog = BookVisitDialog(self.db, self.user, client_id, order_id=order_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.visit_booked.connect(self.on_book_visit_dialog_visit_booked)
        dialog.open()
        return dialog

    def on_book_visit_dialog_visit_booked(self, _visit_id: int) -> None:
        self.call_pane.reload()
        if self.clients_page.card_view.card is not None:
            self.clients_page.card_view.reload()
        self.show_message(self.tr("Visit booked."))

    def on_equipment_window_opened(self, window) -> None:
        """An equipment card: its maintenance plans go in the slot the card keeps for them."""
        section = MaintenanceSection(self.db, self.user)
        section.open_order_requested.connect(self.open_order)
        window.card.maintenance_container.addWidget(section)
        window.card.card_loaded.connect(section.set_equipment)

    def open_client(self, client_id: int) -> None:
        self.show_page("clients")
        self.clients_page.open_client(client_id)

    def on_phone_copied(self, number: str) -> None:
        self.show_message(self.tr("Copied %1").replace("%1", number))
