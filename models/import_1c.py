"""Import of payments from 1C's exchange files (CSV or XLSX lists of receipts) onto orders by order number.

Reading: a CSV file's encoding is detected, never assumed: a BOM says UTF-8 (or UTF-16); otherwise the bytes are
tried as strict UTF-8 and then as Windows-1251, and the preview states which one was used and why. The delimiter
(``;``, ``,`` or tab) is the one under which the header row is recognised. Headers are matched by their 1C names
and common variants («Дата», «Номер», «Сумма», «Назначение платежа», «Плательщик», «ИНН плательщика», «Номер
заказа», …); a column nobody knows is listed in the preview and ignored, a needed one missing stops the import.

Matching: the order comes from a «Номер заказа» column when the file has one, else from the purpose text («Оплата
по заказу № 10452 от …», «по счёту 10452», «заказ-наряд 10452»).

Writing: a 1C document is identified by number + date + amount + payer's INN (``external_id``, unique per source),
so importing a file again adds nothing, and a line repeated inside the file is reported as a duplicate and taken
once. Lines that match no order (or are otherwise wrong) do not block the others: ``commit`` takes every matched
line in one transaction — all of them or, if anything fails, none — and the report lists what was not taken and why.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from models.clients import Client
from models.database import Database
from models.order_flow import format_money
from models.payment_book import (
    PaymentError,
    check_payment,
    company_today,
    paid_so_far,
    parse_amount,
    record_payment,
)
from models.payments import Payment
from models.pipelines import Order

SOURCE = "import_1c"
MAX_FILE_BYTES = 50 * 1024 * 1024
HEADER_SCAN_ROWS = 30
DELIMITERS = (";", ",", "\t")
#: The columns we read, by the names 1C and people give them (compared lower-case, "ё" as "е", punctuation ignored).
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("дата", "дата документа", "дата платежа", "дата поступления", "дата оплаты", "дата операции",
             "дата проведения", "date"),
    "number": ("номер", "номер документа", "№", "№ документа", "номер платежного поручения", "номер пп", "№ пп",
               "вх номер", "входящий номер", "номер платежа", "number"),
    "amount": ("сумма", "сумма документа", "сумма платежа", "сумма оплаты", "сумма руб", "поступление", "приход",
               "поступило", "amount"),
    "outflow": ("списание", "расход", "списано", "возврат"),
    "purpose": ("назначение платежа", "назначение", "основание", "purpose"),
    "payer": ("плательщик", "контрагент", "плательщик наименование", "покупатель", "payer"),
    "payer_inn": ("инн плательщика", "инн контрагента", "инн", "плательщик инн", "инн покупателя", "payer inn"),
    "order": ("номер заказа", "заказ", "№ заказа", "заказ покупателя", "заказ наряд", "номер заказ наряда", "order"),
    "doc_kind": ("вид документа", "тип документа", "вид операции", "способ оплаты", "вид оплаты"),
}
NUMBER_SIGN = r"\s*(?:№|n|no\.?|#)?\s*(\d{1,12})(?!\d)"
ORDER_WORDS = re.compile(r"заказ[а-я]*(?:[\s-]*наряд[а-я]*)?(?:\s+покупател[а-я]*)?" + NUMBER_SIGN)
INVOICE_WORDS = re.compile(r"(?:сч[её]т[а-я]*|сч\.)(?:\s+на\s+оплату)?" + NUMBER_SIGN)
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")


class ImportFileError(ValueError):
    """The file cannot be imported; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class PaymentLine:
    """One 1C receipt read from the file."""

    line_no: int
    doc_number: str
    doc_date: date
    amount: Decimal
    purpose: str
    payer: str
    payer_inn: str
    method: str
    order_number: int | None
    external_id: str

    def summary(self) -> str:
        payer = f", {self.payer}" if self.payer else ""
        return f"№ {self.doc_number} of {self.doc_date:%d.%m.%Y}, {format_money(self.amount)}{payer}"


@dataclass(frozen=True)
class MatchedLine:
    line: PaymentLine
    order_id: int
    order_number: int
    client_name: str | None


@dataclass(frozen=True)
class RejectedLine:
    """A line not taken: matched nothing, could not be read, or was imported before."""

    line_no: int
    reason: str
    summary: str


@dataclass(frozen=True)
class DuplicateLine:
    line_no: int
    first_line_no: int
    summary: str


