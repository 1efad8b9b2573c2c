"""SearchResultsTableModel without a window: rows, columns, labels and roles."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from models.views import SearchHit
from ui.search import SearchResultsTableModel

HITS = [
    SearchHit("phone", "Иванов Пётр", "+7 351 123-45-67", client_id=7),
    SearchHit("client", "ООО «Тепло»", "company", client_id=8),
    SearchHit("equipment", "SN-1 · Сплит-система Daikin", "Петрова А.", client_id=9, equipment_id=3),
    SearchHit("order", "#1042 Монтаж", "Иванов · Замер", client_id=7, order_id=12),
]


def cell(model: SearchResultsTableModel, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_rows_and_columns_follow_the_hits(qapp):
    model = SearchResultsTableModel()
    assert model.rowCount() == 0
    model.set_hits(HITS)
    assert model.rowCount() == 4
    assert model.columnCount() == 3
    assert model.rowCount(model.index(0, 0)) == 0  # a flat table: no children
    assert model.data(QModelIndex()) is None


def test_kind_is_a_short_label_and_title_and_details_are_shown(qapp):
    model = SearchResultsTableModel()
    model.set_hits(HITS)
    cols = SearchResultsTableModel
    assert [cell(model, r, cols.COL_KIND) for r in range(4)] == ["Phone", "Client", "Unit", "Order"]
    assert cell(model, 0, cols.COL_TITLE) == "Иванов Пётр"
    assert cell(model, 0, cols.COL_DETAILS) == "+7 351 123-45-67"
    assert cell(model, 1, cols.COL_DETAILS) == "company"
    assert cell(model, 3, cols.COL_TITLE) == "#1042 Монтаж"


def test_roles_give_the_hit_and_its_client(qapp):
    model = SearchResultsTableModel()
    model.set_hits(HITS)
    assert cell(model, 2, 0, SearchResultsTableModel.HIT_ROLE) == HITS[2]
    assert cell(model, 3, 1, SearchResultsTableModel.CLIENT_ID_ROLE) == 7
    assert model.hit(2).equipment_id == 3


def test_headers_name_the_columns(qapp):
    model = SearchResultsTableModel()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Type", "Name", "Details"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_a_new_result_list_replaces_the_old_one(qapp, qtbot):
    model = SearchResultsTableModel()
    model.set_hits(HITS)
    with qtbot.waitSignal(model.modelReset):
        model.set_hits(HITS[:1])
    assert model.rowCount() == 1
    model.set_hits([])
    assert model.rowCount() == 0
