"""The Overdue page: who is late and by how long, grouped by person or stage, opening what is late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester, QTest

from models.company import User
from models.database import Database
from models.pipeline_rules import RuleFiring, StageRule
from models.pipelines import Order, Pipeline, Stage, Task
from models.users import UserRef
from tests.factories import add_client
from ui.chips import STATUS_ROLE
from ui.overdue_page import OverduePage, OverdueTreeModel, late_text
from ui.status_palette import RED

M = OverdueTreeModel


@dataclass
class Late:
    anna: UserRef
    kitchen: int  # order ids
    wardrobe: int
    client_id: int
    survey: int  # stage id


@pytest.fixture
def late(db: Database) -> Late:
    now = datetime.now(UTC)
    with db.transaction() as s:
        pipeline = Pipeline(name="Мебель", code="furniture_ui")
        s.add(pipeline)
        s.flush()
        request, survey = (Stage(pipeline_id=pipeline.id, position=i, name=n, color=c, sla_hours=sla)
                           for i, (n, c, sla) in enumerate((("Заявка", "#90a4ae", None), ("Замер", "#42a5f5", 48))))
        s.add_all([request, survey])
        anna = User(login="anna_ui", full_name="Анна Смирнова", role="manager")
        boris = User(login="boris_ui", full_name="Борис Орлов", role="manager")
        s.add_all([anna, boris])
        s.flush()
        client = add_client(s, "Иванов Пётр", "+79120000001")
        kitchen = Order(pipeline_id=pipeline.id, stage_id=survey.id, client_id=client.id, title="Кухня",
                        owner_id=boris.id, stage_entered_at=now - timedelta(hours=60, minutes=30))
        wardrobe = Order(pipeline_id=pipeline.id, stage_id=request.id, client_id=client.id, title="Шкаф-купе",
                         owner_id=anna.id, stage_entered_at=now - timedelta(hours=1))
        s.add_all([kitchen, wardrobe])
        s.flush()
        s.add_all([
            Task(order_id=wardrobe.id, assignee_id=anna.id, title="Подготовить КП", due_at=now - timedelta(
                days=2, hours=3, minutes=30)),
            Task(order_id=kitchen.id, assignee_id=anna.id, title="Подтвердить замер",
                 due_at=now - timedelta(minutes=45, seconds=30)),
            Task(client_id=client.id, kind="callback", title="Перезвонить +7 912 000-00-01",
                 due_at=now - timedelta(hours=1, minutes=20, seconds=30)),
        ])
        s.flush()
        return Late(UserRef(anna.id, anna.login, anna.full_name, anna.role, None), kitchen.id, wardrobe.id,
                    client.id, survey.id)


def _page(qtbot, db: Database, user: UserRef | None = None) -> OverduePage:
    page = OverduePage(db, user)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def _tree(model: OverdueTreeModel) -> list[tuple[str, list[tuple[str, str]]]]:
    """Group titles with their rows as (late by, what is late)."""
    result = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        rows = [(model.index(r, M.COL_LATE, group).data(), model.index(r, M.COL_WHAT, group).data())
                for r in range(model.rowCount(group))]
        result.append((group.data(), rows))
    return result


def test_grouped_by_person_worst_first(qtbot, db: Database, late: Late) -> None:
    page = _page(qtbot, db, late.anna)
    assert page.summary_label.text() == "2 order(s) late · 1 callback(s) overdue · 0 broken rule(s)"
    assert _tree(page.model) == [
        ("Callbacks — 1 overdue, worst 1 h 20 min", [("1 h 20 min", "Call back")]),
        ("Анна Смирнова (you) — 2 late, worst 2 d 3 h", [("2 d 3 h", "Task «Подготовить КП»"),
                                                           ("45 min", "Task «Подтвердить замер»")]),
        ("Борис Орлов — 1 late, worst 12 h 30 min", [("12 h 30 min", "In «Замер» longer than 48 h")]),
    ]
    anna = page.model.index(1, 0)
    first = page.model.index(0, M.COL_LATE, anna)
    assert first.data(Qt.ItemDataRole.ForegroundRole) == QColor(RED)
    assert page.model.index(0, M.COL_ORDER, anna).data().startswith("№")
    assert page.model.index(0, M.COL_STAGE, anna).data(STATUS_ROLE).color == "#90a4ae"
    assert page.view.isExpanded(anna)


def test_grouped_by_stage(qtbot, db: Database, late: Late) -> None:
    page = _page(qtbot, db)
    QTest.mouseClick(page.by_stage_radio, Qt.MouseButton.LeftButton)
    titles = [title for title, _rows in _tree(page.model)]
    assert titles == ["Callbacks — 1 overdue, worst 1 h 20 min", "Мебель · Заявка — 1 late, worst 2 d 3 h",
                      "Мебель · Замер — 2 late, worst 12 h 30 min"]
    survey = page.model.index(2, 0)
    people = [page.model.index(r, M.COL_PERSON, survey).data() for r in range(page.model.rowCount(survey))]
    assert people == ["Борис Орлов", "Анна Смирнова"]


def test_enter_opens_the_order_and_a_callback_opens_its_client(qtbot, db: Database, late: Late) -> None:
    page = _page(qtbot, db)
    anna_first = page.model.index(0, 0, page.model.index(1, 0))
    page.view.setCurrentIndex(anna_first)
    page.view.setFocus()
    with qtbot.waitSignal(page.open_order_requested) as opened:
        QTest.keyClick(page.view, Qt.Key.Key_Return)
    assert opened.args == [late.wardrobe]
    callback = page.model.index(0, M.COL_WHAT, page.model.index(0, 0))
    rect = page.view.visualRect(callback)
    QTest.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_client_requested) as client:
        QTest.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert client.args == [late.client_id]


def test_live_changes_refresh_the_page(qtbot, db: Database, late: Late) -> None:
    page = _page(qtbot, db)
    page.throttle_timer.setInterval(10)
    page.on_data_changed({"visits": {1}}, set())  # nothing this page shows
    assert not page.throttle_timer.isActive()
    with db.transaction() as s:
        s.add(Task(order_id=late.kitchen, title="Заказать фасады", due_at=datetime.now(UTC) - timedelta(hours=3)))
    page.on_data_changed({"tasks"})
    page.on_data_changed({"tasks", "orders"})  # a burst: one re-read
    assert page.throttle_timer.isActive()
    qtbot.waitUntil(lambda: "Борис Орлов — 2 late" in page.model.index(2, 0).data())
    assert page.refresh_timer.isActive() and page.refresh_timer.interval() == 60_000


def test_a_broken_rule_is_listed_with_its_error(qtbot, db: Database, late: Late) -> None:
    with db.transaction() as s:
        rule = StageRule(stage_id=late.survey, kind="create_task",
                         params={"title": "Замер", "owner": "order_owner", "due_hours": 24})
        s.add(rule)
        s.flush()
        s.add(RuleFiring(rule_id=rule.id, order_id=late.kitchen, error="owner Глеб is inactive; task left unassigned"))
    page = _page(qtbot, db)
    assert page.summary_label.text().endswith("1 broken rule(s)")
    group = page.model.index(0, 0)
    assert group.data().startswith("Broken automation rules — 1 failed, oldest ")
    what = page.model.index(0, M.COL_WHAT, group).data()
    assert what.startswith("Automation failed: owner Глеб is inactive; task left unassigned")
    page.view.setCurrentIndex(page.model.index(0, 0, group))
    with qtbot.waitSignal(page.open_order_requested) as opened:
        QTest.keyClick(page.view, Qt.Key.Key_Enter)
    assert opened.args == [late.kitchen]


def test_nothing_late_says_so(qtbot, db: Database) -> None:
    page = _page(qtbot, db)
    assert page.empty_label.isVisible() and not page.view.isVisible()
    assert page.summary_label.text() == "0 order(s) late · 0 callback(s) overdue · 0 broken rule(s)"


def test_tree_model_is_consistent(qtbot, db: Database, late: Late) -> None:
    page = _page(qtbot, db)
    model = OverdueTreeModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_groups(page.report.groups("stage"))
    assert model.rowCount() == 3 and model.parent(model.index(0, 0, model.index(1, 0))) == model.index(1, 0)
    assert model.rowCount(model.index(0, 0, model.index(1, 0))) == 0 and model.parent(QModelIndex()) == QModelIndex()


@pytest.mark.parametrize(("late_by", "expected"), [(timedelta(days=2, hours=3, minutes=5), "2 d 3 h"),
                                                   (timedelta(minutes=45), "45 min"), (timedelta(hours=1), "1 h")])
def test_late_text(late_by: timedelta, expected: str) -> None:
    assert late_text(late_by) == expected
