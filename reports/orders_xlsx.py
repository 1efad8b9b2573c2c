"""Export of the order registry's current view to an XLSX workbook, streamed row by row.

Cells are typed (dates as dates, money as numbers with a number format), the header row is frozen and carries an
auto filter. The workbook is written to a hidden temporary file next to the target and renamed over it at the end,
so a cancelled or failed export leaves no partial file behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from models.database import Database
from models.order_registry import RegistryRow, RegistrySpec, count_estimate, iter_rows

BATCH = 2_000
DATE_FORMAT = "DD.MM.YYYY HH:MM"
MONEY_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    """How one registry column is exported: its default header, width and cell type."""

    header: str
    width: float
    kind: str  # text | int | money | datetime | bool


#: Every exportable column; ``custom:<key>`` exports one custom field as its own column as well.
COLUMNS: dict[str, Column] = {
    "number": Column("No.", 10, "int"),
    "created_at": Column("Created", 17, "datetime"),
    "pipeline": Column("Pipeline", 24, "text"),
    "stage": Column("Stage", 20, "text"),
    "client": Column("Client", 32, "text"),
    "phone": Column("Phone", 16, "text"),  # E.164, as dialled
    "address": Column("Address", 40, "text"),
    "equipment": Column("Unit", 28, "text"),
    "owner": Column("Owner", 22, "text"),
    "source": Column("Source", 12, "text"),
    "amount": Column("Amount", 14, "money"),
    "paid": Column("Paid", 14, "money"),
    "due_at": Column("Due", 17, "datetime"),
    "overdue": Column("Overdue", 9, "bool"),
    "title": Column("Title", 40, "text"),
    "custom_fields": Column("Custom fields", 40, "text"),
}
DEFAULT_COLUMNS = tuple(COLUMNS)


class ExportCancelled(Exception):
    """The user cancelled the export; no file was written."""


class ExportError(ValueError):
    """The export cannot be written as asked; the message says what to change."""


@dataclass(frozen=True)
class ExportResult:
    rows: int
    path: Path


def custom_fields_text(values: dict) -> str:
    """Custom fields as one readable cell: "room_area_m2: 42; window: balcony door"."""
    return "; ".join(f"{key}: {value}" for key, value in values.items() if value not in (None, ""))


def _column(key: str) -> Column:
    if key in COLUMNS:
        return COLUMNS[key]
    if key.startswith("custom:") and len(key) > len("custom:"):
        return Column(key.removeprefix("custom:"), 16, "custom")
    raise ExportError(f"{key!r} is not a registry column; use one of: {', '.join(COLUMNS)} or custom:<key>.")


def _value(row: RegistryRow, key: str) -> object:
    if key == "custom_fields":
        return custom_fields_text(row.custom_fields)
    if key.startswith("custom:"):
        value = row.custom_fields.get(key.removeprefix("custom:"))
        return value if isinstance(value, int | float | bool | str) or value is None else str(value)
    value = getattr(row, key)
    if isinstance(value, datetime):
        # Already in the company's time zone; Excel has no time zones and keeps whole seconds at best.
        return value.replace(tzinfo=None, microsecond=0)
    return value


def _cell(sheet, value: object, column: Column) -> object:
    """A styled cell for money and dates; any other value as it is (a styled cell costs several times more)."""
    if value is None or column.kind not in ("money", "datetime"):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = MONEY_FORMAT if column.kind == "money" else DATE_FORMAT
    return cell


def _target(path: str | os.PathLike) -> Path:
    target = Path(path).expanduser()
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist; choose another place to save the file.")
    if not os.access(target.parent, os.W_OK):
        raise ExportError(f"The folder {target.parent} cannot be written to; choose another place to save the file.")
    if target.is_dir():
        raise ExportError(f"{target} is a folder; type a file name.")
    return target


def export_orders(
    db: Database,
    spec: RegistrySpec,
    path: str | os.PathLike,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    sheet_title: str = "Orders",
) -> ExportResult:
    """Write every order matching ``spec``, in its order, with ``columns`` (registry column keys) to ``path``.

    ``headers`` gives the column titles in the user's language (missing ones keep the English default);
    ``progress(done, total)`` is called after each batch (``total`` may be an estimate; it never falls below
    ``done``); ``cancelled()`` is polled between batches and stops the export with ExportCancelled.
    """
    if not columns:
        raise ExportError("Choose at least one column to export.")
    spec.validate()
    target = _target(path)
    chosen = [(key, _column(key)) for key in columns]
    titles = [(headers or {}).get(key, column.header) for key, column in chosen]
    total = count_estimate(db, spec).count
    temp = target.with_name(f".~{target.stem}-{uuid.uuid4().hex[:8]}.xlsx")  # hidden, same folder: rename is atomic
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    try:
        sheet.freeze_panes = "A2"
        for index, (_key, column) in enumerate(chosen, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EAF0")
        header_cells = []
        for title in titles:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font, cell.fill, cell.alignment = bold, fill, Alignment(vertical="center")
            header_cells.append(cell)
        sheet.append(header_cells)
        done = 0
        for batch in iter_rows(db, spec, BATCH):
            if cancelled is not None and cancelled():
                raise ExportCancelled("The export was cancelled; no file was written.")
            for row in batch:
                sheet.append([_cell(sheet, _value(row, key), column) for key, column in chosen])
            done += len(batch)
            if progress is not None:
                progress(done, max(total, done))
        if cancelled is not None and cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(chosen))}{done + 1}"
        workbook.save(temp)
        os.replace(temp, target)
    except BaseException:
        if not sheet.closed:
            sheet.close()  # ends openpyxl's row writer, which would otherwise complain when collected
        temp.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(done, done)
    return ExportResult(done, target)
