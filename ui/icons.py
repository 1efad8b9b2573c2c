"""Small icons drawn in code (no image files to ship): glyph icons for the rail and a lock for private items."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

ICON_COLOR = "#4b5563"


def glyph_icon(glyph: str, color: str = ICON_COLOR, size: int = 32, selected_color: str = "#ffffff") -> QIcon:
    """An icon showing one text glyph (☎, ⚙, …) in the system font, centred; light on a selected row."""
    icon = QIcon(_glyph_pixmap(glyph, color, size))
    icon.addPixmap(_glyph_pixmap(glyph, selected_color, size), QIcon.Mode.Selected)
    return icon


def _glyph_pixmap(glyph: str, color: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setPixelSize(int(size * 0.78))
    painter.setFont(font)
    painter.setPen(QColor(color))
    painter.drawText(QRectF(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), glyph)
    painter.end()
    return pixmap


def lock_icon(color: str = ICON_COLOR, size: int = 16) -> QIcon:
    """A padlock: marks private timeline items."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x for crisp scaling
    pixmap.fill(Qt.GlobalColor.transparent)
    s = size * 2
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color), s * 0.11)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QPainterPath()
    shackle.moveTo(s * 0.32, s * 0.48)
    shackle.lineTo(s * 0.32, s * 0.32)
    shackle.arcTo(QRectF(s * 0.32, s * 0.12, s * 0.36, s * 0.36), 180, -180)
    shackle.lineTo(s * 0.68, s * 0.48)
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(QRectF(s * 0.2, s * 0.46, s * 0.6, s * 0.44), s * 0.06, s * 0.06)
    painter.end()
    return QIcon(pixmap)
