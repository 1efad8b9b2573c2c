"""The planning board: the unassigned-visits tray beside the calendar, loading, writing moves and live updates.

Keys: arrows move the selection, Enter opens the order, Ctrl+Left/Right the previous/next day (week), T today,
W day/week. Reads and writes run in the background; a move judged valid on the loaded board is shown at once
(pending) and written with ``move_visit``, whose refusal (a clash the database found, a visit someone else moved)
snaps the block back and says why. Other workstations' changes reload the board (throttled), keeping the scroll
position and the selection.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QSplitter, QVBoxLayout, QWidget

from models.database import Database
from models.planning_board import Board, VisitBlock, load_board
from models.planning_moves import move_visit, swap_visits
from ui.planning_board_items import hm
from ui.planning_board_view import MIME, BoardView, MoveIntent
from ui.status_palette import visit_status
from ui.tasks import run_in_background

WATCHED_TABLES = frozenset({"visits", "visit_technicians", "shifts", "absences", "technicians", "technician_zones",
                            "zones"})
THROTTLE_MS = 300  # other workstations see a change within a second
MESSAGE_MS = 6000


class TrayListModel(QAbstractListModel):
    """The unassigned visits; each can be dragged onto a technician's row."""

    VISIT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.visits: list[VisitBlock] = []

    def set_visits(self, visits: list[VisitBlock]) -> None:
        self.beginResetModel()
        self.visits = list(visits)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.visits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        visit = self.visits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            service = visit.service_name or ""
            minutes = QCoreApplication.translate("PlanningBoard", "%1 min").replace("%1", str(visit.minutes))
            when = f"{visit.starts_at:%d.%m} {hm(visit.starts_at)}–{hm(visit.ends_at)}, " + minutes
            return f"№{visit.order_number} {service}\n{visit.address or visit.client_name}\n{when}"
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = QCoreApplication.translate("PlanningBoard", "Drag onto a technician's row to assign")
            return "\n".join(filter(None, [f"№{visit.order_number} · {visit.client_name}", visit.service_name,
                                           visit.address, visit_status(visit.status).label, hint]))
        if role == Qt.ItemDataRole.DecorationRole:
            return visit_status(visit.status).qcolor
        if role == self.VISIT_ROLE:
            return visit
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(MIME, str(self.visits[indexes[0].row()].id).encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


class PlanningBoard(QWidget):
    """Tray and calendar for a day or a week; ``set_period`` and ``set_zone`` choose what is shown."""

    open_order_requested = Signal(int)
    status_message_requested = Signal(str)
    visit_selected = Signal(object)  # visit id or None
    period_changed = Signal(object, str)  # first day, "day" or "week"
    board_loaded = Signal(object)  # the Board now shown

    def __init__(self, db: Database, *, role: str, day: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.role = role
        self.day = day or date.today()
        self.mode = "day"
        self.zone_id: int | None = None
        self.board: Board | None = None
        self._loading = False
        self._stale = False
        self._generation = 0

        self.view = BoardView(self, role=role)
        self.view.setToolTip("")
        self.view.open_order_requested.connect(self.open_order_requested)
        self.view.visit_selected.connect(self.visit_selected)
        self.view.move_requested.connect(self.on_view_move_requested)
        self.view.unassign_requested.connect(self.on_view_move_requested)
        self.view.swap_requested.connect(self.on_view_swap_requested)
        self.view.refused.connect(self.show_refusal)

        self.tray_model = TrayListModel(self)
        self.tray = QListView()
        self.tray.setModel(self.tray_model)
        self.tray.setDragEnabled(True)
        self.tray.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tray.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tray.setWordWrap(True)
        self.tray.setSpacing(2)
        self.tray.setAlternatingRowColors(True)
        self.tray.setIconSize(QSize(10, 10))
        self.tray.setToolTip(QCoreApplication.translate(
            "PlanningBoard", "Unassigned visits: drag one onto a technician's row to assign it"))
        self.tray_title = QLabel(QCoreApplication.translate("PlanningBoard", "Unassigned"))
        self.tray_title.setObjectName("sectionTitle")
        tray_box = QWidget()
        tray_layout = QVBoxLayout(tray_box)
        tray_layout.setContentsMargins(0, 0, 0, 0)
        tray_layout.addWidget(self.tray_title)
        tray_layout.addWidget(self.tray, 1)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b3261e; padding: 2px 4px;")
        self.message_label.hide()
        self.message_timer = QTimer(self)
        self.message_timer.setSingleShot(True)
        self.message_timer.setInterval(MESSAGE_MS)
        self.message_timer.timeout.connect(self.message_label.hide)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(tray_box)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message_label)

        self.throttle_timer = QTimer(self)
        self.throttle_timer.setSingleShot(True)
        self.throttle_timer.setInterval(THROTTLE_MS)
        self.throttle_timer.timeout.connect(self.reload)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Left/Right: previous/next day (week); T: today; W: day/week (the calendar passes these on)."""
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if ctrl and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step(1 if key == Qt.Key.Key_Right else -1)
        elif not ctrl and key == Qt.Key.Key_T:
            self.go_today()
        elif not ctrl and key == Qt.Key.Key_W:
            self.toggle_mode()
        else:
            super().keyPressEvent(event)

    # period

    @property
    def days(self) -> tuple[date, ...]:
        if self.mode == "week":
            monday = self.day - timedelta(days=self.day.weekday())
            return tuple(monday + timedelta(days=i) for i in range(7))
        return (self.day,)

    def set_period(self, day: date, mode: str | None = None) -> None:
        mode = mode or self.mode
        if (day, mode) == (self.day, self.mode) and self.board is not None:
            return
        self.day, self.mode = day, mode
        self.period_changed.emit(self.day, self.mode)
        self.reload()

    def set_zone(self, zone_id: int | None) -> None:
        if zone_id != self.zone_id:
            self.zone_id = zone_id
            self.reload()

    def step(self, direction: int) -> None:
        self.set_period(self.day + timedelta(days=direction * (7 if self.mode == "week" else 1)))

    def go_today(self) -> None:
        self.set_period(date.today())

    def toggle_mode(self) -> None:
        self.set_period(self.day, "week" if self.mode == "day" else "day")

    # loading

    def on_data_changed(self, tables: Any, _deleted: Any = None) -> None:
        """Live changes (a set of table names, or LiveSync's {table: ids}): reload soon when they concern the board."""
        if self.board is None or not WATCHED_TABLES.intersection(tables):
            return
        if not self.throttle_timer.isActive():
            self.throttle_timer.start()

    def reload(self) -> None:
        """Read the board in the background; a request while reading is served once the read ends."""
        self.throttle_timer.stop()
        if self._loading:
            self._stale = True
            return
        self._loading, self._stale = True, False
        self._generation += 1
        days = self.days
        run_in_background(partial(load_board, self.db, days[0], days[-1], zone_id=self.zone_id),
                          on_done=partial(self._on_loaded, self._generation, days),
                          on_error=partial(self._on_failed, self._generation))

    def _on_loaded(self, generation: int, days: tuple[date, ...], board: Board) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.board = board
        self.view.set_board(board, days)
        self.tray_model.set_visits(list(board.unassigned))
        self.tray_title.setText(QCoreApplication.translate("PlanningBoard", "Unassigned (%1)")
                                .replace("%1", str(len(board.unassigned))))
        self.board_loaded.emit(board)
        if self._stale:
            self.reload()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.show_refusal(QCoreApplication.translate("PlanningBoard", "The plan could not be read: %1")
                          .replace("%1", str(exc)))

    # writing

    def on_view_move_requested(self, intent: MoveIntent) -> None:
        run_in_background(partial(move_visit, self.db, intent.visit_id, technician_id=intent.technician_id,
                                  starts_at=intent.starts_at, ends_at=intent.ends_at, role=self.role,
                                  expected=intent.expected),
                          on_done=self._on_moved, on_error=self._on_write_failed)

    def on_view_swap_requested(self, a: MoveIntent, b: MoveIntent) -> None:
        run_in_background(partial(swap_visits, self.db, a.visit_id, b.visit_id, role=self.role,
                                  expected=(a.expected, b.expected)),
                          on_done=lambda _pair: self._on_written(
                              QCoreApplication.translate("PlanningBoard", "Visits swapped")),
                          on_error=self._on_write_failed)

    def _on_moved(self, visit: VisitBlock) -> None:
        if visit.technician_id is None:
            text = (QCoreApplication.translate("PlanningBoard", "Visit №%1 is back in the unassigned tray")
                    .replace("%1", str(visit.order_number)))
        else:
            tech = self.board.technician(visit.technician_id) if self.board else None
            text = (QCoreApplication.translate("PlanningBoard", "Visit №%1 moved: %2 %3–%4")
                    .replace("%1", str(visit.order_number))
                    .replace("%2", tech.short_name if tech else "").replace("%3", f"{visit.starts_at:%d.%m %H:%M}")
                    .replace("%4", hm(visit.ends_at)))
        self._on_written(text)

    def _on_written(self, text: str) -> None:
        self.status_message_requested.emit(text)
        self.message_label.hide()
        self.reload()

    def _on_write_failed(self, exc: BaseException) -> None:
        """The database refused (a clash, a visit moved meanwhile, a rule): snap back by reloading, and say why."""
        self.show_refusal(str(exc))
        self.reload()

    def show_refusal(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()
        self.message_timer.start()
        self.status_message_requested.emit(text)

    # selection from outside (the map)

    def select_visit(self, visit_id: int | None) -> None:
        self.view.select_visit(visit_id)
