"""Entries made on a unit from the equipment card or from a visit: a counter reading (engine hours or km) and a part
replaced (old and new serial, reason, the order it was done under).

Both forms read what they offer and save in the background. A refused entry keeps the form open with the reason
next to the field it concerns (a reading lower than the previous one, dated in the future; a new serial already on
another client's unit) and nothing is stored.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.equipment_edit import PartFormOptions, UnitRefused, part_form_options, record_part_replacement
from models.usage_readings import READING_SOURCES, ReadingError, ReadingForm, add_reading, reading_form
from ui.formatting import format_date, format_datetime
from ui.tasks import run_in_background
from ui.widgets import error_label

CONTEXT = "EquipmentEntries"
COUNTER_WORDS = {"engine_hours": QT_TRANSLATE_NOOP("EquipmentEntries", "engine hours"),
                 "km": QT_TRANSLATE_NOOP("EquipmentEntries", "km")}
SOURCE_WORDS = {"visit": QT_TRANSLATE_NOOP("EquipmentEntries", "read on a visit"),
                "client": QT_TRANSLATE_NOOP("EquipmentEntries", "reported by the client"),
                "telematics": QT_TRANSLATE_NOOP("EquipmentEntries", "telematics")}
MIN_WIDTH = 460
PART_FIELDS = ("part_name", "old_serial", "new_serial", "reason", "order_id")


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def counter_word(unit: str | None) -> str:
    """"engine hours", "km" (translated); empty for a unit without a counter."""
    return _t(COUNTER_WORDS[unit]) if unit in COUNTER_WORDS else ""


def source_word(source: str | None) -> str:
    """How a reading's source reads on screen ("read on a visit"); an unknown code as it is stored."""
    return _t(SOURCE_WORDS[source]) if source in SOURCE_WORDS else (source or "")


def _number(value: Decimal) -> str:
    return f"{value:,.1f}".replace(",", "\u00a0").removesuffix(".0")


