"""Warranty claims to manufacturers (cases 003, 004) and who handles a manufacturer's orders.

A claim is drafted on an order for the order's unit; its manufacturer comes from the unit. It is then sent, and the
manufacturer either confirms it with its claim act (number and file) or rejects it with the reason:
``draft → sent → confirmed | rejected``. Each step checks the version the person read, so two people never
overwrite each other; repeating a step that already happened with the same data changes nothing (a retry).
Every step is written to the order's timeline (kind "document", payload ``claim_id``/``claim_status``) and, when
the order's pipeline defines them, fills the order's fields "claim letter sent" (``claim_letter_sent``) and "claim
number" (``claim_number``). The manufacturer's act is stored as an attachment of kind ``claim_act``, the kind the
service-center pipeline's gates ask for.

Enclosures. The letter lists the photos and documents sent with it, chosen from the order's attachments
(:func:`claim_enclosures`; photos and acts are proposed). The claims table has no place for the choice, so the
printed letter's enclosure list records it, and the timeline entry of the printed letter carries the ids
(``enclosure_ids``), from which the same choice is proposed again for that claim. The printed letter binds the chosen
photos and PDFs into its own PDF (``reports.claim_package``, fed by :func:`enclosure_files`); the files it cannot bind
in are marked in its list as sent separately.

Auto-assignment by manufacturer (case 003). ``manufacturer_assignments`` holds, per manufacturer, the manager (a
user), the service partner and the technical expert (a user or an outside partner's name).
:func:`assign_by_manufacturer` makes the manager the order's owner and writes the service partner and the expert
into the order's custom fields ``service_partner`` and ``tech_expert`` — the keys the service-center pipeline
already defines and its "Visit" gate requires — as names (a person reads them on the card and in documents); the
ids go into the timeline entry's payload. Only empty places are filled unless ``overwrite`` is asked for, so a
person's own choice is never replaced, and running it twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.claims import ASSIGNMENT_DUTIES, TEMPLATE_KINDS, Claim, ManufacturerAssignment
from models.company import User
from models.database import Database
from models.document_context import DocumentContext, build_order_context
from models.equipment import Equipment, Manufacturer
from models.pipeline_rules import CustomFieldDef
from models.pipelines import Order
from models.timeline import Attachment, TimelineEntry

MAX_DEFECT_CHARS = 5000
MAX_ACT_BYTES = 20 * 1024 * 1024
OPEN_STATUSES = ("draft", "sent")
EDITOR_ROLES = ("manager", "admin", "service_head")
PARTNER_FIELD = "service_partner"
EXPERT_FIELD = "tech_expert"
SENT_FIELD = "claim_letter_sent"
NUMBER_FIELD = "claim_number"
ACT_KIND = "claim_act"
LETTER_KIND = "claim_letter"
PROPOSED_ENCLOSURES = ("photo", "act", "completion_act")  # checked unless the claim's last letter chose otherwise
NO_ENCLOSURES = "нет"  # the letter's words for an empty list
SENT_SEPARATELY = "(прилагается отдельно)"  # a file listed in the letter but not bound into its PDF


class ClaimRefused(ValueError):
    """The claim cannot be created or changed as asked; the message says why and what to do."""


class ClaimNotFound(LookupError):
    """The claim or its order was deleted or never existed."""


class ClaimConflict(Exception):
    """The claim changed since the person read it; ``current`` is what it is now."""

    def __init__(self, claim_id: int, expected_version: int, current: ClaimRow):
        super().__init__(f"Claim {claim_id} was changed at another workstation (now «{current.status}»); "
                         f"read it again and repeat the step if it is still needed.")
        self.claim_id = claim_id
        self.expected_version = expected_version
        self.current = current


@dataclass(frozen=True)
class ClaimRow:
    id: int
    order_id: int
    equipment_id: int | None
    manufacturer_id: int | None
    manufacturer: str | None
    status: str
    defect: str
    created_at: datetime
    sent_at: datetime | None
    manufacturer_ref: str | None
    decided_at: datetime | None
    rejection_reason: str | None
    attachment_id: int | None
    attachment_name: str | None
    version: int


@dataclass(frozen=True)
class AssignmentRow:
    manufacturer_id: int
    duty: str
    user_id: int | None
    user_name: str | None
    partner_name: str | None

    @property
    def who(self) -> str:
        return self.user_name or self.partner_name or ""


@dataclass(frozen=True)
class AssignmentResult:
    """What assign_by_manufacturer did: the owner set (or kept) and the names written; ``changed`` is False when
    everything was already in place."""

    owner_id: int | None
    service_partner: str | None
    expert: str | None
    changed: bool


def _row(session: Session, claim: Claim) -> ClaimRow:
    maker = session.get(Manufacturer, claim.manufacturer_id) if claim.manufacturer_id else None
    name = session.execute(select(Attachment.filename).where(Attachment.id == claim.attachment_id)).scalar() \
        if claim.attachment_id else None
    return ClaimRow(claim.id, claim.order_id, claim.equipment_id, claim.manufacturer_id, maker.name if maker else None,
                    claim.status, claim.defect, claim.created_at, claim.sent_at, claim.manufacturer_ref,
                    claim.decided_at, claim.rejection_reason, claim.attachment_id, name, claim.version)


def _clean_defect(defect: str | None) -> str:
    text = "\n".join(line.rstrip() for line in (defect or "").strip().splitlines())
    if len(text) > MAX_DEFECT_CHARS:
        raise ClaimRefused(f"The defect description is {len(text):,} characters long; keep it under "
                           f"{MAX_DEFECT_CHARS:,} and attach the rest as a file.")
    return text


@dataclass(frozen=True)
class EnclosureRow:
    """An order's file that may go with the claim letter; ``chosen`` is what the dialog checks at first."""

    attachment_id: int
    kind: str
    filename: str
    size_bytes: int
    chosen: bool


