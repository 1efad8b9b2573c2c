"""The order registry page: pages load as it scrolls, headers sort in the database, filters and saved views,
columns remembered per user, export in the background with progress and Cancel, live updates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select, update

from models.company import User
from models.order_registry import RegistrySpec
from models.pipelines import Order
from models.users import UserRef
from tests.factories import add_client, add_order, add_pipeline
from tests.ui.keys import type_text
from ui.chips import STATUS_ROLE
from ui.orders_registry import OrdersRegistryView
from ui.orders_registry_model import ORDER_ID_ROLE, OrdersRegistryTableModel
from ui.settings import Settings
from ui.status_palette import RED

M = OrdersRegistryTableModel


def column(model, col: int, role=Qt.ItemDataRole.DisplayRole) -> list:
    return [model.data(model.index(row, col), role) for row in range(model.rowCount())]


def click_header(view: OrdersRegistryView, logical: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(QSettings(str(tmp_path / "fielddesk.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def demo_view(qtbot, demo_database, settings) -> OrdersRegistryView:
    view = OrdersRegistryView(demo_database, None, settings)
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.show()
    qtbot.waitExposed(view)
    assert view.loaded
    return view


@pytest.fixture
def small(db):
    """A user and three orders of one pipeline, in a database rolled back after the test."""
    with db.transaction() as session:
        user = User(login="registry_ui", full_name="Смирнова Анна", role="manager")
        session.add(user)
        session.flush()
        _pipeline, stages = add_pipeline(session, "ui")
        client = add_client(session, "Иванов Пётр", "+7 351 123 45 67", address="Челябинск, ул. Ленина, д. 5")
        now = datetime.now(UTC)
        orders = [add_order(session, client, stages[i % 2], f"Заказ {i}", owner_id=user.id,
                            created_at=now - timedelta(days=10 - i), due_at=now + timedelta(days=5 - 3 * i))
                  for i in range(3)]
        return {"user": UserRef(user.id, user.login, user.full_name, user.role, None),
                "stages": [s.id for s in stages], "orders": [o.id for o in orders], "client": client.id}


def test_rows_load_a_page_at_a_time_newest_first(demo_view):
    model = demo_view.model
    assert model.rowCount() == 200 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    created = [model.row_at(r).created_at for r in range(model.rowCount())]
    assert created == sorted(created, reverse=True)
    assert "3000" in demo_view.summary_label.text()
    chip = model.data(model.index(0, M.COL_STAGE), STATUS_ROLE)
    assert chip.color == model.row_at(0).stage_color and chip.label == model.row_at(0).stage


def test_clicking_a_header_sorts_in_the_database_and_unsortable_columns_keep_the_order(demo_view):
    click_header(demo_view, M.COL_NUMBER)
    spec = demo_view.model.spec
    assert spec.sort == "number"
    numbers = [int(n) for n in column(demo_view.model, M.COL_NUMBER)]
    assert numbers == sorted(numbers, reverse=spec.descending) and len(numbers) == 200
    assert (numbers[0] == 1000) != spec.descending  # the very first or the very last order of all 3,000
    click_header(demo_view, M.COL_NUMBER)
    assert demo_view.model.spec.descending != spec.descending
    click_header(demo_view, M.COL_CLIENT)
    assert demo_view.model.spec.sort == "number"
    assert demo_view.table.horizontalHeader().sortIndicatorSection() == M.COL_NUMBER


def test_filters_narrow_the_rows_and_search_finds_an_order_by_number(demo_view):
    demo_view.pipeline_combo.setCurrentIndex(1)
    demo_view.stage_combo.setCurrentIndex(2)
    stage = demo_view.stage_combo.currentText()
    assert demo_view.model.rowCount() > 0
    assert set(column(demo_view.model, M.COL_STAGE)) == {stage}
    demo_view.pipeline_combo.setCurrentIndex(0)
    number = demo_view.model.row_at(0).number
    type_text(demo_view.search_edit, str(number))
    QTest.keyClick(demo_view.search_edit, Qt.Key.Key_Return)
    assert column(demo_view.model, M.COL_NUMBER) == [str(number)]
    assert "1 order" in demo_view.summary_label.text()


def test_overdue_rows_are_marked_in_red_with_words(demo_view):
    demo_view.overdue_check.setChecked(True)
    model = demo_view.model
    assert model.rowCount() > 0 and all(model.row_at(r).overdue for r in range(model.rowCount()))
    assert model.data(model.index(0, M.COL_DUE), Qt.ItemDataRole.ForegroundRole).name() == RED.lower()
    assert "overdue" in model.data(model.index(0, M.COL_DUE))


def test_enter_and_double_click_open_the_order(qtbot, demo_view):
    demo_view.table.setCurrentIndex(demo_view.model.index(3, M.COL_CLIENT))
    with qtbot.waitSignal(demo_view.open_order_requested) as opened:
        QTest.keyClick(demo_view.table, Qt.Key.Key_Return)
    assert opened.args == [demo_view.model.row_at(3).id]
    with qtbot.waitSignal(demo_view.open_order_requested) as opened:
        demo_view.table.doubleClicked.emit(demo_view.model.index(5, M.COL_TITLE))
    assert opened.args == [demo_view.model.row_at(5).id]


def test_export_runs_in_the_background_and_names_the_file_and_count(qtbot, demo_view, tmp_path):
    demo_view.stage_combo.setCurrentIndex(3)
    demo_view.set_column_visible(M.COL_PHONE, False)
    expected = demo_view.row_count.count
    with qtbot.waitSignal(demo_view.export_finished) as finished:
        demo_view.start_export(str(tmp_path / "view.xlsx"))
    result = finished.args[0]
    assert result.rows == expected
    assert str(tmp_path / "view.xlsx") in demo_view.summary_label.text() and str(expected) in \
        demo_view.summary_label.text()
    rows = list(openpyxl.load_workbook(result.path).active.iter_rows(values_only=True))
    titles = demo_view.model.headers()
    assert rows[0] == tuple(titles[c] for c in demo_view.visible_columns())
    assert "Phone" not in rows[0] and len(rows) == expected + 1
    assert demo_view.export_button.isEnabled() and demo_view.progress_dialog is None


def test_cancel_stops_the_export_and_leaves_no_file(demo_view, tmp_path):
    def cancel_after_first_batch(value):
        original(value)
        demo_view.progress_dialog.findChild(QPushButton).click()

    original = demo_view.on_export_progress
    demo_view.on_export_progress = cancel_after_first_batch
    demo_view.start_export(str(tmp_path / "all.xlsx"))
    assert "cancelled" in demo_view.summary_label.text()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == []
    assert demo_view.export_button.isEnabled()


def test_saved_views_round_trip(qtbot, db, small, settings):
    view = OrdersRegistryView(db, small["user"], settings)
    qtbot.addWidget(view)
    view.ensure_loaded()
    view.pipeline_combo.setCurrentIndex(view.pipeline_combo.findText("Ремонт ui"))
    view.stage_combo.setCurrentIndex(view.stage_combo.findData(small["stages"][0]))
    view.overdue_check.setChecked(True)
    assert [view.model.row_at(r).id for r in range(view.model.rowCount())] == [small["orders"][2]]
    view.save_current_view("Просроченные заявки")
    assert view.views_combo.currentText() == "Просроченные заявки"

    other = OrdersRegistryView(db, small["user"], settings)
    qtbot.addWidget(other)
    other.ensure_loaded()
    assert other.model.rowCount() == 3
    index = other.views_combo.findText("Просроченные заявки")
    other.views_combo.setCurrentIndex(index)
    other.views_combo.activated.emit(index)
    assert other.overdue_check.isChecked() and other.stage_combo.currentData() == small["stages"][0]
    assert [other.model.row_at(r).id for r in range(other.model.rowCount())] == [small["orders"][2]]
    other.delete_current_view()
    assert other.views_combo.findText("Просроченные заявки") == -1


def test_columns_order_widths_and_visibility_are_remembered_per_user(qtbot, db, small, settings):
    view = OrdersRegistryView(db, small["user"], settings)
    qtbot.addWidget(view)
    header = view.table.horizontalHeader()
    view.set_column_visible(M.COL_OWNER, False)
    header.moveSection(header.visualIndex(M.COL_TITLE), 0)
    header.resizeSection(M.COL_CLIENT, 333)
    view.save_layout()
    again = OrdersRegistryView(db, small["user"], settings)
    qtbot.addWidget(again)
    restored = again.table.horizontalHeader()
    assert restored.isSectionHidden(M.COL_OWNER) and restored.logicalIndex(0) == M.COL_TITLE
    assert restored.sectionSize(M.COL_CLIENT) == 333
    stranger = OrdersRegistryView(db, UserRef(small["user"].id + 1, "someone", "Кто-то", "manager", None), settings)
    qtbot.addWidget(stranger)
    assert not stranger.table.horizontalHeader().isSectionHidden(M.COL_OWNER)


def test_live_updates_refresh_shown_rows_and_add_new_ones(qtbot, db, small, settings):
    view = OrdersRegistryView(db, small["user"], settings)
    qtbot.addWidget(view)
    view.ensure_loaded()
    view.pipeline_combo.setCurrentIndex(view.pipeline_combo.findText("Ремонт ui"))
    assert view.model.rowCount() == 3
    with db.transaction() as session:
        session.execute(update(Order).where(Order.id == small["orders"][0]).values(title="Изменено"))
        pipeline_id = session.execute(select(Order.pipeline_id).where(Order.id == small["orders"][0])).scalar_one()
        fresh = Order(pipeline_id=pipeline_id, stage_id=small["stages"][1], client_id=small["client"],
                      title="Новый заказ")
        session.add(fresh)
        session.flush()
        fresh_id = fresh.id
    view.on_orders_changed({small["orders"][0], fresh_id})
    titles = column(view.model, M.COL_TITLE)
    assert titles[0] == "Новый заказ" and "Изменено" in titles and len(titles) == 4
    assert view.model.data(view.model.index(0, 0), ORDER_ID_ROLE) == fresh_id
    view.stage_combo.setCurrentIndex(view.stage_combo.findData(small["stages"][1]))
    assert fresh_id in [view.model.row_at(r).id for r in range(view.model.rowCount())]
    with db.transaction() as session:
        session.execute(update(Order).where(Order.id == fresh_id).values(stage_id=small["stages"][2]))
    view.on_orders_changed({fresh_id})
    assert fresh_id not in [view.model.row_at(r).id for r in range(view.model.rowCount())]


def test_an_unknown_callers_request_reads_as_such(db, small):
    model = OrdersRegistryTableModel(db)
    with db.transaction() as session:
        pipeline_id = session.execute(select(Order.pipeline_id).where(Order.id == small["orders"][0])).scalar_one()
        session.add(Order(pipeline_id=pipeline_id, stage_id=small["stages"][0], requester_phone="+79120005566",
                          title="Перезвонить"))
    model.set_spec(RegistrySpec(pipeline_ids=(pipeline_id,)))
    assert model.data(model.index(0, M.COL_CLIENT)) == "+7 912 000-55-66 (unknown caller)"
