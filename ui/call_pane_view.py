"""What the call pane shows about one call: the number and timer, the caller's client with units, open orders,
visits and balance (or "New client" for an unknown number), the actions, the note after the call, earlier calls."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.call_views import CallerSummary, RingingCall
from ui.call_labels import call_status, direction_label
from ui.call_models import RecentCallsTableModel
from ui.chips import StatusChip
from ui.client_card_models import EquipmentTableModel, OrdersTableModel, VisitsTableModel
from ui.client_card_sections import TableSection, clear_layout, text_label
from ui.domain_labels import CLIENT_KINDS, label
from ui.formatting import format_money
from ui.phone_link import PhoneLink
from ui.status_palette import RED
from ui.tables import CompactTableView


def _compact_table(model, hidden: Sequence[int]) -> QTableView:
    table = CompactTableView(fit_rows=True)
    table.setModel(model)
    table.horizontalHeader().hide()
    for column in hidden:
        table.setColumnHidden(column, True)
    table.refit()
    return table


def _scaled(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(font)
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def _link_button(text: str = "") -> QPushButton:
    """A client's name as a link (flat, link-coloured, pointing hand)."""
    button = QPushButton(text)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet("QPushButton { border: none; padding: 1px 0; color: palette(link); text-align: left; }"
                         "QPushButton:hover { text-decoration: underline; }")
    return button


def _button(text: str, tooltip: str, *, enabled: bool = True) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tooltip)
    button.setEnabled(enabled)
    return button


