"""Book a visit: the order, the address, the service and the days, then a free slot from the list.

Free slots come from ``models.free_slots`` (the same times the planning board and web booking offer), computed in
the background whenever the address, service or days change. Book (Ctrl+Enter, or Enter on a slot) books it; when
someone else took the time meanwhile, the message names the visit that holds it and the list is read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QGuiApplication, QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.free_slots import MAX_DAYS, Slot, free_slots
from models.order_create import BookedVisit, BookingForm, BookingRefused, SiteChoice, book_slot, booking_form
from models.scheduling import BookingConflict
from models.users import UserRef
from ui.status_palette import RED
from ui.tables import CompactTableView
from ui.tasks import run_in_background

DEFAULT_DAYS = 14  # today … today + 14
NEW_ORDER = -1  # the disabled "new order…" entry of the order list
CELL_PADDING = 20  # px around a cell's text


class FreeSlotsTableModel(QAbstractTableModel):
    """Free slots: time, technician, zone and the drives before and after."""

    COL_TIME, COL_TECHNICIAN, COL_ZONE, COL_TRAVEL = range(4)
    SLOT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Slot] = []

    def set_rows(self, rows: Sequence[Slot]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def slot_at(self, row: int) -> Slot:
        return self.rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Time"), self.tr("Technician"), self.tr("Zone"), self.tr("Travel"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        slot = self.rows[index.row()]
        if role == self.SLOT_ROLE:
            return slot
        if role == Qt.ItemDataRole.SizeHintRole:  # room for the style's cell margins: a time clipped says nothing
            text = self.data(index)
            metrics = QFontMetrics(QGuiApplication.font())
            return QSize(metrics.horizontalAdvance(text) + CELL_PADDING, metrics.height() + 10)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == self.COL_TIME:
            day = QLocale().dayName(slot.starts_at.isoweekday(), QLocale.FormatType.ShortFormat)
            return f"{day} {slot.starts_at:%d.%m} {slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}"
        if column == self.COL_TECHNICIAN:
            return slot.technician_name
        if column == self.COL_ZONE:
            return slot.zone_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("%1 min drive from the previous place, %2 min on to the next visit").replace(
                "%1", str(slot.travel_before_min)).replace("%2", str(slot.travel_after_min))
        return self.tr("%1 min before · %2 after").replace("%1", str(slot.travel_before_min)).replace(
            "%2", str(slot.travel_after_min))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class BookVisitDialog(QDialog):
    """Books a visit for one of the client's open orders into a free slot; emits visit_booked(visit id)."""

    visit_booked = Signal(int)

    def __init__(self, db: Database, user: UserRef | None, client_id: int, *, order_id: int | None = None,
                 now: datetime | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.client_id = client_id
        self.now = now  # None: the clock; tests pass a fixed moment
        self.form: BookingForm | None = None
        self.booked: BookedVisit | None = None
        self._wanted_order = order_id
        self._generation = 0
        self._booking = False
        self.setWindowTitle(self.tr("Book a visit"))
        self.setMinimumSize(640, 520)

        self.order_combo = QComboBox()
        self.order_hint = QLabel()
        self.order_hint.setObjectName("secondaryText")
        self.order_hint.setWordWrap(True)
        self.site_combo = QComboBox()
        self.site_message = QLabel()
        self.site_message.setWordWrap(True)
        self.site_message.setStyleSheet(f"color: {RED};")
        self.site_message.hide()
        self.service_combo = QComboBox()
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.slots_model = FreeSlotsTableModel(self)
        self.slots_table = CompactTableView()
        self.slots_table.setModel(self.slots_model)
        self.slots_table.setToolTip(self.tr("Enter or double-click books the slot"))
        self.slots_status = QLabel()
        self.slots_status.setObjectName("secondaryText")
        self.slots_status.setWordWrap(True)
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("fieldError")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setStyleSheet(f"color: {RED};")
        self.conflict_label.hide()
        self._build_layout()
        self._connect()
        self.slots_status.setText(self.tr("Loading the client's orders and addresses…"))
        run_in_background(partial(booking_form, now=now), db, client_id, on_done=self.on_form_loaded,
                          on_error=self.on_form_failed)

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Order"), self.order_combo)
        form.addRow("", self.order_hint)
        form.addRow(self.tr("Address"), self.site_combo)
        form.addRow("", self.site_message)
        form.addRow(self.tr("Service"), self.service_combo)
        days = QHBoxLayout()
        days.addWidget(self.date_from)
        days.addWidget(QLabel("…"))
        days.addWidget(self.date_to)
        days.addStretch(1)
        form.addRow(self.tr("Days"), days)
        self.buttons = QDialogButtonBox()
        self.book_button = QPushButton(self.tr("Book"))
        self.book_button.setToolTip(self.tr("Book the selected slot (Ctrl+Enter)"))
        self.book_button.setAutoDefault(False)
        self.book_button.setEnabled(False)
        self.buttons.addButton(self.book_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        cancel.setToolTip(self.tr("Close without booking (Esc)"))
        cancel.clicked.connect(self.reject)
        self.book_button.clicked.connect(self.book)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.slots_status)
        layout.addWidget(self.slots_table, 1)
        layout.addWidget(self.conflict_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.book)
        self.order_combo.currentIndexChanged.connect(self.on_order_combo_current_index_changed)
        self.site_combo.currentIndexChanged.connect(self.refresh_slots)
        self.service_combo.currentIndexChanged.connect(self.refresh_slots)
        self.date_from.dateChanged.connect(self.on_date_from_date_changed)
        self.date_to.dateChanged.connect(self.refresh_slots)
        self.slots_table.activated.connect(self.book)
        self.slots_table.selectionModel().selectionChanged.connect(self._update_book_button)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.slots_table.refit()  # slots read before the first show were measured with the unpolished font
        self.order_combo.setFocus()

    # the form

    def on_form_loaded(self, form: BookingForm) -> None:
        self.form = form
        for combo in (self.order_combo, self.site_combo, self.service_combo, self.date_from, self.date_to):
            combo.blockSignals(True)
        self.order_combo.clear()
        for order in form.orders:
            self.order_combo.addItem(f"#{order.number} {order.title} — {order.stage_name}", order.id)
        self.order_combo.addItem(self.tr("New order…"), NEW_ORDER)
        new_item = self.order_combo.model()
        if isinstance(new_item, QStandardItemModel):
            item = new_item.item(self.order_combo.count() - 1)
            item.setEnabled(False)
            item.setToolTip(self.tr("Create the order first (New order), then book its visit."))
        wanted = self.order_combo.findData(self._wanted_order) if self._wanted_order is not None else -1
        self.order_combo.setCurrentIndex(wanted if wanted >= 0 else (0 if form.orders else -1))
        if not form.orders:
            self.order_hint.setText(self.tr("The client has no open orders: create the order first (New order), "
                                            "then book its visit."))
        else:
            self.order_hint.setText(self.tr("For a new order, create it first (New order), then book its visit."))
        self.site_combo.clear()
        for site in form.sites:
            text = site.address if site.located else self.tr("%1 (no coordinates)").replace("%1", site.address)
            self.site_combo.addItem(text, site.id)
        self.service_combo.clear()
        for service in form.services:
            self.service_combo.addItem(self.tr("%1 · %2 min").replace("%1", service.name).replace(
                "%2", str(service.duration_min)), service.id)
        self.date_from.setMinimumDate(_qdate(form.today))
        self.date_to.setMinimumDate(_qdate(form.today))
        self.date_from.setDate(_qdate(form.today))
        self.date_to.setDate(_qdate(form.today + timedelta(days=DEFAULT_DAYS)))
        self._follow_order_site()
        for combo in (self.order_combo, self.site_combo, self.service_combo, self.date_from, self.date_to):
            combo.blockSignals(False)
        self.refresh_slots()

    def on_form_failed(self, exc: BaseException) -> None:
        self.slots_status.setText(self.tr("The client's orders could not be read: %1").replace("%1", str(exc)))

    def order_id(self) -> int | None:
        value = self.order_combo.currentData()
        return value if isinstance(value, int) and value != NEW_ORDER else None

    def site(self) -> SiteChoice | None:
        site_id = self.site_combo.currentData()
        return next((s for s in self.form.sites if s.id == site_id), None) if self.form else None

    def on_order_combo_current_index_changed(self, _index: int) -> None:
        self._follow_order_site()
        self._update_book_button()

    def _follow_order_site(self) -> None:
        """The visit goes to the order's address: an order with one fixes the address; one without lets it be chosen."""
        order = next((o for o in self.form.orders if o.id == self.order_id()), None) if self.form else None
        fixed = order is not None and order.site_id is not None
        if fixed:
            index = self.site_combo.findData(order.site_id)
            if index >= 0:
                self.site_combo.setCurrentIndex(index)
        self.site_combo.setEnabled(not fixed)
        self.site_combo.setToolTip(self.tr("The visit goes to the order's address; change it in the order card")
                                   if fixed else self.tr("The order has no address yet: the one chosen becomes "
                                                         "the order's"))

    def on_date_from_date_changed(self, value: QDate) -> None:
        if self.date_to.date() < value:
            self.date_to.setDate(value)  # refreshes through date_to's signal
        else:
            self.refresh_slots()

    # free slots

    def refresh_slots(self, *_args) -> None:
        """Read the free slots for the address, service and days (in the background); stale answers are dropped."""
        self._generation += 1
        self.slots_model.set_rows([])
        self._update_book_button()
        if self.form is None:
            return
        site = self.site()
        self.site_message.setVisible(site is not None and not site.located)
        if not self.form.sites:
            self.slots_status.setText(self.tr("The client has no address: add one in the client card first."))
            return
        if site is None:
            self.slots_status.setText(self.tr("Choose the address."))
            return
        if not site.located:
            self.site_message.setText(self.tr("This address has no coordinates, so no zone or technician can be "
                                              "matched to it: put it on the map in the client card, then book."))
            self.slots_status.setText("")
            return
        service_id = self.service_combo.currentData()
        if service_id is None:
            self.slots_status.setText(self.tr("No services in the catalog: add one in Settings first."))
            return
        first, last = _date(self.date_from.date()), _date(self.date_to.date())
        if (last - first).days >= MAX_DAYS:
            self.slots_status.setText(self.tr("Choose at most %1 days.").replace("%1", str(MAX_DAYS)))
            return
        self.slots_status.setText(self.tr("Looking for free slots…"))
        run_in_background(partial(free_slots, self.db, lat=site.lat, lon=site.lon, service_id=service_id,
                                  date_from=first, date_to=last, now=self.now),
                          on_done=partial(self.on_slots_found, self._generation),
                          on_error=partial(self.on_slots_failed, self._generation))

    def on_slots_found(self, generation: int, slots: list[Slot]) -> None:
        if generation != self._generation:
            return
        self.slots_model.set_rows(slots)
        if slots:
            self.slots_status.setText(self.tr("%n free slot(s); choose one and book it (Ctrl+Enter).", "",
                                              len(slots)))
            self.slots_table.selectRow(0)
        else:
            self.slots_status.setText(self.tr("No free slots on these days: try other days or another service, or "
                                              "ask the service head to add shifts."))
        self._update_book_button()

    def on_slots_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.slots_status.setText(self.tr("The free slots could not be read: %1").replace("%1", str(exc)))

    def selected_slot(self) -> Slot | None:
        rows = self.slots_table.selectionModel().selectedRows()
        return self.slots_model.slot_at(rows[0].row()) if rows else None

    def _update_book_button(self, *_args) -> None:
        self.book_button.setEnabled(not self._booking and self.order_id() is not None
                                    and self.selected_slot() is not None)

    # booking

    def book(self, *_args) -> None:
        """Book the selected slot for the order (Ctrl+Enter, Enter on a slot)."""
        slot, order_id, site = self.selected_slot(), self.order_id(), self.site()
        if self._booking or slot is None or order_id is None or site is None:
            return
        self._booking = True
        self._update_book_button()
        self.conflict_label.hide()
        self.slots_status.setText(self.tr("Booking…"))
        run_in_background(partial(book_slot, self.db, order_id=order_id, site_id=site.id,
                                  technician_id=slot.technician_id, starts_at=slot.starts_at,
                                  service_id=self.service_combo.currentData(),
                                  user_id=self.user.id if self.user else None),
                          on_done=self.on_visit_booked, on_error=self.on_booking_failed)

    def on_visit_booked(self, visit: BookedVisit) -> None:
        self._booking = False
        self.booked = visit
        self.visit_booked.emit(visit.visit_id)
        self.accept()

    def on_booking_failed(self, exc: BaseException) -> None:
        self._booking = False
        if isinstance(exc, BookingConflict | BookingRefused):
            self.conflict_label.setText(str(exc))
        else:
            self.conflict_label.setText(self.tr("The visit was not booked: %1").replace("%1", str(exc)))
        self.conflict_label.show()
        if isinstance(exc, BookingConflict):
            self.refresh_slots()  # the time is taken: show what is still free
        else:
            self._update_book_button()
            self.slots_status.setText("")
