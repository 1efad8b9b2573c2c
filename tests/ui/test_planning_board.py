"""The planning board as a service head uses it: blocks on the demo day, drags with live feedback, drops, the tray."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtTest import QTest

from models.database import Database
from models.scheduling import BookingRequest, Visit, book_visit
from tests.models.test_planning_board import DAY, NOW, Plan, _plan, at
from ui.planning_board import PlanningBoard
from ui.planning_page import PlanningPage
from ui.status_palette import visit_status


def _board(qtbot, db: Database, day: date, role: str = "service_head") -> PlanningBoard:
    board = PlanningBoard(db, role=role, day=day)
    board.view.now = lambda: NOW
    qtbot.addWidget(board)
    board.resize(1400, 800)
    board.show()
    qtbot.waitExposed(board)
    board.reload()
    return board


def _mouse(view, kind: QEvent.Type, scene: QPointF, buttons: Qt.MouseButton, modifiers=Qt.KeyboardModifier.NoModifier):
    point = QPointF(view.mapFromScene(scene))
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, point, view.viewport().mapToGlobal(point), button, buttons, modifiers)
    view.viewportEvent(event)


def _drag(view, start: QPointF, end: QPointF, *, release: bool = True) -> None:
    held = Qt.MouseButton.LeftButton
    _mouse(view, QEvent.Type.MouseButtonPress, start, held)
    _mouse(view, QEvent.Type.MouseMove, (start + end) / 2, held)
    _mouse(view, QEvent.Type.MouseMove, end, held)
    if release:
        _mouse(view, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def _spot(view, technician_id: int, moment) -> QPointF:
    """A point inside the technician's row at ``moment`` (the block's left edge + 2 px)."""
    row = view.layout_rows.of(technician_id)
    return QPointF(view.axis.x(moment) + 2, row.y + row.height / 2)


@pytest.fixture
def plan(fresh_database) -> Plan:
    with fresh_database.transaction() as session:
        return _plan(session)


def test_board_paints_the_demo_day_with_blocks_coloured_by_status(qtbot, demo_database):
    board = _board(qtbot, demo_database, date.today())
    shown = board.board
    assert shown.visits, "the demo has visits today"
    assert set(board.view.items) == {v.id for v in shown.visits}
    visit = shown.visits[len(shown.visits) // 2]
    item = board.view._lead_item(visit.id)
    board.view.centerOn(item)
    image = board.view.viewport().grab().toImage()
    centre = board.view.mapFromScene(QPointF(item.rect.center().x(), item.rect.top() + 3))
    assert QColor(image.pixel(centre)).name() == QColor(visit_status(visit.status).color).name()
    names = [t.short_name for t in shown.technicians]
    assert len(names) == 30 and all(names)


def test_dragging_onto_a_taken_slot_shows_the_red_ghost_with_the_reason(qtbot, fresh_database, plan):
    board = _board(qtbot, fresh_database, DAY)
    view = board.view
    _drag(view, _spot(view, plan.water, at(13)), _spot(view, plan.water, at(10, 30)), release=False)
    assert view.ghost.isVisible() and not view.ghost.ok
    assert f"Conflicts with visit №{plan.first_number} 10:00–11:00" in view.ghost.label.text()
    _mouse(view, QEvent.Type.MouseMove, _spot(view, plan.air, at(13)), Qt.MouseButton.LeftButton)
    assert "Missing skill: water meters" in view.ghost.label.text()
    _mouse(view, QEvent.Type.MouseButtonRelease, _spot(view, plan.air, at(13)), Qt.MouseButton.NoButton)
    assert not view.ghost.isVisible()
    assert "Missing skill" in board.message_label.text()  # refused before writing, and says why
    with fresh_database.session() as session:
        assert session.get(Visit, plan.second).technician_id == plan.water


def test_a_valid_drop_writes_the_move_and_the_block_moves(qtbot, fresh_database, plan):
    board = _board(qtbot, fresh_database, DAY)
    view = board.view
    messages = []
    board.status_message_requested.connect(messages.append)
    _drag(view, _spot(view, plan.water, at(13)), _spot(view, plan.water, at(15)))
    with fresh_database.session() as session:
        assert session.get(Visit, plan.second).starts_at == at(15)
    item = view._lead_item(plan.second)
    assert item.rect.x() == pytest.approx(view.axis.x(at(15)))
    assert not item.pending
    assert any(f"№{plan.second_number} moved" in m for m in messages)


def test_a_drop_someone_else_beat_us_to_snaps_back_and_says_why(qtbot, fresh_database, plan):
    board = _board(qtbot, fresh_database, DAY)
    with fresh_database.transaction() as session:  # another workstation moves the visit meanwhile
        visit = session.get(Visit, plan.second)
        visit.starts_at, visit.ends_at = at(16), at(17)
    view = board.view
    _drag(view, _spot(view, plan.water, at(13)), _spot(view, plan.water, at(14, 30)))
    assert "changed by someone else" in board.message_label.text()
    assert view._lead_item(plan.second).rect.x() == pytest.approx(view.axis.x(at(16)))


def test_assign_from_the_tray(qtbot, fresh_database, plan):
    with fresh_database.transaction() as session:
        order_id = session.get(Visit, plan.first).order_id
        loose = book_visit(session, BookingRequest(order_id, None, at(15), at(16)))
    board = _board(qtbot, fresh_database, DAY)
    assert [v.id for v in board.tray_model.visits] == [loose]
    mime = board.tray_model.mimeData([board.tray_model.index(0)])
    assert bytes(mime.data("application/x-fielddesk-visit")).decode() == str(loose)
    view = board.view
    view.begin_drag(board.board.visit(loose))  # what the view's dragEnterEvent does with that mime data
    assert view.drag_to(_spot(view, plan.air, at(15))).ok
    assert view.finish_drag(_spot(view, plan.air, at(15)))
    with fresh_database.session() as session:
        assert session.get(Visit, loose).technician_id == plan.air
    assert board.tray_model.rowCount() == 0
    assert loose in view.items


def test_keys_open_the_order_and_switch_day_and_week(qtbot, fresh_database, plan):
    board = _board(qtbot, fresh_database, DAY)
    view = board.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_id == plan.first
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_id == plan.second
    with qtbot.waitSignal(board.open_order_requested) as opened:
        QTest.keyClick(view, Qt.Key.Key_Return)
    with fresh_database.session() as session:
        assert opened.args == [session.get(Visit, plan.second).order_id]
    QTest.keyClick(view, Qt.Key.Key_W)
    assert board.mode == "week" and len(view.axis.days) == 7
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert board.day == date(2026, 12, 1)


def test_live_changes_reload_and_keep_the_selection(qtbot, fresh_database, plan):
    board = _board(qtbot, fresh_database, DAY)
    board.view.select_visit(plan.first)
    with fresh_database.transaction() as session:
        visit = session.get(Visit, plan.second)
        visit.starts_at, visit.ends_at = at(16), at(17)
    board.on_data_changed({"orders"})
    assert not board.throttle_timer.isActive()
    board.on_data_changed({"visits": {plan.second}})
    qtbot.waitUntil(lambda: board.view._lead_item(plan.second).rect.x() == pytest.approx(board.view.axis.x(at(16))))
    assert board.view.selected_id == plan.first


def test_page_selects_the_pin_of_the_selected_block(qtbot, fresh_database, plan):
    from models.users import UserRef

    page = PlanningPage(fresh_database, UserRef(1, "head", "Head", "service_head", None), day=DAY)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitExposed(page)
    assert page.board.board is not None and "2 visits" in page.summary_label.text()
    page.board.view.select_visit(plan.first)
    assert page.map.pin_item(plan.first).highlighted
    page.map.visit_selected.emit(plan.second)
    assert page.board.view.selected_id == plan.second
    assert not page.map.pin_item(plan.first).highlighted


def _loose_visit(db: Database, plan: Plan) -> int:
    with db.transaction() as session:
        order_id = session.get(Visit, plan.first).order_id
        return book_visit(session, BookingRequest(order_id, None, at(15), at(16)))


def _header(view, technician_id: int) -> QPointF:
    """The middle of a technician's name in the fixed name column (viewport coordinates)."""
    row = view.layout_rows.of(technician_id)
    return QPointF(60, view.mapFromScene(QPointF(0, row.y + row.height / 2)).y())


