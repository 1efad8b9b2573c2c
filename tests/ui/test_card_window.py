"""One window per card: asking again raises the open one; a closed one is forgotten."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.card_window import OneWindowEach


def test_asking_twice_raises_the_same_window_and_a_closed_one_is_made_again(qtbot):
    windows: OneWindowEach[QWidget] = OneWindowEach()
    made: list[QWidget] = []

    def create() -> QWidget:
        widget = QWidget()
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        made.append(widget)
        return widget

    first, created = windows.show(7, create)
    again, created_again = windows.show(7, create)
    assert (created, created_again) == (True, False) and again is first and len(made) == 1
    first.close()
    qtbot.waitUntil(lambda: 7 not in windows.windows)
    third, created_third = windows.show(7, create)
    assert created_third and len(made) == 2
    qtbot.addWidget(third)
