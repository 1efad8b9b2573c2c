"""Technicians' proposed changes waiting for a dispatcher: the visit now beside the proposed change, Approve or
Reject with a note. A refusal (the visit changed meanwhile, the new end clashes with another booking) is shown
under the buttons and nothing is written."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.users import UserRef
from models.visit_proposals import FieldChange, Proposal, approve, pending_proposals, reject
from ui.formatting import format_datetime
from ui.pages import page_title
from ui.tasks import run_in_background

CONTEXT = "ProposalsPanel"
WATCHED_TABLES = frozenset({"visit_proposals", "visits"})
THROTTLE_MS = 1_000
FIELD_LABELS = {
    "service_id": QT_TRANSLATE_NOOP("ProposalsPanel", "Service"),
    "ends_at": QT_TRANSLATE_NOOP("ProposalsPanel", "Duration"),
    "quantity": QT_TRANSLATE_NOOP("ProposalsPanel", "Quantity"),
    "note": QT_TRANSLATE_NOOP("ProposalsPanel", "Note"),
}


def field_label(name: str) -> str:
    return QCoreApplication.translate(CONTEXT, FIELD_LABELS.get(name, name))


def _value_text(change: FieldChange, value: Any, minutes: int | None) -> str:
    if value is None or value == "":
        return "—"
    if change.field == "ends_at":
        return (QCoreApplication.translate(CONTEXT, "until %1 (%2 min)")
                .replace("%1", f"{value:%H:%M}").replace("%2", str(minutes)))
    return str(value)


def change_texts(change: FieldChange) -> tuple[str, str]:
    """The field's value now and the proposed one, as read on screen."""
    return (_value_text(change, change.before, change.minutes_before),
            _value_text(change, change.after, change.minutes_after))


def change_summary(change: FieldChange) -> str:
    """"Duration: until 11:00 (60 min) → until 10:40 (40 min)"."""
    before, after = change_texts(change)
    return f"{field_label(change.field)}: {before} → {after}"


