"""The registry's XLSX export: header, typed cells, every row in the view's order, nothing left on cancel."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

import reports.orders_xlsx as orders_xlsx
from models.order_registry import RegistrySpec, fetch_page
from models.pipelines import Order
from reports.orders_xlsx import ExportCancelled, ExportError, export_orders

COLUMNS = ("number", "created_at", "client", "stage", "amount", "paid", "due_at", "overdue", "custom_fields",
           "custom:engine_hours")


@pytest.fixture(scope="module")
def stage_spec(demo_database) -> RegistrySpec:
    with demo_database.session() as session:
        pipeline_id = session.execute(select(Order.pipeline_id).order_by(Order.id).limit(1)).scalar_one()
    return RegistrySpec(pipeline_ids=(pipeline_id,), sort="number", descending=False)


def test_the_workbook_holds_the_view_with_typed_cells(demo_database, stage_spec, tmp_path):
    calls: list[tuple[int, int]] = []
    result = export_orders(demo_database, stage_spec, tmp_path / "orders", COLUMNS,
                           progress=lambda done, total: calls.append((done, total)),
                           headers={"number": "№", "client": "Клиент"})
    assert result.path == tmp_path / "orders.xlsx"
    expected = fetch_page(demo_database, stage_spec, 0, 5000)
    assert result.rows == len(expected) > 100
    assert calls[-1] == (result.rows, result.rows)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)

    sheet = openpyxl.load_workbook(result.path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("№", "Created", "Клиент", "Stage", "Amount", "Paid", "Due", "Overdue", "Custom fields",
                       "engine_hours")
    assert len(rows) == result.rows + 1
    assert [r[0] for r in rows[1:]] == [o.number for o in expected]
    first, cells = expected[0], next(sheet.iter_rows(min_row=2, max_row=2))
    assert isinstance(cells[1].value, datetime)
    assert cells[1].value == first.created_at.replace(tzinfo=None, microsecond=0)
    assert cells[1].number_format == "DD.MM.YYYY HH:MM"
    assert isinstance(cells[4].value, int | float) and Decimal(str(cells[4].value)) == first.amount
    assert cells[4].number_format == "#,##0.00"
    assert cells[2].value == first.client and cells[3].value == first.stage
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{result.rows + 1}"
    with_hours = next((o for o in expected if "engine_hours" in o.custom_fields), None)
    if with_hours is not None:
        row = rows[1 + expected.index(with_hours)]
        assert row[9] == with_hours.custom_fields["engine_hours"] and "engine_hours: " in row[8]


def test_cancel_leaves_no_file_not_even_a_temporary_one(demo_database, stage_spec, tmp_path):
    target = tmp_path / "orders.xlsx"
    polls = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) > 1  # after the first batch

    with pytest.raises(ExportCancelled):
        export_orders(demo_database, RegistrySpec(), target, COLUMNS, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_when_the_export_completes(demo_database, stage_spec, tmp_path):
    target = tmp_path / "orders.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ExportCancelled):
        export_orders(demo_database, stage_spec, target, COLUMNS, cancelled=lambda: True)
    assert target.read_bytes() == b"old"
    export_orders(demo_database, RegistrySpec(text="no such words anywhere"), target, ("number", "title"))
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows == [("No.", "Title")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orders.xlsx"]


def test_bad_requests_say_what_to_change(demo_database, tmp_path):
    with pytest.raises(ExportError, match="not a registry column"):
        export_orders(demo_database, RegistrySpec(), tmp_path / "x.xlsx", ("number", "secret"))
    with pytest.raises(ExportError, match="does not exist"):
        export_orders(demo_database, RegistrySpec(), tmp_path / "missing" / "x.xlsx", ("number",))
    with pytest.raises(ExportError, match="at least one column"):
        export_orders(demo_database, RegistrySpec(), tmp_path / "x.xlsx", ())
    assert list(tmp_path.iterdir()) == []


def test_a_view_larger_than_a_sheet_is_refused_before_writing(demo_database, monkeypatch, tmp_path):
    monkeypatch.setattr(orders_xlsx, "MAX_ROWS", 11)  # a sheet of ten rows under the header
    with pytest.raises(ExportError, match="more than 10 orders, more than an Excel sheet can; narrow the filter"):
        export_orders(demo_database, RegistrySpec(), tmp_path / "orders.xlsx", ("number",))
    assert list(tmp_path.iterdir()) == []


def test_a_failure_midway_leaves_no_file(demo_database, tmp_path):
    def progress(done: int, total: int) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export_orders(demo_database, RegistrySpec(), tmp_path / "orders.xlsx", COLUMNS, progress)
    assert list(tmp_path.iterdir()) == []
