"""The optimised plan previewed over the planning board: what moves, what the plan leaves unassigned, the ghost blocks.

``summarise(board, changes)`` compares a plan (visit id → proposed technician or None, start, end; every visit of
the plan's scope, moved or not) with the loaded board; ``PreviewItem`` is a proposed block drawn translucent with a
dashed outline over the calendar; ``effective_visits`` gives every visit where it would be with the plan applied
(the map draws the proposed routes from it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from models.planning_board import Board, VisitBlock
from ui.planning_board_items import STATUS_GLYPHS, hm
from ui.status_palette import visit_status

Proposal = tuple[int | None, datetime, datetime]


@dataclass(frozen=True)
class BoardPreview:
    """A plan set against the board it is drawn over."""

    changes: Mapping[int, Proposal]
    moved: frozenset[int] = field(default_factory=frozenset)  # proposal differs from the board (or not on it)
    unassigned: frozenset[int] = field(default_factory=frozenset)  # the plan leaves them without a technician

    def proposal(self, visit_id: int) -> Proposal | None:
        return self.changes.get(visit_id)

    def banner_text(self) -> str:
        return banner_text(len(self.moved), len(self.unassigned))


def banner_text(moved: int, unassigned: int) -> str:
    """"Preview of the optimised plan: 23 visits move, 2 left unassigned · …" (module level, where lupdate finds
    the plural forms)."""
    moves = QCoreApplication.translate("PlanningBoard", "%n visit(s) move", None, moved)
    left = QCoreApplication.translate("PlanningBoard", "%n left unassigned", None, unassigned)
    return (QCoreApplication.translate("PlanningBoard",
                                       "Preview of the optimised plan: %1, %2 · Apply or Discard in the "
                                       "Optimise window")
            .replace("%1", moves).replace("%2", left))


def summarise(board: Board | None, changes: Mapping[int, Proposal]) -> BoardPreview:
    """Which visits of ``changes`` move against ``board`` and which the plan leaves unassigned."""
    moved, unassigned = set(), set()
    for visit_id, (tech, starts, ends) in changes.items():
        visit = board.visit(visit_id) if board is not None else None
        if visit is None or (visit.technician_id, visit.starts_at, visit.ends_at) != (tech, starts, ends):
            moved.add(visit_id)
        if tech is None:
            unassigned.add(visit_id)
    return BoardPreview(dict(changes), frozenset(moved), frozenset(unassigned))


def effective_visits(board: Board, preview: BoardPreview | None) -> list[tuple[VisitBlock, Proposal]]:
    """Every visit of the board (assigned and in the tray) with where it is, or would be with the plan applied."""
    result = []
    for visit in (*board.visits, *board.unassigned):
        proposal = preview.proposal(visit.id) if preview is not None else None
        result.append((visit, proposal or (visit.technician_id, visit.starts_at, visit.ends_at)))
    return result


def proposal_text(board: Board | None, proposal: Proposal, *, current: bool = False) -> str:
    """"Plan: Petrov 10:00–11:00" or "Plan: left unassigned" ("Now: …" with ``current``)."""
    tech_id, starts, ends = proposal
    if tech_id is None:
        return (QCoreApplication.translate("PlanningBoard", "Now: unassigned") if current
                else QCoreApplication.translate("PlanningBoard", "Plan: left unassigned"))
    tech = board.technician(tech_id) if board is not None else None
    name = tech.short_name if tech is not None else f"#{tech_id}"
    if board is not None:  # the plan's times may come in another zone than the board's
        starts, ends = starts.astimezone(board.tz), ends.astimezone(board.tz)
    week = board is not None and board.day_from != board.day_to
    when = f"{starts:%d.%m} {hm(starts)}" if week else hm(starts)
    text = (QCoreApplication.translate("PlanningBoard", "Now: %1 %2–%3") if current
            else QCoreApplication.translate("PlanningBoard", "Plan: %1 %2–%3"))
    return text.replace("%1", name).replace("%2", when).replace("%3", hm(ends))


def preview_tooltip(board: Board, visit: VisitBlock, proposal: Proposal) -> str:
    lines = [f"№{visit.order_number} · {visit.client_name}", visit.service_name, visit.address,
             proposal_text(board, proposal),
             proposal_text(board, (visit.technician_id, visit.starts_at, visit.ends_at), current=True)]
    return "\n".join(line for line in lines if line)


class PreviewItem(QGraphicsItem):
    """A visit where the plan puts it: the status colour, translucent, with a dashed outline; a visit the plan
    leaves where it is gets the outline only."""

    def __init__(self, visit: VisitBlock, rect: QRectF, *, moved: bool, tooltip: str, compact: bool):
        super().__init__()
        self.visit = visit
        self.rect = QRectF(0, 0, rect.width(), rect.height())
        self.moved = moved
        self.compact = compact
        self._tooltip = tooltip
        self.setPos(rect.topLeft())
        self.setZValue(4)  # over the blocks, under the drag ghost
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def tooltip(self) -> str:
        return self._tooltip

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        color = QColor(visit_status(self.visit.status).color)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(color.darker(140), 1.8, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        if self.moved:
            fill = QColor(color)
            fill.setAlpha(95)
            painter.setBrush(fill)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        r = self.rect.adjusted(1, 1, -1, -1)
        painter.drawRoundedRect(r, 3, 3)
        if not self.moved or r.width() < 14:
            return
        font = QFont(painter.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7.5))
        font.setItalic(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        glyph = STATUS_GLYPHS.get(self.visit.status, "")
        text = f"{glyph}{self.visit.order_number}" if self.compact else \
            f"⇢ {glyph} {self.visit.order_number} {self.visit.client_name}"
        painter.setPen(color.darker(220))
        box = r.adjusted(4, 1, -3, -1)
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(box.width())))