class ProposalsPanel(QWidget):
    """Pending proposals on the left; the chosen one's visit now and proposed change side by side on the right."""

    status_message_requested = Signal(str)
    decided = Signal(int)  # a proposal id approved or rejected

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.proposals: list[Proposal] = []
        self.loaded = False
        self._busy = False

        self.summary_label = QLabel(self.tr("Loading…"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the proposals again"))
        self.refresh_button.clicked.connect(self.reload)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentRowChanged.connect(self.on_list_current_row_changed)
        self.visit_label = QLabel()
        self.visit_label.setWordWrap(True)
        self.visit_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Visit now"), self.tr("Proposed")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.stale_label = QLabel(self.tr("The visit was changed after this was proposed: approving is refused; "
                                          "reject it and ask the technician to propose again."))
        self.stale_label.setObjectName("warningText")
        self.stale_label.setWordWrap(True)
        self.stale_label.hide()
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("Why it is rejected (the technician sees it)"))
        self.approve_button = QPushButton(self.tr("&Approve"))
        self.approve_button.setToolTip(self.tr("Apply the proposed change to the visit"))
        self.approve_button.clicked.connect(self.on_approve_button_clicked)
        self.reject_button = QPushButton(self.tr("&Reject"))
        self.reject_button.setToolTip(self.tr("Turn the proposal down with the note beside"))
        self.reject_button.clicked.connect(self.on_reject_button_clicked)
        self.message_label = QLabel()
        self.message_label.setObjectName("errorText")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.empty_label = QLabel(self.tr("No proposals are waiting."))
        self.empty_label.setObjectName("placeholderText")
        self.throttle_timer = QTimer(self)
        self.throttle_timer.setSingleShot(True)
        self.throttle_timer.setInterval(THROTTLE_MS)
        self.throttle_timer.timeout.connect(self.reload)
        self._build_layout()
        self._show_current()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.summary_label, 1)
        bar.addWidget(self.refresh_button)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.visit_label)
        details.addWidget(self.table, 1)
        details.addWidget(self.reason_label)
        details.addWidget(self.stale_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.note_edit, 1)
        buttons.addWidget(self.reject_button)
        details.addLayout(buttons)
        details.addWidget(self.message_label)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(page_title(self.tr("Proposed changes")))
        layout.addLayout(bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)

    # loading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self.reload()

    def on_data_changed(self, tables: Any, _deleted: Any = None) -> None:
        """Live changes (LiveSync's {table: ids} or a set of names): re-read soon when proposals or visits changed."""
        if self.loaded and WATCHED_TABLES.intersection(tables) and not self.throttle_timer.isActive():
            self.throttle_timer.start()

    def reload(self) -> None:
        self.throttle_timer.stop()
        run_in_background(pending_proposals, self.db, on_done=self._on_loaded, on_error=self._on_failed)

    def _on_loaded(self, proposals: list[Proposal]) -> None:
        current = self.current_proposal()
        self.proposals = list(proposals)
        self.list.blockSignals(True)
        self.list.clear()
        for proposal in self.proposals:
            item = QListWidgetItem(self.item_text(proposal))
            item.setData(Qt.ItemDataRole.UserRole, proposal.id)
            item.setToolTip(proposal.reason or "")
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [p.id for p in self.proposals]
        row = ids.index(current.id) if current is not None and current.id in ids else (0 if ids else -1)
        self.list.setCurrentRow(row)
        self.summary_label.setText(self.tr("%1 proposals waiting").replace("%1", str(len(ids))) if ids
                                   else self.tr("Nothing to decide"))
        self.empty_label.setVisible(not ids)
        self._show_current()

    def _on_failed(self, exc: BaseException) -> None:
        message = self.tr("The proposals could not be read: %1").replace("%1", str(exc))
        self.summary_label.setText(message)
        self.status_message_requested.emit(message)

    def item_text(self, proposal: Proposal) -> str:
        return (self.tr("№%1 %2 — %3").replace("%1", str(proposal.order_number))
                .replace("%2", f"{proposal.starts_at:%d.%m %H:%M}")
                .replace("%3", proposal.technician_name or self.tr("a former technician")))

    # showing

    def current_proposal(self) -> Proposal | None:
        row = self.list.currentRow()
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def on_list_current_row_changed(self, _row: int) -> None:
        self.message_label.hide()
        self.note_edit.clear()
        self._show_current()

    def _show_current(self) -> None:
        proposal = self.current_proposal()
        self.details.setEnabled(proposal is not None and not self._busy)
        self.table.setRowCount(0)
        if proposal is None:
            self.visit_label.clear()
            self.reason_label.clear()
            self.stale_label.hide()
            return
        where = ", ".join(part for part in (proposal.client_name, proposal.address) if part)
        self.visit_label.setText(
            self.tr("Order №%1, %2–%3, %4. Proposed by %5 on %6.")
            .replace("%1", str(proposal.order_number)).replace("%2", f"{proposal.starts_at:%d.%m.%Y %H:%M}")
            .replace("%3", f"{proposal.ends_at:%H:%M}").replace("%4", where or self.tr("no address"))
            .replace("%5", proposal.technician_name or self.tr("a former technician"))
            .replace("%6", format_datetime(proposal.created_at)))
        self.table.setRowCount(len(proposal.changes))
        for row, change in enumerate(proposal.changes):
            before, after = change_texts(change)
            for column, text in enumerate((field_label(change.field), before, after)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.reason_label.setText(self.tr("Why: %1").replace("%1", proposal.reason or "—"))
        self.stale_label.setVisible(proposal.stale)
        self.approve_button.setEnabled(not proposal.stale)

    def rows(self) -> list[tuple[str, str, str]]:
        """The side-by-side table as shown: (field, now, proposed)."""
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]

    # deciding

    def _role(self) -> str:
        return self.user.role if self.user else ""

    def on_approve_button_clicked(self) -> None:
        proposal = self.current_proposal()
        if proposal is None or self.user is None:
            return
        self._start()
        run_in_background(partial(approve, self.db, proposal.id, user_id=self.user.id, role=self._role()),
                          on_done=partial(self._on_decided, proposal, self.tr("Approved: the visit of order №%1 "
                                                                              "is changed.")),
                          on_error=self._on_refused)

    def on_reject_button_clicked(self) -> None:
        proposal = self.current_proposal()
        if proposal is None or self.user is None:
            return
        note = self.note_edit.text().strip()
        if not note:
            self._show_message(self.tr("Write why it is rejected first; the technician sees the note."))
            self.note_edit.setFocus()
            return
        self._start()
        run_in_background(partial(reject, self.db, proposal.id, user_id=self.user.id, note=note,
                                  role=self._role()),
                          on_done=partial(self._on_decided, proposal, self.tr("Rejected: the visit of order №%1 "
                                                                              "stays as it was.")),
                          on_error=self._on_refused)

    def _start(self) -> None:
        self._busy = True
        self.message_label.hide()
        self.details.setEnabled(False)

    def _on_decided(self, proposal: Proposal, text: str, _result: object) -> None:
        self._busy = False
        message = text.replace("%1", str(proposal.order_number))
        self.status_message_requested.emit(message)
        self.decided.emit(proposal.id)
        self.reload()

    def _on_refused(self, exc: BaseException) -> None:
        self._busy = False
        self._show_current()
        self._show_message(str(exc))

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()
