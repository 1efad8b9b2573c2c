"""Painting of the planning board's calendar: shifts, absences, holidays and the grid under the blocks; the hour
header, the name column and the "now" line over them, in viewport coordinates so they stay put while scrolling."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen

from ui.planning_board_items import HEADER_H, NAME_W, absence_label, hm
from ui.status_palette import RED

SHIFT_FILL = QColor("#e6eefa")
IDLE_FILL = QColor("#eceef1")
HOLIDAY_FILL = QColor(214, 69, 65, 22)
GROUP_FILL = QColor("#f4f5f7")
GRID = QColor("#e3e5e8")
GRID_STRONG = QColor("#c5c9cf")
SECONDARY = QColor("#5f6670")
PICKED_FILL = QColor("#d6e4fb")  # a technician's row selected (to optimise)
PICKED_TINT = QColor(47, 111, 222, 20)
PICKED_BAR = QColor("#2f6fde")


class BoardPainter:
    """Paints what is not an item for a BoardView (its board, axis, rows and selection)."""

    def __init__(self, view):
        self.view = view

    def background(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, QColor("white"))
        board, axis = self.view.board, self.view.axis
        if board is None or axis is None:
            return
        font = QFont(self.view.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7.5))
        painter.setFont(font)
        for day in axis.days:
            if day in board.holidays:
                x = axis.day_start_x(day)
                painter.fillRect(QRectF(x, rect.top(), axis.day_width, rect.height()), HOLIDAY_FILL)
        for row in self.view.layout_rows.rows:
            if row.y > rect.bottom() or row.y + row.height < rect.top():
                continue
            if row.technician is None:
                painter.fillRect(QRectF(rect.left(), row.y, rect.width(), row.height), GROUP_FILL)
                continue
            self._paint_row(painter, row)
            if row.technician.id in self.view.techs.selected:
                painter.fillRect(QRectF(rect.left(), row.y, rect.width(), row.height), PICKED_TINT)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(rect.left(), row.y + row.height), QPointF(rect.right(), row.y + row.height))
        self._paint_grid(painter, rect)

    def _paint_row(self, painter: QPainter, row) -> None:
        board, axis, tech = self.view.board, self.view.axis, row.technician
        for shift in board.shifts_of(tech.id):
            x0, x1 = axis.x(shift.starts_at), axis.x(shift.ends_at)
            band = QRectF(x0, row.y + 2, x1 - x0, row.height - 4)
            if shift.worked:
                painter.fillRect(band, SHIFT_FILL)
            else:
                painter.fillRect(band, QBrush(QColor("#c9ccd1"), Qt.BrushStyle.BDiagPattern))
        for day in axis.days:
            reason = board.idle_reason(tech.id, day)
            if reason is None:
                continue
            x = axis.day_start_x(day)
            band = QRectF(x, row.y + 2, axis.day_width, row.height - 4)
            absence = board.absence_on(tech.id, day)
            if absence is not None:
                painter.fillRect(band, IDLE_FILL)
                text = (QCoreApplication.translate("PlanningBoard", "Away: %1")
                        .replace("%1", absence_label(absence.reason)))
            elif reason == "holiday":
                text = QCoreApplication.translate("PlanningBoard", "Holiday, no shift")
            else:
                text = QCoreApplication.translate("PlanningBoard", "No shift")
            painter.setPen(SECONDARY)
            painter.drawText(band.adjusted(8, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             text)

    def _paint_grid(self, painter: QPainter, rect: QRectF) -> None:
        axis = self.view.axis
        hours = axis.last_hour - axis.first_hour
        for i, _day in enumerate(axis.days):
            base = i * axis.day_width
            step = 1 if not axis.week else 3
            for h in range(0, hours + 1, step):
                x = base + h * 60 * axis.px_per_minute
                strong = h == 0 and i > 0
                painter.setPen(QPen(GRID_STRONG if strong else GRID, 1))
                painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def foreground(self, painter: QPainter) -> None:
        if self.view.board is None or self.view.axis is None:
            return
        painter.save()
        painter.resetTransform()
        viewport = self.view.viewport().rect()
        font = QFont(self.view.font())
        painter.setFont(font)
        metrics = QFontMetrics(font)
        self._paint_now(painter, viewport)
        self._paint_header(painter, viewport, metrics)
        self._paint_names(painter, viewport, metrics)
        painter.fillRect(QRectF(0, 0, NAME_W, HEADER_H), QColor("white"))
        painter.setPen(SECONDARY)
        days = self.view.axis.days
        label = f"{days[0]:%d.%m}" if len(days) == 1 else f"{days[0]:%d.%m}–{days[-1]:%d.%m}"
        painter.drawText(QRectF(10, 0, NAME_W - 12, HEADER_H), Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(QPen(GRID_STRONG, 1))
        painter.drawLine(0, HEADER_H, viewport.width(), HEADER_H)
        painter.drawLine(NAME_W, 0, NAME_W, viewport.height())
        painter.restore()

    def _vx(self, scene_x: float) -> float:
        return self.view.mapFromScene(QPointF(scene_x, 0)).x()

    def _vy(self, scene_y: float) -> float:
        return self.view.mapFromScene(QPointF(0, scene_y)).y()

    def _paint_now(self, painter: QPainter, viewport) -> None:
        now = self.view.now().astimezone(self.view.axis.tz)
        if now.date() not in self.view.axis.days:
            return
        x = self._vx(self.view.axis.x(now))
        if x > NAME_W:
            painter.setPen(QPen(QColor(RED), 1.5))
            painter.drawLine(QPointF(x, HEADER_H), QPointF(x, viewport.height()))

    def _paint_header(self, painter: QPainter, viewport, metrics: QFontMetrics) -> None:
        axis, board = self.view.axis, self.view.board
        painter.fillRect(QRectF(0, 0, viewport.width(), HEADER_H), QColor("white"))
        for i, day in enumerate(axis.days):
            base = i * axis.day_width
            if axis.week:
                x = self._vx(base)
                holiday = board.holidays.get(day)
                painter.setPen(QColor(RED) if holiday or day.weekday() >= 5 else QColor("#1f2328"))
                painter.drawText(QRectF(x + 6, 2, axis.day_width - 8, HEADER_H / 2), Qt.AlignmentFlag.AlignVCenter,
                                 f"{_weekday(day)} {day:%d.%m}")
                if holiday:
                    painter.drawText(QRectF(x + 6, HEADER_H / 2, axis.day_width - 8, HEADER_H / 2 - 2),
                                     Qt.AlignmentFlag.AlignVCenter,
                                     metrics.elidedText(holiday, Qt.TextElideMode.ElideRight, int(axis.day_width - 8)))
                continue
            holiday = board.holidays.get(day)
            if holiday:
                painter.setPen(QColor(RED))
                painter.drawText(QRectF(self._vx(base) + 6, 2, 400, HEADER_H / 2), Qt.AlignmentFlag.AlignVCenter,
                                 QCoreApplication.translate("PlanningBoard", "Public holiday: %1")
                                 .replace("%1", holiday))
            painter.setPen(QColor("#1f2328"))
            for h in range(axis.first_hour, axis.last_hour + 1):
                x = self._vx(base + (h - axis.first_hour) * 60 * axis.px_per_minute)
                painter.drawText(QRectF(x - 20, HEADER_H / 2, 40, HEADER_H / 2), Qt.AlignmentFlag.AlignCenter,
                                 f"{h:02d}:00")

    def _paint_names(self, painter: QPainter, viewport, metrics: QFontMetrics) -> None:
        painter.fillRect(QRectF(0, HEADER_H, NAME_W, viewport.height()), QColor("white"))
        bold = QFont(painter.font())
        bold.setBold(True)
        small = QFont(painter.font())
        small.setPointSizeF(max(small.pointSizeF() - 1, 7.5))
        small_metrics = QFontMetrics(small)
        day = self.view.axis.days[0]
        for row in self.view.layout_rows.rows:
            y = self._vy(row.y)
            if y + row.height < HEADER_H or y > viewport.height():
                continue
            box = QRectF(0, y, NAME_W, row.height)
            if row.technician is None:
                painter.fillRect(box, GROUP_FILL)
                painter.fillRect(QRectF(8, y + 8, 10, 10), QColor(row.group.color))
                painter.setFont(bold)
                painter.setPen(QColor("#1f2328"))
                name = row.group.name or QCoreApplication.translate("PlanningBoard", "No zone")
                title = f"{name} ({len(row.group.technicians)})"
                painter.drawText(box.adjusted(24, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                                 metrics.elidedText(title, Qt.TextElideMode.ElideRight, NAME_W - 28))
                continue
            tech = row.technician
            picked = tech.id in self.view.techs.selected
            if picked:
                painter.fillRect(box, PICKED_FILL)
                painter.fillRect(QRectF(0, y, 4, row.height), PICKED_BAR)
            elif self.view.selected_id is not None and self.view.board.visit(self.view.selected_id) and \
                    tech.id in self.view.board.visit(self.view.selected_id).members:
                painter.fillRect(box, QColor("#eef3fd"))
            if tech.id == self.view.techs.current and self.view.hasFocus():
                painter.setPen(QPen(PICKED_BAR, 1, Qt.PenStyle.DotLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(box.adjusted(1, 1, -2, -2))
            painter.setFont(QFont(self.view.font()))
            painter.setPen(QColor("#1f2328"))
            name = f"✓ {tech.short_name}" if picked else tech.short_name  # not by colour alone
            painter.drawText(box.adjusted(10, 3, -4, -row.height / 2), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(name, Qt.TextElideMode.ElideRight, NAME_W - 14))
            painter.setFont(small)
            painter.setPen(SECONDARY)
            painter.drawText(box.adjusted(10, row.height / 2, -4, -3), Qt.AlignmentFlag.AlignVCenter,
                             small_metrics.elidedText(self._row_note(tech, day), Qt.TextElideMode.ElideRight,
                                                      NAME_W - 14))
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(0, y + row.height), QPointF(NAME_W, y + row.height))

    def _row_note(self, tech, day: date) -> str:
        """Under the name: the shift hours (and zone when it differs), or why the row is empty."""
        board = self.view.board
        if self.view.axis.week:
            count = len(board.visits_of(tech.id))
            return QCoreApplication.translate("PlanningBoard", "%n visit(s) this week", None, count)
        reason = board.idle_reason(tech.id, day)
        if reason == "absent":
            return absence_label(board.absence_on(tech.id, day).reason)
        if reason == "holiday":
            return QCoreApplication.translate("PlanningBoard", "public holiday")
        if reason == "no_shift":
            return QCoreApplication.translate("PlanningBoard", "no shift")
        shifts = [s for s in board.shifts_of(tech.id, day) if s.worked]
        text = ", ".join(f"{hm(s.starts_at)}–{hm(s.ends_at)}" for s in shifts)
        others = {s.zone_name for s in shifts if s.zone_id != tech.group_zone_id and s.zone_name}
        if others:
            text += " · " + ", ".join(sorted(others))
        count = len([v for v in board.visits_of(tech.id) if v.starts_at.date() == day])
        return text + " · " + QCoreApplication.translate("PlanningBoard", "%n visit(s)", None, count) if count else text


def _weekday(day: date) -> str:
    names = (QCoreApplication.translate("PlanningBoard", "Mon"), QCoreApplication.translate("PlanningBoard", "Tue"),
             QCoreApplication.translate("PlanningBoard", "Wed"), QCoreApplication.translate("PlanningBoard", "Thu"),
             QCoreApplication.translate("PlanningBoard", "Fri"), QCoreApplication.translate("PlanningBoard", "Sat"),
             QCoreApplication.translate("PlanningBoard", "Sun"))
    return names[day.weekday()]
