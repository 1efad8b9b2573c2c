"""The Optimise dialog: solve with a short limit, preview the figures, re-order stops, apply or be refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent

from models.scheduling import Visit
from models.users import UserRef
from tests.models.test_route_optimise import DAY, NOW, Day, _day, _helper, at
from ui.optimise_dialog import OptimiseDialog

HEAD = UserRef(1, "head", "Head", "service_head", None)


@pytest.fixture
def day(db) -> Day:
    with db.transaction() as session:
        return _day(session)


@pytest.fixture
def dialog(qtbot, db, day) -> OptimiseDialog:
    widget = OptimiseDialog(db, HEAD, DAY, day.zone_id, None, time_limits=(1.0,), now=NOW)
    qtbot.addWidget(widget)
    return widget


def visit_row(db, visit_id: int):
    with db.session() as session:
        row = session.get(Visit, visit_id)
        return row.technician_id, row.starts_at


def test_optimising_previews_each_route_and_the_figures_before_and_after(qtbot, dialog, day):
    assert dialog.summary_label.text() == "6 visits for 2 technicians on shift · 1 without coordinates"
    assert dialog.figure_labels["unassigned", "before"].text() == "3"
    assert dialog.figure_labels["km", "after"].text() == "—"

    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)

    water = dialog.lists[str(day.water)]
    assert [water.item(i).data(Qt.ItemDataRole.UserRole) for i in range(water.count())] == [
        str(day.first), str(day.loose), str(day.second)]
    assert water.item(1).text().startswith("2. ")
    assert dialog.figure_labels["unassigned", "after"].text() == "1"
    assert float(dialog.figure_labels["km", "after"].text()) > 0
    assert dialog.dropped_list.count() == 1
    assert "no coordinates" in dialog.dropped_list.item(0).text()
    assert "fixed (en route)" in dialog.lists[str(day.air)].item(1).text()
    assert dialog.progress.value() == 1000
    assert dialog.apply_button.isEnabled()


def test_cancel_keeps_the_best_plan_found_so_far(qtbot, dialog, day):
    dialog.solve_progressed.connect(lambda *_: dialog.cancel_button.click())
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.plan is not None and dialog.plan.cancelled
    assert "best plan found so far" in dialog.note_label.text()
    assert dialog.lists[str(day.water)].count() == 3


def test_reordering_stops_retimes_and_rechecks_and_a_broken_order_cannot_be_applied(qtbot, dialog, day):
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    water = dialog.lists[str(day.water)]
    water.setFocus()
    water.setCurrentRow(2)
    qtbot.keyClick(water, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(water, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)

    assert water.visit_ids() == [str(day.second), str(day.first), str(day.loose)]
    assert water.item(0).text().startswith("1. 12:00")  # 13:00's visit, as early as its window allows
    assert "breaks a rule" in dialog.violation_label.text()
    assert not dialog.apply_button.isEnabled()

    qtbot.keyClick(water, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(water, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert water.visit_ids() == [str(day.first), str(day.loose), str(day.second)]
    assert dialog.violation_label.text() == "" and dialog.apply_button.isEnabled()


def test_apply_writes_the_previewed_plan_and_closes(qtbot, db, dialog, day):
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    stop = dict((s.visit_id, s) for r in dialog.plan.routes for s in r.stops)[str(day.loose)]
    with qtbot.waitSignal(dialog.plan_applied, timeout=5000) as applied:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert applied.args[0].ok
    assert dialog.result() == dialog.DialogCode.Accepted
    assert visit_row(db, day.loose) == (day.water, dialog.day_problem.clock(stop.start))


def test_a_change_made_meanwhile_is_shown_and_nothing_is_written(qtbot, db, dialog, day):
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    with db.transaction() as session:
        row = session.get(Visit, day.second)
        row.starts_at, row.ends_at = at(16), at(17)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert "Not applied" in dialog.violation_label.text()
    assert f"№{day.second_number}" in dialog.violation_label.text()
    assert visit_row(db, day.loose) == (None, at(11))
    assert dialog.isVisible() or dialog.result() != dialog.DialogCode.Accepted


@pytest.fixture
def crewed_day(db, day) -> tuple[Day, int]:
    """The day with a third technician of the zone who can do the water meter visits too."""
    with db.transaction() as session:
        return day, _helper(session, day)


def ticks(dialog: OptimiseDialog) -> dict[int, bool]:
    technicians = dialog.technician_list
    return {technicians.item(i).data(Qt.ItemDataRole.UserRole):
            technicians.item(i).checkState() == Qt.CheckState.Checked for i in range(technicians.count())}


def tick(qtbot, dialog: OptimiseDialog, technician_id: int) -> None:
    """Move to the technician's row by keyboard and press Space, as a user ticks it."""
    technicians = dialog.technician_list
    technicians.setFocus()
    row = next(i for i in range(technicians.count()) if technicians.item(i).data(Qt.ItemDataRole.UserRole)
               == technician_id)
    technicians.setCurrentRow(row)
    qtbot.keyClick(technicians, Qt.Key.Key_Space)


