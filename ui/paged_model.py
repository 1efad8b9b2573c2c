"""A table model whose rows come from the database a page at a time, in the background, as the view scrolls.

Subclasses say how to read a page (``read_page``) and how rows are ordered (``comes_before``); the base keeps the
rows, ignores answers to questions that are no longer asked (a generation counter bumped on every reset), drops a
row a later page repeats (something added on top shifts the pages), and merges live changes: ``refresh(ids)``
re-reads those rows, updates the ones shown, removes the ones that left the filter and inserts new ones in order
(unless they fall beyond what is loaded: a later page brings them).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QWidget

from models.database import Database
from ui.tasks import run_in_background

Row = TypeVar("Row")


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    """Rows read page by page in the background; ``COLUMN_COUNT`` and ``data`` are the subclass's."""

    COLUMN_COUNT = 0

    loading_changed = Signal(bool)
    load_failed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None, *, page_size: int):
        super().__init__(parent)
        self.db = db
        self.page_size = page_size
        self._rows: list[Row] = []
        self._has_more = False
        self._loading = False
        self._generation = 0

    # what a subclass says

    def read_page(self, offset: int, limit: int, ids: set[int] | None = None) -> Sequence[Row]:
        """Runs in a worker thread: rows ``offset``… of the current question (only ``ids`` among them if given)."""
        raise NotImplementedError

    def comes_before(self, a: Row, b: Row) -> bool:
        """True when row ``a`` is shown above row ``b``."""
        raise NotImplementedError

    def page_arrived(self) -> None:
        """Called before a page's rows are added (e.g. to take the time the page's relative dates refer to)."""

    # loading

    def restart(self) -> None:
        """Forget the rows shown and fetch the first page of the current question."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._has_more = True
        self._loading = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._has_more or self._loading:
            return
        self._set_loading(True)
        generation = self._generation
        run_in_background(self.read_page, len(self._rows), self.page_size,
                          on_done=partial(self._on_page, generation), on_error=partial(self._on_failed, generation))

    def is_loading(self) -> bool:
        return self._loading

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _on_page(self, generation: int, rows: Sequence[Row]) -> None:
        if generation != self._generation:
            return  # the question changed meanwhile
        self.page_arrived()
        self._has_more = len(rows) >= self.page_size
        known = {self.row_id(row) for row in self._rows}
        rows = [row for row in rows if self.row_id(row) not in known]
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._set_loading(False)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._has_more = False
        self._set_loading(False)
        self.load_failed.emit(str(exc))

    # live updates

    def refresh(self, ids: set[int]) -> None:
        """Re-read these rows (changed elsewhere): update shown rows, add new ones, drop ones that left the filter."""
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return
        generation = self._generation
        run_in_background(partial(self.read_page, ids=wanted), 0, len(wanted),
                          on_done=partial(self._on_refreshed, generation, wanted),
                          on_error=lambda exc: self.load_failed.emit(str(exc)))

    def _on_refreshed(self, generation: int, wanted: set[int], rows: Sequence[Row]) -> None:
        if generation != self._generation:
            return
        found = {self.row_id(row): row for row in rows}
        for position in reversed(range(len(self._rows))):
            row_id = self.row_id(self._rows[position])
            if row_id in wanted and row_id not in found:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
        positions = {self.row_id(row): position for position, row in enumerate(self._rows)}
        for row_id, row in found.items():
            if row_id in positions:
                position = positions[row_id]
                self._rows[position] = row
                self.dataChanged.emit(self.index(position, 0), self.index(position, self.COLUMN_COUNT - 1))
                continue
            position = next((p for p, shown in enumerate(self._rows) if self.comes_before(row, shown)),
                            len(self._rows))
            if position == len(self._rows) and self._has_more:
                continue  # beyond what is loaded: it comes with a later page
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, row)
            self.endInsertRows()
            positions = {self.row_id(r): p for p, r in enumerate(self._rows)}

    # reading

    @staticmethod
    def row_id(row: Any) -> int:
        return row.id

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT
