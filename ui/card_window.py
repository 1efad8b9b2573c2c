"""A card (order, unit) in a window of its own, and the bookkeeping of one window per card."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class CardWindow(QWidget):
    """Holds ``card`` (a widget with a ``card_loaded`` signal); Esc closes; the title follows the card."""

    def __init__(self, card: QWidget, size: tuple[int, int], parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.card = card
        card.setParent(self)
        card.card_loaded.connect(self.on_card_card_loaded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)
        self.resize(*size)
        close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        close.activated.connect(self.close)

    def on_card_card_loaded(self, _card_id: int) -> None:
        self.setWindowTitle(self.window_title())

    def window_title(self) -> str:
        return ""


class OneWindowEach(Generic[W]):
    """Windows by key: asking for an open one raises it instead of opening a second."""

    def __init__(self) -> None:
        self.windows: dict[int, W] = {}

    def show(self, key: int, create: Callable[[], W]) -> tuple[W, bool]:
        """The window of ``key``, made by ``create`` if there is none; True when it was just made."""
        window = self.windows.get(key)
        created = window is None
        if window is None:
            window = create()
            window.destroyed.connect(partial(self.windows.pop, key, None))
            self.windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window, created

    def values(self):
        return self.windows.values()