def test_the_technicians_of_the_zone_are_ticked_and_unticking_one_reads_the_day_without_them(qtbot, db, dialog, day):
    assert ticks(dialog) == {day.air: True, day.water: True}
    assert "09:00–18:00" in dialog.technician_list.item(0).text()

    tick(qtbot, dialog, day.air)

    assert ticks(dialog) == {day.air: False, day.water: True}
    qtbot.waitUntil(lambda: dialog.day_problem.snapshot.technician_ids == (day.water,), timeout=3000)
    assert dialog.summary_label.text().startswith("5 visits for 1 technicians on shift")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert set(dialog.lists) == {str(day.water)}
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert visit_row(db, day.loose)[0] == day.water
    assert visit_row(db, day.fixed) == (day.air, at(14))  # the air man's day was left as it was


def test_the_technicians_passed_are_ticked_and_optimise_right_after_ticking_reads_the_day_first(qtbot, db, day):
    dialog = OptimiseDialog(db, HEAD, DAY, day.zone_id, [day.water], time_limits=(1.0,), now=NOW)
    qtbot.addWidget(dialog)
    assert ticks(dialog) == {day.air: False, day.water: True}
    assert dialog.day_problem.snapshot.technician_ids == (day.water,)

    tick(qtbot, dialog, day.air)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)  # before the pause that reads the day

    assert set(dialog.lists) == {str(day.water), str(day.air)}
    assert dialog.plan.stop_of(str(day.cool))[0].technician_id == str(day.air)

    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert not any(ticks(dialog).values())
    assert not dialog.start_button.isEnabled() and not dialog.apply_button.isEnabled()
    assert dialog.lists == {} and "Tick at least one technician" in dialog.summary_label.text()
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.day_problem is not None and len(dialog.day_problem.technicians) == 2,
                    timeout=3000)


def optimised(qtbot, db, day: Day) -> OptimiseDialog:
    dialog = OptimiseDialog(db, HEAD, DAY, day.zone_id, None, time_limits=(1.0,), now=NOW)
    qtbot.addWidget(dialog)
    return dialog


def shown(qtbot, dialog: OptimiseDialog) -> OptimiseDialog:
    """On screen and active, as the planning page shows it: keyboard focus and window shortcuts work."""
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


