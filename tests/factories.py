"""Small builders of domain rows for tests, each inside the caller's unit of work."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from models.clients import Client, ClientPhone, Site
from models.equipment import Equipment, Manufacturer, UsageReading
from models.phones import normalise_phone
from models.pipelines import Order, Pipeline, Stage
from models.scheduling import Technician


def add_client(session: Session, name: str, *phones: str, address: str | None = None, kind: str = "person") -> Client:
    client = Client(kind=kind, name=name)
    client.phones = [ClientPhone(e164=p.e164, digits=p.digits) for p in map(normalise_phone, phones)]
    if address:
        client.sites = [
            Site(address=address, city="Челябинск", lat=55.16, lon=61.40, entrance="2", floor="5", intercom="45К")
        ]
    session.add(client)
    session.flush()
    return client


def add_equipment(
    session: Session,
    client: Client,
    *,
    serial: str,
    kind: str = "Кондиционер",
    model: str = "FTXB35C",
    warranty_until: date | None = None,
    usage_limit: Decimal | None = None,
    usage_unit: str | None = None,
    readings: tuple[tuple[datetime, Decimal], ...] = (),
) -> Equipment:
    maker = session.query(Manufacturer).filter_by(name="Daikin").one_or_none() or Manufacturer(name="Daikin")
    session.add(maker)
    session.flush()
    eq = Equipment(
        client_id=client.id,
        site_id=client.sites[0].id if client.sites else None,
        kind=kind,
        model=model,
        serial=serial,
        warranty_until=warranty_until,
        warranty_usage_limit=usage_limit,
        usage_unit=usage_unit,
    )
    eq.manufacturer_id = maker.id
    session.add(eq)
    session.flush()
    for at, value in readings:
        session.add(UsageReading(equipment_id=eq.id, read_at=at, value=value))
    session.flush()
    return eq


def add_pipeline(session: Session, code: str = "repair") -> tuple[Pipeline, list[Stage]]:
    pipeline = Pipeline(name=f"Ремонт {code}", code=code)
    session.add(pipeline)
    session.flush()
    stages = [
        Stage(pipeline_id=pipeline.id, position=i, name=name, color=color, kind=kind)
        for i, (name, color, kind) in enumerate(
            [("Заявка", "#9e9e9e", "open"), ("Ремонт", "#1e88e5", "open"), ("Закрыто", "#43a047", "won")]
        )
    ]
    session.add_all(stages)
    session.flush()
    return pipeline, stages


def add_order(session: Session, client: Client, stage: Stage, title: str = "Не охлаждает", **kw) -> Order:
    order = Order(
        pipeline_id=stage.pipeline_id,
        stage_id=stage.id,
        client_id=client.id,
        title=title,
        site_id=client.sites[0].id if client.sites else None,
        **kw,
    )
    session.add(order)
    session.flush()
    return order


def add_technician(
    session: Session, name: str = "Петров Сергей", skills: tuple[str, ...] = ("ac_service",)
) -> Technician:
    tech = Technician(full_name=name, skills=list(skills))
    session.add(tech)
    session.flush()
    return tech
