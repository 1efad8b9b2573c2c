"""The zone editor's side form: the zone's name, colour, dispatcher and technicians.

The form shows and reads values only; the zone editor connects to its widgets and decides what a change means
(unsaved changes, a recoloured outline), so the form knows nothing of drawing or saving.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.zone_admin import DispatcherChoice, TechnicianChoice


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class ZoneForm(QWidget):
    """Name, colour, dispatcher and the technicians of one zone; filled by ``show_zone``, read by the editor."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("e.g. Centre"))
        self.color_button = QPushButton()
        self.dispatcher_combo = QComboBox()
        self.dispatcher_combo.setToolTip(self.tr("New requests whose address lies in this zone go to this person."))
        self.technician_list = QListWidget()
        self.technician_list.setToolTip(self.tr("Technicians who work in this zone; one may work in several."))

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Colour:"), self.color_button)
        form.addRow(self.tr("Dispatcher:"), self.dispatcher_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Technicians of the zone:")))
        layout.addWidget(self.technician_list, 1)

    def set_people(self, dispatchers: Iterable[DispatcherChoice], technicians: Iterable[TechnicianChoice]) -> None:
        """The people a zone may be given: dispatchers (or nobody) and technicians, all unticked."""
        self.dispatcher_combo.clear()
        self.dispatcher_combo.addItem(self.tr("— nobody —"), None)
        for person in dispatchers:
            suffix = self.tr(" (manager)") if person.role == "manager" else ""
            self.dispatcher_combo.addItem(person.full_name + suffix, person.id)
        self.technician_list.clear()
        for tech in technicians:
            name = tech.full_name if tech.active else self.tr("%1 (left)").replace("%1", tech.full_name)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, tech.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.technician_list.addItem(item)

    def show_zone(self, name: str, color: str, dispatcher_id: int | None, technician_ids: Iterable[int]) -> None:
        self.name_edit.setText(name)
        self.paint_color(color)
        self.dispatcher_combo.setCurrentIndex(max(self.dispatcher_combo.findData(dispatcher_id), 0))
        bound = set(technician_ids)
        for row in range(self.technician_list.count()):
            item = self.technician_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in bound
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def paint_color(self, color: str) -> None:
        self.color_button.setIcon(swatch(color, 16))
        self.color_button.setText(color)

    def set_editing(self, editing: bool) -> None:
        for widget in (self.name_edit, self.color_button, self.dispatcher_combo, self.technician_list):
            widget.setEnabled(editing)

    def checked_technicians(self) -> tuple[int, ...]:
        items = (self.technician_list.item(row) for row in range(self.technician_list.count()))
        return tuple(i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked)