class CallerView(QWidget):
    """Fills itself from a CallerSummary; says what the user wants through signals, never touches the database."""

    client_open_requested = Signal(int)
    new_client_requested = Signal()
    new_order_requested = Signal()
    book_visit_requested = Signal()
    equipment_open_requested = Signal(int)  # a unit double-clicked: its equipment card
    order_open_requested = Signal(int)  # an open order double-clicked: its order card
    call_requested = Signal(str)
    phone_copied = Signal(str)
    switch_requested = Signal(int)  # another ringing call's id
    note_save_requested = Signal()
    pin_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary: CallerSummary | None = None
        self._other: RingingCall | None = None
        self.number_link = PhoneLink("")
        self.number_link.call_requested.connect(self.call_requested)
        self.number_link.phone_copied.connect(self.phone_copied)
        self.number_link.setFont(_scaled(self.font(), 1.35, bold=True))
        self.timer_label = QLabel()
        self.timer_label.setFont(_scaled(self.font(), 1.35))
        self.timer_label.setToolTip(self.tr("Time since the call started; the talk time once it is over"))
        self.pin_button = QToolButton()
        self.pin_button.setText(self.tr("Pin"))
        self.pin_button.setCheckable(True)
        self.pin_button.setToolTip(self.tr("Pin the pane: it stays open between calls (Ctrl+Shift+P)"))
        self.pin_button.toggled.connect(self.pin_toggled)
        self.status_chip = StatusChip(call_status("ringing"))
        self.state_label = text_label("", secondary=True)
        self.other_button = QPushButton()
        self.other_button.setObjectName("phoneLink")
        self.other_button.setFlat(True)
        self.other_button.hide()
        self.other_button.clicked.connect(self.on_other_button_clicked)

        self.client_button = _link_button()
        self.client_button.setFont(_scaled(self.font(), 1.2, bold=True))
        self.client_button.setToolTip(self.tr("Open the client card (Ctrl+Shift+O)"))
        self.client_button.clicked.connect(self.on_open_card_clicked)
        self.facts_label = text_label("", secondary=True)
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balanceDue")
        self.equipment_model = EquipmentTableModel(self)
        self.orders_model = OrdersTableModel(self)
        self.upcoming_model = VisitsTableModel(self)
        self.past_model = VisitsTableModel(self)
        self.recent_model = RecentCallsTableModel(self)
        eq, orders, visits = EquipmentTableModel, OrdersTableModel, VisitsTableModel
        self.equipment = TableSection(self.tr("Equipment"), self.tr("No equipment recorded."), _compact_table(
            self.equipment_model, (eq.COL_SERIAL, eq.COL_SITE, eq.COL_INSTALLED)))
        self.orders = TableSection(self.tr("Open orders"), self.tr("No open orders."), _compact_table(
            self.orders_model, (orders.COL_AMOUNT, orders.COL_CREATED)))
        self.equipment.table.activated.connect(
            lambda index: self.equipment_open_requested.emit(self.equipment_model.row_at(index.row()).id))
        self.orders.table.activated.connect(
            lambda index: self.order_open_requested.emit(self.orders_model.row_at(index.row()).id))
        self.upcoming = TableSection(self.tr("Next visits"), self.tr("No visits booked."), _compact_table(
            self.upcoming_model, (visits.COL_ORDER, visits.COL_ADDRESS)))
        self.past = TableSection(self.tr("Last visits"), self.tr("No visits yet."), _compact_table(
            self.past_model, (visits.COL_ORDER, visits.COL_ADDRESS)))
        self.recent = TableSection(self.tr("Earlier calls"), self.tr("No earlier calls from this number."),
                                   _compact_table(self.recent_model, ()))

        self.unknown_label = text_label("")
        self.candidates = QVBoxLayout()
        self.new_client_button = _button(self.tr("New client…"),
                                         self.tr("Create a client with this number (Ctrl+Shift+N)"))
        self.new_client_button.clicked.connect(self.new_client_requested)
        self.new_order_button = _button(self.tr("New order…"),
                                        self.tr("Create an order for this client (Ctrl+Shift+R)"))
        self.new_order_button.clicked.connect(self.new_order_requested)
        self.book_button = _button(self.tr("Book a visit…"),
                                   self.tr("Book a visit for one of the client's orders (Ctrl+Shift+B)"))
        self.book_button.clicked.connect(self.book_visit_requested)
        self.open_card_button = _button(self.tr("Open card"), self.tr("Open the client card (Ctrl+Shift+O)"))
        self.open_card_button.clicked.connect(self.on_open_card_clicked)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.tr("What was agreed (saved to the client's timeline)"))
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.save_note_button = _button(self.tr("Save note"), self.tr("Save the note to the client's timeline "
                                                                      "(Ctrl+Enter)"))
        self.save_note_button.clicked.connect(self.note_save_requested)
        self.note_hint = text_label("", secondary=True)
        self.idle_label = text_label(self.tr("No call right now. The pane opens by itself when your phone rings."),
                                     secondary=True)
        self._build_layout()
        self.show_idle()

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.number_link)
        header.addStretch(1)
        header.addWidget(self.timer_label)
        header.addWidget(self.pin_button)
        state = QHBoxLayout()
        state.addWidget(self.status_chip)
        state.addWidget(self.state_label, 1)

        self.client_box = QWidget()
        client = QVBoxLayout(self.client_box)
        client.setContentsMargins(0, 4, 0, 0)
        client.setSpacing(2)
        client.addWidget(self.client_button, 0, Qt.AlignmentFlag.AlignLeft)
        client.addWidget(self.facts_label)
        client.addWidget(self.balance_label)
        for section in (self.equipment, self.orders, self.upcoming, self.past):
            client.addWidget(section)

        self.unknown_box = QWidget()
        unknown = QVBoxLayout(self.unknown_box)
        unknown.setContentsMargins(0, 4, 0, 0)
        unknown.addWidget(self.unknown_label)
        unknown.addLayout(self.candidates)
        unknown.addWidget(self.new_client_button, 0, Qt.AlignmentFlag.AlignLeft)

        actions = QHBoxLayout()
        for button in (self.new_order_button, self.book_button, self.open_card_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.note_box = QWidget()
        note = QVBoxLayout(self.note_box)
        note.setContentsMargins(0, 8, 0, 0)
        note.setSpacing(4)
        title = QLabel(self.tr("Note about the call"))
        title.setObjectName("sectionTitle")
        note.addWidget(title)
        note.addWidget(self.note_edit)
        row = QHBoxLayout()
        row.addWidget(self.note_hint, 1)
        row.addWidget(self.save_note_button)
        note.addLayout(row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.idle_label)
        self.call_box = QWidget()
        call = QVBoxLayout(self.call_box)
        call.setContentsMargins(0, 0, 0, 0)
        call.addLayout(state)
        layout.addWidget(self.call_box)
        layout.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.client_box)
        layout.addWidget(self.unknown_box)
        layout.addLayout(actions)
        layout.addWidget(self.note_box)
        layout.addWidget(self.recent)
        layout.addStretch(1)

    # filling

    def show_idle(self) -> None:
        """Nothing to show yet: one sentence, no empty sections."""
        self.summary = None
        self.idle_label.show()
        for widget in (self.number_link, self.timer_label, self.call_box, self.other_button, self.client_box,
                       self.unknown_box, self.note_box, self.recent, *self._action_buttons()):
            widget.hide()

    def _action_buttons(self) -> tuple[QPushButton, ...]:
        return self.new_order_button, self.book_button, self.open_card_button

    def set_summary(self, summary: CallerSummary, extension: str) -> None:
        """Show ``summary`` as seen from the desk whose extension is ``extension``."""
        self.summary = summary
        call = summary.call
        self.idle_label.hide()
        for widget in (self.number_link, self.timer_label, self.call_box):
            widget.show()
        self.recent.show()
        for button in self._action_buttons():
            button.show()
        self.number_link.set_number(call.number or self.tr("number withheld"), call.e164)
        self.number_link.setEnabled(bool(call.e164))
        self.set_state(extension)
        client = summary.client
        self.client_box.setVisible(client is not None)
        self.unknown_box.setVisible(client is None)
        self.open_card_button.setEnabled(client is not None)
        self.new_order_button.setEnabled(client is not None)
        self.book_button.setEnabled(client is not None)
        if client is not None:
            self.client_button.setText(client.name)
            self.facts_label.setText(label(CLIENT_KINDS, client.kind))
            owed = client.balance_due > 0
            self.balance_label.setText(self.tr("Balance due %1").replace("%1", format_money(
                client.balance_due, client.currency)) if owed else self.tr("Nothing owed"))
            self.balance_label.setStyleSheet(f"color: {RED}; font-weight: 600;" if owed else "color: #5f6673;")
            self.equipment_model.today = client.today
            for model, section, rows in ((self.equipment_model, self.equipment, client.equipment),
                                         (self.orders_model, self.orders, client.open_orders),
                                         (self.upcoming_model, self.upcoming, client.upcoming_visits),
                                         (self.past_model, self.past, client.last_visits)):
                model.set_rows(rows)
                section.set_count(len(rows))
        else:
            self._show_unknown(summary)
        self.recent_model.set_rows(summary.recent_calls)
        self.recent.set_count(len(summary.recent_calls))
        self.set_note_offered(not call.active)

    def _show_unknown(self, summary: CallerSummary) -> None:
        clear_layout(self.candidates)
        if summary.candidates:
            self.unknown_label.setText(self.tr("Several clients have this number; open the right one:"))
            for candidate in summary.candidates:
                button = _link_button(candidate.name)
                button.clicked.connect(lambda _=False, cid=candidate.id: self.client_open_requested.emit(cid))
                self.candidates.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        elif summary.call.e164:
            self.unknown_label.setText(self.tr("No client has this number."))
        else:
            self.unknown_label.setText(self.tr("The caller's number is unknown."))
        self.new_client_button.setVisible(bool(summary.call.e164))

    def set_state(self, extension: str) -> None:
        """The status chip and the line beside it: direction, who answered, or that another desk took it."""
        call = self.summary.call
        status = call_status(call.status)
        self.status_chip.status = status
        self.status_chip.setText(status.label)
        self.status_chip.updateGeometry()
        self.status_chip.update()
        parts = [direction_label(call.direction, glyph=False)]
        if self.taken_elsewhere(extension):
            parts.append(self.tr("answered at extension %1").replace("%1", call.extension or ""))
        elif call.extension and call.status in ("answered", "ended"):
            parts.append(self.tr("extension %1").replace("%1", call.extension))
        parts.append(call.started_at.strftime("%H:%M"))
        self.state_label.setText(" · ".join(parts))

    def taken_elsewhere(self, extension: str) -> bool:
        """True when another extension answered the call this desk was rung for."""
        call = self.summary.call if self.summary else None
        return bool(call and call.status in ("answered", "ended") and call.extension and extension
                    and call.extension != extension)

    def set_note_offered(self, offered: bool) -> None:
        client = self.summary.client if self.summary else None
        self.note_box.setVisible(offered)
        self.note_edit.setEnabled(client is not None)
        self.save_note_button.setEnabled(client is not None)
        self.note_hint.setText("" if client is not None else
                               self.tr("Create the client first to keep a note on their timeline."))

    def set_others(self, others: Sequence[RingingCall]) -> None:
        """Offer the newest other call ringing this desk while this one is shown."""
        self._other = others[0] if others else None
        if self._other is None:
            self.other_button.hide()
            return
        who = self._other.client_name or self._other.number
        self.other_button.setText(self.tr("Also ringing: %1 — show").replace("%1", who))
        self.other_button.show()

    def on_other_button_clicked(self) -> None:
        if self._other is not None:
            self.switch_requested.emit(self._other.id)

    def on_open_card_clicked(self) -> None:
        if self.summary is not None and self.summary.client is not None:
            self.client_open_requested.emit(self.summary.client.id)
