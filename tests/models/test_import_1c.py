"""1C payments import: encodings and formats as 1C saves them, matching by order number, idempotent, all or nothing.

Decision under test: lines that match no order do not block the file. The matched lines are written in one
transaction (all or none) and every other line is reported with its reason.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models.database import Database
from models.import_1c import ImportFileError, commit, main, preview
from models.payments import Payment
from models.pipelines import Order
from models.timeline import TimelineEntry
from tests.factories import add_client, add_order, add_pipeline

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
HEADER = ["Дата", "Номер", "Сумма", "Назначение платежа", "Плательщик", "ИНН плательщика", "Счёт плательщика"]


@pytest.fixture
def orders(db: Database) -> tuple[int, int]:
    """Numbers of two orders of 20 000 ₽ each."""
    with db.transaction() as session:
        client = add_client(session, "ООО «Нива»", "+79120000003", address="с. Долгодеревенское", kind="company")
        _pipeline, stages = add_pipeline(session, "repair_1c")
        first = add_order(session, client, stages[1], amount=Decimal("20000"))
        second = add_order(session, client, stages[1], amount=Decimal("20000"))
        return first.number, second.number


def rows_for(a: int, b: int) -> list[list[str]]:
    return [
        ["03.11.2026", "512", "12 500,00", f"Оплата по заказу № {a} от 01.11.2026, в т.ч. НДС", "ООО «Нива»",
         "7438012345", "40702810900000012345"],
        ["05.11.2026", "530", "7 500,00", f"Оплата по счёту {a} за ремонт", "ООО «Нива»", "7438012345", ""],
        ["06.11.2026", "531", "20000", f"Доплата, заказ-наряд {b}", "ИП Петров", "743801234567", ""],
        ["06.11.2026", "532", "1 000,00", "Оплата по заказу № 99999999 от 01.11.2026", "ИП Петров", "743801234567", ""],
        ["07.11.2026", "533", "2 000,00", "Предоплата за запчасти", "ИП Петров", "743801234567", ""],
        ["03.11.2026", "512", "12 500,00", f"Оплата по заказу № {a} от 01.11.2026, в т.ч. НДС", "ООО «Нива»",
         "7438012345", "40702810900000012345"],
    ]


def write_csv(path: Path, rows: list[list[str]], *, encoding: str, delimiter: str) -> Path:
    lines = [delimiter.join(f'"{c}"' if delimiter in c or '"' in c else c for c in row) for row in [HEADER, *rows]]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def state(db: Database, numbers: tuple[int, int]) -> tuple[int, list[Decimal], int]:
    with db.session() as session:
        count = session.execute(select(func.count()).select_from(Payment)).scalar_one()
        paid = list(session.execute(select(Order.paid).where(Order.number.in_(numbers)).order_by(Order.number))
                    .scalars())
        entries = session.execute(select(func.count()).select_from(TimelineEntry)
                                  .where(TimelineEntry.kind == "payment")).scalar_one()
    return count, paid, entries


def test_a_windows_1251_file_is_detected_matched_and_imported_once(db: Database, orders: tuple[int, int],
                                                                    tmp_path: Path) -> None:
    a, b = orders
    path = write_csv(tmp_path / "выписка.csv", rows_for(a, b), encoding="cp1251", delimiter=";")
    seen = preview(db, path, now=NOW)
    assert (seen.file_kind, seen.encoding, seen.delimiter) == ("csv", "Windows-1251", ";")
    assert "not valid UTF-8" in seen.encoding_note
    assert seen.unknown_columns == ("Счёт плательщика",)
    assert [(m.line.line_no, m.order_number, m.line.amount) for m in seen.matched] == [
        (2, a, Decimal("12500.00")), (3, a, Decimal("7500.00")), (4, b, Decimal("20000.00"))]
    assert [(r.line_no, r.reason) for r in seen.not_matched] == [
        (5, "there is no order № 99999999"), (6, "no order number in the purpose text")]
    assert [(d.line_no, d.first_line_no) for d in seen.duplicates] == [(7, 2)]
    before = state(db, orders)

    report = commit(db, seen, user_id=None, now=NOW)
    assert len(report.taken) == 3 and report.total == Decimal("40000.00") and len(report.not_matched) == 2
    after = state(db, orders)
    assert after == (before[0] + 3, [Decimal("20000.00"), Decimal("20000.00")], before[2] + 3)

    again = preview(db, path, now=NOW)
    assert again.matched == () and [r.line_no for r in again.already_imported] == [2, 3, 4]
    second = commit(db, again, user_id=None, now=NOW)
    assert second.taken == () and state(db, orders) == after
    # Committing the first preview once more (a double click) adds nothing either.
    assert commit(db, seen, user_id=None, now=NOW).taken == () and state(db, orders) == after


def test_utf8_with_bom_and_commas(db: Database, orders: tuple[int, int], tmp_path: Path) -> None:
    a, b = orders
    rows = [[c.replace(" ", "").replace(",00", ".00") if i == 2 else c for i, c in enumerate(r)]
            for r in rows_for(a, b)[:3]]
    path = write_csv(tmp_path / "payments.csv", rows, encoding="utf-8-sig", delimiter=",")
    seen = preview(db, path, now=NOW)
    assert (seen.encoding, seen.delimiter) == ("UTF-8 with BOM", ",")
    assert [m.line.amount for m in seen.matched] == [Decimal("12500.00"), Decimal("7500.00"), Decimal("20000.00")]
    assert seen.matched[0].line.purpose.startswith("Оплата по заказу №")  # the quoted comma stays in the text
    commit(db, seen, user_id=None, now=NOW)
    assert state(db, orders)[1] == [Decimal("20000.00"), Decimal("20000.00")]


def test_xlsx_with_a_title_above_the_header_and_an_order_column(db: Database, orders: tuple[int, int],
                                                                 tmp_path: Path) -> None:
    a, b = orders
    book = Workbook()
    sheet = book.active
    sheet.append(["Поступления на расчётный счёт за ноябрь 2026"])
    sheet.append([])
    sheet.append(["Дата документа", "Номер документа", "Сумма документа", "Назначение платежа", "Контрагент",
                  "ИНН контрагента", "Номер заказа", "Вид документа", "Ответственный"])
    sheet.append([datetime(2026, 11, 3), 512, 12500.0, "Оплата по договору 15", "ООО «Нива»", 7438012345, a,
                  "Поступление на расчетный счет", "Лебедева"])
    sheet.append([datetime(2026, 11, 4), 77, 3000.5, "Оплата наличными", "Сидоров", None, b,
                  "Приходный кассовый ордер", "Лебедева"])
    sheet.append(["Итого", None, 15500.5])
    path = tmp_path / "payments.xlsx"
    book.save(path)
    seen = preview(db, path, now=NOW)
    assert seen.file_kind == "xlsx" and seen.encoding is None and seen.unknown_columns == ("Ответственный",)
    assert [(m.order_number, m.line.amount, m.line.method) for m in seen.matched] == [
        (a, Decimal("12500.00"), "transfer"), (b, Decimal("3000.50"), "cash")]
    assert seen.matched[0].line.external_id == "512|2026-11-03|12500.00|7438012345"
    assert [r.reason for r in seen.not_matched] == ["a totals line, not a payment"]
    commit(db, seen, user_id=None, now=NOW)
    commit(db, preview(db, path, now=NOW), user_id=None, now=NOW)
    assert state(db, orders)[1] == [Decimal("12500.00"), Decimal("3000.50")]


def test_wrong_lines_are_reported_and_the_rest_taken(db: Database, orders: tuple[int, int], tmp_path: Path) -> None:
    a, b = orders
    rows = [
        ["03.11.2026", "600", "5000", f"по заказу № {a}", "", "", ""],
        ["30.11.2026", "601", "5000", f"по заказу № {a}", "", "", ""],
        ["вчера", "602", "5000", f"по заказу № {a}", "", "", ""],
        ["04.11.2026", "603", "-30000", f"Возврат по заказу № {b}", "", "", ""],
        ["04.11.2026", "604", "0", f"по заказу № {b}", "", "", ""],
        ["04.11.2026", "605", "100", f"по заказам № {a} и заказу № {b}", "", "", ""],
    ]
    seen = preview(db, write_csv(tmp_path / "bad.csv", rows, encoding="utf-8", delimiter=";"), now=NOW)
    assert [m.line.line_no for m in seen.matched] == [2]
    reasons = {r.line_no: r.reason for r in seen.not_matched}
    assert "in the future" in reasons[3] and "is not a date" in reasons[4]
    assert "refund of 30 000,00 ₽ is more than the 0,00 ₽ paid" in reasons[5]
    assert "amount is zero" in reasons[6] and "names several orders" in reasons[7]
    commit(db, seen, user_id=None, now=NOW)
    assert state(db, orders)[1] == [Decimal("5000.00"), Decimal(0)]


def test_nothing_is_half_imported_when_an_order_vanishes(db: Database, orders: tuple[int, int],
                                                         tmp_path: Path) -> None:
    a, b = orders
    seen = preview(db, write_csv(tmp_path / "p.csv", rows_for(a, b)[:3], encoding="utf-8", delimiter=";"), now=NOW)
    before = state(db, orders)
    with db.transaction() as session:
        session.delete(session.execute(select(Order).where(Order.number == b)).scalar_one())
    with pytest.raises(ImportFileError, match=f"Order\\(s\\) № {b} were deleted after the preview; nothing was"):
        commit(db, seen, user_id=None, now=NOW)
    assert state(db, (a, b))[0] == before[0] and state(db, (a, b))[1] == [Decimal(0)]


def test_files_that_cannot_be_imported_say_why(db: Database, tmp_path: Path) -> None:
    no_amount = tmp_path / "no_amount.csv"
    no_amount.write_text("Дата;Номер;Назначение платежа\n03.11.2026;1;по заказу № 1000\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="has no column «Сумма»"):
        preview(db, no_amount, now=NOW)
    binary = tmp_path / "garbage.csv"
    binary.write_bytes(b"\x98\x01\x02\xff" * 10)
    with pytest.raises(ImportFileError, match="neither UTF-8 nor Windows-1251"):
        preview(db, binary, now=NOW)
    koi8 = tmp_path / "koi8.csv"
    koi8.write_bytes("Дата;Номер;Сумма\n03.11.2026;1;100\n".encode("koi8_r"))
    with pytest.raises(ImportFileError, match="read as Windows-1251; if the text looks garbled"):
        preview(db, koi8, now=NOW)
    with pytest.raises(ImportFileError, match="There is no file"):
        preview(db, tmp_path / "missing.csv", now=NOW)


def test_command_line_dry_run_writes_nothing(db: Database, orders: tuple[int, int], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    a, b = orders
    path = write_csv(tmp_path / "cli.csv", rows_for(a, b), encoding="cp1251", delimiter=";")
    before = state(db, orders)
    assert main([str(path), "--dry-run"], db=db) == 0
    out = capsys.readouterr().out
    assert "Encoding: Windows-1251" in out and "To import: 3 payment(s)" in out and "Dry run" in out
    assert "line 5: there is no order № 99999999" in out and "line 7 repeats line 2" in out
    assert state(db, orders) == before
    assert main([str(path)], db=db) == 0
    assert "Imported 3 payment(s)" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.csv")], db=db) == 1
