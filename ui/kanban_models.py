"""The list model behind one kanban column, drag-and-drop of cards, and the words for a card's state."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QWidget

from models.kanban import KanbanCard
from ui.formatting import format_datetime, format_money

MIME_TYPE = "application/x-fielddesk-order"
CONTEXT = "OrderLabels"

#: Short words for what a gate misses, shown on a blocked card ("🔒 photo"); keys are GateFailure subjects.
GATE_SUBJECTS = {
    "site_id": QT_TRANSLATE_NOOP("OrderLabels", "address"),
    "equipment_id": QT_TRANSLATE_NOOP("OrderLabels", "unit"),
    "client_id": QT_TRANSLATE_NOOP("OrderLabels", "client"),
    "owner_id": QT_TRANSLATE_NOOP("OrderLabels", "owner"),
    "due_at": QT_TRANSLATE_NOOP("OrderLabels", "due date"),
    "scenario": QT_TRANSLATE_NOOP("OrderLabels", "scenario"),
    "description": QT_TRANSLATE_NOOP("OrderLabels", "description"),
    "amount": QT_TRANSLATE_NOOP("OrderLabels", "amount"),
    "paid": QT_TRANSLATE_NOOP("OrderLabels", "payment"),
    "photo": QT_TRANSLATE_NOOP("OrderLabels", "photo"),
    "act": QT_TRANSLATE_NOOP("OrderLabels", "act"),
    "scan": QT_TRANSLATE_NOOP("OrderLabels", "scan"),
    "claim": QT_TRANSLATE_NOOP("OrderLabels", "claim"),
    "completion_act": QT_TRANSLATE_NOOP("OrderLabels", "completion act"),
    "claim_act": QT_TRANSLATE_NOOP("OrderLabels", "claim act"),
    "commissioning_act": QT_TRANSLATE_NOOP("OrderLabels", "commissioning act"),
    "contract": QT_TRANSLATE_NOOP("OrderLabels", "contract"),
    "invoice": QT_TRANSLATE_NOOP("OrderLabels", "invoice"),
    "file": QT_TRANSLATE_NOOP("OrderLabels", "file"),
}
SOURCE_CHANNELS = {
    "call": QT_TRANSLATE_NOOP("OrderLabels", "Phone call"),
    "web": QT_TRANSLATE_NOOP("OrderLabels", "Website"),
    "email": QT_TRANSLATE_NOOP("OrderLabels", "E-mail"),
    "dealer": QT_TRANSLATE_NOOP("OrderLabels", "Dealer"),
    "walk_in": QT_TRANSLATE_NOOP("OrderLabels", "Walk-in"),
    "messenger": QT_TRANSLATE_NOOP("OrderLabels", "Messenger"),
    "callback": QT_TRANSLATE_NOOP("OrderLabels", "Callback"),
    "other": QT_TRANSLATE_NOOP("OrderLabels", "Other"),
}
SCENARIOS = {
    "sale": QT_TRANSLATE_NOOP("OrderLabels", "Sale"),
    "installation": QT_TRANSLATE_NOOP("OrderLabels", "Installation"),
    "maintenance": QT_TRANSLATE_NOOP("OrderLabels", "Maintenance"),
    "warranty_repair": QT_TRANSLATE_NOOP("OrderLabels", "Warranty repair"),
    "post_warranty_repair": QT_TRANSLATE_NOOP("OrderLabels", "Post-warranty repair"),
    "warranty_maintenance": QT_TRANSLATE_NOOP("OrderLabels", "Warranty maintenance"),
    "post_warranty_maintenance": QT_TRANSLATE_NOOP("OrderLabels", "Post-warranty maintenance"),
    "verification": QT_TRANSLATE_NOOP("OrderLabels", "Verification"),
    "other": QT_TRANSLATE_NOOP("OrderLabels", "Other"),
}


def order_label(table: dict[str, str], code: str | None) -> str:
    """The translated word for a stored code; an unknown code reads as stored."""
    if not code:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(CONTEXT, source) if source else code.replace("_", " ")


def gate_subject_label(item: str, field_labels: dict | None = None) -> str:
    """"field:site_id" → "address", "attachment:photo" → "photo", "field:custom:room_area_m2" → its label."""
    _code, _, subject = item.partition(":")
    if subject in (field_labels or {}):
        return field_labels[subject]
    return order_label(GATE_SUBJECTS, subject.removeprefix("custom:"))


def late_by(since: datetime, now: datetime) -> str:
    """How long something has been late, in the largest whole unit: "3 d", "5 h", "20 min"."""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds >= 86_400:
        return QCoreApplication.translate("OrderLabels", "%1 d").replace("%1", str(seconds // 86_400))
    if seconds >= 3_600:
        return QCoreApplication.translate("OrderLabels", "%1 h").replace("%1", str(seconds // 3_600))
    return QCoreApplication.translate("OrderLabels", "%1 min").replace("%1", str(max(1, seconds // 60)))


def initials(name: str | None) -> str:
    """"Белов Артём Игоревич" → "БА"."""
    return "".join(part[0] for part in (name or "").split()[:2]).upper()


class KanbanColumnModel(QAbstractListModel):
    """The cards of one stage; a drop of a card from another column asks the board to move it.

    ``card_dropped(order_id, stage_id)`` is emitted instead of inserting rows: the move goes through the
    domain's gates first, and the board moves the card when it may.
    """

    CARD_ROLE = Qt.ItemDataRole.UserRole + 1
    ORDER_ID_ROLE = Qt.ItemDataRole.UserRole + 2

    card_dropped = Signal(int, int)

    def __init__(self, stage_id: int, currency: str = "RUB", parent: QWidget | None = None):
        super().__init__(parent)
        self.stage_id = stage_id
        self.currency = currency
        self.now = datetime.now().astimezone()
        self.field_labels: dict[str, str] = {}
        self._cards: list[KanbanCard] = []
        self._rows: dict[int, int] = {}

    # contents

    def set_cards(self, cards: Sequence[KanbanCard], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self._reindex()
        if now is not None:
            self.now = now
        self.endResetModel()

    def _reindex(self) -> None:
        self._rows = {card.id: row for row, card in enumerate(self._cards)}

    def cards(self) -> list[KanbanCard]:
        return list(self._cards)

    def card_at(self, row: int) -> KanbanCard | None:
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def row_of(self, order_id: int) -> int:
        """The row of the order, or -1."""
        return self._rows.get(order_id, -1)

    def take_card(self, order_id: int) -> tuple[KanbanCard, int] | None:
        """Remove the order's card; return it and the row it had."""
        row = self.row_of(order_id)
        if row < 0:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        card = self._cards.pop(row)
        self._reindex()
        self.endRemoveRows()
        return card, row

    def put_card(self, card: KanbanCard, row: int = 0) -> int:
        """Insert a card at ``row`` (clamped); return the row it took."""
        row = max(0, min(row, len(self._cards)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._cards.insert(row, card)
        self._reindex()
        self.endInsertRows()
        return row

    # Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        card = self.card_at(index.row()) if index.isValid() else None
        if card is None:
            return None
        if role == self.CARD_ROLE:
            return card
        if role == self.ORDER_ID_ROLE:
            return card.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{card.number} {card.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(card)
        return None

    def tooltip(self, card: KanbanCard) -> str:
        """Everything on the card in full, plus its states in words (colour is never the only signal)."""
        lines = [self.tr("Order %1: %2").replace("%1", str(card.number)).replace("%2", card.title)]
        if card.client:
            lines.append(card.client)
        if card.address:
            lines.append(card.address)
        facts = [format_money(card.amount, self.currency)]
        if card.balance_due > 0:
            facts.append(self.tr("balance due %1").replace("%1", format_money(card.balance_due, self.currency)))
        if card.owner:
            facts.append(card.owner)
        if card.due_at:
            facts.append(self.tr("due %1").replace("%1", format_datetime(card.due_at)))
        lines.append(" · ".join(facts))
        if card.overdue_since is not None:
            reason = self.tr("a task is late") if card.overdue_reason == "task" else self.tr("stage SLA exceeded")
            lines.append(self.tr("Overdue by %1: %2").replace("%1", late_by(card.overdue_since, self.now))
                         .replace("%2", reason))
        if card.waiting_reason:
            lines.append(self.tr("Waiting: %1").replace("%1", card.waiting_reason))
        if card.blocked_by:
            lines.append(self.tr("Next stage needs: %1").replace(
                "%1", ", ".join(gate_subject_label(item, self.field_labels) for item in card.blocked_by)))
        lines.append(self.tr("Enter opens the order; Ctrl+Shift+←/→ moves it to the previous/next stage"))
        return "\n".join(lines)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemNeverHasChildren)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        cards = [self.card_at(i.row()) for i in indexes if i.isValid()]
        payload = [{"order_id": c.id, "stage_id": self.stage_id} for c in cards if c is not None][:1]
        mime.setData(MIME_TYPE, QByteArray(json.dumps(payload).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return data.hasFormat(MIME_TYPE) and bool(self._dropped_ids(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        for order_id in self._dropped_ids(data):
            self.card_dropped.emit(order_id, self.stage_id)
        return False  # the board moves the card itself once the gate allows it; nothing is removed here

    def _dropped_ids(self, data: QMimeData) -> list[int]:
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode() or "[]")
        except ValueError:
            return []
        return [int(p["order_id"]) for p in payload if p.get("stage_id") != self.stage_id]