def test_a_stop_moves_to_another_technician_by_keyboard_and_the_preview_follows(qtbot, db, crewed_day):
    day, helper = crewed_day
    dialog = shown(qtbot, optimised(qtbot, db, day))
    previews = []
    dialog.preview_changed.connect(previews.append)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.wait(10)  # the new lists are shown
    assert len(previews) == 1 and set(previews[0]) == set(dialog.day_problem.snapshot.visits)
    loose = str(day.loose)
    source = dialog.routes.list_of(loose)
    source.setFocus()
    source.setCurrentRow(source.row_of(loose))
    target = str(helper) if source.technician_id == str(day.water) else str(day.water)
    step = Qt.Key.Key_Right if source.technician_id == str(day.water) else Qt.Key.Key_Left  # Петров, Сидоров

    qtbot.keyClick(source, step, Qt.KeyboardModifier.AltModifier)

    assert dialog.routes.list_of(loose) is dialog.lists[target]
    assert dialog.lists[target].hasFocus() and dialog.lists[target].current_visit() == loose
    assert dialog.plan.stop_of(loose)[0].technician_id == target
    assert dialog.violations == [] and dialog.apply_button.isEnabled()
    assert previews[-1][day.loose][0] == int(target) and len(previews) == 2
    header = dialog.routes.headers[target].text()
    assert "2 stop(s)" in header and "km" in header

    air = dialog.lists[str(day.air)]
    air.setFocus()
    air.setCurrentRow(air.row_of(str(day.cool)))
    qtbot.keyClick(air, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # onto the water meter man's list
    cool = dialog.lists[str(day.water)].item(dialog.lists[str(day.water)].row_of(str(day.cool)))
    assert cool.foreground().color().name() == "#d64541" and "lacks the skill" in cool.text()
    assert "breaks a rule" in dialog.violation_label.text() and not dialog.apply_button.isEnabled()
    assert previews[-1][day.cool][0] == day.water



def test_a_stop_dropped_on_another_list_or_left_unassigned_by_menu_is_retimed(qtbot, db, crewed_day):
    day, helper = crewed_day
    dialog = shown(qtbot, optimised(qtbot, db, day))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.wait(10)  # the new lists are shown
    loose = str(day.loose)
    source = dialog.routes.list_of(loose)
    target = dialog.lists[str(helper) if source.technician_id == str(day.water) else str(day.water)]
    payload = source.mimeData([source.item(source.row_of(loose))])  # what dragging the stop carries
    top = target.visualItemRect(target.item(0)).topLeft() + QPoint(4, 1) if target.count() else QPoint(4, 4)

    drop = QDropEvent(QPointF(top), Qt.DropAction.MoveAction, payload, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    assert target.viewportEvent(drop) and drop.isAccepted()  # the list's viewport takes a drop there

    assert target.visit_ids()[0] == loose and source.row_of(loose) == -1
    assert dialog.plan.stop_of(loose)[0].technician_id == target.technician_id
    unassigned_before = int(dialog.figure_labels["unassigned", "after"].text())

    previews = []
    dialog.preview_changed.connect(previews.append)
    menu = dialog.routes.menu_for(loose)
    leave = next(a for a in menu.actions() if a.text() == "Leave unassigned")
    assert {a.text() for a in menu.actions() if a.text().startswith("Move to ")} == {
        f"Move to {dialog.day_problem.technicians[t].name}" for t in dialog.lists if t != target.technician_id}
    leave.trigger()

    assert dialog.dropped_list.row_of(loose) >= 0
    assert "left unassigned by hand" in dialog.dropped_list.item(dialog.dropped_list.row_of(loose)).text()
    assert int(dialog.figure_labels["unassigned", "after"].text()) == unassigned_before + 1
    assert previews[-1][day.loose] == (None, at(11), at(12))
    assert dialog.apply_button.isEnabled()

    dialog.dropped_list.setFocus()
    dialog.dropped_list.setCurrentRow(dialog.dropped_list.row_of(str(day.nowhere)))
    qtbot.keyClick(dialog.dropped_list, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert dialog.dropped_list.row_of(str(day.nowhere)) >= 0  # no coordinates: it cannot go on a route
    assert "has no coordinates" in dialog.note_label.text()


def test_a_fixed_visit_stays_with_its_technician(qtbot, dialog, day):
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    air = dialog.lists[str(day.air)]
    before = air.visit_ids()
    air.setFocus()
    air.setCurrentRow(air.row_of(str(day.fixed)))

    qtbot.keyClick(air, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)

    assert air.visit_ids() == before
    assert "is fixed and stays with its technician" in dialog.note_label.text()


def test_discarding_by_escape_or_closing_clears_the_preview(qtbot, db, dialog, day):
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.preview_cleared, timeout=1000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
    assert visit_row(db, day.loose) == (None, at(11))

    again = OptimiseDialog(db, HEAD, DAY, day.zone_id, None, time_limits=(1.0,), now=NOW)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.mouseClick(again.start_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(again.preview_cleared, timeout=1000):
        again.close()
    assert visit_row(db, day.loose) == (None, at(11))


def test_ctrl_return_applies_and_the_preview_is_cleared(qtbot, db, dialog, day):
    shown(qtbot, dialog)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    cleared = []
    dialog.preview_cleared.connect(lambda: cleared.append(True))
    with qtbot.waitSignal(dialog.plan_applied, timeout=5000):
        qtbot.keyClick(dialog.lists[str(day.water)], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert cleared == [True] and dialog.result() == dialog.DialogCode.Accepted
    assert visit_row(db, day.loose)[0] == day.water
