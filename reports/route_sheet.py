"""Printable route sheets (PDF, A4 portrait): one technician's day in visiting order, ready to take on the road.

Each sheet has a header (company, technician, day, shift), the table of stops (window, client and phones, address
and how to get in, services and equipment, notes, a checklist), links and QR codes that open the day's route in
Yandex Maps and Google Maps, and the signature lines. Several sheets go into one PDF, each from a new page.

Text is set in DejaVu Sans, embedded in the PDF (so Cyrillic prints and extracts everywhere); the font files ship
in ``resources/fonts`` and the system's copy is used when they are missing. Labels are Russian by default;
``language="en"`` gives English ones.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

import numpy
import zxingcpp
from reportlab import rl_config
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from models.route_sheets import RouteSheet, RouteStop

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
#: Where DejaVu Sans is looked for: the copy shipped with FieldDesk first, then the usual system folders.
FONT_DIRS = (
    Path(__file__).resolve().parent.parent / "resources" / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu (fonts-dejavu-core)
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/local/share/fonts/dejavu"),  # FreeBSD
    Path("/Library/Fonts"),
    Path.home() / "Library" / "Fonts",
    Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
)

GOOGLE_MAX_POINTS = 10  # Google Maps keeps at most ten places of a directions link; longer routes get several
MAX_TEXT = 600  # characters of one free-text field on paper; a longer note is cut with "…"
PAGE_MARGIN = 12 * mm
QR_SIZE = 32 * mm
COLUMN_WIDTHS_MM = (7, 15, 36, 42, 35, 29, 22)  # 186 mm: A4 less the margins
CELL_FONT_SIZE = 7.5
CELL_LEADING = 9.2
#: Every table cell is set in DejaVu Sans; reportlab's default (Helvetica) has no Cyrillic and is not embedded.
_BASE_STYLE = (("FONTNAME", (0, 0), (-1, -1), FONT),)

_LABEL_ROWS = (  # key, Russian, English
    ("title", "Маршрутный лист", "Route sheet"),
    ("technician", "Исполнитель", "Technician"),
    ("shift", "Смена", "Shift"),
    ("no_shift", "нет смены", "no shift"),
    ("zones", "Зоны", "Zones"),
    ("start", "Старт", "Start"),
    ("stops", "Визитов", "Visits"),
    ("col_no", "№", "No."),
    ("col_window", "Окно", "Window"),
    ("col_client", "Клиент, телефоны", "Client, phones"),
    ("col_address", "Адрес, как пройти", "Address, access"),
    ("col_work", "Услуги, оборудование", "Services, equipment"),
    ("col_notes", "Примечания", "Notes"),
    ("col_check", "Отметки", "Checks"),
    ("contact", "Контакт", "Contact"),
    ("entrance", "подъезд", "entrance"),
    ("floor", "этаж", "floor"),
    ("apartment", "кв.", "apt."),
    ("intercom", "домофон", "intercom"),
    ("parking", "Парковка", "Parking"),
    ("order", "Заказ №", "Order #"),
    ("serial", "S/N", "S/N"),
    ("crew", "Бригада", "Crew"),
    ("you_lead", "старший — вы", "you lead"),
    ("leads", "старший", "lead"),
    ("no_coordinates", "нет координат — не в ссылке на карту", "no coordinates — not in the map link"),
    ("check_done", "☐ выполнено", "☐ done"),
    ("check_signature", "☐ подпись", "☐ signature"),
    ("no_visits", "На этот день визитов нет.", "No visits on this day."),
    ("map_title", "Маршрут на карте", "Route on the map"),
    ("yandex", "Яндекс Карты", "Yandex Maps"),
    ("google", "Google Карты", "Google Maps"),
    ("open_link", "открыть маршрут", "open the route"),
    ("not_in_link", "Не в ссылке на карту (нет координат)", "Not in the map link (no coordinates)"),
    ("nothing_located", "Ни у одного адреса нет координат: ссылки на карту нет.",
     "No address has coordinates: there is no map link."),
    ("issued", "Выдал", "Issued by"),
    ("received", "Получил", "Received by"),
    ("signature", "подпись", "signature"),
    ("name", "Ф. И. О.", "name"),
    ("date_time", "дата, время", "date, time"),
    ("page", "стр.", "page"),
    ("document_title", "Маршрутные листы", "Route sheets"),
    ("weekdays", "пн,вт,ср,чт,пт,сб,вс", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
)
#: The texts printed on a sheet, by language ("ru" by default, as FieldDesk's users are Russian companies).
LABELS: dict[str, dict[str, str]] = {
    language: {row[0]: row[column] for row in _LABEL_ROWS} for column, language in ((1, "ru"), (2, "en"))
}


class FontNotFound(RuntimeError):
    """DejaVu Sans is neither shipped with the program nor installed; Cyrillic cannot be printed without it."""


@dataclass(frozen=True)
class MapLinks:
    """The day's route as map links: the start place (when known) and the located stops in visiting order."""

    yandex: str | None
    google: tuple[str, ...]  # one link per up to GOOGLE_MAX_POINTS places
    left_out: tuple[int, ...]  # positions of stops without coordinates


