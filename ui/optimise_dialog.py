"""Optimise a day's routes: pick the technicians, solve off the UI thread with progress and Cancel, preview,
re-order, apply.

The window reads the day's problem (``models.route_optimise.build_day_problem``) for the technicians ticked (all of
the zone at first, or the ones the board passed; ticking others reads the day again in the background), runs the
solver with a ``routing.state.SolveState`` (Cancel keeps the best plan found so far), and previews the plan: each
technician's stops in the new order (``ui.optimise_routes``: move them within a day, across technicians, or off every
route; the day is re-timed and re-checked at once, and a plan that breaks a rule cannot be applied), the proposed
routes on a small map, and the figures before and after. ``preview_changed`` tells the board where every visit in
scope would stand after each solve and each move; ``preview_cleared`` when the plan is applied or discarded. The
window is meant to be shown non-modally: closing it or Esc discards, Ctrl+Return applies. Apply writes the whole
plan in one transaction, or nothing when something changed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date, datetime
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.route_apply import ApplyResult, apply_plan
from models.route_optimise import (
    DayProblem,
    build_day_problem,
    check_plan,
    planned_visits,
    retime,
    solve_day,
)
from models.users import UserRef
from routing.checker import Violation
from routing.plan import RoutingPlan, Totals
from routing.state import SolveState
from ui.map_canvas import MapCanvas, MapPin, MapRoute
from ui.optimise_routes import BAD, RoutesArea, StopList, rule_text, visit_label
from ui.tasks import run_in_background

ROLE_TECH = Qt.ItemDataRole.UserRole
RELOAD_DELAY_MS = 300  # ticking several technicians in a row reads the day once


class OptimiseDialog(QDialog):
    """Optimise the routes of a day (a zone or some technicians), preview the plan and apply it."""

    plan_applied = Signal(object)  # ApplyResult
    solve_progressed = Signal(float, object)  # progress in [0, 1], best cost so far
    preview_changed = Signal(object)  # {visit id: (technician id | None, starts_at, ends_at)} of every visit in scope
    preview_cleared = Signal()

    def __init__(self, db: Database, user: UserRef | None, day: date, zone_id: int | None,
                 technician_ids: Sequence[int] | None, tile_url: str | None = None, parent: QWidget | None = None,
                 *, time_limits: Sequence[float] = (10.0, 30.0, 60.0), now: datetime | None = None):
        super().__init__(parent)
        self.db, self.user, self.day, self.zone_id = db, user, day, zone_id
        self.technician_ids = list(technician_ids) if technician_ids is not None else None
        self.role = user.role if user is not None else ""
        self.now = now
        self.day_problem: DayProblem | None = None
        self.base: RoutingPlan | None = None
        self.plan: RoutingPlan | None = None
        self.violations: list[Violation] = []
        self.state: SolveState | None = None
        self.started = 0.0
        self.limit = float(time_limits[0])
        self.loads = 0  # the latest read of the day; an older one arriving late is ignored
        self.loading = False
        self.solve_when_loaded = False
        self.previewing = False
        self.ended = False  # applied or discarded
        self.setWindowTitle(self.tr("Optimise routes · %1").replace("%1", f"{day:%d.%m.%Y}"))
        self.resize(1320, 740)

        self.summary_label = QLabel(self.tr("Reading the day…"))
        self.summary_label.setWordWrap(True)
        self.limit_combo = QComboBox()
        for seconds in time_limits:
            self.limit_combo.addItem(self.tr("%1 s").replace("%1", f"{seconds:g}"), float(seconds))
        self.limit_combo.setToolTip(self.tr("How long the optimiser may search; longer usually finds a shorter day"))
        self.start_button = QPushButton(self.tr("Optimise"))
        self.start_button.setDefault(True)
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.on_start_button_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.cancel_button = QPushButton(self.tr("Stop, keep the best"))
        self.cancel_button.setToolTip(self.tr("Stop searching and preview the best plan found so far"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._show_progress)
        self.best_cost: float | None = None

        self.technician_list = QListWidget()
        self.technician_list.setObjectName("technicians")
        self.technician_list.setToolTip(self.tr("The technicians whose day is optimised (Space ticks the current "
                                                "one); the visits of the others stay where they are"))
        self.technician_list.itemChanged.connect(self.on_technician_list_item_changed)
        self.all_button = QPushButton(self.tr("All of the zone") if zone_id is not None else self.tr("All"))
        self.all_button.clicked.connect(partial(self._tick_all, True))
        self.none_button = QPushButton(self.tr("None"))
        self.none_button.clicked.connect(partial(self._tick_all, False))
        self.reload_timer = QTimer(self)
        self.reload_timer.setSingleShot(True)
        self.reload_timer.setInterval(RELOAD_DELAY_MS)
        self.reload_timer.timeout.connect(self._load)

        self.routes = RoutesArea()
        self.routes.routes_changed.connect(self.on_routes_routes_changed)
        self.routes.move_refused.connect(self.on_routes_move_refused)
        self.map = MapCanvas(self, tile_url=tile_url)
        self.map.setMinimumWidth(320)
        self.figures = QGridLayout()
        self.figure_labels: dict[tuple[str, str], QLabel] = {}
        self._build_figures()
        self.dropped_list: StopList = self.routes.unassigned
        self.dropped_list.setMaximumHeight(130)
        self.unassigned_label = QLabel(self.tr("Unassigned after optimising (drop a stop here to leave it out):"))
        self.unassigned_label.setWordWrap(True)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setObjectName("secondaryText")
        self.violation_label = QLabel()
        self.violation_label.setWordWrap(True)
        self.violation_label.setStyleSheet(f"color: {BAD};")
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setToolTip(self.tr("Write the plan to the board: every visit at once, or nothing "
                                             "(Ctrl+Return)"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.on_apply_button_clicked)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.on_apply_button_clicked)
        self.close_button = QPushButton(self.tr("Discard"))
        self.close_button.setToolTip(self.tr("Close without changing anything (Esc)"))
        self.close_button.clicked.connect(self.reject)
        self._lay_out()
        self._load()

    def _lay_out(self) -> None:
        picker = QWidget()
        picker_layout = QVBoxLayout(picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        picker_layout.addWidget(QLabel(self.tr("Technicians:")))
        picker_layout.addWidget(self.technician_list, 1)
        ticks = QHBoxLayout()
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)
        picker_layout.addLayout(ticks)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.map, 3)
        side_layout.addLayout(self.figures)
        side_layout.addWidget(self.unassigned_label)
        side_layout.addWidget(self.dropped_list, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(picker)
        splitter.addWidget(self.routes)
        splitter.addWidget(side)
        splitter.setSizes([340, 520, 440])
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(QLabel(self.tr("Time limit:")))
        top.addWidget(self.limit_combo)
        top.addWidget(self.start_button)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.violation_label, 1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.note_label)
        layout.addLayout(buttons)
        for first, second in ((self.start_button, self.technician_list), (self.technician_list, self.all_button),
                              (self.all_button, self.none_button), (self.none_button, self.routes),
                              (self.routes, self.dropped_list), (self.dropped_list, self.apply_button),
                              (self.apply_button, self.close_button)):
            QWidget.setTabOrder(first, second)

    @property
    def lists(self) -> dict[str, StopList]:
        """Technician routing id → that technician's stop list."""
        return self.routes.lists

    # reading the day, for the technicians ticked

    def _load(self) -> None:
        self.reload_timer.stop()
        self.loads += 1
        self.loading = True
        run_in_background(partial(build_day_problem, self.db, self.day, zone_id=self.zone_id,
                                  technician_ids=self.technician_ids, role=self.role, now=self.now),
                          on_done=partial(self._on_loaded, self.loads),
                          on_error=partial(self._on_load_failed, self.loads))

    def _on_loaded(self, load: int, day_problem: DayProblem) -> None:
        if load == self.loads:
            self.loading = False
            self.on_problem_loaded(day_problem)

    def _on_load_failed(self, load: int, exc: BaseException) -> None:
        if load == self.loads:
            self.loading = False
            self.solve_when_loaded = False
            self.on_task_failed(exc)

    def on_problem_loaded(self, day_problem: DayProblem) -> None:
        self.day_problem = day_problem
        if self.technician_list.count() == 0:
            self._fill_technicians(day_problem)
        routable = sum(1 for v in day_problem.visits.values() if not v.crew_member)
        text = (self.tr("%1 visits for %2 technicians on shift").replace("%1", str(routable))
                .replace("%2", str(len(day_problem.technicians))))
        if day_problem.not_routable:
            text += " · " + self.tr("%1 without coordinates").replace("%1", str(len(day_problem.not_routable)))
        if day_problem.kept:
            text += " · " + self.tr("%1 already begun, left as they are").replace("%1", str(len(day_problem.kept)))
        self.summary_label.setText(text)
        self._show_figures(day_problem.before.totals, None)
        self.start_button.setEnabled(bool(day_problem.technicians))
        if not day_problem.technicians:
            self.violation_label.setText(self.tr("Nobody is on shift that day: there is nothing to optimise."))
        if self.solve_when_loaded and day_problem.technicians:
            self.solve_when_loaded = False
            self.on_start_button_clicked()
            return
        self.solve_when_loaded = False
        self.start_button.setFocus()

    def _fill_technicians(self, day_problem: DayProblem) -> None:
        chosen = set(self.technician_ids) if self.technician_ids is not None else None
        self.technician_list.blockSignals(True)
        for choice in day_problem.candidates:
            item = QListWidgetItem(f"{choice.name} · {choice.starts_at.astimezone(day_problem.tz):%H:%M}–"
                                   f"{choice.ends_at.astimezone(day_problem.tz):%H:%M}")
            item.setData(ROLE_TECH, choice.technician_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = chosen is None or choice.technician_id in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.technician_list.addItem(item)
        self.technician_list.blockSignals(False)
        if self.technician_list.count():
            self.technician_list.setCurrentRow(0)

    def _set_picking(self, enabled: bool) -> None:
        """The technicians cannot change while a plan is searched for or written."""
        for widget in (self.technician_list, self.all_button, self.none_button):
            widget.setEnabled(enabled)

    def ticked_technician_ids(self) -> list[int]:
        return [item.data(ROLE_TECH) for i in range(self.technician_list.count())
                if (item := self.technician_list.item(i)).checkState() == Qt.CheckState.Checked]

    def _tick_all(self, ticked: bool) -> None:
        self.technician_list.blockSignals(True)
        for i in range(self.technician_list.count()):
            self.technician_list.item(i).setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.technician_list.blockSignals(False)
        self.on_technician_list_item_changed(None)

    def on_technician_list_item_changed(self, _item: QListWidgetItem | None) -> None:
        """Another choice of technicians: the plan shown no longer fits; read the day again, once the ticking stops."""
        ticked = self.ticked_technician_ids()
        self._drop_plan()
        self.solve_when_loaded = False
        if not ticked:
            self.reload_timer.stop()
            self.loads += 1  # a read still running is of no use any more
            self.loading = False
            self.day_problem = None
            self.start_button.setEnabled(False)
            self.summary_label.setText(self.tr("Tick at least one technician to optimise their day."))
            return
        self.technician_ids = None if len(ticked) == self.technician_list.count() else ticked
        self.summary_label.setText(self.tr("Reading the day…"))
        self.start_button.setEnabled(True)  # a click before the day is read solves once it is
        self.reload_timer.start()

    def on_task_failed(self, exc: BaseException) -> None:
        self.timer.stop()
        self.cancel_button.setEnabled(False)
        self._set_picking(True)
        self.start_button.setEnabled(self.day_problem is not None)
        self.violation_label.setText(str(exc) or type(exc).__name__)

    # solving

    def on_start_button_clicked(self) -> None:
        if self.reload_timer.isActive() or self.loading:  # the technicians ticked are read first
            self.solve_when_loaded = True
            if not self.loading:
                self._load()
            return
        if self.day_problem is None:
            return
        self.limit = float(self.limit_combo.currentData())
        self.state = SolveState()
        self.best_cost = None
        self.started = time.monotonic()
        self.start_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._set_picking(False)
        self.progress.setValue(0)
        self.timer.start()
        self._show_progress()
        run_in_background(partial(_solve, self.day_problem, self.state, self.limit), on_done=self.on_solved,
                          on_error=self.on_task_failed, progress=self.on_solve_progress)

    def on_solve_progress(self, value: tuple[float, float | None]) -> None:
        progress, cost = value
        if cost is not None:
            self.best_cost = cost
        self._show_progress()
        self.solve_progressed.emit(progress, cost)

    def _show_progress(self) -> None:
        elapsed = time.monotonic() - self.started
        self.progress.setValue(min(1000, int(1000 * elapsed / max(self.limit, 1e-3))))
        text = self.tr("%1 s of %2 s").replace("%1", f"{min(elapsed, self.limit):.0f}").replace("%2", f"{self.limit:g}")
        if self.best_cost is not None:
            text += " · " + self.tr("best so far: %1").replace("%1", f"{self.best_cost:,.0f}")
        self.progress.setFormat(text)

    def on_cancel_button_clicked(self) -> None:
        if self.state is not None:
            self.state.cancel()
            self.cancel_button.setEnabled(False)

    def on_solved(self, plan: RoutingPlan) -> None:
        self.timer.stop()
        self.progress.setValue(1000)
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(True)
        self._set_picking(True)
        if self.day_problem is None or self.ended:
            return  # discarded meanwhile
        self.base = plan
        self.routes.show_plan(self.day_problem, plan)
        self._show_plan(plan)

    # the preview

    def _show_plan(self, plan: RoutingPlan) -> None:
        dp = self.day_problem
        assert dp is not None
        self.plan = plan
        self.violations = check_plan(dp, plan)
        self.routes.retitle(plan, self.violations)
        self._show_figures(dp.before.totals, plan.totals)
        self._show_map(plan)
        notes = []
        if plan.cancelled:
            notes.append(self.tr("Stopped early: this is the best plan found so far."))
        note = plan.matrix_note or next((n for n in dp.notes if "fell back" in n or "skipped" in n), "")
        if note:
            notes.append(self.tr("The road travel-time service was not used; distances are straight-line "
                                 "estimates (%1).").replace("%1", note))
        self.note_label.setText(" ".join(notes))
        if self.violations:
            first = self.violations[0]
            self.violation_label.setText(self.tr("This order breaks a rule and cannot be applied: %1")
                                         .replace("%1", f"{visit_label(dp, first.subject)} — {rule_text(first)}"))
            self.violation_label.setToolTip("\n".join(f"{visit_label(dp, v.subject)}: {rule_text(v)}"
                                                       for v in self.violations))
        else:
            self.violation_label.setText("")
            self.violation_label.setToolTip("")
        changes = any(r.stops for r in plan.routes)
        self.apply_button.setEnabled(not self.violations and changes)
        self.previewing = True
        self.preview_changed.emit(planned_visits(dp, plan))

    def _drop_plan(self) -> None:
        """Forget the plan shown (the day is read again): nothing to apply, nothing previewed."""
        self.base = self.plan = None
        self.violations = []
        self.routes.clear()
        self.apply_button.setEnabled(False)
        self.violation_label.setText("")
        self.map.set_routes([])
        self.map.set_pins([])
        if self.day_problem is not None:
            self._show_figures(self.day_problem.before.totals, None)
        self._clear_preview()

    def _clear_preview(self) -> None:
        if self.previewing:
            self.previewing = False
            self.preview_cleared.emit()

    def on_routes_routes_changed(self) -> None:
        if self.day_problem is None or self.base is None:
            return
        self._show_plan(retime(self.day_problem, self.routes.sequences(), self.base))

    def on_routes_move_refused(self, message: str) -> None:
        self.note_label.setText(message)

    def _build_figures(self) -> None:
        rows = (("km", self.tr("Distance, km")), ("hours", self.tr("Driving, hours")),
                ("late", self.tr("Lateness, minutes")), ("unassigned", self.tr("Unassigned visits")))
        self.figures.addWidget(QLabel(""), 0, 0)
        for col, title in enumerate((self.tr("Before"), self.tr("After")), start=1):
            head = QLabel(f"<b>{title}</b>")
            head.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.figures.addWidget(head, 0, col)
        for row, (key, title) in enumerate(rows, start=1):
            self.figures.addWidget(QLabel(title), row, 0)
            for col, side in enumerate(("before", "after"), start=1):
                label = QLabel("—")
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
                label.setObjectName(f"figure_{key}_{side}")
                self.figure_labels[key, side] = label
                self.figures.addWidget(label, row, col)

    def _show_figures(self, before: Totals, after: Totals | None) -> None:
        for side, totals in (("before", before), ("after", after)):
            values = ("—",) * 4 if totals is None else (
                f"{totals.km:.1f}", f"{totals.driving_hours:.1f}", f"{totals.lateness_minutes:.0f}",
                str(totals.unassigned))
            for key, value in zip(("km", "hours", "late", "unassigned"), values, strict=True):
                self.figure_labels[key, side].setText(value)

    def _show_map(self, plan: RoutingPlan) -> None:
        dp = self.day_problem
        places = {v.id: v.place for v in dp.problem.visits}
        pins, routes = [], []
        for route in plan.routes:
            tech = dp.problem.technician(route.technician_id)
            tech_id = dp.technicians[route.technician_id].technician_id
            points = [(tech.start.lat, tech.start.lon)]
            for n, stop in enumerate(route.stops, start=1):
                place, info = places.get(stop.visit_id), dp.visits.get(stop.visit_id)
                if place is None or info is None:
                    continue
                points.append((place.lat, place.lon))
                if not info.crew_member:
                    pins.append(MapPin(info.visit_id, place.lat, place.lon, info.status, f"{n}", tech_id))
            points.append((tech.end_place.lat, tech.end_place.lon))
            if route.stops:
                routes.append(MapRoute(tech_id, self.routes.colors.get(route.technician_id, "#2f6fde"), points))
        for dropped in plan.dropped:
            info, place = dp.visits.get(dropped.visit_id), places.get(dropped.visit_id)
            if info is not None and place is not None and not info.crew_member:
                pins.append(MapPin(info.visit_id, place.lat, place.lon, "conflict", "!", None))
        self.map.set_pins(pins)
        self.map.set_routes(routes)
        self.map.fit_all()

    # applying, discarding

    def on_apply_button_clicked(self) -> None:
        dp, plan = self.day_problem, self.plan
        if dp is None or plan is None or self.violations or not self.apply_button.isEnabled():
            return
        self.apply_button.setEnabled(False)
        self.start_button.setEnabled(False)
        self._set_picking(False)
        run_in_background(partial(apply_plan, self.db, self.day, plan, expected=dp.snapshot, role=self.role,
                                  problem=dp), on_done=self.on_applied, on_error=self.on_task_failed)

    def on_applied(self, result: ApplyResult) -> None:
        self._set_picking(True)
        if not result.ok:
            self._drop_plan()
            self.violation_label.setText(self.tr("Not applied: %1").replace("%1", result.message))
            self._load()  # the day as it is now; optimise again from there
            return
        self.plan_applied.emit(result)
        self.accept()

    def done(self, result: int) -> None:
        """Apply, Discard, Esc and closing the window all end here: the board stops previewing."""
        if self.state is not None:
            self.state.cancel()  # a search still running stops; its result goes nowhere
        self.reload_timer.stop()
        self.ended = True
        self._clear_preview()
        super().done(result)


def _solve(day_problem: DayProblem, state: SolveState, limit: float, progress) -> RoutingPlan:
    """Run in the background: the solver's progress reports become ``progress((fraction, best cost))`` calls."""
    state.on_progress = lambda fraction, cost: progress((fraction, cost))
    return solve_day(day_problem, state, time_limit=limit)
