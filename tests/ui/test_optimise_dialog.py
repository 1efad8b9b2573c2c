"""The Optimise dialog: solve with a short limit, preview the figures, re-order stops, apply or be refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.scheduling import Visit
from models.users import UserRef
from tests.models.test_route_optimise import DAY, NOW, Day, _day, at
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
