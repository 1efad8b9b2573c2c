"""The order card: header and links, stage gates inline, saving, the conflict dialog, private items, tasks, files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from models.database import Database
from models.order_card import MAX_ATTACHMENT_BYTES
from models.order_flow import update_order
from models.pipeline_rules import CustomFieldDef
from models.pipelines import Order, Task
from models.timeline import TimelineEntry
from models.users import UserRef
from tests.factories import add_client, add_equipment, add_order
from tests.models.test_kanban import add_user, make_pipeline
from ui.order_card import OrderCard, OrderWindows

NOW = datetime.now(UTC)


@pytest.fixture
def scene(db: Database):
    with db.transaction() as session:
        pipeline, stages = make_pipeline(session)
        dispatcher = add_user(session, "card_ui_dispatcher", "Иванова Анна", "dispatcher")
        technician = add_user(session, "card_ui_tech", "Петров Сергей", "technician")
        client = add_client(session, "Иванов Пётр", "+79120000001")
        unit = add_equipment(session, client, serial="DK-7")
        order = add_order(session, client, stages["Заявка"], "Сплит 3,5 кВт", amount=Decimal(0),
                          owner_id=dispatcher.id, equipment_id=unit.id)
        session.add_all([
            CustomFieldDef(pipeline_id=pipeline.id, key="room_area_m2", label="Площадь, м²", type="number"),
            CustomFieldDef(pipeline_id=pipeline.id, key="wall", label="Стена", type="choice",
                           choices=["кирпич", "панель"], position=1),
            TimelineEntry(order_id=order.id, kind="note", text="Звонить после 18:00", at=NOW - timedelta(hours=2)),
            TimelineEntry(order_id=order.id, kind="note", text="Скидка согласована", private=True,
                          at=NOW - timedelta(hours=1)),
            Task(order_id=order.id, title="Перезвонить клиенту", assignee_id=dispatcher.id,
                 due_at=NOW + timedelta(hours=3)),
        ])
        session.flush()
        task_id = session.query(Task.id).filter_by(order_id=order.id).scalar()
        refs = dict(order=order.id, number=order.number, client=client.id, task=task_id,
                    stages={k: s.id for k, s in stages.items()})
        users = {u.role: UserRef(u.id, u.login, u.full_name, u.role, None) for u in (dispatcher, technician)}
    return refs, users


def make_card(qtbot, db, scene, role: str = "dispatcher") -> OrderCard:
    refs, users = scene
    card = OrderCard(db, users[role])
    qtbot.addWidget(card)
    card.resize(1200, 760)
    card.show()
    card.show_order(refs["order"])
    assert card.pages.currentIndex() == OrderCard.PAGE_CARD, card.message_label.text()
    return card


def stored(db: Database, order_id: int) -> Order:
    with db.session() as session:
        order = session.get(Order, order_id)
        session.expunge(order)
        return order


def test_header_links_and_fields(qtbot, db, scene):
    refs, _ = scene
    card = make_card(qtbot, db, scene)
    assert card.title_label.text() == f"№ {refs['number']} · Сплит 3,5 кВт"
    with qtbot.waitSignal(card.open_client_requested) as opened:
        qtbot.mouseClick(card.client_button, Qt.MouseButton.LeftButton)
    assert opened.args == [refs["client"]]
    assert card.stage_combo.currentText() == "Заявка"
    assert "DK-7" in card.unit_label.text()
    assert card.fields.label_of("custom:room_area_m2") == "Площадь, м²"
    assert card.tabs.tabText(0) == "Timeline (2)" and card.tabs.tabText(2) == "Tasks (1)"


def test_stage_refused_by_the_gate_is_explained_inline(qtbot, db, scene):
    refs, _ = scene
    card = make_card(qtbot, db, scene)
    card.stage_combo.setCurrentIndex(card.stage_combo.findData(refs["stages"]["Замер"]))
    card.on_stage_combo_activated(card.stage_combo.currentIndex())
    text = card.gate_label.text()
    assert card.gate_label.isVisibleTo(card)
    assert text.startswith("Cannot move to «Замер»:")
    assert "site address" in text and "amount" in text and "“Площадь, м²”" in text
    assert card.stage_combo.currentText() == "Заявка"
    assert stored(db, refs["order"]).stage_id == refs["stages"]["Заявка"]


def test_edits_are_saved_with_ctrl_s(qtbot, db, scene):
    refs, _ = scene
    card = make_card(qtbot, db, scene)
    version = card.card.version
    card.fields.editor("amount").setText("12 500")
    card.fields.editor("amount").textEdited.emit("12 500")
    card.fields.editor("custom:room_area_m2").setText("18")
    card.fields.editor("custom:wall").setCurrentIndex(2)
    assert card.save_button.isEnabled()
    card.activateWindow()
    card.fields.editor("amount").setFocus()
    qtbot.waitUntil(card.isActiveWindow)
    qtbot.keyClick(card.fields.editor("amount"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not card.save_error.isVisibleTo(card), card.save_error.text()
    order = stored(db, refs["order"])
    assert order.amount == Decimal("12500.00")
    assert order.custom_fields == {"room_area_m2": 18, "wall": "панель"}
    assert card.card.version == version + 1
    assert not card.save_button.isEnabled()


def test_a_stale_save_opens_the_conflict_dialog_and_applies_mine_on_theirs(qtbot, db, scene):
    refs, _ = scene
    card = make_card(qtbot, db, scene)
    update_order(db, refs["order"], {"title": "Сплит 5 кВт", "amount": "9000"}, user_id=None,
                 expected_version=card.card.version)  # another workstation
    card.fields.editor("amount").setText("7000")
    card.save()
    dialog = card.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.rows() == [("Amount", "7\u00a0000 ₽", "9\u00a0000 ₽")]
    assert stored(db, refs["order"]).amount == Decimal(9000)  # nothing overwritten yet
    qtbot.mouseClick(dialog.apply_mine_button, Qt.MouseButton.LeftButton)
    order = stored(db, refs["order"])
    assert (order.title, order.amount) == ("Сплит 5 кВт", Decimal(7000))
    assert card.card.title == "Сплит 5 кВт" and card.card.amount == Decimal(7000)


def test_keep_theirs_drops_my_edit(qtbot, db, scene):
    refs, _ = scene
    card = make_card(qtbot, db, scene)
    update_order(db, refs["order"], {"amount": "9000"}, user_id=None, expected_version=card.card.version)
    card.fields.editor("amount").setText("7000")
    card.save()
    qtbot.mouseClick(card.conflict_dialog.keep_theirs_button, Qt.MouseButton.LeftButton)
    assert stored(db, refs["order"]).amount == Decimal(9000)
    assert card.fields.editor("amount").text() == "9\u00a0000"
    assert not card.save_button.isEnabled()


def test_private_items_are_hidden_from_a_technician(qtbot, db, scene):
    card = make_card(qtbot, db, scene, role="technician")
    texts = [card.timeline_model.row_at(r).text for r in range(card.timeline_model.rowCount())]
    assert texts == ["Звонить после 18:00"]
    assert not card.comment_box.private_check.isVisibleTo(card)
    card = make_card(qtbot, db, scene, role="dispatcher")
    assert card.timeline_model.rowCount() == 2
    assert card.comment_box.private_check.isVisibleTo(card)


def test_comment_task_and_file(qtbot, db, scene, tmp_path):
    refs, _ = scene
    card = make_card(qtbot, db, scene)
    card.comment_box.edit.setPlainText("Клиент подтвердил замер")
    qtbot.mouseClick(card.comment_box.add_button, Qt.MouseButton.LeftButton)
    assert card.comments_model.row_at(0).text == "Клиент подтвердил замер"
    assert card.comment_box.edit.toPlainText() == ""

    index = card.tasks_model.index(0, card.tasks_model.COL_DONE)
    assert card.tasks_model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    with db.session() as session:
        assert session.get(Task, refs["task"]).status == "done"
    assert card.tasks_model.row_at(0).status == "done"

    photo = tmp_path / "монтаж.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 100)
    card.attach_file(str(photo), "photo")
    assert [(a.kind, a.filename, a.mime_type) for a in card.card.attachments] == [("photo", "монтаж.jpg",
                                                                                    "image/jpeg")]
    card.open_attachment(card.card.attachments[0].id)
    assert card.files.last_opened_file.read_bytes() == photo.read_bytes()

    big = tmp_path / "big.pdf"
    with big.open("wb") as file:
        file.truncate(MAX_ATTACHMENT_BYTES + 1)
    card.attach_file(str(big), "scan")
    assert "limited to 20 MB" in card.files.error_label.text()
    assert len(card.card.attachments) == 1


def test_order_windows_open_one_window_per_order(qtbot, db, scene):
    refs, users = scene
    windows = OrderWindows(db, users["dispatcher"])
    first = windows.open_order(refs["order"])
    qtbot.addWidget(first)
    assert windows.open_order(refs["order"]) is first
    assert first.windowTitle() == f"Order {refs['number']} — Сплит 3,5 кВт"
    first.close()
