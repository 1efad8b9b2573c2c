"""The registry of orders: a lazily paged table over every order, quick filters (saved per user), a column chooser
whose order and widths are remembered, export of the current view to XLSX, and live updates."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.order_registry import RegistryOptions, RegistrySpec, RowCount, count_estimate, registry_options
from models.saved_view_store import SavedViewRow, delete_view, list_views, save_view
from models.users import UserRef
from reports.orders_xlsx import ExportCancelled, ExportResult, export_orders
from ui.chips import StatusChipDelegate
from ui.orders_registry_model import ORDER_ID_ROLE, OrdersRegistryTableModel
from ui.settings import Settings
from ui.tasks import run_in_background
from ui.widgets import local_shortcut

VIEW_KIND = "orders"
TEXT_DEBOUNCE_MS = 350
LAYOUT_SAVE_MS = 500
PERIODS = ("all", "today", "week", "month", "quarter", "custom")


def period_dates(key: str, today: date, since: date, until: date) -> tuple[date | None, date | None]:
    """The days a period choice covers (both included); "custom" uses the date fields."""
    return {
        "all": (None, None), "today": (today, today), "week": (today - timedelta(days=6), today),
        "month": (today - timedelta(days=29), today), "quarter": (today - timedelta(days=89), today),
    }.get(key, (since, until))


class RegistryTableView(QTableView):
    """Read-only rows with stage chips; Enter or a double-click asks to open the order."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(StatusChipDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.doubleClicked.connect(self.on_self_double_clicked)

    def on_self_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(ORDER_ID_ROLE))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().data(ORDER_ID_ROLE))
            return
        super().keyPressEvent(event)


