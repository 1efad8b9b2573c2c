"""The pipeline editor in Settings: stages in order, colour, kind, SLA, gate rules, automation, roles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from models.database import Database
from models.pipeline_admin import add_pipeline, add_rule, add_stage, list_pipelines, set_gate_rules
from models.pipelines import Stage
from models.users import UserRef
from tests.factories import add_client, add_order
from tests.ui.keys import type_text
from ui.pipeline_settings import PipelineSettings, moved_stage

ADMIN = UserRef(1, "admin", "Администратор", "admin", None)
DISPATCHER = UserRef(2, "disp", "Диспетчер", "dispatcher", None)


@pytest.fixture
def furniture(db: Database) -> tuple[int, list[int]]:
    pipeline_id = add_pipeline(db, "Мебель на заказ", "furniture_s", role="admin")
    stages = [add_stage(db, pipeline_id, name, color=color, sla_hours=sla, role="admin")
              for name, color, sla in (("Заявка", "#90a4ae", 4), ("Замер", "#42a5f5", 48),
                                       ("Договор", "#7e57c2", None))]
    set_gate_rules(db, stages[1], {"required_fields": ["site_id"], "roles": ["service_head"]}, role="admin")
    add_rule(db, stages[1], "create_task", {"title": "Подтвердить замер", "owner": "order_owner", "due_hours": 4},
             role="admin")
    return pipeline_id, stages


def _stored(db: Database, pipeline_id: int):
    return next(p for p in list_pipelines(db) if p.id == pipeline_id)


def _editor(qtbot, db: Database, user: UserRef = ADMIN) -> PipelineSettings:
    widget = PipelineSettings(db, user)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _stage_names(widget: PipelineSettings) -> list[str]:
    return [widget.stage_list.item(i).text() for i in range(widget.stage_list.count())]


def _select_stage(widget: PipelineSettings, name: str) -> None:
    widget.stage_list.setCurrentRow(_stage_names(widget).index(name))


def test_shows_stages_gate_and_automation(qtbot, db: Database, furniture) -> None:
    widget = _editor(qtbot, db)
    assert widget.pipeline_list.currentItem().text() == "Мебель на заказ"
    assert _stage_names(widget) == ["Заявка", "Замер", "Договор"]
    _select_stage(widget, "Замер")
    assert widget.gate_checks[("required_fields", "site_id")].isChecked()
    assert not widget.gate_checks[("required_fields", "amount")].isChecked()
    assert widget.gate_checks[("roles", "service_head")].isChecked()
    assert widget.sla_spin.value() == 48 and widget.color_button.text() == "#42a5f5"
    assert widget.rule_list.item(0).text() == "Create task «Подтвердить замер» for the order's owner, due in 4 h"
    assert not widget.notice_label.isVisible()


def test_add_a_stage_after_the_selected_one(qtbot, db: Database, furniture) -> None:
    pipeline_id, _ = furniture
    widget = _editor(qtbot, db)
    _select_stage(widget, "Замер")
    widget.stage_name_edit.setFocus()
    type_text(widget.stage_name_edit, "КП")
    QTest.keyClick(widget.stage_name_edit, Qt.Key.Key_Return)
    assert [s.name for s in _stored(db, pipeline_id).stages] == ["Заявка", "Замер", "КП", "Договор"]
    assert _stage_names(widget) == ["Заявка", "Замер", "КП", "Договор"]


def test_alt_arrows_and_drag_reorder_stages(qtbot, db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    widget = _editor(qtbot, db)
    _select_stage(widget, "Заявка")
    widget.stage_list.setFocus()
    QTest.keyClick(widget.stage_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [s.name for s in _stored(db, pipeline_id).stages] == ["Замер", "Заявка", "Договор"]
    assert widget.current_stage_id() == stages[0]  # the moved stage stays selected
    widget.stage_list.order_changed.emit([stages[2], stages[1], stages[0]])  # what a drop of «Договор» on top says
    qtbot.waitUntil(lambda: _stage_names(widget) == ["Договор", "Замер", "Заявка"])
    assert [s.position for s in _stored(db, pipeline_id).stages] == [0, 1, 2]


def test_colour_kind_and_sla(qtbot, db: Database, furniture) -> None:
    pipeline_id, _ = furniture
    widget = _editor(qtbot, db)
    _select_stage(widget, "Договор")
    widget.color_picker = lambda initial: QColor("#e53935")
    QTest.mouseClick(widget.color_button, Qt.MouseButton.LeftButton)
    widget.kind_combo.setCurrentIndex(widget.kind_combo.findData("won"))
    widget.kind_combo.activated.emit(widget.kind_combo.currentIndex())
    widget.sla_spin.setValue(72)
    widget.sla_spin.editingFinished.emit()
    stage = _stored(db, pipeline_id).stages[2]
    assert (stage.color, stage.kind, stage.sla_hours) == ("#e53935", "won", 72)
    assert widget.color_button.text() == "#e53935"


def test_gate_checkboxes_save_the_rules(qtbot, db: Database, furniture) -> None:
    pipeline_id, _ = furniture
    widget = _editor(qtbot, db)
    _select_stage(widget, "Договор")
    widget.gate_checks[("required_attachments", "photo")].click()
    widget.gate_checks[("fully_paid", "")].click()
    widget.gate_checks[("required_fields", "amount")].click()
    assert _stored(db, pipeline_id).stages[2].gate_rules == {
        "required_fields": ["amount"], "required_attachments": ["photo"], "fully_paid": True}
    assert widget.gate_checks[("fully_paid", "")].isChecked()


def test_rename_a_stage_in_place(qtbot, db: Database, furniture) -> None:
    pipeline_id, _ = furniture
    widget = _editor(qtbot, db)
    widget.stage_list.item(2).setText("Договор и предоплата")
    qtbot.waitUntil(lambda: _stored(db, pipeline_id).stages[2].name == "Договор и предоплата")


def test_refused_delete_explains_why(qtbot, db: Database, furniture) -> None:
    _, stages = furniture
    with db.transaction() as session:
        client = add_client(session, "Иванов Пётр", "+79120000001")
        add_order(session, client, session.get(Stage, stages[1]), "Кухня")
    widget = _editor(qtbot, db)
    _select_stage(widget, "Замер")
    QTest.mouseClick(widget.delete_stage_button, Qt.MouseButton.LeftButton)
    assert widget.error_label.isVisible()
    assert "holds 1 order(s); move them to another stage" in widget.error_label.text()
    assert _stage_names(widget) == ["Заявка", "Замер", "Договор"]


def test_add_an_automation_rule(qtbot, db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    widget = _editor(qtbot, db)
    _select_stage(widget, "Замер")
    QTest.mouseClick(widget.add_rule_button, Qt.MouseButton.LeftButton)
    dialog = widget.rule_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("move_on_task_done"))
    assert not dialog.title_edit.isVisibleTo(dialog) and dialog.stage_combo.isVisibleTo(dialog)
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findText("Договор"))
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    rules = _stored(db, pipeline_id).stages[1].rules
    assert [(r.kind, r.params) for r in rules][1] == ("move_on_task_done", {"to_stage_id": stages[2]})
    assert widget.rule_list.item(1).text() == "When its task is done, move to «Договор»"


def test_a_bad_rule_is_explained(qtbot, db: Database, furniture) -> None:
    widget = _editor(qtbot, db)
    _select_stage(widget, "Заявка")
    widget.add_rule()
    dialog = widget.rule_dialog
    dialog.owner_combo.setCurrentIndex(dialog.owner_combo.findData("role:technician"))
    dialog.accept()  # no title typed
    assert "needs title" in widget.error_label.text()


def test_dispatchers_may_look_but_not_edit(qtbot, db: Database, furniture) -> None:
    widget = _editor(qtbot, db, DISPATCHER)
    assert widget.notice_label.isVisible()
    assert "Only a manager or an administrator" in widget.notice_label.text()
    _select_stage(widget, "Замер")
    assert widget.gate_checks[("required_fields", "site_id")].isChecked()
    for control in (widget.add_stage_button, widget.color_button, widget.sla_spin, widget.add_rule_button,
                    widget.gate_checks[("required_fields", "site_id")], widget.add_pipeline_button):
        assert not control.isEnabled()


def test_moved_stage() -> None:
    assert moved_stage([1, 2, 3, 4], [4, 1, 2, 3]) == (4, 0)
    assert moved_stage([1, 2, 3, 4], [1, 3, 4, 2]) == (2, 3)
    assert moved_stage([1, 2, 3], [1, 2, 3]) is None
