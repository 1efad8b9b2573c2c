"""Table views configured once for the whole app: compact rows, whole-row selection, chips, fit-to-rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView, QWidget

from ui.chips import StatusChipDelegate

SHORT_COLUMN_WIDTH = 90
MAX_COLUMN_WIDTH = 280  # wider cells elide; the full text is in the tooltip
STRETCH_SHARE = 0.35  # the stretching column keeps at least this share of the width


class CompactTableView(QTableView):
    """A read-only, row-selecting table with status chips; ``fit_rows`` makes it as tall as its rows.

    Tables inside a scrolling card are fitted so that the card scrolls as a whole instead of nesting
    scroll bars.
    """

    def __init__(self, parent: QWidget | None = None, *, fit_rows: bool = False, wrap: bool = False):
        super().__init__(parent)
        self._fit_rows = fit_rows
        self._wrap = wrap
        self._natural: dict[int, int] = {}
        self._reserve = STRETCH_SHARE
        self._wrapped_width = -1
        self._rewrap_timer = QTimer(self)  # a child: it dies with the view, so it never fires on a deleted one
        self._rewrap_timer.setSingleShot(True)
        self._rewrap_timer.setInterval(0)
        self._rewrap_timer.timeout.connect(self._rewrap)
        self.setItemDelegate(StatusChipDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(wrap)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.sectionResized.connect(self.on_header_section_resized)
        if fit_rows:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.refit)
            model.rowsInserted.connect(self.refit)
            model.rowsRemoved.connect(self.refit)
        self.refit()

    def refit(self) -> None:
        """Size columns to their contents (capped) with one column taking the spare width; fit the height."""
        model = self.model()
        if model is None:
            return
        columns = model.columnCount()
        visible = [c for c in range(columns) if not self.isColumnHidden(c)]
        stretch = getattr(model, "STRETCH_COLUMN", -1)
        # The long-text column keeps a share of the width; when it is hidden the last column just takes the rest.
        self._reserve = STRETCH_SHARE if stretch in visible else 0.0
        if stretch not in visible:
            stretch = visible[-1] if visible else -1
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        self._natural = {}
        for column in range(columns):
            if column == stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.resizeColumnToContents(column)
            self._natural[column] = min(header.sectionSize(column), MAX_COLUMN_WIDTH)
        self._balance_columns()
        if self._wrap:
            self.resizeRowsToContents()
        self._fit_height()

    def _balance_columns(self) -> None:
        """Give the other columns their natural width, shrunk evenly when they would leave the stretching one
        less than STRETCH_SHARE of the width (its text is what tells rows apart)."""
        header = self.horizontalHeader()
        shown = {c: w for c, w in self._natural.items() if not self.isColumnHidden(c)}
        # Short columns (a type, a status, a time) keep their width: clipped to "…" they say nothing.
        short = {c: w for c, w in shown.items() if w <= SHORT_COLUMN_WIDTH}
        budget = int(self.viewport().width() * (1 - self._reserve)) - header.minimumSectionSize() - sum(short.values())
        total = sum(w for c, w in shown.items() if c not in short)
        scale = min(1.0, budget / total) if total and budget > 0 else 1.0
        for column, width in shown.items():
            fitted = width if column in short else int(width * scale)
            header.resizeSection(column, max(header.minimumSectionSize(), fitted))

    def on_header_section_resized(self, *_: object) -> None:
        self._schedule_rewrap()

    def _schedule_rewrap(self) -> None:
        """Recompute wrapped row heights once control returns to the event loop (coalesces many resizes)."""
        if self._wrap and not self._rewrap_timer.isActive():
            self._rewrap_timer.start()

    def _rewrap(self) -> None:
        self._wrapped_width = self.viewport().width()
        self.resizeRowsToContents()
        self._fit_height()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        # A scroll bar appearing narrows the viewport without resizing the view: wrapped rows need new heights.
        if getattr(self, "_wrap", False) and self.viewport().width() != self._wrapped_width:
            self._schedule_rewrap()

    def _fit_height(self) -> None:
        if not self._fit_rows or self.model() is None:
            return
        rows = self.model().rowCount()
        header = self.horizontalHeader()
        height = 0 if header.isHidden() else max(header.height(), header.sizeHint().height())
        height += sum(self.rowHeight(row) for row in range(rows))
        if self.horizontalScrollBar().maximum() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._balance_columns()
        if self._wrap:
            self.resizeRowsToContents()
        self._fit_height()
