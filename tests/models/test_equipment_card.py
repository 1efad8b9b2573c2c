"""The equipment card: owner, dates, warranty by date and usage with the latest reading, one history merged by time
(orders, visits, calls, parts, claims), a model's frequent problems across clients, and finding a unit by serial."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from models.calls import Call
from models.catalog import Service
from models.claims import Claim, PartReplacement
from models.clients import Client
from models.database import Database
from models.equipment import Equipment
from models.equipment_card import EquipmentNotFound, describe_part, find_by_serial, load_equipment_card
from models.scheduling import Visit
from tests.factories import add_client, add_equipment, add_order, add_pipeline, add_technician

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
TODAY = date(2025, 6, 1)


@pytest.fixture
def tractor(db: Database) -> dict:
    with db.transaction() as session:
        _pipeline, stages = add_pipeline(session, "eq_card")
        owner = add_client(session, "ООО Агрофирма Рассвет", "+79120000101", address="с. Кременкуль, ул. Мира, 1")
        other = add_client(session, "КФХ Петров", "+79120000102", address="с. Долгодеревенское")
        unit = add_equipment(session, owner, serial="MTZ-82-0001", kind="Трактор", model="Беларус-82.1",
                             warranty_until=date(2026, 1, 1), usage_limit=Decimal(2000), usage_unit="engine_hours",
                             readings=((T0, Decimal(900)), (T0 + timedelta(days=30), Decimal(1500)),
                                       (T0 - timedelta(days=30), Decimal(400))))
        unit.sold_on, unit.installed_on, unit.commissioned_on = date(2024, 1, 10), date(2024, 1, 20), date(2024, 2, 1)
        twin = add_equipment(session, other, serial="MTZ-82-0002", kind="Трактор", model="Беларус-82.1")
        stranger = add_equipment(session, other, serial="DK-77", model="FTXB35C")
        tech = add_technician(session, "Сидоров Иван", ("tractor",))
        service = Service(code="eq_diag", name="Диагностика трактора", price=Decimal(3000), duration_min=60)
        session.add(service)
        session.flush()
        first = add_order(session, owner, stages[2], "Течь масла", equipment_id=unit.id, scenario="warranty_repair",
                          description="Течёт масло из-под КПП", created_at=T0)
        second = add_order(session, owner, stages[1], "Не заводится", equipment_id=unit.id,
                           scenario="post_warranty_repair", created_at=T0 + timedelta(days=40))
        add_order(session, owner, stages[1], "ТО-1", equipment_id=unit.id, scenario="warranty_maintenance",
                  created_at=T0 + timedelta(days=20))
        add_order(session, other, stages[1], "Ремонт", equipment_id=twin.id, created_at=T0,
                  description=" течёт масло из-под КПП")
        add_order(session, other, stages[1], "Не заводится", equipment_id=twin.id, created_at=T0,
                  description="Долгая история:\nсначала не заводился утром, потом…")
        add_order(session, other, stages[1], "Не охлаждает", equipment_id=stranger.id, created_at=T0)
        session.add_all([
            Visit(order_id=first.id, technician_id=tech.id, service_id=service.id, status="done",
                  starts_at=T0 + timedelta(days=2), ends_at=T0 + timedelta(days=2, hours=2), note="Заменён сальник"),
            Call(pbx_call_id="eq-call-1", direction="inbound", from_number="+79120000101", to_number="100",
                 started_at=T0 - timedelta(hours=1), status="ended", talk_seconds=125, client_id=owner.id,
                 order_id=first.id),
            Call(pbx_call_id="eq-call-2", direction="inbound", from_number="+79120000101", to_number="100",
                 started_at=T0 + timedelta(days=3), status="ended", client_id=owner.id),  # about nothing in particular
            PartReplacement(equipment_id=unit.id, order_id=first.id, part_name="Сальник КПП", old_serial="S-1",
                            new_serial="S-2", reason="течь", created_at=T0 + timedelta(days=2, hours=1)),
            PartReplacement(equipment_id=twin.id, part_name="сальник кпп", created_at=T0),
            Claim(order_id=first.id, equipment_id=unit.id, manufacturer_id=unit.manufacturer_id, defect="Течь масла",
                  status="sent", sent_at=T0 + timedelta(days=1), created_at=T0 + timedelta(hours=5)),
        ])
    return dict(unit=unit.id, owner=owner.id, first=first.id, second=second.id, number=first.number)


def test_card_shows_owner_dates_and_warranty_by_date_and_latest_reading(db: Database, tractor):
    card = load_equipment_card(db, tractor["unit"], today=TODAY)
    assert (card.client_id, card.client_name) == (tractor["owner"], "ООО Агрофирма Рассвет")
    assert card.site_address == "с. Кременкуль, ул. Мира, 1"
    assert (card.model, card.manufacturer, card.serial) == ("Беларус-82.1", "Daikin", "MTZ-82-0001")
    assert (card.sold_on, card.installed_on, card.commissioned_on) == (date(2024, 1, 10), date(2024, 1, 20),
                                                                       date(2024, 2, 1))
    assert card.latest_reading == Decimal(1500)  # the latest by date, not the largest id or the first entered
    assert card.warranty.active and card.warranty.usage_left == Decimal(500)
    assert [r.value for r in card.readings] == [Decimal(1500), Decimal(900), Decimal(400)]
    assert card.row.warranty_active and card.row.usage_left == Decimal(500)


def test_usage_over_the_limit_ends_the_warranty_before_the_date(db: Database, tractor):
    with db.transaction() as session:
        session.get(Equipment, tractor["unit"]).warranty_usage_limit = Decimal(1500)
    card = load_equipment_card(db, tractor["unit"], today=TODAY)
    assert not card.warranty.active
    assert card.warranty.describe() == "warranty expired"
    later = load_equipment_card(db, tractor["unit"], today=date(2026, 2, 1))
    assert not later.warranty.active


def test_history_is_one_list_newest_first_with_every_kind(db: Database, tractor):
    card = load_equipment_card(db, tractor["unit"], today=TODAY)
    kinds = [item.kind for item in card.history]
    assert sorted(set(kinds)) == ["call", "claim", "order", "part", "visit"]
    times = [item.at for item in card.history]
    assert times == sorted(times, reverse=True)
    assert card.order_count == 3 and len(card.orders) == 3
    order = next(i for i in card.history if i.kind == "order" and i.order_id == tractor["first"])
    assert (order.title, order.detail, order.scenario) == ("Течь масла", "Течёт масло из-под КПП", "warranty_repair")
    assert order.stage == "Закрыто" and order.stage_kind == "won"
    visit = next(i for i in card.history if i.kind == "visit")
    assert visit.title == "Диагностика трактора" and "Сидоров Иван" in visit.detail and visit.status == "done"
    calls = [i for i in card.history if i.kind == "call"]
    assert len(calls) == 1 and calls[0].order_number == tractor["number"]  # only the call about this unit's order
    assert "2:05" in calls[0].detail
    part = next(i for i in card.history if i.kind == "part")
    assert part.title == "Сальник КПП" and part.detail.startswith("S-1 → S-2")
    assert describe_part(card.parts[0]) == "S-1 → S-2"
    claim = next(i for i in card.history if i.kind == "claim")
    assert claim.status == "sent" and claim.order_number == tractor["number"]


def test_frequent_problems_count_every_client_of_the_same_model_and_skip_planned_work(db: Database, tractor):
    card = load_equipment_card(db, tractor["unit"], today=TODAY)
    complaints = {p.text.strip().lower(): (p.count, p.units) for p in card.problems if p.kind == "complaint"}
    # a short description is the complaint (whatever the title says), else the title; case and spaces do not count
    assert complaints["течёт масло из-под кпп"] == (2, 2)
    assert complaints["не заводится"] == (2, 2)  # the neighbour's long story counts by its title
    assert "то-1" not in complaints  # maintenance is planned work, not a problem
    assert "не охлаждает" not in complaints  # another model
    parts = [(p.text.lower(), p.count, p.units) for p in card.problems if p.kind == "part"]
    assert parts == [("сальник кпп", 2, 2)]


def test_a_unit_with_many_orders_loads_in_a_fixed_number_of_queries(db: Database, tractor):
    with db.transaction() as session:
        unit = session.get(Equipment, tractor["unit"])
        from models.pipelines import Order
        first = session.get(Order, tractor["first"])
        for i in range(60):
            session.add(Order(pipeline_id=first.pipeline_id, stage_id=first.stage_id, client_id=unit.client_id,
                              equipment_id=unit.id, title=f"Заявка {i}", created_at=T0 + timedelta(hours=i)))
    statements: list[str] = []

    def count(*_args) -> None:
        statements.append("x")

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        card = load_equipment_card(db, tractor["unit"], today=TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert card.order_count == 63
    assert len(statements) <= 12


def test_missing_unit_says_so(db: Database):
    with pytest.raises(EquipmentNotFound, match="does not exist"):
        load_equipment_card(db, 987654321)


def test_find_by_serial_puts_the_exact_match_first_and_ignores_case(db: Database, tractor):
    hits = find_by_serial(db, "mtz-82-000")
    assert [h.serial for h in hits] == ["MTZ-82-0001", "MTZ-82-0002"]
    exact = find_by_serial(db, "  mtz-82-0002 ")
    assert exact[0].serial == "MTZ-82-0002" and exact[0].client_name == "КФХ Петров"
    assert find_by_serial(db, "M") == []
    assert find_by_serial(db, "%") == []


def test_a_serial_also_on_another_clients_unit_is_flagged_with_that_unit(db: Database, tractor):
    assert load_equipment_card(db, tractor["unit"], today=TODAY).serial_conflicts == ()
    with db.transaction() as session:
        owner = session.get(Client, tractor["owner"])
        stranger = add_client(session, "ИП Сидоров", "+79120000103")
        copy = add_equipment(session, stranger, serial="mtz-82-0001", kind="Трактор", model="Беларус-82.1")
        same_owner = add_equipment(session, owner, serial="MTZ-82-0001", kind="Трактор", model="Беларус-82.1")
        copy_id, same_owner_id = copy.id, same_owner.id
    card = load_equipment_card(db, tractor["unit"], today=TODAY)
    assert [(c.unit_id, c.client_name, c.model, c.manufacturer) for c in card.serial_conflicts] == [
        (copy_id, "ИП Сидоров", "Беларус-82.1", "Daikin")]  # the owner's own second unit is not another client's
    assert [c.unit_id for c in load_equipment_card(db, copy_id, today=TODAY).serial_conflicts] == [
        tractor["unit"], same_owner_id]