def claim_enclosures(db: Database, order_id: int, claim_id: int | None = None) -> list[EnclosureRow]:
    """The order's photos and documents (the claim letters themselves left out), oldest first. Checked: what the
    claim's last printed letter enclosed, or, for a letter not printed yet, the photos and acts."""
    with db.session() as session:
        rows = session.execute(
            select(Attachment.id, Attachment.kind, Attachment.filename, Attachment.size_bytes)
            .where(Attachment.order_id == order_id, Attachment.kind != LETTER_KIND).order_by(Attachment.id)).all()
        previous = None
        if claim_id is not None:
            previous = session.execute(
                select(TimelineEntry.payload["enclosure_ids"])
                .where(TimelineEntry.order_id == order_id, TimelineEntry.kind == "document",
                       TimelineEntry.payload["claim_id"].astext == str(claim_id),
                       TimelineEntry.payload.has_key("enclosure_ids"))
                .order_by(TimelineEntry.id.desc()).limit(1)).scalar()
    chosen = set(previous) if isinstance(previous, list) else None
    return [EnclosureRow(i, kind, name, size, i in chosen if chosen is not None else kind in PROPOSED_ENCLOSURES)
            for i, kind, name, size in rows]


def enclosure_words(filenames: Sequence[str], separate: Collection[int] = ()) -> str:
    """The letter's enclosure list: one numbered line a file ("1. фото.jpg"), or "нет". The files at the positions
    in ``separate`` (0-based: those not bound into the letter's PDF) are marked "(прилагается отдельно)"."""
    return "\n".join(f"{n}. {name}" + (f" {SENT_SEPARATELY}" if n - 1 in separate else "")
                     for n, name in enumerate(filenames, start=1)) or NO_ENCLOSURES


@dataclass(frozen=True)
class EnclosureFile:
    """A file going with the claim letter, with its bytes (what the letter's PDF package binds in)."""

    attachment_id: int
    filename: str
    mime_type: str
    content: bytes


