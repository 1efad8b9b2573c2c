"""Optimise a day's routes: solve off the UI thread with progress and Cancel, preview, re-order, apply.

The dialog reads the day's problem (``models.route_optimise.build_day_problem``), runs the solver in the background
with a ``routing.state.SolveState`` (Cancel keeps the best plan found so far), and previews the plan: each
technician's stops in the new order (drag them, or Alt+Up / Alt+Down, to re-order; the day is re-timed and
re-checked at once, and a plan that breaks a rule cannot be applied), the proposed routes on a small map, and the
figures before and after. Apply writes the whole plan in one transaction, or nothing when something changed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date, datetime
from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.route_optimise import (
    ApplyResult,
    DayProblem,
    apply_plan,
    build_day_problem,
    check_plan,
    retime,
    solve_day,
)
from models.users import UserRef
from routing.checker import Violation
from routing.plan import DropReason, RoutingPlan, Totals
from routing.state import SolveState
from ui.map_canvas import MapCanvas, MapPin, MapRoute
from ui.tasks import run_in_background

CONTEXT = "OptimiseDialog"
ROLE_ID = Qt.ItemDataRole.UserRole
REASONS = {
    DropReason.NO_COORDINATES: QT_TRANSLATE_NOOP("OptimiseDialog", "the address has no coordinates"),
    DropReason.NO_SKILL: QT_TRANSLATE_NOOP("OptimiseDialog", "no technician on shift has the skill"),
    DropReason.OUTSIDE_ZONES: QT_TRANSLATE_NOOP("OptimiseDialog", "outside every technician's zone"),
    DropReason.NO_SKILL_IN_ZONE: QT_TRANSLATE_NOOP("OptimiseDialog", "nobody with the skill works in its zone"),
    DropReason.WINDOW_OUTSIDE_SHIFTS: QT_TRANSLATE_NOOP("OptimiseDialog", "its time cannot be reached within a shift"),
    DropReason.PINNED_UNAVAILABLE: QT_TRANSLATE_NOOP("OptimiseDialog", "its fixed technician cannot do it"),
    DropReason.NO_ROOM: QT_TRANSLATE_NOOP("OptimiseDialog", "no room left in the technicians' day"),
}
RULES = {
    "window": QT_TRANSLATE_NOOP("OptimiseDialog", "would start outside its arrival window"),
    "shift": QT_TRANSLATE_NOOP("OptimiseDialog", "the day would run outside the shift"),
    "pinned": QT_TRANSLATE_NOOP("OptimiseDialog", "a fixed visit would move"),
    "travel": QT_TRANSLATE_NOOP("OptimiseDialog", "not enough time to drive there"),
    "break": QT_TRANSLATE_NOOP("OptimiseDialog", "would overlap a fixed busy time"),
    "skill": QT_TRANSLATE_NOOP("OptimiseDialog", "the technician lacks the skill"),
    "zone": QT_TRANSLATE_NOOP("OptimiseDialog", "outside the technician's zone"),
}
PINNED = {
    "en_route": QT_TRANSLATE_NOOP("OptimiseDialog", "en route"),
    "on_site": QT_TRANSLATE_NOOP("OptimiseDialog", "on site"),
    "done": QT_TRANSLATE_NOOP("OptimiseDialog", "done"),
    "crew": QT_TRANSLATE_NOOP("OptimiseDialog", "crew"),
    "role": QT_TRANSLATE_NOOP("OptimiseDialog", "not yours to move"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _hm(minutes: float) -> str:
    m = round(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"


class StopList(QListWidget):
    """One technician's stops in visiting order; drag or Alt+Up / Alt+Down to re-order."""

    order_changed = Signal()

    def __init__(self, technician_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.technician_id = technician_id
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip(self.tr("Drag a stop, or press Alt+Up / Alt+Down, to change the order"))
        self.model().rowsMoved.connect(self.on_model_rows_moved)

    def visit_ids(self) -> list[str]:
        return [self.item(i).data(ROLE_ID) for i in range(self.count())]

    def fit_height(self) -> None:
        rows = sum(self.sizeHintForRow(i) for i in range(self.count()))
        self.setFixedHeight(rows + 2 * self.frameWidth() + 2)

    def move_current(self, step: int) -> bool:
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return False
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.order_changed.emit()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)

    def on_model_rows_moved(self, *_args) -> None:
        QTimer.singleShot(0, self.order_changed.emit)  # after the drop has finished rearranging the rows


