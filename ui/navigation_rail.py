"""The navigation rail: one entry a page, with the sentence shown by pages not built yet and live counters."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.icons import glyph_icon
from ui.status_palette import RED

#: Item data role holding an entry's live counter (missed calls to call back on Calls).
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1

RAIL = "NavigationRail"


@dataclass(frozen=True)
class RailEntry:
    """One rail entry: its key, label (translated at use), glyph and, for pages not built yet, a sentence."""

    key: str
    label: str
    glyph: str
    placeholder: str = ""


RAIL_ENTRIES = (
    RailEntry("calls", QT_TRANSLATE_NOOP("NavigationRail", "Calls"), "☎"),
    RailEntry("orders", QT_TRANSLATE_NOOP("NavigationRail", "Orders"), "▦"),
    RailEntry("planning", QT_TRANSLATE_NOOP("NavigationRail", "Planning"), "▤"),
    RailEntry("clients", QT_TRANSLATE_NOOP("NavigationRail", "Clients & equipment"), "☺"),
    RailEntry("overdue", QT_TRANSLATE_NOOP("NavigationRail", "Overdue"), "⚠"),
    RailEntry("dashboards", QT_TRANSLATE_NOOP("NavigationRail", "Dashboards"), "▥",
              QT_TRANSLATE_NOOP("NavigationRail", "Dashboards: not built yet — workload, SLA and revenue charts, "
                                "coming with the reports module.")),
    RailEntry("settings", QT_TRANSLATE_NOOP("NavigationRail", "Settings"), "⚙"),
)
PAGE_KEYS = tuple(entry.key for entry in RAIL_ENTRIES)


def rail_label(entry: RailEntry) -> str:
    return QCoreApplication.translate(RAIL, entry.label)


class CounterDelegate(QStyledItemDelegate):
    """Draws an entry as usual, then its counter as a small red pill at the right end."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        count = index.data(COUNT_ROLE)
        if not count:
            return
        text = str(count)
        metrics = option.fontMetrics
        height = metrics.height() + 2
        width = max(height, metrics.horizontalAdvance(text) + 10)
        pill = QRectF(option.rect.right() - width - 8, option.rect.center().y() - height / 2 + 0.5, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(RED))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


class NavigationRail(QListWidget):
    """The left rail: one entry a page, Ctrl+1…Ctrl+7, arrow keys move between entries."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigationRail")
        self.setIconSize(QSize(20, 20))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widest = 0
        for number, entry in enumerate(RAIL_ENTRIES, start=1):
            text = rail_label(entry)
            item = QListWidgetItem(glyph_icon(entry.glyph), text)
            shortcut = QKeySequence(f"Ctrl+{number}").toString(QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(f"{text} ({shortcut})")
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 18))
            self.addItem(item)
            widest = max(widest, self.fontMetrics().horizontalAdvance(text))
        self.setFixedWidth(widest + self.iconSize().width() + 48)
        self.setItemDelegate(CounterDelegate(self))

    def set_count(self, key: str, count: int) -> None:
        """Show a live counter on an entry (a pill after the label; "Calls (3)" for tooltips and screen readers)."""
        row = PAGE_KEYS.index(key)
        item = self.item(row)
        text = rail_label(RAIL_ENTRIES[row])
        shortcut = QKeySequence(f"Ctrl+{row + 1}").toString(QKeySequence.SequenceFormat.NativeText)
        counted = f"{text} ({count})" if count else text
        item.setData(COUNT_ROLE, count)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, counted)
        item.setToolTip(f"{counted} ({shortcut})")

    def count_shown(self, key: str) -> int:
        """The counter on an entry (0 when none is shown)."""
        return self.item(PAGE_KEYS.index(key)).data(COUNT_ROLE) or 0
