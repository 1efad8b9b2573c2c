"""The planning board: the unassigned-visits tray beside the calendar, loading, writing moves and live updates.

Keys: arrows move the selection, Enter opens the order, Ctrl+Left/Right the previous/next day (week), T today,
W day/week; Ctrl+Up/Down move the current technician's row, Space selects or unselects it (Shift+Space: the range),
Esc clears the technicians selected. Reads and writes run in the background; a move judged valid on the loaded
board is shown at once (pending) and written with ``move_visit``, whose refusal (a clash the database found, a
visit someone else moved) snaps the block back and says why. Other workstations' changes reload the board
(throttled), keeping the scroll position and the selection.

``show_preview(changes)`` draws an optimised plan over the board until ``clear_preview()``: ghost blocks where the
plan puts each visit, the blocks that move dimmed, the visits it leaves unassigned marked in the tray, a banner
saying what is shown; the board cannot be dragged on meanwhile, and the preview is drawn again over every reload.
Technicians' rows can be selected (``selected_technician_ids``, ``technicians_selected``) to optimise only them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
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
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QSplitter, QVBoxLayout, QWidget

from models.database import Database
from models.planning_board import Board, VisitBlock, load_board
from models.planning_moves import move_visit, swap_visits
from ui.planning_board_items import hm
from ui.planning_board_preview import BoardPreview, proposal_text, summarise
from ui.planning_board_view import MIME, BoardView, MoveIntent
from ui.status_palette import visit_status
from ui.tasks import run_in_background

WATCHED_TABLES = frozenset({"visits", "visit_technicians", "shifts", "absences", "technicians", "technician_zones",
                            "zones"})
THROTTLE_MS = 300  # other workstations see a change within a second
MESSAGE_MS = 6000


class TrayListModel(QAbstractListModel):
    """The unassigned visits; each can be dragged onto a technician's row.

    While a plan is previewed each visit says where the plan puts it, and the visits the plan would take off a
    technician follow as ghost rows (italic, grey, not draggable)."""

    VISIT_ROLE = Qt.ItemDataRole.UserRole + 1
    GHOST_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self.visits: list[VisitBlock] = []
        self.ghosts: list[VisitBlock] = []  # assigned now, left unassigned by the previewed plan
        self.notes: dict[int, str] = {}  # visit id → what the previewed plan does with it

    def set_visits(self, visits: list[VisitBlock]) -> None:
        self.beginResetModel()
        self.visits = list(visits)
        self.endResetModel()

    def set_preview(self, notes: Mapping[int, str], ghosts: list[VisitBlock]) -> None:
        self.beginResetModel()
        self.notes, self.ghosts = dict(notes), list(ghosts)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.visits) + len(self.ghosts)

    def _row(self, row: int) -> tuple[VisitBlock, bool]:
        return (self.visits[row], False) if row < len(self.visits) else (self.ghosts[row - len(self.visits)], True)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        visit, ghost = self._row(index.row())
        note = self.notes.get(visit.id)
        if role == Qt.ItemDataRole.DisplayRole:
            service = visit.service_name or ""
            minutes = QCoreApplication.translate("PlanningBoard", "%1 min").replace("%1", str(visit.minutes))
            when = f"{visit.starts_at:%d.%m} {hm(visit.starts_at)}–{hm(visit.ends_at)}, " + minutes
            text = f"№{visit.order_number} {service}\n{visit.address or visit.client_name}\n{when}"
            return f"{text}\n⇢ {note}" if note else text
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = (QCoreApplication.translate("PlanningBoard", "Assigned now; the optimised plan leaves it unassigned")
                    if ghost else QCoreApplication.translate("PlanningBoard", "Drag onto a technician's row to assign"))
            return "\n".join(filter(None, [f"№{visit.order_number} · {visit.client_name}", visit.service_name,
                                           visit.address, visit_status(visit.status).label, note, hint]))
        if role == Qt.ItemDataRole.DecorationRole:
            return visit_status(visit.status).qcolor
        if role == Qt.ItemDataRole.FontRole and (ghost or note):
            font = QFont()
            font.setItalic(ghost)
            font.setBold(not ghost)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and ghost:
            return QColor("#5f6670")
        if role == self.VISIT_ROLE:
            return visit
        if role == self.GHOST_ROLE:
            return ghost
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or index.row() >= len(self.visits):
            return base
        return base | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        if indexes and indexes[0].row() < len(self.visits):
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
    technicians_selected = Signal(list)  # technician ids selected on the board, in row order
    preview_shown = Signal(object)  # the BoardPreview drawn, or None when it is cleared

    def __init__(self, db: Database, *, role: str, day: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.role = role
        self.day = day or date.today()
        self.mode = "day"
        self.zone_id: int | None = None
        self.board: Board | None = None
        self.preview_changes: dict[int, tuple[int | None, datetime, datetime]] | None = None
        self.preview: BoardPreview | None = None
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
        self.view.technicians_selected.connect(self.technicians_selected)

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

        self.preview_banner = QLabel()
        self.preview_banner.setObjectName("previewBanner")
        self.preview_banner.setWordWrap(True)
        self.preview_banner.setStyleSheet("QLabel#previewBanner { background: #fff4d6; color: #1f2328; "
                                          "border: 1px solid #e0b000; border-radius: 3px; padding: 4px 8px; }")
        self.preview_banner.hide()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(tray_box)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.preview_banner)
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
        if self.preview_changes is not None:
            self._apply_preview(announce=False)  # the plan stays drawn over the board as it is now
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

    # the previewed plan

    def show_preview(self, changes: Mapping[int, tuple[int | None, datetime, datetime]]) -> None:
        """Draw a plan (visit id → proposed technician or None, start, end) over the board until cleared."""
        self.preview_changes = dict(changes)
        self._apply_preview()

    def clear_preview(self) -> None:
        if self.preview_changes is None:
            return
        self.preview_changes = None
        self._apply_preview()

    def _apply_preview(self, *, announce: bool = True) -> None:
        changes = self.preview_changes
        preview = summarise(self.board, changes) if changes is not None else None
        self.preview = preview
        self.view.set_preview(preview)
        notes: dict[int, str] = {}
        ghosts: list[VisitBlock] = []
        if preview is not None and self.board is not None:
            in_tray = {v.id for v in self.board.unassigned}
            notes = {vid: proposal_text(self.board, p) for vid, p in preview.changes.items() if vid in in_tray}
            for visit in self.board.visits:
                if visit.id in preview.unassigned:
                    ghosts.append(visit)
                    notes[visit.id] = proposal_text(self.board, preview.changes[visit.id])
        self.tray_model.set_preview(notes, ghosts)
        self.preview_banner.setText(preview.banner_text() if preview is not None else "")
        self.preview_banner.setVisible(preview is not None)
        if announce:
            self.preview_shown.emit(preview)

    # technicians' rows

    def selected_technician_ids(self) -> list[int]:
        return self.view.selected_technician_ids()

    def clear_technician_selection(self) -> None:
        self.view.clear_technician_selection()

    # selection from outside (the map)

    def select_visit(self, visit_id: int | None) -> None:
        self.view.select_visit(visit_id)
