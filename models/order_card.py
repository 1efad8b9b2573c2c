"""Everything the order card shows, read in one unit of work, plus comments and attachments added from it.

Private timeline items (and private comments) are hidden from roles without the right to see them
(:data:`PRIVATE_HIDDEN_ROLES`): they are filtered in SQL, so they never reach a technician's or an accountant's
desk. Attachment contents are not read with the card; :func:`attachment_content` reads one when it is opened.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from models.client_card import describe_access
from models.clients import Client, ClientPhone, Site
from models.company import Company, User
from models.database import Database
from models.equipment import Equipment, Manufacturer, UsageReading, warranty_state
from models.phones import format_phone
from models.pipeline_admin import ATTACHMENT_KINDS, DOCUMENT_KINDS
from models.pipeline_rules import CustomFieldDef
from models.pipelines import Order, Pipeline, Stage, StageChange, Task
from models.scheduling import Technician, Visit
from models.timeline import Attachment, TimelineEntry
from models.views import EquipmentRow, PhoneRow, TimelineRow, VisitRow

#: Roles that do not see private timeline items and comments (conflicts with a client, agreed discounts).
PRIVATE_HIDDEN_ROLES = frozenset({"technician", "accountant"})
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_COMMENT_CHARS = 10_000
#: A second identical comment from the same person within this time is the same comment (a double click).
DUPLICATE_WINDOW = timedelta(seconds=30)
TIMELINE_SHOWN = 300


def can_see_private(role: str | None) -> bool:
    """Whether a role may read private timeline items and write private comments."""
    return role not in PRIVATE_HIDDEN_ROLES


class OrderCardNotFound(LookupError):
    """The order was deleted or never existed."""


class AttachmentRefused(ValueError):
    """A file cannot be attached; the message says why and what to do."""


class CommentRefused(ValueError):
    """A comment cannot be added; the message says why and what to do."""


@dataclass(frozen=True)
class StageOption:
    id: int
    name: str
    color: str
    kind: str
    position: int


@dataclass(frozen=True)
class FieldOption:
    """One entry of a choice list on the card (a site, a unit, a responsible person)."""

    id: int
    label: str


@dataclass(frozen=True)
class CustomFieldValue:
    """A custom field defined for the order's pipeline and scenario, with the value stored in the order."""

    key: str
    label: str
    type: str  # text | number | date | bool | choice
    choices: tuple[str, ...]
    value: object  # as stored in JSON: str, int, float, bool, ISO date text, or None
    required_by: tuple[str, ...] = ()  # names of the stages whose gate requires it


@dataclass(frozen=True)
class TaskRow:
    id: int
    title: str
    kind: str
    assignee: str | None
    due_at: datetime | None  # in the company's time zone
    status: str  # open | done | cancelled
    done_at: datetime | None
    automatic: bool  # created by a stage rule

    def late(self, now: datetime) -> bool:
        return self.status == "open" and self.due_at is not None and self.due_at < now


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    kind: str
    filename: str
    mime_type: str
    size_bytes: int
    uploaded_at: datetime
    uploaded_by: str | None


@dataclass(frozen=True)
class StageChangeRow:
    at: datetime
    from_stage: str | None
    to_stage: str
    user: str | None
    comment: str | None