def _click_header(view, technician_id: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, _header(view, technician_id).toPoint())


def test_a_previewed_plan_is_drawn_over_the_board_and_blocks_dragging_until_cleared(qtbot, fresh_database, plan):
    loose = _loose_visit(fresh_database, plan)
    board = _board(qtbot, fresh_database, DAY)
    view = board.view
    water = board.board.technician(plan.water).short_name
    changes = {plan.first: (plan.water, at(11), at(12)),  # later the same day
               loose: (plan.water, at(15).astimezone(UTC), at(16).astimezone(UTC)),  # from the tray, any zone
               plan.second: (None, at(13), at(14))}  # taken off the water technician
    shown = []
    board.preview_shown.connect(shown.append)
    board.show_preview(changes)

    assert shown and shown[-1].moved == {plan.first, loose, plan.second} and shown[-1].unassigned == {plan.second}
    assert board.preview_banner.isVisible()
    assert board.preview_banner.text() == ("Preview of the optimised plan: 3 visit(s) move, 1 left unassigned · "
                                           "Apply or Discard in the Optimise window")
    ghosts = {item.visit.id: item for item in view.preview_items}
    assert set(ghosts) == {plan.first, loose}  # the visit left unassigned has no block, it is in the tray
    assert ghosts[plan.first].pos().x() == pytest.approx(view.axis.x(at(11)))
    assert ghosts[loose].pos().y() == pytest.approx(view.layout_rows.of(plan.water).y + 5)
    assert view._lead_item(plan.first).dimmed and view._lead_item(plan.second).dimmed
    # the ghost is drawn: translucent status colour where the row was empty (11:30 is between the two visits)
    view.centerOn(ghosts[plan.first])
    image = view.viewport().grab().toImage()
    spot = view.mapFromScene(QPointF(view.axis.x(at(11, 30)), ghosts[plan.first].pos().y() + 3))
    status = QColor(visit_status(board.board.visit(plan.first).status).color)
    painted = QColor(image.pixel(spot))
    assert painted.name() not in ("#ffffff", status.name(), "#e6eefa")
    assert abs(painted.hue() - status.hue()) <= 20 or status.saturation() < 40

    tray = board.tray_model
    assert tray.rowCount() == 2
    assert tray.data(tray.index(0)).endswith(f"⇢ Plan: {water} 15:00–16:00")
    assert tray.data(tray.index(1), tray.GHOST_ROLE) and tray.data(tray.index(1)).endswith("⇢ Plan: left unassigned")
    assert not tray.flags(tray.index(1)) & Qt.ItemFlag.ItemIsDragEnabled

    _drag(view, _spot(view, plan.water, at(13)), _spot(view, plan.water, at(16)))
    assert "apply or discard it in the Optimise window" in board.message_label.text()
    assert view.drag is None
    with fresh_database.session() as session:
        assert session.get(Visit, plan.second).starts_at == at(13)

    with fresh_database.transaction() as session:  # another desk moves a visit: the board reloads under the plan
        visit = session.get(Visit, plan.first)
        visit.starts_at, visit.ends_at = at(9), at(10)
    board.on_data_changed({"visits": {plan.first}})
    qtbot.waitUntil(lambda: view._lead_item(plan.first).rect.x() == pytest.approx(view.axis.x(at(9))))
    assert {item.visit.id for item in view.preview_items} == {plan.first, loose}
    assert view._lead_item(plan.first).dimmed and board.preview_banner.isVisible()

    board.clear_preview()
    assert shown[-1] is None and board.preview is None
    assert not view.preview_items and not view._lead_item(plan.first).dimmed
    assert board.preview_banner.isHidden() and tray.rowCount() == 1
    assert view.begin_drag(board.board.visit(plan.second))


