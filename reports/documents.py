"""Documents printed from templates (PDF, A4): work orders, completion acts, quotes, warranty claim letters and
visit sheets, with the company's details on every page and Cyrillic set in the embedded DejaVu Sans.

Template markup (``document_templates.body``), deliberately small:

- ``{section.name}`` — a variable (the list is ``models.document_context.VARIABLES``); ``{{``/``}}`` print braces;
- ``# Title`` — the document's title, centred; ``## Heading`` — a bold heading;
- ``> text`` — a right-aligned line (an addressee block);
- ``{services}`` on a line of its own — the table of the order's services with prices and the total;
- a blank line ends a paragraph; the lines of one paragraph keep their line breaks.

A variable nobody filled prints as a blank line to write on by hand (``________``). An unknown variable is never
printed: :class:`TemplateError` names it with its line. The shipped templates (:func:`default_templates`) are added
by :func:`ensure_default_templates` at start for any kind that has no template for every order yet, and never
overwrite what people wrote.

A claim letter prints as one PDF with its photos and PDF documents bound in after the letter
(:mod:`reports.claim_package`).
"""

from __future__ import annotations

import hashlib
import io
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import pypdf
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from models.claims import DocumentTemplate
from models.claims_book import LETTER_KIND, claim_letter_context, enclosure_files, enclosure_words
from models.database import Database
from models.document_context import (
    BLANK,
    SERVICES,
    VARIABLES,
    DocumentContext,
    ServiceLine,
    TemplateError,
    build_order_context,
    money,
    template_problems,
)
from models.pipelines import Order
from models.timeline import Attachment, TimelineEntry
from reports.claim_package import NotEmbedded, bind_package, prepare_enclosures
from reports.route_sheet import FONT, FONT_BOLD, register_fonts

PAGE_MARGIN = 18 * mm
KIND_TITLES = {"work_order": "Заказ-наряд", "completion_act": "Акт выполненных работ",
               "quote": "Коммерческое предложение", "claim_letter": "Рекламационное письмо",
               "visit_sheet": "Лист выезда"}
LABELS = {"number": "№", "service": "Работа / услуга", "quantity": "Кол-во", "price": "Цена", "sum": "Сумма",
          "total": "Итого", "no_services": "Работы не указаны", "inn": "ИНН", "page": "стр."}

__all__ = ["AttachedDocument", "NotEmbedded", "PrintedDocument", "TemplateError", "attach_document",
           "default_templates", "document_pdf", "ensure_default_templates", "generate_document", "preview_text",
           "render_document", "sample_context", "template_problems"]


@dataclass(frozen=True)
class PrintedDocument:
    """A template printed for an order: its kind, the template's name, the file name to store it under, the PDF.
    ``not_embedded``: a claim letter's enclosures listed but not bound into the PDF, with the reason."""

    kind: str
    template_name: str
    filename: str
    content: bytes
    not_embedded: tuple[NotEmbedded, ...] = ()


@dataclass(frozen=True)
class AttachedDocument:
    """A printed document stored on the order: the attachment's id, its file name and, for a claim letter, the
    enclosures that are not bound into it (see :class:`PrintedDocument`)."""

    attachment_id: int
    filename: str
    not_embedded: tuple[NotEmbedded, ...] = ()


@dataclass(frozen=True)
class TemplateSpec:
    kind: str
    name: str
    body: str


def default_templates() -> list[TemplateSpec]:
    """The templates FieldDesk ships (Russian), one of each kind, for every order."""
    return [TemplateSpec(kind, name, body.strip() + "\n") for kind, name, body in _DEFAULTS]


def ensure_default_templates(db: Database) -> int:
    """Add the shipped template of every kind that has no template for every order (no manufacturer or pipeline)
    yet; edited, renamed or deactivated templates are left as they are. Safe to run at every start and from several
    workstations at once. Returns how many were added."""
    added = 0
    with db.transaction() as session:
        general = set(session.execute(select(DocumentTemplate.kind).where(
            DocumentTemplate.manufacturer_id.is_(None), DocumentTemplate.pipeline_id.is_(None))).scalars())
        for spec in default_templates():
            if spec.kind in general:
                continue
            result = session.execute(insert(DocumentTemplate).values(kind=spec.kind, name=spec.name, body=spec.body)
                                     .on_conflict_do_nothing(constraint="uq_document_templates_kind_name")
                                     .returning(DocumentTemplate.id))
            added += len(result.all())
    return added


