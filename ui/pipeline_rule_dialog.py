"""The automation rule dialog of the pipeline editor, and rules put into words for its list.

A rule's settings are what the form says; they are validated when saved (``models.pipeline_admin.validate_rule``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.company import GROUP_ROLES
from models.pipeline_admin import RuleInfo, StageInfo, UserChoice

CONTEXT = "PipelineSettings"  # the pipeline editor's translation context, shared by its rule texts
RULE_LABELS = {"create_task": QT_TRANSLATE_NOOP("PipelineSettings", "On entering, create a task"),
               "move_on_task_done": QT_TRANSLATE_NOOP("PipelineSettings", "When the task is done, move on"),
               "remind_documents": QT_TRANSLATE_NOOP("PipelineSettings", "Ask for documents, remind every N days")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def owner_text(owner: str, users: dict[int, str]) -> str:
    if owner == "order_owner":
        return QCoreApplication.translate("PipelineSettings", "the order's owner")
    kind, _, rest = owner.partition(":")
    if kind == "role":
        return QCoreApplication.translate("PipelineSettings", "a %1").replace("%1", rest.replace("_", " "))
    return users.get(int(rest), owner) if rest.isdigit() else owner


def rule_text(rule: RuleInfo, stages: dict[int, str], users: dict[int, str]) -> str:
    """A rule in words: "Create «Замер» for the order's owner, due in 4 h"."""
    p = rule.params
    if rule.kind == "create_task":
        text = (QCoreApplication.translate("PipelineSettings", "Create task «%1» for %2, due in %3 h")
                .replace("%1", str(p.get("title", ""))))
        text = text.replace("%2", owner_text(str(p.get("owner", "")), users))
        text = text.replace("%3", f"{p.get('due_hours', 0):g}")
    elif rule.kind == "move_on_task_done":
        text = (QCoreApplication.translate("PipelineSettings", "When its task is done, move to «%1»")
                .replace("%1", stages.get(p.get("to_stage_id"), "?")))
    else:
        text = (QCoreApplication.translate("PipelineSettings", "Ask %1 for %2, remind every %3 d")
                .replace("%1", owner_text(str(p.get("owner", "")), users)))
        text = text.replace("%2", ", ".join(p.get("documents", []))).replace("%3", str(p.get("every_days", "")))
    return text if rule.active else QCoreApplication.translate("PipelineSettings", "%1 (off)").replace("%1", text)


class RuleDialog(QDialog):
    """Add or edit one automation rule; ``params()`` are what the form says (validated when saved)."""

    def __init__(self, stage: StageInfo, stages: list[StageInfo], users: list[UserChoice],
                 rule: RuleInfo | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Automation of «%1»").replace("%1", stage.name))
        self.rule = rule
        self.kind_combo = QComboBox()
        for kind, text in RULE_LABELS.items():
            self.kind_combo.addItem(_tr(text), kind)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("e.g. Confirm the survey time"))
        self.owner_combo = QComboBox()
        self.owner_combo.addItem(self.tr("The order's owner"), "order_owner")
        for role in GROUP_ROLES:
            self.owner_combo.addItem(self.tr("Any %1").replace("%1", role.replace("_", " ")), f"role:{role}")
        for user in users:
            if user.active:
                self.owner_combo.addItem(user.full_name, f"user:{user.id}")
        self.due_spin = QDoubleSpinBox()
        self.due_spin.setRange(0, 24 * 90)
        self.due_spin.setDecimals(1)
        self.due_spin.setSuffix(self.tr(" h"))
        self.due_spin.setValue(24)
        self.stage_combo = QComboBox()
        for other in stages:
            if other.id != stage.id:
                self.stage_combo.addItem(other.name, other.id)
        self.documents_edit = QLineEdit()
        self.documents_edit.setPlaceholderText("completion_act, claim_act")
        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, 365)
        self.every_spin.setSuffix(self.tr(" d"))
        self.active_check = QCheckBox(self.tr("Active"))
        self.active_check.setChecked(True)
        self.form = QFormLayout()
        self.form.addRow(self.tr("Kind:"), self.kind_combo)
        for label, widget in ((self.tr("Task title:"), self.title_edit), (self.tr("Owner:"), self.owner_combo),
                              (self.tr("Due in:"), self.due_spin), (self.tr("Move to:"), self.stage_combo),
                              (self.tr("Documents:"), self.documents_edit), (self.tr("Remind every:"), self.every_spin),
                              ("", self.active_check)):
            self.form.addRow(label, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 70)
        self.kind_combo.currentIndexChanged.connect(self.on_kind_combo_current_index_changed)
        if rule is not None:
            self._fill(rule)
        self.on_kind_combo_current_index_changed()

    def _fill(self, rule: RuleInfo) -> None:
        p = rule.params
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(rule.kind))
        self.kind_combo.setEnabled(False)  # a rule keeps its kind; add another for a different one
        self.title_edit.setText(str(p.get("title", "")))
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(p.get("owner", "order_owner"))))
        self.due_spin.setValue(float(p.get("due_hours", 0)))
        self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(p.get("to_stage_id"))))
        self.documents_edit.setText(", ".join(p.get("documents", [])))
        self.every_spin.setValue(int(p.get("every_days", 1)))
        self.active_check.setChecked(rule.active)

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def on_kind_combo_current_index_changed(self, *_: object) -> None:
        shown = {"create_task": (self.title_edit, self.owner_combo, self.due_spin),
                 "move_on_task_done": (self.stage_combo,),
                 "remind_documents": (self.title_edit, self.owner_combo, self.documents_edit, self.every_spin)}
        for widget in (self.title_edit, self.owner_combo, self.due_spin, self.stage_combo, self.documents_edit,
                       self.every_spin):
            self.form.setRowVisible(widget, widget in shown[self.kind()])

    def params(self) -> dict[str, Any]:
        due = self.due_spin.value()
        documents = [d.strip() for d in self.documents_edit.text().replace(";", ",").split(",")]
        values = {"title": self.title_edit.text().strip(), "owner": self.owner_combo.currentData(),
                  "due_hours": int(due) if due == int(due) else due, "to_stage_id": self.stage_combo.currentData(),
                  "documents": [d for d in documents if d], "every_days": self.every_spin.value()}
        keys = {"create_task": ("title", "owner", "due_hours"), "move_on_task_done": ("to_stage_id",),
                "remind_documents": ("documents", "every_days", "owner", "title")}[self.kind()]
        return {key: values[key] for key in keys if values[key] not in ("", None)}
