"""A phone number shown as a link: a click (or Space) calls it, the context menu copies it."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QPushButton, QWidget


def dialable(number: str) -> str:
    """The number to dial for a shown one: "+7 351 123-45-67" → "+73511234567" (internal extensions as they are)."""
    text = (number or "").strip()
    digits = re.sub(r"\D", "", text)
    return ("+" + digits) if text.startswith("+") and digits else digits


def copy_number(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


class PhoneLink(QPushButton):
    """A flat, link-coloured button with a number on it.

    ``call_requested(number)`` carries the dialable form; ``phone_copied(number)`` the display form after
    "Copy number".
    """

    call_requested = Signal(str)
    phone_copied = Signal(str)

    def __init__(self, display: str, number: str | None = None, parent: QWidget | None = None):
        super().__init__(display, parent)
        self.number = number or dialable(display)
        self.setObjectName("phoneLink")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Call %1 (click or Space); right-click to copy the number").replace("%1", display))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.on_self_custom_context_menu_requested)
        self.clicked.connect(self.on_self_clicked)

    def set_number(self, display: str, number: str | None = None) -> None:
        self.setText(display)
        self.number = number or dialable(display)
        self.setToolTip(self.tr("Call %1 (click or Space); right-click to copy the number").replace("%1", display))

    def on_self_clicked(self) -> None:
        if self.number:
            self.call_requested.emit(self.number)

    def context_menu(self) -> QMenu:
        """The context menu: Call and Copy number."""
        menu = QMenu(self)
        call = menu.addAction(self.tr("Call"))
        call.setEnabled(bool(self.number))
        call.triggered.connect(self.on_self_clicked)
        menu.addAction(self.tr("Copy number")).triggered.connect(self.copy)
        return menu

    def on_self_custom_context_menu_requested(self, position: QPoint) -> None:
        self.context_menu().popup(self.mapToGlobal(position))

    def copy(self) -> None:
        copy_number(self.text())
        self.phone_copied.emit(self.text())
