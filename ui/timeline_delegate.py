"""Draws a timeline item as a small grey heading (kind · order · author, a lock when private) over its text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

PAD = 3
ICON = 14
HEADING_COLOR = QColor("#5f6673")


class TimelineDelegate(QStyledItemDelegate):
    """Paints HEADING_ROLE and BODY_ROLE of a row; the height follows the wrapped body text."""

    def __init__(self, heading_role: int, body_role: int, parent=None):
        super().__init__(parent)
        self.heading_role = heading_role
        self.body_role = body_role

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        body = QFont(option.font)
        heading = QFont(option.font)
        heading.setPointSizeF(max(7.0, body.pointSizeF() * 0.9))
        return heading, body

    def _body_rect(self, rect: QRect, heading: QFont) -> QRect:
        top = rect.top() + PAD + QFontMetrics(heading).height() + 1
        return QRect(rect.left() + PAD, top, max(10, rect.width() - 2 * PAD), max(0, rect.bottom() - top - PAD))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        heading_font, body_font = self._fonts(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.highlightedText().color() if selected else option.palette.text().color()
        painter.save()
        left = option.rect.left() + PAD
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(icon, QIcon):
            icon.paint(painter, QRect(left, option.rect.top() + PAD, ICON, ICON))
            left += ICON + 4
        painter.setFont(heading_font)
        painter.setPen(text_color if selected else HEADING_COLOR)
        heading_rect = QRect(left, option.rect.top() + PAD, option.rect.right() - left - PAD,
                             QFontMetrics(heading_font).height())
        heading = QFontMetrics(heading_font).elidedText(str(index.data(self.heading_role) or ""),
                                                       Qt.TextElideMode.ElideRight, heading_rect.width())
        painter.drawText(heading_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), heading)
        painter.setFont(body_font)
        painter.setPen(text_color)
        painter.drawText(self._body_rect(option.rect, heading_font),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                         str(index.data(self.body_role) or ""))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        heading_font, body_font = self._fonts(option)
        width = option.rect.width() if option.rect.width() > 0 else 320
        body = QFontMetrics(body_font).boundingRect(
            QRect(0, 0, max(10, width - 2 * PAD), 100_000), int(Qt.TextFlag.TextWordWrap),
            str(index.data(self.body_role) or ""),
        )
        return QSize(width, 2 * PAD + QFontMetrics(heading_font).height() + 1 + body.height() + 2)
