"""Route sheets: what is loaded for a technician's day, and what the printed PDF says, read back with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy
import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import func, select, update

from models.catalog import Service
from models.clients import Client, ClientPhone, Contact, Site
from models.company import Company
from models.database import Database
from models.equipment import Equipment, Manufacturer
from models.phones import normalise_phone
from models.pipelines import Order
from models.route_sheets import RouteSheet, RouteStop, load_route_sheets
from models.scheduling import BookingRequest, Shift, Technician, Visit, Zone, book_visit
from reports.route_sheet import (
    GOOGLE_MAX_POINTS,
    LABELS,
    QR_SIZE,
    map_links,
    qr_modules,
    render_route_sheets,
)
from tests.factories import add_pipeline

TZ = ZoneInfo("Asia/Yekaterinburg")
DAY = date(2031, 3, 12)  # a Wednesday
RU = LABELS["ru"]


@dataclass
class Day:
    """The ids of the rows one test day is made of."""

    petrov: int
    andreev: int
    sidorov: int
    visits: dict[str, int]  # by client name


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _client(session, name: str, phone: str, address: str, lat: float | None, lon: float | None, **site) -> Client:
    e164 = normalise_phone(phone)
    client = Client(name=name, phones=[ClientPhone(e164=e164.e164, digits=e164.digits)],
                    sites=[Site(address=address, city="Челябинск", lat=lat, lon=lon, **site)])
    session.add(client)
    session.flush()
    return client


@pytest.fixture
def day(db: Database) -> Day:
    """Petrov: four visits booked out of order, one cancelled, one the next day, one crew visit he leads with
    Sidorov; a stop without coordinates. Andreev: one visit. Sidorov: only the crew visit."""
    with db.transaction() as s:
        s.execute(update(Company).values(name="ООО «Поверка Сервис»", time_zone="Asia/Yekaterinburg"))
        _, stages = add_pipeline(s, "meters")
        zone = Zone(name="Центр", polygon={"type": "Polygon", "coordinates": []})
        service = Service(code="verify", name="Поверка счётчика воды", price=900, duration_min=60)
        maker = Manufacturer(name="Itelma")
        s.add_all([zone, service, maker])
        petrov = Technician(full_name="Петров Сергей Иванович", phone="+73512000001", home_lat=55.15, home_lon=61.38)
        andreev = Technician(full_name="Андреев Олег")
        sidorov = Technician(full_name="Сидоров Иван")
        s.add_all([petrov, andreev, sidorov])
        s.flush()
        s.add(Shift(technician_id=petrov.id, zone_id=zone.id, starts_at=at(8), ends_at=at(17)))

        ivanova = _client(s, "Иванова Мария", "+7 912 345-67-89", "ул. Кирова, 10", 55.1601, 61.4012,
                          entrance="2", floor="5", apartment="17", intercom="17В",
                          access_notes="Собака во дворе, звонить заранее")
        s.add(Contact(client_id=ivanova.id, full_name="Иванов Пётр", position="сын"))
        unit = Equipment(client_id=ivanova.id, site_id=ivanova.sites[0].id, kind="Счётчик воды",
                         manufacturer_id=maker.id, model="WFK24", serial="SN-778899")
        s.add(unit)
        s.flush()
        clients = {
            "Иванова Мария": ivanova,
            "Смирнов Антон": _client(s, "Смирнов Антон", "+7 351 222-33-44", "пр. Ленина, 55", 55.1599, 61.3875),
            "Кузнецова Ольга": _client(s, "Кузнецова Ольга", "+7 900 111-22-33", "пос. Новый, 3", None, None),
            "ТСЖ «Звезда»": _client(s, "ТСЖ «Звезда»", "+7 351 700-80-90", "ул. Труда, 1", 55.1700, 61.3900),
            "Отменённый Клиент": _client(s, "Отменённый Клиент", "+7 900 000-00-01", "ул. Мира, 2", 55.18, 61.41),
            "Завтрашний Клиент": _client(s, "Завтрашний Клиент", "+7 900 000-00-02", "ул. Мира, 4", 55.18, 61.42),
            "Фролов Денис": _client(s, "Фролов Денис", "+7 900 000-00-03", "ул. Мира, 6", 55.19, 61.43),
        }
        orders = {name: Order(pipeline_id=stages[0].pipeline_id, stage_id=stages[0].id, client_id=c.id,
                              site_id=c.sites[0].id, title=f"Поверка: {name}") for name, c in clients.items()}
        orders["Иванова Мария"].equipment_id = unit.id
        orders["Иванова Мария"].description = "Два счётчика, ванная и кухня"
        s.add_all(orders.values())
        s.flush()

        def book(name: str, starts: datetime, tech: int, minutes: int = 60, **kw) -> int:
            return book_visit(s, BookingRequest(orders[name].id, tech, starts, starts + timedelta(minutes=minutes),
                                                **kw))

        visits = {
            "ТСЖ «Звезда»": book("ТСЖ «Звезда»", at(15), petrov.id, crew=(sidorov.id,), note="Подвал, ключ у старшей"),
            "Иванова Мария": book("Иванова Мария", at(9), petrov.id, service_id=service.id, note="Позвонить за час"),
            "Кузнецова Ольга": book("Кузнецова Ольга", at(13, 30), petrov.id),
            "Смирнов Антон": book("Смирнов Антон", at(11), petrov.id),
            "Отменённый Клиент": book("Отменённый Клиент", at(12), petrov.id),
            "Завтрашний Клиент": book("Завтрашний Клиент", at(9, day=DAY + timedelta(days=1)), petrov.id),
            "Фролов Денис": book("Фролов Денис", at(10), andreev.id),
        }
        s.execute(update(Visit).where(Visit.id == visits["Отменённый Клиент"]).values(status="cancelled"))
    return Day(petrov.id, andreev.id, sidorov.id, visits)


PETROV_ORDER = ["Иванова Мария", "Смирнов Антон", "Кузнецова Ольга", "ТСЖ «Звезда»"]


def _render(sheets, **kw) -> PdfReader:
    buffer = io.BytesIO()
    pages = render_route_sheets(sheets, buffer, **kw)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert len(reader.pages) == pages
    return reader


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _uris(reader: PdfReader) -> list[str]:
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or ():
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def _qr_uris(reader: PdfReader) -> list[str]:
    """Links whose clickable area is a square the size of the QR code."""
    found = []
    for page in reader.pages:
        for annot in page.get("/Annots") or ():
            annot = annot.get_object()
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            if abs((x1 - x0) - QR_SIZE) < 1 and abs((y1 - y0) - QR_SIZE) < 1:
                found.append(str(annot["/A"]["/URI"]))
    return found


def _owner(page) -> str:
    """The technician a page belongs to, read from its footer."""
    match = re.search(r"Маршрутный лист · (.+?) · \d\d\.\d\d\.\d{4}", _flat(page.extract_text()))
    assert match, page.extract_text()
    return match.group(1)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- loading -------------------------------------------------------------------------------------------------------

def test_a_technicians_sheet_lists_the_days_visits_in_visiting_order(db: Database, day: Day) -> None:
    (sheet,) = load_route_sheets(db, DAY, [day.petrov])

    assert [s.client_name for s in sheet.stops] == PETROV_ORDER
    assert [s.position for s in sheet.stops] == [1, 2, 3, 4]
    first = sheet.stops[0]
    assert (first.starts_at, first.ends_at) == (at(9), at(10))
    assert first.starts_at.utcoffset() == timedelta(hours=5)  # shown in the company's time zone
    assert first.phones == ("+7 912 345-67-89",)
    assert first.contact_person == "Иванов Пётр, сын"
    assert (first.entrance, first.floor, first.apartment, first.intercom) == ("2", "5", "17", "17В")
    assert first.access_notes == "Собака во дворе, звонить заранее"
    assert first.service == "Поверка счётчика воды"
    assert first.order_title == "Поверка: Иванова Мария"
    assert (first.equipment, first.serial) == ("Счётчик воды Itelma WFK24", "SN-778899")
    assert first.note == "Позвонить за час"
    assert (first.lat, first.lon) == (55.1601, 61.4012)
    assert [s.located for s in sheet.stops] == [True, True, False, True]
    assert sheet.stops[3].crew == ("Сидоров Иван",) and sheet.stops[3].lead
    assert sheet.company_name == "ООО «Поверка Сервис»"
    assert (sheet.shift_starts_at, sheet.shift_ends_at) == (at(8), at(17))
    assert sheet.zones == ("Центр",)
    assert sheet.start_place == (55.15, 61.38)
    assert sheet.technician_phone == "+7 351 200-00-01"


def test_a_crew_members_sheet_holds_the_crews_visit(db: Database, day: Day) -> None:
    (sheet,) = load_route_sheets(db, DAY, [day.sidorov])

    assert [s.visit_id for s in sheet.stops] == [day.visits["ТСЖ «Звезда»"]]
    assert not sheet.stops[0].lead
    assert sheet.stops[0].crew == ("Петров Сергей Иванович",)
    assert sheet.shift_starts_at is None and sheet.start_place is None


def test_all_technicians_with_visits_come_in_name_order(db: Database, day: Day) -> None:
    sheets = load_route_sheets(db, DAY)
    ours = [s for s in sheets if s.technician_id in {day.petrov, day.andreev, day.sidorov}]

    assert [s.technician_name for s in ours] == ["Андреев Олег", "Петров Сергей Иванович", "Сидоров Иван"]
    assert [len(s.stops) for s in ours] == [1, 4, 1]


def test_a_requested_technician_without_visits_gets_an_empty_sheet_and_an_unknown_one_is_refused(
        db: Database, day: Day) -> None:
    (sheet,) = load_route_sheets(db, DAY + timedelta(days=2), [day.andreev])
    assert sheet.stops == () and sheet.technician_name == "Андреев Олег"
    assert load_route_sheets(db, DAY, []) == []
    with db.session() as s:
        unknown = s.execute(select(func.max(Technician.id))).scalar_one() + 1000
    with pytest.raises(LookupError, match=str(unknown)):
        load_route_sheets(db, DAY, [day.petrov, unknown])
    with pytest.raises(TypeError, match="date"):
        load_route_sheets(db, at(9), [day.petrov])  # type: ignore[arg-type]


# --- the PDF -------------------------------------------------------------------------------------------------------

def test_the_pdf_lists_every_stop_in_order_with_cyrillic_text_that_extracts(db: Database, day: Day) -> None:
    sheets = load_route_sheets(db, DAY, [day.petrov])
    text = _flat(_text(_render(sheets)))

    positions = [text.find(name) for name in PETROV_ORDER]
    assert -1 not in positions, text
    assert positions == sorted(positions)
    for expected in ("Маршрутный лист", "ООО «Поверка Сервис»", "Петров Сергей Иванович", "ср, 12.03.2031",
                     "08:00–17:00", "+7 912 345-67-89", "Собака во дворе", "Поверка счётчика воды",
                     "SN-778899", "Позвонить за час", "Выдал", "Получил", "☐ выполнено",
                     "Бригада: Сидоров Иван, старший — вы"):
        assert expected in text, expected
    assert "Отменённый Клиент" not in text and "Завтрашний Клиент" not in text


def test_the_fonts_are_embedded_truetype_dejavu(db: Database, day: Day) -> None:
    reader = _render(load_route_sheets(db, DAY, [day.petrov]))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = {}
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
            else font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        embedded[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert any("DejaVuSans" in name for name in embedded), embedded
    assert all(embedded.values()), embedded  # no font left to the viewer's substitution


def test_map_links_and_qr_open_the_route_and_leave_out_a_stop_without_coordinates(db: Database, day: Day) -> None:
    (sheet,) = load_route_sheets(db, DAY, [day.petrov])
    reader = _render([sheet])
    uris = _uris(reader)
    text = _flat(_text(reader))

    route = ["55.15000,61.38000", "55.16010,61.40120", "55.15990,61.38750", "55.17000,61.39000"]
    yandex = "https://yandex.ru/maps/?rtext=" + "~".join(route) + "&rtt=auto"
    google = "https://www.google.com/maps/dir/" + "/".join(route)
    assert yandex in uris and google in uris  # the links under the codes
    assert sorted(_qr_uris(reader)) == sorted([yandex, google])  # the QR codes, clickable too
    assert RU["no_coordinates"] in text
    assert f"{RU['not_in_link']}: № 3 пос. Новый, 3" in text
    assert map_links(sheet).left_out == (3,)


def test_long_routes_get_google_links_in_parts_that_join_up() -> None:
    stops = tuple(_stop(i, 55.0 + i / 100, 61.0) for i in range(1, 15))
    sheet = _sheet(stops, start=(54.9, 61.0))

    links = map_links(sheet)
    places = [p.split(",") for url in links.google for p in url.removeprefix("https://www.google.com/maps/dir/")
              .split("/")]
    parts = [url.removeprefix("https://www.google.com/maps/dir/").split("/") for url in links.google]
    assert len(links.google) == 2
    assert all(len(p) <= GOOGLE_MAX_POINTS for p in parts)
    assert parts[0][-1] == parts[1][0]  # the second part starts where the first ends
    assert len(places) == 15 + 1  # start + 14 stops, the joint counted twice
    assert links.yandex is not None and links.yandex.count("~") == 14


@pytest.mark.parametrize("text", [
    "https://yandex.ru/maps/?rtext=55.15000,61.38000~55.16010,61.40120&rtt=auto",
    "https://yandex.ru/maps/?rtext=" + "~".join(f"55.{i:05d},61.{i * 7:05d}" for i in range(16)) + "&rtt=auto",
    "https://www.google.com/maps/dir/" + "/".join(f"-33.{i:05d},151.{i:05d}" for i in range(10)),
    "HELLO 12345",  # alphanumeric mode
    "1" * 300,  # numeric mode, several blocks
])
def test_qr_codes_read_back_as_the_link(text: str) -> None:
    modules = qr_modules(text)
    size = len(modules)
    assert all(len(row) == size for row in modules) and (size - 21) % 4 == 0  # a square of a QR version's size
    quiet = 4
    pixels = numpy.full((size + 2 * quiet, size + 2 * quiet), 255, dtype=numpy.uint8)
    pixels[quiet:quiet + size, quiet:quiet + size] = numpy.where(numpy.array(modules), 0, 255)
    image = numpy.kron(pixels, numpy.ones((4, 4), dtype=numpy.uint8))  # four pixels a module, as a scanner sees it
    found = zxingcpp.read_barcode(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert found is not None and found.text == text


def test_a_day_without_any_coordinates_has_no_map_link_and_says_so() -> None:
    sheet = _sheet((_stop(1, None, None), _stop(2, None, None)))
    links = map_links(sheet)
    assert links.yandex is None and links.google == () and links.left_out == (1, 2)

    reader = _render([sheet])
    assert _uris(reader) == []
    assert RU["nothing_located"] in _flat(_text(reader))


def test_print_all_gives_each_technician_own_pages_in_name_order(db: Database, day: Day) -> None:
    sheets = [s for s in load_route_sheets(db, DAY) if s.technician_id in {day.petrov, day.andreev, day.sidorov}]
    reader = _render(sheets)

    owners = [_owner(page) for page in reader.pages]
    assert list(dict.fromkeys(owners)) == ["Андреев Олег", "Петров Сергей Иванович", "Сидоров Иван"]
    assert owners == sorted(owners)  # each technician's pages together
    for sheet in sheets:  # each section starts on a page of its own, with its own header and stops
        first = _flat(reader.pages[owners.index(sheet.technician_name)].extract_text())
        assert first.startswith("Маршрутный лист")
        assert all(stop.client_name in first for stop in sheet.stops)
        assert "стр. 1" in first
    sidorov = _flat(reader.pages[owners.index("Сидоров Иван")].extract_text())
    assert "Бригада: Петров Сергей Иванович (старший)" in sidorov


def test_a_long_day_runs_over_pages_with_the_header_row_repeated() -> None:
    stops = tuple(_stop(i, 55.0 + i / 100, 61.0, note="Примечание для мастера. " * 3) for i in range(1, 41))
    reader = _render([_sheet(stops)])

    assert len(reader.pages) > 1
    text = _flat(_text(reader))
    positions = [text.find(f"Клиент {i:02d}") for i in range(1, 41)]
    assert -1 not in positions and positions == sorted(positions)
    second = _flat(reader.pages[1].extract_text())
    assert second.startswith(f"{RU['col_no']} {RU['col_window']} {RU['col_client']}")
    assert "стр. 2" in second


def test_english_labels_and_bad_input() -> None:
    sheet = _sheet((_stop(1, 55.1, 61.1),))
    text = _flat(_text(_render([sheet], language="en")))
    assert "Route sheet" in text and "Received by" in text and "Маршрутный" not in text
    with pytest.raises(ValueError, match="nothing to print"):
        render_route_sheets([], io.BytesIO())
    with pytest.raises(ValueError, match="labels"):
        render_route_sheets([sheet], io.BytesIO(), language="xx")


def test_text_with_markup_characters_is_printed_as_typed(tmp_path) -> None:
    sheet = _sheet((_stop(1, 55.1, 61.1, note="Код <1234> & ключ у соседа"),))
    path = tmp_path / "sheet.pdf"
    assert render_route_sheets([sheet], path) == 1
    assert "Код <1234> & ключ у соседа" in _flat(_text(PdfReader(path)))


def test_demo_day_prints_every_stop_of_every_technician(demo_database: Database) -> None:
    with demo_database.session() as s:
        tz = ZoneInfo(s.execute(select(Company.time_zone)).scalar_one())
        busiest = s.execute(
            select(func.date(func.timezone(tz.key, Visit.starts_at)).label("d"))
            .where(Visit.status != "cancelled", Visit.technician_id.is_not(None))
            .group_by("d").order_by(func.count().desc(), "d").limit(1)).scalar_one()
    sheets = load_route_sheets(demo_database, busiest)
    assert len(sheets) > 1 and all(s.stops for s in sheets)
    reader = _render(sheets)
    text = _flat(_text(reader))

    cursor = 0
    for sheet in sheets:
        cursor = text.index(sheet.technician_name, cursor)
        for stop in sheet.stops:
            cursor = text.index(f"{RU['order']}{stop.order_number}", cursor)


# --- helpers -------------------------------------------------------------------------------------------------------

def _stop(i: int, lat: float | None, lon: float | None, note: str | None = None) -> RouteStop:
    return RouteStop(
        position=i, visit_id=i, order_number=1000 + i, status="planned", starts_at=at(8) + timedelta(minutes=30 * i),
        ends_at=at(8) + timedelta(minutes=30 * i + 25), client_name=f"Клиент {i:02d}", phones=("+7 351 200-00-01",),
        contact_person=None, address=f"ул. Пушкина, {i}", city="Челябинск", entrance=None, floor=None,
        apartment=None, intercom=None, parking=None, access_notes=None, service=None, order_title="Поверка",
        order_description=None, equipment=None, serial=None, note=note, lat=lat, lon=lon, lead=True, crew=(),
    )


def _sheet(stops: tuple[RouteStop, ...], start: tuple[float, float] | None = None) -> RouteSheet:
    return RouteSheet(company_name="ООО «Тест»", day=DAY, technician_id=1, technician_name="Тестов Тест",
                      technician_phone=None, shift_starts_at=None, shift_ends_at=None, zones=(), start_place=start,
                      stops=stops)