def map_links(sheet: RouteSheet) -> MapLinks:
    """Yandex Maps and Google Maps links of the sheet's route; stops without coordinates are left out and listed."""
    points = [sheet.start_place] if sheet.start_place else []
    points += [(s.lat, s.lon) for s in sheet.stops if s.located]
    left_out = tuple(s.position for s in sheet.stops if not s.located)
    if not sheet.located_stops:
        return MapLinks(None, (), left_out)
    places = [f"{lat:.5f},{lon:.5f}" for lat, lon in points]
    yandex = "https://yandex.ru/maps/?rtext=" + "~".join(places) + "&rtt=auto"
    step = GOOGLE_MAX_POINTS - 1  # each part starts where the previous one ends
    parts = [places[i:i + GOOGLE_MAX_POINTS] for i in range(0, max(len(places) - 1, 1), step)]
    google = tuple("https://www.google.com/maps/dir/" + "/".join(part) for part in parts)
    return MapLinks(yandex, google, left_out)


def font_path(file_name: str) -> Path:
    """The first of FONT_DIRS that holds ``file_name``; FontNotFound says what to install when none does."""
    for folder in FONT_DIRS:
        candidate = folder / file_name
        if candidate.is_file():
            return candidate
    raise FontNotFound(
        f"The font {file_name} (DejaVu Sans) was not found in {', '.join(str(d) for d in FONT_DIRS[:2])} or the "
        "other usual font folders. Reinstall FieldDesk (it ships the font in resources/fonts) or install DejaVu "
        "Sans (on Debian and Ubuntu: apt install fonts-dejavu-core)."
    )


def register_fonts() -> None:
    """Make DejaVu Sans (regular and bold) known to reportlab, once per process."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file_name in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(font_path(file_name))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def render_route_sheets(sheets: Sequence[RouteSheet], path_or_buffer: str | os.PathLike | BinaryIO, *,
                        language: str = "ru") -> int:
    """Write the sheets into one PDF (each technician from a new page) and return the number of pages."""
    if language not in LABELS:
        raise ValueError(f"No route-sheet labels in {language!r}; choose one of {', '.join(LABELS)}.")
    if not sheets:
        raise ValueError("There is nothing to print: no technician has visits on that day. Choose another day.")
    register_fonts()
    labels = LABELS[language]
    styles = _Styles()
    state = _PageState(labels)
    target = os.fspath(path_or_buffer) if isinstance(path_or_buffer, str | os.PathLike) else path_or_buffer
    first = sheets[0]
    doc = BaseDocTemplate(
        target, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN, topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN + 4 * mm, title=f"{labels['document_title']} {first.day:%d.%m.%Y}",
        author=first.company_name, subject=labels["document_title"], creator="FieldDesk",
        initialFontName=FONT,  # else every page also names Helvetica, a font with no Cyrillic
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPageEnd=state.footer)])
    story: list[Flowable] = []
    for index, sheet in enumerate(sheets):
        if index:
            story.append(PageBreak())
        story.extend(_sheet_story(sheet, labels, styles, state))
    previous, rl_config.useA85 = rl_config.useA85, 0  # ASCII85 only makes streams bigger and (in Python) slower
    try:
        doc.build(story)
    finally:
        rl_config.useA85 = previous
    return state.pages


class _Styles:
    """The paragraph styles of a sheet."""

    def __init__(self) -> None:
        base = ParagraphStyle("cell", fontName=FONT, fontSize=CELL_FONT_SIZE, leading=CELL_LEADING)
        self.cell = base
        self.title = ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=15, leading=18)
        self.company = ParagraphStyle("company", parent=base, fontSize=9, leading=11)
        self.day = ParagraphStyle("day", parent=base, fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_RIGHT)
        self.info = ParagraphStyle("info", parent=base, fontSize=9, leading=12)
        self.section = ParagraphStyle("section", parent=base, fontName=FONT_BOLD, fontSize=10, leading=13,
                                      spaceBefore=6, spaceAfter=3)
        self.warning = ParagraphStyle("warning", parent=base, textColor=colors.HexColor("#b00020"))


class _PageState:
    """Which sheet the pages being laid out belong to, for the footer's per-sheet page numbers."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels
        self.sheet: RouteSheet | None = None
        self.first_page = 1
        self.pages = 0

    def footer(self, canvas, doc) -> None:
        self.pages += 1
        sheet = self.sheet
        if sheet is None:
            return
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#666666"))
        y = PAGE_MARGIN
        left = f"{sheet.company_name} · {self.labels['title']} · {sheet.technician_name} · {sheet.day:%d.%m.%Y}"
        canvas.drawString(doc.leftMargin, y, left)
        page = canvas.getPageNumber() - self.first_page + 1
        canvas.drawRightString(doc.leftMargin + doc.width, y, f"{self.labels['page']} {page}")
        canvas.restoreState()


