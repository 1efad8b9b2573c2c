"""Paints a kanban card: number and due date, title, client and address, amount and balance due, state badges, owner.

Every card has the same height, so a column of thousands lays out at once (``setUniformItemSizes``) and only
the cards in view are painted. State follows the one palette and always carries words: a red bar and
"late 2 d" when overdue, an amber bar and the waiting reason, grey stripes and a lock with what the next stage
needs when a gate would refuse; "Due 12 500 ₽" in red while the client still owes on the order.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from models.kanban import KanbanCard
from ui.formatting import format_money
from ui.icons import lock_icon
from ui.kanban_models import KanbanColumnModel, gate_subject_label, initials, late_by
from ui.status_palette import AMBER, GREY, RED

MARGIN_X = 6
MARGIN_Y = 3
PAD = 7
LINE_GAP = 2
STRIPE = 4
BORDER = QColor("#d5d9df")
SECONDARY = QColor("#5f6673")
STRIPES = QColor(GREY)
STRIPES.setAlpha(70)


class KanbanCardDelegate(QStyledItemDelegate):
    """Draws the KanbanCard in CARD_ROLE; fonts and metrics are computed once per font, not per card."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._font_key: str | None = None
        self._lock = lock_icon(GREY, 14)

    def _fonts(self, option: QStyleOptionViewItem) -> None:
        key = option.font.key()
        if key == self._font_key:
            return
        self._font_key = key
        self.body = QFont(option.font)
        self.bold = QFont(option.font)
        self.bold.setWeight(QFont.Weight.DemiBold)
        self.small = QFont(option.font)
        self.small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        self.line = QFontMetrics(self.body).height()
        self.small_line = QFontMetrics(self.small).height()
        self.height = 2 * MARGIN_Y + 2 * PAD + 3 * self.line + self.small_line + 3 * LINE_GAP + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        self._fonts(option)
        return QSize(200, self.height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        card: KanbanCard | None = index.data(KanbanColumnModel.CARD_ROLE)
        if card is None:
            return
        self._fonts(option)
        model = index.model()
        now: datetime = getattr(model, "now", None) or datetime.now().astimezone()
        currency = getattr(model, "currency", "RUB")
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        rect = option.rect.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        body = QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(palette.highlight().color(), 2) if selected else QPen(BORDER, 1))
        painter.setBrush(palette.base())
        painter.drawRoundedRect(body, 5, 5)
        if card.blocked:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(STRIPES, Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(body, 5, 5)
        bar = RED if card.overdue else AMBER if card.waiting else None
        if bar is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(bar))
            painter.drawRoundedRect(QRectF(rect.left() + 1, rect.top() + 1, STRIPE, rect.height() - 2), 2, 2)
        if focused and not selected:
            painter.setPen(QPen(palette.highlight().color(), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body.adjusted(1, 1, -1, -1), 4, 4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

        text = palette.text().color()
        inner = rect.adjusted(PAD + (STRIPE if bar else 0), PAD, -PAD, -PAD)
        y = inner.top()
        # 1: number, due date on the right
        painter.setFont(self.small)
        due = ""
        if card.due_at is not None:
            due = self.tr("due %1").replace("%1", card.due_at.strftime("%d.%m %H:%M"))
        due_width = QFontMetrics(self.small).horizontalAdvance(due)
        if due:
            painter.setPen(QColor(RED) if card.due_at < now else SECONDARY)
            painter.drawText(QRect(inner.right() - due_width, y, due_width, self.line),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), due)
        painter.setFont(self.bold)
        painter.setPen(text)
        painter.drawText(QRect(inner.left(), y, inner.width() - due_width - 6, self.line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), f"№ {card.number}")
        y += self.line + LINE_GAP
        # 2: title
        painter.setFont(self.body)
        self._text(painter, QRect(inner.left(), y, inner.width(), self.line), card.title, text)
        y += self.line + LINE_GAP
        # 3: client · address
        who = " · ".join(p for p in (card.client, card.address) if p)
        self._text(painter, QRect(inner.left(), y, inner.width(), self.line), who, SECONDARY)
        y += self.line + LINE_GAP
        # 4: amount, state badges, owner's initials
        painter.setFont(self.small)
        metrics = QFontMetrics(self.small)
        owner = initials(card.owner)
        owner_width = metrics.horizontalAdvance(owner) + 8 if owner else 0
        if owner:
            owner_rect = QRect(inner.right() - owner_width + 1, y, owner_width, self.small_line)
            painter.setPen(QPen(BORDER))
            painter.setBrush(palette.alternateBase())
            painter.drawRoundedRect(owner_rect, 3, 3)
            painter.setPen(SECONDARY)
            painter.drawText(owner_rect, int(Qt.AlignmentFlag.AlignCenter), owner)
        amount = format_money(card.amount, currency) if card.amount else ""
        x = inner.left()
        if amount:
            painter.setPen(text)
            painter.drawText(QRect(x, y, inner.width(), self.small_line),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), amount)
            x += metrics.horizontalAdvance(amount) + 10
        right = inner.right() - owner_width - 6
        for color, words, icon in self.badges(card, now, currency, getattr(model, "field_labels", None)):
            if x >= right - 12:
                break
            if icon:
                self._lock.paint(painter, QRect(x, y + (self.small_line - 12) // 2, 12, 12))
                x += 14
            shown = metrics.elidedText(words, Qt.TextElideMode.ElideRight, right - x)
            painter.setPen(QColor(color))
            painter.drawText(QRect(x, y, right - x, self.small_line),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
            x += metrics.horizontalAdvance(shown) + 10
        painter.restore()

    def badges(self, card: KanbanCard, now: datetime, currency: str = "RUB",
               labels: dict | None = None) -> list[tuple[str, str, bool]]:
        """What follows the amount on the card's last line, most important first: (colour, words, with a lock)."""
        badges = []
        if card.overdue_since is not None:
            badges.append((RED, "⚠ " + self.tr("late %1").replace("%1", late_by(card.overdue_since, now)), False))
        if card.balance_due > 0 and card.paid > 0:  # paid in part: what is still owed
            badges.append((RED, self.tr("owes %1").replace("%1", format_money(card.balance_due, currency)), False))
        elif card.balance_due > 0:  # nothing paid yet: the amount beside it is what is owed
            badges.append((GREY, self.tr("unpaid"), False))
        if card.waiting_reason:
            badges.append((AMBER, self.tr("waiting: %1").replace("%1", card.waiting_reason), False))
        if card.blocked_by:
            badges.append(("#4b5563", ", ".join(gate_subject_label(i, labels) for i in card.blocked_by), True))
        return badges

    def _text(self, painter: QPainter, rect: QRect, value: str, color: QColor) -> None:
        painter.setPen(color)
        shown = QFontMetrics(painter.font()).elidedText(value, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