def _fill(line: str, values: Mapping[str, str], number: int) -> str:
    """The line as reportlab markup: literal text escaped, variables replaced by their escaped values."""
    out = []
    for literal, name, _spec, _conversion in string.Formatter().parse(line):
        out.append(escape(literal))
        if name is None:
            continue
        name = name.strip()
        if name not in VARIABLES or name == SERVICES:
            raise TemplateError([f"line {number}: unknown variable {{{name}}} — choose one from the list of variables"])
        value = str(values.get(name) or "").strip()
        out.append(escape(value).replace("\n", "<br/>") if value else BLANK)
    return "".join(out)


class _Styles:
    def __init__(self) -> None:
        self.body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=6)
        self.title = ParagraphStyle("title", parent=self.body, fontName=FONT_BOLD, fontSize=14, leading=18,
                                    alignment=TA_CENTER, spaceBefore=4, spaceAfter=10)
        self.heading = ParagraphStyle("heading", parent=self.body, fontName=FONT_BOLD, fontSize=11, leading=14,
                                      spaceBefore=6, spaceAfter=4)
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT, spaceAfter=0)
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=9, leading=11, spaceAfter=0)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)


def _blocks(body: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Split the template into (kind, [(line number, text)]) blocks: title, heading, right, services, paragraph."""
    blocks: list[tuple[str, list[tuple[int, str]]]] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", list(paragraph)))
            paragraph.clear()

    for number, raw in enumerate(body.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped == "{" + SERVICES + "}":
            flush()
            blocks.append(("services", [(number, "")]))
        elif stripped.startswith("## "):
            flush()
            blocks.append(("heading", [(number, stripped[3:])]))
        elif stripped.startswith("# "):
            flush()
            blocks.append(("title", [(number, stripped[2:])]))
        elif stripped.startswith("> ") or stripped == ">":
            flush()
            blocks.append(("right", [(number, stripped[2:])]))
        else:
            paragraph.append((number, line))
    flush()
    return blocks


def _services_table(context: DocumentContext, styles: _Styles, width: float) -> Table:
    currency = context.extra.get("currency", "RUB")
    head = [LABELS["number"], LABELS["service"], LABELS["quantity"], LABELS["price"], LABELS["sum"]]
    rows: list[list] = [[Paragraph(escape(h), styles.cell) for h in head]]
    for i, line in enumerate(context.services, start=1):
        rows.append([Paragraph(str(i), styles.cell), Paragraph(escape(line.name), styles.cell),
                     Paragraph(str(line.quantity), styles.cell_right),
                     Paragraph(escape(money(line.price, currency)), styles.cell_right),
                     Paragraph(escape(money(line.total, currency)), styles.cell_right)])
    if not context.services:
        rows.append(["", Paragraph(LABELS["no_services"], styles.cell), "", "", ""])
    total = context.values.get("services.total") or money(sum((s.total for s in context.services), 0), currency)
    rows.append(["", Paragraph(f"<b>{LABELS['total']}</b>", styles.cell), "", "",
                 Paragraph(f"<b>{escape(total)}</b>", styles.cell_right)])
    table = Table(rows, colWidths=[w * width for w in (0.06, 0.5, 0.1, 0.17, 0.17)], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -2), 0.5, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def render_document(template_body: str, context: DocumentContext | Mapping[str, str], *, title: str = "") -> bytes:
    """The filled template as PDF bytes; raises TemplateError naming unknown variables and their lines.

    The same template and values give the same bytes (the PDF carries no time stamp), so printing twice stores
    one attachment.
    """
    if not isinstance(context, DocumentContext):
        context = DocumentContext(dict(context))
    problems = template_problems(template_body)
    if problems:
        raise TemplateError(problems)
    register_fonts()
    styles = _Styles()
    buffer = io.BytesIO()
    values = context.values
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
                          topMargin=PAGE_MARGIN + 8 * mm, bottomMargin=PAGE_MARGIN, title=title or "FieldDesk",
                          author=values.get("company.legal_name") or values.get("company.name") or "",
                          creator="FieldDesk", initialFontName=FONT, invariant=1)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=lambda c, d: _header(c, d, values))])
    story: list = []
    for kind, lines in _blocks(template_body):
        if kind == "services":
            story += [_services_table(context, styles, doc.width), Spacer(1, 4 * mm)]
            continue
        markup = "<br/>".join(_fill(text, values, number) for number, text in lines)
        style = {"title": styles.title, "heading": styles.heading, "right": styles.right}.get(kind, styles.body)
        story.append(Paragraph(markup, style))
    if not story:
        raise TemplateError(["the template is empty; write its text first"])
    doc.build(story)
    return buffer.getvalue()


def _header(canvas, doc, values: Mapping[str, str]) -> None:
    """The company's details over every page and the page number under it."""
    name = values.get("company.legal_name") or values.get("company.name") or ""
    parts = [name]
    if values.get("company.inn"):
        parts.append(f"{LABELS['inn']} {values['company.inn']}")
    parts += [values.get(k) or "" for k in ("company.address", "company.phone", "company.email")]
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    top = doc.pagesize[1] - PAGE_MARGIN
    canvas.drawString(doc.leftMargin, top, " · ".join(p for p in parts if p)[:170])
    canvas.setStrokeColor(colors.HexColor("#999999"))
    canvas.line(doc.leftMargin, top - 2 * mm, doc.leftMargin + doc.width, top - 2 * mm)
    canvas.drawRightString(doc.leftMargin + doc.width, PAGE_MARGIN / 2, f"{LABELS['page']} {doc.page}")
    canvas.restoreState()


SAMPLE_VALUES = {
    "company.name": "УралТехСервис", "company.legal_name": "ООО «УралТехСервис»", "company.inn": "7451400004",
    "company.kpp": "745101001", "company.ogrn": "1177456012345", "company.address": "г. Челябинск, ул. Елькина, 45",
    "company.phone": "+7 351 200-00-00", "company.email": "office@example.com", "company.bank": "ПАО Сбербанк",
    "company.bik": "047501602", "company.account": "40702810472000012345",
    "company.corr_account": "30101810700000000602", "client.name": "Иванов Пётр Сергеевич",
    "client.inn": "", "client.phones": "+7 912 345-67-89", "client.email": "ivanov@example.com",
    "site.address": "г. Челябинск, ул. Ленина, д. 5, кв. 12", "order.number": "1042",
    "order.title": "Не охлаждает", "order.description": "Дует тёплым воздухом, ошибка U4",
    "order.date": "02.06.2025", "order.amount": "7 500,00 ₽", "order.paid": "2 500,00 ₽", "order.due": "5 000,00 ₽",
    "order.deadline": "10.06.2025", "order.scenario": "гарантийный ремонт", "order.stage": "Диагностика",
    "order.owner": "Орлова Мария", "order.pipeline": "Ремонт", "equipment.kind": "Кондиционер",
    "equipment.model": "FTXB35C", "equipment.serial": "DK-0042-118", "equipment.warranty": "на гарантии до 01.07.2026",
    "equipment.sold_on": "01.07.2024", "equipment.installed_on": "05.07.2024",
    "equipment.commissioned_on": "05.07.2024", "equipment.reading": "", "manufacturer.name": "Daikin",
    "manufacturer.claim_address": "Москва, Ленинградский пр., д. 37, к. 9",
    "manufacturer.claim_email": "claims@daikin.example", "manufacturer.claim_contact": "Отдел рекламаций",
    "manufacturer.phone": "+7 495 626-00-00", "claim.defect": "Не держит температуру, ошибка U4",
    "claim.number": "17", "claim.manufacturer_ref": "", "claim.attachments": "фото_1.jpg, фото_2.jpg",
    "visit.date": "04.06.2025", "visit.time": "10:00–12:00", "visit.technician": "Петров Сергей",
    "services.total": "7 500,00 ₽", "user.name": "Орлова Мария", "today": "02.06.2025",
}


def sample_context() -> DocumentContext:
    """Made-up values for every variable: what the template editor previews with."""
    return DocumentContext(dict(SAMPLE_VALUES), (ServiceLine("Диагностика кондиционера", 1, Decimal(2500)),
                                                 ServiceLine("Заправка фреоном", 2, Decimal(2500))))


def preview_text(template_body: str, context: DocumentContext | None = None) -> str:
    """The text of the printed template as a PDF reader extracts it (the editor's preview); TemplateError when it
    cannot be printed."""
    content = render_document(template_body, context or sample_context())
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def document_pdf(db: Database, order_id: int, template_id: int, *, user_id: int | None, claim_id: int | None = None,
                 today: date | None = None, enclosure_ids: Sequence[int] | None = None,
                 defect: str | None = None) -> PrintedDocument:
    """Print the template for the order without storing it.

    ``enclosure_ids`` (the claim letter's chosen files, in their order) and ``defect`` (a claim's text not saved
    yet) word the letter as :func:`models.claims_book.claim_letter_context` does; without them every file of the
    order is listed and the claim's own defect printed. A claim letter is one PDF with its enclosures bound in after
    it (:mod:`reports.claim_package`); the files that are not are marked in its list and named in ``not_embedded``."""
    with db.session() as session:
        template = session.get(DocumentTemplate, template_id)
        if template is None:
            raise LookupError(f"Template {template_id} no longer exists; reload the list of templates.")
        kind, name, body = template.kind, template.name, template.body
    if enclosure_ids is not None or defect is not None:
        context = claim_letter_context(db, order_id, enclosure_ids=enclosure_ids or (), claim_id=claim_id,
                                       defect=defect, user_id=user_id, today=today)
    else:
        context = build_order_context(db, order_id, claim_id=claim_id, user_id=user_id, today=today)
    number = context.values["order.number"]
    title = f"{KIND_TITLES.get(kind, name)} № {number}"
    filename = f"{KIND_TITLES.get(kind, kind)} {number}.pdf"
    if kind != LETTER_KIND:
        return PrintedDocument(kind, name, filename, render_document(body, context, title=title))
    files = enclosure_files(db, order_id, context.extra.get("enclosure_ids"))
    enclosures, not_embedded = prepare_enclosures(files)
    words = enclosure_words([f.filename for f in files], separate={i for i, e in enumerate(enclosures)
                                                                  if not e.embedded})
    letter = render_document(body, replace(context, values={**context.values, "claim.attachments": words}),
                             title=title)
    return PrintedDocument(kind, name, filename, bind_package(letter, enclosures), tuple(not_embedded))


def generate_document(db: Database, order_id: int, template_id: int, *, user_id: int | None,
                      claim_id: int | None = None, today: date | None = None,
                      enclosure_ids: Sequence[int] | None = None) -> int:
    """Print the template for the order, attach the PDF to the order and note it on its timeline (see
    :func:`attach_document`); the attachment's id."""
    return attach_document(db, order_id, template_id, user_id=user_id, claim_id=claim_id, today=today,
                           enclosure_ids=enclosure_ids).attachment_id


def attach_document(db: Database, order_id: int, template_id: int, *, user_id: int | None,
                    claim_id: int | None = None, today: date | None = None,
                    enclosure_ids: Sequence[int] | None = None) -> AttachedDocument:
    """Print the template for the order, attach the PDF to the order (kind = the template's kind) and note it on
    the order's timeline. The same document printed again is not stored twice. ``enclosure_ids``: the files a claim
    letter lists and binds in (see :func:`document_pdf`), kept in the timeline entry."""
    printed = document_pdf(db, order_id, template_id, user_id=user_id, claim_id=claim_id, today=today,
                           enclosure_ids=enclosure_ids)
    kind, name, filename, content = printed.kind, printed.template_name, printed.filename, printed.content
    digest = hashlib.md5(content).hexdigest()
    with db.transaction() as session:
        order = session.execute(select(Order).where(Order.id == order_id).with_for_update()).scalar_one_or_none()
        if order is None:
            raise LookupError(f"Order {order_id} does not exist (it may have been deleted).")
        existing = session.execute(select(Attachment.id).where(
            Attachment.order_id == order_id, Attachment.kind == kind, Attachment.size_bytes == len(content),
            func.md5(Attachment.content) == digest).limit(1)).scalar()
        if existing is not None:
            return AttachedDocument(existing, filename, printed.not_embedded)
        attachment = Attachment(order_id=order_id, kind=kind, filename=filename, mime_type="application/pdf",
                                size_bytes=len(content), content=content, uploaded_by=user_id)
        session.add(attachment)
        session.flush()
        session.add(TimelineEntry(order_id=order_id, client_id=order.client_id, kind="document", author_id=user_id,
                                  text=f"Document printed: {name} ({filename})",
                                  payload={"attachment_id": attachment.id, "template_id": template_id,
                                           **({"claim_id": claim_id} if claim_id else {}),
                                           **({"enclosure_ids": list(dict.fromkeys(enclosure_ids))}
                                              if enclosure_ids is not None else {}),
                                           **({"not_embedded": [n.attachment_id for n in printed.not_embedded]}
                                              if printed.not_embedded else {})}))
        return AttachedDocument(attachment.id, filename, printed.not_embedded)


_COMPANY_BLOCK = """{company.legal_name}
ИНН {company.inn}, КПП {company.kpp}
{company.address}, тел. {company.phone}"""

_DEFAULTS = (
    ("work_order", "Заказ-наряд", """
# Заказ-наряд № {order.number} от {order.date}

Исполнитель: {company.legal_name}, ИНН {company.inn}, {company.address}, тел. {company.phone}
Заказчик: {client.name}, тел. {client.phones}
Адрес выполнения работ: {site.address}

## Оборудование
{equipment.kind} {manufacturer.name} {equipment.model}, заводской № {equipment.serial}
Гарантия: {equipment.warranty}. Наработка: {equipment.reading}

## Причина обращения
{order.title}
{order.description}

## Работы
{services}

Выезд: {visit.date} {visit.time}, исполнитель {visit.technician}.
Сумма заказа: {order.amount}, оплачено: {order.paid}, к оплате: {order.due}.

Заказ принял: ________________ / {order.owner} /          Заказчик: ________________ / {client.name} /
"""),
    ("completion_act", "Акт выполненных работ", """
# Акт выполненных работ № {order.number} от {today}

Исполнитель: {company.legal_name}, ИНН {company.inn}
Заказчик: {client.name}
Адрес: {site.address}
Оборудование: {equipment.kind} {manufacturer.name} {equipment.model}, заводской № {equipment.serial}

Исполнитель выполнил, а Заказчик принял следующие работы:

{services}

Всего оказано услуг на сумму {order.amount}. Оплачено {order.paid}, к оплате {order.due}.
Вышеперечисленные работы выполнены полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания
услуг не имеет.

Исполнитель: ________________ / {visit.technician} /          Заказчик: ________________ / {client.name} /
"""),
    ("quote", "Коммерческое предложение", """
# Коммерческое предложение № {order.number} от {today}

> Кому: {client.name}
> Адрес: {site.address}

{company.legal_name} предлагает выполнить следующие работы: {order.title}.
Оборудование: {equipment.kind} {manufacturer.name} {equipment.model}.

{services}

Предложение действительно 14 дней. Срок выполнения: до {order.deadline}.
По вопросам: {order.owner}, тел. {company.phone}, {company.email}

Банковские реквизиты: {company.bank}, БИК {company.bik}, р/с {company.account}, к/с {company.corr_account}
"""),
    ("claim_letter", "Рекламационное письмо", """
> {manufacturer.name}
> {manufacturer.claim_contact}
> {manufacturer.claim_address}
> {manufacturer.claim_email}

# Рекламация № {claim.number} от {today}

""" + _COMPANY_BLOCK + """

Уведомляем о неисправности оборудования, находящегося на гарантии, и просим подтвердить гарантийный случай
актом рекламации.

## Оборудование
Наименование: {equipment.kind} {equipment.model}
Заводской номер: {equipment.serial}
Дата продажи: {equipment.sold_on}; дата ввода в эксплуатацию: {equipment.commissioned_on}
Наработка: {equipment.reading}
Гарантия: {equipment.warranty}

## Владелец
{client.name}, {site.address}, тел. {client.phones}

## Описание неисправности
{claim.defect}

Приложения (фотографии и документы): {claim.attachments}
Заказ № {order.number}.

С уважением, {user.name}
{company.legal_name}, тел. {company.phone}, {company.email}
"""),
    ("visit_sheet", "Лист выезда", """
# Лист выезда по заказу № {order.number}

Дата и время: {visit.date} {visit.time}
Исполнитель: {visit.technician}
Клиент: {client.name}, тел. {client.phones}
Адрес: {site.address}

## Оборудование
{equipment.kind} {manufacturer.name} {equipment.model}, заводской № {equipment.serial}
Гарантия: {equipment.warranty}. Последние показания: {equipment.reading}

## Задание
{order.title}
{order.description}

{services}

Показания счётчика моточасов / пробега на момент выезда: ________________
Заменённые запчасти (наименование, старый и новый серийный номер): ________________________________

Выполненные работы и замечания: __________________________________________________________________

Мастер: ________________ / {visit.technician} /          Клиент: ________________ / {client.name} /
"""),
)
