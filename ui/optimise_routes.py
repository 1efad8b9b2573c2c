"""The Optimise window's stop lists: each technician's stops in visiting order, and the visits left unassigned.

A stop moves by dragging it within its list or onto another one (another technician, or the unassigned list), or by
keyboard: Alt+Up / Alt+Down within the list, Alt+Left / Alt+Right to the previous / next technician (the unassigned
list comes last), and the context menu (Menu key or Shift+F10) to any technician or "Leave unassigned". Every move
goes through ``RoutesArea.move_visit``: a fixed visit never leaves its technician and a visit without coordinates
never goes on a route (the reason is given through ``move_refused``); any other move emits ``routes_changed`` so the
window re-times and re-checks the day.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.route_optimise import LEFT_UNASSIGNED, DayProblem
from routing.checker import Violation
from routing.plan import DropReason, RoutingPlan
from ui.status_palette import ROUTE_COLORS

CONTEXT = "OptimiseDialog"
ROLE_ID = Qt.ItemDataRole.UserRole
MIME = "application/x-fielddesk-routed-visit"
BAD = "#d64541"
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


def tr(text: str) -> str:
    """``text`` translated in the Optimise window's context."""
    return QCoreApplication.translate(CONTEXT, text)


def hm(minutes: float) -> str:
    m = round(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"


def rule_text(violation: Violation) -> str:
    """A broken rule in the dispatcher's words."""
    return tr(RULES[violation.rule]) if violation.rule in RULES else violation.message


def visit_label(day_problem: DayProblem | None, routing_id: str) -> str:
    """"№order client, address" of a routed visit (or a technician's short name), with why it is fixed."""
    info = day_problem.visits.get(routing_id) if day_problem is not None else None
    if info is None:
        tech = day_problem.technicians.get(routing_id) if day_problem is not None else None
        return tech.short_name if tech is not None else routing_id
    text = f"№{info.order_number} {info.client_name}"
    if info.address:
        text += f", {info.address}"
    if info.crew_member:
        text += " · " + QCoreApplication.translate("OptimiseDialog", "with the crew")
    elif info.pinned:
        why = tr(PINNED.get(info.pinned, info.pinned))
        text += " · " + QCoreApplication.translate("OptimiseDialog", "fixed (%1)").replace("%1", why)
    return text


class StopList(QListWidget):
    """One technician's stops in visiting order (``technician_id`` None: the visits left unassigned).

    The list only asks for moves; ``RoutesArea`` makes them.
    """

    move_requested = Signal(str, object, int)  # visit, target technician (None: unassigned), row (-1: by its time)
    step_requested = Signal(str, int)  # visit, -1 / +1: to the previous / next list
    menu_requested = Signal(str, QPoint)  # visit, global position

    def __init__(self, technician_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.technician_id = technician_id
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip(self.tr("Drag a stop within the list or onto another technician. Alt+Up / Alt+Down: earlier "
                                "/ later; Alt+Left / Alt+Right: previous / next technician; Menu key: move to…"))

    def visit_ids(self) -> list[str]:
        return [self.item(i).data(ROLE_ID) for i in range(self.count())]

    def row_of(self, visit_id: str) -> int:
        return next((i for i in range(self.count()) if self.item(i).data(ROLE_ID) == visit_id), -1)

    def fit_height(self) -> None:
        """Tall enough for every stop, and for one when empty, so an empty day still takes a drop."""
        one = self.fontMetrics().height() + 6
        rows = sum(self.sizeHintForRow(i) for i in range(self.count())) if self.count() else one
        self.setFixedHeight(rows + 2 * self.frameWidth() + 2)

    def current_visit(self) -> str | None:
        item = self.currentItem()
        return item.data(ROLE_ID) if item is not None else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        visit, key, mods = self.current_visit(), event.key(), event.modifiers()
        if visit is not None and mods & Qt.KeyboardModifier.AltModifier:
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                # the row it goes in at, counted as a drop counts it: with the stop still in its place
                row = self.currentRow() + (-1 if key == Qt.Key.Key_Up else 2)
                if 0 <= row <= self.count():
                    self.move_requested.emit(visit, self.technician_id, row)
                return
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                self.step_requested.emit(visit, -1 if key == Qt.Key.Key_Left else 1)
                return
        if visit is not None and key == Qt.Key.Key_F10 and mods & Qt.KeyboardModifier.ShiftModifier:
            self.menu_requested.emit(visit, self.mapToGlobal(self.visualItemRect(self.currentItem()).bottomLeft()))
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.itemAt(event.pos()) if event.reason() == QContextMenuEvent.Reason.Mouse else self.currentItem()
        if item is not None:
            self.setCurrentItem(item)
            self.menu_requested.emit(item.data(ROLE_ID), event.globalPos())

    # drag and drop: the payload is the visit's id; the drop asks for the move and the source removes nothing

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            data.setData(MIME, QByteArray(str(items[0].data(ROLE_ID)).encode()))
        return data

    def startDrag(self, _actions) -> None:
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData([item]))
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not event.mimeData().hasFormat(MIME):
            event.ignore()
            return
        super().dragMoveEvent(event)  # draws the drop indicator
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(MIME):
            event.ignore()
            return
        visit = bytes(event.mimeData().data(MIME).data()).decode()
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.move_requested.emit(visit, self.technician_id, self.drop_row(event.position().toPoint()))

    def drop_row(self, pos: QPoint) -> int:
        """The row a stop dropped at ``pos`` (viewport coordinates) takes: above or below the row under it."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.count()
        return index.row() + (1 if pos.y() > self.visualRect(index).center().y() else 0)


class RoutesArea(QScrollArea):
    """Every technician's stop list under a header with their figures, and the unassigned list (laid out by the
    window where it likes); ``move_visit`` is the one way a stop changes place."""

    routes_changed = Signal()
    move_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        box = QWidget()
        self.box_layout = QVBoxLayout(box)
        self.box_layout.setContentsMargins(0, 0, 0, 0)
        self.box_layout.setSpacing(4)
        self.box_layout.addStretch(1)
        self.setWidget(box)
        self.day_problem: DayProblem | None = None
        self.lists: dict[str, StopList] = {}
        self.headers: dict[str, QLabel] = {}
        self.colors: dict[str, str] = {}
        self.unassigned = StopList(None)
        self.unassigned.setObjectName("stops_unassigned")
        self.unassigned.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._connect(self.unassigned)

    def _connect(self, stops: StopList) -> None:
        stops.move_requested.connect(self.on_stops_move_requested)
        stops.step_requested.connect(self.on_stops_step_requested)
        stops.menu_requested.connect(self.on_stops_menu_requested)

    def clear(self) -> None:
        while self.box_layout.count() > 1:
            item = self.box_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.lists.clear()
        self.headers.clear()
        self.unassigned.clear()

    def show_plan(self, day_problem: DayProblem, plan: RoutingPlan) -> None:
        """One list a technician (by name) with the plan's stops; the plan's dropped visits in the unassigned list."""
        self.clear()
        self.day_problem = day_problem
        routes = sorted(plan.routes, key=lambda r: (day_problem.technicians[r.technician_id].name, r.technician_id))
        for i, route in enumerate(routes):
            self.colors[route.technician_id] = ROUTE_COLORS[i % len(ROUTE_COLORS)]
            header = QLabel()
            header.setObjectName(f"header_{route.technician_id}")
            stops = StopList(route.technician_id)
            stops.setObjectName(f"stops_{route.technician_id}")
            self._fill(stops, [s.visit_id for s in route.stops])
            self._connect(stops)
            self.box_layout.insertWidget(self.box_layout.count() - 1, header)
            self.box_layout.insertWidget(self.box_layout.count() - 1, stops)
            self.lists[route.technician_id] = stops
            self.headers[route.technician_id] = header
        self._fill(self.unassigned, [d.visit_id for d in plan.dropped])

    @staticmethod
    def _fill(stops: StopList, visit_ids: Sequence[str]) -> None:
        for visit_id in visit_ids:
            item = QListWidgetItem()
            item.setData(ROLE_ID, visit_id)
            stops.addItem(item)

    def sequences(self) -> dict[str, list[str]]:
        """Technician → visit ids in the order shown."""
        return {tid: stops.visit_ids() for tid, stops in self.lists.items()}

    def order(self) -> list[StopList]:
        """The lists as Alt+Left / Alt+Right walks them: the technicians as shown, then the unassigned."""
        return [*self.lists.values(), self.unassigned]

    def list_of(self, visit_id: str) -> StopList | None:
        return next((stops for stops in self.order() if stops.row_of(visit_id) >= 0), None)

    # moving

    def move_visit(self, visit_id: str, technician_id: str | None, row: int = -1) -> bool:
        """Put a stop on ``technician_id``'s list (None: unassigned) at ``row`` (-1: among the others by its booked
        time); False, with ``move_refused`` saying why, when the move is not allowed."""
        dp, source = self.day_problem, self.list_of(visit_id)
        target = self.unassigned if technician_id is None else self.lists.get(technician_id)
        if dp is None or source is None or target is None:
            return False
        info, visit = dp.visits.get(visit_id), next((v for v in dp.problem.visits if v.id == visit_id), None)
        if target is not source:
            if info is not None and (info.pinned or info.crew_member):
                self.move_refused.emit(self.tr("%1 is fixed and stays with its technician.")
                                       .replace("%1", visit_label(dp, visit_id)))
                return False
            if technician_id is not None and (visit is None or visit.place is None):
                self.move_refused.emit(self.tr("%1 has no coordinates, so it cannot go on a route; set its address on "
                                               "the map first.").replace("%1", visit_label(dp, visit_id)))
                return False
        old = source.row_of(visit_id)
        item = source.takeItem(old)
        if row < 0:
            row = self._fitting_row(target, visit_id)
        elif target is source and row > old:
            row -= 1  # the rows below moved up when the stop was taken out
        row = max(0, min(row, target.count()))
        target.insertItem(row, item)
        if target is not source:
            source.clearSelection()
        target.setCurrentRow(row)
        target.setFocus()
        self.routes_changed.emit()
        return True

    def _fitting_row(self, target: StopList, visit_id: str) -> int:
        """Before the first stop booked later than ``visit_id``."""
        visits = self.day_problem.visits
        at = visits[visit_id].starts_at if visit_id in visits else None
        if at is None:
            return target.count()
        return next((i for i, other in enumerate(target.visit_ids()) if other in visits
                     and visits[other].starts_at > at), target.count())

    def on_stops_move_requested(self, visit_id: str, technician_id: str | None, row: int) -> None:
        self.move_visit(visit_id, technician_id, row)

    def on_stops_step_requested(self, visit_id: str, step: int) -> None:
        order, source = self.order(), self.list_of(visit_id)
        if source is None:
            return
        index = order.index(source) + step
        if 0 <= index < len(order):
            self.move_visit(visit_id, order[index].technician_id)

    def menu_for(self, visit_id: str) -> QMenu:
        """"Move to <technician>" for each other technician, and "Leave unassigned"."""
        menu = QMenu(self)
        source = self.list_of(visit_id)
        dp = self.day_problem
        for tid in self.lists:
            if source is not None and tid == source.technician_id:
                continue
            name = dp.technicians[tid].name if dp is not None else tid
            action = QAction(self.tr("Move to %1").replace("%1", name), menu)
            action.triggered.connect(lambda _=False, t=tid: self.move_visit(visit_id, t))
            menu.addAction(action)
        if source is not self.unassigned:
            menu.addSeparator()
            action = QAction(self.tr("Leave unassigned"), menu)
            action.triggered.connect(lambda _=False: self.move_visit(visit_id, None))
            menu.addAction(action)
        return menu

    def on_stops_menu_requested(self, visit_id: str, where: QPoint) -> None:
        self.menu_for(visit_id).exec(where)

    # texts

    def retitle(self, plan: RoutingPlan, violations: Sequence[Violation]) -> None:
        """Headers with each technician's figures, stops numbered and timed, broken rules in red with the reason."""
        dp = self.day_problem
        if dp is None:
            return
        problems: dict[str, list[str]] = {}
        for v in violations:
            problems.setdefault(v.subject, []).append(rule_text(v))
        text_color = self.palette().text().color()
        for route in plan.routes:
            stops = self.lists.get(route.technician_id)
            if stops is None:
                continue
            name = dp.technicians[route.technician_id].name
            if route.stops:
                detail = (self.tr("%n stop(s) · %1 km · %2 h driving", None, len(route.stops))
                          .replace("%1", f"{route.travel_km:.1f}").replace("%2", f"{route.travel_minutes / 60:.1f}"))
            else:
                detail = self.tr("no stops: drop one here")
            own = problems.get(route.technician_id)
            if own:
                detail += f" · <span style='color:{BAD}'>{'; '.join(own)}</span>"
            self.headers[route.technician_id].setText(
                f"<span style='color:{self.colors[route.technician_id]}'>■</span> <b>{name}</b> · {detail}")
            times = {s.visit_id: s for s in route.stops}
            for row in range(stops.count()):
                item = stops.item(row)
                vid = item.data(ROLE_ID)
                stop = times.get(vid)
                when = f"{hm(stop.start)}–{hm(stop.end)}" if stop is not None else "—"
                self._mark(item, f"{row + 1}. {when}  {visit_label(dp, vid)}", problems.get(vid), text_color)
            stops.fit_height()
        reasons = {d.visit_id: d for d in plan.dropped}
        for row in range(self.unassigned.count()):
            item = self.unassigned.item(row)
            vid = item.data(ROLE_ID)
            dropped = reasons.get(vid)
            if dropped is None:
                why = ""
            elif dropped.detail == LEFT_UNASSIGNED:
                why = QCoreApplication.translate("OptimiseDialog", "left unassigned by hand")
            else:
                why = tr(REASONS[dropped.reason])
            self._mark(item, f"{visit_label(dp, vid)} — {why}" if why else visit_label(dp, vid), problems.get(vid),
                       text_color)

    @staticmethod
    def _mark(item: QListWidgetItem, text: str, problems: Sequence[str] | None, normal: QColor) -> None:
        item.setText(text + (" — " + "; ".join(problems) if problems else ""))
        item.setForeground(QColor(BAD) if problems else normal)
        item.setData(Qt.ItemDataRole.ToolTipRole, "\n".join(problems) if problems else None)

