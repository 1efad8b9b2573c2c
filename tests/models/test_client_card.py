"""The client card gathers phones, sites, equipment with warranty state, orders, visits and the timeline."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.client_card import ClientNotFound, load_client_card
from models.clients import ClientDraft, ClientPhone, ClientValidationError, create_client
from models.equipment import warranty_state
from models.scheduling import BookingRequest, book_visit
from models.search import count_clients
from models.timeline import TimelineEntry
from tests.factories import add_client, add_equipment, add_order, add_pipeline, add_technician

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_card_shows_everything_about_the_client(db):
    with db.transaction() as session:
        client = add_client(session, "Иванов Пётр", "+7 351 123 45 67", address="ул. Ленина, 5")
        add_equipment(session, client, serial="AC-1", warranty_until=date(2027, 5, 12))
        add_equipment(
            session,
            client,
            serial="TR-1",
            kind="Трактор",
            model="К-744",
            warranty_until=date(2028, 1, 1),
            usage_limit=Decimal(2000),
            usage_unit="engine_hours",
            readings=((NOW - timedelta(days=90), Decimal(1200)), (NOW - timedelta(days=5), Decimal(1880))),
        )
        _, stages = add_pipeline(session)
        order = add_order(session, client, stages[1], amount=Decimal("15000.00"), paid=Decimal("5000.00"))
        tech = add_technician(session)
        book_visit(
            session, BookingRequest(order.id, tech.id, NOW - timedelta(days=3), NOW - timedelta(days=3, hours=-2))
        )
        book_visit(
            session, BookingRequest(order.id, tech.id, NOW + timedelta(days=1), NOW + timedelta(days=1, hours=2))
        )
        session.add(TimelineEntry(client_id=client.id, kind="note", text="Просил звонить после 18:00", at=NOW))
        session.add(TimelineEntry(order_id=order.id, kind="note", text="Код домофона сменили", at=NOW, private=True))
        client_id = client.id

    card = load_client_card(db, client_id, now=NOW)
    assert card.name == "Иванов Пётр"
    assert [p.display for p in card.phones] == ["+7 351 123-45-67"]
    assert card.sites[0].address == "ул. Ленина, 5"
    assert "entrance 2" in card.sites[0].access and "intercom 45К" in card.sites[0].access
    by_serial = {e.serial: e for e in card.equipment}
    assert by_serial["AC-1"].warranty_active and by_serial["AC-1"].warranty_until == date(2027, 5, 12)
    assert by_serial["TR-1"].usage_left == Decimal(120) and by_serial["TR-1"].latest_reading == Decimal(1880)
    assert [(o.stage, o.stage_kind) for o in card.orders] == [("Ремонт", "open")]
    assert card.balance_due == Decimal("10000.00")
    assert len(card.past_visits) == 1 and len(card.upcoming_visits) == 1
    assert card.upcoming_visits[0].starts_at.utcoffset() == timedelta(hours=5)  # company time zone
    assert {(t.text, t.private) for t in card.timeline} == {
        ("Просил звонить после 18:00", False),
        ("Код домофона сменили", True),
    }


def test_missing_client(db):
    with pytest.raises(ClientNotFound, match="does not exist"):
        load_client_card(db, 987654)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"until": date(2027, 1, 1)}, (True, "warranty until 01.01.2027")),
        ({"until": date(2026, 1, 1)}, (False, "warranty expired")),
        ({"limit": Decimal(1000), "reading": Decimal(880)}, (True, "warranty 120 engine hours left")),
        ({"limit": Decimal(1000), "reading": Decimal(1000)}, (False, "warranty expired")),
        ({"until": date(2027, 1, 1), "limit": Decimal(1000), "reading": Decimal(1200)}, (False, "warranty expired")),
        ({}, (False, "no warranty data")),
    ],
)
def test_warranty_by_date_by_usage_and_by_both(kwargs, expected):
    state = warranty_state(
        date(2026, 11, 23),
        warranty_until=kwargs.get("until"),
        usage_limit=kwargs.get("limit"),
        usage_unit="engine_hours" if "limit" in kwargs else None,
        latest_reading=kwargs.get("reading"),
    )
    assert (state.active, state.describe()) == expected


def test_create_client_saves_everything_in_e164(db):
    cid = create_client(
        db,
        ClientDraft(
            name=" Сидорова Анна ",
            phones=("8 (351) 700-10-20", "+7 912 345 67 89"),
            email="anna@example.ru",
            address="ул. Кирова, 10",
        ),
    )
    card = load_client_card(db, cid)
    assert card.name == "Сидорова Анна"
    assert {p.e164 for p in card.phones} == {"+73517001020", "+79123456789"}
    assert card.emails == ("anna@example.ru",) and card.sites[0].address == "ул. Кирова, 10"


def test_invalid_fields_are_named_and_nothing_is_saved(db):
    before = count_clients(db)
    with pytest.raises(ClientValidationError) as info:
        create_client(db, ClientDraft(name="  ", phones=("123",), email="anna@"))
    assert set(info.value.errors) == {"name", "phones", "email"}
    assert "Enter the client's name" in info.value.errors["name"]
    assert "'123'" in info.value.errors["phones"]
    assert count_clients(db) == before
    with db.session() as session:
        assert session.execute(select(ClientPhone).where(ClientPhone.digits == "7123")).first() is None
