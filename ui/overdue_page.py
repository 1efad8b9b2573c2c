"""Overdue: every open order with a late task or a stage held past its SLA, overdue callbacks and broken
automation rules, grouped by person or by stage, worst first.

Read in the background when first shown, again on live changes of what it shows (throttled) and every
minute (lateness grows while nobody changes anything).
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.overdue import UNASSIGNED, OverdueGroup, OverdueReport, OverdueRow, load_overdue
from models.users import UserRef
from ui.chips import STATUS_ROLE, StatusChipDelegate
from ui.client_card_models import SECONDARY_TEXT
from ui.formatting import format_datetime
from ui.pages import page_title
from ui.status_palette import RED, stage_status
from ui.tasks import run_in_background
from ui.widgets import local_shortcut

CONTEXT = "OverduePage"
DISPLAY = Qt.ItemDataRole.DisplayRole
REFRESH_MS = 60_000
THROTTLE_MS = 2_000  # live changes arrive in bursts; one re-read covers them
WATCHED_TABLES = frozenset({"tasks", "orders", "stages", "pipelines", "rule_firings", "stage_rules", "users",
                            "clients"})
GROUP_LABELS = {
    "callbacks": QT_TRANSLATE_NOOP("OverduePage", "Callbacks"),
    "broken_rules": QT_TRANSLATE_NOOP("OverduePage", "Broken automation rules"),
}


def late_text(late_by: timedelta) -> str:
    """Lateness compactly, translated: "2 d 3 h", "1 h 20 min", "45 min"."""
    minutes = max(1, int(late_by.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = (QCoreApplication.translate("OverduePage", "%1 d %2 h") if hours
                else QCoreApplication.translate("OverduePage", "%1 d"))
        return text.replace("%1", str(days)).replace("%2", str(hours))
    if hours:
        text = (QCoreApplication.translate("OverduePage", "%1 h %2 min") if minutes
                else QCoreApplication.translate("OverduePage", "%1 h"))
        return text.replace("%1", str(hours)).replace("%2", str(minutes))
    return QCoreApplication.translate("OverduePage", "%1 min").replace("%1", str(minutes))


def person_text(name: str, active: bool = True) -> str:
    if name == UNASSIGNED:
        return QCoreApplication.translate("OverduePage", "unassigned")
    return name if active else QCoreApplication.translate("OverduePage", "%1 (inactive)").replace("%1", name)


def reason_text(row: OverdueRow) -> str:
    """What is late, in a few words."""
    if row.reason == "task":
        return QCoreApplication.translate("OverduePage", "Task «%1»").replace("%1", row.subject)
    if row.reason == "stage_sla":
        return (QCoreApplication.translate("OverduePage", "In «%1» longer than %2 h")
                .replace("%1", row.stage).replace("%2", str(row.sla_hours)))
    if row.reason == "callback":  # the client column names whom; without a client the title says it
        return (QCoreApplication.translate("OverduePage", "Call back") if row.client
                else QCoreApplication.translate("OverduePage", "Call back: %1").replace("%1", row.subject))
    return QCoreApplication.translate("OverduePage", "Automation failed: %1").replace("%1", row.subject)


class OverdueTreeModel(QAbstractItemModel):
    """Groups (a person, a stage, the callbacks, the broken rules) with their late items beneath, worst first.

    A group's index has internal id 0; an item's internal id is its group's row + 1.
    """

    COL_LATE = 0
    COL_ORDER = 1
    COL_WHAT = 2
    COL_CLIENT = 3
    COL_STAGE = 4
    COL_PERSON = 5
    COLUMN_COUNT = 6
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the OverdueRow of an item
    GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # the OverdueGroup of a group

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._groups: list[OverdueGroup] = []
        self.me: int | None = None

    def set_groups(self, groups: tuple[OverdueGroup, ...] | list[OverdueGroup], me: int | None = None) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self.me = me
        self.endResetModel()

    def groups(self) -> list[OverdueGroup]:
        return list(self._groups)

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].rows)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        return (self.tr("Late by"), self.tr("Order"), self.tr("What is late"), self.tr("Client"), self.tr("Stage"),
                self.tr("Who"))[section]

    def group_at(self, index: QModelIndex | QPersistentModelIndex) -> OverdueGroup | None:
        return self._groups[index.row()] if index.isValid() and index.internalId() == 0 else None

    def row_at(self, index: QModelIndex | QPersistentModelIndex) -> OverdueRow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1].rows[index.row()]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        group = self.group_at(index)
        if group is not None:
            return self._group_data(group, index.column(), role)
        row = self.row_at(index)
        if role == self.ROW_ROLE:
            return row
        return self._row_data(row, index.column(), role) if row is not None else None

    def group_title(self, group: OverdueGroup) -> str:
        if group.kind in GROUP_LABELS:
            name = QCoreApplication.translate(CONTEXT, GROUP_LABELS[group.kind])
        elif group.kind == "person":
            name = person_text(group.label, group.active)
            if self.me is not None and group.id == self.me:
                name = self.tr("%1 (you)").replace("%1", name)
        else:
            name = group.label
        text = {"broken_rules": self.tr("%1 — %2 failed, oldest %3"),
                "callbacks": self.tr("%1 — %2 overdue, worst %3")}.get(group.kind, self.tr("%1 — %2 late, worst %3"))
        text = text.replace("%1", name).replace("%2", str(group.count))
        text = text.replace("%3", late_text(group.worst))
        if len(group.rows) < group.count:
            text += " " + self.tr("(the %1 most late shown)").replace("%1", str(len(group.rows)))
        return text

    def _group_data(self, group: OverdueGroup, column: int, role: int) -> Any:
        if role == self.GROUP_ROLE:
            return group
        if column != 0:
            return None
        if role in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return self.group_title(group)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _row_data(self, row: OverdueRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COL_LATE:
                return QColor(RED)
            if column == self.COL_PERSON and (row.person_id is None or not row.person_active):
                return SECONDARY_TEXT
            return None
        if role == STATUS_ROLE and column == self.COL_STAGE and row.stage:
            return stage_status(row.stage, row.stage_color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_LATE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != DISPLAY:
            return None
        if column == self.COL_LATE:
            return late_text(row.late_by)
        if column == self.COL_ORDER:
            return f"№{row.number}" if row.number is not None else ""
        if column == self.COL_WHAT:
            return reason_text(row)
        if column == self.COL_CLIENT:
            return row.client
        if column == self.COL_STAGE:
            return row.stage
        return person_text(row.person, row.person_active)

    def _tooltip(self, row: OverdueRow) -> str:
        lines = [reason_text(row) if row.reason != "callback" else row.subject]
        if row.title and row.reason != "callback":
            lines.append(self.tr("Order №%1: %2").replace("%1", str(row.number)).replace("%2", row.title))
        if row.pipeline:
            lines.append(f"{row.pipeline} · {row.stage}")
        since = self.tr("Failed at %1") if row.reason == "broken_rule" else self.tr("Late since %1")
        lines.append(since.replace("%1", format_datetime(row.since.astimezone())))
        return "\n".join(lines)


class RowDelegate(StatusChipDelegate):
    """Chips where a cell has a status; every row as tall as a table row elsewhere in the app."""

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 10))


class OverdueTreeView(QTreeView):
    """The tree; ``row_activated`` on Enter or a double-click (once, whatever the style's activation rules)."""

    row_activated = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setExpandsOnDoubleClick(False)  # a double-click on a group folds it through row_activated
        self.doubleClicked.connect(self.row_activated)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class OverduePage(QWidget):
    """The Overdue page; ``ensure_loaded`` reads it the first time it is shown."""

    open_order_requested = Signal(int)
    open_client_requested = Signal(int)
    status_message_requested = Signal(str)
    report_loaded = Signal(object)  # the OverdueReport now shown (the rail's counter follows it)

    def __init__(self, db: Database, user: UserRef | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.report: OverdueReport | None = None
        self.loaded = False
        self._loading = False
        self._stale = False
        self._generation = 0

        self.summary_label = QLabel(self.tr("Loading…"))
        self.summary_label.setWordWrap(True)
        self.by_person_radio = QRadioButton(self.tr("By &person"))
        self.by_stage_radio = QRadioButton(self.tr("By &stage"))
        self.by_person_radio.setToolTip(self.tr("Group by who is late (Alt+P)"))
        self.by_stage_radio.setToolTip(self.tr("Group by the stage the order is in (Alt+S)"))
        self.by_person_radio.setChecked(True)
        self.grouping_buttons = QButtonGroup(self)
        self.grouping_buttons.addButton(self.by_person_radio)
        self.grouping_buttons.addButton(self.by_stage_radio)
        self.grouping_buttons.buttonToggled.connect(self.on_grouping_buttons_button_toggled)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the overdue list again (F5)"))
        self.refresh_button.clicked.connect(self.reload)
        local_shortcut(self, Qt.Key.Key_F5, self.reload)
        self.note_label = QLabel()
        self.note_label.setObjectName("secondaryText")
        self.note_label.setWordWrap(True)
        self.note_label.hide()

        self.model = OverdueTreeModel(self)
        self.view = OverdueTreeView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(RowDelegate(self.view))
        self.view.setToolTip(self.tr("Enter or a double-click opens the order (the client for a callback)"))
        self.view.row_activated.connect(self.on_view_row_activated)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OverdueTreeModel.COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("Nothing is late: every task and stage is within its time."))
        self.empty_label.setObjectName("placeholderText")
        self.empty_label.hide()

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.reload)
        self.throttle_timer = QTimer(self)
        self.throttle_timer.setSingleShot(True)
        self.throttle_timer.setInterval(THROTTLE_MS)
        self.throttle_timer.timeout.connect(self.reload)
        self._build_layout()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Group:")))
        bar.addWidget(self.by_person_radio)
        bar.addWidget(self.by_stage_radio)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(page_title(self.tr("Overdue")))
        layout.addWidget(self.summary_label)
        layout.addLayout(bar)
        layout.addWidget(self.note_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addStretch(0)

    # loading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        """Read the report once; later the timer and ``on_data_changed`` keep it current."""
        if self.loaded:
            return
        self.loaded = True
        self.refresh_timer.start()
        self.reload()

    def on_data_changed(self, tables: Any, _deleted: Any = None) -> None:
        """Live changes (a set of table names, or LiveSync's {table: ids}): re-read soon if they matter here."""
        if not self.loaded or not WATCHED_TABLES.intersection(tables):
            return
        if not self.throttle_timer.isActive():
            self.throttle_timer.start()

    def reload(self) -> None:
        """Read the report in the background; a request while reading is served once the read ends."""
        self.throttle_timer.stop()
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._stale = False
        self._generation += 1
        run_in_background(load_overdue, self.db, on_done=partial(self._on_loaded, self._generation),
                          on_error=partial(self._on_failed, self._generation))

    def _on_loaded(self, generation: int, report: OverdueReport) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.report = report
        self._show_report()
        self.report_loaded.emit(report)
        if self._stale:
            self.reload()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        message = self.tr("The overdue list could not be read: %1").replace("%1", str(exc))
        self.summary_label.setText(message)
        self.status_message_requested.emit(message)

    # showing

    def grouping(self) -> str:
        return "stage" if self.by_stage_radio.isChecked() else "person"

    def on_grouping_buttons_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked and self.report is not None:
            self._show_report()

    def _show_report(self) -> None:
        report = self.report
        if report is None:
            return
        selected = self.selected_row()
        collapsed = {(g.kind, g.id) for i, g in enumerate(self.model.groups())
                     if not self.view.isExpanded(self.model.index(i, 0))}
        self.model.set_groups(report.groups(self.grouping()), self.user.id if self.user else None)
        self.summary_label.setText(self.summary_text(report))
        if report.truncated:
            self.note_label.setText(self.tr("The %1 most late items are listed; the counts cover all %2.")
                                    .replace("%1", str(len(report.rows))).replace("%2", str(report.late_items)))
        self.note_label.setVisible(report.truncated)
        self.empty_label.setVisible(report.empty)
        self.view.setVisible(not report.empty)
        for i, group in enumerate(self.model.groups()):
            index = self.model.index(i, 0)
            self.view.setFirstColumnSpanned(i, QModelIndex(), True)
            self.view.setExpanded(index, (group.kind, group.id) not in collapsed)
        self._fit_columns()
        self._reselect(selected)

    def summary_text(self, report: OverdueReport) -> str:
        parts = [self.tr("%n order(s) late", "", report.orders_late),
                 self.tr("%n callback(s) overdue", "", report.callbacks_overdue),
                 self.tr("%n broken rule(s)", "", report.broken_rule_count)]
        return " · ".join(parts)

    def _fit_columns(self) -> None:
        for column in range(OverdueTreeModel.COLUMN_COUNT):
            if column != OverdueTreeModel.COL_WHAT:
                self.view.resizeColumnToContents(column)
                self.view.setColumnWidth(column, min(self.view.columnWidth(column), 260))

    def _reselect(self, previous: OverdueRow | None) -> None:
        target = QModelIndex()
        for i, group in enumerate(self.model.groups()):
            for j, row in enumerate(group.rows):
                if previous is not None and row.key == previous.key:
                    target = self.model.index(j, 0, self.model.index(i, 0))
                    break
            if target.isValid():
                break
        if not target.isValid() and self.model.rowCount():
            first = self.model.index(0, 0)
            target = self.model.index(0, 0, first) if self.model.rowCount(first) else first
        if target.isValid():
            self.view.setCurrentIndex(target)

    def selected_row(self) -> OverdueRow | None:
        return self.model.row_at(self.view.currentIndex())

    # opening

    def on_view_row_activated(self, index: QModelIndex) -> None:
        """Enter or a double-click: open the row's order (a callback: its client), or fold a group."""
        if self.model.group_at(index) is not None:
            self.view.setExpanded(index, not self.view.isExpanded(index))
            return
        row = self.model.row_at(index)
        if row is None:
            return
        if row.reason == "callback" and row.client_id is not None:
            self.open_client_requested.emit(row.client_id)
        elif row.order_id is not None:
            self.open_order_requested.emit(row.order_id)
        elif row.client_id is not None:
            self.open_client_requested.emit(row.client_id)
        else:
            self.status_message_requested.emit(self.tr("This callback has no client or order to open."))