def enclosure_files(db: Database, order_id: int, enclosure_ids: Sequence[int] | None) -> list[EnclosureFile]:
    """The chosen files of the order with their contents, in the order given (repeats dropped); ``None``: every file
    a letter printed without a choice lists (the order's files except printed documents, oldest first). Raises
    ClaimRefused for a file that is not the order's any more."""
    query = select(Attachment.id, Attachment.filename, Attachment.mime_type, Attachment.content).where(
        Attachment.order_id == order_id)
    with db.session() as session:
        if enclosure_ids is None:
            rows = session.execute(query.where(Attachment.kind.not_in(TEMPLATE_KINDS)).order_by(Attachment.id)).all()
            return [EnclosureFile(i, name, mime or "", bytes(content)) for i, name, mime, content in rows]
        wanted = list(dict.fromkeys(enclosure_ids))
        found = {row[0]: row for row in session.execute(query.where(Attachment.id.in_(wanted)))} if wanted else {}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ClaimRefused(f"{len(missing)} of the chosen files are not files of this order any more (deleted or "
                           f"moved); reload the list of enclosures and choose again.")
    return [EnclosureFile(i, found[i][1], found[i][2] or "", bytes(found[i][3])) for i in wanted]


def claim_letter_context(db: Database, order_id: int, *, enclosure_ids: Sequence[int], claim_id: int | None = None,
                         defect: str | None = None, user_id: int | None = None,
                         today: date | None = None) -> DocumentContext:
    """The values the claim letter is printed with: the order's (the claim's when ``claim_id`` is given, else a
    claim not drafted yet: no number), the chosen files as its enclosures in the order given, and ``defect``
    (text not saved yet) in place of the claim's. Raises ClaimRefused for a file that is not the order's."""
    wanted = list(dict.fromkeys(enclosure_ids))
    with db.session() as session:
        found = dict(session.execute(select(Attachment.id, Attachment.filename).where(
            Attachment.id.in_(wanted), Attachment.order_id == order_id)).all()) if wanted else {}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ClaimRefused(f"{len(missing)} of the chosen files are not files of this order any more (deleted or "
                           f"moved); reload the list of enclosures and choose again.")
    context = build_order_context(db, order_id, claim_id=claim_id, user_id=user_id, today=today)
    values = dict(context.values)
    values["claim.attachments"] = enclosure_words([found[i] for i in wanted])
    if claim_id is None:  # as create_claim will word it
        values["claim.number"] = values["claim.manufacturer_ref"] = ""
        values["claim.defect"] = values["order.description"] or values["order.title"]
    text = _clean_defect(defect)
    if text:
        values["claim.defect"] = text
    return replace(context, values=values, extra={**context.extra, "enclosure_ids": wanted})


def _note(session: Session, order: Order, claim: Claim, text: str, user_id: int | None, **extra) -> None:
    session.add(TimelineEntry(order_id=order.id, client_id=order.client_id, kind="document", author_id=user_id,
                              text=text, payload={"claim_id": claim.id, "claim_status": claim.status, **extra}))


def _set_order_field(session: Session, order: Order, key: str, value: object) -> None:
    """Fill an order's custom field when its pipeline defines it (other pipelines keep their own fields)."""
    defined = session.execute(select(CustomFieldDef.id).where(CustomFieldDef.pipeline_id == order.pipeline_id,
                                                              CustomFieldDef.key == key)).first()
    if defined is not None and (order.custom_fields or {}).get(key) != value:
        order.custom_fields = {**(order.custom_fields or {}), key: value}


def create_claim(db: Database, order_id: int, *, defect: str | None, user_id: int | None) -> ClaimRow:
    """Draft a claim for the order's unit; an empty defect is taken from the order's description (or its
    "defect" field, or its title). An order has at most one open claim: asking again returns it."""
    text = _clean_defect(defect)
    with db.transaction() as session:
        order = session.execute(select(Order).where(Order.id == order_id).with_for_update()).scalar_one_or_none()
        if order is None:
            raise ClaimNotFound(f"Order {order_id} does not exist (it may have been deleted).")
        if order.equipment_id is None:
            raise ClaimRefused(f"Order {order.number} has no unit; choose the unit on the order first, then draft "
                               f"the claim.")
        unit = session.get(Equipment, order.equipment_id)
        if unit.manufacturer_id is None:
            raise ClaimRefused(f"The unit {unit.model} has no manufacturer recorded; set its manufacturer on the "
                               f"equipment card first.")
        text = text or _clean_defect(order.description or str((order.custom_fields or {}).get("defect") or "")
                                     or order.title)
        existing = session.execute(select(Claim).where(Claim.order_id == order.id, Claim.status.in_(OPEN_STATUSES))
                                   .order_by(Claim.id)).scalars().first()
        if existing is not None:
            if existing.status == "draft" and defect and existing.defect != text:
                raise ClaimRefused(f"Order {order.number} already has a draft claim; change its defect there "
                                   f"instead of drafting another.")
            return _row(session, existing)
        claim = Claim(order_id=order.id, equipment_id=unit.id, manufacturer_id=unit.manufacturer_id, defect=text)
        session.add(claim)
        session.flush()
        maker = session.get(Manufacturer, unit.manufacturer_id)
        _note(session, order, claim, f"Warranty claim drafted to {maker.name}: {text[:200]}", user_id)
        session.flush()
        session.refresh(claim)
        return _row(session, claim)


