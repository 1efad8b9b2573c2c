"""My day: a technician's visits in visiting order with what is needed on site, "Propose a change…", and, for a
visit whose order has a unit, "Reading…" and "Part replaced…" (recorded with that visit and its order).

A technician sees their own day (the technician linked to their login); other roles choose whose day to look at.
A change the technician proposes (a shorter visit, another service, one meter fewer) waits for a dispatcher and
is shown under the visit as "waiting for the dispatcher" until decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.company_settings import company_today
from models.database import Database
from models.field_work import VisitUnit, visit_units
from models.route_sheets import RouteStop
from models.users import UserRef
from models.visit_proposals import (
    MyDay,
    Proposal,
    ServiceChoice,
    my_day,
    propose_change,
    quantity_in,
    technician_choices,
    technician_for_user,
)
from ui.equipment_entries import PartReplacementDialog, ReadingDialog
from ui.pages import page_title
from ui.phone_link import PhoneLink
from ui.proposals_panel import change_summary
from ui.status_palette import VISIT_STATUSES
from ui.tasks import run_in_background

WATCHED_TABLES = frozenset({"visits", "visit_technicians", "visit_proposals"})
THROTTLE_MS = 1_000


def who_and_when(db: Database, user_id: int | None) -> tuple[int | None, list[tuple[int, str]], date]:
    """The signed-in user's technician, the technicians to choose from, and the company's today."""
    own = technician_for_user(db, user_id) if user_id is not None else None
    return own, technician_choices(db), company_today(db)


def day_with_units(db: Database, technician_id: int, day: date) -> tuple[MyDay, Mapping[int, VisitUnit]]:
    """The technician's day and, for the visits whose order has a unit, that unit."""
    found = my_day(db, technician_id, day)
    return found, visit_units(db, [stop.visit_id for stop in found.sheet.stops])


