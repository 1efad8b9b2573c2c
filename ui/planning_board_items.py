"""The pieces the planning board draws: the time axis, the rows, visit blocks, travel gaps, the drag ghost, and the
translated words for move problems, skills and absences."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem, QStyleOptionGraphicsItem

from models.planning_board import TechnicianRow, TravelGap, VisitBlock, ZoneGroup
from models.planning_moves import MoveProblem
from ui.status_palette import GREEN, RED, visit_status

CONTEXT = "PlanningBoard"
SNAP = timedelta(minutes=15)
HEADER_H = 44
NAME_W = 200
GROUP_H = 26
ROW_H = 42
DAY_PX_PER_HOUR = 96
WEEK_DAY_W = 150
EDGE_PX = 6  # grabbing a block this close to its right edge resizes it

SKILL_LABELS = {
    "ac_install": QT_TRANSLATE_NOOP("PlanningBoard", "air conditioner installation"),
    "ac_service": QT_TRANSLATE_NOOP("PlanningBoard", "air conditioner service"),
    "electrical": QT_TRANSLATE_NOOP("PlanningBoard", "electrical work"),
    "water_meter": QT_TRANSLATE_NOOP("PlanningBoard", "water meters"),
    "tractor": QT_TRANSLATE_NOOP("PlanningBoard", "farm machinery"),
}
ABSENCE_LABELS = {
    "vacation": QT_TRANSLATE_NOOP("PlanningBoard", "vacation"),
    "sick_leave": QT_TRANSLATE_NOOP("PlanningBoard", "sick leave"),
    "day_off": QT_TRANSLATE_NOOP("PlanningBoard", "day off"),
    "training": QT_TRANSLATE_NOOP("PlanningBoard", "training"),
    "other": QT_TRANSLATE_NOOP("PlanningBoard", "away"),
}
#: A glyph beside the colour, so the status is never told by colour alone.
STATUS_GLYPHS = {"planned": "○", "confirmed": "✓", "en_route": "➜", "on_site": "●", "done": "✔"}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def skill_label(code: str) -> str:
    return tr(SKILL_LABELS[code]) if code in SKILL_LABELS else code.replace("_", " ")


def absence_label(code: str) -> str:
    return tr(ABSENCE_LABELS[code]) if code in ABSENCE_LABELS else code.replace("_", " ")


def hm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def problem_text(problem: MoveProblem) -> str:
    """A move problem in the user's language, with the figures that make it actionable."""
    p = problem.params
    if problem.code == "conflict":
        return (QCoreApplication.translate("PlanningBoard", "Conflicts with visit №%1 %2–%3")
                .replace("%1", str(p["order_number"])).replace("%2", hm(p["starts_at"]))
                .replace("%3", hm(p["ends_at"])))
    if problem.code == "outside_shift":
        if "starts_at" in p:
            return (QCoreApplication.translate("PlanningBoard", "Outside shift %1–%2")
                    .replace("%1", hm(p["starts_at"])).replace("%2", hm(p["ends_at"])))
        if "holiday" in p:
            return QCoreApplication.translate("PlanningBoard", "Public holiday: %1").replace("%1", str(p["holiday"]))
        if "day" in p:
            return QCoreApplication.translate("PlanningBoard", "No shift on %1").replace("%1", f"{p['day']:%d.%m}")
        return QCoreApplication.translate("PlanningBoard", "The visit must end after it starts")
    if problem.code == "missing_skill":
        return (QCoreApplication.translate("PlanningBoard", "Missing skill: %1")
                .replace("%1", skill_label(str(p["skill"]))))
    if problem.code == "travel_too_short":
        text = (QCoreApplication.translate("PlanningBoard", "Only %1 min to drive from the previous visit, needs %2")
                if p.get("direction") == "from"
                else QCoreApplication.translate("PlanningBoard", "Only %1 min to drive to the next visit, needs %2"))
        return text.replace("%1", str(p["available"])).replace("%2", str(p["needed"]))
    if problem.code == "absent":
        return (QCoreApplication.translate("PlanningBoard", "Away %1–%2: %3")
                .replace("%1", f"{p['starts_on']:%d.%m}").replace("%2", f"{p['ends_on']:%d.%m}")
                .replace("%3", absence_label(str(p["reason"]))))
    if problem.code == "not_allowed":
        return {"finished": QCoreApplication.translate("PlanningBoard", "Finished visits stay where they were"),
                "started": QCoreApplication.translate(
                    "PlanningBoard", "The visit has started: only the service head may reschedule it"),
                }.get(str(p.get("why")),
                      QCoreApplication.translate("PlanningBoard", "Only the service head may reschedule visits"))
    return problem.message