_Part = tuple[str, tuple[str, colors.Color]]  # a piece of plain text and its (font, colour)
PLAIN = (FONT, colors.black)
BOLD = (FONT_BOLD, colors.black)
MUTED = (FONT, colors.HexColor("#555555"))
WARNING = (FONT_BOLD, colors.HexColor("#b00020"))
HEAD = (FONT_BOLD, colors.HexColor("#333333"))


class _TextCell(Flowable):
    """Plain-text lines of a table cell, each piece in its font and colour, wrapped at spaces.

    What a Paragraph does for these cells, without markup to parse: a hundred sheets of stops are laid out several
    times faster. Splits between lines when a row runs over a page.
    """

    def __init__(self, parts: Sequence[_Part], lines: list[_Part] | None = None):
        super().__init__()
        self.parts = parts
        self.lines = lines or []
        self.fixed = lines is not None  # a piece split off keeps the lines it was given
        self.laid_out_for: float | None = None

    def wrap(self, available_width, available_height):
        if not self.fixed and self.laid_out_for != available_width:
            self.lines = [(line, style) for text, style in self.parts
                          for line in simpleSplit(text, style[0], CELL_FONT_SIZE, available_width) or [""]]
            self.laid_out_for = available_width
        self.width = available_width
        self.height = len(self.lines) * CELL_LEADING
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        fits = int(available_height // CELL_LEADING)
        if fits <= 0 or fits >= len(self.lines):
            return []
        return [_TextCell(self.parts, self.lines[:fits]), _TextCell(self.parts, self.lines[fits:])]

    def draw(self) -> None:
        text = self.canv.beginText(0, self.height - CELL_FONT_SIZE)
        current = None
        for line, style in self.lines:
            if style != current:
                text.setFont(style[0], CELL_FONT_SIZE, CELL_LEADING)
                text.setFillColor(style[1])
                current = style
            text.textLine(line)
        self.canv.drawText(text)


class _SheetStart(Flowable):
    """An invisible mark at the top of a sheet: from this page on, the footer speaks of ``sheet``."""

    def __init__(self, state: _PageState, sheet: RouteSheet):
        super().__init__()
        self.state = state
        self.sheet = sheet

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        self.state.sheet = self.sheet
        self.state.first_page = self.canv.getPageNumber()


def qr_modules(text: str) -> list[list[bool]]:
    """The dark (True) and light modules of the QR code a sheet prints for ``text``, top row first, no quiet zone.

    The lowest error-correction level: a printed URL is read from clean paper, and a smaller code is easier to read.
    Encoded by zxing-cpp, a few hundred times faster than reportlab's pure-Python encoder for a hundred sheets.
    """
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="L")
    pixels = numpy.asarray(code.to_image(scale=1, add_quiet_zones=False))
    return (pixels < 128).tolist()


class _QrLink(QrCode):
    """A QR code of ``url`` that is also a clickable link to it."""

    def __init__(self, url: str, size: float):
        Flowable.__init__(self)
        self.width = self.height = size
        self.value = url

    def draw(self) -> None:
        """The dark runs of each row as rectangles in module units, written as one path (a rectangle at a time
        through the canvas costs more than encoding the code)."""
        modules = qr_modules(self.value)
        count = len(modules)
        module = self.width / (count + 2 * self.qrBorder)
        runs = []
        for row_number, row in enumerate(modules):
            y = count - 1 - row_number
            start = None
            for column, dark in enumerate((*row, False)):
                if dark and start is None:
                    start = column
                elif not dark and start is not None:
                    runs.append(f"{start} {y} {column - start} 1 re")
                    start = None
        canvas = self.canv
        canvas.saveState()
        canvas.translate(self.qrBorder * module, self.qrBorder * module)
        canvas.scale(module, module)
        canvas.setFillColor(colors.black)
        canvas.addLiteral("\n".join(runs) + "\nf")
        canvas.restoreState()
        canvas.linkURL(self.value, (0, 0, self.width, self.height), relative=1, thickness=0)


