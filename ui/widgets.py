"""Small widgets every page and card builds the same way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget


def placeholder_label(text: str = "") -> QLabel:
    """The centred, greyed sentence a page or card shows instead of its content ("Nothing is late", an error)."""
    widget = QLabel(text)
    widget.setObjectName("placeholderText")
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    widget.setWordWrap(True)
    return widget


def local_shortcut(widget: QWidget, keys: QKeySequence | QKeySequence.StandardKey | Qt.Key | str,
                   slot: Callable[[], object]) -> QShortcut:
    """A shortcut that works while the focus is in ``widget`` or its children (so two open cards do not fight)."""
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    shortcut = QShortcut(sequence, widget, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut


def error_label() -> QLabel:
    """The red sentence under a field or a form saying what is wrong and what to do; hidden until there is one."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the sentence may quote what the user typed
    label.hide()
    return label
