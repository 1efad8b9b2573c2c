"""Pipelines in Settings: the pipelines, their stages in order (colour, kind, SLA), and the selected stage's gate
rules and automation. Only a manager or an administrator may change them; others see them read-only.

Every change is saved at once in the background and the whole editor re-reads what was stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models import pipeline_admin as admin
from models.company import GROUP_ROLES
from models.custom_fields import CustomFieldInfo, list_custom_fields
from models.database import Database
from models.pipeline_admin import PipelineInfo, RuleInfo, StageInfo, UserChoice
from models.users import UserRef
from ui.pages import section_title
from ui.pipeline_rule_dialog import RuleDialog, rule_text
from ui.status_palette import RED
from ui.tasks import run_in_background

CONTEXT = "PipelineSettings"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_LABELS = {"open": QT_TRANSLATE_NOOP("PipelineSettings", "open"),
               "won": QT_TRANSLATE_NOOP("PipelineSettings", "closed as won"),
               "lost": QT_TRANSLATE_NOOP("PipelineSettings", "closed as lost")}
FIELD_LABELS = {"client_id": QT_TRANSLATE_NOOP("PipelineSettings", "Client"),
                "site_id": QT_TRANSLATE_NOOP("PipelineSettings", "Site"),
                "equipment_id": QT_TRANSLATE_NOOP("PipelineSettings", "Equipment"),
                "owner_id": QT_TRANSLATE_NOOP("PipelineSettings", "Owner"),
                "scenario": QT_TRANSLATE_NOOP("PipelineSettings", "Scenario"),
                "description": QT_TRANSLATE_NOOP("PipelineSettings", "Description"),
                "amount": QT_TRANSLATE_NOOP("PipelineSettings", "Amount"),
                "due_at": QT_TRANSLATE_NOOP("PipelineSettings", "Due date")}
KIND_NAMES = {"photo": QT_TRANSLATE_NOOP("PipelineSettings", "Photos"),
              "act": QT_TRANSLATE_NOOP("PipelineSettings", "Signed act"),
              "claim": QT_TRANSLATE_NOOP("PipelineSettings", "Claim"),
              "scan": QT_TRANSLATE_NOOP("PipelineSettings", "Scan"),
              "completion_act": QT_TRANSLATE_NOOP("PipelineSettings", "Completion act"),
              "claim_act": QT_TRANSLATE_NOOP("PipelineSettings", "Manufacturer's claim act"),
              "commissioning_act": QT_TRANSLATE_NOOP("PipelineSettings", "Commissioning act"),
              "contract": QT_TRANSLATE_NOOP("PipelineSettings", "Contract"),
              "invoice": QT_TRANSLATE_NOOP("PipelineSettings", "Invoice")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class SettingsData:
    """Everything the editor shows, read in one background call."""

    pipelines: list[PipelineInfo]
    fields: dict[int, list[CustomFieldInfo]] = field(default_factory=dict)
    users: list[UserChoice] = field(default_factory=list)


def read_settings(db: Database) -> SettingsData:
    pipelines = admin.list_pipelines(db)
    return SettingsData(pipelines, {p.id: list_custom_fields(db, p.id) for p in pipelines}, admin.list_users(db))


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class StageList(QListWidget):
    """The stages in order; a drag reorders them and ``order_changed`` carries the new order of ids."""

    order_changed = Signal(list)
    move_requested = Signal(int)  # Alt+Up (-1) or Alt+Down (+1) on the selected stage

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked)

    def ids(self) -> list[int]:
        return [self.item(i).data(ID_ROLE) for i in range(self.count())]

    def keyPressEvent(self, event) -> None:
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
        if step is not None and event.modifiers() == Qt.KeyboardModifier.AltModifier:
            self.move_requested.emit(step)
            event.accept()
            return
        super().keyPressEvent(event)

    def dropEvent(self, event) -> None:
        before = self.ids()
        super().dropEvent(event)
        after = self.ids()
        if after != before:
            self.order_changed.emit(after)


def moved_stage(before: list[int], after: list[int]) -> tuple[int, int] | None:
    """The one stage a drag moved and where to: (stage id, new position), or None."""
    for stage_id in before:
        if [s for s in before if s != stage_id] == [s for s in after if s != stage_id] and \
                before.index(stage_id) != after.index(stage_id):
            return stage_id, after.index(stage_id)
    return None


class PipelineSettings(QWidget):
    """The pipeline editor; ``ensure_loaded`` reads it the first time it is shown."""

    status_message_requested = Signal(str)
    changed = Signal()  # something was saved: boards and lists may re-read their pipelines

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.role = user.role if user else ""
        self.editable = admin.can_edit(self.role)
        self.data = SettingsData([])
        self.loaded = False
        self.color_picker = lambda initial: QColorDialog.getColor(initial, self, self.tr("Stage colour"))
        self.rule_dialog: RuleDialog | None = None
        self._filling = False
        self._build()
        self._set_editable()

    # building

    def _button(self, text: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        self.notice_label = QLabel(self.tr("Only a manager or an administrator can change pipelines; you can look "
                                           "at them here."))
        self.notice_label.setObjectName("secondaryText")
        self.notice_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {RED};")
        self.error_label.hide()

        self.pipeline_list = QListWidget()
        self.pipeline_list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                           | QAbstractItemView.EditTrigger.DoubleClicked)
        self.pipeline_list.setToolTip(self.tr("F2 or a double-click renames the pipeline"))
        self.pipeline_list.currentItemChanged.connect(self.on_pipeline_list_current_item_changed)
        self.pipeline_list.itemChanged.connect(self.on_pipeline_list_item_changed)
        self.pipeline_name_edit = QLineEdit()
        self.pipeline_name_edit.setPlaceholderText(self.tr("New pipeline name"))
        self.pipeline_code_edit = QLineEdit()
        self.pipeline_code_edit.setPlaceholderText(self.tr("code, e.g. furniture"))
        self.add_pipeline_button = self._button(self.tr("Add pipeline"), self.add_pipeline)
        self.pipeline_code_edit.returnPressed.connect(self.add_pipeline)
        self.archive_button = self._button(self.tr("Archive"), self.toggle_archived,
                                           self.tr("Hide the pipeline from new orders and boards; its orders stay"))

        self.stage_list = StageList()
        self.stage_list.currentItemChanged.connect(self.on_stage_list_current_item_changed)
        self.stage_list.itemChanged.connect(self.on_stage_list_item_changed)
        self.stage_list.order_changed.connect(self.on_stage_list_order_changed)
        self.stage_list.move_requested.connect(self.move_selected_stage)
        self.stage_hint = QLabel(self.tr("Drag or Alt+Up/Down to reorder; F2 renames."))
        self.stage_hint.setObjectName("secondaryText")
        for view in (self.pipeline_list, self.stage_list):
            view.setSpacing(2)
        self.stage_name_edit = QLineEdit()
        self.stage_name_edit.setPlaceholderText(self.tr("New stage name"))
        self.stage_name_edit.returnPressed.connect(self.add_stage)
        self.add_stage_button = self._button(self.tr("Add stage"), self.add_stage,
                                             self.tr("Add after the selected stage"))
        self.delete_stage_button = self._button(self.tr("Delete stage"), self.delete_stage)
        self.color_button = self._button("", self.choose_color, self.tr("Choose the stage's colour"))
        self.kind_combo = QComboBox()
        for kind, text in KIND_LABELS.items():
            self.kind_combo.addItem(_tr(text), kind)
        self.kind_combo.activated.connect(self.on_kind_combo_activated)
        self.sla_spin = QSpinBox()
        self.sla_spin.setRange(0, admin.MAX_SLA_HOURS)
        self.sla_spin.setSpecialValueText(self.tr("no limit"))
        self.sla_spin.setSuffix(self.tr(" h"))
        self.sla_spin.setToolTip(self.tr("How long an order may stay before it shows as overdue"))
        self.sla_spin.editingFinished.connect(self.on_sla_spin_editing_finished)

        self.gate_box = QGroupBox(self.tr("Before an order may enter"))
        self.gate_layout = QVBoxLayout(self.gate_box)
        self.gate_checks: dict[tuple[str, str], QCheckBox] = {}
        self.rule_list = QListWidget()
        self.rule_list.itemDoubleClicked.connect(self.edit_rule)
        self.add_rule_button = self._button(self.tr("Add…"), self.add_rule)
        self.edit_rule_button = self._button(self.tr("Edit…"), self.edit_rule)
        self.delete_rule_button = self._button(self.tr("Delete"), self.delete_rule)
        self._layout()

    @staticmethod
    def _row(*widgets: QWidget, stretch: bool = False) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        if stretch:
            row.addStretch(1)
        return row

    def _layout(self) -> None:
        pipelines = QVBoxLayout()
        pipelines.addWidget(section_title(self.tr("Pipelines")))
        pipelines.addWidget(self.pipeline_list, 1)
        pipelines.addWidget(self.pipeline_name_edit)
        pipelines.addWidget(self.pipeline_code_edit)
        pipelines.addLayout(self._row(self.add_pipeline_button, self.archive_button))

        stages = QVBoxLayout()
        stages.addWidget(section_title(self.tr("Stages")))
        stages.addWidget(self.stage_list, 1)
        stages.addWidget(self.stage_hint)
        stages.addLayout(self._row(self.stage_name_edit, self.add_stage_button))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Colour:"), self.color_button)
        form.addRow(self.tr("Kind:"), self.kind_combo)
        form.addRow(self.tr("Time limit:"), self.sla_spin)
        stages.addLayout(form)
        stages.addWidget(self.delete_stage_button, 0, Qt.AlignmentFlag.AlignLeft)

        stage = QVBoxLayout()
        stage.addWidget(self.gate_box)
        automation = QGroupBox(self.tr("Automation"))
        column = QVBoxLayout(automation)
        column.addWidget(self.rule_list, 1)
        column.addLayout(self._row(self.add_rule_button, self.edit_rule_button, self.delete_rule_button, stretch=True))
        stage.addWidget(automation, 1)

        columns = QHBoxLayout()
        columns.addLayout(pipelines, 2)
        columns.addLayout(stages, 3)
        columns.addLayout(stage, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.error_label)
        layout.addLayout(columns, 1)

    def _set_editable(self) -> None:
        self.notice_label.setVisible(not self.editable)
        for widget in (self.pipeline_name_edit, self.pipeline_code_edit, self.add_pipeline_button,
                       self.archive_button, self.stage_name_edit, self.add_stage_button, self.delete_stage_button,
                       self.color_button, self.kind_combo, self.sla_spin, self.add_rule_button,
                       self.edit_rule_button, self.delete_rule_button):
            widget.setEnabled(self.editable)
        self.stage_hint.setVisible(self.editable)
        if not self.editable:
            for view in (self.pipeline_list, self.stage_list):
                view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.stage_list.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)

    # loading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.reload()

    def on_data_changed(self, tables: Any, _deleted: Any = None) -> None:
        """Another desk changed pipelines: re-read them."""
        if self.loaded and {"pipelines", "stages", "stage_rules", "custom_field_defs"}.intersection(tables):
            self.reload()

    def reload(self) -> None:
        run_in_background(read_settings, self.db, on_done=self._on_read, on_error=self._show_error)

    def _on_read(self, data: SettingsData) -> None:
        pipeline_id, stage_id = self.current_pipeline_id(), self.current_stage_id()
        self.data = data
        self._filling = True
        self.pipeline_list.clear()
        for p in data.pipelines:
            text = p.name if not p.archived else self.tr("%1 (archived)").replace("%1", p.name)
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, p.id)
            item.setToolTip(self.tr("Code: %1").replace("%1", p.code))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if p.archived:
                item.setForeground(QColor("#6b7280"))
            self.pipeline_list.addItem(item)
        self._filling = False
        ids = [p.id for p in data.pipelines]
        self.pipeline_list.setCurrentRow(ids.index(pipeline_id) if pipeline_id in ids else 0 if ids else -1)
        self._show_pipeline(stage_id)

    def _show_error(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, ValueError | PermissionError) else \
            self.tr("Pipelines could not be read or saved: %1").replace("%1", str(exc))
        self.error_label.setText(message)
        self.error_label.show()
        self.status_message_requested.emit(message)

    def _on_failed(self, exc: BaseException) -> None:
        self._show_error(exc)
        self.reload()  # show what is really stored

    def _save(self, fn, *args: Any, **kwargs: Any) -> None:
        """Run one edit in the background, then re-read everything."""
        self.error_label.hide()
        run_in_background(partial(fn, role=self.role, **kwargs), self.db, *args,
                          on_done=self._on_saved, on_error=self._on_failed)

    def _save_later(self, fn, *args: Any) -> None:
        """Save once the current signal has been handled: the lists are rebuilt after a save, and an item
        must not be deleted inside its own change notification or a drag."""
        QTimer.singleShot(0, self, partial(self._save, fn, *args))

    def _on_saved(self, _result: object) -> None:
        self.changed.emit()
        self.reload()

    # current selection

    def current_pipeline(self) -> PipelineInfo | None:
        pipeline_id = self.current_pipeline_id()
        return next((p for p in self.data.pipelines if p.id == pipeline_id), None)

    def current_pipeline_id(self) -> int | None:
        item = self.pipeline_list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def current_stage(self) -> StageInfo | None:
        pipeline, stage_id = self.current_pipeline(), self.current_stage_id()
        return next((s for s in pipeline.stages if s.id == stage_id), None) if pipeline else None

    def current_stage_id(self) -> int | None:
        item = self.stage_list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def on_pipeline_list_current_item_changed(self, *_: object) -> None:
        if not self._filling:
            self._show_pipeline(None)

    def _show_pipeline(self, stage_id: int | None) -> None:
        pipeline = self.current_pipeline()
        self.archive_button.setText(self.tr("Restore") if pipeline and pipeline.archived else self.tr("Archive"))
        self._filling = True
        self.stage_list.clear()
        for s in pipeline.stages if pipeline else ():
            item = QListWidgetItem(swatch(s.color), s.name)
            item.setData(ID_ROLE, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            limit = self.tr("%1 h").replace("%1", str(s.sla_hours)) if s.sla_hours else self.tr("no limit")
            item.setToolTip(f"{_tr(KIND_LABELS[s.kind])} · {limit}")
            self.stage_list.addItem(item)
        self._filling = False
        ids = [s.id for s in pipeline.stages] if pipeline else []
        self.stage_list.setCurrentRow(ids.index(stage_id) if stage_id in ids else 0 if ids else -1)
        self._show_stage()

    def on_stage_list_current_item_changed(self, *_: object) -> None:
        if not self._filling:
            self._show_stage()

    def _show_stage(self) -> None:
        stage = self.current_stage()
        self._filling = True
        for widget in (self.color_button, self.kind_combo, self.sla_spin, self.delete_stage_button,
                       self.gate_box, self.add_rule_button, self.edit_rule_button, self.delete_rule_button):
            widget.setEnabled(stage is not None and (self.editable or widget is self.gate_box))
        if stage is not None:
            self.color_button.setIcon(swatch(stage.color))
            self.color_button.setText(stage.color)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(stage.kind))
            self.sla_spin.setValue(stage.sla_hours or 0)
            self.gate_box.setTitle(self.tr("Before an order may enter «%1»").replace("%1", stage.name))
        self._fill_gate(stage)
        self._fill_rules(stage)
        self._filling = False

    def _fill_gate(self, stage: StageInfo | None) -> None:
        while self.gate_layout.count():
            child = self.gate_layout.takeAt(0)
            if child.widget() is not None:
                child.widget().deleteLater()
        self.gate_checks = {}
        if stage is None:
            return
        rules = stage.gate_rules
        custom = self.data.fields.get(stage.pipeline_id, [])
        groups = (
            ("required_fields", self.tr("Filled in:"),
             [(f, _tr(FIELD_LABELS[f])) for f in admin.ORDER_FIELDS] +
             [(f"custom:{c.key}", c.label) for c in custom] +
             [(f, f.removeprefix("custom:")) for f in rules.get("required_fields", [])
              if f not in admin.ORDER_FIELDS and f.removeprefix("custom:") not in {c.key for c in custom}]),
            ("required_attachments", self.tr("Attached:"),
             [(k, _tr(KIND_NAMES.get(k, k))) for k in dict.fromkeys((*admin.ATTACHMENT_KINDS,
                                                                      *rules.get("required_attachments", [])))]),
            ("required_documents", self.tr("Documents:"),
             [(k, _tr(KIND_NAMES.get(k, k))) for k in dict.fromkeys((*admin.DOCUMENT_KINDS,
                                                                      *rules.get("required_documents", [])))]),
            ("roles", self.tr("Only these roles may move here:"), [(r, r.replace("_", " ")) for r in GROUP_ROLES]),
        )
        for key, caption, choices in groups:
            self.gate_layout.addWidget(QLabel(caption))
            grid = QWidget()
            cells = QGridLayout(grid)
            cells.setContentsMargins(12, 0, 0, 4)
            per_row = 2 if key == "required_documents" else 3  # document names are long
            for n, (value, text) in enumerate(choices):
                check = self._gate_check(text, value in rules.get(key, []), (key, value))
                cells.addWidget(check, n // per_row, n % per_row)
            self.gate_layout.addWidget(grid)
        paid = self._gate_check(self.tr("Fully paid"), bool(rules.get("fully_paid")), ("fully_paid", ""))
        self.gate_layout.addWidget(paid)

    def _gate_check(self, text: str, checked: bool, key: tuple[str, str]) -> QCheckBox:
        check = QCheckBox(text)
        check.setToolTip(text)  # a long custom field label may be cut in its cell
        check.setChecked(checked)
        check.setEnabled(self.editable)
        check.clicked.connect(self.on_gate_check_clicked)
        self.gate_checks[key] = check
        return check

    def gate_rules(self) -> dict[str, Any]:
        """The gate rules the checkboxes describe."""
        rules: dict[str, Any] = {"fully_paid": self.gate_checks[("fully_paid", "")].isChecked()}
        for (key, value), check in self.gate_checks.items():
            if key != "fully_paid" and check.isChecked():
                rules.setdefault(key, []).append(value)
        return rules

    def _fill_rules(self, stage: StageInfo | None) -> None:
        self.rule_list.clear()
        pipeline = self.current_pipeline()
        names = {s.id: s.name for s in pipeline.stages} if pipeline else {}
        users = {u.id: u.full_name for u in self.data.users}
        for rule in stage.rules if stage else ():
            item = QListWidgetItem(rule_text(rule, names, users))
            item.setData(ID_ROLE, rule.id)
            self.rule_list.addItem(item)
        if stage is not None and not stage.rules:
            self.rule_list.addItem(QListWidgetItem(self.tr("No automation: add a rule to create tasks or move on.")
                                                   if self.editable else self.tr("No automation.")))
            self.rule_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    # edits

    def add_pipeline(self) -> None:
        self._save(admin.add_pipeline, self.pipeline_name_edit.text(), self.pipeline_code_edit.text())
        self.pipeline_name_edit.clear()
        self.pipeline_code_edit.clear()

    def on_pipeline_list_item_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self._save_later(admin.rename_pipeline, item.data(ID_ROLE), item.text())

    def toggle_archived(self) -> None:
        pipeline = self.current_pipeline()
        if pipeline is not None:
            self._save(admin.archive_pipeline, pipeline.id, not pipeline.archived)

    def add_stage(self) -> None:
        pipeline = self.current_pipeline()
        if pipeline is not None:
            self._save(admin.add_stage, pipeline.id, self.stage_name_edit.text(),
                       after_stage_id=self.current_stage_id())
            self.stage_name_edit.clear()

    def on_stage_list_item_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self._save_later(admin.rename_stage, item.data(ID_ROLE), item.text())

    def on_stage_list_order_changed(self, order: list[int]) -> None:
        pipeline = self.current_pipeline()
        move = moved_stage([s.id for s in pipeline.stages], order) if pipeline else None
        if move is not None:
            self._save_later(admin.move_stage, *move)

    def move_selected_stage(self, step: int) -> None:
        row = self.stage_list.currentRow()
        if self.editable and row >= 0 and 0 <= row + step < self.stage_list.count():
            self._save(admin.move_stage, self.current_stage_id(), row + step)

    def delete_stage(self) -> None:
        if self.current_stage_id() is not None:
            self._save(admin.delete_stage, self.current_stage_id())

    def choose_color(self) -> None:
        stage = self.current_stage()
        if stage is None:
            return
        color = self.color_picker(QColor(stage.color))
        if color is not None and color.isValid():
            self._save(admin.set_stage_color, stage.id, color.name())

    def on_kind_combo_activated(self, _index: int) -> None:
        if self.current_stage_id() is not None:
            self._save(admin.set_stage_kind, self.current_stage_id(), self.kind_combo.currentData())

    def on_sla_spin_editing_finished(self) -> None:
        stage = self.current_stage()
        value = self.sla_spin.value() or None
        if stage is not None and not self._filling and value != stage.sla_hours:
            self._save(admin.set_stage_sla, stage.id, value)

    def on_gate_check_clicked(self, _checked: bool) -> None:
        if self.current_stage_id() is not None:
            self._save(admin.set_gate_rules, self.current_stage_id(), self.gate_rules())

    def _open_rule_dialog(self, rule: RuleInfo | None) -> None:
        stage, pipeline = self.current_stage(), self.current_pipeline()
        if stage is None or pipeline is None:
            return
        self.rule_dialog = RuleDialog(stage, list(pipeline.stages), self.data.users, rule, self)
        self.rule_dialog.accepted.connect(partial(self.on_rule_dialog_accepted, self.rule_dialog, stage.id))
        self.rule_dialog.open()

    def add_rule(self) -> None:
        self._open_rule_dialog(None)

    def current_rule(self) -> RuleInfo | None:
        stage, item = self.current_stage(), self.rule_list.currentItem()
        rule_id = item.data(ID_ROLE) if item is not None else None
        return next((r for r in stage.rules if r.id == rule_id), None) if stage else None

    def edit_rule(self, *_: object) -> None:
        rule = self.current_rule()
        if rule is not None and self.editable:
            self._open_rule_dialog(rule)

    def on_rule_dialog_accepted(self, dialog: RuleDialog, stage_id: int) -> None:
        active = dialog.active_check.isChecked()
        if dialog.rule is None:
            self._save(admin.add_rule, stage_id, dialog.kind(), dialog.params(), active=active)
        else:
            self._save(admin.update_rule, dialog.rule.id, params=dialog.params(), active=active)

    def delete_rule(self) -> None:
        rule = self.current_rule()
        if rule is not None:
            self._save(admin.delete_rule, rule.id)
