"""Orders moving through their pipeline: stage gates, moves, optimistic edits and completing tasks.

Every write is one unit of work that locks the order row (``SELECT … FOR UPDATE``) and compares the version
the desk read with the one stored, so two workstations never overwrite each other: the loser gets
:class:`OrderConflict` with both versions of what it tried to change.

A move is checked against the target stage's ``gate_rules`` (see :func:`gate_failures`); a refused move raises
:class:`GateRefused` naming every missing field, attachment, document or payment. A successful move writes the
stage history and a timeline entry and fires the target stage's automation (``models.automation``) in the same
transaction.

Gate failure codes: ``pipeline`` (a stage of another pipeline), ``closed`` (reopening a won/lost order needs a
manager, service head or administrator), ``role``, ``field``, ``attachment``, ``document``, ``payment``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import automation
from models.clients import Client, Site
from models.company import Company, User
from models.database import Database
from models.equipment import Equipment
from models.numbers import typed_decimal
from models.phones import InvalidPhone, normalise_phone
from models.pipeline_rules import CustomFieldDef
from models.pipelines import SCENARIOS, SOURCE_CHANNELS, Order, Pipeline, Stage, StageChange, Task
from models.timeline import Attachment, TimelineEntry

#: Roles that may move an order out of a won or lost stage (reopen it or change how it ended).
REOPEN_ROLES = ("manager", "service_head", "admin")
CLOSED_KINDS = ("won", "lost")
#: Order columns :func:`update_order` may change; custom fields go as ``"custom:<key>"``.
EDITABLE_COLUMNS = ("title", "description", "client_id", "requester_phone", "site_id", "equipment_id", "owner_id",
                    "scenario", "source_channel", "amount", "due_at", "waiting_reason")  # paid: the payments' sum
CUSTOM_PREFIX = "custom:"
FIELD_LABELS = {
    "title": "the title", "description": "the description", "client_id": "the client",
    "requester_phone": "the requester's phone", "site_id": "the site address", "equipment_id": "the equipment",
    "owner_id": "the responsible person", "scenario": "the scenario", "source_channel": "the source",
    "amount": "the amount", "paid": "the payment", "due_at": "the due date", "waiting_reason": "the waiting reason",
}
ATTACHMENT_LABELS = {"photo": "a photo of the work", "act": "the signed act", "file": "a file", "scan": "a scan"}
ROLE_LABELS = {"dispatcher": "a dispatcher", "manager": "a manager", "service_head": "the service head",
               "technician": "a technician", "accountant": "an accountant", "admin": "an administrator"}
CURRENCY_SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸", "BYN": "Br"}


@dataclass(frozen=True)
class GateFailure:
    """One reason a move is refused."""

    code: str  # "pipeline" | "closed" | "role" | "field" | "attachment" | "document" | "payment"
    subject: str  # e.g. "site_id", "custom:room_area_m2", "photo", "completion_act", "service_head", "paid"
    message: str  # a sentence for the user, e.g. "Attach a photo of the work before moving the order to «…»."


class GateRefused(Exception):
    """A move was refused by the target stage's gate; ``failures`` name everything missing."""

    def __init__(self, order_id: int, stage_name: str, failures: Iterable[GateFailure]):
        self.order_id = order_id
        self.stage_name = stage_name
        self.failures = tuple(failures)
        super().__init__(" ".join(f.message for f in self.failures))


class OrderConflict(Exception):
    """An edit or a move lost a race: the order changed since this desk read it.

    ``ours`` holds the values this desk wanted, ``theirs`` the values now stored, for the same keys.
    """

    def __init__(self, order_id: int, expected_version: int, current_version: int,
                 ours: dict[str, object], theirs: dict[str, object]):
        self.order_id = order_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.ours = dict(ours)
        self.theirs = dict(theirs)
        super().__init__(
            f"Order {order_id} was changed at another workstation while you were editing it (you had version "
            f"{expected_version}, it is now {current_version}). Compare both versions and choose which to keep."
        )


class OrderNotFound(LookupError):
    """The order was deleted or never existed."""


class TaskNotFound(LookupError):
    """The task was deleted or never existed."""


@dataclass(frozen=True)
class MoveResult:
    """A move that happened: the new version and the tasks the target stage's automation created."""

    order_id: int
    from_stage_id: int
    to_stage_id: int
    version: int
    task_ids: tuple[int, ...]


