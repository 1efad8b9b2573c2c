"""The claim letter as one PDF a manufacturer can file: the letter's pages, then its enclosures in the letter's order.

- a photo (JPEG or PNG, told by its bytes, else by its MIME type or name) gets a page of its own, captioned
  "Приложение N: <file name>", the picture scaled to fit within the margins (a landscape page for a landscape
  picture); pictures longer than :data:`MAX_IMAGE_SIDE` pixels are scaled down first, and a camera's rotation tag
  is applied;
- a PDF document is bound in page by page after a separator page with the same caption;
- any other file (a .docx, a spreadsheet) is not bound in: the letter marks it "(прилагается отдельно)".

A photo or PDF that cannot be read (cut short, not what its name says, password-protected) never stops the letter:
it is marked the same way and reported in :class:`NotEmbedded` with the reason, so the person can attach a good copy
or send it separately. ``N`` is the file's number in the letter's list. The same letter and files give the same
bytes (nothing time-stamped), so a letter printed twice is stored once.
"""

from __future__ import annotations

import io
import logging
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pypdf
from PIL import Image, ImageOps
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import Paragraph

from models.claims_book import EnclosureFile
from reports.route_sheet import FONT, FONT_BOLD, register_fonts

MAX_IMAGE_SIDE = 2000  # pixels on the long side; a phone's 4000 px photo prints no better on A4 and weighs 4x
JPEG_QUALITY = 85
MARGIN = 18 * mm
CAPTION = "Приложение {number}: {name}"
PDF_NOTE = "Документ PDF, страниц: {pages}. Он следует за этой страницей."
LETTER_BOOKMARK = "Письмо"
IMAGE, DOCUMENT, SEPARATE = "image", "pdf", "separate"
_JPEG_MIMES = ("image/jpeg", "image/jpg", "image/pjpeg")
_ORIENTATION_TAG = 0x0112

__all__ = ["MAX_IMAGE_SIDE", "Enclosure", "NotEmbedded", "bind_package", "file_type", "prepare_enclosures"]


@dataclass(frozen=True)
class NotEmbedded:
    """A chosen file that is listed in the letter but not bound into its PDF, and why. ``damaged``: a photo or PDF
    that could not be read (worth a look); otherwise a kind of file that is always sent separately."""

    attachment_id: int
    filename: str
    reason: str
    damaged: bool


@dataclass(frozen=True)
class Enclosure:
    """One of the letter's files as it goes into the package: ``kind`` is image, pdf or separate; ``data`` the
    picture to draw (possibly scaled down) or the PDF; ``width``/``height`` the picture's pixels; ``pages`` the
    PDF's page count."""

    number: int
    attachment_id: int
    filename: str
    kind: str
    data: bytes = b""
    width: int = 0
    height: int = 0
    pages: int = 0

    @property
    def embedded(self) -> bool:
        return self.kind != SEPARATE

    @property
    def caption(self) -> str:
        return CAPTION.format(number=self.number, name=self.filename)


class _Unreadable(Exception):
    """A photo or PDF whose bytes cannot be used; the message is the reason shown to the person."""


def file_type(content: bytes, mime_type: str, filename: str) -> str | None:
    """"jpeg", "png" or "pdf" as the bytes show (a file's own signature wins over its label), else as the MIME type
    or the name's extension claim; None for any other kind of file."""
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if b"%PDF-" in content[:1024]:
        return "pdf"
    for mime in ((mime_type or "").split(";")[0].strip().lower(), mimetypes.guess_type(filename or "")[0] or ""):
        if mime in _JPEG_MIMES:
            return "jpeg"
        if mime == "image/png":
            return "png"
        if mime == "application/pdf":
            return "pdf"
    return None


def _detail(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def _prepare_image(content: bytes) -> tuple[bytes, int, int]:
    """The picture ready to draw: the original bytes when they can go as they are, else re-encoded after applying
    the rotation tag and scaling down to MAX_IMAGE_SIDE. Raises _Unreadable."""
    if not content:
        raise _Unreadable("the file is empty; attach the photo again")
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in ("JPEG", "PNG"):
                raise _Unreadable(f"the file is a {image.format} picture, not a JPEG or PNG; convert it or send it "
                                  f"separately")
            original = image.size
            image.draft(None, (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))  # a large JPEG is decoded at a fraction of its size
            image.load()  # decodes every byte: a photo cut short fails here, not in the middle of the package
            rotated = image.getexif().get(_ORIENTATION_TAG, 1) not in (0, 1)
            picture = ImageOps.exif_transpose(image) if rotated else image
            picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
            if not rotated and picture.size == original:
                return content, *original
            out = io.BytesIO()
            if image.format == "JPEG":
                if picture.mode not in ("RGB", "L"):
                    picture = picture.convert("RGB")
                picture.save(out, "JPEG", quality=JPEG_QUALITY)
            else:
                picture.save(out, "PNG")
            return out.getvalue(), *picture.size
    except _Unreadable:
        raise
    except Image.DecompressionBombError as exc:
        raise _Unreadable(f"the picture is too large to open safely ({_detail(exc)}); scale it down and attach it "
                          f"again") from exc
    except Exception as exc:  # Pillow raises OSError, ValueError, SyntaxError… for damaged data
        raise _Unreadable(f"the image cannot be read ({_detail(exc)}); attach a good copy or send it "
                          f"separately") from exc


def _prepare_pdf(content: bytes) -> tuple[bytes, int]:
    """The PDF written through once (so every page is known to copy cleanly) and its page count. Raises
    _Unreadable."""
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a damaged file is reported to the person; pypdf's own warnings add nothing
    try:
        reader = pypdf.PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Unreadable("the PDF is password-protected; save it without a password and attach it again")
        if not reader.pages:
            raise _Unreadable("the PDF has no pages")
        writer = pypdf.PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), len(reader.pages)
    except _Unreadable:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError… for damaged data
        raise _Unreadable(f"the PDF cannot be read ({_detail(exc)}); attach a good copy or send it "
                          f"separately") from exc
    finally:
        pypdf_log.setLevel(level)