class ProposeChangeDialog(QDialog):
    """A small form: duration, service, quantity, note and the reason; sends the proposal itself."""

    proposed = Signal(int)  # the proposal's id

    def __init__(self, db: Database, technician_id: int, stop: RouteStop, version: int | None,
                 service_id: int | None, services: tuple[ServiceChoice, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.technician_id = technician_id
        self.stop = stop
        self.version = version
        self.service_id = service_id
        self.setWindowTitle(self.tr("Propose a change to order №%1").replace("%1", str(stop.order_number)))
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(5, 24 * 60)
        self.duration_spin.setSingleStep(5)
        self.duration_spin.setSuffix(self.tr(" min"))
        self.duration_spin.setValue(self.current_minutes)
        self.service_combo = QComboBox()
        for service in services:
            self.service_combo.addItem(service.name, service.id)
        if service_id is not None and self.service_combo.findData(service_id) < 0:
            self.service_combo.addItem(stop.service or self.tr("(current service)"), service_id)
        if service_id is None:
            self.service_combo.insertItem(0, self.tr("(no service)"), None)
        self.service_combo.setCurrentIndex(max(0, self.service_combo.findData(service_id)))
        self.quantity_spin = QSpinBox()
        self.quantity_spin.setRange(0, 999)
        self.quantity_spin.setSpecialValueText(self.tr("unchanged"))
        self.quantity_spin.setValue(quantity_in(stop.note) or 0)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("What the dispatcher should know (unchanged when empty)"))
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("Why, e.g. one meter needs no verification"))
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Send to the dispatcher"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Duration:"), self.duration_spin)
        form.addRow(self.tr("&Service:"), self.service_combo)
        form.addRow(self.tr("&Quantity:"), self.quantity_spin)
        form.addRow(self.tr("&Note:"), self.note_edit)
        form.addRow(self.tr("&Reason:"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("%1–%2, %3. The visit changes once a dispatcher approves.")
                                .replace("%1", f"{stop.starts_at:%H:%M}").replace("%2", f"{stop.ends_at:%H:%M}")
                                .replace("%3", stop.address or self.tr("no address"))))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    @property
    def current_minutes(self) -> int:
        return int((self.stop.ends_at - self.stop.starts_at).total_seconds() // 60)

    def changes(self) -> dict[str, Any]:
        """Only what differs from the visit as shown."""
        changes: dict[str, Any] = {}
        if self.duration_spin.value() != self.current_minutes:
            changes["ends_at"] = self.stop.starts_at + timedelta(minutes=self.duration_spin.value())
        service_id = self.service_combo.currentData()
        if service_id is not None and service_id != self.service_id:
            changes["service_id"] = service_id
        quantity = self.quantity_spin.value()
        if quantity and quantity != quantity_in(self.stop.note):
            changes["quantity"] = quantity
        note = self.note_edit.toPlainText().strip()
        if note:
            changes["note"] = note
        return changes

    def submit(self) -> None:
        changes = self.changes()
        if not changes:
            self.show_error(self.tr("Change the duration, the service, the quantity or the note first."))
            return
        if not self.reason_edit.text().strip():
            self.show_error(self.tr("Say why the visit should change; the dispatcher decides on it."))
            self.reason_edit.setFocus()
            return
        self.buttons.setEnabled(False)
        run_in_background(partial(propose_change, self.db, self.stop.visit_id, technician_id=self.technician_id,
                                  changes=changes, reason=self.reason_edit.text(), visit_version=self.version),
                          on_done=self._on_done, on_error=self._on_error)

    def _on_done(self, proposal_id: int) -> None:
        self.proposed.emit(proposal_id)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.show_error(str(exc))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


class VisitCard(QFrame):
    """One stop of the day: window, status, client, address and access, contacts, service, equipment, proposals."""

    propose_requested = Signal(int)  # visit id
    reading_requested = Signal(int)  # visit id
    part_requested = Signal(int)  # visit id
    call_requested = Signal(str)

    def __init__(self, stop: RouteStop, proposals: tuple[Proposal, ...], parent: QWidget | None = None,
                 unit: VisitUnit | None = None):
        super().__init__(parent)
        self.stop = stop
        self.unit = unit
        self.setObjectName("visitCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        status = VISIT_STATUSES.get(stop.status)
        head = QLabel(f"<b>{stop.position}. {stop.starts_at:%H:%M}–{stop.ends_at:%H:%M}</b> · "
                      f"<span style='color:{status.color if status else '#000'}'>"
                      f"{status.label if status else stop.status}</span> · "
                      + self.tr("order №%1").replace("%1", str(stop.order_number)))
        layout.addWidget(head)
        self.lines: list[str] = []
        self._line(stop.client_name)
        self._line(self.address_text())
        self._line(stop.access_notes and self.tr("Access: %1").replace("%1", stop.access_notes))
        self._line(stop.parking and self.tr("Parking: %1").replace("%1", stop.parking))
        self._line(stop.contact_person and self.tr("Contact: %1").replace("%1", stop.contact_person))
        self.phone_links = []
        if stop.phones:
            phones = QHBoxLayout()
            for phone in stop.phones:
                link = PhoneLink(phone)
                link.call_requested.connect(self.call_requested)
                self.phone_links.append(link)
                phones.addWidget(link)
            phones.addStretch(1)
            layout.addLayout(phones)
        self._line(self.tr("Service: %1").replace("%1", stop.service or stop.order_title))
        if stop.order_description:
            self._line(stop.order_description)
        equipment = " ".join(p for p in (stop.equipment, stop.serial and f"s/n {stop.serial}") if p)
        self._line(equipment and self.tr("Equipment: %1").replace("%1", equipment))
        self._line(stop.note and self.tr("Note: %1").replace("%1", stop.note))
        self._line(stop.crew and self.tr("With: %1").replace("%1", ", ".join(stop.crew)))
        for proposal in proposals:
            self._line(self.proposal_text(proposal), "proposalText")
        self.propose_button = QPushButton(self.tr("Propose a change…"))
        self.propose_button.setToolTip(self.tr("Duration, service, quantity or note: the dispatcher approves it"))
        self.propose_button.clicked.connect(lambda: self.propose_requested.emit(stop.visit_id))
        self.propose_button.setEnabled(stop.status not in ("done", "cancelled"))
        row = QHBoxLayout()
        row.addStretch(1)
        self.reading_button: QPushButton | None = None
        self.part_button: QPushButton | None = None
        if unit is not None:
            self.reading_button = QPushButton(self.tr("Reading…"))
            self.reading_button.clicked.connect(lambda: self.reading_requested.emit(stop.visit_id))
            self.reading_button.setEnabled(unit.usage_unit is not None)
            self.reading_button.setToolTip(
                self.tr("Enter the unit's engine hours or km as read on this visit") if unit.usage_unit
                else self.tr("The unit has no usage counter (engine hours or km)"))
            self.part_button = QPushButton(self.tr("Part replaced…"))
            self.part_button.setToolTip(self.tr("A part replaced on the unit on this visit, with the old and new "
                                                "serials"))
            self.part_button.clicked.connect(lambda: self.part_requested.emit(stop.visit_id))
            row.addWidget(self.reading_button)
            row.addWidget(self.part_button)
        row.addWidget(self.propose_button)
        layout.addLayout(row)

    def _line(self, text: str | None, name: str = "") -> None:
        if not text:
            return
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            label.setObjectName(name)
        self.layout().addWidget(label)
        self.lines.append(text)

    def address_text(self) -> str | None:
        s = self.stop
        parts = [s.address]
        for template, value in ((self.tr("entrance %1"), s.entrance), (self.tr("floor %1"), s.floor),
                                (self.tr("apt. %1"), s.apartment), (self.tr("intercom %1"), s.intercom)):
            if value:
                parts.append(template.replace("%1", value))
        return ", ".join(p for p in parts if p) or None

    def proposal_text(self, proposal: Proposal) -> str:
        changes = "; ".join(change_summary(c) for c in proposal.changes)
        if proposal.status == "pending":
            return self.tr("Waiting for the dispatcher: %1").replace("%1", changes)
        if proposal.status == "approved":
            return self.tr("Approved: %1").replace("%1", changes)
        return self.tr("Rejected: %1 (%2)").replace("%1", changes).replace("%2", proposal.decision_note or "")


class MyDayPage(QWidget):
    """A technician's day in visiting order; a date switch; proposals to the dispatcher."""

    status_message_requested = Signal(str)
    call_requested = Signal(str)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.own_technician: int | None = None
        self.day: MyDay | None = None
        self.cards: list[VisitCard] = []
        self.dialog: ProposeChangeDialog | None = None
        self.entry_dialog: ReadingDialog | PartReplacementDialog | None = None
        self.units: Mapping[int, VisitUnit] = {}
        self.loaded = False

        self.technician_combo = QComboBox()
        self.technician_combo.setMinimumContentsLength(24)
        self.technician_combo.currentIndexChanged.connect(self.on_technician_combo_current_index_changed)
        self.technician_caption = QLabel(self.tr("&Technician:"))
        self.technician_caption.setBuddy(self.technician_combo)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.dateChanged.connect(self.on_date_edit_date_changed)
        self.previous_button = QPushButton(self.tr("◀"))
        self.previous_button.setToolTip(self.tr("The day before"))
        self.previous_button.clicked.connect(lambda: self.set_date(self.current_date() - timedelta(days=1)))
        self.next_button = QPushButton(self.tr("▶"))
        self.next_button.setToolTip(self.tr("The day after"))
        self.next_button.clicked.connect(lambda: self.set_date(self.current_date() + timedelta(days=1)))
        self.today_button = QPushButton(self.tr("T&oday"))
        self.today_button.clicked.connect(self.on_today_button_clicked)
        self.summary_label = QLabel(self.tr("Loading…"))
        self.summary_label.setWordWrap(True)
        self.cards_widget = QWidget()
        self.cards_layout = QVBoxLayout(self.cards_widget)
        self.cards_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.cards_widget)
        self.today: date | None = None
        self.throttle_timer = QTimer(self)
        self.throttle_timer.setSingleShot(True)
        self.throttle_timer.setInterval(THROTTLE_MS)
        self.throttle_timer.timeout.connect(self.reload)

        bar = QHBoxLayout()
        bar.addWidget(self.technician_caption)
        bar.addWidget(self.technician_combo)
        bar.addStretch(1)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.date_edit)
        bar.addWidget(self.next_button)
        bar.addWidget(self.today_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(page_title(self.tr("My day")))
        layout.addLayout(bar)
        layout.addWidget(self.summary_label)
        layout.addWidget(scroll, 1)

    # loading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        run_in_background(who_and_when, self.db, self.user.id if self.user else None, on_done=self._on_who,
                          on_error=self._on_failed)

    def _on_who(self, found: tuple[int | None, list[tuple[int, str]], date]) -> None:
        own, choices, today = found
        self.own_technician, self.today = own, today
        technician_view = self.user is not None and self.user.role == "technician"
        self.technician_combo.blockSignals(True)
        self.technician_combo.clear()
        for tech_id, name in choices:
            self.technician_combo.addItem(name, tech_id)
        if own is not None:
            self.technician_combo.setCurrentIndex(max(0, self.technician_combo.findData(own)))
        self.technician_combo.blockSignals(False)
        self.technician_combo.setVisible(not technician_view)
        self.technician_caption.setVisible(not technician_view)
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.blockSignals(False)
        if technician_view and own is None:
            self.summary_label.setText(self.tr("Your login is not linked to a technician, so there is no day to "
                                               "show; ask an administrator to link it."))
            return
        self.reload()

    def technician_id(self) -> int | None:
        if self.user is not None and self.user.role == "technician":
            return self.own_technician
        return self.technician_combo.currentData()

    def current_date(self) -> date:
        return self.date_edit.date().toPython()

    def set_date(self, day: date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def on_today_button_clicked(self) -> None:
        if self.today is not None:
            self.set_date(self.today)

    def on_date_edit_date_changed(self, _date: QDate) -> None:
        if self.loaded:
            self.reload()

    def on_technician_combo_current_index_changed(self, _index: int) -> None:
        if self.loaded:
            self.reload()

    def on_data_changed(self, tables: Any, _deleted: Any = None) -> None:
        """Live changes (LiveSync's {table: ids} or a set of names): re-read soon when visits or proposals changed."""
        if self.day is not None and WATCHED_TABLES.intersection(tables) and not self.throttle_timer.isActive():
            self.throttle_timer.start()

    def reload(self) -> None:
        self.throttle_timer.stop()
        technician_id = self.technician_id()
        if technician_id is None:
            self.summary_label.setText(self.tr("Choose a technician to see their day."))
            return
        run_in_background(day_with_units, self.db, technician_id, self.current_date(), on_done=self._on_loaded,
                          on_error=self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        message = self.tr("The day could not be read: %1").replace("%1", str(exc))
        self.summary_label.setText(message)
        self.status_message_requested.emit(message)

    def _on_loaded(self, found: tuple[MyDay, Mapping[int, VisitUnit]]) -> None:
        day, units = found
        if day.sheet.technician_id != self.technician_id() or day.sheet.day != self.current_date():
            return  # an older read answered after the choice changed
        self.day, self.units = day, units
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for stop in day.sheet.stops:
            card = VisitCard(stop, day.proposals.get(stop.visit_id, ()), unit=units.get(stop.visit_id))
            card.propose_requested.connect(self.open_proposal_dialog)
            card.reading_requested.connect(self.open_reading_dialog)
            card.part_requested.connect(self.open_part_dialog)
            card.call_requested.connect(self.call_requested)
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
            self.cards.append(card)
        sheet = day.sheet
        if not sheet.stops:
            text = self.tr("No visits on %1.").replace("%1", f"{sheet.day:%d.%m.%Y}")
        else:
            text = self.tr("%1 visits on %2").replace("%1", str(len(sheet.stops))).replace("%2",
                                                                                          f"{sheet.day:%d.%m.%Y}")
        if sheet.shift_starts_at and sheet.shift_ends_at:
            text += " · " + self.tr("shift %1–%2").replace("%1", f"{sheet.shift_starts_at:%H:%M}").replace(
                "%2", f"{sheet.shift_ends_at:%H:%M}")
        if sheet.zones:
            text += " · " + ", ".join(sheet.zones)
        self.summary_label.setText(text)

    # proposing

    def open_proposal_dialog(self, visit_id: int) -> None:
        if self.day is None:
            return
        stop = next((s for s in self.day.sheet.stops if s.visit_id == visit_id), None)
        if stop is None:
            return
        self.dialog = ProposeChangeDialog(self.db, self.day.sheet.technician_id, stop, self.day.versions.get(visit_id),
                                          self.day.service_ids.get(visit_id), self.day.services, self)
        self.dialog.proposed.connect(self.on_dialog_proposed)
        self.dialog.open()

    def on_dialog_proposed(self, _proposal_id: int) -> None:
        self.status_message_requested.emit(self.tr("Sent to the dispatcher; the visit changes once approved."))
        self.reload()

    # entries on the visit's unit

    def open_reading_dialog(self, visit_id: int) -> ReadingDialog | None:
        """The reading form for the visit's unit, the reading's source being the visit."""
        unit = self.units.get(visit_id)
        if unit is None:
            return None
        dialog = ReadingDialog(self.db, unit.equipment_id, visit_id=visit_id, parent=self)
        dialog.reading_added.connect(self.on_entry_dialog_reading_added)
        self._replace_entry_dialog(dialog)
        dialog.open()
        return dialog

    def open_part_dialog(self, visit_id: int) -> PartReplacementDialog | None:
        """The replaced-part form for the visit's unit, recorded under the visit and its order."""
        unit = self.units.get(visit_id)
        if unit is None:
            return None
        dialog = PartReplacementDialog(self.db, unit.equipment_id, order_id=unit.order_id, visit_id=visit_id,
                                       parent=self)
        dialog.part_recorded.connect(self.on_entry_dialog_part_recorded)
        self._replace_entry_dialog(dialog)
        dialog.open()
        return dialog

    def _replace_entry_dialog(self, dialog: ReadingDialog | PartReplacementDialog) -> None:
        if self.entry_dialog is not None:
            self.entry_dialog.deleteLater()  # the previous form, closed by now
        self.entry_dialog = dialog

    def on_entry_dialog_reading_added(self, _unit_id: int) -> None:
        self.status_message_requested.emit(self.tr("Reading saved."))

    def on_entry_dialog_part_recorded(self, _part_id: int) -> None:
        self.status_message_requested.emit(self.tr("Part recorded."))
