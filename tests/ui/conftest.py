"""UI test fixtures: background tasks run synchronously; data picked from the demo database as a user would see it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from models.clients import Client, ClientPhone
from models.database import Database
from models.equipment import Equipment
from tests.ui.known_data import KnownClient
from ui.tasks import set_synchronous


@pytest.fixture(autouse=True)
def synchronous_tasks() -> Iterator[None]:
    previous = set_synchronous(True)
    yield
    set_synchronous(previous)


@pytest.fixture(scope="session")
def client_with_equipment(demo_database: Database) -> KnownClient:
    """A demo client who has a Russian phone and at least one unit under a warranty that runs to a date."""
    today = date.today()
    with demo_database.session() as session:
        row = session.execute(
            select(Client.id, Client.name, ClientPhone.e164)
            .join(ClientPhone, ClientPhone.client_id == Client.id)
            .join(Equipment, Equipment.client_id == Client.id)
            .where(Equipment.warranty_until > today, Equipment.warranty_usage_limit.is_(None),
                   ClientPhone.e164.like("+7%"))
            .order_by(Client.id)
            .limit(1)
        ).one()
        units = tuple(session.execute(select(Equipment.model).where(Equipment.client_id == row.id)).scalars())
    return KnownClient(row.id, row.name, row.e164, units)