@dataclass(frozen=True)
class OrderCardData:
    """Everything the order card shows, read in one unit of work; times in the company's time zone."""

    id: int
    number: int
    title: str
    description: str | None
    version: int
    pipeline_id: int
    pipeline_name: str
    stage_id: int
    stages: tuple[StageOption, ...]
    scenario: str | None
    source_channel: str
    client_id: int | None
    client_name: str | None
    client_phones: tuple[PhoneRow, ...]
    requester_phone: PhoneRow | None
    site_id: int | None
    site_address: str | None
    site_access: str
    site_options: tuple[FieldOption, ...]
    equipment: EquipmentRow | None
    equipment_options: tuple[FieldOption, ...]
    owner_id: int | None
    owner_name: str | None
    owner_options: tuple[FieldOption, ...]
    amount: Decimal
    paid: Decimal
    due_at: datetime | None
    waiting_reason: str | None
    created_at: datetime
    stage_entered_at: datetime
    closed_at: datetime | None
    custom_fields: tuple[CustomFieldValue, ...]
    required_fields: dict  # order field or "custom:<key>" -> names of the stages whose gate requires it
    tasks: tuple[TaskRow, ...]
    visits: tuple[VisitRow, ...]
    attachments: tuple[AttachmentRow, ...]
    attachment_kinds: tuple[str, ...]  # offered when adding a file (gates' kinds first)
    comments: tuple[TimelineRow, ...]
    timeline: tuple[TimelineRow, ...]
    stage_history: tuple[StageChangeRow, ...]
    can_see_private: bool
    currency: str = "RUB"
    time_zone: str = "UTC"

    @property
    def stage(self) -> StageOption:
        return next(s for s in self.stages if s.id == self.stage_id)


def load_order_card(db: Database, order_id: int, *, role: str | None, now: datetime | None = None) -> OrderCardData:
    """Read the order's card as ``role`` sees it."""
    private_ok = can_see_private(role)
    with db.session() as session:
        order = session.get(Order, order_id)
        if order is None:
            raise OrderCardNotFound(f"Order {order_id} does not exist (it may have been deleted).")
        tz_name, currency = session.execute(select(Company.time_zone, Company.currency)).one()
        tz = ZoneInfo(tz_name or "UTC")
        now = now or datetime.now(tz)
        pipeline = session.get(Pipeline, order.pipeline_id)
        stages = session.execute(
            select(Stage).where(Stage.pipeline_id == order.pipeline_id).order_by(Stage.position, Stage.id)
        ).scalars().all()
        required = _required_fields(stages)
        client = session.get(Client, order.client_id) if order.client_id else None
        site = session.get(Site, order.site_id) if order.site_id else None
        owner = session.get(User, order.owner_id) if order.owner_id else None
        timeline = _timeline(session, order.id, tz, private_ok)

        def local(value: datetime | None) -> datetime | None:
            return value.astimezone(tz) if value is not None else None

        return OrderCardData(
            id=order.id, number=order.number, title=order.title, description=order.description,
            version=order.version, pipeline_id=order.pipeline_id, pipeline_name=pipeline.name if pipeline else "",
            stage_id=order.stage_id,
            stages=tuple(StageOption(s.id, s.name, s.color, s.kind, s.position) for s in stages),
            scenario=order.scenario, source_channel=order.source_channel,
            client_id=order.client_id, client_name=client.name if client else None,
            client_phones=_phones(session, order.client_id),
            requester_phone=(PhoneRow(order.requester_phone, format_phone(order.requester_phone), "other", None)
                             if order.requester_phone else None),
            site_id=order.site_id, site_address=site.address if site else None,
            site_access=describe_access(site) if site else "",
            site_options=_site_options(session, order.client_id),
            equipment=_equipment(session, order.equipment_id, now.astimezone(tz).date()),
            equipment_options=_equipment_options(session, order.client_id),
            owner_id=order.owner_id, owner_name=owner.full_name if owner else None,
            owner_options=_owner_options(session, order.owner_id),
            amount=order.amount, paid=order.paid, due_at=local(order.due_at), waiting_reason=order.waiting_reason,
            created_at=local(order.created_at), stage_entered_at=local(order.stage_entered_at),
            closed_at=local(order.closed_at),
            custom_fields=_custom_fields(session, order, required),
            required_fields=required,
            tasks=_tasks(session, order.id, tz),
            visits=_visits(session, order, tz),
            attachments=_attachments(session, order.id, tz),
            attachment_kinds=_attachment_kinds(stages),
            comments=tuple(row for row in timeline if row.kind == "note"),
            timeline=timeline,
            stage_history=_history(session, order.id, tz),
            can_see_private=private_ok, currency=currency, time_zone=tz.key,
        )