@dataclass(frozen=True)
class TimeAxis:
    """Maps times to x and back: one segment of ``width`` pixels per day, each from ``first_hour`` to ``last_hour``."""

    days: tuple[date, ...]
    first_hour: int
    last_hour: int
    day_width: float
    tz: ZoneInfo

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {d: i for i, d in enumerate(self.days)})

    @property
    def width(self) -> float:
        return self.day_width * len(self.days)

    @property
    def week(self) -> bool:
        return len(self.days) > 1

    @property
    def px_per_minute(self) -> float:
        return self.day_width / ((self.last_hour - self.first_hour) * 60)

    def x(self, moment: datetime) -> float:
        local = moment.astimezone(self.tz)
        index = self._index.get(local.date())
        if index is None:
            return 0.0 if local.date() < self.days[0] else self.width
        minutes = local.hour * 60 + local.minute + local.second / 60 - self.first_hour * 60
        minutes = min(max(minutes, 0.0), (self.last_hour - self.first_hour) * 60)
        return index * self.day_width + minutes * self.px_per_minute

    def time_at(self, x: float) -> datetime:
        """The moment at ``x``, snapped to the quarter hour."""
        index = min(max(int(x // self.day_width), 0), len(self.days) - 1)
        minutes = (x - index * self.day_width) / self.px_per_minute + self.first_hour * 60
        minutes = min(max(minutes, self.first_hour * 60), self.last_hour * 60)
        snapped = round(minutes / 15) * 15
        return datetime.combine(self.days[index], time(), self.tz) + timedelta(minutes=snapped)

    def day_start_x(self, day: date) -> float:
        return self._index[day] * self.day_width


@dataclass(frozen=True)
class Row:
    """One row of the board: a zone header (``technician`` None) or a technician."""

    y: float
    height: float
    group: ZoneGroup
    technician: TechnicianRow | None


class RowLayout:
    """Rows top to bottom, found by y."""

    def __init__(self, groups: tuple[ZoneGroup, ...]):
        self.rows: list[Row] = []
        y = 0.0
        for group in groups:
            self.rows.append(Row(y, GROUP_H, group, None))
            y += GROUP_H
            for tech in group.technicians:
                self.rows.append(Row(y, ROW_H, group, tech))
                y += ROW_H
        self.height = y
        self._tops = [r.y for r in self.rows]
        self._of_tech = {r.technician.id: r for r in self.rows if r.technician is not None}

    def at(self, y: float) -> Row | None:
        i = bisect_right(self._tops, y) - 1
        return self.rows[i] if 0 <= i < len(self.rows) and y < self.rows[i].y + self.rows[i].height else None

    def of(self, technician_id: int | None) -> Row | None:
        return self._of_tech.get(technician_id) if technician_id is not None else None

    def technician_rows(self) -> list[Row]:
        return [r for r in self.rows if r.technician is not None]


def block_rect(axis: TimeAxis, row: Row, starts_at: datetime, ends_at: datetime) -> QRectF:
    x0, x1 = axis.x(starts_at), axis.x(ends_at)
    return QRectF(x0, row.y + 5, max(x1 - x0, 4.0), row.height - 10)


class VisitItem(QGraphicsItem):
    """A visit in a technician's row, coloured by status; a crew member's copy is drawn hatched."""

    def __init__(self, visit: VisitBlock, rect: QRectF, *, crew_copy: bool, compact: bool):
        super().__init__()
        self.visit = visit
        self.rect = rect
        self.crew_copy = crew_copy
        self.compact = compact
        self.selected = False
        self.pending = False
        self.dimmed = False  # the previewed plan moves it elsewhere
        self.setPos(rect.topLeft())
        self.setZValue(2)
        self.setAcceptHoverEvents(True)  # the tooltip is built when asked for (BoardView.viewportEvent)

    def local_rect(self) -> QRectF:
        return QRectF(0, 0, self.rect.width(), self.rect.height())

    def boundingRect(self) -> QRectF:
        return self.local_rect().adjusted(-2, -2, 2, 2)

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    def set_dimmed(self, dimmed: bool) -> None:
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            self.update()

    def near_right_edge(self, scene_x: float) -> bool:
        return self.rect.width() > 3 * EDGE_PX and self.rect.right() - EDGE_PX <= scene_x <= self.rect.right() + 2

    def hoverMoveEvent(self, event) -> None:
        near = self.near_right_edge(event.scenePos().x())
        self.setCursor(Qt.CursorShape.SizeHorCursor if near else Qt.CursorShape.OpenHandCursor)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        status = visit_status(self.visit.status)
        color = QColor(status.color)
        r = self.local_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.dimmed:
            painter.setOpacity(0.35)
        fill = QColor(color)
        if self.crew_copy:
            fill = fill.lighter(135)
        if self.pending:
            fill.setAlpha(140)
        painter.setPen(QPen(QColor("#1f2328") if self.selected else color.darker(130), 2.2 if self.selected else 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if self.crew_copy:
            painter.setBrush(QBrush(QColor(255, 255, 255, 90), Qt.BrushStyle.BDiagPattern))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(r, 3, 3)
        if r.width() < 14:
            return
        painter.setPen(QColor("white"))
        font = QFont(painter.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7.5))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        text_rect = r.adjusted(4, 2, -3, -2)
        glyph = STATUS_GLYPHS.get(self.visit.status, "")
        first = f"{glyph} {self.visit.order_number} {self.visit.client_name}".strip()
        if self.compact:
            first = f"{glyph}{self.visit.order_number}"
            if metrics.horizontalAdvance(first) > text_rect.width():
                first = glyph
        if self.compact or r.height() < 2 * metrics.height() + 2:
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(first, Qt.TextElideMode.ElideRight, int(text_rect.width())))
            return
        second = self.visit.address or self.visit.service_name or ""
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(first, Qt.TextElideMode.ElideRight, int(text_rect.width())))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(second, Qt.TextElideMode.ElideRight, int(text_rect.width())))


def visit_tooltip(visit: VisitBlock) -> str:
    lines = [f"№{visit.order_number} · {visit.client_name}",
             f"{visit.starts_at:%d.%m %H:%M}–{hm(visit.ends_at)} · {visit_status(visit.status).label}"]
    if visit.service_name:
        lines.append(visit.service_name)
    if visit.address:
        lines.append(visit.address)
    if visit.crew:
        lines.append(QCoreApplication.translate("PlanningBoard", "Crew of %1").replace("%1", str(len(visit.members))))
    lines.append(QCoreApplication.translate("PlanningBoard",
                                            "Drag to move · drag the right edge to change the length · Alt+drop on "
                                            "another visit swaps them · Enter opens the order"))
    return "\n".join(lines)


class GapItem(QGraphicsItem):
    """The time between two visits as a thin hatched bar; red when the drive needs more than there is."""

    def __init__(self, gap: TravelGap, rect: QRectF):
        super().__init__()
        self.gap = gap
        self.rect = QRectF(0, 0, rect.width(), rect.height())
        self.setPos(rect.topLeft())
        self.setZValue(1)

    def tooltip(self) -> str:
        gap = self.gap
        if gap.needed_min is None:
            return (QCoreApplication.translate("PlanningBoard", "%1 min between visits; a site is not on the map")
                    .replace("%1", str(gap.available_min)))
        return (QCoreApplication.translate("PlanningBoard", "Drive %1 min, %2 min between visits")
                .replace("%1", str(gap.needed_min)).replace("%2", str(gap.available_min)))

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        color = QColor(RED) if self.gap.too_short else QColor("#8a8f98")
        painter.setPen(Qt.PenStyle.NoPen)
        needed = self.gap.needed_min
        if needed is not None and self.gap.available_min > 0:  # the drive itself, hatched, from the left
            share = min(1.0, needed / self.gap.available_min)
            painter.setBrush(QBrush(color, Qt.BrushStyle.BDiagPattern))
            painter.drawRect(QRectF(0, 0, self.rect.width() * share, self.rect.height()))
        painter.setPen(QPen(color, 1))
        painter.drawLine(QPointF(0, self.rect.height()), QPointF(self.rect.width(), self.rect.height()))


class GhostItem(QGraphicsRectItem):
    """Where the dragged visit would go: green when it fits, red with the reasons under the cursor when not."""

    def __init__(self):
        super().__init__()
        self.setZValue(10)
        self.label_box = QGraphicsRectItem()
        self.label_box.setZValue(11)
        self.label = QGraphicsSimpleTextItem(self.label_box)
        self.ok = True
        self.text = ""

    def show_at(self, rect: QRectF, ok: bool, text: str, cursor: QPointF) -> None:
        self.ok, self.text = ok, text
        color = QColor(GREEN if ok else RED)
        fill = QColor(color)
        fill.setAlpha(70)
        self.setRect(rect)
        self.setPen(QPen(color, 2, Qt.PenStyle.SolidLine if ok else Qt.PenStyle.DashLine))
        self.setBrush(fill)
        self.label.setText(text)
        self.label.setBrush(QColor("white"))
        bounds = self.label.boundingRect()
        self.label.setPos(6, 4)
        self.label_box.setRect(QRectF(0, 0, bounds.width() + 12, bounds.height() + 8))
        self.label_box.setBrush(color.darker(115))
        self.label_box.setPen(Qt.PenStyle.NoPen)
        self.label_box.setPos(cursor + QPointF(14, 20))
        self.setVisible(True)
        self.label_box.setVisible(True)

    def hide_all(self) -> None:
        self.setVisible(False)
        self.label_box.setVisible(False)
