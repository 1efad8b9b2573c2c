"""The Qt binding must not corrupt Python's reference counts: a desktop app paints millions of times a day."""

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def test_void_calls_do_not_release_none(qapp):
    image = QImage(64, 32, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(200):  # each of these returns None to Python
            painter.save()
            painter.setPen(QColor("#1e88e5"))
            painter.drawRoundedRect(QRectF(1, 1, 30, 12), 4, 4)
            painter.restore()
        after = sys.getrefcount(None)
    finally:
        painter.end()
    assert after >= before - 50, f"None lost {before - after} references in 800 calls"