def prepare_enclosures(files: Sequence[EnclosureFile]) -> tuple[list[Enclosure], list[NotEmbedded]]:
    """Each file as it goes into the package (numbered as the letter lists them), and the files that are not bound
    in with the reason."""
    enclosures: list[Enclosure] = []
    skipped: list[NotEmbedded] = []
    for number, file in enumerate(files, start=1):
        kind = file_type(file.content, file.mime_type, file.filename)
        try:
            if kind == "pdf":
                data, pages = _prepare_pdf(file.content)
                enclosures.append(Enclosure(number, file.attachment_id, file.filename, DOCUMENT, data, pages=pages))
                continue
            if kind is not None:
                data, width, height = _prepare_image(file.content)
                enclosures.append(Enclosure(number, file.attachment_id, file.filename, IMAGE, data, width, height))
                continue
            reason, damaged = "not a photo or a PDF, so it cannot be bound into the letter; send it separately", False
        except _Unreadable as exc:
            reason, damaged = str(exc), True
        enclosures.append(Enclosure(number, file.attachment_id, file.filename, SEPARATE))
        skipped.append(NotEmbedded(file.attachment_id, file.filename, reason, damaged))
    return enclosures, skipped


def _caption_style(size: float) -> ParagraphStyle:
    return ParagraphStyle("caption", fontName=FONT_BOLD, fontSize=size, leading=size * 1.3, alignment=TA_CENTER)


def _draw_caption(canvas, text: str, top: float, width: float, size: float = 11) -> float:
    """Draw the centred, wrapped caption with its top at ``top``; the height it took."""
    paragraph = Paragraph(escape(text), _caption_style(size))
    _w, height = paragraph.wrap(width, top)
    paragraph.drawOn(canvas, MARGIN, top - height)
    return height


def _image_page(canvas, enclosure: Enclosure) -> None:
    page_width, page_height = landscape(A4) if enclosure.width > enclosure.height else A4
    canvas.setPageSize((page_width, page_height))
    width = page_width - 2 * MARGIN
    caption = _draw_caption(canvas, enclosure.caption, page_height - MARGIN, width)
    box_height = page_height - 2 * MARGIN - caption - 4 * mm
    scale = min(width / enclosure.width, box_height / enclosure.height)
    drawn_width, drawn_height = enclosure.width * scale, enclosure.height * scale
    canvas.drawImage(ImageReader(io.BytesIO(enclosure.data)), MARGIN + (width - drawn_width) / 2,
                     MARGIN + (box_height - drawn_height) / 2, drawn_width, drawn_height, mask="auto")


def _separator_page(canvas, enclosure: Enclosure) -> None:
    page_width, page_height = A4
    canvas.setPageSize(A4)
    width = page_width - 2 * MARGIN
    top = page_height * 0.62
    height = _draw_caption(canvas, enclosure.caption, top, width, size=16)
    canvas.setFont(FONT, 10)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawCentredString(page_width / 2, top - height - 8 * mm, PDF_NOTE.format(pages=enclosure.pages))


def _inserted_pages(enclosures: Sequence[Enclosure]) -> bytes:
    """One page per bound-in enclosure, in order: the photo's page or the PDF's separator."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = pdf_canvas.Canvas(buffer, pagesize=A4, invariant=1, initialFontName=FONT)
    for enclosure in enclosures:
        (_image_page if enclosure.kind == IMAGE else _separator_page)(canvas, enclosure)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bind_package(letter: bytes, enclosures: Sequence[Enclosure]) -> bytes:
    """The letter's PDF followed by the bound-in enclosures (see the module's description), with a bookmark for the
    letter and each enclosure. The letter as it is when nothing is bound in."""
    bound = [e for e in enclosures if e.embedded]
    if not bound:
        return letter
    inserted = pypdf.PdfReader(io.BytesIO(_inserted_pages(bound)))
    letter_reader = pypdf.PdfReader(io.BytesIO(letter))
    writer = pypdf.PdfWriter()
    for page in letter_reader.pages:
        writer.add_page(page)
    if letter_reader.metadata:
        writer.add_metadata({k: v for k, v in letter_reader.metadata.items() if isinstance(v, str)})
    writer.add_outline_item(title=LETTER_BOOKMARK, page_number=0)
    for index, enclosure in enumerate(bound):
        first = len(writer.pages)
        writer.add_page(inserted.pages[index])
        if enclosure.kind == DOCUMENT:
            for page in pypdf.PdfReader(io.BytesIO(enclosure.data)).pages:
                writer.add_page(page)
        writer.add_outline_item(title=enclosure.caption, page_number=first)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
