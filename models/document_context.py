"""What a printed document may say about an order, and the templates documents are printed from.

Templates (``document_templates.body``) are plain text with named variables in braces: ``{client.name}``,
``{order.number}``. Only the names in :data:`VARIABLES` exist; anything else is an error naming it (so a typo is
caught in the editor's preview, never printed). Braces are parsed with ``string.Formatter`` and the value is looked
up in a flat dictionary, never evaluated, so a template cannot reach anything but these values. ``{{`` and ``}}``
print a brace. ``{services}`` on a line of its own is the table of the order's services (its visits' services with
prices). The layout markup (``# title``, ``## heading``, paragraphs) is the renderer's (reports/documents.py).

:func:`build_order_context` reads the values for one order (Russian words: documents print in Russian). Money
variables: ``order.amount`` the order's sum, ``order.paid`` paid so far, ``order.due`` the balance still owed;
``order.deadline`` is the date the work is due.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from models.catalog import Service
from models.claims import TEMPLATE_KINDS, Claim, DocumentTemplate
from models.clients import Client, ClientEmail, ClientPhone, Site
from models.company import Company, User
from models.database import Database
from models.equipment import Equipment, Manufacturer, UsageReading, warranty_state
from models.phones import format_phone
from models.pipelines import Order, Pipeline, Stage
from models.scheduling import Technician, Visit
from models.timeline import Attachment

SERVICES = "services"
#: Every variable a template may use, with what it holds (shown in the template editor).
VARIABLES: dict[str, str] = {
    "company.name": "Company name", "company.legal_name": "Company legal name", "company.inn": "Company INN",
    "company.kpp": "Company KPP", "company.ogrn": "Company OGRN", "company.address": "Company address",
    "company.phone": "Company phone", "company.email": "Company e-mail", "company.bank": "Company bank",
    "company.bik": "Bank BIK", "company.account": "Bank account", "company.corr_account": "Correspondent account",
    "client.name": "Client name", "client.inn": "Client INN", "client.phones": "Client phones",
    "client.email": "Client e-mail", "site.address": "Site address",
    "order.number": "Order number", "order.title": "Order title", "order.description": "Order description",
    "order.date": "Order date", "order.amount": "Order amount", "order.paid": "Paid so far",
    "order.due": "Balance due", "order.deadline": "Work due date", "order.scenario": "Scenario",
    "order.stage": "Stage", "order.owner": "Responsible manager", "order.pipeline": "Pipeline",
    "equipment.kind": "Unit kind", "equipment.model": "Unit model", "equipment.serial": "Serial number",
    "equipment.warranty": "Warranty state", "equipment.sold_on": "Sale date",
    "equipment.installed_on": "Installation date", "equipment.commissioned_on": "Commissioning date",
    "equipment.reading": "Latest engine hours / km",
    "manufacturer.name": "Manufacturer", "manufacturer.claim_address": "Manufacturer's claim address",
    "manufacturer.claim_email": "Manufacturer's claim e-mail",
    "manufacturer.claim_contact": "Manufacturer's claim contact", "manufacturer.phone": "Manufacturer's phone",
    "claim.defect": "Defect (claim)", "claim.number": "Claim number", "claim.manufacturer_ref": "Claim act number",
    "claim.attachments": "Photos and documents of the order",
    "visit.date": "Visit date", "visit.time": "Visit time", "visit.technician": "Technician",
    "services.total": "Services total", "user.name": "Who prints", "today": "Today's date",
    SERVICES: "Table of services (on a line of its own)",
}
SCENARIO_WORDS = {
    "sale": "продажа", "installation": "монтаж", "maintenance": "техническое обслуживание",
    "warranty_repair": "гарантийный ремонт", "post_warranty_repair": "постгарантийный ремонт",
    "warranty_maintenance": "гарантийное ТО", "post_warranty_maintenance": "постгарантийное ТО",
    "verification": "поверка", "other": "прочее",
}
UNIT_WORDS = {"engine_hours": "моточасов", "km": "км"}
BLANK = "________"
EDITOR_ROLES = ("manager", "admin")


class TemplateError(ValueError):
    """A template that cannot be printed: unknown variables or unbalanced braces, each named with its line."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ServiceLine:
    name: str
    quantity: int
    price: Decimal

    @property
    def total(self) -> Decimal:
        return self.price * self.quantity


