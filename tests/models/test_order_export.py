"""The lean read behind the XLSX export: the registry's rows, filter and sort as tuples, in one snapshot."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models.order_export import EXPORT_FIELDS, ExportFieldError, custom_fields_text, export_rows, open_order_export
from models.order_registry import RegistrySpec, fetch_page
from models.pipelines import Order
from tests.factories import add_client, add_equipment, add_order, add_pipeline

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _as_tuple(row) -> tuple:
    return (row.number, row.created_at, row.pipeline, row.stage, row.client, row.phone, row.address, row.equipment,
            row.owner, row.source, row.amount, row.paid, row.due_at, row.overdue, row.title,
            custom_fields_text(row.custom_fields))


@pytest.fixture(scope="module")
def pipeline_id(demo_database) -> int:
    with demo_database.session() as session:
        return session.execute(select(Order.pipeline_id).order_by(Order.id).limit(1)).scalar_one()


@pytest.mark.parametrize("make_spec", [
    lambda p: RegistrySpec(pipeline_ids=(p,), sort="number", descending=False),
    lambda p: RegistrySpec(),
    lambda p: RegistrySpec(sort="due_at", descending=False),
    lambda p: RegistrySpec(overdue_only=True, sort="created_at", descending=False),
    lambda p: RegistrySpec(text="ремонт"),
])
def test_every_field_and_the_order_match_the_registry(demo_database, pipeline_id, make_spec):
    spec = make_spec(pipeline_id)
    expected = [_as_tuple(r) for r in fetch_page(demo_database, spec, 0, 100_000, now=NOW)]
    rows = [row for batch in export_rows(demo_database, spec, batch=37, now=NOW) for row in batch]
    assert len(expected) > 0
    assert rows == expected


def test_chosen_fields_and_custom_fields_in_their_own_columns(demo_database):
    spec = RegistrySpec(sort="number", descending=False)
    registry = fetch_page(demo_database, spec, 0, 100_000, now=NOW)
    keys = sorted({key for row in registry for key in row.custom_fields})
    assert keys, "the demo data has custom fields"
    fields = ["title", f"custom:{keys[0]}", "number", "number"]
    rows = [row for batch in export_rows(demo_database, spec, fields, now=NOW) for row in batch]
    assert rows == [(r.title, r.custom_fields.get(keys[0]), r.number, r.number) for r in registry]
    assert any(row[1] is not None for row in rows)


def test_the_count_is_exact_and_stops_at_the_limit_asked_for(demo_database):
    everything = RegistrySpec()
    with open_order_export(demo_database, everything, ["number"]) as export:
        total = export.total
        assert sum(len(batch) for batch in export.batches(500)) == total > 10
    with open_order_export(demo_database, everything, ["number"], count_limit=5) as export:
        assert export.total == 6


def test_stopping_early_ends_the_reader(demo_database):
    with open_order_export(demo_database, RegistrySpec(), ["number", "client"]) as export:
        batches = export.batches(3)
        first = next(batches)
        batches.close()
    assert len(first) == 3
    assert not [t for t in threading.enumerate() if t.name == "order-export-reader"]


def test_unknown_fields_are_refused_with_the_known_ones(demo_database):
    with pytest.raises(ExportFieldError, match="'secret' is not a registry column; use one of: number"):
        list(export_rows(demo_database, RegistrySpec(), ["number", "secret"]))
    with pytest.raises(ExportFieldError, match="at least one column"):
        list(export_rows(demo_database, RegistrySpec(), []))
    assert "custom_fields" in EXPORT_FIELDS


def test_the_rows_come_from_one_snapshot_while_others_write(fresh_database):
    with fresh_database.transaction() as session:
        _pipeline, (new, _repair, _closed) = add_pipeline(session, "snap")
        client = add_client(session, "Сидоров Олег", "+7 351 222 33 44", address="Челябинск, ул. Кирова, д. 1")
        unit = add_equipment(session, client, serial="SN-1")
        ids = [add_order(session, client, new, f"Заявка {i}", equipment_id=unit.id, amount=100 * i).id
               for i in range(1, 5)]
    spec = RegistrySpec(sort="number", descending=False)
    with open_order_export(fresh_database, spec, ["number", "title", "equipment", "phone", "amount"]) as export:
        assert export.total == 4
        with fresh_database.transaction() as session:  # another workstation commits after the count
            session.get(Order, ids[-1]).title = "Переименована"
            add_order(session, client, new, "Новая")
        rows = [row for batch in export.batches(1) for row in batch]
    titles = [row[1] for row in rows]
    assert titles == ["Заявка 1", "Заявка 2", "Заявка 3", "Заявка 4"]
    assert rows[0][2:] == ("Кондиционер FTXB35C № SN-1", "+73512223344", 100)