def gate_failures(db: Database, order_id: int, to_stage_id: int, *, role: str) -> tuple[GateFailure, ...]:
    """Everything that stops ``role`` from moving the order into the stage now; empty when the move may go."""
    with db.session() as session:
        order = session.get(Order, order_id)
        if order is None:
            raise OrderNotFound(f"Order {order_id} does not exist (it may have been deleted).")
        return _failures(session, order, _stage(session, to_stage_id), role)


def move_order(db: Database, order_id: int, to_stage_id: int, *, user_id: int | None, role: str,
               expected_version: int, comment: str | None = None, now: datetime | None = None) -> MoveResult:
    """Move the order into another stage of its pipeline, in one transaction.

    Raises OrderConflict when the order changed since ``expected_version`` was read, GateRefused when the
    target stage's gate refuses. Moving into the stage the order is already in changes nothing.
    """
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        order = _locked_order(session, order_id)
        if order.version != expected_version:
            raise OrderConflict(order_id, expected_version, order.version,
                                ours={"stage_id": to_stage_id}, theirs={"stage_id": order.stage_id})
        stage = _stage(session, to_stage_id)
        if stage.id == order.stage_id:
            return MoveResult(order.id, stage.id, stage.id, order.version, ())
        return _move(session, order, stage, user_id=user_id, role=role, now=now, comment=comment)


def update_order(db: Database, order_id: int, changes: dict[str, object], *, user_id: int | None,
                 expected_version: int) -> int:
    """Change whitelisted columns and custom fields (``"custom:<key>"``) of an order; return the new version.

    Values are checked first (a ValueError says which field is wrong and why); then, if the order changed since
    ``expected_version``, OrderConflict carries ours/theirs for the changed keys only. Nothing is overwritten
    silently. ``user_id`` is who edits (the audit trigger records the change itself).
    """
    del user_id  # the audit trigger records who changed what through the session's login role
    if not changes:
        raise ValueError("Nothing to change: pass at least one field.")
    with db.transaction() as session:
        order = _locked_order(session, order_id)
        wanted = _validated(session, order, changes)
        theirs = {key: _current(order, key) for key in wanted}
        if order.version != expected_version:
            raise OrderConflict(order_id, expected_version, order.version, ours=wanted, theirs=theirs)
        if all(_same(wanted[key], theirs[key]) for key in wanted):
            return order.version
        custom = dict(order.custom_fields or {})
        for key, value in wanted.items():
            if key.startswith(CUSTOM_PREFIX):
                name = key.removeprefix(CUSTOM_PREFIX)
                if value is None:
                    custom.pop(name, None)
                else:
                    custom[name] = value
            else:
                setattr(order, key, value)
        if custom != (order.custom_fields or {}):
            order.custom_fields = custom
        session.flush()
        return order.version


def complete_task(db: Database, task_id: int, *, user_id: int | None, now: datetime | None = None) -> int | None:
    """Mark a task done (again is harmless) and let ``move_on_task_done`` rules move its order on.

    Returns the stage the order moved to, if a rule moved it. A rule whose move the gate refuses is recorded as
    the firing's error and a timeline note; it is never raised at the person who ticked the task.
    """
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        task = session.execute(select(Task).where(Task.id == task_id).with_for_update()).scalar_one_or_none()
        if task is None:
            raise TaskNotFound(f"Task {task_id} does not exist (it may have been deleted).")
        if task.status == "done":
            return None
        if task.status == "cancelled":
            raise ValueError(f"Task «{task.title}» was cancelled; reopen it before marking it done.")
        task.status = "done"
        task.done_at = now
        if task.order_id is not None:
            session.add(TimelineEntry(order_id=task.order_id, kind="task", at=now, author_id=user_id,
                                      text=f"Task done: {task.title}", payload={"task_id": task.id}))
        session.flush()
        if task.order_id is None or not (task.origin_rule or "").startswith(automation.RULE_ORIGIN_PREFIX):
            return None
        role = _role_of(session, user_id)

        def move(session: Session, order_id: int, to_stage_id: int) -> str | None:
            return _automatic_move(session, order_id, to_stage_id, user_id=user_id, role=role, now=now,
                                   comment=f"Task done: {task.title}")

        return automation.fire_on_task_done(session, task.id, now=now, move=move)


