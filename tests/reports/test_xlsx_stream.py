"""The streaming XLSX writer: what Excel and LibreOffice need to open the file, read back with openpyxl."""

from __future__ import annotations

import math
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.xlsx_stream import MAX_TEXT, SheetColumn, SheetError, SheetWriter, column_letter, sheet_name

COLUMNS = [SheetColumn("No.", "int", 8), SheetColumn("Client", "text", 30), SheetColumn("Amount", "money", 14),
           SheetColumn("Created", "datetime", 17), SheetColumn("Overdue", "bool", 9),
           SheetColumn("Hours", "general", 10), SheetColumn("Ratio", "number", 10)]
YEKT = timezone(timedelta(hours=5))


def _write(path, columns, *batches, title="Orders"):
    with SheetWriter(path, columns, sheet_title=title) as writer:
        for batch in batches:
            writer.write_rows(batch)
    return writer


def test_typed_cells_header_frozen_pane_filter_and_widths_read_back(tmp_path):
    created = datetime(2026, 11, 24, 9, 30, 15, 999_000, tzinfo=YEKT)
    rows = [
        (1001, "Иванов & сыновья <ООО>", Decimal("12345.50"), created, True, 42, 0.25),
        (1002, "", Decimal("0.00"), None, False, "balcony door", None),
        (1003, None, None, datetime(2024, 2, 29, 0, 0), None, None, 3),
    ]
    path = tmp_path / "orders.xlsx"
    writer = _write(path, COLUMNS, rows[:2], rows[2:])
    assert writer.rows == 3

    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "Orders"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("No.", "Client", "Amount", "Created", "Overdue", "Hours", "Ratio")
    assert values[1] == (1001, "Иванов & сыновья <ООО>", 12345.5, datetime(2026, 11, 24, 9, 30, 15), True, 42, 0.25)
    assert values[2] == (1002, None, 0, None, False, "balcony door", None)
    assert values[3] == (1003, None, None, datetime(2024, 2, 29), None, None, 3)
    first = next(sheet.iter_rows(min_row=2, max_row=2))
    assert first[0].data_type == "n" and first[1].data_type == "s" and first[4].data_type == "b"
    assert first[2].number_format == "#,##0.00"
    assert first[3].number_format == "DD.MM.YYYY HH:MM" and first[3].is_date
    assert all(cell.font.b for cell in sheet[1]) and not first[0].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G4"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.column_dimensions["E"].width == 9