def _locked(session: Session, claim_id: int) -> tuple[Claim, Order]:
    claim = session.execute(select(Claim).where(Claim.id == claim_id).with_for_update()).scalar_one_or_none()
    if claim is None:
        raise ClaimNotFound(f"Claim {claim_id} does not exist (it may have been deleted).")
    order = session.execute(select(Order).where(Order.id == claim.order_id).with_for_update()).scalar_one()
    return claim, order


def _check(session: Session, claim: Claim, version: int, allowed: tuple[str, ...], step: str) -> None:
    if claim.version != version:
        raise ClaimConflict(claim.id, version, _row(session, claim))
    if claim.status not in allowed:
        hint = {"draft": "mark it sent first", "confirmed": "it is already confirmed",
                "rejected": "it is already rejected", "sent": "it is already sent"}[claim.status]
        raise ClaimRefused(f"The claim cannot be marked {step}: {hint}.")


def update_defect(db: Database, claim_id: int, defect: str, *, version: int, user_id: int | None) -> ClaimRow:
    """Change a draft's defect description."""
    text = _clean_defect(defect)
    if not text:
        raise ClaimRefused("Describe the defect: what fails, when and how it shows.")
    del user_id  # the audit trigger records who changed the row
    with db.transaction() as session:
        claim, _order = _locked(session, claim_id)
        if claim.defect == text:
            return _row(session, claim)
        _check(session, claim, version, ("draft",), "edited")
        claim.defect = text
        session.flush()
        return _row(session, claim)


def mark_sent(db: Database, claim_id: int, *, version: int, user_id: int | None,
              sent_at: datetime | None = None) -> ClaimRow:
    """The letter went to the manufacturer."""
    with db.transaction() as session:
        claim, order = _locked(session, claim_id)
        if claim.status == "sent":
            return _row(session, claim)
        _check(session, claim, version, ("draft",), "sent")
        claim.status = "sent"
        claim.sent_at = sent_at or datetime.now(UTC)
        _set_order_field(session, order, SENT_FIELD, claim.sent_at.date().isoformat())
        _note(session, order, claim, "Warranty claim sent to the manufacturer", user_id)
        session.flush()
        return _row(session, claim)


def _store_act(session: Session, order: Order, filename: str, content: bytes, mime_type: str,
               user_id: int | None) -> Attachment:
    name = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    if not name or not content:
        raise ClaimRefused("The claim act file is empty or has no name; scan it again and attach the file.")
    if len(content) > MAX_ACT_BYTES:
        raise ClaimRefused(f"“{name}” is {len(content) / 1024 / 1024:.1f} MB; attachments are limited to "
                           f"{MAX_ACT_BYTES // 1024 // 1024} MB. Scan it at a lower resolution.")
    act = Attachment(order_id=order.id, kind=ACT_KIND, filename=name[:255], mime_type=mime_type[:100],
                     size_bytes=len(content), content=content, uploaded_by=user_id)
    session.add(act)
    session.flush()
    return act