# --- moving ----------------------------------------------------------------------------------------------------

def _move(session: Session, order: Order, stage: Stage, *, user_id: int | None, role: str, now: datetime,
          comment: str | None) -> MoveResult:
    failures = _failures(session, order, stage, role)
    if failures:
        raise GateRefused(order.id, stage.name, failures)
    before = session.get(Stage, order.stage_id)
    from_stage_id = order.stage_id
    order.stage_id = stage.id
    order.stage_entered_at = now
    order.closed_at = now if stage.kind in CLOSED_KINDS else None
    session.add(StageChange(order_id=order.id, from_stage_id=from_stage_id, to_stage_id=stage.id, changed_at=now,
                            user_id=user_id, comment=comment))
    session.add(TimelineEntry(
        order_id=order.id, client_id=order.client_id, kind="status_change", at=now, author_id=user_id,
        text=f"Stage: {before.name if before else '?'} → {stage.name}",
        payload={"from_stage_id": from_stage_id, "to_stage_id": stage.id, **({"comment": comment} if comment else {})},
    ))
    session.flush()
    task_ids = automation.fire_on_enter(session, order.id, stage.id, now=now)
    return MoveResult(order.id, from_stage_id, stage.id, order.version, task_ids)


def _automatic_move(session: Session, order_id: int, to_stage_id: int, *, user_id: int | None, role: str,
                    now: datetime, comment: str) -> str | None:
    """A move made by a rule: None when done, else why the gate refused (the caller records it)."""
    order = _locked_order(session, order_id)
    stage = session.get(Stage, to_stage_id)
    if stage is None:
        return f"Automatic move refused: the target stage {to_stage_id} no longer exists; fix the rule in Settings."
    if stage.id == order.stage_id:
        return None
    try:
        _move(session, order, stage, user_id=user_id, role=role, now=now, comment=comment)
    except GateRefused as refused:
        return f"Automatic move to «{stage.name}» refused: {refused}"
    return None


