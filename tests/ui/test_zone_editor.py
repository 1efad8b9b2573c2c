"""The zone editor: drawing on the map, refusals shown on the map, dragging corners, binding technicians, roles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from models.company import User
from models.scheduling import Technician
from models.users import UserRef
from models.zone_admin import ZoneDraft, list_zones, polygon_from_rings, save_zone_details, zone_rings
from ui.map_canvas import scene_point
from ui.zone_editor import DRAWING, EDITING, ZoneEditor

ADMIN = UserRef(1, "admin", "Администратор", "admin", None)
SERVICE_HEAD = UserRef(3, "head", "Руководитель", "service_head", None)
DISPATCHER = UserRef(2, "disp", "Диспетчер", "dispatcher", "201")
SQUARE = [(55.10, 61.30), (55.10, 61.40), (55.16, 61.40), (55.16, 61.30)]
TRIANGLE = [(55.20, 61.30), (55.26, 61.36), (55.20, 61.42)]
BOW_TIE = [(55.20, 61.30), (55.20, 61.45), (55.12, 61.30), (55.12, 61.45)]


@pytest.fixture
def people(db) -> dict[str, int]:
    with db.transaction() as session:
        anna = User(login="disp_anna", full_name="Иванова Анна", role="dispatcher")
        petrov, sidorov = Technician(full_name="Петров Сергей"), Technician(full_name="Сидоров Иван")
        session.add_all([anna, petrov, sidorov])
        session.flush()
        ids = {"anna": anna.id, "petrov": petrov.id, "sidorov": sidorov.id}
    ids["square"] = save_zone_details(db, ZoneDraft(None, "Центр", polygon_from_rings([SQUARE]), "#5b8def"),
                                      role="admin")
    return ids


def open_editor(qtbot, db, user: UserRef = ADMIN) -> ZoneEditor:
    editor = ZoneEditor(db, user)
    qtbot.addWidget(editor)
    editor.resize(1000, 700)
    editor.show()
    qtbot.waitExposed(editor)
    editor.canvas.set_view(55.18, 61.37, 12)  # the whole test area in view
    return editor


def at(editor: ZoneEditor, lat: float, lon: float) -> QPoint:
    return editor.canvas.mapFromScene(scene_point(lat, lon))


def click_map(qtbot, editor: ZoneEditor, lat: float, lon: float) -> None:
    qtbot.mouseClick(editor.canvas.viewport(), Qt.MouseButton.LeftButton, pos=at(editor, lat, lon))


def send_mouse(editor: ZoneEditor, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    viewport = editor.canvas.viewport()
    event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), Qt.MouseButton.LeftButton, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def drag(editor: ZoneEditor, start: QPoint, end: QPoint) -> None:
    left = Qt.MouseButton.LeftButton
    send_mouse(editor, QEvent.Type.MouseButtonPress, start, left)
    send_mouse(editor, QEvent.Type.MouseMove, (start + end) / 2, left)
    send_mouse(editor, QEvent.Type.MouseMove, end, left)
    send_mouse(editor, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def tick(editor: ZoneEditor, technician_id: int, checked: bool = True) -> None:
    for row in range(editor.technician_list.count()):
        item = editor.technician_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == technician_id:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def test_a_triangle_drawn_on_the_map_is_saved_as_a_zone(qtbot, db, people):
    editor = open_editor(qtbot, db)
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    assert editor.mode == DRAWING and "Click the corners" in editor.hint.text()
    for lat, lon in TRIANGLE:
        click_map(qtbot, editor, lat, lon)
    click_map(qtbot, editor, 55.30, 61.50)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Backspace)  # that last corner was a slip
    assert len(editor.points) == 3
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Return)
    assert editor.mode == EDITING and not editor.canvas.message.isVisible()
    editor.name_edit.setFocus()
    editor.name_edit.insert("Копейск")  # typed (QTest can only type ASCII)
    editor.dispatcher_combo.setCurrentIndex(editor.dispatcher_combo.findData(people["anna"]))
    editor.dispatcher_combo.activated.emit(editor.dispatcher_combo.currentIndex())
    tick(editor, people["petrov"])
    with qtbot.waitSignal(editor.zones_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    [zone] = [z for z in list_zones(db) if z.name == "Копейск"]
    [ring], _ = zone_rings(zone.polygon)
    assert [v for point in ring for v in point] == pytest.approx([v for point in TRIANGLE for v in point], abs=0.002)
    assert zone.dispatcher_id == people["anna"] and zone.technician_ids == (people["petrov"],)
    assert "saved" in editor.result_label.text()
    assert editor.selected is not None and editor.selected.id == zone.id  # the saved zone stays open
    assert editor.canvas.zone_item(zone.id) is not None


def test_a_bow_tie_is_refused_with_the_reason_on_the_map_before_saving(qtbot, db, people):
    editor = open_editor(qtbot, db)
    editor.start_drawing()
    click_map(qtbot, editor, *BOW_TIE[0])
    click_map(qtbot, editor, *BOW_TIE[1])
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Return)
    assert editor.canvas.message.isVisible() and "at least three corners" in editor.canvas.message.text()
    for lat, lon in BOW_TIE[2:]:
        click_map(qtbot, editor, lat, lon)
    qtbot.mouseDClick(editor.canvas.viewport(), Qt.MouseButton.LeftButton, pos=at(editor, *BOW_TIE[3]))
    assert editor.mode == DRAWING and len(editor.points) == 4  # the double-click added no extra corner
    assert editor.canvas.message.isVisible() and "not a valid area" in editor.canvas.message.text()
    assert "do not cross" in editor.result_label.text()
    assert not editor.save_button.isEnabled()
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Escape)
    assert editor.mode != DRAWING and editor.sketch is None
    assert [z.name for z in list_zones(db)] == ["Центр"]


def test_dragging_a_corner_reshapes_the_zone(qtbot, db, people):
    editor = open_editor(qtbot, db)
    assert editor.select_zone(people["square"])
    assert len(editor.handles) == 4
    before = editor.canvas.zone_item(people["square"]).path().boundingRect()
    drag(editor, at(editor, *SQUARE[2]), at(editor, 55.19, 61.43))
    assert editor.rings[0][2] == pytest.approx((55.19, 61.43), abs=0.002)
    assert editor.canvas.zone_item(people["square"]).path().boundingRect().contains(before)
    assert editor.dirty and editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.zones_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    [ring], _ = zone_rings(list_zones(db)[0].polygon)
    assert ring[2] == pytest.approx((55.19, 61.43), abs=0.002) and ring[0] == pytest.approx(SQUARE[0])


def test_a_drag_that_makes_the_outline_cross_itself_is_refused(qtbot, db, people):
    editor = open_editor(qtbot, db)
    editor.select_zone(people["square"])
    drag(editor, at(editor, *SQUARE[1]), at(editor, 55.13, 61.25))  # beyond the opposite edge: a bow-tie
    assert editor.invalid_reason and "not a valid area" in editor.canvas.message.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "not a valid area" in editor.result_label.text()
    assert zone_rings(list_zones(db)[0].polygon)[0] == [SQUARE]  # nothing saved
    drag(editor, at(editor, 55.13, 61.25), at(editor, *SQUARE[1]))  # put it back
    assert editor.invalid_reason is None and not editor.canvas.message.isVisible()


def test_technicians_are_bound_and_unbound_with_the_checkboxes(qtbot, db, people):
    editor = open_editor(qtbot, db, SERVICE_HEAD)
    editor.select_zone(people["square"])
    tick(editor, people["petrov"])
    tick(editor, people["sidorov"])
    with qtbot.waitSignal(editor.zones_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert set(list_zones(db)[0].technician_ids) == {people["petrov"], people["sidorov"]}
    tick(editor, people["petrov"], checked=False)
    with qtbot.waitSignal(editor.zones_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert list_zones(db)[0].technician_ids == (people["sidorov"],)


def test_unsaved_changes_are_not_lost_by_clicking_another_zone(qtbot, db, people):
    other = save_zone_details(db, ZoneDraft(None, "Север", polygon_from_rings([TRIANGLE])), role="admin")
    editor = open_editor(qtbot, db)
    editor.select_zone(people["square"])
    qtbot.keyClicks(editor.name_edit, " 2")
    click_map(qtbot, editor, 55.21, 61.36)  # inside the other zone
    assert editor.selected.id == people["square"] and editor.name_edit.text() == "Центр 2"
    assert "Save or discard" in editor.canvas.message.text()
    qtbot.mouseClick(editor.discard_button, Qt.MouseButton.LeftButton)
    assert editor.name_edit.text() == "Центр" and not editor.dirty
    click_map(qtbot, editor, 55.21, 61.36)
    assert editor.selected.id == other


def test_deleting_a_zone_asks_first(qtbot, db, people, monkeypatch):
    editor = open_editor(qtbot, db)
    editor.select_zone(people["square"])
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert len(list_zones(db)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.zones_changed):
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert list_zones(db) == [] and "deleted" in editor.result_label.text()
    assert editor.canvas.zone_item(people["square"]) is None


def test_a_dispatcher_sees_the_zones_but_cannot_change_them(qtbot, db, people):
    editor = open_editor(qtbot, db, DISPATCHER)
    assert editor.zone_list.count() == 1 and editor.canvas.zone_item(people["square"]) is not None
    assert not editor.new_button.isEnabled()
    click_map(qtbot, editor, 55.13, 61.35)
    assert editor.selected.id == people["square"] and editor.name_edit.text() == "Центр"
    assert editor.handles == [] and not editor.name_edit.isEnabled() and not editor.save_button.isEnabled()
    assert "may change zones" in editor.hint.text()


def test_a_change_elsewhere_waits_until_the_outline_being_edited_is_saved(qtbot, db, people):
    editor = open_editor(qtbot, db)
    editor.select_zone(people["square"])
    qtbot.keyClicks(editor.name_edit, " 2")
    save_zone_details(db, ZoneDraft(None, "Север", polygon_from_rings([TRIANGLE])), role="admin")  # elsewhere
    editor.on_data_changed({"zones": {None}}, set())
    assert editor.name_edit.text() == "Центр 2" and editor.zone_list.count() == 1  # the edit is kept
    with qtbot.waitSignal(editor.zones_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.zone_list.count() == 2 and editor.selected.name == "Центр 2"
    editor.on_data_changed({"zones": {None}}, set())  # nothing being edited: read at once, selection kept
    assert editor.selected.id == people["square"]