def test_a_plan_that_moves_nothing_draws_outlines_only_and_says_so(qtbot, fresh_database, plan):
    board = _board(qtbot, fresh_database, DAY)
    board.show_preview({plan.first: (plan.water, at(10), at(11)), plan.second: (plan.water, at(13), at(14))})
    assert [item.moved for item in board.view.preview_items] == [False, False]
    assert not board.view._lead_item(plan.first).dimmed
    assert board.preview_banner.text().startswith("Preview of the optimised plan: 0 visit(s) move, 0 left unassigned")


def test_technicians_are_selected_by_clicking_their_row_headers_and_with_the_keyboard(qtbot, fresh_database, plan):
    board = _board(qtbot, fresh_database, DAY)
    view = board.view
    order = [r.technician.id for r in view.layout_rows.technician_rows()]
    assert set(order) == {plan.water, plan.air}
    top, bottom = order
    emitted = []
    board.technicians_selected.connect(emitted.append)

    _click_header(view, bottom)
    assert board.selected_technician_ids() == [bottom] and emitted[-1] == [bottom]
    _click_header(view, top, Qt.KeyboardModifier.ControlModifier)
    assert board.selected_technician_ids() == [top, bottom]  # in row order
    _click_header(view, bottom, Qt.KeyboardModifier.ControlModifier)
    assert board.selected_technician_ids() == [top]
    _click_header(view, top)  # the anchor of a range
    _click_header(view, bottom, Qt.KeyboardModifier.ShiftModifier)
    assert board.selected_technician_ids() == [top, bottom]
    image = view.viewport().grab().toImage()
    assert QColor(image.pixel(_header(view, top).toPoint() + QPointF(80, 0).toPoint())).name() == "#d6e4fb"
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert board.selected_technician_ids() == [] and emitted[-1] == []
    image = view.viewport().grab().toImage()
    assert QColor(image.pixel(_header(view, top).toPoint() + QPointF(80, 0).toPoint())).name() != "#d6e4fb"

    view.setFocus()
    view.select_visit(plan.first)  # the current row follows the selected visit
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert board.selected_technician_ids() == [plan.water]
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert board.selected_technician_ids() == []
    view.techs.current = top
    QTest.keyClick(view, Qt.Key.Key_Space)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # the next row, visits or not
    assert view.techs.current == bottom
    QTest.keyClick(view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert board.selected_technician_ids() == [top, bottom]

    QTest.keyClick(view, Qt.Key.Key_Escape)
    group = view.layout_rows.rows[0]  # the zone's header row: all its technicians
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPointF(60, view.mapFromScene(QPointF(0, group.y + group.height / 2)).y()).toPoint())
    assert group.technician is None and board.selected_technician_ids() == [top, bottom]

    board.set_zone(plan.zone_id + 1000)  # a zone without them: the rows go, and so does the selection
    assert board.selected_technician_ids() == [] and emitted[-1] == []