def _required_fields(stages) -> dict[str, tuple[str, ...]]:
    required: dict[str, list[str]] = {}
    for stage in stages:
        for name in (stage.gate_rules or {}).get("required_fields") or ():
            required.setdefault(name, []).append(stage.name)
    return {k: tuple(v) for k, v in required.items()}


def _attachment_kinds(stages) -> tuple[str, ...]:
    kinds: list[str] = []
    for stage in stages:
        rules = stage.gate_rules or {}
        for kind in [*(rules.get("required_attachments") or ()), *(rules.get("required_documents") or ())]:
            if kind not in kinds:
                kinds.append(kind)
    return tuple(kinds + [k for k in (*ATTACHMENT_KINDS, *DOCUMENT_KINDS, "file") if k not in kinds])


def _phones(session: Session, client_id: int | None) -> tuple[PhoneRow, ...]:
    if client_id is None:
        return ()
    rows = session.execute(
        select(ClientPhone.e164, ClientPhone.kind).where(ClientPhone.client_id == client_id, ClientPhone.contact_id
                                                         .is_(None)).order_by(ClientPhone.id)
    ).all()
    return tuple(PhoneRow(e164, format_phone(e164), kind, None) for e164, kind in rows)


def _site_options(session: Session, client_id: int | None) -> tuple[FieldOption, ...]:
    if client_id is None:
        return ()
    rows = session.execute(select(Site.id, Site.address).where(Site.client_id == client_id).order_by(Site.id)).all()
    return tuple(FieldOption(*r) for r in rows)


def _equipment_options(session: Session, client_id: int | None) -> tuple[FieldOption, ...]:
    if client_id is None:
        return ()
    rows = session.execute(
        select(Equipment.id, Equipment.kind, Equipment.model, Equipment.serial)
        .where(Equipment.client_id == client_id).order_by(Equipment.kind, Equipment.id)
    ).all()
    return tuple(FieldOption(i, f"{kind}: {model}" + (f" ({serial})" if serial else "")) for i, kind, model, serial
                 in rows)


def _owner_options(session: Session, current: int | None) -> tuple[FieldOption, ...]:
    rows = session.execute(
        select(User.id, User.full_name).where((User.active.is_(True)) | (User.id == current)).order_by(User.full_name)
    ).all()
    return tuple(FieldOption(*r) for r in rows)


def _equipment(session: Session, equipment_id: int | None, today: date) -> EquipmentRow | None:
    if equipment_id is None:
        return None
    latest = (select(UsageReading.value).where(UsageReading.equipment_id == Equipment.id)
              .order_by(UsageReading.read_at.desc()).limit(1).correlate(Equipment).scalar_subquery())
    row = session.execute(
        select(Equipment, Manufacturer.name, Site.address, latest)
        .outerjoin(Manufacturer, Manufacturer.id == Equipment.manufacturer_id)
        .outerjoin(Site, Site.id == Equipment.site_id)
        .where(Equipment.id == equipment_id)
    ).first()
    if row is None:
        return None
    eq, maker, address, reading = row
    state = warranty_state(today, warranty_until=eq.warranty_until, usage_limit=eq.warranty_usage_limit,
                           usage_unit=eq.usage_unit, latest_reading=reading)
    return EquipmentRow(eq.id, eq.kind, eq.model, maker, eq.serial, address, eq.installed_on, state.active,
                        state.known, state.until, state.usage_left, state.usage_unit, reading)


def _custom_fields(session: Session, order: Order, required: dict) -> tuple[CustomFieldValue, ...]:
    defs = session.execute(
        select(CustomFieldDef).where(
            CustomFieldDef.pipeline_id == order.pipeline_id,
            CustomFieldDef.scenario.is_(None) | (CustomFieldDef.scenario == order.scenario),
        ).order_by(CustomFieldDef.position, CustomFieldDef.id)
    ).scalars()
    values = order.custom_fields or {}
    return tuple(
        CustomFieldValue(d.key, d.label, d.type, tuple(str(c) for c in d.choices or ()), values.get(d.key),
                         required.get(f"custom:{d.key}", ()))
        for d in defs
    )


