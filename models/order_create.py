"""Creating an order from a call or a client card, and booking its visit into a free slot.

:func:`create_order` is one unit of work: the order goes into its pipeline's first open stage, gets its first
``stage_history`` row and a timeline entry, the stage's automation fires (``models.automation.fire_on_enter``) and
the call it came from, if any, is tied to it. Nothing is written when a field is wrong: :class:`OrderDraftError`
maps each wrong field to what to do about it.

:func:`proposal_for` proposes the scenario and the pipeline of a new order from its kind and, for repairs and
maintenance, from the unit's warranty on the request date (``models.warranty_decision``).

:func:`order_form` and :func:`booking_form` read what the two dialogs offer; :func:`book_slot` books a free slot
(``models.free_slots``) for an order through ``models.scheduling.book_visit``, so a clash is the database's
refusal (:class:`~models.scheduling.BookingConflict` naming the visit that holds the time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import automation
from models.calls import Call
from models.catalog import Service
from models.clients import Client, Site
from models.company import Company, User
from models.database import Database
from models.equipment import Equipment
from models.order_flow import CLOSED_KINDS, FIELD_LABELS, ROLE_LABELS
from models.pipelines import SCENARIOS, SOURCE_CHANNELS, Order, Pipeline, Stage, StageChange
from models.scheduling import BookingRequest, Technician, Visit, book_visit, planning_settings
from models.timeline import TimelineEntry
from models.warranty_decision import WarrantyDecisionError, propose_scenario
from models.zones import containing, load_zone_shapes

#: What the dispatcher says the request is about; the scenario and pipeline are proposed from it.
ORDER_KINDS = ("repair", "maintenance", "sale_installation", "other")
#: The pipeline (by code) and scenario a kind goes to when no unit's warranty decides.
KIND_DEFAULTS: dict[str, tuple[str | None, str | None]] = {
    "repair": ("repair", None),
    "maintenance": ("maintenance", "maintenance"),
    "sale_installation": ("sales_install", "sale"),
    "other": (None, "other"),
}
TITLE_LIMIT = 300


class OrderDraftError(ValueError):
    """The order cannot be created as drafted; ``errors`` maps each field to what is wrong and what to do.

    Fields: ``client``, ``site``, ``equipment``, ``pipeline``, ``scenario``, ``title``, ``source_channel``,
    ``owner``, ``call``, ``kind``. ``existing_order_id`` names the order a call is already tied to.
    """

    def __init__(self, errors: dict[str, str], *, existing_order_id: int | None = None):
        super().__init__(" ".join(errors.values()))
        self.errors = dict(errors)
        self.existing_order_id = existing_order_id


class BookingRefused(ValueError):
    """The visit cannot be booked as asked (the order is closed, the address is wrong, …); the message says why."""


@dataclass(frozen=True)
class OrderDraft:
    """What the new-order form holds. Give the pipeline by ``pipeline_id`` or by ``pipeline_code``."""

    client_id: int
    site_id: int | None = None
    equipment_id: int | None = None
    pipeline_code: str | None = None
    pipeline_id: int | None = None
    scenario: str | None = None
    title: str = ""
    description: str = ""
    source_channel: str = "call"
    owner_id: int | None = None  # None: whoever creates the order owns it
    call_id: int | None = None


@dataclass(frozen=True)
class CreatedOrder:
    id: int
    number: int
    stage_id: int
    task_ids: tuple[int, ...]


@dataclass(frozen=True)
class OrderProposal:
    """The scenario and pipeline proposed for a new order, and the sentence that says why."""

    kind: str
    scenario: str | None
    pipeline_code: str | None
    pipeline_id: int | None
    reason: str
    from_warranty: bool  # decided by the unit's warranty (not only by the kind)
    site_id: int | None = None  # the unit's site, to preselect


@dataclass(frozen=True)
class UnitChoice:
    id: int
    label: str  # "Трактор Беларус 1221, SN 123"
    site_id: int | None


@dataclass(frozen=True)
class SiteChoice:
    id: int
    address: str
    lat: float | None
    lon: float | None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class PipelineChoice:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class OrderForm:
    """What the new-order form offers for one client."""

    client_id: int
    client_name: str
    today: date  # in the company's time zone
    units: tuple[UnitChoice, ...]
    sites: tuple[SiteChoice, ...]
    pipelines: tuple[PipelineChoice, ...]


@dataclass(frozen=True)
class OrderChoice:
    id: int
    number: int
    title: str
    stage_name: str
    site_id: int | None


@dataclass(frozen=True)
class ServiceChoice:
    id: int
    name: str
    duration_min: int
    required_skill: str | None


@dataclass(frozen=True)
class BookingForm:
    """What the book-a-visit form offers for one client: open orders, sites and the catalog's services."""

    client_id: int
    client_name: str
    today: date
    orders: tuple[OrderChoice, ...]
    sites: tuple[SiteChoice, ...]
    services: tuple[ServiceChoice, ...]