class OrdersRegistryView(QWidget):
    """The registry page; ``ensure_loaded`` reads it the first time it is shown."""

    open_order_requested = Signal(int)
    status_message_requested = Signal(str)
    export_finished = Signal(object)  # ExportResult

    def __init__(self, db: Database, user: UserRef | None = None, settings: Settings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.settings = settings
        self.options: RegistryOptions | None = None
        self.row_count: RowCount | None = None
        self.loaded = False
        self._count_generation = 0
        self._applying = False
        self._export_cancel: threading.Event | None = None
        self.progress_dialog: QProgressDialog | None = None

        self.model = OrdersRegistryTableModel(db, self)
        self.model.loading_changed.connect(self.on_model_loading_changed)
        self.model.load_failed.connect(self.on_model_load_failed)
        self.model.spec_changed.connect(self.on_model_spec_changed)
        self.table = RegistryTableView()
        self.table.setModel(self.model)
        self.table.open_requested.connect(self.open_order_requested)
        self.table.setToolTip(self.tr("Enter or a double-click opens the order"))
        header = self.table.horizontalHeader()
        header.customContextMenuRequested.connect(self.on_header_custom_context_menu_requested)
        header.sortIndicatorChanged.connect(self.on_header_sort_indicator_changed)
        self._layout_timer = QTimer(self)
        self._layout_timer.setSingleShot(True)
        self._layout_timer.setInterval(LAYOUT_SAVE_MS)
        self._layout_timer.timeout.connect(self.save_layout)
        for signal in (header.sectionMoved, header.sectionResized):
            signal.connect(self.on_header_layout_changed)

        self._build_filters()
        self._build_views_bar()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("secondaryText")
        self.export_button = QPushButton(self.tr("Export XLSX…"))
        self.export_button.setToolTip(self.tr("Save the orders of the current view, as shown, to an Excel file "
                                              "(Ctrl+E)"))
        self.export_button.clicked.connect(self.choose_export_file)
        local_shortcut(self, "Ctrl+E", self.choose_export_file)
        self._build_layout()
        self._restore_layout()

    # building

    def _build_filters(self) -> None:
        self.pipeline_combo = QComboBox()
        self.pipeline_combo.setToolTip(self.tr("Pipeline"))
        self.stage_combo = QComboBox()
        self.stage_combo.setToolTip(self.tr("Stage"))
        self.owner_combo = QComboBox()
        self.owner_combo.setToolTip(self.tr("Owner"))
        self.source_combo = QComboBox()
        self.source_combo.setToolTip(self.tr("Source"))
        self.period_combo = QComboBox()
        for key, text in zip(PERIODS, (self.tr("All time"), self.tr("Today"), self.tr("Last 7 days"),
                                       self.tr("Last 30 days"), self.tr("Last 90 days"), self.tr("Dates…")),
                             strict=True):
            self.period_combo.addItem(text, key)
        self.period_combo.setToolTip(self.tr("Created in this period (Alt+P)"))
        self.since_edit = QDateEdit(QDate.currentDate().addDays(-29))
        self.until_edit = QDateEdit(QDate.currentDate())
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.hide()
            edit.dateChanged.connect(self.on_filter_changed)
        self.overdue_check = QCheckBox(self.tr("Overdue only"))
        self.overdue_check.setToolTip(self.tr("Open orders past their due date or held in a stage too long"))
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search: number, client, phone, address, serial, any field"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(self.tr("Searches every field of the order, custom fields included (Alt+F)"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(TEXT_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search_edit.textEdited.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self.apply_filters)
        self.pipeline_combo.currentIndexChanged.connect(self.on_pipeline_combo_current_index_changed)
        self.period_combo.currentIndexChanged.connect(self.on_period_combo_current_index_changed)
        for combo in (self.stage_combo, self.owner_combo, self.source_combo):
            combo.currentIndexChanged.connect(self.on_filter_changed)
        self.overdue_check.toggled.connect(self.on_filter_changed)
        for keys, target in (("Alt+P", self.period_combo), ("Alt+F", self.search_edit)):
            local_shortcut(self, keys, lambda w=target: w.setFocus(Qt.FocusReason.ShortcutFocusReason))

    def _build_views_bar(self) -> None:
        self.views_combo = QComboBox()
        self.views_combo.setMinimumContentsLength(14)
        self.views_combo.setToolTip(self.tr("Your saved quick filters"))
        self.views_combo.activated.connect(self.on_views_combo_activated)
        self.save_view_button = QPushButton(self.tr("Save view…"))
        self.save_view_button.setToolTip(self.tr("Save the current filters under a name, for you only"))
        self.save_view_button.clicked.connect(self.ask_view_name)
        self.delete_view_button = QPushButton(self.tr("Delete view"))
        self.delete_view_button.clicked.connect(self.delete_current_view)
        if self.user is None:
            for widget in (self.views_combo, self.save_view_button, self.delete_view_button):
                widget.setEnabled(False)
                widget.setToolTip(self.tr("Sign in to save views"))

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for widget in (self.pipeline_combo, self.stage_combo, self.owner_combo, self.source_combo,
                       self.period_combo, self.since_edit, self.until_edit, self.overdue_check):
            filters.addWidget(widget)
        filters.addWidget(self.search_edit, 1)
        views = QHBoxLayout()
        views.setContentsMargins(0, 0, 0, 0)
        views.addWidget(QLabel(self.tr("View:")))
        views.addWidget(self.views_combo)
        views.addWidget(self.save_view_button)
        views.addWidget(self.delete_view_button)
        views.addStretch(1)
        views.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(views)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)

    # loading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        """Read the filter choices, the saved views and the first page, once."""
        if self.loaded:
            return
        self.loaded = True
        run_in_background(registry_options, self.db, on_done=self._on_options, on_error=self.on_task_failed)
        self.reload_views()

    def _on_options(self, options: RegistryOptions) -> None:
        self.options = options
        self.model.currency = options.currency
        self.model.custom_labels = dict(options.custom_fields)
        self._applying = True
        self.pipeline_combo.clear()
        self.pipeline_combo.addItem(self.tr("All pipelines"), None)
        for pipeline in options.pipelines:
            self.pipeline_combo.addItem(pipeline.name, pipeline.id)
        self.owner_combo.clear()
        self.owner_combo.addItem(self.tr("Any owner"), None)
        for owner in options.owners:
            self.owner_combo.addItem(owner.name, owner.id)
        self.source_combo.clear()
        self.source_combo.addItem(self.tr("Any source"), None)
        for source in options.sources:
            self.source_combo.addItem(source.replace("_", " "), source)
        self._fill_stages()
        self._applying = False
        self.apply_filters()

    def _fill_stages(self) -> None:
        pipeline_id = self.pipeline_combo.currentData()
        current = self.stage_combo.currentData()
        self.stage_combo.blockSignals(True)
        self.stage_combo.clear()
        self.stage_combo.addItem(self.tr("Any stage"), None)
        names = {p.id: p.name for p in self.options.pipelines} if self.options else {}
        for stage in self.options.stages if self.options else ():
            if pipeline_id is None or stage.pipeline_id == pipeline_id:
                text = stage.name if pipeline_id is not None else f"{names.get(stage.pipeline_id, '')}: {stage.name}"
                self.stage_combo.addItem(text, stage.id)
        found = self.stage_combo.findData(current)
        self.stage_combo.setCurrentIndex(max(0, found))
        self.stage_combo.blockSignals(False)

    def current_spec(self, today: date | None = None) -> RegistrySpec:
        """The spec the filter bar and the sorted column describe now."""
        since, until = period_dates(self.period_combo.currentData() or "all", today or date.today(),
                                    self.since_edit.date().toPython(), self.until_edit.date().toPython())
        if since and until and since > until:
            since, until = until, since
        pipeline_id, stage_id = self.pipeline_combo.currentData(), self.stage_combo.currentData()
        return RegistrySpec(
            pipeline_ids=(pipeline_id,) if pipeline_id is not None else (),
            stage_ids=(stage_id,) if stage_id is not None else (),
            owner_id=self.owner_combo.currentData(), source_channel=self.source_combo.currentData(),
            created_from=since, created_to=until, overdue_only=self.overdue_check.isChecked(),
            text=self.search_edit.text().strip(), sort=self.model.spec.sort, descending=self.model.spec.descending,
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        if self._applying or not self.loaded:
            return
        self.model.set_spec(self.current_spec())

    def on_filter_changed(self, *_: object) -> None:
        self.apply_filters()

    def on_pipeline_combo_current_index_changed(self, _index: int) -> None:
        self._fill_stages()
        self.apply_filters()

    def on_period_combo_current_index_changed(self, _index: int) -> None:
        custom = self.period_combo.currentData() == "custom"
        self.since_edit.setVisible(custom)
        self.until_edit.setVisible(custom)
        self.apply_filters()

    def on_model_spec_changed(self, spec: RegistrySpec) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        order = Qt.SortOrder.DescendingOrder if spec.descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(False)
        self.summary_label.setText(self.tr("Loading…"))
        self._count_generation += 1
        run_in_background(count_estimate, self.db, spec,
                          on_done=partial(self._on_counted, self._count_generation), on_error=self.on_task_failed)

    def on_header_sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        if column in self.model.SORT_KEYS:
            self.model.sort(column, order)
        else:  # keep the indicator on the column the rows are really sorted by
            self.on_model_spec_changed(self.model.spec)
            self.status_message_requested.emit(self.tr("Orders can be sorted by number, creation date or due date."))

    def _on_counted(self, generation: int, counted: RowCount) -> None:
        if generation == self._count_generation:
            self.row_count = counted
            self.summary_label.setText(self.count_text(counted))

    def count_text(self, counted: RowCount) -> str:
        if counted.count == 0:
            return self.tr("No orders match these filters.")
        if counted.exact:
            return self.tr("%n order(s)", "", counted.count)
        return self.tr("About %1 orders (estimate)").replace("%1", f"{counted.count:,}".replace(",", "\u00a0"))

    def on_model_loading_changed(self, loading: bool) -> None:
        self.table.setCursor(Qt.CursorShape.BusyCursor if loading else Qt.CursorShape.ArrowCursor)

    def on_model_load_failed(self, message: str) -> None:
        self.summary_label.setText(self.tr("The orders could not be read: %1").replace("%1", message))

    def on_task_failed(self, exc: BaseException) -> None:
        self.status_message_requested.emit(self.tr("The registry could not be read: %1").replace("%1", str(exc)))

    def on_orders_changed(self, ids: set[int]) -> None:
        """Orders changed here or at another desk: refresh the rows shown (None among the ids: reload all)."""
        if not self.loaded:
            return
        if None in ids:
            self.model.reload()
        else:
            self.model.refresh_orders(set(ids))

    # saved views

    def reload_views(self, select_name: str | None = None) -> None:
        if self.user is None:
            return
        run_in_background(list_views, self.db, self.user.id, VIEW_KIND,
                          on_done=partial(self._on_views, select_name), on_error=self.on_task_failed)

    def _on_views(self, select_name: str | None, views: list[SavedViewRow]) -> None:
        self.views_combo.clear()
        self.views_combo.addItem(self.tr("(current filters)"), None)
        for view in views:
            self.views_combo.addItem(view.name, view)
        found = self.views_combo.findText(select_name) if select_name else -1
        self.views_combo.setCurrentIndex(max(0, found))
        self.delete_view_button.setEnabled(found > 0)

    def on_views_combo_activated(self, index: int) -> None:
        view = self.views_combo.itemData(index)
        self.delete_view_button.setEnabled(view is not None)
        if view is not None:
            self.apply_view(view.spec)

    def view_spec(self) -> dict:
        """What a saved view keeps: the filters, the sort and the period's choice (a relative period moves on)."""
        return {**self.current_spec().to_dict(), "period": self.period_combo.currentData()}

    def apply_view(self, data: dict) -> None:
        """Set the filter bar to a saved view and show it."""
        spec = RegistrySpec.from_dict(data)
        self._applying = True
        self.pipeline_combo.setCurrentIndex(max(0, self.pipeline_combo.findData(
            spec.pipeline_ids[0] if spec.pipeline_ids else None)))
        self._fill_stages()
        for combo, value in ((self.stage_combo, spec.stage_ids[0] if spec.stage_ids else None),
                             (self.owner_combo, spec.owner_id), (self.source_combo, spec.source_channel)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        period = data.get("period") if data.get("period") in PERIODS else ("custom" if spec.created_from else "all")
        self.period_combo.setCurrentIndex(self.period_combo.findData(period))
        if spec.created_from:
            self.since_edit.setDate(QDate(spec.created_from))
        if spec.created_to:
            self.until_edit.setDate(QDate(spec.created_to))
        self.overdue_check.setChecked(spec.overdue_only)
        self.search_edit.setText(spec.text)
        self._applying = False
        self.model.spec = replace(self.model.spec, sort=spec.sort, descending=spec.descending)
        self.apply_filters()

    def ask_view_name(self) -> None:
        current = self.views_combo.currentData()
        name, ok = QInputDialog.getText(self, self.tr("Save view"), self.tr("Name of the view:"),
                                        text=current.name if current else "")
        if ok:
            self.save_current_view(name)

    def save_current_view(self, name: str) -> None:
        if self.user is None:
            return
        run_in_background(save_view, self.db, self.user.id, VIEW_KIND, name, self.view_spec(),
                          on_done=lambda _id: self._on_view_saved(name), on_error=self.on_view_failed)

    def _on_view_saved(self, name: str) -> None:
        name = " ".join(name.split())
        self.status_message_requested.emit(self.tr("View “%1” saved.").replace("%1", name))
        self.reload_views(name)

    def delete_current_view(self) -> None:
        view = self.views_combo.currentData()
        if view is None or self.user is None:
            return
        run_in_background(delete_view, self.db, self.user.id, VIEW_KIND, view.name,
                          on_done=lambda _gone: self.reload_views(), on_error=self.on_view_failed)

    def on_view_failed(self, exc: BaseException) -> None:
        self.status_message_requested.emit(self.tr("The view was not saved: %1").replace("%1", str(exc)))

    # columns

    def layout_key(self) -> str:
        return f"orders_registry/{self.user.login if self.user else 'anyone'}"

    def _restore_layout(self) -> None:
        header = self.table.horizontalHeader()
        state = self.settings.layout_state(self.layout_key()) if self.settings else None
        if state is None or not header.restoreState(state):
            for column, width in ((self.model.COL_NUMBER, 70), (self.model.COL_CREATED, 120),
                                  (self.model.COL_STAGE, 150), (self.model.COL_CLIENT, 220),
                                  (self.model.COL_ADDRESS, 240), (self.model.COL_TITLE, 240),
                                  (self.model.COL_DUE, 150)):
                header.resizeSection(column, width)
            for column in (self.model.COL_PIPELINE, self.model.COL_PAID, self.model.COL_CUSTOM,
                           self.model.COL_EQUIPMENT):
                header.setSectionHidden(column, True)
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)

    def on_header_layout_changed(self, *_: object) -> None:
        self._layout_timer.start()

    def save_layout(self) -> None:
        """Remember the columns' order, widths and visibility for this user."""
        self._layout_timer.stop()
        if self.settings is not None:
            self.settings.save_layout_state(self.layout_key(), self.table.horizontalHeader().saveState())

    def column_menu(self) -> QMenu:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        titles = self.model.headers()
        for logical in sorted(range(self.model.COLUMN_COUNT), key=header.visualIndex):
            action = menu.addAction(titles[logical])
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(logical))
            action.toggled.connect(partial(self.set_column_visible, logical))
        return menu

    def set_column_visible(self, column: int, visible: bool) -> None:
        header = self.table.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return  # the last visible column stays
        header.setSectionHidden(column, not visible)
        self.save_layout()

    def on_header_custom_context_menu_requested(self, position: QPoint) -> None:
        self.column_menu().popup(self.table.horizontalHeader().mapToGlobal(position))

    def visible_columns(self) -> list[int]:
        """The columns shown, in the order shown."""
        header = self.table.horizontalHeader()
        return [header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(
            header.logicalIndex(v))]

    # export

    def choose_export_file(self) -> None:
        suggested = str(Path.home() / f"orders-{date.today():%Y-%m-%d}.xlsx")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export orders"), suggested,
                                                    self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.start_export(path)

    def start_export(self, path: str) -> None:
        """Write the current view (visible columns, current order) to ``path`` in the background."""
        if self._export_cancel is not None:
            return
        titles = self.model.headers()
        columns = [self.model.KEYS[c] for c in self.visible_columns()]
        headers = {self.model.KEYS[c]: titles[c] for c in range(self.model.COLUMN_COUNT)}
        sheet_title = self.tr("Orders")
        cancel = self._export_cancel = threading.Event()
        self.export_button.setEnabled(False)
        self.progress_dialog = QProgressDialog(self.tr("Exporting orders…"), self.tr("Cancel"), 0, 0, self)
        self.progress_dialog.setWindowTitle(self.tr("Export XLSX"))
        self.progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress_dialog.setMinimumDuration(300)
        self.progress_dialog.setAutoClose(False)
        self.progress_dialog.setAutoReset(False)
        self.progress_dialog.canceled.connect(cancel.set)

        def work(spec: RegistrySpec, progress) -> ExportResult:
            return export_orders(self.db, spec, path, columns, lambda done, total: progress((done, total)),
                                 cancel.is_set, headers=headers, sheet_title=sheet_title)

        run_in_background(work, self.model.spec, progress=self.on_export_progress, on_done=self._on_exported,
                          on_error=self.on_export_failed)

    def on_export_progress(self, value: tuple[int, int]) -> None:
        done, total = value
        if self.progress_dialog is not None and not self.progress_dialog.wasCanceled():
            self.progress_dialog.setMaximum(total)
            self.progress_dialog.setValue(done)
            self.progress_dialog.setLabelText(self.tr("Exporting orders… %1 of %2").replace(
                "%1", f"{done:,}".replace(",", "\u00a0")).replace("%2", f"{total:,}".replace(",", "\u00a0")))

    def _end_export(self) -> None:
        self._export_cancel = None
        self.export_button.setEnabled(True)
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_exported(self, result: ExportResult) -> None:
        self._end_export()
        message = self.tr("%n order(s) exported to %1", "", result.rows).replace("%1", str(result.path))
        self.summary_label.setText(message)
        self.status_message_requested.emit(message)
        self.export_finished.emit(result)

    def on_export_failed(self, exc: BaseException) -> None:
        self._end_export()
        if isinstance(exc, ExportCancelled):
            message = self.tr("Export cancelled; no file was written.")
        else:
            message = self.tr("The export failed: %1").replace("%1", str(exc))
        self.summary_label.setText(message)
        self.status_message_requested.emit(message)
