"""Status chips: a coloured dot and a tinted pill behind the state's label, in tables and as a label widget."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.status_palette import Status

#: Item data role holding a ``Status``; the display role holds the text drawn in the chip.
STATUS_ROLE = Qt.ItemDataRole.UserRole + 100

DOT = 8
PAD_X = 6
PAD_Y = 2


def paint_chip(painter: QPainter, rect: QRect, status: Status, text: str, palette: QPalette) -> None:
    """Draw a chip (tinted pill, coloured dot, text) left-aligned inside ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = QFontMetrics(painter.font())
    height = min(rect.height() - 2, metrics.height() + 2 * PAD_Y)
    available = max(0, rect.width() - 2 * PAD_X - DOT - 6 - 4)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, available)
    width = min(rect.width() - 4, PAD_X * 2 + DOT + 6 + metrics.horizontalAdvance(shown))
    pill = QRectF(rect.left() + 2, rect.center().y() - height / 2 + 0.5, width, height)
    tint = QColor(status.color)
    tint.setAlpha(40)
    painter.setPen(QColor(status.color))
    painter.setBrush(tint)
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(status.color))
    painter.drawEllipse(QRectF(pill.left() + PAD_X, pill.center().y() - DOT / 2, DOT, DOT))
    font = painter.font()
    font.setStrikeOut(status.struck)
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    text_rect = pill.adjusted(PAD_X + DOT + 6, 0, -PAD_X, 0)
    painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown)
    painter.restore()


def chip_size(status: Status, text: str, metrics: QFontMetrics) -> QSize:
    return QSize(PAD_X * 2 + DOT + 6 + metrics.horizontalAdvance(text) + 6, metrics.height() + 2 * PAD_Y + 4)


class StatusChipDelegate(QStyledItemDelegate):
    """Draws cells that carry a ``Status`` in STATUS_ROLE as chips; other cells as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        status = index.data(STATUS_ROLE)
        if not isinstance(status, Status):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        paint_chip(painter, option.rect.adjusted(2, 0, -2, 0), status, str(index.data() or ""), option.palette)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        status = index.data(STATUS_ROLE)
        if not isinstance(status, Status):
            return super().sizeHint(option, index)
        return chip_size(status, str(index.data() or ""), option.fontMetrics) + QSize(4, 0)


class StatusChip(QLabel):
    """A chip as a widget (headers, forms); the label text stays readable for screen readers and tests."""

    def __init__(self, status: Status, text: str | None = None, parent: QWidget | None = None):
        super().__init__(text if text is not None else status.label, parent)
        self.status = status
        self.setMinimumHeight(self.fontMetrics().height() + 2 * PAD_Y + 4)

    def sizeHint(self) -> QSize:
        return chip_size(self.status, self.text(), self.fontMetrics())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        paint_chip(painter, self.rect(), self.status, self.text(), self.palette())