@dataclass(frozen=True)
class DocumentContext:
    """The values of every variable (already worded, Russian) and the services table."""

    values: dict[str, str]
    services: tuple[ServiceLine, ...] = ()
    order_id: int | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateRow:
    id: int
    kind: str
    name: str
    manufacturer_id: int | None
    manufacturer: str | None
    pipeline_id: int | None
    pipeline: str | None
    body: str
    active: bool
    updated_at: datetime


def template_fields(body: str) -> list[tuple[int, str]]:
    """(line number, variable name) of every variable in the template; raises TemplateError on bad braces."""
    found: list[tuple[int, str]] = []
    problems: list[str] = []
    for number, line in enumerate((body or "").splitlines(), start=1):
        try:
            parsed = list(string.Formatter().parse(line))
        except ValueError:
            problems.append(f"line {number}: unbalanced brace — write {{{{ or }}}} to print a brace")
            continue
        for _literal, name, spec, conversion in parsed:
            if name is None:
                continue
            if spec or conversion:
                problems.append(f"line {number}: {{{name}}} may not carry a format (“:” or “!”)")
            found.append((number, name.strip()))
    if problems:
        raise TemplateError(problems)
    return found


def template_problems(body: str) -> list[str]:
    """What is wrong with a template, in words (empty when it prints): unknown variables with their lines."""
    try:
        fields = template_fields(body)
    except TemplateError as exc:
        return exc.problems
    lines = (body or "").splitlines()
    problems = []
    for n, name in fields:
        if name not in VARIABLES:
            problems.append(f"line {n}: unknown variable {{{name}}} — choose one from the list of variables")
        elif name == SERVICES and lines[n - 1].strip() != "{" + SERVICES + "}":
            problems.append(f"line {n}: {{{SERVICES}}} must stand on a line of its own")
    return problems


def money(value: Decimal | None, currency: str = "RUB") -> str:
    """"12 500,00 ₽" as Russian documents write sums."""
    if value is None:
        return BLANK
    sign = {"RUB": "₽"}.get(currency, currency)
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",") + f" {sign}"


