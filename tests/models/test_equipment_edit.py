"""Registering and editing units: required model and kind, the site of the owner, dates not in the future and in
order, warranty months and usage limits, a serial never on two units (the refusal names the other client and unit),
moving a unit to another owner, parts with a new serial, and two desks registering one serial at once."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.claims import PartReplacement
from models.clients import Site
from models.database import Database
from models.equipment import Equipment, Manufacturer
from models.equipment_edit import (
    UnitChanged,
    UnitDraft,
    UnitRefused,
    add_months,
    create_unit,
    record_part_replacement,
    serial_owners,
    unit_draft,
    unit_form_options,
    update_unit,
)
from models.timeline import TimelineEntry
from tests.factories import add_client, add_equipment

TODAY = date(2025, 6, 1)


@pytest.fixture
def people(db: Database) -> dict:
    with db.transaction() as session:
        romashka = add_client(session, "ООО Ромашка", "+79120000201", address="ул. Ленина, 5", kind="company")
        ivanov = add_client(session, "Иванов Пётр", "+79120000202", address="ул. Мира, 7")
        held = add_equipment(session, romashka, serial="AB123", model="FTXB35C")
        return dict(romashka=romashka.id, ivanov=ivanov.id, held=held.id, ivanov_site=ivanov.sites[0].id,
                    romashka_site=romashka.sites[0].id)


def draft(client_id: int, **kw) -> UnitDraft:
    values = dict(model="FTXB50C", kind="Кондиционер", manufacturer="Daikin", serial="", sold_on=date(2025, 4, 1),
                  installed_on=date(2025, 4, 10), commissioned_on=date(2025, 4, 12))
    values.update(kw)
    return UnitDraft(client_id=client_id, **values)


def refusal(db: Database, unit: UnitDraft, unit_id: int | None = None) -> UnitRefused:
    with pytest.raises(UnitRefused) as info:
        if unit_id is None:
            create_unit(db, unit, user_id=None, today=TODAY)
        else:
            update_unit(db, unit_id, unit, user_id=None, today=TODAY)
    return info.value


def test_a_unit_is_registered_with_its_dates_warranty_and_a_timeline_note(db: Database, people):
    unit_id = create_unit(db, draft(people["ivanov"], site_id=people["ivanov_site"], serial="  ZX-900 ",
                                    warranty_months=36, warranty_usage_limit=Decimal(3000),
                                    usage_unit="engine_hours", note=" на балконе "), user_id=None, today=TODAY)
    with db.session() as session:
        unit = session.get(Equipment, unit_id)
        maker = session.get(Manufacturer, unit.manufacturer_id).name
        notes = session.execute(select(TimelineEntry.text).where(TimelineEntry.client_id == people["ivanov"])
                                ).scalars().all()
        session.expunge(unit)
    assert (unit.client_id, unit.site_id, unit.model, unit.kind, maker) == (
        people["ivanov"], people["ivanov_site"], "FTXB50C", "Кондиционер", "Daikin")
    assert unit.serial == "ZX-900" and unit.note == "на балконе"
    assert unit.warranty_until == date(2028, 4, 12)  # 36 months from commissioning
    assert (unit.warranty_usage_limit, unit.usage_unit) == (Decimal(3000), "engine_hours")
    assert notes == ["Unit added: Кондиционер Daikin FTXB50C № ZX-900."]
    assert unit_draft(db, unit_id).serial == "ZX-900" and unit_draft(db, unit_id).version == unit.version


def test_a_new_manufacturer_is_added_and_a_known_one_found_in_any_case(db: Database, people):
    first = create_unit(db, draft(people["ivanov"], manufacturer="daikin"), user_id=None, today=TODAY)
    second = create_unit(db, draft(people["ivanov"], manufacturer="Кировец"), user_id=None, today=TODAY)
    with db.session() as session:
        names = [session.get(Manufacturer, session.get(Equipment, i).manufacturer_id).name for i in (first, second)]
    assert names == ["Daikin", "Кировец"]


def test_model_kind_and_the_owners_site_are_required_sentences_name_the_field(db: Database, people):
    refused = refusal(db, draft(people["ivanov"], model=" ", kind="", site_id=people["romashka_site"]))
    assert refused.fields == ("model", "kind", "site_id")
    assert refused.problems[0].startswith("Enter the unit's model")
    assert "ул. Ленина, 5 belongs to another client; choose one of the owner's addresses" in refused.problems[2]


def test_dates_in_the_future_or_out_of_order_are_refused_with_the_reason(db: Database, people):
    refused = refusal(db, draft(people["ivanov"], sold_on=date(2025, 5, 1), installed_on=date(2025, 4, 1),
                                commissioned_on=TODAY + timedelta(days=1)))
    assert refused.fields == ("commissioned_on", "installed_on")
    assert "The commissioning date 02.06.2025 is in the future" in refused.problems[0]
    assert ("The installation date 01.04.2025 is before the sale date 01.05.2025; a unit is sold, then installed, "
            "then commissioned") in refused.problems[1]
    # Without an installation date, commissioning is still checked against the sale.
    refused = refusal(db, draft(people["ivanov"], sold_on=date(2025, 5, 1), installed_on=None,
                                commissioned_on=date(2025, 4, 1)))
    assert "commissioning date 01.04.2025 is before the sale date 01.05.2025" in refused.problems[0]
    # Empty dates are fine; today is not the future.
    assert create_unit(db, draft(people["ivanov"], sold_on=None, installed_on=TODAY, commissioned_on=None),
                       user_id=None, today=TODAY)


def test_the_future_is_judged_on_the_companys_today_by_default(db: Database, people):
    with pytest.raises(UnitRefused, match="in the future"):
        create_unit(db, draft(people["ivanov"], sold_on=date.today() + timedelta(days=3), installed_on=None,
                              commissioned_on=None), user_id=None)


def test_warranty_months_and_usage_limits_are_checked(db: Database, people):
    refused = refusal(db, draft(people["ivanov"], warranty_months=-1, warranty_usage_limit=Decimal(0),
                                usage_unit="engine_hours"))
    assert refused.fields == ("warranty_months", "warranty_usage_limit")
    refused = refusal(db, draft(people["ivanov"], sold_on=None, installed_on=None, commissioned_on=None,
                                warranty_months=12, warranty_usage_limit=Decimal(500)))
    assert refused.fields == ("warranty_months", "usage_unit")
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29) and add_months(date(2024, 11, 5), 14) == date(
        2026, 1, 5)


def test_a_serial_on_another_clients_unit_is_refused_naming_the_client_and_unit(db: Database, people):
    refused = refusal(db, draft(people["ivanov"], serial=" ab123 "))
    assert refused.fields == ("serial",)
    assert refused.problems == (
        f"Serial ab123 is already registered to ООО Ромашка (unit #{people['held']}, Daikin FTXB35C). If the unit "
        f"changed hands, open that unit and change its owner there.",)
    assert [c.unit_id for c in refused.conflicts] == [people["held"]]
    # Registering it again on the same client is a double entry: refused too, saying to open that unit.
    again = refusal(db, draft(people["romashka"], serial="AB123"))
    assert "already registered to this client" in again.problems[0]


def test_serial_owners_lists_other_clients_units_trimmed_any_case(db: Database, people):
    owners = serial_owners(db, " Ab123", client_id=people["ivanov"])
    assert [(o.unit_id, o.client_name, o.model, o.manufacturer) for o in owners] == [
        (people["held"], "ООО Ромашка", "FTXB35C", "Daikin")]
    assert serial_owners(db, "AB123", client_id=people["romashka"]) == []
    assert serial_owners(db, "AB123", exclude_unit_id=people["held"]) == []
    assert serial_owners(db, "AB12") == [] and serial_owners(db, "  ") == []


def test_changing_the_owner_moves_the_unit_and_notes_it_on_both_timelines(db: Database, people):
    moved = unit_draft(db, people["held"])
    update_unit(db, people["held"], UnitDraft(**{**moved.__dict__, "client_id": people["ivanov"],
                                                 "site_id": people["ivanov_site"]}), user_id=None, today=TODAY)
    with db.session() as session:
        unit = session.get(Equipment, people["held"])
        notes = dict(session.execute(select(TimelineEntry.client_id, TimelineEntry.text)
                                     .where(TimelineEntry.payload["equipment_id"].as_integer() == unit.id)).all())
        session.expunge(unit)
    assert (unit.client_id, unit.site_id, unit.serial) == (people["ivanov"], people["ivanov_site"], "AB123")
    assert notes[people["romashka"]].startswith("Unit moved to another owner, Иванов Пётр")
    assert notes[people["ivanov"]].startswith("Unit taken over from ООО Ромашка")
    # Its own serial is no conflict; the old owner's site would be.
    refused = refusal(db, UnitDraft(**{**unit_draft(db, unit.id).__dict__, "site_id": people["romashka_site"]}),
                      unit.id)
    assert refused.fields == ("site_id",)


def test_an_edit_made_elsewhere_meanwhile_is_not_overwritten(db: Database, people):
    form = unit_draft(db, people["held"])
    update_unit(db, people["held"], UnitDraft(**{**form.__dict__, "model": "FTXB35D"}), user_id=None, today=TODAY)
    with pytest.raises(UnitChanged, match="changed at another workstation"):
        update_unit(db, people["held"], UnitDraft(**{**form.__dict__, "note": "mine"}), user_id=None, today=TODAY)
    fresh = unit_draft(db, people["held"])
    update_unit(db, people["held"], fresh, user_id=None, today=TODAY)  # the same values again: nothing changes
    assert unit_draft(db, people["held"]).version == fresh.version


def test_the_form_offers_the_clients_sites_and_the_catalogue(db: Database, people):
    options = unit_form_options(db, people["ivanov"])
    assert options.client_name == "Иванов Пётр"
    assert [s.address for s in options.sites] == ["ул. Мира, 7"]
    assert "Daikin" in options.manufacturers and "Кондиционер" in options.kinds
    assert any(m.model == "FTXB35C" and m.manufacturer == "Daikin" for m in options.models)
    with pytest.raises(UnitRefused, match="no longer exists"):
        unit_form_options(db, 0)


def test_a_part_whose_new_serial_is_another_clients_unit_is_refused(db: Database, people):
    with db.transaction() as session:
        ivanov_unit = add_equipment(session, session.get(Site, people["ivanov_site"]).client, serial="IV-1").id
    with pytest.raises(UnitRefused) as info:
        record_part_replacement(db, ivanov_unit, part_name="Плата управления", old_serial="P-1", new_serial="ab123 ")
    assert info.value.fields == ("new_serial",)
    assert f"Serial ab123 is already registered to ООО Ромашка (unit #{people['held']}" in info.value.problems[0]
    part_id = record_part_replacement(db, ivanov_unit, part_name=" Плата  управления ", old_serial="P-1",
                                      new_serial="P-2", reason="сгорела")
    with db.session() as session:
        part = session.get(PartReplacement, part_id)
        session.expunge(part)
    assert (part.equipment_id, part.part_name, part.old_serial, part.new_serial) == (
        ivanov_unit, "Плата управления", "P-1", "P-2")


def test_two_desks_registering_one_serial_at_once_store_it_once(fresh_database: Database):
    with fresh_database.transaction() as session:
        clients = [add_client(session, f"Клиент {i}", f"+7912000030{i}").id for i in range(2)]
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def register(client_id: int) -> None:
        start.wait()
        try:
            outcomes.append(create_unit(fresh_database, draft(client_id, serial="RACE-1"), user_id=None, today=TODAY))
        except UnitRefused as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=register, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["UnitRefused", "int"]
    assert len(serial_owners(fresh_database, "race-1")) == 1


def test_a_part_is_recorded_only_under_an_order_of_the_unit_or_its_owner(db: Database, people):
    from models.clients import Client
    from tests.factories import add_order, add_pipeline

    with db.transaction() as session:
        _pipeline, stages = add_pipeline(session, "parts_check")
        stage = stages[0]
        romashka = session.get(Client, people["romashka"])
        ivanov = session.get(Site, people["ivanov_site"]).client
        theirs = add_order(session, romashka, stage).id
        others = add_order(session, ivanov, stage).id
    with pytest.raises(UnitRefused) as info:
        record_part_replacement(db, people["held"], part_name="Компрессор", order_id=others)
    assert info.value.fields == ("order",) and "not an order of this unit" in info.value.problems[0]
    part_id = record_part_replacement(db, people["held"], part_name="Компрессор", order_id=theirs)
    with db.session() as session:
        assert session.get(PartReplacement, part_id).order_id == theirs