def _save_buttons(dialog: QDialog, tooltip: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setShortcut(QKeySequence("Ctrl+S"))
    save.setToolTip(tooltip)
    buttons.rejected.connect(dialog.reject)
    return buttons, save


class ReadingDialog(QDialog):
    """A counter reading of one unit: the value (in the unit's engine hours or km) and when it was read (now by
    default, in the company's time zone), beside the latest reading. From a visit the source is the visit."""

    reading_added = Signal(int)  # the unit's id

    def __init__(self, db: Database, equipment_id: int, *, visit_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.equipment_id = equipment_id
        self.visit_id = visit_id
        self.form: ReadingForm | None = None
        self.setWindowTitle(self.tr("Add a reading"))
        self.setMinimumWidth(MIN_WIDTH)
        self.unit_label = QLabel(self.tr("Loading…"))
        self.unit_label.setWordWrap(True)
        self.latest_label = QLabel()
        self.latest_label.setObjectName("secondaryText")
        self.latest_label.setWordWrap(True)
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText(self.tr("As on the counter, e.g. 1250 or 1250.5"))
        self.counter_label = QLabel()
        self.when_edit = QDateTimeEdit()
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.source_combo = QComboBox()
        for code in READING_SOURCES:
            self.source_combo.addItem(source_word(code), code)
        self.source_combo.setCurrentIndex(self.source_combo.findData("visit"))
        self.error_label = error_label()
        self.buttons, self.save_button = _save_buttons(self, self.tr("Save the reading (Ctrl+S)"))
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.on_buttons_accepted)

        value = QHBoxLayout()
        value.addWidget(self.value_edit, 1)
        value.addWidget(self.counter_label)
        form = QFormLayout()
        value_caption = QLabel(self.tr("&Value:"))
        value_caption.setBuddy(self.value_edit)
        form.addRow(value_caption, value)
        form.addRow(self.tr("&Read on:"), self.when_edit)
        if visit_id is None:
            form.addRow(self.tr("&Source:"), self.source_combo)
        else:
            self.source_combo.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.unit_label)
        layout.addWidget(self.latest_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.value_edit, self.when_edit)
        self.setTabOrder(self.when_edit, self.source_combo)
        self.value_edit.setFocus()
        run_in_background(reading_form, self.db, equipment_id, on_done=self.on_form_loaded,
                          on_error=self.on_task_failed)

    def on_form_loaded(self, form: ReadingForm) -> None:
        self.form = form
        self.unit_label.setText(form.unit_name)
        word = counter_word(form.usage_unit)
        self.counter_label.setText(word)
        now = form.now
        self.when_edit.setDateTime(QDateTime(now.date(), QTime(now.hour, now.minute)))
        if form.latest is not None:
            latest = form.latest
            text = self.tr("Latest reading: %1 %2 on %3").replace("%1", _number(latest.value)).replace(
                "%2", word).replace("%3", format_datetime(latest.read_at))
            if latest.source:
                text += f" ({source_word(latest.source)})"
            self.latest_label.setText(text)
        else:
            self.latest_label.setText(self.tr("No readings yet."))
        if form.usage_unit is None:
            self.show_error(self.tr("This unit has no usage counter (engine hours or km); set it in the unit's form "
                                    "(Edit…) before entering readings."))
            return
        self.save_button.setEnabled(True)

    def source(self) -> str:
        return "visit" if self.visit_id is not None else self.source_combo.currentData()

    def read_at(self) -> datetime:
        """The date and time entered, in the company's time zone."""
        value = self.when_edit.dateTime()
        day, clock = value.date(), value.time()
        zone = ZoneInfo(self.form.time_zone if self.form else "UTC")
        return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=zone)

    def on_buttons_accepted(self) -> None:
        if self.form is None:
            return
        self.error_label.hide()
        text = self.value_edit.text().strip()
        if not text:
            self.show_error(self.tr("Enter the value shown on the counter."))
            return
        self.save_button.setEnabled(False)
        run_in_background(partial(add_reading, source=self.source(), visit_id=self.visit_id), self.db,
                          self.equipment_id, text, self.read_at(), on_done=self.on_reading_saved,
                          on_error=self.on_task_failed)

    def on_reading_saved(self, _reading) -> None:
        self.reading_added.emit(self.equipment_id)
        self.accept()

    def on_task_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(self.form is not None and self.form.usage_unit is not None)
        if isinstance(exc, ReadingError):
            self.show_error(str(exc))
        else:
            self.show_error(self.tr("The reading was not saved: %1").replace("%1", str(exc)))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.value_edit.setFocus()
        self.value_edit.selectAll()