def _tasks(session: Session, order_id: int, tz: ZoneInfo) -> tuple[TaskRow, ...]:
    rows = session.execute(
        select(Task, User.full_name).outerjoin(User, User.id == Task.assignee_id).where(Task.order_id == order_id)
        .order_by((Task.status != "open"), Task.due_at.nulls_last(), Task.id)
    ).all()
    return tuple(
        TaskRow(t.id, t.title, t.kind, who, t.due_at.astimezone(tz) if t.due_at else None, t.status,
                t.done_at.astimezone(tz) if t.done_at else None, bool(t.origin_rule))
        for t, who in rows
    )


def _visits(session: Session, order: Order, tz: ZoneInfo) -> tuple[VisitRow, ...]:
    site = aliased(Site)
    rows = session.execute(
        select(Visit.id, Visit.starts_at, Visit.ends_at, Technician.full_name, Visit.status, site.address)
        .outerjoin(Technician, Technician.id == Visit.technician_id)
        .outerjoin(site, site.id == order.site_id)
        .where(Visit.order_id == order.id).order_by(Visit.starts_at.desc())
    ).all()
    return tuple(VisitRow(i, order.number, s.astimezone(tz), e.astimezone(tz), tech, status, address)
                 for i, s, e, tech, status, address in rows)


def _attachments(session: Session, order_id: int, tz: ZoneInfo) -> tuple[AttachmentRow, ...]:
    rows = session.execute(
        select(Attachment.id, Attachment.kind, Attachment.filename, Attachment.mime_type, Attachment.size_bytes,
               Attachment.uploaded_at, User.full_name)
        .outerjoin(User, User.id == Attachment.uploaded_by)
        .where(Attachment.order_id == order_id).order_by(Attachment.uploaded_at.desc(), Attachment.id.desc())
    ).all()
    return tuple(AttachmentRow(i, kind, name, mime, size, at.astimezone(tz), who)
                 for i, kind, name, mime, size, at, who in rows)


def _timeline(session: Session, order_id: int, tz: ZoneInfo, private_ok: bool) -> tuple[TimelineRow, ...]:
    query = (
        select(TimelineEntry.at, TimelineEntry.kind, TimelineEntry.text, User.full_name, TimelineEntry.private)
        .outerjoin(User, User.id == TimelineEntry.author_id)
        .where(TimelineEntry.order_id == order_id)
    )
    if not private_ok:
        query = query.where(TimelineEntry.private.is_(False))
    rows = session.execute(query.order_by(TimelineEntry.at.desc(), TimelineEntry.id.desc())
                           .limit(TIMELINE_SHOWN)).all()
    return tuple(TimelineRow(at.astimezone(tz), kind, text, author, private, None)
                 for at, kind, text, author, private in rows)


def _history(session: Session, order_id: int, tz: ZoneInfo) -> tuple[StageChangeRow, ...]:
    before, after = aliased(Stage), aliased(Stage)
    rows = session.execute(
        select(StageChange.changed_at, before.name, after.name, User.full_name, StageChange.comment)
        .outerjoin(before, before.id == StageChange.from_stage_id)
        .join(after, after.id == StageChange.to_stage_id)
        .outerjoin(User, User.id == StageChange.user_id)
        .where(StageChange.order_id == order_id).order_by(StageChange.changed_at.desc(), StageChange.id.desc())
    ).all()
    return tuple(StageChangeRow(at.astimezone(tz), a, b, who, comment) for at, a, b, who, comment in rows)


