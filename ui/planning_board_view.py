"""The planning board's calendar canvas: technicians by zone down the side, hours (or days) across, visits as blocks.

Shift hours, absences, holidays and the grid are painted in ``drawBackground``; the hour header, the name column and
the "now" line in ``drawForeground`` in viewport coordinates, so they stay put while the calendar scrolls under them.
Visits and travel gaps are items. Dragging is handled here with live feedback from ``check_move_on_board`` (the
loaded board, no database); a valid drop is announced with ``move_requested``/``swap_requested`` and written by the
owner, a refused one snaps back and says why.

An optimised plan can be previewed over the calendar (``set_preview``): ghost blocks where the plan puts each visit,
the blocks that would move dimmed, and no dragging meanwhile. Technicians' rows are selected by clicking their
headers (Ctrl+click adds, Shift+click a range; Space toggles the current row, Esc clears).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QMenu, QToolTip, QWidget

from models.planning_board import Board, VisitBlock
from models.planning_moves import MoveCheck, check_move_on_board, swap_plan
from ui.planning_board_items import (
    DAY_PX_PER_HOUR,
    HEADER_H,
    NAME_W,
    WEEK_DAY_W,
    GapItem,
    GhostItem,
    RowLayout,
    TimeAxis,
    VisitItem,
    block_rect,
    hm,
    problem_text,
    visit_tooltip,
)
from ui.planning_board_paint import BoardPainter
from ui.planning_board_preview import BoardPreview, PreviewItem, preview_tooltip
from ui.planning_board_selection import TechnicianSelection

MIME = "application/x-fielddesk-visit"
PAD = 28  # room before the first hour, so its label is not under the name column


@dataclass(frozen=True)
class MoveIntent:
    """A drop the board judged valid: what to write, and the visit as it was loaded."""

    visit_id: int
    technician_id: int | None
    starts_at: datetime
    ends_at: datetime
    expected: tuple[int | None, datetime, datetime]


@dataclass
class _Drag:
    visit: VisitBlock
    kind: str  # "move" or "resize"
    grab_dx: float  # cursor x minus the block's left edge, in scene pixels
    item: VisitItem | None
    target: tuple[int | None, datetime, datetime] | None = None
    swap_with: VisitBlock | None = None
    check: MoveCheck | None = None


class BoardView(QGraphicsView):
    """The calendar; ``set_board`` shows a loaded Board for the given days."""

    visit_selected = Signal(object)  # visit id or None
    open_order_requested = Signal(int)
    move_requested = Signal(object)  # MoveIntent
    swap_requested = Signal(object, object)  # MoveIntent of each visit
    unassign_requested = Signal(object)  # MoveIntent with no technician
    refused = Signal(str)
    technicians_selected = Signal(list)  # technician ids, in row order

    def __init__(self, parent: QWidget | None = None, *, role: str = "service_head"):
        super().__init__(parent)
        self.role = role
        self.board: Board | None = None
        self.axis: TimeAxis | None = None
        self.layout_rows = RowLayout(())
        self.items: dict[int, list[VisitItem]] = {}
        self.selected_id: int | None = None
        self.drag: _Drag | None = None
        self._press: tuple[QPointF, VisitItem] | None = None
        self._check_cache: dict[tuple, MoveCheck] = {}
        self.preview: BoardPreview | None = None
        self.preview_items: list[PreviewItem] = []
        self.techs = TechnicianSelection()
        self.now = lambda: datetime.now().astimezone()
        self.setScene(QGraphicsScene(self))
        self._new_ghost()
        self.painter = BoardPainter(self)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)  # fixed header and names
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("")

    # building

    def _new_ghost(self) -> None:
        self.ghost = GhostItem()
        self.scene().addItem(self.ghost)
        self.scene().addItem(self.ghost.label_box)
        self.ghost.hide_all()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # tooltips are built on demand: thousands of blocks stay cheap
            pos = self.mapToScene(event.pos())
            item = next((i for i in self.scene().items(pos) if isinstance(i, VisitItem | GapItem | PreviewItem)),
                        None)
            if item is None:
                QToolTip.hideText()
            else:
                text = visit_tooltip(item.visit) if isinstance(item, VisitItem) else item.tooltip()
                QToolTip.showText(event.globalPos(), text, self.viewport())
            return True
        return super().viewportEvent(event)

    def set_board(self, board: Board, days: tuple[date, ...]) -> None:
        """Show ``board`` over ``days`` (one day: hours across; several: compact days across); keeps scroll."""
        h, v = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        same_period = self.axis is not None and self.axis.days == days
        self.board = board
        self._check_cache.clear()
        hours = [s.starts_at.hour for s in board.shifts] + [v.starts_at.hour for v in board.visits]
        spans = [(b.starts_at, b.ends_at) for b in (*board.shifts, *board.visits)]
        ends = [e.hour + (e.minute > 0) for s, e in spans if e.date() == s.date()]
        first, last = min([8, *hours]), max([18, *ends])
        fitted = (self.viewport().width() - NAME_W - PAD) / 7
        width = max(WEEK_DAY_W, fitted) if len(days) > 1 else DAY_PX_PER_HOUR * (last - first)
        self.axis = TimeAxis(days, first, min(last, 24), width, board.tz)
        self.layout_rows = RowLayout(board.groups)
        scene = self.scene()
        self.drag = None
        scene.clear()  # faster than removing thousands of items one by one; the ghost is made anew
        self._new_ghost()
        self.items = {}
        self.preview_items = []
        compact = self.axis.week
        for visit in board.visits:
            for member in visit.members:
                row = self.layout_rows.of(member)
                if row is None or visit.ends_at.date() < days[0] or visit.starts_at.date() > days[-1]:
                    continue
                item = VisitItem(visit, block_rect(self.axis, row, visit.starts_at, visit.ends_at),
                                 crew_copy=member != visit.technician_id, compact=compact)
                item.set_selected(visit.id == self.selected_id)
                scene.addItem(item)
                self.items.setdefault(visit.id, []).append(item)
        if not compact:
            for gap in board.travel:
                row = self.layout_rows.of(gap.technician_id)
                if row is None:
                    continue
                x0, x1 = self.axis.x(gap.starts_at), self.axis.x(gap.ends_at)
                scene.addItem(GapItem(gap, QRectF(x0, row.y + row.height - 11, max(x1 - x0, 1), 5)))
        scene.setSceneRect(QRectF(-NAME_W - PAD, -HEADER_H, self.axis.width + NAME_W + PAD + 12, self.layout_rows.height
                                  + HEADER_H + 12))
        self._draw_preview()
        if self.techs.set_order([r.technician.id for r in self.layout_rows.technician_rows()]):
            self.technicians_selected.emit(self.techs.ids())
        if self.selected_id is not None and self.selected_id not in self.items:
            self.select_visit(None)
        if same_period:
            self.horizontalScrollBar().setValue(h)
            self.verticalScrollBar().setValue(v)
        else:
            self.scroll_to_now()
        self.viewport().update()

    def scroll_to_now(self) -> None:
        if self.axis is None:
            return
        now = self.now().astimezone(self.axis.tz)
        anchor = now if now.date() in self.axis.days and not self.axis.week else None
        bar = self.horizontalScrollBar()
        # the scene starts NAME_W left of the first hour, under the name column
        bar.setValue(bar.minimum() + int(self.axis.x(anchor - timedelta(hours=1))) if anchor else bar.minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    # the previewed plan

    def set_preview(self, preview: BoardPreview | None) -> None:
        """Draw ``preview`` over the board (None removes it); it is drawn again over each board loaded."""
        self.preview = preview
        if preview is not None and self.drag is not None:
            self.cancel_drag()
        self._draw_preview()
        self.viewport().update()

    def _draw_preview(self) -> None:
        for item in self.preview_items:
            self.scene().removeItem(item)
        self.preview_items = []
        preview, board, axis = self.preview, self.board, self.axis
        for visit_id, items in self.items.items():
            for item in items:
                item.set_dimmed(preview is not None and visit_id in preview.moved)
        if preview is None or board is None or axis is None:
            return
        for visit_id, proposal in preview.changes.items():
            tech, starts, ends = proposal
            visit, row = board.visit(visit_id), self.layout_rows.of(tech)
            if visit is None or row is None or starts.astimezone(axis.tz).date() not in axis.days:
                continue
            item = PreviewItem(visit, block_rect(axis, row, starts, ends), moved=visit_id in preview.moved,
                               tooltip=preview_tooltip(board, visit, proposal), compact=axis.week)
            self.scene().addItem(item)
            self.preview_items.append(item)

    def refuse_during_preview(self) -> bool:
        """True (and says why) when a plan is previewed: the board is read-only until it is applied or discarded."""
        if self.preview is None:
            return False
        self.refused.emit(QCoreApplication.translate(
            "PlanningBoard", "The board shows the optimised plan: apply or discard it in the Optimise window "
                             "before moving visits"))
        return True

    # technicians' rows

    def click_technician_header(self, scene_y: float, modifiers: Qt.KeyboardModifier) -> bool:
        """A click on the name column: select that technician (Ctrl adds or removes, Shift a range), or a zone's."""
        row = self.layout_rows.at(scene_y)
        if row is None:
            return False
        add = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if row.technician is None:
            self.techs.click_group([t.id for t in row.group.technicians], add=add)
        else:
            self.techs.click(row.technician.id, add=add, extend=bool(modifiers & Qt.KeyboardModifier.ShiftModifier))
        self._technicians_changed()
        return True

    def selected_technician_ids(self) -> list[int]:
        return self.techs.ids()

    def clear_technician_selection(self) -> bool:
        had = self.techs.clear()
        if had:
            self._technicians_changed()
        return had

    def _technicians_changed(self) -> None:
        self.viewport().update()
        self.technicians_selected.emit(self.techs.ids())

    def _step_row(self, step: int) -> None:
        tech = self.techs.step_current(step)
        row = self.layout_rows.of(tech)
        if row is not None:
            self.ensureVisible(QRectF(self.mapToScene(0, 0).x() + NAME_W + PAD, row.y, 1, row.height), 0, 20)
        self.viewport().update()

    # selection and keys

    def select_visit(self, visit_id: int | None, *, ensure_visible: bool = True) -> None:
        for vid in {self.selected_id, visit_id} - {None}:
            for item in self.items.get(vid, []):
                item.set_selected(vid == visit_id)
        changed = visit_id != self.selected_id
        self.selected_id = visit_id
        visit = self.board.visit(visit_id) if visit_id is not None and self.board is not None else None
        if visit is not None and visit.technician_id is not None and self.layout_rows.of(visit.technician_id):
            self.techs.current = visit.technician_id
        if ensure_visible and visit_id in self.items:
            self.ensureVisible(self.items[visit_id][0], 60, 30)
        if changed:
            self.visit_selected.emit(visit_id)

    def _lead_item(self, visit_id: int | None) -> VisitItem | None:
        items = self.items.get(visit_id, []) if visit_id is not None else []
        return next((i for i in items if not i.crew_copy), items[0] if items else None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        plain = not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if plain and key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step(key)
            return
        if mods & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step_row(-1 if key == Qt.Key.Key_Up else 1)  # the current row, visits or not
            return
        if plain and key == Qt.Key.Key_Space:
            if self.techs.current is None:
                self.techs.step_current(0)
            if self.techs.toggle_current(extend=bool(mods & Qt.KeyboardModifier.ShiftModifier)):
                self._technicians_changed()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id is not None:
            visit = self.board.visit(self.selected_id) if self.board else None
            if visit is not None:
                self.open_order_requested.emit(visit.order_id)
            return
        if key == Qt.Key.Key_Escape and self.drag is not None:
            self.cancel_drag()
            return
        if key == Qt.Key.Key_Escape and self.clear_technician_selection():
            return
        event.ignore()  # day, week and today shortcuts belong to the board widget

    def _step(self, key: int) -> None:
        """Arrows: previous/next visit in the row, or the nearest visit in the row above/below."""
        current = self._lead_item(self.selected_id)
        ordered = sorted((i for items in self.items.values() for i in items), key=lambda i: (i.rect.y(), i.rect.x()))
        if not ordered:
            return
        if current is None:
            self.select_visit(ordered[0].visit.id)
            return
        same_row = [i for i in ordered if i.rect.y() == current.rect.y()]
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            index = same_row.index(current) + (1 if key == Qt.Key.Key_Right else -1)
            if 0 <= index < len(same_row):
                self.select_visit(same_row[index].visit.id)
            return
        rows = sorted({i.rect.y() for i in ordered})
        index = rows.index(current.rect.y()) + (1 if key == Qt.Key.Key_Down else -1)
        if 0 <= index < len(rows):
            candidates = [i for i in ordered if i.rect.y() == rows[index]]
            best = min(candidates, key=lambda i: abs(i.rect.center().x() - current.rect.center().x()))
            self.select_visit(best.visit.id)

    # dragging

    def item_at(self, scene_pos: QPointF) -> VisitItem | None:
        return next((i for i in self.scene().items(scene_pos) if isinstance(i, VisitItem)), None)

    def begin_drag(self, visit: VisitBlock, kind: str = "move", grab_dx: float = 0.0) -> bool:
        """Start dragging ``visit`` (a block on the board or a tray card) to move it or resize it; refused (False,
        saying why) while a plan is previewed."""
        if self.refuse_during_preview():
            return False
        item = self._lead_item(visit.id)
        self.drag = _Drag(visit, kind, grab_dx, item)
        self._check_cache.clear()
        return True

    def drag_to(self, scene_pos: QPointF, *, swap: bool = False) -> MoveCheck | None:
        """Follow the cursor: snap to the quarter hour and a row, check the move and show the ghost."""
        drag, axis = self.drag, self.axis
        if drag is None or axis is None or self.board is None:
            return None
        drag.swap_with, drag.target = None, None
        target = self.item_at(scene_pos) if swap else None
        if target is not None and target.visit.id != drag.visit.id and drag.visit.technician_id is not None:
            return self._drag_swap(target, scene_pos)
        if drag.kind == "resize":
            row = self.layout_rows.of(drag.visit.technician_id)
            ends = max(axis.time_at(scene_pos.x()), drag.visit.starts_at + timedelta(minutes=15))
            tech, starts = drag.visit.technician_id, drag.visit.starts_at
        else:
            row = self.layout_rows.at(scene_pos.y())
            if row is None or row.technician is None:
                self.ghost.hide_all()
                return None
            tech = row.technician.id
            starts = axis.time_at(scene_pos.x() - drag.grab_dx)
            ends = starts + (drag.visit.ends_at - drag.visit.starts_at)
        if row is None:
            return None
        drag.target = (tech, starts, ends)
        check = self._check(drag.visit, tech, starts, ends)
        drag.check = check
        if check.ok:
            name = row.technician.short_name if row.technician else ""
            text = f"{name} · {hm(starts)}–{hm(ends)}"
        else:
            text = "\n".join(problem_text(p) for p in check.problems)
        self.ghost.show_at(block_rect(axis, row, starts, ends), check.ok, text, scene_pos)
        return check

    def _drag_swap(self, target: VisitItem, scene_pos: QPointF) -> MoveCheck:
        drag = self.drag
        plan = swap_plan(drag.visit, target.visit)
        problems, reasons = [], []
        for visit, other in ((drag.visit, target.visit), (target.visit, drag.visit)):
            tech, starts, ends = plan[visit.id]
            check = self._check(visit, tech, starts, ends)
            for p in check.problems:
                if p.params.get("visit_id") != other.id:
                    problems.append(p)
                    reasons.append(p.code)
        check = MoveCheck(not problems, reasons, problems)
        drag.swap_with, drag.check = target.visit, check
        text = (QCoreApplication.translate("PlanningBoard", "Swap with №%1")
                .replace("%1", str(target.visit.order_number)) if check.ok
                else "\n".join(problem_text(p) for p in problems))
        self.ghost.show_at(target.rect, check.ok, text, scene_pos)
        return check

    def _check(self, visit: VisitBlock, tech: int | None, starts: datetime, ends: datetime) -> MoveCheck:
        key = (visit.id, tech, starts, ends)
        if key not in self._check_cache:
            self._check_cache[key] = check_move_on_board(self.board, visit, technician_id=tech, starts_at=starts,
                                                         ends_at=ends, role=self.role, now=self.now())
        return self._check_cache[key]

    def finish_drag(self, scene_pos: QPointF, *, swap: bool = False) -> bool:
        """Drop: announce a valid move (the block moves at once, pending), or snap back and say why."""
        check = self.drag_to(scene_pos, swap=swap)
        drag, self.drag = self.drag, None
        self.ghost.hide_all()
        if drag is None or check is None:
            return False
        expected = (drag.visit.technician_id, drag.visit.starts_at, drag.visit.ends_at)
        if drag.target == expected and drag.swap_with is None:
            return False
        if not check.ok:
            self.refused.emit("; ".join(problem_text(p) for p in check.problems))
            return False
        if drag.swap_with is not None:
            plan = swap_plan(drag.visit, drag.swap_with)
            other = drag.swap_with
            self.swap_requested.emit(MoveIntent(drag.visit.id, *plan[drag.visit.id], expected),
                                     MoveIntent(other.id, *plan[other.id],
                                                (other.technician_id, other.starts_at, other.ends_at)))
            return True
        tech, starts, ends = drag.target
        self._show_pending(drag.visit.id, tech, starts, ends)
        self.move_requested.emit(MoveIntent(drag.visit.id, tech, starts, ends, expected))
        return True

    def cancel_drag(self) -> None:
        self.drag = None
        self.ghost.hide_all()

    def _show_pending(self, visit_id: int, tech: int | None, starts: datetime, ends: datetime) -> None:
        row = self.layout_rows.of(tech)
        item = self._lead_item(visit_id)
        if item is None or row is None or self.axis is None:
            return
        item.rect = block_rect(self.axis, row, starts, ends)
        item.prepareGeometryChange()
        item.setPos(item.rect.topLeft())
        item.pending = True
        item.update()

    # mouse and drops

    def mousePressEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        left = event.button() == Qt.MouseButton.LeftButton
        if left and event.position().x() < NAME_W and event.position().y() > HEADER_H:
            self._press = None
            self.setFocus()
            if self.click_technician_header(pos.y(), event.modifiers()):
                return
        item = self.item_at(pos) if left else None
        if item is not None:
            self.select_visit(item.visit.id, ensure_visible=False)
            self._press = (pos, item)
            self.setFocus()
            return
        self._press = None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        swap = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if self.drag is not None:
            self.drag_to(pos, swap=swap)
            return
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, item = self._press
            if (pos - start).manhattanLength() >= 4:
                kind = "resize" if item.near_right_edge(start.x()) and not item.crew_copy else "move"
                if self.begin_drag(item.visit, kind, start.x() - item.rect.x()):
                    self.drag_to(pos, swap=swap)
                else:
                    self._press = None
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self.drag is not None:
            pos = self.mapToScene(event.position().toPoint())
            self.finish_drag(pos, swap=bool(event.modifiers() & Qt.KeyboardModifier.AltModifier))
            self._press = None
            return
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        item = self.item_at(self.mapToScene(event.position().toPoint()))
        if item is not None:
            self.open_order_requested.emit(item.visit.order_id)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:
        item = self.item_at(self.mapToScene(event.pos()))
        if item is None:
            return
        visit = item.visit
        menu = QMenu(self)
        open_action = menu.addAction(QCoreApplication.translate("PlanningBoard", "Open order №%1")
                                     .replace("%1", str(visit.order_number)))
        back = menu.addAction(QCoreApplication.translate("PlanningBoard", "Back to the unassigned tray"))
        back.setEnabled(self.preview is None)
        chosen = menu.exec(event.globalPos())
        if chosen is open_action:
            self.open_order_requested.emit(visit.order_id)
        elif chosen is back:
            check = check_move_on_board(self.board, visit, technician_id=None, starts_at=visit.starts_at,
                                        ends_at=visit.ends_at, role=self.role, now=self.now())
            if not check.ok:
                self.refused.emit("; ".join(problem_text(p) for p in check.problems))
                return
            self.unassign_requested.emit(MoveIntent(visit.id, None, visit.starts_at, visit.ends_at,
                                                    (visit.technician_id, visit.starts_at, visit.ends_at)))

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(MIME) and self.board is not None:
            visit = self.board.visit(int(bytes(event.mimeData().data(MIME)).decode()))
            if visit is not None and self.begin_drag(visit, "move", 0.0):
                event.acceptProposedAction()
                return
        event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self.drag is None:
            event.ignore()
            return
        self.drag_to(self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.cancel_drag()

    def dropEvent(self, event) -> None:
        if self.drag is None:
            event.ignore()
            return
        self.finish_drag(self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.viewport().update()  # the current row's outline

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    # painting
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        self.painter.background(painter, rect)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        self.painter.foreground(painter)
