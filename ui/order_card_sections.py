"""Parts of the order card: the editable fields form (fixed and custom fields), the list models of tasks,
attachments and stage history, and the comment box."""

from __future__ import annotations

import contextlib
import mimetypes
import tempfile
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, Qt, QTime, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
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
from models.order_card import (
    MAX_ATTACHMENT_BYTES,
    AttachmentRow,
    CustomFieldValue,
    FieldOption,
    OrderCardData,
    StageChangeRow,
    TaskRow,
    add_attachment,
    attachment_content,
)
from ui.client_card_models import SECONDARY_TEXT, RowsTableModel
from ui.formatting import format_amount, format_datetime
from ui.kanban_models import GATE_SUBJECTS, SCENARIOS, SOURCE_CHANNELS, order_label
from ui.status_palette import RED
from ui.tables import CompactTableView
from ui.tasks import run_in_background
from ui.widgets import error_label

DISPLAY = Qt.ItemDataRole.DisplayRole
NO_VALUE = "—"


class TasksTableModel(RowsTableModel[TaskRow]):
    """The order's tasks; ticking the box of an open one asks to mark it done (``done_requested``)."""

    COL_DONE = 0
    COL_TITLE = 1
    COL_ASSIGNEE = 2
    COL_DUE = 3
    COLUMN_COUNT = 4
    STRETCH_COLUMN = COL_TITLE

    done_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.now = datetime.now().astimezone()

    def headers(self) -> list[str]:
        return [self.tr("Done"), self.tr("Task"), self.tr("Who"), self.tr("Due")]

    def flags(self, index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.COL_DONE and self.row_at(index.row()).status == "open":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.COL_DONE:
            task = self.row_at(index.row())
            if task.status == "open" and Qt.CheckState(value) == Qt.CheckState.Checked:
                self.done_requested.emit(task.id)
                return True
        return False

    def cell(self, row: TaskRow, column: int, role: int) -> Any:
        if column == self.COL_DONE and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if row.status == "done" else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.late(self.now) and column == self.COL_DUE:
                return QColor(RED)
            return SECONDARY_TEXT if row.status != "open" else None
        if role != DISPLAY:
            return None
        if column == self.COL_TITLE:
            suffix = {"cancelled": self.tr(" (cancelled)")}.get(row.status, "")
            return row.title + suffix
        if column == self.COL_ASSIGNEE:
            return row.assignee or self.tr("nobody")
        if column == self.COL_DUE:
            if row.status == "done" and row.done_at:
                return self.tr("done %1").replace("%1", format_datetime(row.done_at))
            text = format_datetime(row.due_at)
            return self.tr("%1, late").replace("%1", text) if row.late(self.now) else text
        return None


class AttachmentsTableModel(RowsTableModel[AttachmentRow]):
    """Files of the order: kind, name, size, who attached them and when (contents are read on opening)."""

    COL_KIND = 0
    COL_NAME = 1
    COL_SIZE = 2
    COL_WHEN = 3
    COLUMN_COUNT = 4
    STRETCH_COLUMN = COL_NAME

    def headers(self) -> list[str]:
        return [self.tr("Kind"), self.tr("File"), self.tr("Size"), self.tr("Attached")]

    def cell(self, row: AttachmentRow, column: int, role: int) -> Any:
        if column == self.COL_SIZE and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != DISPLAY:
            return None
        if column == self.COL_KIND:
            return order_label(GATE_SUBJECTS, row.kind)
        if column == self.COL_NAME:
            return row.filename
        if column == self.COL_SIZE:
            return human_size(row.size_bytes)
        if column == self.COL_WHEN:
            return " · ".join(p for p in (format_datetime(row.uploaded_at), row.uploaded_by) if p)
        return None


class HistoryTableModel(RowsTableModel[StageChangeRow]):
    """Stage changes, newest first: when, from → to, who, and the comment."""

    COL_WHEN = 0
    COL_CHANGE = 1
    COL_WHO = 2
    COLUMN_COUNT = 3
    STRETCH_COLUMN = COL_CHANGE

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Stage"), self.tr("Who")]

    def cell(self, row: StageChangeRow, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        if column == self.COL_WHEN:
            return format_datetime(row.at)
        if column == self.COL_CHANGE:
            change = f"{row.from_stage} → {row.to_stage}" if row.from_stage else row.to_stage
            return f"{change} ({row.comment})" if row.comment else change
        if column == self.COL_WHO:
            return row.user or self.tr("automation")
        return None


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


class FieldsForm(QWidget):
    """The order's editable fields, fixed ones then the custom fields of its pipeline and scenario.

    ``changes()`` returns only what the person changed, keyed as update_order expects (``"custom:<key>"`` for
    custom fields); ``edited`` fires on every change so the card can enable Save.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.card: OrderCardData | None = None
        self._loaded: dict[str, object] = {}
        self._editors: dict[str, QWidget] = {}
        self._labels: dict[str, str] = {}
        self._filling = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)

    # building

    def set_card(self, card: OrderCardData) -> None:
        self._filling = True
        self.card = card
        while self.form.rowCount():
            self.form.removeRow(0)
        self._editors, self._loaded, self._labels = {}, {}, {}
        tz = ZoneInfo(card.time_zone)
        self._line("title", self.tr("Title"), card.title)
        self._text("description", self.tr("Description"), card.description or "")
        self._combo("scenario", self.tr("Scenario"), card.scenario,
                    [(None, NO_VALUE)] + [(k, order_label(SCENARIOS, k)) for k in SCENARIOS])
        self._combo("source_channel", self.tr("Source"), card.source_channel,
                    [(k, order_label(SOURCE_CHANNELS, k)) for k in SOURCE_CHANNELS])
        self._combo("owner_id", self.tr("Responsible"), card.owner_id, _options(card.owner_options))
        if card.client_id is not None:
            self._combo("site_id", self.tr("Address"), card.site_id, _options(card.site_options))
            self._combo("equipment_id", self.tr("Unit"), card.equipment.id if card.equipment else None,
                        _options(card.equipment_options))
        self._money("amount", self.tr("Amount"), card.amount)
        paid = QLabel(self.tr("%1 (see Payments)").replace("%1", format_amount(card.paid)))
        paid.setToolTip(self.tr("The sum of the order's payments; add or remove them on the Payments tab"))
        self.form.addRow(self.tr("Paid"), paid)
        self._due(card.due_at, tz)
        self._line("waiting_reason", self.tr("Waiting for"), card.waiting_reason or "",
                   self.tr("e.g. parts, the client's answer; the card turns amber while set"))
        if card.custom_fields:
            title = QLabel(self.tr("Fields of this kind of order"))
            title.setObjectName("sectionTitle")
            self.form.addRow(title)
        for field in card.custom_fields:
            self._custom(field)
        self._filling = False

    def _add(self, key: str, label: str, editor: QWidget, value: object) -> None:
        required = (self.card.required_fields.get(key) if self.card else None) or ()
        text = label + (" *" if required else "")
        caption = QLabel(text)
        caption.setWordWrap(True)  # long labels (and 40% longer Russian ones) wrap at about 24 characters
        widest = caption.fontMetrics().horizontalAdvance("x" * 24)
        caption.setMinimumWidth(min(caption.fontMetrics().horizontalAdvance(text) + 2, widest))
        caption.setMaximumWidth(widest)
        caption.setBuddy(editor)
        if required:
            tip = self.tr("Needed to enter: %1").replace("%1", ", ".join(f"«{s}»" for s in required))
            caption.setToolTip(tip)
            editor.setToolTip(tip)
        self.form.addRow(caption, editor)
        editor.setObjectName(f"field_{key}")
        self._editors[key] = editor
        self._loaded[key] = value
        self._labels[key] = label

    def _line(self, key: str, label: str, value: str, placeholder: str = "") -> None:
        edit = QLineEdit(value)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._on_edited)
        self._add(key, label, edit, value)

    def _text(self, key: str, label: str, value: str) -> None:
        edit = QPlainTextEdit(value)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().height() * 3 + 12)
        edit.textChanged.connect(self._on_edited)
        self._add(key, label, edit, value)

    def _combo(self, key: str, label: str, value: object, items: Sequence[tuple[object, str]]) -> None:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)  # a long address or unit never widens the whole form
        for data, text in items:
            combo.addItem(text, data)
        index = combo.findData(value)
        if index < 0 and value is not None:
            combo.addItem(str(value), value)
            index = combo.count() - 1
        combo.setCurrentIndex(max(0, index))
        combo.currentIndexChanged.connect(self._on_edited)
        self._add(key, label, combo, combo.currentData())

    def _money(self, key: str, label: str, value: Decimal) -> None:
        edit = QLineEdit(format_amount(value))
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0 000 000 000,00") + 24)
        edit.textEdited.connect(self._on_edited)
        self._add(key, label, edit, value)

    def _due(self, value: datetime | None, tz: ZoneInfo) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        check = QCheckBox(self.tr("by"))
        edit = QDateTimeEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        local = value.astimezone(tz) if value else datetime.combine(date.today(), time(18, 0), tz)
        edit.setDateTime(QDateTime(local.date(), QTime(local.hour, local.minute)))
        check.setChecked(value is not None)
        edit.setEnabled(value is not None)
        check.toggled.connect(edit.setEnabled)
        check.toggled.connect(self._on_edited)
        edit.dateTimeChanged.connect(self._on_edited)
        row.addWidget(check)
        row.addWidget(edit)
        row.addStretch(1)
        box.check, box.edit, box.tz = check, edit, tz  # type: ignore[attr-defined]
        self._add("due_at", self.tr("Due"), box, value)

    def _custom(self, field: CustomFieldValue) -> None:
        key = f"custom:{field.key}"
        if field.type == "bool":
            check = QCheckBox()
            check.setChecked(bool(field.value))
            check.toggled.connect(self._on_edited)
            self._add(key, field.label, check, bool(field.value) if field.value is not None else None)
        elif field.type == "choice":
            self._combo(key, field.label, field.value, [(None, NO_VALUE)] + [(c, c) for c in field.choices])
        else:
            shown = "" if field.value is None else str(field.value)
            if field.type == "date" and field.value:
                with contextlib.suppress(ValueError):
                    shown = date.fromisoformat(str(field.value)).strftime("%d.%m.%Y")
            edit = QLineEdit(shown)
            edit.setPlaceholderText({"date": self.tr("dd.mm.yyyy"), "number": self.tr("a number")}.get(field.type, ""))
            edit.textEdited.connect(self._on_edited)
            self._add(key, field.label, edit, field.value)
        self._editors[key].setProperty("field_type", field.type)

    def _on_edited(self, *_: object) -> None:
        if not self._filling:
            self.edited.emit()

    # reading

    def label_of(self, key: str) -> str:
        return self._labels.get(key, key)

    def editor(self, key: str) -> QWidget:
        return self._editors[key]

    def value_of(self, key: str) -> object:
        """What the editor holds now, in the form update_order takes."""
        editor = self._editors[key]
        if key == "due_at":
            if not editor.check.isChecked():
                return None
            qt = editor.edit.dateTime()
            return datetime.combine(qt.date().toPython(), qt.time().toPython(), editor.tz)
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        text = editor.text().strip()
        if key in ("amount", "paid"):
            return text
        return text or None if key.startswith("custom:") else text

    def restore(self, values: dict[str, object]) -> None:
        """Put edits back into their editors (after a re-read), as value_of returned them."""
        self._filling = True
        for key, value in values.items():
            editor = self._editors.get(key)
            if editor is None:
                continue
            if key == "due_at":
                editor.check.setChecked(value is not None)
                if value is not None:
                    local = value.astimezone(editor.tz)
                    editor.edit.setDateTime(QDateTime(local.date(), QTime(local.hour, local.minute)))
            elif isinstance(editor, QComboBox):
                index = editor.findData(value)
                if index >= 0:
                    editor.setCurrentIndex(index)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(str(value or ""))
            else:
                editor.setText("" if value is None else str(value))
        self._filling = False

    def changes(self) -> dict[str, object]:
        """Fields whose value differs from the one loaded."""
        result = {}
        for key in self._editors:
            value, loaded = self.value_of(key), self._loaded[key]
            if not _same(key, value, loaded, self._editors[key]):
                result[key] = value
        return result


def _options(options: Sequence[FieldOption]) -> list[tuple[object, str]]:
    return [(None, NO_VALUE)] + [(o.id, o.label) for o in options]


def _same(key: str, value: object, loaded: object, editor: QWidget) -> bool:
    if key in ("amount", "paid"):
        try:
            return Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")) == loaded
        except InvalidOperation:
            return False
    if key == "due_at":
        if value is None or loaded is None:
            return value is loaded
        return abs((value - loaded).total_seconds()) < 60
    if isinstance(editor, QCheckBox):
        return bool(value) == bool(loaded)
    if key.startswith("custom:") and editor.property("field_type") == "date" and value and loaded:
        try:
            return datetime.strptime(str(value), "%d.%m.%Y").date().isoformat() == str(loaded)
        except ValueError:
            return False
    if key.startswith("custom:") and editor.property("field_type") == "number" and value and loaded is not None:
        try:
            return Decimal(str(value).replace(",", ".")) == Decimal(str(loaded))
        except InvalidOperation:
            return False
    if isinstance(value, str) and (loaded is None or isinstance(loaded, str)):
        return value.strip() == (loaded or "").strip()
    return value == loaded


class CommentBox(QWidget):
    """Typing an internal comment: Ctrl+Enter adds it; "Private" hides it from technicians and accountants."""

    comment_submitted = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(self.tr("Internal comment for colleagues (Ctrl+Enter adds it)"))
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().height() * 3 + 12)
        self.private_check = QCheckBox(self.tr("Private"))
        self.private_check.setToolTip(self.tr("Technicians and accountants will not see this comment"))
        self.add_button = QPushButton(self.tr("Add comment"))
        self.add_button.setToolTip(self.tr("Add the comment to the order's timeline (Ctrl+Enter)"))
        self.add_button.clicked.connect(self.submit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.edit, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.submit)
        self.error_label = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.private_check)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def set_private_allowed(self, allowed: bool) -> None:
        self.private_check.setVisible(allowed)
        if not allowed:
            self.private_check.setChecked(False)

    def submit(self) -> None:
        text = self.edit.toPlainText().strip()
        if not text:
            self.show_error(self.tr("Type the comment first."))
            return
        self.error_label.hide()
        self.comment_submitted.emit(text, self.private_check.isChecked())

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def clear(self) -> None:
        self.edit.clear()
        self.private_check.setChecked(False)
        self.error_label.hide()


def read_and_attach(db: Database, order_id: int, kind: str, path: str, *, user_id: int | None) -> int:
    """Read a file from disk and attach it (runs in the background)."""
    file = Path(path)
    mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return add_attachment(db, order_id, kind, file.name, mime, file.read_bytes(), user_id=user_id)


class FilesSection(QWidget):
    """The order's files: the list (Enter opens one), the kind to attach as, and "Attach file…"."""

    files_changed = Signal()

    def __init__(self, db: Database, user_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.card: OrderCardData | None = None
        self.last_opened_file: Path | None = None
        self.model = AttachmentsTableModel(self)
        self.view = CompactTableView()
        self.view.setModel(self.model)
        self.view.activated.connect(lambda index: self.open_attachment(self.model.row_at(index.row()).id))
        self.view.setToolTip(self.tr("Enter or a double-click opens the file"))
        self.kind_combo = QComboBox()
        self.kind_combo.setToolTip(self.tr("What the file is: stage gates look for photos, acts and documents"))
        self.attach_button = QPushButton(self.tr("Attach file…"))
        self.attach_button.setToolTip(self.tr("Attach a photo, an act or a scan (up to %1 MB)")
                                      .replace("%1", str(MAX_ATTACHMENT_BYTES // 1024 // 1024)))
        self.attach_button.clicked.connect(self.on_attach_button_clicked)
        self.error_label = error_label()
        row = QHBoxLayout()
        row.addWidget(self.kind_combo)
        row.addWidget(self.attach_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(row)

    def set_card(self, card: OrderCardData) -> None:
        self.card = card
        kind = self.kind_combo.currentData()
        self.kind_combo.clear()
        for code in card.attachment_kinds:
            self.kind_combo.addItem(order_label(GATE_SUBJECTS, code), code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))

    def on_attach_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Attach a file to the order"))
        if path:
            self.attach_file(path, self.kind_combo.currentData() or "file")

    def attach_file(self, path: str, kind: str) -> None:
        """Attach a file from disk as ``kind``; a file over the limit is refused before it is read."""
        self.error_label.hide()
        try:
            size = Path(path).stat().st_size
        except OSError as exc:
            self.show_error(self.tr("The file cannot be read: %1").replace("%1", str(exc)))
            return
        if size > MAX_ATTACHMENT_BYTES:
            self.show_error(self.tr("“%1” is %2 MB; attachments are limited to %3 MB. Reduce the photo or scan it "
                                    "at a lower resolution.").replace("%1", Path(path).name)
                            .replace("%2", f"{size / 1024 / 1024:.1f}")
                            .replace("%3", str(MAX_ATTACHMENT_BYTES // 1024 // 1024)))
            return
        run_in_background(partial(read_and_attach, user_id=self.user_id), self.db, self.card.id, kind, path,
                          on_done=lambda _id: self.files_changed.emit(), on_error=lambda exc: self.show_error(str(exc)))

    def open_attachment(self, attachment_id: int) -> None:
        """Read the file's content and open it with the system's viewer (from a private temporary folder)."""
        row = next((a for a in self.card.attachments if a.id == attachment_id), None) if self.card else None
        if row is not None:
            run_in_background(attachment_content, self.db, attachment_id,
                              on_done=partial(self._on_content_read, row.filename),
                              on_error=lambda exc: self.show_error(str(exc)))

    def _on_content_read(self, filename: str, content: bytes) -> None:
        path = Path(tempfile.mkdtemp(prefix="fielddesk-")) / (Path(filename).name or "attachment")
        path.write_bytes(content)
        self.last_opened_file = path
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