class OptimiseDialog(QDialog):
    """Optimise the routes of a day (a zone or some technicians), preview the plan and apply it."""

    plan_applied = Signal(object)  # ApplyResult
    solve_progressed = Signal(float, object)  # progress in [0, 1], best cost so far

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
        self.lists: dict[str, StopList] = {}
        self.headers: dict[str, QLabel] = {}
        self.colors: dict[str, str] = {}
        self.setWindowTitle(self.tr("Optimise routes · %1").replace("%1", f"{day:%d.%m.%Y}"))
        self.resize(1100, 720)

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

        self.routes_box = QWidget()
        self.routes_layout = QVBoxLayout(self.routes_box)
        self.routes_layout.setContentsMargins(0, 0, 0, 0)
        self.routes_layout.setSpacing(4)
        self.routes_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.routes_box)
        self.map = MapCanvas(self, tile_url=tile_url)
        self.map.setMinimumWidth(320)
        self.figures = QGridLayout()
        self.figure_labels: dict[tuple[str, str], QLabel] = {}
        self._build_figures()
        self.dropped_list = QListWidget()
        self.dropped_list.setMaximumHeight(110)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setObjectName("secondaryText")
        self.violation_label = QLabel()
        self.violation_label.setWordWrap(True)
        self.violation_label.setStyleSheet("color: #d64541;")
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setToolTip(self.tr("Write the plan to the board: every visit at once, or nothing"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.on_apply_button_clicked)
        self.close_button = QPushButton(self.tr("Discard"))
        self.close_button.clicked.connect(self.reject)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.map, 3)
        side_layout.addLayout(self.figures)
        side_layout.addWidget(QLabel(self.tr("Unassigned after optimising:")))
        side_layout.addWidget(self.dropped_list, 1)
        splitter.addWidget(side)
        splitter.setSizes([560, 520])
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
        self._load()

    # reading the day

    def _load(self) -> None:
        run_in_background(partial(build_day_problem, self.db, self.day, zone_id=self.zone_id,
                                  technician_ids=self.technician_ids, role=self.role, now=self.now),
                          on_done=self.on_problem_loaded, on_error=self.on_task_failed)

    def on_problem_loaded(self, day_problem: DayProblem) -> None:
        self.day_problem = day_problem
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
        self.start_button.setFocus()

    def on_task_failed(self, exc: BaseException) -> None:
        self.timer.stop()
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(self.day_problem is not None)
        self.violation_label.setText(str(exc) or type(exc).__name__)

    # solving

    def on_start_button_clicked(self) -> None:
        if self.day_problem is None:
            return
        self.limit = float(self.limit_combo.currentData())
        self.state = SolveState()
        self.best_cost = None
        self.started = time.monotonic()
        self.start_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
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
        self.base = plan
        self._show_plan(plan, rebuild=True)

    # the preview

    def _show_plan(self, plan: RoutingPlan, *, rebuild: bool) -> None:
        dp = self.day_problem
        assert dp is not None
        self.plan = plan
        self.violations = check_plan(dp, plan)
        if rebuild:
            self._build_lists(plan)
        else:
            self._retitle(plan)
        self._show_figures(dp.before.totals, plan.totals)
        self._show_dropped(plan)
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
            what = _tr(RULES[first.rule]) if first.rule in RULES else first.message
            self.violation_label.setText(self.tr("This order breaks a rule and cannot be applied: %1")
                                         .replace("%1", f"{self._visit_label(first.subject)} — {what}"))
            self.violation_label.setToolTip("\n".join(f"{v.subject}: {v.message}" for v in self.violations))
        else:
            self.violation_label.setText("")
        changes = any(r.stops for r in plan.routes)
        self.apply_button.setEnabled(not self.violations and changes)

    def _build_lists(self, plan: RoutingPlan) -> None:
        from ui.planning_page import ROUTE_COLORS

        dp = self.day_problem
        while self.routes_layout.count() > 1:
            item = self.routes_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.lists.clear()
        self.headers.clear()
        for i, route in enumerate(sorted(plan.routes, key=lambda r: dp.technicians[r.technician_id].name)):
            color = ROUTE_COLORS[i % len(ROUTE_COLORS)]
            self.colors[route.technician_id] = color
            header = QLabel()
            header.setObjectName(f"header_{route.technician_id}")
            stops = StopList(route.technician_id)
            stops.setObjectName(f"stops_{route.technician_id}")
            for stop in route.stops:
                item = QListWidgetItem()
                item.setData(ROLE_ID, stop.visit_id)
                stops.addItem(item)
            stops.order_changed.connect(self.on_stops_order_changed)
            self.routes_layout.insertWidget(self.routes_layout.count() - 1, header)
            self.routes_layout.insertWidget(self.routes_layout.count() - 1, stops)
            self.lists[route.technician_id] = stops
            self.headers[route.technician_id] = header
            stops.setVisible(bool(route.stops))
        self._retitle(plan)

    def _retitle(self, plan: RoutingPlan) -> None:
        dp = self.day_problem
        for route in plan.routes:
            stops = self.lists.get(route.technician_id)
            if stops is None:
                continue
            header = self.headers[route.technician_id]
            name = dp.technicians[route.technician_id].name
            if route.stops:
                detail = (self.tr("%1 stops · %2 km · %3 h driving").replace("%1", str(len(route.stops)))
                          .replace("%2", f"{route.travel_km:.1f}").replace("%3", f"{route.travel_minutes / 60:.1f}"))
            else:
                detail = self.tr("no stops")
            header.setText(f"<span style='color:{self.colors[route.technician_id]}'>■</span> <b>{name}</b>"
                           f" · {detail}")
            times = {s.visit_id: s for s in route.stops}
            for row in range(stops.count()):
                item = stops.item(row)
                stop = times.get(item.data(ROLE_ID))
                when = f"{_hm(stop.start)}–{_hm(stop.end)}" if stop is not None else "—"
                item.setText(f"{row + 1}. {when}  {self._visit_label(item.data(ROLE_ID))}")
                bad = any(v.subject == item.data(ROLE_ID) for v in self.violations)
                item.setForeground(QColor("#d64541") if bad else self.palette().text().color())
            stops.fit_height()

    def _visit_label(self, routing_id: str) -> str:
        dp = self.day_problem
        info = dp.visits.get(routing_id) if dp is not None else None
        if info is None:
            tech = dp.technicians.get(routing_id) if dp is not None else None
            return tech.short_name if tech is not None else routing_id
        text = f"№{info.order_number} {info.client_name}"
        if info.address:
            text += f", {info.address}"
        if info.crew_member:
            text += " · " + self.tr("with the crew")
        elif info.pinned:
            text += " · " + self.tr("fixed (%1)").replace("%1", _tr(PINNED.get(info.pinned, info.pinned)))
        return text

    def on_stops_order_changed(self) -> None:
        if self.day_problem is None or self.base is None:
            return
        sequences = {tid: stops.visit_ids() for tid, stops in self.lists.items()}
        self._show_plan(retime(self.day_problem, sequences, self.base), rebuild=False)

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

    def _show_dropped(self, plan: RoutingPlan) -> None:
        self.dropped_list.clear()
        for dropped in plan.dropped:
            item = QListWidgetItem(f"{self._visit_label(dropped.visit_id)} — {_tr(REASONS[dropped.reason])}")
            item.setToolTip(dropped.detail)
            self.dropped_list.addItem(item)

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
                routes.append(MapRoute(tech_id, self.colors.get(route.technician_id, "#2f6fde"), points))
        for dropped in plan.dropped:
            info, place = dp.visits.get(dropped.visit_id), places.get(dropped.visit_id)
            if info is not None and place is not None and not info.crew_member:
                pins.append(MapPin(info.visit_id, place.lat, place.lon, "conflict", "!", None))
        self.map.set_pins(pins)
        self.map.set_routes(routes)
        self.map.fit_all()

    # applying

    def on_apply_button_clicked(self) -> None:
        dp, plan = self.day_problem, self.plan
        if dp is None or plan is None or self.violations:
            return
        self.apply_button.setEnabled(False)
        self.start_button.setEnabled(False)
        run_in_background(partial(apply_plan, self.db, self.day, plan, expected=dp.snapshot, role=self.role,
                                  problem=dp), on_done=self.on_applied, on_error=self.on_task_failed)

    def on_applied(self, result: ApplyResult) -> None:
        if not result.ok:
            self.violation_label.setText(self.tr("Not applied: %1").replace("%1", result.message))
            self.base = self.plan = None
            self._load()  # the day as it is now; optimise again from there
            return
        self.plan_applied.emit(result)
        self.accept()

    def reject(self) -> None:
        if self.state is not None:
            self.state.cancel()  # a search still running stops; its result goes nowhere
        super().reject()


def _solve(day_problem: DayProblem, state: SolveState, limit: float, progress) -> RoutingPlan:
    """Run in the background: the solver's progress reports become ``progress((fraction, best cost))`` calls."""
    state.on_progress = lambda fraction, cost: progress((fraction, cost))
    return solve_day(day_problem, state, time_limit=limit)