def mark_confirmed(db: Database, claim_id: int, *, version: int, manufacturer_ref: str, user_id: int | None,
                   act_attachment_id: int | None = None, act_filename: str | None = None,
                   act_content: bytes | None = None, act_mime_type: str = "application/pdf",
                   decided_at: datetime | None = None) -> ClaimRow:
    """The manufacturer confirmed the claim with its act: the act's number and its file (an attachment of the order
    already stored, or the file's bytes, stored now as kind ``claim_act``)."""
    ref = " ".join((manufacturer_ref or "").split())
    if not ref:
        raise ClaimRefused("Enter the number of the manufacturer's claim act.")
    if len(ref) > 100:
        raise ClaimRefused("The claim act number is longer than 100 characters; check what was typed.")
    if act_attachment_id is None and act_content is None:
        raise ClaimRefused("Attach the manufacturer's claim act (its scan or PDF).")
    with db.transaction() as session:
        claim, order = _locked(session, claim_id)
        if claim.status == "confirmed" and claim.manufacturer_ref == ref:
            return _row(session, claim)
        _check(session, claim, version, ("sent",), "confirmed")
        if act_attachment_id is not None:
            act = session.get(Attachment, act_attachment_id)
            if act is None or act.order_id != order.id:
                raise ClaimRefused("The chosen act is not a file of this order; attach it to the order first.")
            if act.kind != ACT_KIND:
                act.kind = ACT_KIND  # the gates look for the manufacturer's act by this kind
        else:
            act = _store_act(session, order, act_filename or f"claim_act_{ref}.pdf", act_content, act_mime_type,
                             user_id)
        claim.status = "confirmed"
        claim.manufacturer_ref = ref
        claim.attachment_id = act.id
        claim.decided_at = decided_at or datetime.now(UTC)
        _set_order_field(session, order, NUMBER_FIELD, ref)
        _note(session, order, claim, f"Warranty claim confirmed by the manufacturer, act {ref}", user_id,
              attachment_id=act.id)
        session.flush()
        return _row(session, claim)


def mark_rejected(db: Database, claim_id: int, *, version: int, reason: str, user_id: int | None,
                  decided_at: datetime | None = None) -> ClaimRow:
    """The manufacturer rejected the claim; the reason is kept (the repair then goes on as post-warranty)."""
    text = " ".join((reason or "").split())
    if not text:
        raise ClaimRefused("Write the manufacturer's reason for rejecting the claim.")
    with db.transaction() as session:
        claim, order = _locked(session, claim_id)
        if claim.status == "rejected" and claim.rejection_reason == text:
            return _row(session, claim)
        _check(session, claim, version, ("sent",), "rejected")
        claim.status = "rejected"
        claim.rejection_reason = text
        claim.decided_at = decided_at or datetime.now(UTC)
        _note(session, order, claim, f"Warranty claim rejected by the manufacturer: {text[:200]}", user_id)
        session.flush()
        return _row(session, claim)


def claims_of(db: Database, order_id: int) -> list[ClaimRow]:
    """The order's claims, oldest first."""
    with db.session() as session:
        claims = session.execute(select(Claim).where(Claim.order_id == order_id).order_by(Claim.id)).scalars().all()
        return [_row(session, c) for c in claims]


# who handles a manufacturer's orders


def set_assignment(db: Database, manufacturer_id: int, duty: str, *, user_id: int | None = None,
                   partner_name: str | None = None, role: str | None = None) -> AssignmentRow | None:
    """Say who handles ``duty`` for the manufacturer: a user or (service partner, expert) an outside partner's name.
    Neither clears the duty. ``role``, when given, must be one that edits settings."""
    if role is not None and role not in EDITOR_ROLES:
        raise ClaimRefused("Only a manager, the service head or an administrator assigns people to manufacturers.")
    if duty not in ASSIGNMENT_DUTIES:
        raise ClaimRefused(f"Duty {duty!r} is unknown; choose one of {', '.join(ASSIGNMENT_DUTIES)}.")
    partner = " ".join((partner_name or "").split()) or None
    if duty == "manager" and user_id is None and partner is not None:
        raise ClaimRefused("The manager becomes the order's owner, so choose a FieldDesk user, not a name.")
    if partner is not None and len(partner) > 200:
        raise ClaimRefused("The partner's name is longer than 200 characters; shorten it.")
    with db.transaction() as session:
        if session.get(Manufacturer, manufacturer_id) is None:
            raise ClaimNotFound(f"Manufacturer {manufacturer_id} does not exist (it may have been deleted).")
        user_name = None
        if user_id is not None:
            user = session.get(User, user_id)
            if user is None or not user.active:
                raise ClaimRefused("The chosen person is not an active user; choose another.")
            user_name, partner = user.full_name, None
        current = session.execute(select(ManufacturerAssignment).where(
            ManufacturerAssignment.manufacturer_id == manufacturer_id, ManufacturerAssignment.duty == duty)
            .with_for_update()).scalar_one_or_none()
        if user_id is None and partner is None:
            if current is not None:
                session.delete(current)
            return None
        if current is None:
            current = ManufacturerAssignment(manufacturer_id=manufacturer_id, duty=duty)
            session.add(current)
        current.user_id, current.partner_name = user_id, partner
        session.flush()
        return AssignmentRow(manufacturer_id, duty, user_id, user_name, partner)


