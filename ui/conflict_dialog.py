"""Both versions of an edit that lost a race, side by side; the person chooses, nothing is overwritten silently.

Field | Yours | Theirs, with the rows that differ marked. "Keep theirs" drops this desk's edits; "Apply mine
on top of theirs" saves this desk's values again against the newer version (the other changes stay).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

KEEP_THEIRS = "theirs"
APPLY_MINE = "mine"
DIFFERENT = QColor("#fff4d6")


class ConflictDialog(QDialog):
    """Shows ``ours`` against ``theirs``; ``choice`` is KEEP_THEIRS, APPLY_MINE or None (went back to editing)."""

    def __init__(self, ours: dict[str, object], theirs: dict[str, object], *, label: Callable[[str], str],
                 describe: Callable[[str, object], str], subject: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Changed at another workstation"))
        self.choice: str | None = None
        self.ours = dict(ours)
        self.theirs = dict(theirs)
        intro = QLabel(self.tr("%1 was changed at another workstation while you were editing it. Compare the values "
                               "and choose which to keep; nothing has been saved yet.")
                       .replace("%1", subject or self.tr("This order")))
        intro.setWordWrap(True)
        keys = list(dict.fromkeys([*ours, *theirs]))
        self.table = QTableWidget(len(keys), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Yours"), self.tr("Theirs (saved)")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for row, key in enumerate(keys):
            mine, saved = describe(key, ours.get(key)), describe(key, theirs.get(key))
            cells = [QTableWidgetItem(label(key)), QTableWidgetItem(mine), QTableWidgetItem(saved)]
            differs = mine != saved
            for column, item in enumerate(cells):
                item.setToolTip(item.text())
                if differs:
                    item.setBackground(DIFFERENT)
                    if column:
                        item.setFont(bold)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox()
        self.keep_theirs_button = QPushButton(self.tr("Keep theirs"))
        self.keep_theirs_button.setToolTip(self.tr("Drop your edits and show the saved order"))
        self.apply_mine_button = QPushButton(self.tr("Apply mine on top of theirs"))
        self.apply_mine_button.setToolTip(self.tr("Save your values for these fields; their other changes stay"))
        self.back_button = QPushButton(self.tr("Back to editing"))
        buttons.addButton(self.apply_mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_theirs_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_mine_button.clicked.connect(lambda: self._choose(APPLY_MINE))
        self.keep_theirs_button.clicked.connect(lambda: self._choose(KEEP_THEIRS))
        self.back_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 160 + 32 * len(keys))
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows, row by row (field, yours, theirs)."""
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