def _locked_order(session: Session, order_id: int) -> Order:
    order = session.execute(
        select(Order).where(Order.id == order_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if order is None:
        raise OrderNotFound(f"Order {order_id} does not exist (it may have been deleted).")
    return order


def _stage(session: Session, stage_id: int) -> Stage:
    stage = session.get(Stage, stage_id)
    if stage is None:
        raise ValueError(f"Stage {stage_id} does not exist (it may have been deleted); reload the board.")
    return stage


def _role_of(session: Session, user_id: int | None) -> str:
    """The role a rule's move acts with: that of the person who ticked the task; the service acts as admin."""
    if user_id is None:
        return "admin"
    return session.execute(select(User.role).where(User.id == user_id)).scalar_one_or_none() or "technician"


# --- gates -----------------------------------------------------------------------------------------------------

def _failures(session: Session, order: Order, stage: Stage, role: str) -> tuple[GateFailure, ...]:
    into = f"«{stage.name}»"
    if stage.pipeline_id != order.pipeline_id:
        pipeline = session.get(Pipeline, stage.pipeline_id)
        return (GateFailure("pipeline", str(stage.pipeline_id),
                            f"Stage {into} belongs to another pipeline ({pipeline.name if pipeline else '?'}); "
                            f"an order moves only within its own pipeline."),)
    failures: list[GateFailure] = []
    current = session.get(Stage, order.stage_id)
    if current is not None and current.kind in CLOSED_KINDS and current.id != stage.id and role not in REOPEN_ROLES:
        failures.append(GateFailure("closed", current.name, f"The order is closed («{current.name}»); only a manager, "
                                                            f"the service head or an administrator may reopen it."))
    rules = stage.gate_rules or {}
    roles = [str(r) for r in rules.get("roles") or ()]
    if roles and role not in roles and role != "admin":
        who = " or ".join(ROLE_LABELS.get(r, r) for r in roles)
        failures.append(GateFailure("role", ",".join(roles), f"Only {who} may move orders into {into}."))
    failures += _field_failures(session, order, rules.get("required_fields") or (), into)
    kinds = _attachment_kinds(session, order.id)
    for kind in rules.get("required_attachments") or ():
        if kind not in kinds:
            label = ATTACHMENT_LABELS.get(kind, f"a file of kind “{kind}”")
            failures.append(GateFailure("attachment", kind, f"Attach {label} before moving the order to {into}."))
    for kind in rules.get("required_documents") or ():
        if kind not in kinds:
            label = automation.DOCUMENT_LABELS.get(kind, f"the document “{kind}”")
            failures.append(GateFailure("document", kind, f"Attach {label} before moving the order to {into}."))
    if rules.get("fully_paid"):
        failures += _payment_failures(session, order, stage, into)
    return tuple(failures)


def _field_failures(session: Session, order: Order, fields: Iterable[str], into: str) -> list[GateFailure]:
    failures = []
    labels = None
    for field in fields:
        if field.startswith(CUSTOM_PREFIX):
            key = field.removeprefix(CUSTOM_PREFIX)
            if _blank((order.custom_fields or {}).get(key)):
                if labels is None:
                    labels = dict(session.execute(select(CustomFieldDef.key, CustomFieldDef.label)
                                                  .where(CustomFieldDef.pipeline_id == order.pipeline_id)).all())
                label = f"“{labels.get(key, key)}”"
                failures.append(GateFailure("field", field, f"Fill in {label} before moving the order to {into}."))
            continue
        value = getattr(order, field, None)
        if _blank(value) or (field in ("amount", "paid") and value is not None and Decimal(value) <= 0):
            label = FIELD_LABELS.get(field, field)
            failures.append(GateFailure("field", field, f"Fill in {label} before moving the order to {into}."))
    return failures


def _payment_failures(session: Session, order: Order, stage: Stage, into: str) -> list[GateFailure]:
    amount, paid = Decimal(order.amount or 0), Decimal(order.paid or 0)
    if stage.kind == "won" and amount <= 0:
        return [GateFailure("payment", "amount", f"The order has no amount; enter the amount and the payment "
                                                 f"before moving it to {into}.")]
    if paid >= amount:
        return []
    currency = session.execute(select(Company.currency)).scalar_one_or_none() or "RUB"
    owed = format_money(amount - paid, currency)
    return [GateFailure("payment", "paid", f"{owed} still owed; the order moves to {into} only when fully paid.")]


def _attachment_kinds(session: Session, order_id: int) -> set[str]:
    return set(session.execute(select(Attachment.kind).where(Attachment.order_id == order_id).distinct()).scalars())


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value) or (
        isinstance(value, str) and not value.strip())


def format_money(value: Decimal, currency: str = "RUB") -> str:
    """Money as Russian documents write it: "12 500,00 ₽"."""
    text = f"{Decimal(value):,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} {CURRENCY_SIGNS.get(currency, currency)}"


# --- edits -----------------------------------------------------------------------------------------------------

def _validated(session: Session, order: Order, changes: dict[str, object]) -> dict[str, object]:
    """The changes with values normalised; ValueError names the first wrong one and what to do."""
    wanted: dict[str, object] = {}
    plain = {k: v for k, v in changes.items() if not k.startswith(CUSTOM_PREFIX) and k != "custom_fields"}
    custom = {k.removeprefix(CUSTOM_PREFIX): v for k, v in changes.items() if k.startswith(CUSTOM_PREFIX)}
    if isinstance(changes.get("custom_fields"), dict):
        custom.update(changes["custom_fields"])  # type: ignore[arg-type]
    elif "custom_fields" in changes:
        raise ValueError("custom_fields must be a mapping of field keys to values.")
    for key, value in plain.items():
        if key not in EDITABLE_COLUMNS:
            hint = " Use move_order to change the stage." if key == "stage_id" else ""
            raise ValueError(f"Field “{key}” cannot be edited here.{hint}")
        wanted[key] = _column_value(session, order, key, value, {**plain})
    if wanted.get("client_id") is not None:  # a new client: the site and unit kept must be theirs too
        for key in ("site_id", "equipment_id"):
            if key not in wanted and getattr(order, key) is not None:
                _reference(session, order, key, getattr(order, key), plain)
    if custom:
        scenario = wanted.get("scenario", order.scenario)
        defs = {d.key: d for d in session.execute(
            select(CustomFieldDef).where(CustomFieldDef.pipeline_id == order.pipeline_id,
                                         (CustomFieldDef.scenario.is_(None)) | (CustomFieldDef.scenario == scenario))
        ).scalars()}
        for key, value in custom.items():
            if key not in defs:
                raise ValueError(f"Field “{key}” is not defined for this pipeline or scenario; add it in Settings "
                                 f"or leave it out.")
            wanted[CUSTOM_PREFIX + key] = custom_value(defs[key], value)
    return wanted


def _column_value(session: Session, order: Order, key: str, value: object, plain: dict[str, object]) -> object:
    label = FIELD_LABELS[key].removeprefix("the ").capitalize()
    if key in ("amount", "paid"):
        number = _decimal(value, label)
        if number is None or number < 0:
            raise ValueError(f"{label} must be zero or more.")
        return number.quantize(Decimal("0.01"))
    if key == "title":
        if not isinstance(value, str) or not value.strip():
            raise ValueError("Enter a title: it is what the order is called on the board and in the registry.")
        return value.strip()[:300]
    if key in ("description", "waiting_reason"):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{label} must be text.")
        text = (value or "").strip()
        return (text[:200] if key == "waiting_reason" else text) or None
    if key == "scenario":
        if value is not None and value not in SCENARIOS:
            raise ValueError(f"Scenario {value!r} is unknown; choose one of {', '.join(SCENARIOS)}.")
        return value
    if key == "source_channel":
        if value not in SOURCE_CHANNELS:
            raise ValueError(f"Source {value!r} is unknown; choose one of {', '.join(SOURCE_CHANNELS)}.")
        return value
    if key == "due_at":
        if value is not None and not (isinstance(value, datetime) and value.tzinfo is not None):
            raise ValueError("The due date must be a date and time with its time zone.")
        return value
    if key == "requester_phone":
        if value in (None, ""):
            return None
        try:
            return normalise_phone(str(value)).e164
        except InvalidPhone as exc:
            raise ValueError(f"The requester's phone {value!r} is not a valid number: {exc}") from exc
    return _reference(session, order, key, value, plain)


def _reference(session: Session, order: Order, key: str, value: object, plain: dict[str, object]) -> object:
    """A client, site, equipment or owner id: it must exist, and a site or unit must be the order's client's."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{FIELD_LABELS[key].capitalize()} must be chosen from the list (an id), not {value!r}.")
    client_id = plain.get("client_id", order.client_id)
    if key == "owner_id":
        user = session.get(User, value)
        if user is None or not user.active:
            raise ValueError("The responsible person no longer works here or does not exist; choose someone else.")
        return value
    entity = {"client_id": Client, "site_id": Site, "equipment_id": Equipment}[key]
    row = session.get(entity, value)
    if row is None:
        raise ValueError(f"{FIELD_LABELS[key].capitalize()} was deleted; choose another one.")
    if key != "client_id" and client_id is not None and row.client_id != client_id:
        raise ValueError(f"{FIELD_LABELS[key].capitalize()} belongs to another client; choose one of this client's.")
    return value


def custom_value(field: CustomFieldDef, value: object) -> object:
    """A custom field's value as stored in ``orders.custom_fields`` (JSON); None clears it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    label = f"“{field.label}”"
    if field.type == "number":
        number = _decimal(value, label)
        return int(number) if number == number.to_integral_value() else float(number)
    if field.type == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1", "да"):
            return True
        if text in ("false", "no", "0", "нет"):
            return False
        raise ValueError(f"{label} must be yes or no, not {value!r}.")
    if field.type == "date":
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        raise ValueError(f"{label} must be a date like 31.12.2025, not {value!r}.")
    if field.type == "choice":
        choices = [str(c) for c in field.choices or ()]
        if str(value) not in choices:
            raise ValueError(f"{label} must be one of: {', '.join(choices)}; {value!r} is not on the list.")
        return str(value)
    if not isinstance(value, str | int | float | Decimal):
        raise ValueError(f"{label} must be text.")
    return str(value).strip()


def _decimal(value: object, label: str) -> Decimal:
    try:
        return typed_decimal(value)
    except ValueError:
        raise ValueError(f"{label} must be a number, not {value!r}.") from None


def _current(order: Order, key: str) -> object:
    if key.startswith(CUSTOM_PREFIX):
        return (order.custom_fields or {}).get(key.removeprefix(CUSTOM_PREFIX))
    return getattr(order, key)


def _same(ours: object, theirs: object) -> bool:
    if isinstance(ours, Decimal) and theirs is not None:
        return ours == Decimal(str(theirs))
    return ours == theirs