@dataclass(frozen=True)
class ImportPreview:
    """What importing the file would do; nothing has been written yet."""

    path: str
    file_kind: str  # "csv" or "xlsx"
    encoding: str | None  # e.g. "Windows-1251"; None for XLSX (the format carries its own)
    encoding_note: str
    delimiter: str | None
    columns: dict[str, str]  # our field -> the header found
    unknown_columns: tuple[str, ...]
    matched: tuple[MatchedLine, ...]
    not_matched: tuple[RejectedLine, ...]
    duplicates: tuple[DuplicateLine, ...]
    already_imported: tuple[RejectedLine, ...]
    currency: str = "RUB"

    @property
    def matched_total(self) -> Decimal:
        return sum((m.line.amount for m in self.matched), Decimal(0))

    def describe(self) -> str:
        """A plain-text account of the preview for the command line."""
        lines = [f"File: {self.path} ({self.file_kind.upper()})"]
        if self.encoding:
            lines.append(f"Encoding: {self.encoding} ({self.encoding_note})")
        if self.delimiter:
            lines.append(f"Delimiter: {'tab' if self.delimiter == chr(9) else self.delimiter}")
        if self.unknown_columns:
            lines.append("Ignored columns: " + ", ".join(f"«{c}»" for c in self.unknown_columns))
        lines.append(f"To import: {len(self.matched)} payment(s), {format_money(self.matched_total, self.currency)}")
        lines += [f"  line {m.line.line_no}: order № {m.order_number} ← {m.line.summary()}" for m in self.matched]
        for title, rows in (("Already imported", self.already_imported), ("Not taken", self.not_matched)):
            if rows:
                lines.append(f"{title}: {len(rows)}")
                lines += [f"  line {r.line_no}: {r.reason} ({r.summary})" for r in rows]
        if self.duplicates:
            lines.append(f"Duplicate lines (taken once): {len(self.duplicates)}")
            lines += [f"  line {d.line_no} repeats line {d.first_line_no} ({d.summary})" for d in self.duplicates]
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportReport:
    """What the import wrote (``taken``) and what it did not, with the reasons."""

    taken: tuple[MatchedLine, ...]
    payment_ids: tuple[int, ...]
    already_imported: tuple[RejectedLine, ...]
    not_matched: tuple[RejectedLine, ...]
    duplicates: tuple[DuplicateLine, ...]
    orders: tuple[int, ...] = field(default=())  # order ids whose balance changed
    currency: str = "RUB"

    @property
    def total(self) -> Decimal:
        return sum((m.line.amount for m in self.taken), Decimal(0))

    def describe(self) -> str:
        return (f"Imported {len(self.taken)} payment(s), {format_money(self.total, self.currency)}, onto "
                f"{len(self.orders)} order(s); {len(self.already_imported)} already imported before, "
                f"{len(self.not_matched)} not taken, {len(self.duplicates)} duplicate line(s) in the file.")


@dataclass(frozen=True)
class _Table:
    kind: str
    encoding: str | None
    encoding_note: str
    delimiter: str | None
    rows: list[tuple[int, list[object]]]  # (line number in the file, cells)


# --- reading ---------------------------------------------------------------------------------------------------

def _norm(header: object) -> str:
    text = str(header or "").lower().replace("ё", "е")
    return " ".join(re.sub(r"[^\w№]+", " ", text).split())


_LOOKUP = {_norm(name): key for key, names in COLUMNS.items() for name in names}


