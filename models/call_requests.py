"""Requests from unknown callers: a missed call from a number no client has becomes an order in the first stage
of the intake pipeline, so the ask is on the board even when no desktop was open when it rang.

The request carries only the caller's number (``orders.requester_phone``); when the dispatcher later creates the
client for that number, :func:`attach_requests_to_client` hands the client every request made from it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models.pipelines import Order, Pipeline, Stage
from models.timeline import TimelineEntry

#: The pipeline whose first stage receives requests; the first pipeline by position when it is missing.
INTAKE_PIPELINE_CODE = "sales_install"


def intake_stage(session: Session) -> tuple[int, int] | None:
    """(pipeline id, stage id) where new requests land: the first open stage of the intake pipeline."""
    preference = (Pipeline.code != INTAKE_PIPELINE_CODE, Pipeline.position, Pipeline.id, Stage.position)
    row = session.execute(
        select(Pipeline.id, Stage.id).join(Stage, Stage.pipeline_id == Pipeline.id)
        .where(~Pipeline.archived, Stage.kind == "open").order_by(*preference).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def open_request(session: Session, call_id: int, e164: str, shown: str, owner_id: int | None,
                 at: datetime) -> int | None:
    """A new request order for missed call ``call_id`` from an unknown ``e164``, in the intake stage.

    None when no pipeline exists to take it (the callback task still holds the call).
    """
    target = intake_stage(session)
    if target is None:
        return None
    pipeline_id, stage_id = target
    order = Order(pipeline_id=pipeline_id, stage_id=stage_id, client_id=None, requester_phone=e164,
                  owner_id=owner_id, source_channel="call", title=f"Missed call from {shown}"[:300],
                  description="Created from a missed call from a number no client has. Call back, then create "
                              "the client from the request.", stage_entered_at=at)
    session.add(order)
    session.flush()
    session.add(TimelineEntry(order_id=order.id, kind="call", at=at, text=f"Missed call from {shown}",
                              payload={"call_id": call_id}))
    return order.id


def drop_untouched_request(session: Session, order_id: int) -> bool:
    """Remove request ``order_id`` if it is still a bare request nobody has worked on; True when removed."""
    return session.execute(
        delete(Order).where(Order.id == order_id, Order.client_id.is_(None), Order.version == 1)
        .returning(Order.id)
    ).scalar_one_or_none() is not None


def attach_requests_to_client(session: Session, client_id: int, e164s: list[str]) -> list[int]:
    """Give client ``client_id`` the requests made from its numbers; returns the orders it received."""
    if not e164s:
        return []
    return list(session.execute(
        update(Order).where(Order.client_id.is_(None), Order.requester_phone.in_(e164s))
        .values(client_id=client_id, version=Order.version + 1).returning(Order.id)
    ).scalars())