def attachment_content(db: Database, attachment_id: int) -> bytes:
    """The bytes of one attachment, read when it is opened."""
    with db.session() as session:
        content = session.execute(select(Attachment.content).where(Attachment.id == attachment_id)).scalar()
    if content is None:
        raise LookupError(f"Attachment {attachment_id} no longer exists (it may have been deleted); reload the card.")
    return bytes(content)


def add_comment(db: Database, order_id: int, text: str, *, user_id: int | None, private: bool) -> int:
    """Add an internal comment to the order's timeline; return its id.

    The same text from the same person within DUPLICATE_WINDOW is not added twice (a double click or a retry).
    """
    body = (text or "").strip()
    if not body:
        raise CommentRefused("Type the comment first.")
    if len(body) > MAX_COMMENT_CHARS:
        raise CommentRefused(f"The comment is {len(body):,} characters long; keep it under {MAX_COMMENT_CHARS:,} "
                             f"or attach the text as a file.")
    with db.transaction() as session:
        order = session.get(Order, order_id)
        if order is None:
            raise OrderCardNotFound(f"Order {order_id} does not exist (it may have been deleted).")
        role = session.execute(select(User.role).where(User.id == user_id)).scalar() if user_id else None
        if private and not can_see_private(role):
            raise CommentRefused("Your role cannot write private comments; untick “Private” to add it for everyone.")
        now = session.execute(select(func.now())).scalar_one()
        existing = session.execute(
            select(TimelineEntry.id).where(
                TimelineEntry.order_id == order_id, TimelineEntry.kind == "note", TimelineEntry.text == body,
                TimelineEntry.author_id.is_(None) if user_id is None else TimelineEntry.author_id == user_id,
                TimelineEntry.private.is_(bool(private)), TimelineEntry.at > now - DUPLICATE_WINDOW,
            ).limit(1)
        ).scalar()
        if existing is not None:
            return existing
        entry = TimelineEntry(order_id=order_id, client_id=order.client_id, kind="note", author_id=user_id,
                              text=body, private=bool(private))
        session.add(entry)
        session.flush()
        return entry.id


def add_attachment(db: Database, order_id: int, kind: str, filename: str, mime_type: str, content: bytes, *,
                   user_id: int | None) -> int:
    """Attach a file to the order (and note it in the timeline); return the attachment's id.

    The same file (name and bytes) attached again to the same order is not stored twice.
    """
    name = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    kind = (kind or "").strip() or "file"
    if not name:
        raise AttachmentRefused("The file has no name; save it under a name and attach it again.")
    if not content:
        raise AttachmentRefused(f"“{name}” is empty (0 bytes); check that the file was saved completely.")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(
            f"“{name}” is {len(content) / 1024 / 1024:.1f} MB; attachments are limited to "
            f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB. Reduce the photo or scan it at a lower resolution.")
    if len(name) > 255 or len(kind) > 30:
        raise AttachmentRefused("The file name is too long (255 characters at most); rename the file.")
    digest = hashlib.md5(content).hexdigest()
    with db.transaction() as session:
        order = session.execute(select(Order).where(Order.id == order_id).with_for_update()).scalar_one_or_none()
        if order is None:
            raise OrderCardNotFound(f"Order {order_id} does not exist (it may have been deleted).")
        existing = session.execute(
            select(Attachment.id).where(
                Attachment.order_id == order_id, Attachment.filename == name, Attachment.kind == kind,
                Attachment.size_bytes == len(content), func.md5(Attachment.content) == digest,
            ).limit(1)
        ).scalar()
        if existing is not None:
            return existing
        attachment = Attachment(order_id=order_id, kind=kind, filename=name,
                                mime_type=(mime_type or "application/octet-stream")[:100], size_bytes=len(content),
                                content=content, uploaded_by=user_id)
        session.add(attachment)
        session.flush()
        session.add(TimelineEntry(order_id=order_id, client_id=order.client_id, kind="document", author_id=user_id,
                                  text=f"Attached {kind}: {name}", payload={"attachment_id": attachment.id}))
        return attachment.id