def _decode(data: bytes) -> tuple[str, str, str]:
    """Text, encoding name and how it was recognised; ImportFileError when neither UTF-8 nor Windows-1251."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM", "the file starts with a UTF-8 BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16", "the file starts with a UTF-16 BOM"
    try:
        return data.decode("utf-8"), "UTF-8", "the file is valid UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        text = None
    if text is None or re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        raise ImportFileError("The file is neither UTF-8 nor Windows-1251 text; save it from 1C as CSV in UTF-8 or "
                              "Windows-1251, or as XLSX.")
    return text, "Windows-1251", "the file is not valid UTF-8; its bytes read as Windows-1251"


def _read(path: Path) -> _Table:
    if not path.is_file():
        raise ImportFileError(f"There is no file {path}; choose the file 1C saved.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB; export a shorter period.")
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(f"{path.name} is an old Excel (.xls) file; save it as .xlsx or CSV and import that.")
    if data.lstrip().startswith(b"1CClientBankExchange"):
        raise ImportFileError(f"{path.name} is a bank-client exchange file; save the list of receipts from 1C as "
                              f"CSV or XLSX instead.")
    text, encoding, note = _decode(data)
    best: tuple[int, str, list] | None = None
    for delimiter in DELIMITERS:
        records = list(_records(text, delimiter))
        score = max((sum(_norm(c) in _LOOKUP for c in cells) for _n, cells in records[:HEADER_SCAN_ROWS]), default=0)
        if best is None or score > best[0]:
            best = (score, delimiter, records)
    assert best is not None
    return _Table("csv", encoding, note, best[1], best[2])


def _records(text: str, delimiter: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _read_xlsx(path: Path) -> _Table:
    from openpyxl import load_workbook  # loaded only when an XLSX file comes

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"{path.name} cannot be read as an XLSX workbook ({exc}); save it again from 1C."
                              ) from exc
    try:
        for sheet in book.worksheets:
            rows = [(i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), start=1)]
            if any(sum(_norm(c) in _LOOKUP for c in cells if c is not None) >= 2 for _i, cells in
                   rows[:HEADER_SCAN_ROWS]):
                return _Table("xlsx", None, "", None, rows)
    finally:
        book.close()
    return _Table("xlsx", None, "", None, [])


def _header(table: _Table, path: Path) -> tuple[int, dict[str, int], dict[str, str], list[str]]:
    """Index of the header row, column index and header text per field, and the unknown headers."""
    best = (-1, -1)
    for index, (_line, cells) in enumerate(table.rows[:HEADER_SCAN_ROWS]):
        score = sum(_norm(c) in _LOOKUP for c in cells if c is not None)
        if score > best[0]:
            best = (score, index)
    score, index = best
    if score < 2:
        hint = f" The file was read as {table.encoding}; if the text looks garbled, save it again in UTF-8." \
            if table.encoding == "Windows-1251" else ""
        raise ImportFileError(f"{path.name} has no header row with the 1C column names («Дата», «Номер», «Сумма», "
                              f"«Назначение платежа»…) in its first {HEADER_SCAN_ROWS} rows.{hint}")
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    unknown: list[str] = []
    for column, cell in enumerate(table.rows[index][1]):
        text = str(cell).strip() if cell is not None else ""
        key = _LOOKUP.get(_norm(text))
        if key is not None and key not in positions:
            positions[key], names[key] = column, text
        elif text:
            unknown.append(text)
    missing = [label for keys, label in ((("date",), "«Дата»"), (("number",), "«Номер»"),
                                         (("amount", "outflow"), "«Сумма»"),
                                         (("purpose", "order"), "«Назначение платежа» or «Номер заказа»"))
               if not any(k in positions for k in keys)]
    if missing:
        found = ", ".join(f"«{str(c).strip()}»" for c in table.rows[index][1] if c not in (None, ""))
        raise ImportFileError(f"{path.name} has no column {' and no column '.join(missing)}; the header row (line "
                              f"{table.rows[index][0]}) has {found}. Export the payments from 1C with these columns.")
    return index, positions, names, unknown


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).split(" ")[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise PaymentError(f"the date “{_text(value)}” is not a date like 03.11.2026")


def _method(kind: str) -> str:
    kind = kind.lower()
    if any(w in kind for w in ("кассов", "пко", "наличн")):
        return "cash"
    if any(w in kind for w in ("карт", "эквайр")):
        return "card"
    if any(w in kind for w in ("онлайн", "интернет", "сбп")):
        return "online"
    return "transfer"


def _order_numbers(purpose: str) -> list[int]:
    """Order numbers named in a purpose text: an order or work order first, else an invoice."""
    text = purpose.lower().replace("ё", "е")
    for pattern in (ORDER_WORDS, INVOICE_WORDS):
        found = list(dict.fromkeys(int(n) for n in pattern.findall(text)))
        if found:
            return found
    return []


def _external_id(number: str, on: date, amount: Decimal, inn: str) -> str:
    key = f"{number}|{on:%Y-%m-%d}|{amount:.2f}|{inn}"
    return key if len(key) <= 120 else "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _line(line_no: int, cells: list[object], at: dict[str, int]) -> PaymentLine | RejectedLine | None:
    """A payment line, a rejected line with the reason, or None for an empty line."""
    values = {key: cells[i] if i < len(cells) else None for key, i in at.items()}
    if all(_text(c) == "" for c in cells):
        return None
    raw = " · ".join(_text(c) for c in cells if _text(c))[:120]
    if any(_text(c).lower().startswith(("итого", "всего")) for c in cells[:3]):
        return RejectedLine(line_no, "a totals line, not a payment", raw)
    try:
        number = _text(values.get("number"))
        if not number:
            raise PaymentError("the document number is empty")
        on = _date(values.get("date"))
        inflow, outflow = _text(values.get("amount")), _text(values.get("outflow"))
        if inflow:
            amount = parse_amount(values["amount"])
        elif outflow:
            amount = -abs(parse_amount(values["outflow"]))
        else:
            raise PaymentError("the amount is empty")
    except PaymentError as exc:
        return RejectedLine(line_no, str(exc)[0].lower() + str(exc)[1:].rstrip("."), raw)
    inn = re.sub(r"\D", "", _text(values.get("payer_inn")))
    purpose = _text(values.get("purpose"))
    column = re.sub(r"\D", "", _text(values.get("order")))
    order_number: int | None = int(column) if column else None
    if order_number is None:
        numbers = _order_numbers(purpose)
        if len(numbers) > 1:
            return RejectedLine(line_no, "the purpose names several orders (" + ", ".join(map(str, numbers)) +
                                "); split the payment in 1C or add a «Номер заказа» column", raw)
        order_number = numbers[0] if numbers else None
    return PaymentLine(line_no, number, on, amount, purpose, _text(values.get("payer")), inn,
                       _method(_text(values.get("doc_kind"))), order_number, _external_id(number, on, amount, inn))


# --- preview and commit ----------------------------------------------------------------------------------------

def preview(db: Database, path: str | Path, *, now: datetime | None = None) -> ImportPreview:
    """Read the file and match its lines to orders; nothing is written. ImportFileError when it cannot be read."""
    path = Path(path)
    table = _read(path)
    start, at, names, unknown = _header(table, path)
    lines: list[PaymentLine] = []
    rejected: list[RejectedLine] = []
    duplicates: list[DuplicateLine] = []
    first_of: dict[str, int] = {}
    for line_no, cells in table.rows[start + 1:]:
        item = _line(line_no, cells, at)
        if isinstance(item, RejectedLine):
            rejected.append(item)
        elif isinstance(item, PaymentLine):
            if item.external_id in first_of:
                duplicates.append(DuplicateLine(line_no, first_of[item.external_id], item.summary()))
            else:
                first_of[item.external_id] = line_no
                lines.append(item)
    with db.session() as session:
        today, currency = company_today(session, now)
        seen = set(session.execute(select(Payment.external_id).where(
            Payment.source == SOURCE, Payment.external_id.in_([ln.external_id for ln in lines]))).scalars())
        wanted = {ln.order_number for ln in lines if ln.order_number is not None}
        orders = {row.number: row for row in session.execute(
            select(Order.id, Order.number, Client.name).outerjoin(Client, Client.id == Order.client_id)
            .where(Order.number.in_(wanted)))}
        paid = {row.id: paid_so_far(session, row.id) for row in orders.values()}
    matched: list[MatchedLine] = []
    already: list[RejectedLine] = []
    for ln in lines:
        if ln.external_id in seen:
            already.append(RejectedLine(ln.line_no, "imported before", ln.summary()))
            continue
        if ln.order_number is None:
            reason = "no order number in the purpose text" if "purpose" in at else "the order number is empty"
            rejected.append(RejectedLine(ln.line_no, reason, ln.summary()))
            continue
        order = orders.get(ln.order_number)
        if order is None:
            rejected.append(RejectedLine(ln.line_no, f"there is no order № {ln.order_number}", ln.summary()))
            continue
        try:
            check_payment(ln.amount, ln.doc_date, today=today, paid_before=paid[order.id], currency=currency,
                          order_number=order.number)
        except PaymentError as exc:
            rejected.append(RejectedLine(ln.line_no, str(exc), ln.summary()))
            continue
        paid[order.id] += ln.amount
        matched.append(MatchedLine(ln, order.id, order.number, order.name))
    rejected.sort(key=lambda r: r.line_no)
    return ImportPreview(str(path), table.kind, table.encoding, table.encoding_note, table.delimiter, names,
                         tuple(unknown), tuple(matched), tuple(rejected), tuple(duplicates), tuple(already), currency)


def commit(db: Database, preview: ImportPreview, *, user_id: int | None, now: datetime | None = None) -> ImportReport:
    """Write the matched lines of the preview in one transaction: all of them, or none with ImportFileError."""
    with db.transaction() as session:
        today, currency = company_today(session, now)
        order_ids = sorted({m.order_id for m in preview.matched})
        orders = {o.id: o for o in session.execute(
            select(Order).where(Order.id.in_(order_ids)).order_by(Order.id).with_for_update()).scalars()}
        gone = sorted({m.order_number for m in preview.matched if m.order_id not in orders})
        if gone:
            raise ImportFileError(f"Order(s) № {', '.join(map(str, gone))} were deleted after the preview; nothing "
                                  f"was imported. Preview the file again.")
        seen = set(session.execute(select(Payment.external_id).where(
            Payment.source == SOURCE, Payment.external_id.in_([m.line.external_id for m in preview.matched])
        )).scalars())
        paid = {oid: paid_so_far(session, oid) for oid in order_ids}
        taken: list[MatchedLine] = []
        ids: list[int] = []
        already = list(preview.already_imported)
        for m in preview.matched:
            ln = m.line
            if ln.external_id in seen:
                already.append(RejectedLine(ln.line_no, "imported before", ln.summary()))
                continue
            try:
                check_payment(ln.amount, ln.doc_date, today=today, paid_before=paid[m.order_id], currency=currency,
                              order_number=m.order_number)
            except PaymentError as exc:
                raise ImportFileError(f"Line {ln.line_no}: {exc} Nothing was imported; preview the file again."
                                      ) from exc
            payer = f", {ln.payer}" + (f" (INN {ln.payer_inn})" if ln.payer_inn else "") if ln.payer else ""
            word = "Refund" if ln.amount < 0 else "Payment"
            text = (f"{word} {format_money(abs(ln.amount), currency)} imported from 1C: document № {ln.doc_number} "
                    f"of {ln.doc_date:%d.%m.%Y}{payer}")
            note = f"1C № {ln.doc_number} of {ln.doc_date:%d.%m.%Y}{payer}. {ln.purpose}".strip()
            payment_id = record_payment(session, orders[m.order_id], ln.amount, ln.doc_date, method=ln.method,
                                        source=SOURCE, user_id=user_id, currency=currency, note=note,
                                        external_id=ln.external_id, timeline_text=text)
            if payment_id is None:  # another workstation imported it meanwhile
                already.append(RejectedLine(ln.line_no, "imported before", ln.summary()))
                continue
            paid[m.order_id] += ln.amount
            taken.append(m)
            ids.append(payment_id)
    return ImportReport(tuple(taken), tuple(ids), tuple(already), preview.not_matched, preview.duplicates,
                        tuple(sorted({m.order_id for m in taken})), currency)


def main(argv: list[str] | None = None, *, db: Database | None = None, user_id: int | None = None) -> int:
    """``python -m models.import_1c FILE [--dry-run]``: preview the file, import it unless a dry run, print both."""
    parser = argparse.ArgumentParser(prog="python -m models.import_1c",
                                     description="Import payments from a 1C CSV or XLSX file onto orders.")
    parser.add_argument("file", help="the CSV or XLSX file saved from 1C")
    parser.add_argument("--dry-run", action="store_true", help="show what would be imported, write nothing")
    args = parser.parse_args(argv)
    connection = None
    if db is None:
        from models.config import load_database_config
        from models.connect import open_database

        try:
            connection = open_database(load_database_config())
        except Exception as exc:  # any reason the database cannot be opened is told to the person as is
            print(f"import_1c: {exc}", file=sys.stderr)
            return 2
        db = connection.db
        user_id = connection.user.id if connection.user else None
    try:
        seen = preview(db, args.file)
        print(seen.describe())
        if args.dry_run:
            print("Dry run: nothing was written.")
            return 0
        print(commit(db, seen, user_id=user_id).describe())
        return 0
    except ImportFileError as exc:
        print(f"import_1c: {exc}", file=sys.stderr)
        return 1
    finally:
        if connection is not None:
            connection.close()


if __name__ == "__main__":
    sys.exit(main())
