"""One search box finds a client by phone in any format, name, address, serial or order number."""

from datetime import date

import pytest

from models.search import count_clients, prefix_tsquery, search
from tests.factories import add_client, add_equipment, add_order, add_pipeline


@pytest.fixture
def clients(db):
    with db.transaction() as session:
        ivanov = add_client(session, "Иванов Пётр Сергеевич", "+7 351 123 45 67", "+7 912 000 11 22",
                            address="Челябинск, ул. Ленина, д. 5, кв. 12")
        add_client(session, "Ивановская Мария", "+7 351 765 43 21", address="Челябинск, пр. Победы, д. 170")
        company = add_client(session, "ООО «Северный ветер»", "+7 351 222 33 44", kind="company",
                             address="Челябинск, Комсомольский пр., д. 2")
        add_equipment(session, ivanov, serial="DK-2023-004512", warranty_until=date(2027, 5, 12))
        _, stages = add_pipeline(session)
        order = add_order(session, company, stages[1], title="Монтаж сплит-системы")
        return {"ivanov": ivanov.id, "company": company.id, "order_number": order.number}


@pytest.mark.parametrize("typed", ["8 (351) 123-45-67", "+7 351 123 4567", "73511234567", "351-123-45-67"])
def test_phone_in_any_format_finds_the_same_client(db, clients, typed):
    hits = search(db, typed)
    assert [(h.kind, h.client_id) for h in hits] == [("phone", clients["ivanov"])]
    assert hits[0].title == "Иванов Пётр Сергеевич"


def test_partial_phone_matches_the_end_of_the_number(db, clients):
    assert {h.client_id for h in search(db, "123-45-67")} == {clients["ivanov"]}


def test_name_prefixes_in_any_case_and_with_yo_written_as_e(db, clients):
    titles = [h.title for h in search(db, "иванов")]
    assert titles == ["Иванов Пётр Сергеевич", "Ивановская Мария"]
    assert [h.title for h in search(db, "ПЕТР ИВАН")] == ["Иванов Пётр Сергеевич"]
    assert [h.title for h in search(db, "северн")] == ["ООО «Северный ветер»"]


def test_address_finds_the_client_at_that_site(db, clients):
    hits = search(db, "Ленина 5")
    assert [(h.kind, h.client_id) for h in hits] == [("site", clients["ivanov"])]
    assert "Ленина" in hits[0].title


def test_serial_prefix_in_any_case(db, clients):
    hits = search(db, "dk-2023-0045")
    assert [(h.kind, h.client_id) for h in hits] == [("equipment", clients["ivanov"])]
    assert hits[0].equipment_id is not None


def test_order_number(db, clients):
    hits = search(db, str(clients["order_number"]))
    assert hits[0].kind == "order"
    assert hits[0].client_id == clients["company"]
    assert "Монтаж" in hits[0].title


def test_nothing_found_and_odd_input(db, clients):
    assert search(db, "") == []
    assert search(db, "Шмидт") == []
    assert search(db, "&|!:*()'\\") == []  # tsquery operators are not passed through
    assert search(db, "100%_") == []


def test_count_clients(db, clients):
    assert count_clients(db) == 3


def test_prefix_tsquery():
    assert prefix_tsquery("Ленина 5") == "ленина:* & 5:*"
    assert prefix_tsquery("Ёлкин") == "елкин:*"
    assert prefix_tsquery("  ,; ") is None
