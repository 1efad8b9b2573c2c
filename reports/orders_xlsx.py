"""Export of the order registry's current view to an XLSX workbook, streamed row by row.

The orders are read by models.order_export (the view's filter and sort, one snapshot, plain tuples) and written
by reports.xlsx_stream (typed cells: dates as dates, money as numbers with a number format; the header row frozen
with an auto filter). The workbook is written to a hidden temporary file next to the target and renamed over it at
the end, so a cancelled or failed export leaves no partial file behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from models.database import Database
from models.order_export import CUSTOM_PREFIX, custom_fields_text, open_order_export
from models.order_registry import RegistrySpec
from reports.xlsx_stream import DATETIME_FORMAT, MAX_ROWS, MONEY_FORMAT, SheetColumn, SheetWriter

BATCH = 5_000
DATE_FORMAT = DATETIME_FORMAT


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
#: The sheet's cell kind of each column kind; a custom field's cells take the kind of each value.
_KINDS = {"text": "text", "int": "int", "money": "money", "datetime": "datetime", "bool": "bool", "custom": "general"}


class ExportCancelled(Exception):
    """The user cancelled the export; no file was written."""


class ExportError(ValueError):
    """The export cannot be written as asked; the message says what to change."""


@dataclass(frozen=True)
class ExportResult:
    rows: int
    path: Path


__all__ = ["BATCH", "COLUMNS", "DATE_FORMAT", "DEFAULT_COLUMNS", "MONEY_FORMAT", "Column", "ExportCancelled",
           "ExportError", "ExportResult", "custom_fields_text", "export_orders"]


def _column(key: str) -> Column:
    if key in COLUMNS:
        return COLUMNS[key]
    if key.startswith(CUSTOM_PREFIX) and len(key) > len(CUSTOM_PREFIX):
        return Column(key.removeprefix(CUSTOM_PREFIX), 16, "custom")
    raise ExportError(f"{key!r} is not a registry column; use one of: {', '.join(COLUMNS)} or {CUSTOM_PREFIX}<key>.")


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
    ``progress(done, total)`` is called after each batch (``total`` is the number of matching orders, counted
    when the export starts); ``cancelled()`` is polled between batches and stops the export with ExportCancelled.
    A view of more orders than a sheet holds is refused before anything is written.
    """
    if not columns:
        raise ExportError("Choose at least one column to export.")
    spec.validate()
    chosen = [(key, _column(key)) for key in columns]
    target = _target(path)
    sheet = [SheetColumn((headers or {}).get(key, column.header), _KINDS[column.kind], column.width)
             for key, column in chosen]
    temp = target.with_name(f".~{target.stem}-{uuid.uuid4().hex[:8]}.xlsx")  # hidden, same folder: rename is atomic
    limit = MAX_ROWS - 1
    with open_order_export(db, spec, list(columns), count_limit=limit) as export:
        if export.total > limit:
            raise ExportError(f"The view holds more than {limit:,} orders, more than an Excel sheet can; narrow "
                              "the filter (a period, a pipeline) and export the rest separately.")
        done = 0
        batches = export.batches(BATCH)
        try:
            with SheetWriter(temp, sheet, sheet_title=sheet_title, size_hint=export.total) as writer:
                for batch in batches:
                    if cancelled is not None and cancelled():
                        raise ExportCancelled("The export was cancelled; no file was written.")
                    writer.write_rows(batch)
                    done += len(batch)
                    if progress is not None:
                        progress(done, max(export.total, done))
                if cancelled is not None and cancelled():
                    raise ExportCancelled("The export was cancelled; no file was written.")
        finally:
            batches.close()  # stops the reader before the session ends
    try:
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExportError(f"The file {target} could not be replaced ({exc.strerror}); close it in the program that "
                          "holds it open, or choose another name.") from exc
    if progress is not None:
        progress(done, done)
    return ExportResult(done, target)
