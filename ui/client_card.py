"""The client card: who the client is, how to reach them, their sites, equipment, orders, visits and timeline.

Two columns: details on the left (scrolling as one), the timeline on the right. Loaded in the background.
"Add unit…" (Ctrl+U) in the equipment section registers a unit of the client.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.client_card import load_client_card
from models.database import Database
from models.views import ClientCard
from ui.client_card_models import EquipmentTableModel, OrdersTableModel, TimelineTableModel, VisitsTableModel
from ui.client_card_sections import (
    ContactsSection,
    EmailsSection,
    PhonesSection,
    SitesSection,
    TableSection,
    text_label,
)
from ui.domain_labels import CLIENT_KINDS, label
from ui.equipment_dialog import EquipmentDialog
from ui.formatting import format_money
from ui.tables import CompactTableView
from ui.tasks import run_in_background
from ui.timeline_delegate import TimelineDelegate
from ui.widgets import local_shortcut, placeholder_label


def _today_in(zone: str) -> datetime:
    try:
        return datetime.now(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return datetime.now()


class ClientCardView(QWidget):
    """Shows one client's card; ``show_client`` loads it off the UI thread with a "Loading…" state."""

    card_loaded = Signal(int)
    phone_copied = Signal(str)
    call_requested = Signal(str)  # a number to dial (click-to-call)
    equipment_open_requested = Signal(int)  # a unit double-clicked or Enter: its equipment card
    order_open_requested = Signal(int)  # an order double-clicked or Enter: its order card
    unit_added = Signal(int)  # a unit registered from the card

    PAGE_EMPTY, PAGE_MESSAGE, PAGE_CARD = range(3)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user_id: int | None = None  # who is working here, recorded on the units they add
        self.card: ClientCard | None = None
        self._requested: int | None = None
        self._highlight: tuple[int | None, int | None] = (None, None)

        self.pages = QStackedWidget()
        self.empty_label = placeholder_label(self.tr("Find a client with the search box above; their card opens here."))
        self.message_label = placeholder_label()
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self.message_label)
        self.pages.addWidget(self._build_card())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        local_shortcut(self, "Ctrl+U", self.add_unit)

    def _build_card(self) -> QWidget:
        self.name_label = QLabel()
        self.name_label.setObjectName("cardTitle")
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = text_label("", secondary=True)
        self.note_label = text_label("")

        self.phones = PhonesSection()
        self.phones.phone_copied.connect(self.phone_copied)
        self.phones.call_requested.connect(self.call_requested)
        self.emails = EmailsSection()
        self.contacts = ContactsSection()
        self.contacts.phone_copied.connect(self.phone_copied)
        self.contacts.call_requested.connect(self.call_requested)
        self.sites = SitesSection()
        self.equipment_model = EquipmentTableModel(self)
        self.orders_model = OrdersTableModel(self)
        self.upcoming_model = VisitsTableModel(self)
        self.past_model = VisitsTableModel(self)
        self.timeline_model = TimelineTableModel(self)
        self.equipment = TableSection(self.tr("Equipment"), self.tr("No equipment recorded."),
                                      self._table(self.equipment_model))
        self.equipment.table.setColumnHidden(EquipmentTableModel.COL_INSTALLED, True)  # in the unit's tooltip
        self.add_unit_button = self.equipment.add_button(self.tr("Add unit…"),
                                                         self.tr("Register a unit of this client (Ctrl+U)"))
        self.add_unit_button.clicked.connect(self.add_unit)
        self.orders = TableSection(self.tr("Orders"), self.tr("No orders yet."), self._table(self.orders_model))
        self.equipment.table.activated.connect(
            lambda index: self.equipment_open_requested.emit(self.equipment_model.row_at(index.row()).id))
        self.orders.table.activated.connect(
            lambda index: self.order_open_requested.emit(self.orders_model.row_at(index.row()).id))
        self.equipment.table.setToolTip(self.tr("Double-click or Enter opens the unit's card"))
        self.orders.table.setToolTip(self.tr("Double-click or Enter opens the order"))
        self.upcoming = TableSection(self.tr("Upcoming visits"), self.tr("No visits booked."),
                                     self._table(self.upcoming_model))
        self.past = TableSection(self.tr("Past visits"), self.tr("No visits yet."), self._table(self.past_model))

        details = QWidget()
        details.setObjectName("cardDetails")
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 8, 0)
        reach = QHBoxLayout()
        reach.setSpacing(24)
        reach.addWidget(self.phones, 1, Qt.AlignmentFlag.AlignTop)
        reach.addWidget(self.emails, 1, Qt.AlignmentFlag.AlignTop)
        column.addLayout(reach)
        for section in (self.contacts, self.sites, self.equipment, self.orders, self.upcoming, self.past):
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(details)

        self.timeline_table = CompactTableView(wrap=True)
        self.timeline_table.setItemDelegateForColumn(
            TimelineTableModel.COL_TEXT,
            TimelineDelegate(TimelineTableModel.HEADING_ROLE, TimelineTableModel.BODY_ROLE, self.timeline_table),
        )
        self.timeline_table.setModel(self.timeline_model)
        self.timeline = TableSection(self.tr("Timeline"), self.tr("Nothing has happened yet."), self.timeline_table)
        self.timeline.body.setStretch(0, 1)
        self.timeline.layout().setStretch(2, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.timeline)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 360])
        self.splitter.setChildrenCollapsible(False)

        card = QWidget()
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.name_label)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.splitter, 1)
        return card

    def _table(self, model) -> QTableView:
        table = CompactTableView(fit_rows=True)
        table.setModel(model)
        return table

    # loading

    def show_client(self, client_id: int, *, equipment_id: int | None = None, order_id: int | None = None) -> None:
        """Load and show a client's card; the unit or order named is selected once it is shown."""
        self._requested = client_id
        self._highlight = (equipment_id, order_id)
        self.message_label.setText(self.tr("Loading…"))
        self.pages.setCurrentIndex(self.PAGE_MESSAGE)
        run_in_background(load_client_card, self.db, client_id, on_done=self.on_task_done, on_error=self.on_task_failed)

    def reload(self) -> None:
        if self.card is not None:
            self.show_client(self.card.id)

    def on_task_done(self, card: ClientCard) -> None:
        if card.id != self._requested:
            return  # the dispatcher has moved on to another client meanwhile
        self.set_card(card)

    def on_task_failed(self, exc: BaseException) -> None:
        self.message_label.setText(self.tr("The client card could not be loaded: %1").replace("%1", str(exc)))
        self.pages.setCurrentIndex(self.PAGE_MESSAGE)

    def clear(self) -> None:
        self.card = None
        self._requested = None
        self.pages.setCurrentIndex(self.PAGE_EMPTY)

    def set_card(self, card: ClientCard) -> None:
        """Show ``card`` (also used directly with hand-built data)."""
        self.card = card
        self._requested = card.id
        self.name_label.setText(card.name)
        facts = [label(CLIENT_KINDS, card.kind)]
        if card.tax_id:
            facts.append(self.tr("Tax ID %1").replace("%1", card.tax_id))
        if card.balance_due:
            facts.append(self.tr("Balance due %1").replace("%1", format_money(card.balance_due, card.currency)))
        self.facts_label.setText(" · ".join(facts))
        self.note_label.setText(card.note or "")
        self.note_label.setVisible(bool(card.note))
        self.phones.set_phones(card.phones)
        self.emails.set_emails(card.emails)
        self.contacts.set_contacts(card.contacts)
        self.sites.set_sites(card.sites)
        self.equipment_model.today = _today_in(card.time_zone).date()
        # A column saying the same thing on every row (the one site, the one address) only takes room.
        self.equipment.table.setColumnHidden(EquipmentTableModel.COL_SITE,
                                             len({u.site_address for u in card.equipment}) <= 1)
        for section, visits in ((self.upcoming, card.upcoming_visits), (self.past, card.past_visits)):
            section.table.setColumnHidden(VisitsTableModel.COL_ADDRESS, len({v.address for v in visits}) <= 1)
        for model, section, rows in (
            (self.equipment_model, self.equipment, card.equipment),
            (self.orders_model, self.orders, card.orders),
            (self.upcoming_model, self.upcoming, card.upcoming_visits),
            (self.past_model, self.past, card.past_visits),
            (self.timeline_model, self.timeline, card.timeline),
        ):
            model.set_rows(rows)
            section.set_count(len(rows))
        self.pages.setCurrentIndex(self.PAGE_CARD)
        self._select_highlight(card)
        self.card_loaded.emit(card.id)

    def add_unit(self) -> EquipmentDialog | None:
        """Open the unit form for this client; the card shows the new unit selected once it is saved."""
        if self.card is None or self.pages.currentIndex() != self.PAGE_CARD:
            return None
        dialog = EquipmentDialog(self.db, client_id=self.card.id, user_id=self.user_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unit_saved.connect(self.on_dialog_unit_saved)
        dialog.open()
        return dialog

    def on_dialog_unit_saved(self, unit_id: int) -> None:
        if self.card is not None:
            self.show_client(self.card.id, equipment_id=unit_id)
        self.unit_added.emit(unit_id)

    def _select_highlight(self, card: ClientCard) -> None:
        equipment_id, order_id = self._highlight
        self._highlight = (None, None)
        for wanted, rows, section in ((equipment_id, card.equipment, self.equipment),
                                      (order_id, card.orders, self.orders)):
            if wanted is None:
                continue
            for row, item in enumerate(rows):
                if item.id == wanted:
                    section.table.selectRow(row)
