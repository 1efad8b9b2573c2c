"""The Planning page with the Optimise window: the technicians selected on the board, one non-modal window, the
proposed plan previewed on the board and the map until it is applied or discarded."""

from __future__ import annotations

from functools import partial

import pytest
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from models.database import Database
from models.scheduling import Visit
from models.users import UserRef
from tests.models.test_planning_board import DAY, NOW, Plan, _plan, at
from ui.optimise_dialog import OptimiseDialog
from ui.planning_page import PlanningPage

HEAD = UserRef(1, "head", "Head", "service_head", None)


class StandInWindow(QDialog):
    """Takes what the Optimise window takes and emits what it emits, so the page's wiring is tested alone."""

    opened: list[StandInWindow] = []
    plan_applied = Signal(object)
    preview_changed = Signal(object)
    preview_cleared = Signal()

    def __init__(self, db, user, day, zone_id, technician_ids, tile_url=None, parent=None):
        super().__init__(parent)
        self.args = (day, zone_id, technician_ids)
        StandInWindow.opened.append(self)


@pytest.fixture
def plan(fresh_database) -> Plan:
    with fresh_database.transaction() as session:
        return _plan(session)


def _page(qtbot, db: Database) -> PlanningPage:
    page = PlanningPage(db, HEAD, day=DAY)
    page.board.view.now = lambda: NOW
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def _ctrl_r(qtbot, page: PlanningPage) -> None:
    """Ctrl+R with the page's window in front (the user is back on the board)."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    QTest.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.optimise_button.isDown()  # a button's shortcut clicks it as the mouse would: down, then up
    qtbot.waitUntil(lambda: not page.optimise_button.isDown())


def _click_header(view, technician_id: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    row = view.layout_rows.of(technician_id)
    y = view.mapFromScene(QPointF(0, row.y + row.height / 2)).y()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, QPointF(60, y).toPoint())


def _routes(page: PlanningPage) -> set[int]:
    return {item.route.technician_id for item in page.map._routes}


def test_optimise_opens_one_window_for_the_selected_technicians_and_previews_its_plan(qtbot, fresh_database, plan):
    StandInWindow.opened = []
    page = _page(qtbot, fresh_database)
    page.optimise_dialog_class = StandInWindow
    assert page.optimise_button.text() == "Optimise…"
    _click_header(page.board.view, plan.water)
    assert page.optimise_button.text() == "Optimise 1 technician(s)…"
    assert "selected on the board" in page.optimise_button.toolTip()

    _ctrl_r(qtbot, page)
    assert len(StandInWindow.opened) == 1
    window = StandInWindow.opened[0]
    assert window.args == (DAY, None, [plan.water])
    assert window.isVisible() and not window.isModal()  # the board stays usable beside it
    _ctrl_r(qtbot, page)
    assert len(StandInWindow.opened) == 1 and page.optimise_dialog is window  # raised, not opened twice

    assert _routes(page) == {plan.water}
    window.preview_changed.emit({plan.first: (plan.air, at(10), at(11)), plan.second: (plan.air, at(13), at(14))})
    assert page.board.preview is not None and page.board.preview.moved == {plan.first, plan.second}
    assert _routes(page) == {plan.air}  # the map shows the proposed routes
    assert page.map.pin_item(plan.first).pin.technician_id == plan.air
    window.preview_cleared.emit()
    assert page.board.preview is None and _routes(page) == {plan.water}

    window.preview_changed.emit({plan.second: (None, at(13), at(14))})
    with fresh_database.transaction() as session:  # what applying writes
        session.get(Visit, plan.second).technician_id = None
    window.plan_applied.emit(object())
    window.preview_cleared.emit()
    assert [v.id for v in page.board.tray_model.visits] == [plan.second]
    assert page.board.preview is None and not page.board.preview_banner.isVisible()

    window.preview_changed.emit({plan.first: (plan.water, at(11), at(12))})
    window.reject()  # closing the window discards the plan, and the next Ctrl+R opens a new one
    assert page.board.preview is None and page.optimise_dialog is None
    page.board.clear_technician_selection()
    assert page.optimise_button.text() == "Optimise…"
    _ctrl_r(qtbot, page)
    assert len(StandInWindow.opened) == 2 and StandInWindow.opened[1].args == (DAY, None, None)
    StandInWindow.opened[1].reject()


def test_the_real_optimise_window_previews_its_plan_on_the_board(qtbot, fresh_database, plan):
    page = _page(qtbot, fresh_database)
    page.optimise_dialog_class = partial(OptimiseDialog, time_limits=(1.0,), now=NOW)
    page.zone_combo.setCurrentIndex(page.zone_combo.findData(plan.zone_id))
    page.on_optimise_button_clicked()
    dialog = page.optimise_dialog
    assert isinstance(dialog, OptimiseDialog) and dialog.isVisible() and not dialog.isModal()
    with qtbot.waitSignal(dialog.preview_changed) as previewed:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    changes = previewed.args[0]
    assert {plan.first, plan.second} <= set(changes)  # every visit of the plan, moved or not
    assert page.board.preview is not None and page.board.preview_banner.isVisible()
    assert {item.visit.id for item in page.board.view.preview_items} >= {plan.first, plan.second}
    with qtbot.waitSignal(dialog.preview_cleared):
        dialog.reject()
    assert page.board.preview is None and not page.board.view.preview_items and page.optimise_dialog is None
