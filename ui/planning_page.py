"""The Planning page: a toolbar (date, day/week, zone, today), the planning board and the map beside it.

Selecting a visit on the board highlights its pin; clicking a pin selects its block. The map shows the zones, the
period's visits as pins coloured by status and, in the day view, each technician's day as a line.

"Optimise…" (Ctrl+R) opens one Optimise window, non-modal, for the technicians selected on the board (or the zone
chosen); the plan it proposes is previewed on the board and on the map (the proposed routes) until it is applied
or discarded, and a second Ctrl+R brings the window back to the front.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.planning_board import Board
from models.users import UserRef
from ui.optimise_dialog import OptimiseDialog
from ui.planning_board import PlanningBoard
from ui.planning_board_preview import BoardPreview, effective_visits
from ui.route_sheet_print import RouteSheetPrinter
from ui.status_palette import ROUTE_COLORS

try:
    from ui.map_canvas import MapCanvas, MapPin, MapRoute, MapZone
except ImportError:  # the map is optional: the board works without it
    MapCanvas = None



class PlanningPage(QWidget):
    """Who goes where and when: the board for a day or a week beside the map."""

    open_order_requested = Signal(int)
    status_message_requested = Signal(str)
    #: The Optimise window's class: it takes OptimiseDialog's arguments and has its signals (plan_applied,
    #: preview_changed, preview_cleared, finished).
    optimise_dialog_class: type[QDialog] = OptimiseDialog

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None, *,
                 tile_url: str | None = None, cache_dir: Path | None = None, day: date | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.loaded = False
        role = user.role if user is not None else ""
        self.board = PlanningBoard(db, role=role, day=day)
        self.board.open_order_requested.connect(self.open_order_requested)
        self.board.status_message_requested.connect(self.status_message_requested)
        self.board.visit_selected.connect(self.on_board_visit_selected)
        self.board.board_loaded.connect(self.on_board_board_loaded)
        self.board.period_changed.connect(self.on_board_period_changed)
        self.board.technicians_selected.connect(self.on_board_technicians_selected)
        self.board.preview_shown.connect(self.on_board_preview_shown)
        self.optimise_dialog: QDialog | None = None

        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd.MM.yyyy")
        self.date_edit.setDate(_qdate(self.board.day))
        self.date_edit.setToolTip(self.tr("The day shown (Ctrl+Left / Ctrl+Right: previous / next)"))
        self.date_edit.dateChanged.connect(self.on_date_edit_date_changed)
        self.previous_button = QToolButton()
        self.previous_button.setText("◂")
        self.previous_button.setToolTip(self.tr("Previous day or week (Ctrl+Left)"))
        self.previous_button.clicked.connect(lambda: self.board.step(-1))
        self.next_button = QToolButton()
        self.next_button.setText("▸")
        self.next_button.setToolTip(self.tr("Next day or week (Ctrl+Right)"))
        self.next_button.clicked.connect(lambda: self.board.step(1))
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setToolTip(self.tr("Go to today (T)"))
        self.today_button.clicked.connect(self.board.go_today)
        self.day_button = QToolButton()
        self.day_button.setText(self.tr("Day"))
        self.week_button = QToolButton()
        self.week_button.setText(self.tr("Week"))
        self.mode_buttons = QButtonGroup(self)
        for button in (self.day_button, self.week_button):
            button.setCheckable(True)
            button.setToolTip(self.tr("Day or week view (W)"))
            self.mode_buttons.addButton(button)
        self.day_button.setChecked(True)
        self.mode_buttons.buttonClicked.connect(self.on_mode_buttons_button_clicked)
        self.zone_combo = QComboBox()
        self.zone_combo.addItem(self.tr("All zones"), None)
        self.zone_combo.setToolTip(self.tr("Show the technicians and unassigned visits of one zone"))
        self.zone_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.zone_combo.setMinimumContentsLength(10)
        self.zone_combo.currentIndexChanged.connect(self.on_zone_combo_current_index_changed)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("secondaryText")
        # The summary gives way first on a narrow screen; its full text stays in the tooltip.
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.print_button = QPushButton(self.tr("Route sheets…"))
        self.print_button.setToolTip(self.tr("Print the day's route sheets of the technicians shown, in visiting "
                                             "order, with map links (Ctrl+P)"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.on_print_button_clicked)
        self.printer: RouteSheetPrinter | None = None
        self.tile_url = tile_url
        self.optimise_button = QPushButton(self.tr("Optimise…"))
        self.on_board_technicians_selected([])
        self.optimise_button.clicked.connect(self.on_optimise_button_clicked)

        if MapCanvas is not None:
            self.map = MapCanvas(self, tile_url=tile_url, cache_dir=cache_dir)
            self.map.visit_selected.connect(self.on_map_visit_selected)
        else:
            self.map = QLabel(self.tr("The map is not available in this build."))
            self.map.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.board)
        self.splitter.addWidget(self.map)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([900, 500])
        self._build_layout()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.date_edit)
        bar.addWidget(self.next_button)
        bar.addWidget(self.today_button)
        bar.addSpacing(12)
        bar.addWidget(self.day_button)
        bar.addWidget(self.week_button)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Zone:")))
        bar.addWidget(self.zone_combo)
        bar.addStretch(1)
        actions = QHBoxLayout()  # a second row, so the page fits a narrow screen
        actions.setSpacing(6)
        actions.addWidget(self.summary_label, 1)
        actions.addWidget(self.optimise_button)
        actions.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)

    # printing

    def on_print_button_clicked(self) -> None:
        """Route sheets of the day shown: everyone with visits, or the technicians of the zone chosen."""
        board = self.board.board
        ids = None
        if self.zone_combo.currentData() is not None and board is not None:
            ids = [tech.id for group in board.groups for tech in group.technicians]
        self.print_button.setEnabled(False)
        self.printer = RouteSheetPrinter(self, self.db)
        self.printer.finished.connect(self.on_printer_finished)
        self.printer.failed.connect(self.on_printer_failed)
        self.printer.start(self.board.day, ids)

    def on_printer_finished(self, where: str) -> None:
        self.print_button.setEnabled(True)
        if where == "printer":
            self.status_message_requested.emit(self.tr("Route sheets sent to the printer"))
        elif where:
            self.status_message_requested.emit(self.tr("Route sheets saved to %1").replace("%1", where))

    def on_printer_failed(self, message: str) -> None:
        self.print_button.setEnabled(True)
        self.status_message_requested.emit(message)

    # optimising

    def on_board_technicians_selected(self, ids: list[int]) -> None:
        if ids:
            self.optimise_button.setText(self.tr("Optimise %n technician(s)…", None, len(ids)))
            self.optimise_button.setToolTip(self.tr(
                "Optimise the routes of the day shown for the %n technician(s) selected on the board (Ctrl+R). "
                "Click a name to select it, Ctrl+click to add or remove, Shift+click a range; Esc clears",
                None, len(ids)))
        else:
            self.optimise_button.setText(self.tr("Optimise…"))
            self.optimise_button.setToolTip(self.tr(
                "Optimise the routes of the day shown, for the zone chosen (Ctrl+R). To optimise some technicians "
                "only, click their names on the board (Ctrl+click adds, Shift+click a range)"))
        self.optimise_button.setShortcut(QKeySequence("Ctrl+R"))  # setText drops it for the text's mnemonic

    def on_optimise_button_clicked(self) -> None:
        """Open the Optimise window for the day shown: the technicians selected on the board, else the zone chosen.
        Only one at a time: when it is open it comes to the front."""
        if self.optimise_dialog is not None:
            self.optimise_dialog.show()
            self.optimise_dialog.raise_()
            self.optimise_dialog.activateWindow()
            return
        ids = self.board.selected_technician_ids() or None
        # Technicians picked by hand are optimised whichever zone their shift is in; the zone chosen scopes only
        # an optimisation of the zone as a whole.
        zone_id = None if ids else self.zone_combo.currentData()
        dialog = self.optimise_dialog_class(self.db, self.user, self.board.day, zone_id, ids, self.tile_url, self)
        dialog.preview_changed.connect(self.board.show_preview)
        dialog.preview_cleared.connect(self.board.clear_preview)
        dialog.plan_applied.connect(self.on_optimise_dialog_plan_applied)
        dialog.finished.connect(self.on_optimise_dialog_finished)
        self.optimise_dialog = dialog
        dialog.show()

    def on_optimise_dialog_plan_applied(self, _result) -> None:
        self.board.reload()

    def on_optimise_dialog_finished(self, _code: int) -> None:
        """The window was applied, discarded or closed: the preview goes, and the next Ctrl+R opens a new one."""
        dialog, self.optimise_dialog = self.optimise_dialog, None
        self.board.clear_preview()
        if dialog is not None:
            dialog.deleteLater()

    def on_board_preview_shown(self, _preview: BoardPreview | None) -> None:
        if self.board.board is not None:
            self._show_on_map(self.board.board)

    # loading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.board.reload()

    def on_data_changed(self, tables, deleted=None) -> None:
        """Live changes from other workstations (LiveSync's {table: ids}, or a set of table names)."""
        self.board.on_data_changed(tables, deleted)

    # toolbar

    def on_date_edit_date_changed(self, value: QDate) -> None:
        self.board.set_period(date(value.year(), value.month(), value.day()))

    def on_mode_buttons_button_clicked(self, button) -> None:
        self.board.set_period(self.board.day, "week" if button is self.week_button else "day")

    def on_zone_combo_current_index_changed(self, _index: int) -> None:
        self.board.set_zone(self.zone_combo.currentData())

    def on_board_period_changed(self, day: date, mode: str) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(_qdate(day))
        self.date_edit.blockSignals(False)
        (self.week_button if mode == "week" else self.day_button).setChecked(True)

    def on_board_board_loaded(self, board: Board) -> None:
        if self.zone_combo.count() == 1 and board.zones:
            self.zone_combo.blockSignals(True)
            for zone in board.zones:
                self.zone_combo.addItem(zone.name, zone.id)
            self.zone_combo.blockSignals(False)
        technicians = len(board.technicians)
        working = sum(1 for t in board.technicians if board.idle_reason(t.id, board.day_from) is None)
        short = sum(1 for g in board.travel if g.too_short)
        text = (self.tr("%1 visits · %2 of %3 technicians on shift · %4 unassigned")
                .replace("%1", str(len(board.visits))).replace("%2", str(working)).replace("%3", str(technicians))
                .replace("%4", str(len(board.unassigned))))
        if short:
            text += " · " + self.tr("%1 drives too short").replace("%1", str(short))
        self.summary_label.setText(text)
        self.summary_label.setToolTip(text)
        self._show_on_map(board)

    def _show_on_map(self, board: Board) -> None:
        """Zones, pins and the day's routes: as they are, or as the previewed plan would make them."""
        if MapCanvas is None:
            return
        self.map.set_zones([MapZone(z.id, z.name, z.color, [list(r) for r in z.rings]) for z in board.zones])
        placed = [(v, p) for v, p in effective_visits(board, self.board.preview)
                  if v.place is not None and board.day_from <= p[1].astimezone(board.tz).date() <= board.day_to]
        self.map.set_pins([MapPin(v.id, v.lat, v.lon, v.status, f"№{v.order_number}", p[0]) for v, p in placed])
        self.map.set_routes(self.routes(board))
        self.map.highlight_visit(self.board.view.selected_id)

    def routes(self, board: Board) -> list[MapRoute]:
        """Each technician's day through their visits by start time (the previewed plan's while one is shown);
        none in the week view."""
        if board.day_from != board.day_to:
            return []
        stops: dict[int, list[tuple]] = {}
        for visit, (tech, starts, _ends) in effective_visits(board, self.board.preview):
            members = (tech, *(m for m in visit.crew if m != tech)) if tech is not None else ()
            for member in members:
                if visit.place is not None:
                    stops.setdefault(member, []).append((starts, visit.place))
        routes = []
        for i, tech in enumerate(board.technicians):
            points = [place for _starts, place in sorted(stops.get(tech.id, []), key=lambda s: s[0])]
            if len(points) >= 2:
                routes.append(MapRoute(tech.id, ROUTE_COLORS[i % len(ROUTE_COLORS)], points))
        return routes

    # selection both ways

    def on_board_visit_selected(self, visit_id: int | None) -> None:
        if MapCanvas is not None:
            self.map.highlight_visit(visit_id)

    def on_map_visit_selected(self, visit_id: int) -> None:
        self.board.select_visit(visit_id)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
