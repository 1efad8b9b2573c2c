"""Calls: the missed calls waiting for a callback on top, the call log with its filters below.

Both read in the background when the page is first shown and follow live changes afterwards.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.call_log import mark_called_back, missed_queue
from models.call_views import CallbackRow, CallLogFilter
from models.database import Database
from ui.call_labels import direction_label
from ui.call_models import CallLogTableModel, MissedCallsTableModel
from ui.call_table_view import CallTableView
from ui.pages import page_title, section_title
from ui.tasks import run_in_background

TEXT_DEBOUNCE_MS = 300
TICK_MS = 30_000  # deadlines move on between reads


class CallLogFilters(QWidget):
    """The filter bar of the call log; ``filters_changed`` carries a CallLogFilter."""

    filters_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.period_combo = QComboBox()
        for key, text in (("today", self.tr("Today")), ("yesterday", self.tr("Yesterday")),
                          ("week", self.tr("Last 7 days")), ("month", self.tr("Last 30 days")),
                          ("all", self.tr("All time")), ("custom", self.tr("Dates…"))):
            self.period_combo.addItem(text, key)
        self.period_combo.setCurrentIndex(2)
        self.period_combo.setToolTip(self.tr("Period (Alt+P)"))
        self.since_edit = QDateEdit(QDate.currentDate().addDays(-6))
        self.until_edit = QDateEdit(QDate.currentDate())
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.hide()  # shown for "Dates…" only: the bar stays narrow
            edit.dateChanged.connect(self.on_any_changed)
        self.direction_combo = QComboBox()
        self.direction_combo.addItem(self.tr("Any direction"), "")
        for key in ("inbound", "outbound", "internal"):
            self.direction_combo.addItem(direction_label(key), key)
        self.status_combo = QComboBox()
        for statuses, text in (((), self.tr("Any status")), (("ended",), self.tr("Answered")),
                               (("missed",), self.tr("Missed")), (("failed",), self.tr("No answer")),
                               (("ringing", "answered"), self.tr("In progress"))):
            self.status_combo.addItem(text, statuses)
        self.extension_edit = QLineEdit()
        self.extension_edit.setPlaceholderText(self.tr("Ext."))
        self.extension_edit.setToolTip(self.tr("Calls answered by or ringing this extension"))
        self.extension_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("00000") + 24)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("Number or client name"))
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setToolTip(self.tr("Digits of a number (any part) or words of the client's name (Alt+F)"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(TEXT_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.emit_filters)
        self.period_combo.currentIndexChanged.connect(self.on_period_combo_current_index_changed)
        self.direction_combo.currentIndexChanged.connect(self.on_any_changed)
        self.status_combo.currentIndexChanged.connect(self.on_any_changed)
        for edit in (self.extension_edit, self.text_edit):
            edit.textEdited.connect(self.on_text_edited)
            edit.returnPressed.connect(self.emit_filters)
        for keys, target in (("Alt+P", self.period_combo), ("Alt+F", self.text_edit)):
            shortcut = QShortcut(QKeySequence(keys), self, context=Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda w=target: w.setFocus(Qt.FocusReason.ShortcutFocusReason))

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.period_combo)
        self.dash_label = QLabel("–")
        self.dash_label.hide()
        row.addWidget(self.since_edit)
        row.addWidget(self.dash_label)
        row.addWidget(self.until_edit)
        row.addWidget(self.direction_combo)
        row.addWidget(self.status_combo)
        row.addWidget(self.extension_edit)
        row.addWidget(self.text_edit, 1)

    def filters(self, today: date | None = None) -> CallLogFilter:
        """The filter the controls describe now."""
        today = today or date.today()
        period = self.period_combo.currentData()
        since, until = {
            "today": (today, today), "yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
            "week": (today - timedelta(days=6), None), "month": (today - timedelta(days=29), None),
            "all": (None, None),
        }.get(period, (self.since_edit.date().toPython(), self.until_edit.date().toPython()))
        return CallLogFilter(
            since=since, until=until, direction=self.direction_combo.currentData() or None,
            statuses=tuple(self.status_combo.currentData() or ()), extension=self.extension_edit.text().strip() or None,
            text=self.text_edit.text().strip(),
        )

    def on_period_combo_current_index_changed(self, _index: int) -> None:
        custom = self.period_combo.currentData() == "custom"
        for widget in (self.since_edit, self.dash_label, self.until_edit):
            widget.setVisible(custom)
        self.emit_filters()

    def on_any_changed(self, *_: object) -> None:
        self.emit_filters()

    def on_text_edited(self, _text: str) -> None:
        self._debounce.start()

    def emit_filters(self) -> None:
        self._debounce.stop()
        self.filters_changed.emit(self.filters())


class CallsPage(QWidget):
    """The Calls page; ``ensure_loaded`` reads it the first time it is shown."""

    client_open_requested = Signal(int)
    call_requested = Signal(str)
    phone_copied = Signal(str)
    status_message_requested = Signal(str)
    callbacks_changed = Signal()  # a callback was closed here

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user_id: int | None = None
        self.loaded = False
        self._missed_generation = 0

        self.missed_model = MissedCallsTableModel(self)
        self.missed_view = self._table(self.missed_model)
        self.missed_view.setToolTip(self.tr("Missed calls to call back: F9 marks the selected one as called back"))
        self.missed_title = section_title(self.tr("Missed calls to call back"))
        self.missed_empty = QLabel(self.tr("No missed calls waiting: everyone has been called back."))
        self.missed_empty.setObjectName("secondaryText")
        self.missed_empty.hide()
        self.callback_note_edit = QLineEdit()
        self.callback_note_edit.setPlaceholderText(self.tr("Note for the client's timeline (optional)"))
        self.callback_note_edit.returnPressed.connect(self.mark_selected_called_back)
        self.called_back_action = QAction(self.tr("Called back"), self)
        self.called_back_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.called_back_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # while the page is shown
        self.called_back_action.setToolTip(self.tr("Mark the selected missed call as called back, with the note (F9)"))
        self.called_back_action.triggered.connect(self.mark_selected_called_back)
        self.addAction(self.called_back_action)
        self.called_back_button = QPushButton(self.tr("Called back"))
        self.called_back_button.setToolTip(self.called_back_action.toolTip())
        self.called_back_button.clicked.connect(self.called_back_action.trigger)

        self.filters = CallLogFilters()
        self.filters.filters_changed.connect(self.on_filters_filters_changed)
        self.log_model = CallLogTableModel(db, self)
        self.log_model.loading_changed.connect(self.on_log_model_loading_changed)
        self.log_model.load_failed.connect(self.on_log_model_load_failed)
        self.log_model.rowsInserted.connect(self.update_log_summary)
        self.log_model.modelReset.connect(self.update_log_summary)
        self.log_view = self._table(self.log_model)
        self.log_view.setToolTip(self.tr("Click a number to call it; Enter or a double-click opens the client card"))
        self.log_summary = QLabel()
        self.log_summary.setObjectName("secondaryText")

        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.missed_model.tick)
        self._build_layout()

    def _table(self, model) -> CallTableView:
        view = CallTableView()
        view.setModel(model)
        view.call_requested.connect(self.call_requested)
        view.client_open_requested.connect(self.client_open_requested)
        view.phone_copied.connect(self.phone_copied)
        return view

    def _build_layout(self) -> None:
        missed = QWidget()
        top = QVBoxLayout(missed)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.missed_title)
        top.addWidget(self.missed_empty)
        top.addWidget(self.missed_view, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.callback_note_edit, 1)
        actions.addWidget(self.called_back_button)
        top.addLayout(actions)

        log = QWidget()
        bottom = QVBoxLayout(log)
        bottom.setContentsMargins(0, 8, 0, 0)
        bottom.addWidget(section_title(self.tr("Call log")))
        bottom.addWidget(self.filters)
        bottom.addWidget(self.log_view, 1)
        bottom.addWidget(self.log_summary)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(missed)
        self.splitter.addWidget(log)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(page_title(self.tr("Calls")))
        layout.addWidget(self.splitter, 1)

    # loading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        """Read the queue and the first page of the log, once; later changes come through ``on_data_changed``."""
        if self.loaded:
            return
        self.loaded = True
        self.tick_timer.start()
        self.reload_missed()
        self.log_model.set_filters(self.filters.filters())

    def on_data_changed(self, changes: dict, _deleted: set | None = None) -> None:
        """Live changes: re-read the calls shown and the queue when calls or tasks changed."""
        if not self.loaded:
            return
        if "calls" in changes:
            ids = changes["calls"]
            if None in ids:
                self.log_model.reload()
            else:
                self.log_model.refresh_calls(set(ids))
        if "calls" in changes or "tasks" in changes:
            self.reload_missed()

    def reload_missed(self) -> None:
        self._missed_generation += 1
        run_in_background(missed_queue, self.db, on_done=partial(self._on_missed_loaded, self._missed_generation),
                          on_error=self.on_task_failed)

    def _on_missed_loaded(self, generation: int, rows: list[CallbackRow]) -> None:
        if generation != self._missed_generation:
            return
        selected = self.selected_callback()
        self.missed_model.set_rows(rows)
        self.missed_title.setText(self.tr("Missed calls to call back (%1)").replace("%1", str(len(rows)))
                                  if rows else self.tr("Missed calls to call back"))
        self.missed_empty.setVisible(not rows)
        self.missed_view.setVisible(bool(rows))
        ids = [row.task_id for row in rows]
        if selected is not None and selected.task_id in ids:
            self.missed_view.selectRow(ids.index(selected.task_id))
        elif rows:
            self.missed_view.selectRow(0)

    def on_task_failed(self, exc: BaseException) -> None:
        self.status_message_requested.emit(self.tr("Calls could not be read: %1").replace("%1", str(exc)))

    # the call log

    def on_filters_filters_changed(self, filters: CallLogFilter) -> None:
        if self.loaded:
            self.log_model.set_filters(filters)

    def on_log_model_loading_changed(self, loading: bool) -> None:
        if loading:
            self.log_summary.setText(self.tr("Loading…"))
        else:
            self.update_log_summary()

    def on_log_model_load_failed(self, message: str) -> None:
        self.log_summary.setText(self.tr("The call log could not be read: %1").replace("%1", message))

    def update_log_summary(self, *_: object) -> None:
        count = self.log_model.rowCount()
        if count == 0:
            text = self.tr("No calls match these filters.")
        elif self.log_model.canFetchMore():
            text = self.tr("Calls shown: %n; scroll down for more.", "", count)
        else:
            text = self.tr("Calls: %n.", "", count)
        self.log_summary.setText(text)

    # callbacks

    def selected_callback(self) -> CallbackRow | None:
        index = self.missed_view.currentIndex()
        return self.missed_model.row_at(index.row()) if index.isValid() else None

    def mark_selected_called_back(self) -> None:
        """Close the selected callback as done, with the typed note on the client's timeline."""
        row = self.selected_callback()
        if row is None:
            self.status_message_requested.emit(self.tr("Select a missed call first."))
            return
        note = self.callback_note_edit.text().strip()
        self.called_back_action.setEnabled(False)
        run_in_background(partial(mark_called_back, user_id=self.user_id), self.db, row.task_id, note,
                          on_done=lambda _none, r=row: self._on_called_back(r), on_error=self.on_called_back_failed)

    def _on_called_back(self, row: CallbackRow) -> None:
        self.called_back_action.setEnabled(True)
        self.callback_note_edit.clear()
        who = row.client_name or row.number
        self.status_message_requested.emit(self.tr("%1: marked as called back.").replace("%1", who))
        self.reload_missed()
        self.callbacks_changed.emit()

    def on_called_back_failed(self, exc: BaseException) -> None:
        self.called_back_action.setEnabled(True)
        self.status_message_requested.emit(self.tr("Not marked: %1").replace("%1", str(exc)))
        self.reload_missed()