def _text(value: object | None, limit: int = MAX_TEXT) -> str:
    """Escaped for a paragraph, cut at ``limit`` characters, line breaks kept."""
    text = str(value or "").strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return escape(text).replace("\n", "<br/>")


def _hhmm(moment: datetime | None) -> str:
    return f"{moment:%H:%M}" if moment else ""


def _sheet_story(sheet: RouteSheet, labels: dict[str, str], styles: _Styles, state: _PageState) -> list[Flowable]:
    story: list[Flowable] = [_SheetStart(state, sheet), _header(sheet, labels, styles), Spacer(1, 3 * mm)]
    if sheet.stops:
        story.append(_stops_table(sheet, labels, styles))
        story.append(_map_block(sheet, labels, styles))
    else:
        story.append(Paragraph(_text(labels["no_visits"]), styles.info))
    story.append(Spacer(1, 6 * mm))
    story.append(_signatures(labels))
    return story


def _header(sheet: RouteSheet, labels: dict[str, str], styles: _Styles) -> Flowable:
    weekday = labels["weekdays"].split(",")[sheet.day.weekday()]
    shift = (f"{_hhmm(sheet.shift_starts_at)}–{_hhmm(sheet.shift_ends_at)}" if sheet.shift_starts_at
             else labels["no_shift"])
    technician = f"<b>{_text(sheet.technician_name)}</b>"
    if sheet.technician_phone:
        technician += f", {_text(sheet.technician_phone)}"
    facts = [f"{labels['technician']}: {technician}", f"{labels['shift']}: <b>{shift}</b>",
             f"{labels['stops']}: <b>{len(sheet.stops)}</b>"]
    if sheet.zones:
        facts.append(f"{labels['zones']}: {_text(', '.join(sheet.zones))}")
    if sheet.start_place:
        facts.append(f"{labels['start']}: {sheet.start_place[0]:.5f}, {sheet.start_place[1]:.5f}")
    left = [Paragraph(_text(labels["title"]), styles.title), Paragraph(_text(sheet.company_name), styles.company)]
    right = [Paragraph(f"{weekday}, {sheet.day:%d.%m.%Y}", styles.day)]
    top = Table([[left, right]], colWidths=["65%", "35%"], style=TableStyle([
        *_BASE_STYLE, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    # breaks only between the facts, never inside one
    info = Paragraph(" · ".join(fact.replace(" ", "&nbsp;") for fact in facts), styles.info)
    return KeepTogether([top, Spacer(1, 2 * mm), info])


def _stops_table(sheet: RouteSheet, labels: dict[str, str], styles: _Styles) -> Table:
    head = [_TextCell([(labels[key], HEAD)]) for key in
            ("col_no", "col_window", "col_client", "col_address", "col_work", "col_notes", "col_check")]
    checks = f"{labels['check_done']}\n\n{labels['check_signature']}"  # short lines: plain text, no wrapping
    rows = [head]
    for stop in sheet.stops:
        rows.append([
            str(stop.position),
            f"{_hhmm(stop.starts_at)}–\n{_hhmm(stop.ends_at)}",
            _TextCell(_client_cell(stop, labels)),
            _TextCell(_address_cell(stop, labels)),
            _TextCell(_work_cell(stop, labels)),
            _TextCell(_notes_cell(stop, labels)),
            checks,
        ])
    table = Table(rows, colWidths=[w * mm for w in COLUMN_WIDTHS_MM], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        *_BASE_STYLE,
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONTSIZE", (0, 1), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 1), (-1, -1), CELL_LEADING),
        ("FONTNAME", (0, 1), (0, -1), FONT_BOLD),
        ("FONTSIZE", (0, 1), (0, -1), 10),
        ("LEADING", (0, 1), (0, -1), 12),
    ]))
    return table


def _clip(value: object | None, limit: int = MAX_TEXT) -> str:
    """Plain text cut at ``limit`` characters."""
    text = str(value or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _client_cell(stop: RouteStop, labels: dict[str, str]) -> list[_Part]:
    parts = [(_clip(stop.client_name), BOLD)] if stop.client_name else []
    parts += [(phone, PLAIN) for phone in stop.phones]
    if stop.contact_person:
        parts.append((f"{labels['contact']}: {_clip(stop.contact_person)}", PLAIN))
    return parts


def _address_cell(stop: RouteStop, labels: dict[str, str]) -> list[_Part]:
    address = _clip(stop.address)
    if stop.apartment:
        address += f", {labels['apartment']} {_clip(stop.apartment)}"
    parts = [(address, BOLD)] if address else []
    access = [f"{labels[key]} {_clip(value)}" for key, value in
              (("entrance", stop.entrance), ("floor", stop.floor), ("intercom", stop.intercom)) if value]
    if access:
        parts.append((", ".join(access), PLAIN))
    if stop.parking:
        parts.append((f"{labels['parking']}: {_clip(stop.parking)}", PLAIN))
    if stop.access_notes:
        parts.append((_clip(stop.access_notes), PLAIN))
    if not stop.located:
        parts.append((f"⚠ {labels['no_coordinates']}", WARNING))
    return parts


def _work_cell(stop: RouteStop, labels: dict[str, str]) -> list[_Part]:
    parts = [(_clip(stop.service), BOLD)] if stop.service else []
    parts.append((f"{labels['order']}{stop.order_number}: {_clip(stop.order_title)}", PLAIN))
    if stop.equipment:
        unit = _clip(stop.equipment)
        if stop.serial:
            unit += f", {labels['serial']} {_clip(stop.serial)}"
        parts.append((unit, PLAIN))
    return parts


def _notes_cell(stop: RouteStop, labels: dict[str, str]) -> list[_Part]:
    parts = [(_clip(stop.note), PLAIN)] if stop.note else []
    if stop.order_description:
        parts.append((_clip(stop.order_description, 300), MUTED))
    if stop.crew:  # the lead comes first; on the lead's own sheet the others only
        mates = list(stop.crew)
        if stop.lead:
            mates.append(labels["you_lead"])
        else:
            mates[0] += f" ({labels['leads']})"
        parts.append((f"{labels['crew']}: {', '.join(mates)}", PLAIN))
    return parts


def _map_block(sheet: RouteSheet, labels: dict[str, str], styles: _Styles) -> Flowable:
    links = map_links(sheet)
    parts: list[Flowable] = [Paragraph(_text(labels["map_title"]), styles.section)]
    if links.yandex is None:
        parts.append(Paragraph(_text(labels["nothing_located"]), styles.warning))
    else:
        targets = [(labels["yandex"], links.yandex)]
        many = len(links.google) > 1
        targets += [(f"{labels['google']}" + (f" ({i}/{len(links.google)})" if many else ""), url)
                    for i, url in enumerate(links.google, 1)]
        cells = [[_QrLink(url, QR_SIZE),
                  Paragraph(f'<b>{_text(name)}</b><br/><a href="{escape(url)}" color="#1a5fb4"><u>'
                            f'{_text(labels["open_link"])}</u></a>', styles.cell)] for name, url in targets]
        grid = Table([[cell for pair in cells for cell in pair]],
                     colWidths=[QR_SIZE + 2 * mm, 26 * mm] * len(cells), hAlign="LEFT")
        grid.setStyle(TableStyle([*_BASE_STYLE, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        parts.append(grid)
    if links.left_out:
        left_out = [s for s in sheet.stops if not s.located]
        names = "; ".join(f"№ {s.position} {_text(s.address or s.client_name or '')}" for s in left_out)
        parts.append(Paragraph(f"<b>{_text(labels['not_in_link'])}:</b> {names}", styles.warning))
    return KeepTogether(parts)


def _signatures(labels: dict[str, str]) -> Flowable:
    return _SignatureLines([labels["issued"], labels["received"]],
                           [labels["signature"], labels["name"], labels["date_time"]])


class _SignatureLines(Flowable):
    """"Issued by" and "Received by", each with lines to sign on, write the name and the date and time."""

    ROW = 12 * mm
    LABEL_WIDTH = 28 * mm
    LINE_WIDTHS = (50 * mm, 60 * mm, 40 * mm)
    GAP = 4 * mm

    def __init__(self, who: list[str], captions: list[str]):
        super().__init__()
        self.who = who
        self.captions = captions

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, self.ROW * len(self.who)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.6)
        for index, label in enumerate(self.who):
            y = self.height - (index + 1) * self.ROW + 4 * mm  # the baseline of the row
            canvas.setFillColor(colors.black)
            canvas.setFont(FONT_BOLD, 9)
            canvas.drawString(0, y, f"{label}:")
            x = self.LABEL_WIDTH
            for width, caption in zip(self.LINE_WIDTHS, self.captions, strict=True):
                canvas.line(x, y - 1, x + width, y - 1)
                canvas.setFont(FONT, 6.5)
                canvas.setFillColor(colors.HexColor("#555555"))
                canvas.drawString(x, y - 8, caption)
                x += width + self.GAP
