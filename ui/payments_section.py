"""The order card's payments section: the order's payments, its balance due (red while owed), a form to add a
payment or refund, and delete for managers, accountants and administrators."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.payment_book import DELETE_ROLES, Balance, PaymentRow, add_payment, balance, delete_payment, payments_of
from models.payments import PAYMENT_METHODS
from models.users import UserRef
from ui.client_card_models import DISPLAY, SECONDARY_TEXT, RowsTableModel
from ui.formatting import format_amount, format_date, format_money
from ui.status_palette import GREEN, RED
from ui.tables import CompactTableView
from ui.tasks import run_in_background

CONTEXT = "PaymentsSection"
#: Roles whose database role may write payments (migration 0007 grants).
WRITE_ROLES = ("dispatcher", "manager", "service_head", "accountant", "admin")
METHODS = {
    "transfer": QT_TRANSLATE_NOOP("PaymentsSection", "Bank transfer"),
    "card": QT_TRANSLATE_NOOP("PaymentsSection", "Card"),
    "cash": QT_TRANSLATE_NOOP("PaymentsSection", "Cash"),
    "online": QT_TRANSLATE_NOOP("PaymentsSection", "Online"),
    "other": QT_TRANSLATE_NOOP("PaymentsSection", "Other"),
}
SOURCES = {
    "manual": QT_TRANSLATE_NOOP("PaymentsSection", "entered"),
    "import_1c": QT_TRANSLATE_NOOP("PaymentsSection", "from 1C"),
    "migration": QT_TRANSLATE_NOOP("PaymentsSection", "carried over"),
}


def _label(table: dict[str, str], code: str) -> str:
    source = table.get(code)
    return QCoreApplication.translate(CONTEXT, source) if source else code


class PaymentsTableModel(RowsTableModel[PaymentRow]):
    """The order's payments, oldest first; refunds in red."""

    COL_DATE = 0
    COL_AMOUNT = 1
    COL_METHOD = 2
    COL_SOURCE = 3
    COL_NOTE = 4
    COLUMN_COUNT = 5
    STRETCH_COLUMN = COL_NOTE

    def headers(self) -> list[str]:
        return [self.tr("Date"), self.tr("Amount"), self.tr("Method"), self.tr("Source"), self.tr("Note")]

    def cell(self, row: PaymentRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COL_AMOUNT and row.is_refund:
                return QColor(RED)
            return SECONDARY_TEXT if column == self.COL_SOURCE else None
        if role != DISPLAY:
            return None
        if column == self.COL_DATE:
            return format_date(row.paid_on)
        if column == self.COL_AMOUNT:
            return format_amount(row.amount)
        if column == self.COL_METHOD:
            return _label(METHODS, row.method)
        if column == self.COL_SOURCE:
            who = f" · {row.created_by}" if row.created_by else ""
            return _label(SOURCES, row.source) + who
        if column == self.COL_NOTE:
            return row.note or ""
        return None


class PaymentsSection(QWidget):
    """Payments of one order; ``changed`` is emitted after a payment is added or deleted here."""

    changed = Signal()

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None, *,
                 today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.today = today or date.today()
        self.order_id: int | None = None
        self.currency = "RUB"
        self.balance_label = QLabel()
        self.balance_label.setObjectName("paymentsBalance")
        self.model = PaymentsTableModel(self)
        self.table = CompactTableView(self, fit_rows=True)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)

        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(self.tr("Amount (a refund with a minus)"))
        self.date_edit = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setMaximumDate(QDate(self.today.year, self.today.month, self.today.day))
        self.method_combo = QComboBox()
        for code in PAYMENT_METHODS:
            self.method_combo.addItem(_label(METHODS, code), code)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("Note (document number, who paid)"))
        self.add_button = QPushButton(self.tr("Add payment"))
        self.add_button.setToolTip(self.tr("Add the payment (Ctrl+Enter)"))
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.amount_edit.returnPressed.connect(self.on_add_button_clicked)
        self.delete_button = QPushButton(self.tr("Delete payment"))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {RED};")
        self.error_label.hide()
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.activated.connect(self.on_add_button_clicked)

        form = QHBoxLayout()
        for widget, stretch in ((self.amount_edit, 2), (self.date_edit, 0), (self.method_combo, 0),
                                (self.note_edit, 3), (self.add_button, 0)):
            form.addWidget(widget, stretch)
        self.form = QWidget()
        self.form.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.balance_label, 1)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        self.form.setVisible(self.can_write)
        self.delete_button.setVisible(self.can_delete)
        self.setTabOrder(self.amount_edit, self.date_edit)
        self.setTabOrder(self.date_edit, self.method_combo)
        self.setTabOrder(self.method_combo, self.note_edit)
        self.setTabOrder(self.note_edit, self.add_button)

    @property
    def can_write(self) -> bool:
        return self.user is None or self.user.role in WRITE_ROLES

    @property
    def can_delete(self) -> bool:
        return self.user is None or self.user.role in DELETE_ROLES

    # --- loading ---------------------------------------------------------------------------------------------

    def set_order(self, order_id: int | None) -> None:
        """Show the payments of ``order_id`` (None clears the section)."""
        self.order_id = order_id
        self.error_label.hide()
        if order_id is None:
            self.model.set_rows([])
            self.balance_label.clear()
            return
        self.reload()

    def reload(self) -> None:
        if self.order_id is None:
            return
        run_in_background(_load, self.db, self.order_id, on_done=self._on_loaded, on_error=self._show_error)

    def _on_loaded(self, result: tuple[int, list[PaymentRow], Balance]) -> None:
        order_id, rows, money = result
        if order_id != self.order_id:  # another order was chosen meanwhile
            return
        self.model.set_rows(rows)
        self.show_balance(money)
        self.on_table_selection_changed()

    def show_balance(self, money: Balance) -> None:
        self.currency = money.currency
        paid = self.tr("Paid %1 of %2").replace("%1", format_money(money.paid, money.currency)).replace(
            "%2", format_money(money.amount, money.currency))
        if money.owed:
            state, color = self.tr("due %1").replace("%1", format_money(money.due, money.currency)), RED
        elif money.overpaid:
            state, color = self.tr("overpaid %1").replace("%1", format_money(-money.due, money.currency)), RED
        else:
            state, color = self.tr("fully paid"), GREEN
        self.balance_label.setText(f"{paid} · <b>{state}</b>")
        self.balance_label.setStyleSheet(f"color: {color};" if money.owed or money.overpaid else "")
        self.balance_label.setProperty("owed", money.owed)

    # --- actions ---------------------------------------------------------------------------------------------

    def on_add_button_clicked(self) -> None:
        if self.order_id is None or not self.can_write:
            return
        text = self.amount_edit.text().strip()
        if not text:
            self._show_error(self.tr("Enter the amount paid (a refund with a minus)."))
            self.amount_edit.setFocus()
            return
        paid_on = self.date_edit.date().toPython()
        method = self.method_combo.currentData()
        self.add_button.setEnabled(False)
        run_in_background(_add, self.db, self.order_id, text, paid_on, method, self.user.id if self.user else None,
                          self.note_edit.text(), on_done=self._on_added, on_error=self._on_add_failed)

    def _on_added(self, _payment: PaymentRow) -> None:
        self.add_button.setEnabled(True)
        self.amount_edit.clear()
        self.note_edit.clear()
        self.error_label.hide()
        self.reload()
        self.changed.emit()

    def _on_add_failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self._show_error(exc)
        self.amount_edit.setFocus()

    def selected_payment(self) -> PaymentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def on_table_selection_changed(self, *_args: object) -> None:
        self.delete_button.setEnabled(self.can_delete and self.selected_payment() is not None)

    def on_delete_button_clicked(self) -> None:
        payment = self.selected_payment()
        if payment is None or not self.can_delete:
            return
        question = self.tr("Delete the payment of %1 of %2?").replace(
            "%1", format_money(payment.amount, self.currency)).replace("%2", format_date(payment.paid_on))
        if not self.confirm(question):
            return
        run_in_background(_delete, self.db, payment.id, self.user.id if self.user else None,
                          on_done=self._on_deleted, on_error=self._show_error)

    def confirm(self, question: str) -> bool:
        """Ask before deleting (tests replace this)."""
        answer = QMessageBox.question(self, self.tr("Delete payment"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _on_deleted(self, _balance: Balance) -> None:
        self.error_label.hide()
        self.reload()
        self.changed.emit()

    def _show_error(self, exc: BaseException | str) -> None:
        self.error_label.setText(str(exc))
        self.error_label.show()


def _load(db: Database, order_id: int) -> tuple[int, list[PaymentRow], Balance]:
    return order_id, payments_of(db, order_id), balance(db, order_id)


def _add(db: Database, order_id: int, amount: str, paid_on: date, method: str, user_id: int | None,
         note: str) -> PaymentRow:
    return add_payment(db, order_id, amount, paid_on, method, user_id=user_id, note=note)


def _delete(db: Database, payment_id: int, user_id: int | None) -> Balance:
    return delete_payment(db, payment_id, user_id=user_id)

