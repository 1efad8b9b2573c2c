"""The claim letter as one PDF package: the letter's pages, then each chosen photo on a captioned page of its own
(scaled down when large, turned by its rotation tag) and each chosen PDF bound in after a separator page; other files
marked in the letter as sent separately; a damaged photo or PDF listed, reported and never stopping the letter; the
stored letter is the package, stored once."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as pdf_canvas
from sqlalchemy import select

from models.claims_book import EnclosureFile, create_claim
from models.database import Database
from models.document_context import templates_for_order
from models.timeline import Attachment, TimelineEntry
from reports.claim_package import MAX_IMAGE_SIDE, file_type, prepare_enclosures
from reports.documents import attach_document, document_pdf, ensure_default_templates, generate_document
from reports.route_sheet import FONT, register_fonts
from tests.factories import add_client, add_equipment, add_order, add_pipeline

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def picture(size: tuple[int, int], fmt: str, colour=(30, 120, 200), exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def act_pdf(pages: int) -> bytes:
    """A scanned act as the manufacturer's forms come: a PDF of several pages with Cyrillic text."""
    register_fonts()
    out = io.BytesIO()
    canvas = pdf_canvas.Canvas(out, pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        canvas.setFont(FONT, 14)
        canvas.drawString(72, 720, f"Акт обследования, лист {n}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def flat(text: str) -> str:
    return " ".join(text.split())


def page_texts(content: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def bookmarks(content: bytes) -> list[tuple[str, int]]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]


@pytest.fixture
def claim_order(db: Database) -> dict:
    ensure_default_templates(db)
    jpeg = picture((300, 200), "JPEG")
    files = (("photo", "фото_блока.png", "image/png", picture((40, 30), "PNG", (200, 40, 40))),
             ("photo", "табличка.jpg", "image/jpeg", picture((2600, 1200), "JPEG")),
             ("act", "акт_обследования.pdf", "application/pdf", act_pdf(2)),
             ("file", "отчёт.docx", DOCX_MIME, b"PK\x03\x04" + b"\x00" * 60),
             ("photo", "повреждено.jpg", "image/jpeg", jpeg[: len(jpeg) // 2]),
             ("file", "скан.pdf", "application/pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n"))
    with db.transaction() as session:
        _pipeline, stages = add_pipeline(session, "claim_package")
        client = add_client(session, "ООО Север", "+79120000611", address="ул. Мира, 1")
        unit = add_equipment(session, client, serial="DK-PKG-1", warranty_until=date(2030, 1, 1))
        order = add_order(session, client, stages[1], "Не охлаждает", equipment_id=unit.id,
                          description="Дует тёплым воздухом")
        rows = [Attachment(order_id=order.id, kind=kind, filename=name, mime_type=mime, size_bytes=len(content),
                           content=content) for kind, name, mime, content in files]
        session.add_all(rows)
        session.flush()
        ids = dict(zip(("png", "jpeg", "act", "docx", "damaged", "bad_pdf"), (r.id for r in rows), strict=True))
        order_id = order.id
    claim = create_claim(db, order_id, defect="Ошибка U4", user_id=None)
    letter = templates_for_order(db, order_id, "claim_letter")[0]
    return dict(order=order_id, claim=claim.id, template=letter.id, **ids)


def test_photos_and_the_act_are_bound_in_and_the_docx_marked_as_sent_separately(db: Database, claim_order):
    c = claim_order
    printed = document_pdf(db, c["order"], c["template"], user_id=None, claim_id=c["claim"],
                           enclosure_ids=[c["png"], c["jpeg"], c["act"], c["docx"]])
    marks = bookmarks(printed.content)
    letter_pages = marks[1][1]
    assert marks == [("Письмо", 0), ("Приложение 1: фото_блока.png", letter_pages),
                     ("Приложение 2: табличка.jpg", letter_pages + 1),
                     ("Приложение 3: акт_обследования.pdf", letter_pages + 2)]
    texts = page_texts(printed.content)
    assert letter_pages >= 1 and all("Рекламация №" in t or "стр." in t for t in texts[:letter_pages])
    assert len(texts) == letter_pages + 2 + 1 + 2  # two photo pages, the act's separator and its two pages
    letter = " ".join(texts[:letter_pages])
    assert "1. фото_блока.png 2. табличка.jpg 3. акт_обследования.pdf 4. отчёт.docx (прилагается отдельно)" in letter
    assert texts[letter_pages] == "Приложение 1: фото_блока.png"
    assert texts[letter_pages + 1] == "Приложение 2: табличка.jpg"
    assert "Приложение 3: акт_обследования.pdf" in texts[letter_pages + 2]
    assert texts[letter_pages + 3:] == ["Акт обследования, лист 1", "Акт обследования, лист 2"]
    assert "отчёт.docx" not in " ".join(texts[letter_pages:])  # listed in the letter only
    assert [(n.filename, n.damaged) for n in printed.not_embedded] == [("отчёт.docx", False)]

    pages = pypdf.PdfReader(io.BytesIO(printed.content)).pages
    small, large = (pages[letter_pages + i].images[0].image for i in range(2))
    assert small.size == (40, 30)
    assert max(large.size) == MAX_IMAGE_SIDE and large.size[0] > large.size[1]  # scaled down, not cropped
    photo_page = pages[letter_pages + 1].mediabox
    assert photo_page.width > photo_page.height  # a landscape photo on a landscape page


def test_a_damaged_photo_or_pdf_is_listed_reported_and_does_not_stop_the_letter(db: Database, claim_order):
    c = claim_order
    printed = document_pdf(db, c["order"], c["template"], user_id=None, claim_id=c["claim"],
                           enclosure_ids=[c["damaged"], c["png"], c["bad_pdf"]])
    assert [(n.attachment_id, n.damaged) for n in printed.not_embedded] == [(c["damaged"], True),
                                                                             (c["bad_pdf"], True)]
    assert "image cannot be read" in printed.not_embedded[0].reason
    assert "PDF cannot be read" in printed.not_embedded[1].reason
    marks = bookmarks(printed.content)
    assert [title for title, _page in marks] == ["Письмо", "Приложение 2: фото_блока.png"]
    texts = page_texts(printed.content)
    assert len(texts) == marks[1][1] + 1
    letter = " ".join(texts[:-1])
    assert ("1. повреждено.jpg (прилагается отдельно) 2. фото_блока.png 3. скан.pdf (прилагается отдельно)"
            in letter)
    assert texts[-1] == "Приложение 2: фото_блока.png"


def test_the_stored_letter_is_the_package_and_is_stored_once(db: Database, claim_order):
    c = claim_order
    chosen = [c["png"], c["act"], c["damaged"], c["jpeg"]]  # the large JPEG is re-encoded: still the same bytes
    stored = attach_document(db, c["order"], c["template"], user_id=None, claim_id=c["claim"],
                             enclosure_ids=chosen, today=date(2025, 6, 1))
    preview = document_pdf(db, c["order"], c["template"], user_id=None, claim_id=c["claim"],
                           enclosure_ids=chosen, today=date(2025, 6, 1))
    with db.session() as session:
        content = bytes(session.get(Attachment, stored.attachment_id).content)
        payload = session.execute(select(TimelineEntry.payload).where(
            TimelineEntry.payload["attachment_id"].astext == str(stored.attachment_id))).scalar_one()
    assert content == preview.content
    assert [title for title, _page in bookmarks(content)] == [
        "Письмо", "Приложение 1: фото_блока.png", "Приложение 2: акт_обследования.pdf", "Приложение 4: табличка.jpg"]
    assert [n.filename for n in stored.not_embedded] == ["повреждено.jpg"]
    assert payload["enclosure_ids"] == chosen and payload["not_embedded"] == [c["damaged"]]
    again = generate_document(db, c["order"], c["template"], user_id=None, claim_id=c["claim"],
                              enclosure_ids=chosen, today=date(2025, 6, 1))
    assert again == stored.attachment_id
    with db.session() as session:
        letters = session.execute(select(Attachment.id).where(Attachment.order_id == c["order"],
                                                              Attachment.kind == "claim_letter")).scalars().all()
    assert letters == [stored.attachment_id]


def test_a_letter_printed_without_a_choice_binds_every_file_it_lists(db: Database, claim_order):
    c = claim_order
    printed = document_pdf(db, c["order"], c["template"], user_id=None, claim_id=c["claim"])
    titles = [title for title, _page in bookmarks(printed.content)]
    assert titles == ["Письмо", "Приложение 1: фото_блока.png", "Приложение 2: табличка.jpg",
                      "Приложение 3: акт_обследования.pdf"]
    assert {n.filename for n in printed.not_embedded} == {"отчёт.docx", "повреждено.jpg", "скан.pdf"}


def test_other_documents_are_not_packaged(db: Database, claim_order):
    c = claim_order
    work_order = templates_for_order(db, c["order"], "work_order")[0]
    printed = document_pdf(db, c["order"], work_order.id, user_id=None)
    assert printed.not_embedded == () and bookmarks(printed.content) == []
    assert "Приложение 1" not in " ".join(page_texts(printed.content))


def test_the_file_type_is_told_by_its_bytes_before_its_label():
    jpeg, png = picture((8, 8), "JPEG"), picture((8, 8), "PNG")
    assert file_type(jpeg, "application/octet-stream", "IMG_0001") == "jpeg"
    assert file_type(png, "image/jpeg", "x.jpg") == "png"
    assert file_type(act_pdf(1), "", "scan") == "pdf"
    assert file_type(b"garbage", "image/jpeg; charset=binary", "x") == "jpeg"  # claimed: read and found damaged
    assert file_type(b"garbage", "", "снимок.PNG") == "png"
    assert file_type(b"PK\x03\x04", DOCX_MIME, "отчёт.docx") is None


def test_a_rotated_photo_is_turned_and_a_locked_pdf_reported():
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held upright: the picture is stored sideways
    locked = pypdf.PdfWriter()
    locked.add_blank_page(200, 200)
    locked.encrypt(user_password="secret", owner_password="owner")
    locked_bytes = io.BytesIO()
    locked.write(locked_bytes)
    enclosures, skipped = prepare_enclosures([
        EnclosureFile(1, "дверь.jpg", "image/jpeg", picture((60, 20), "JPEG", exif=exif)),
        EnclosureFile(2, "small.jpg", "image/jpeg", picture((60, 20), "JPEG")),
        EnclosureFile(3, "закрытый.pdf", "application/pdf", locked_bytes.getvalue()),
    ])
    assert [(e.number, e.kind, e.width, e.height) for e in enclosures] == [
        (1, "image", 20, 60), (2, "image", 60, 20), (3, "separate", 0, 0)]
    assert enclosures[1].data == picture((60, 20), "JPEG")  # a photo that needs nothing goes as it is
    assert [(n.attachment_id, n.damaged) for n in skipped] == [(3, True)]
    assert "password-protected" in skipped[0].reason