def assignments_of(db: Database, manufacturer_id: int) -> list[AssignmentRow]:
    with db.session() as session:
        return _assignments(session, manufacturer_id)


def _assignments(session: Session, manufacturer_id: int) -> list[AssignmentRow]:
    rows = session.execute(
        select(ManufacturerAssignment.duty, ManufacturerAssignment.user_id, User.full_name,
               ManufacturerAssignment.partner_name)
        .outerjoin(User, User.id == ManufacturerAssignment.user_id)
        .where(ManufacturerAssignment.manufacturer_id == manufacturer_id)
    ).all()
    order = {d: i for i, d in enumerate(ASSIGNMENT_DUTIES)}
    return sorted((AssignmentRow(manufacturer_id, d, u, n, p) for d, u, n, p in rows), key=lambda r: order[r.duty])


def assign_by_manufacturer(db: Database, order_id: int, *, user_id: int | None = None,
                           overwrite: bool = False) -> AssignmentResult:
    """Give the order to its unit's manufacturer's people (case 003): the manager becomes the owner, the service
    partner and the expert are written into the fields ``service_partner`` and ``tech_expert``. Places already
    filled are kept unless ``overwrite``. Raises ClaimRefused when the order has no unit or manufacturer."""
    with db.transaction() as session:
        order = session.execute(select(Order).where(Order.id == order_id).with_for_update()).scalar_one_or_none()
        if order is None:
            raise ClaimNotFound(f"Order {order_id} does not exist (it may have been deleted).")
        maker_id = session.execute(select(Equipment.manufacturer_id).where(Equipment.id == order.equipment_id)
                                   ).scalar() if order.equipment_id else None
        if maker_id is None:
            raise ClaimRefused(f"Order {order.number} has no unit with a manufacturer; choose the unit first, then "
                               f"assign by manufacturer.")
        duties = {a.duty: a for a in _assignments(session, maker_id)}
        custom = dict(order.custom_fields or {})
        changes: dict[str, object] = {}
        manager = duties.get("manager")
        if manager is not None and manager.user_id is not None and order.owner_id != manager.user_id and (
                order.owner_id is None or overwrite):
            order.owner_id = manager.user_id
            changes["owner"] = manager.who
        for duty, field in (("service_partner", PARTNER_FIELD), ("expert", EXPERT_FIELD)):
            who = duties[duty].who if duty in duties else ""
            if who and custom.get(field) != who and (not str(custom.get(field) or "").strip() or overwrite):
                custom[field] = who
                changes[field] = who
        if changes:
            if custom != (order.custom_fields or {}):
                order.custom_fields = custom
            maker = session.get(Manufacturer, maker_id)
            said = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in changes.items())
            session.add(TimelineEntry(
                order_id=order.id, client_id=order.client_id, kind="note", author_id=user_id,
                text=f"Assigned by manufacturer {maker.name} — {said}",
                payload={"manufacturer_id": maker_id, "assignments": {
                    d: {"user_id": a.user_id, "partner_name": a.partner_name} for d, a in duties.items()}},
            ))
            session.flush()
        return AssignmentResult(order.owner_id, custom.get(PARTNER_FIELD), custom.get(EXPERT_FIELD), bool(changes))