class PartReplacementDialog(QDialog):
    """A part replaced on a unit: its name (the names already used on the same model offered), the old and new
    serials, the reason and the order it was done under (the unit's orders, newest first)."""

    part_recorded = Signal(int)  # the part replacement's id

    def __init__(self, db: Database, equipment_id: int, *, order_id: int | None = None, visit_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.equipment_id = equipment_id
        self.order_id = order_id
        self.visit_id = visit_id
        self.options: PartFormOptions | None = None
        self.setWindowTitle(self.tr("Record a replaced part"))
        self.setMinimumWidth(MIN_WIDTH)
        self.unit_label = QLabel(self.tr("Loading…"))
        self.unit_label.setWordWrap(True)
        self.part_combo = QComboBox()
        self.part_combo.setEditable(True)
        self.part_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.part_combo.lineEdit().setPlaceholderText(self.tr("e.g. compressor, fan motor"))
        self.part_combo.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.part_combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.part_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.old_serial_edit = QLineEdit()
        self.old_serial_edit.setPlaceholderText(self.tr("Serial of the part taken out; empty when unknown"))
        self.new_serial_edit = QLineEdit()
        self.new_serial_edit.setPlaceholderText(self.tr("Serial of the part fitted; empty when it has none"))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Why it was replaced, e.g. burnt out, leaking"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.order_combo = QComboBox()
        self.order_combo.addItem(self.tr("(no order)"), None)
        self.editors: dict[str, QWidget] = {"part_name": self.part_combo, "old_serial": self.old_serial_edit,
                                            "new_serial": self.new_serial_edit, "reason": self.reason_edit,
                                            "order_id": self.order_combo}
        self.field_errors = {field: error_label() for field in PART_FIELDS}
        self.error_label = error_label()
        self.buttons, self.save_button = _save_buttons(self, self.tr("Record the part (Ctrl+S)"))
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.on_buttons_accepted)

        form = QFormLayout()
        for field, caption in (("part_name", self.tr("&Part:")), ("old_serial", self.tr("&Old serial:")),
                               ("new_serial", self.tr("&New serial:")), ("reason", self.tr("&Reason:")),
                               ("order_id", self.tr("&Done under:"))):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(self.editors[field])
            box.addWidget(self.field_errors[field])
            label = QLabel(caption)
            label.setBuddy(self.editors[field])
            form.addRow(label, box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.unit_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        order = list(self.editors.values())
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.part_combo.setFocus()
        run_in_background(part_form_options, self.db, equipment_id, on_done=self.on_options_loaded,
                          on_error=self.on_task_failed)

    def on_options_loaded(self, options: PartFormOptions) -> None:
        self.options = options
        self.unit_label.setText(options.unit_name)
        self.part_combo.addItems(list(options.part_names))
        self.part_combo.setCurrentIndex(-1)
        self.part_combo.setEditText("")
        for choice in options.orders:
            self.order_combo.addItem(self.tr("№%1 of %2 · %3").replace("%1", str(choice.number)).replace(
                "%2", format_date(choice.created_on)).replace("%3", choice.title), choice.id)
        if self.order_id is not None:
            if self.order_combo.findData(self.order_id) < 0:
                self.order_combo.addItem(self.tr("The visit's order"), self.order_id)
            self.order_combo.setCurrentIndex(self.order_combo.findData(self.order_id))
        self.save_button.setEnabled(True)

    def on_buttons_accepted(self) -> None:
        if self.options is None:
            return
        self.clear_errors()
        self.save_button.setEnabled(False)
        run_in_background(
            partial(record_part_replacement, part_name=self.part_combo.currentText(),
                    old_serial=self.old_serial_edit.text(), new_serial=self.new_serial_edit.text(),
                    reason=self.reason_edit.toPlainText(), order_id=self.order_combo.currentData(),
                    visit_id=self.visit_id),
            self.db, self.equipment_id, on_done=self.on_part_recorded, on_error=self.on_task_failed)

    def on_part_recorded(self, part_id: int) -> None:
        self.part_recorded.emit(part_id)
        self.accept()

    def on_task_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(self.options is not None)
        if not isinstance(exc, UnitRefused):
            self.show_errors([("", self.tr("The part was not recorded: %1").replace("%1", str(exc)))])
            return
        # The fixed sentences have translations under the context the unit form uses too.
        self.show_errors([(field, QCoreApplication.translate("UnitRefusal", problem))
                          for field, problem in zip(exc.fields, exc.problems, strict=True)])

    def clear_errors(self) -> None:
        for label in (*self.field_errors.values(), self.error_label):
            label.clear()
            label.hide()

    def show_errors(self, problems: list[tuple[str, str]]) -> None:
        """Each sentence under the field it concerns (the others under the form); the cursor to the first field."""
        self.clear_errors()
        focused = False
        for field, problem in problems:
            label = self.field_errors.get(field, self.error_label)
            label.setText("\n".join(t for t in (label.text(), problem) if t))
            label.show()
            editor = self.editors.get(field)
            if editor is not None and not focused:
                editor.setFocus()
                focused = True
                if isinstance(editor, QLineEdit):
                    editor.selectAll()

    def problems(self) -> dict[str, str]:
        """The sentences shown now by field ("" for the form's own), for tests and screen readers."""
        shown = {field: label.text() for field, label in self.field_errors.items() if not label.isHidden()}
        if not self.error_label.isHidden():
            shown[""] = self.error_label.text()
        return shown