@dataclass(frozen=True)
class BookedVisit:
    visit_id: int
    order_id: int
    order_number: int
    technician_name: str
    starts_at: datetime  # in the company's time zone
    ends_at: datetime


# --- reading the forms -----------------------------------------------------------------------------------------

def _today(session: Session, now: datetime | None) -> date:
    tz = ZoneInfo(session.execute(select(Company.time_zone)).scalar_one_or_none() or "UTC")
    return (now or datetime.now(UTC)).astimezone(tz).date()


def _client(session: Session, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None:
        raise OrderDraftError({"client": "The client no longer exists (it may have been deleted); find it again."})
    return client


def _sites(session: Session, client_id: int) -> tuple[SiteChoice, ...]:
    rows = session.execute(select(Site.id, Site.address, Site.lat, Site.lon)
                           .where(Site.client_id == client_id).order_by(Site.id)).all()
    return tuple(SiteChoice(*row) for row in rows)


def unit_label(kind: str, model: str, serial: str | None) -> str:
    return f"{kind} {model}" + (f", SN {serial}" if serial else "")


def order_form(db: Database, client_id: int, *, now: datetime | None = None) -> OrderForm:
    """The client's units and sites and the pipelines in use, for the new-order form."""
    with db.session() as session:
        client = _client(session, client_id)
        units = session.execute(select(Equipment.id, Equipment.kind, Equipment.model, Equipment.serial,
                                       Equipment.site_id)
                                .where(Equipment.client_id == client_id).order_by(Equipment.kind, Equipment.id)).all()
        pipelines = session.execute(select(Pipeline.id, Pipeline.code, Pipeline.name)
                                    .where(Pipeline.archived.is_(False))
                                    .order_by(Pipeline.position, Pipeline.id)).all()
        return OrderForm(client.id, client.name, _today(session, now),
                         tuple(UnitChoice(u.id, unit_label(u.kind, u.model, u.serial), u.site_id) for u in units),
                         _sites(session, client_id), tuple(PipelineChoice(*p) for p in pipelines))


def booking_form(db: Database, client_id: int, *, now: datetime | None = None) -> BookingForm:
    """The client's open orders (newest first), sites and the active services, for the book-a-visit form."""
    with db.session() as session:
        client = _client(session, client_id)
        orders = session.execute(
            select(Order.id, Order.number, Order.title, Stage.name, Order.site_id)
            .join(Stage, Stage.id == Order.stage_id)
            .where(Order.client_id == client_id, Stage.kind.not_in(CLOSED_KINDS))
            .order_by(Order.created_at.desc(), Order.id.desc())).all()
        services = session.execute(select(Service.id, Service.name, Service.duration_min, Service.required_skill)
                                   .where(Service.active.is_(True)).order_by(Service.name, Service.id)).all()
        return BookingForm(client.id, client.name, _today(session, now), tuple(OrderChoice(*o) for o in orders),
                           _sites(session, client_id), tuple(ServiceChoice(*s) for s in services))


# --- proposing -------------------------------------------------------------------------------------------------

def _pipeline_by_code(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    return session.execute(select(Pipeline.id).where(Pipeline.code == code, Pipeline.archived.is_(False))
                           ).scalar_one_or_none()


def proposal_for(db: Database, client_id: int, equipment_id: int | None, kind: str, today: date | None = None, *,
                 now: datetime | None = None) -> OrderProposal:
    """The scenario and pipeline a new order of ``kind`` should get, with the reason.

    Repairs and maintenance of a unit follow its warranty on ``today`` (the request date; the company's today by
    default). Without a unit there is no warranty to go by: no scenario is proposed for a repair, and the reason
    says to choose the unit or the scenario.
    """
    if kind not in ORDER_KINDS:
        raise OrderDraftError({"kind": f"Unknown kind of request {kind!r}; choose repair, maintenance, sale and "
                                       f"installation, or other."})
    with db.session() as session:
        today = today or _today(session, now)
        site_id = None
        if equipment_id is not None:
            unit = session.get(Equipment, equipment_id)
            if unit is None or unit.client_id != client_id:
                raise OrderDraftError({"equipment": "This unit is not the client's (or was deleted); choose one of "
                                                    "the client's units."})
            site_id = unit.site_id
        code, scenario = KIND_DEFAULTS[kind]
        default_id = _pipeline_by_code(session, code)
    if kind in ("repair", "maintenance") and equipment_id is not None:
        try:
            decided = propose_scenario(db, equipment_id, today, kind=kind, now=now)
        except WarrantyDecisionError as exc:
            return OrderProposal(kind, None, code, default_id, f"No scenario proposed: {exc}", False, site_id)
        reason = decided.reason
        if decided.pipeline_id is None:
            reason += (f" The «{decided.pipeline_code}» pipeline is not installed or is archived; choose the "
                       f"pipeline yourself.")
        return OrderProposal(kind, decided.scenario, decided.pipeline_code, decided.pipeline_id, reason, True, site_id)
    if kind == "repair":
        reason = ("No unit chosen, so no warranty or post-warranty scenario is proposed: choose the unit, or choose "
                  "the scenario yourself.")
    elif kind == "maintenance":
        reason = "Planned maintenance; choose the unit to have the warranty decide the scenario."
    elif kind == "sale_installation":
        reason = "A sale with installation goes through the sales and installation pipeline."
    else:
        reason = "Choose the pipeline the order goes through."
    if code is not None and default_id is None:
        reason += f" The «{code}» pipeline is not installed or is archived; choose the pipeline yourself."
    return OrderProposal(kind, scenario, code, default_id, reason, False, site_id)


# --- creating --------------------------------------------------------------------------------------------------

def _checked(session: Session, draft: OrderDraft, user_id: int | None, role: str
             ) -> tuple[Pipeline | None, Stage | None, dict[str, str], int | None]:
    """The pipeline and first stage the draft goes to and every field's error (empty when none)."""
    errors: dict[str, str] = {}
    client = session.get(Client, draft.client_id)
    if client is None:
        errors["client"] = "The client no longer exists (it may have been deleted); find it again."
    for key, entity, what in (("site", Site, "address"), ("equipment", Equipment, "unit")):
        wanted = getattr(draft, f"{key}_id")
        if wanted is None:
            continue
        row = session.get(entity, wanted)
        if row is None:
            errors[key] = f"The {what} was deleted meanwhile; choose another one."
        elif client is not None and row.client_id != client.id:
            errors[key] = f"This {what} belongs to another client; choose one of {client.name}'s."
    pipeline = _draft_pipeline(session, draft, errors)
    stage = None
    if pipeline is not None:
        stage = session.execute(select(Stage).where(Stage.pipeline_id == pipeline.id, Stage.kind == "open")
                                .order_by(Stage.position, Stage.id).limit(1)).scalar_one_or_none()
        if stage is None:
            errors["pipeline"] = (f"The pipeline «{pipeline.name}» has no open stage to start an order in; add one "
                                  f"in Settings or choose another pipeline.")
    if draft.scenario is not None and draft.scenario not in SCENARIOS:
        errors["scenario"] = f"Scenario {draft.scenario!r} is unknown; choose one from the list."
    if not draft.title.strip():
        errors["title"] = "Enter a title: it is what the order is called on the board and in the registry."
    elif len(draft.title.strip()) > TITLE_LIMIT:
        errors["title"] = f"The title is longer than {TITLE_LIMIT} characters; shorten it (details go below)."
    if draft.source_channel not in SOURCE_CHANNELS:
        errors["source_channel"] = f"Source {draft.source_channel!r} is unknown; choose one from the list."
    owner_id = draft.owner_id if draft.owner_id is not None else user_id
    if owner_id is not None:
        owner = session.get(User, owner_id)
        if owner is None or not owner.active:
            errors["owner"] = "The responsible person no longer works here or does not exist; choose someone else."
    if stage is not None:
        errors.update(_first_stage_gate(stage, draft, role))
    return pipeline, stage, errors, owner_id


def _zone_dispatcher(session: Session, site_id: int) -> int | None:
    """The active dispatcher of the smallest zone holding the site (as models.zones.dispatcher_for_site)."""
    site = session.execute(select(Site.lat, Site.lon).where(Site.id == site_id)).first()
    if site is None or site.lat is None or site.lon is None:
        return None
    active = set(session.execute(select(User.id).where(User.active.is_(True))).scalars())
    for zone in containing(load_zone_shapes(session), site.lat, site.lon):
        if zone.dispatcher_id in active:
            return zone.dispatcher_id
    return None


def _draft_pipeline(session: Session, draft: OrderDraft, errors: dict[str, str]) -> Pipeline | None:
    if draft.pipeline_id is None and not draft.pipeline_code:
        errors["pipeline"] = "Choose the pipeline the order goes through."
        return None
    if draft.pipeline_id is not None:
        pipeline = session.get(Pipeline, draft.pipeline_id)
    else:
        pipeline = session.execute(select(Pipeline).where(Pipeline.code == draft.pipeline_code)).scalar_one_or_none()
    what = draft.pipeline_id if draft.pipeline_id is not None else repr(draft.pipeline_code)
    if pipeline is None:
        errors["pipeline"] = f"Pipeline {what} is unknown (it may have been deleted); choose one from the list."
    elif draft.pipeline_code and pipeline.code != draft.pipeline_code:
        errors["pipeline"] = (f"Pipeline {draft.pipeline_id} is «{pipeline.name}», not {draft.pipeline_code!r}; "
                              f"choose the pipeline again.")
        return None
    elif pipeline.archived:
        errors["pipeline"] = f"The pipeline «{pipeline.name}» is archived; choose another one."
        return None
    return pipeline


def _first_stage_gate(stage: Stage, draft: OrderDraft, role: str) -> dict[str, str]:
    """What the first stage's gate asks that the draft lacks (who may create there, plain required fields)."""
    errors: dict[str, str] = {}
    rules = stage.gate_rules or {}
    roles = [str(r) for r in rules.get("roles") or ()]
    if roles and role not in roles and role != "admin":
        who = " or ".join(ROLE_LABELS.get(r, r) for r in roles)
        errors["pipeline"] = f"Only {who} may create orders in «{stage.name}»."
    fields = {"site_id": "site", "equipment_id": "equipment", "scenario": "scenario"}
    for required in rules.get("required_fields") or ():
        if required in fields and getattr(draft, required) in (None, ""):
            errors[fields[required]] = f"Fill in {FIELD_LABELS[required]}: «{stage.name}» requires it."
    return errors


def _tie_call(session: Session, call_id: int, client_id: int, errors: dict[str, str]) -> tuple[Call | None, int | None]:
    """The call, locked; an error when it is another client's or already tied to an order (a second submit)."""
    call = session.execute(select(Call).where(Call.id == call_id).with_for_update()).scalar_one_or_none()
    if call is None:
        errors["call"] = "The call no longer exists; create the order without it."
        return None, None
    if call.order_id is not None:
        number = session.execute(select(Order.number).where(Order.id == call.order_id)).scalar_one()
        errors["call"] = f"This call is already tied to order #{number}; open that order instead."
        return call, call.order_id
    if call.client_id is not None and call.client_id != client_id:
        errors["call"] = "This call came from another client; create the order from that client's card."
    return call, None


def create_order(db: Database, draft: OrderDraft, *, user_id: int | None, role: str,
                 now: datetime | None = None) -> CreatedOrder:
    """Create the order in its pipeline's first open stage, in one transaction (see the module docstring).

    Raises OrderDraftError naming every wrong field; nothing is written then. A call already tied to an order is
    refused with that order's id in ``existing_order_id``, so a second submit of the same form creates nothing.
    """
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        pipeline, stage, errors, owner_id = _checked(session, draft, user_id, role)
        call, existing = (None, None)
        if draft.call_id is not None:
            call, existing = _tie_call(session, draft.call_id, draft.client_id, errors)
        if errors or pipeline is None or stage is None:
            raise OrderDraftError(errors, existing_order_id=existing)
        site_id = draft.site_id
        if site_id is None and draft.equipment_id is not None:
            site_id = session.get(Equipment, draft.equipment_id).site_id  # the unit is where the work is
        if draft.owner_id is None and site_id is not None:
            owner_id = _zone_dispatcher(session, site_id) or owner_id  # the zone's dispatcher takes its requests
        order = Order(pipeline_id=pipeline.id, stage_id=stage.id, scenario=draft.scenario, client_id=draft.client_id,
                      site_id=site_id, equipment_id=draft.equipment_id, owner_id=owner_id,
                      source_channel=draft.source_channel, title=draft.title.strip(),
                      description=draft.description.strip() or None, stage_entered_at=now)
        session.add(order)
        session.flush()
        session.add(StageChange(order_id=order.id, from_stage_id=None, to_stage_id=stage.id, changed_at=now,
                                user_id=user_id, comment="Order created"))
        session.add(TimelineEntry(
            order_id=order.id, client_id=order.client_id, kind="status_change", at=now, author_id=user_id,
            text=f"Order #{order.number} created in «{pipeline.name}»: {stage.name}",
            payload={"from_stage_id": None, "to_stage_id": stage.id,
                     **({"call_id": draft.call_id} if draft.call_id is not None else {})},
        ))
        if call is not None:
            call.order_id = order.id
        session.flush()
        task_ids = automation.fire_on_enter(session, order.id, stage.id, now=now)
        return CreatedOrder(order.id, order.number, stage.id, task_ids)


# --- booking ---------------------------------------------------------------------------------------------------

def book_slot(db: Database, *, order_id: int, site_id: int, technician_id: int, starts_at: datetime,
              service_id: int, user_id: int | None = None, note: str | None = None) -> BookedVisit:
    """Book a visit for an open order at its site; the end comes from the service's catalog duration.

    An order without an address takes ``site_id`` (the visit goes to the order's address); an order at another
    address is refused. A technician busy then raises BookingConflict naming the visit that holds the time.
    """
    with db.transaction() as session:
        order = session.execute(select(Order).where(Order.id == order_id).with_for_update()).scalar_one_or_none()
        if order is None:
            raise BookingRefused("The order no longer exists (it may have been deleted); choose another one.")
        stage = session.get(Stage, order.stage_id)
        if stage is not None and stage.kind in CLOSED_KINDS:
            raise BookingRefused(f"Order #{order.number} is closed («{stage.name}»); reopen it before booking a visit.")
        site = session.get(Site, site_id)
        if site is None or site.client_id != order.client_id:
            raise BookingRefused("This address is not the order's client's (or was deleted); choose another one.")
        if order.site_id is None:
            order.site_id = site.id
        elif order.site_id != site.id:
            current = session.get(Site, order.site_id)
            raise BookingRefused(f"Order #{order.number} is at {current.address if current else 'another address'}; "
                                 f"book the visit there or change the order's address first.")
        visit_id = book_visit(session, BookingRequest(order.id, technician_id, starts_at, service_id=service_id,
                                                      note=note))
        tz = planning_settings(session).tz
        visit = session.get(Visit, visit_id)
        name = session.execute(select(Technician.full_name).where(Technician.id == technician_id)).scalar_one()
        starts, ends = visit.starts_at.astimezone(tz), visit.ends_at.astimezone(tz)
        session.add(TimelineEntry(order_id=order.id, client_id=order.client_id, kind="visit", author_id=user_id,
                                  text=f"Visit booked: {starts:%d.%m.%Y %H:%M}–{ends:%H:%M}, {name}, {site.address}",
                                  payload={"visit_id": visit_id}))
        session.flush()
        return BookedVisit(visit_id, order.id, order.number, name, starts, ends)