def _d(value: date | datetime | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def warranty_words(state) -> str:
    """The warranty state in Russian: "на гарантии до 12.05.2027, осталось 120 моточасов"."""
    if not state.known:
        return "нет данных о гарантии"
    if not state.active:
        return "гарантия истекла"
    parts = []
    if state.until is not None:
        parts.append(f"до {_d(state.until)}")
    if state.usage_left is not None:
        parts.append(f"осталось {state.usage_left:g} {UNIT_WORDS.get(state.usage_unit or '', '')}".rstrip())
    return "на гарантии " + ", ".join(parts)


def build_order_context(db: Database, order_id: int, *, claim_id: int | None = None, user_id: int | None = None,
                        today: date | None = None) -> DocumentContext:
    """Read every variable's value for one order (the claim's, when given; else the order's latest claim)."""
    with db.session() as session:
        company = session.execute(select(Company)).scalar_one_or_none()
        tz = ZoneInfo(company.time_zone if company else "UTC")
        today = today or datetime.now(tz).date()
        currency = company.currency if company else "RUB"
        row = session.execute(
            select(Order, Stage.name, Pipeline.name, User.full_name)
            .join(Stage, Stage.id == Order.stage_id).join(Pipeline, Pipeline.id == Order.pipeline_id)
            .outerjoin(User, User.id == Order.owner_id).where(Order.id == order_id)
        ).one_or_none()
        if row is None:
            raise LookupError(f"Order {order_id} does not exist (it may have been deleted).")
        order, stage, pipeline, owner = row
        details = dict(company.details or {}) if company else {}
        v: dict[str, str] = {
            "company.name": company.name if company else "", "company.legal_name": details.get("legal_name")
            or (company.name if company else ""),
            **{f"company.{k}": str(details.get(k) or "") for k in
               ("inn", "kpp", "ogrn", "address", "email", "bank", "bik", "account", "corr_account")},
            "company.phone": format_phone(details["phone"]) if details.get("phone") else "",
            "order.number": str(order.number), "order.title": order.title, "order.description": order.description or "",
            "order.date": _d(order.created_at.astimezone(tz)), "order.amount": money(order.amount, currency),
            "order.paid": money(order.paid, currency),
            "order.due": money(max(order.amount - order.paid, Decimal(0)), currency),
            "order.deadline": _d(order.due_at.astimezone(tz)) if order.due_at else "",
            "order.scenario": SCENARIO_WORDS.get(order.scenario or "", ""), "order.stage": stage,
            "order.owner": owner or "", "order.pipeline": pipeline, "today": _d(today),
            "user.name": session.execute(select(User.full_name).where(User.id == user_id)).scalar() or ""
            if user_id else "",
        }
        if order.client_id is not None:
            client = session.get(Client, order.client_id)
            phones = session.execute(select(ClientPhone.e164).where(ClientPhone.client_id == client.id)
                                     .order_by(ClientPhone.id)).scalars()
            email = session.execute(select(ClientEmail.email).where(ClientEmail.client_id == client.id)
                                    .order_by(ClientEmail.id).limit(1)).scalar()
            v.update({"client.name": client.name, "client.inn": client.tax_id or "",
                      "client.phones": ", ".join(format_phone(p) for p in phones), "client.email": email or ""})
        elif order.requester_phone:
            v["client.phones"] = format_phone(order.requester_phone)
        if order.site_id is not None:
            v["site.address"] = session.execute(select(Site.address).where(Site.id == order.site_id)).scalar() or ""
        maker_id = None
        if order.equipment_id is not None:
            eq = session.get(Equipment, order.equipment_id)
            maker_id = eq.manufacturer_id
            reading = session.execute(select(UsageReading.value).where(UsageReading.equipment_id == eq.id)
                                      .order_by(UsageReading.read_at.desc()).limit(1)).scalar()
            state = warranty_state(order.created_at.astimezone(tz).date(), warranty_until=eq.warranty_until,
                                   usage_limit=eq.warranty_usage_limit, usage_unit=eq.usage_unit,
                                   latest_reading=reading)
            v.update({"equipment.kind": eq.kind, "equipment.model": eq.model, "equipment.serial": eq.serial or "",
                      "equipment.warranty": warranty_words(state), "equipment.sold_on": _d(eq.sold_on),
                      "equipment.installed_on": _d(eq.installed_on),
                      "equipment.commissioned_on": _d(eq.commissioned_on),
                      "equipment.reading": f"{reading:g} {UNIT_WORDS.get(eq.usage_unit or '', '')}".strip()
                      if reading is not None else ""})
        claim_q = select(Claim).where(Claim.order_id == order.id)
        claim = session.execute(claim_q.where(Claim.id == claim_id) if claim_id else
                                claim_q.order_by(Claim.id.desc()).limit(1)).scalar_one_or_none()
        if claim_id and claim is None:
            raise LookupError(f"Claim {claim_id} is not a claim of order {order.number}.")
        if claim is not None:
            maker_id = claim.manufacturer_id or maker_id
            v.update({"claim.defect": claim.defect, "claim.number": str(claim.id),
                      "claim.manufacturer_ref": claim.manufacturer_ref or ""})
        else:
            v["claim.defect"] = order.description or str((order.custom_fields or {}).get("defect") or "")
        files = session.execute(select(Attachment.filename).where(
            Attachment.order_id == order.id, Attachment.kind.not_in(TEMPLATE_KINDS)).order_by(Attachment.id)).scalars()
        v["claim.attachments"] = ", ".join(files)
        if maker_id is not None:
            maker = session.get(Manufacturer, maker_id)
            v.update({"manufacturer.name": maker.name, "manufacturer.claim_address": maker.claim_address or "",
                      "manufacturer.claim_email": maker.claim_email or "",
                      "manufacturer.claim_contact": maker.claim_contact or "",
                      "manufacturer.phone": format_phone(maker.phone) if maker.phone else ""})
        visits = session.execute(
            select(Visit.starts_at, Visit.ends_at, Technician.full_name, Service.name, Service.price)
            .outerjoin(Technician, Technician.id == Visit.technician_id)
            .outerjoin(Service, Service.id == Visit.service_id)
            .where(Visit.order_id == order.id, Visit.status != "cancelled").order_by(Visit.starts_at)
        ).all()
        services = _service_lines(visits)
        upcoming = [r for r in visits if r[0].astimezone(tz).date() >= today]
        shown = upcoming[0] if upcoming else (visits[-1] if visits else None)
        if shown is not None:
            starts, ends, tech, _s, _p = shown
            v.update({"visit.date": _d(starts.astimezone(tz)), "visit.technician": tech or "",
                      "visit.time": f"{starts.astimezone(tz):%H:%M}–{ends.astimezone(tz):%H:%M}"})
        v["services.total"] = money(sum((s.total for s in services), Decimal(0)), currency)
        return DocumentContext({k: v.get(k, "") for k in VARIABLES if k != SERVICES}, services, order.id,
                               {"manufacturer_id": maker_id, "pipeline_id": order.pipeline_id,
                                "currency": currency, "number": order.number})


def _service_lines(visits) -> tuple[ServiceLine, ...]:
    counts: dict[tuple[str, Decimal], int] = {}
    for _starts, _ends, _tech, name, price in visits:
        if name is not None:
            counts[(name, Decimal(price))] = counts.get((name, Decimal(price)), 0) + 1
    return tuple(ServiceLine(name, n, price) for (name, price), n in counts.items())


# templates


def _template_rows(session, where=()) -> list[TemplateRow]:
    rows = session.execute(
        select(DocumentTemplate, Manufacturer.name, Pipeline.name)
        .outerjoin(Manufacturer, Manufacturer.id == DocumentTemplate.manufacturer_id)
        .outerjoin(Pipeline, Pipeline.id == DocumentTemplate.pipeline_id)
        .where(*where).order_by(DocumentTemplate.kind, DocumentTemplate.name, DocumentTemplate.id)
    ).all()
    return [TemplateRow(t.id, t.kind, t.name, t.manufacturer_id, m, t.pipeline_id, p, t.body, t.active, t.updated_at)
            for t, m, p in rows]


def list_templates(db: Database) -> list[TemplateRow]:
    with db.session() as session:
        return _template_rows(session)


def templates_for_order(db: Database, order_id: int, kind: str | None = None) -> list[TemplateRow]:
    """Active templates that apply to the order (its unit's manufacturer and its pipeline, or every order); the
    most specific first within a kind."""
    with db.session() as session:
        order = session.get(Order, order_id)
        if order is None:
            raise LookupError(f"Order {order_id} does not exist (it may have been deleted).")
        maker = session.execute(select(Equipment.manufacturer_id).where(Equipment.id == order.equipment_id)
                                ).scalar() if order.equipment_id else None
        where = [DocumentTemplate.active.is_(True),
                 DocumentTemplate.manufacturer_id.is_(None) | (DocumentTemplate.manufacturer_id == maker),
                 DocumentTemplate.pipeline_id.is_(None) | (DocumentTemplate.pipeline_id == order.pipeline_id)]
        if kind is not None:
            where.append(DocumentTemplate.kind == kind)
        rows = _template_rows(session, where)
    return sorted(rows, key=lambda t: (TEMPLATE_KINDS.index(t.kind), t.manufacturer_id is None,
                                       t.pipeline_id is None, t.name))


def save_template(db: Database, template_id: int | None, *, kind: str, name: str, body: str,
                  manufacturer_id: int | None = None, pipeline_id: int | None = None, active: bool = True,
                  role: str | None) -> int:
    """Create (``template_id`` None) or change a template; refused with the reason for a bad one. Returns its id."""
    if role not in EDITOR_ROLES:
        raise PermissionError("Only a manager or an administrator may change document templates.")
    if kind not in TEMPLATE_KINDS:
        raise ValueError(f"Document kind {kind!r} is unknown; choose one of {', '.join(TEMPLATE_KINDS)}.")
    name = " ".join((name or "").split())
    if not name or len(name) > 100:
        raise ValueError("Give the template a name of 1 to 100 characters.")
    if not (body or "").strip():
        raise ValueError("The template is empty; write its text first.")
    problems = template_problems(body)
    if problems:
        raise TemplateError(problems)
    with db.transaction() as session:
        clash = session.execute(select(DocumentTemplate.id).where(
            DocumentTemplate.kind == kind, DocumentTemplate.name == name,
            DocumentTemplate.id != (template_id or 0))).scalar()
        if clash is not None:
            raise ValueError(f"There is already a template «{name}» of this kind; choose another name.")
        template = session.get(DocumentTemplate, template_id) if template_id else DocumentTemplate()
        if template is None:
            raise LookupError(f"Template {template_id} no longer exists; reload the list.")
        template.kind, template.name, template.body = kind, name, body
        template.manufacturer_id, template.pipeline_id, template.active = manufacturer_id, pipeline_id, active
        template.updated_at = func.now()
        session.add(template)
        session.flush()
        return template.id


def scope_options(db: Database) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(manufacturers, pipelines) as (id, name) for a template's scope."""
    with db.session() as session:
        makers = [tuple(r) for r in session.execute(select(Manufacturer.id, Manufacturer.name)
                                                    .order_by(Manufacturer.name))]
        pipelines = [tuple(r) for r in session.execute(select(Pipeline.id, Pipeline.name)
                                                       .where(Pipeline.archived.is_(False)).order_by(Pipeline.position,
                                                                                                  Pipeline.id))]
    return makers, pipelines