def test_text_is_escaped_stripped_of_forbidden_characters_and_cut_to_what_excel_holds(tmp_path):
    rows = [("a\x00b\x07c\x1f\ufffe & <tag>\tend\n",), ("  padded  ",), ("x" * (MAX_TEXT + 10),), ("\ud800lone",),
            (12345,)]
    path = tmp_path / "text.xlsx"
    _write(path, [SheetColumn("Text")], rows)
    values = [r[0] for r in openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    assert values == ["abc & <tag>\tend\n", "  padded  ", "x" * MAX_TEXT, "lone", "12345"]


def test_numbers_excel_cannot_read_are_left_empty_and_the_columns_stay_in_place(tmp_path):
    rows = [(math.nan, Decimal("1E+3"), "after"), (math.inf, Decimal("NaN"), "after"), (-0.5, True, "after")]
    path = tmp_path / "numbers.xlsx"
    _write(path, [SheetColumn("Float", "number"), SheetColumn("Money", "money"), SheetColumn("Next")], rows)
    values = list(openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    assert values == [(None, 1000, "after"), (None, None, "after"), (-0.5, None, "after")]


def test_dates_keep_their_wall_clock_time_and_plain_dates_are_midnight(tmp_path):
    moments = [datetime(2026, 3, 1, 23, 59, 59, tzinfo=UTC), datetime(1900, 3, 1, 6, 0), date(2026, 1, 2)]
    path = tmp_path / "dates.xlsx"
    _write(path, [SheetColumn("When", "datetime")], [(m,) for m in moments])
    values = [r[0] for r in openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    assert values == [datetime(2026, 3, 1, 23, 59, 59), datetime(1900, 3, 1, 6, 0), datetime(2026, 1, 2)]


def test_the_package_follows_the_open_xml_parts_and_content_types(tmp_path):
    path = tmp_path / "parts.xlsx"
    _write(path, COLUMNS[:2], [(1, "a")], title="Заказы: [ноябрь]/2026")
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        types = ElementTree.fromstring(package.read("[Content_Types].xml"))
        ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
        overrides = {e.get("PartName") for e in types.iter(f"{ns}Override")}
        defaults = {e.get("Extension") for e in types.iter(f"{ns}Default")}
        for name in names:
            assert f"/{name}" in overrides or name.rsplit(".", 1)[-1] in defaults, name
            ElementTree.fromstring(package.read(name))  # every part is well-formed XML
        assert package.getinfo("xl/worksheets/sheet1.xml").compress_type == zipfile.ZIP_DEFLATED
        workbook = package.read("xl/workbook.xml").decode()
    assert "_xlnm._FilterDatabase" in workbook and "$A$1:$B$2" in workbook
    assert openpyxl.load_workbook(path).sheetnames == ["Заказы_ _ноябрь__2026"]


def test_an_empty_sheet_still_has_its_header_and_filter(tmp_path):
    path = tmp_path / "empty.xlsx"
    _write(path, COLUMNS[:2])
    sheet = openpyxl.load_workbook(path).active
    assert list(sheet.iter_rows(values_only=True)) == [("No.", "Client")]
    assert sheet.auto_filter.ref == "A1:B1"


def test_a_failure_inside_the_block_deletes_the_file(tmp_path):
    path = tmp_path / "broken.xlsx"
    with pytest.raises(RuntimeError), SheetWriter(path, COLUMNS[:1]) as writer:
        writer.write_rows([(1,)])
        raise RuntimeError("cancelled")
    assert not path.exists()


def test_bad_rows_say_what_is_wrong(tmp_path):
    path = tmp_path / "bad.xlsx"
    with pytest.raises(SheetError, match="Row 3 has 1 values for 2 columns"), \
            SheetWriter(path, COLUMNS[:2]) as writer:
        writer.write_rows([(1, "a"), (2,)])
    with pytest.raises(SheetError, match=r"'No\.' holds int cells"), SheetWriter(path, COLUMNS[:2]) as writer:
        writer.write_rows([("not a number", "a")])
    with pytest.raises(SheetError, match="'Created' holds datetime"), SheetWriter(path, [COLUMNS[3]]) as writer:
        writer.write_rows([("2026-01-01",)])
    with pytest.raises(SheetError, match="Unknown cell kind 'date'"):
        SheetWriter(path, [SheetColumn("When", "date")])
    with pytest.raises(SheetError, match="at least one column"):
        SheetWriter(path, [])
    assert not path.exists()


def test_names_excel_accepts():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703, 16384)] == ["A", "Z", "AA", "AZ", "AAA", "XFD"]
    assert sheet_name("'Orders'") == "Orders"
    assert sheet_name("a" * 40) == "a" * 31
    assert sheet_name("?*") == "__"
    assert sheet_name("") == "Sheet1"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.one_of(st.none(), st.integers(-2**53, 2**53)),
                          st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32))),
                min_size=1, max_size=30))
def test_any_text_and_numbers_read_back_as_written(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("prop") / "p.xlsx"
    _write(path, [SheetColumn("T"), SheetColumn("I", "int"), SheetColumn("F", "number")], rows)
    back = list(openpyxl.load_workbook(path).active.iter_rows(min_row=2, max_col=3, values_only=True))
    allowed = [("".join(c for c in t if c in "\t\n\r" or " " <= c < "\ud800" or "\ue000" <= c < "\ufffe"
                        or c > "\uffff"), i, f) for t, i, f in rows]
    assert len(back) == len(rows)
    for (text, number, ratio), got in zip(allowed, back, strict=True):
        assert (got[0] or "") == text.replace("\r\n", "\n").replace("\r", "\n")
        assert got[1] == number
        assert got[2] == (None if ratio is None else pytest.approx(ratio))
