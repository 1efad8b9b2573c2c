"""What the map canvas draws as scene items: zones, their names, routes, visit pins and the editing overlays.

Positions are scene coordinates (Web Mercator metres, y pointing south: see ``ui.map_projection``). Pins, labels
and corner handles ignore the view's transformation, so they keep their size in pixels at every zoom.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from ui import map_projection as mp
from ui.status_palette import Status, visit_status

INK = QColor("#2b2f36")
Z_ZONE, Z_ROUTE, Z_ZONE_LABEL, Z_PIN, Z_PIN_HIGHLIGHT, Z_OVERLAY = 10, 20, 25, 30, 40, 50


@dataclass(frozen=True)
class MapZone:
    """A zone to shade; ``rings`` are (lat, lon) outlines, holes and separate parts included."""

    id: int
    name: str
    color: str
    rings: list[list[tuple[float, float]]]


@dataclass(frozen=True)
class MapPin:
    """A visit on the map, coloured by its status."""

    id: int
    lat: float
    lon: float
    status: str
    label: str
    technician_id: int | None


@dataclass(frozen=True)
class MapRoute:
    """A technician's day as a line through the visits in visiting order."""

    technician_id: int
    color: str
    points: list[tuple[float, float]]


def scene_point(lat: float, lon: float) -> QPointF:
    """Where a (lat, lon) point lies in the canvas's scene."""
    return QPointF(*mp.to_scene(lat, lon))


def lat_lon(point: QPointF) -> tuple[float, float]:
    """The (lat, lon) of a scene point."""
    return mp.from_scene(point.x(), point.y())


def ring_path(rings: Sequence[Sequence[tuple[float, float]]]) -> QPainterPath:
    """A closed path through each ring; holes and overlapping parts cancel out (odd-even fill)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in rings:
        if len(ring) >= 2:
            path.addPolygon(QPolygonF([scene_point(lat, lon) for lat, lon in ring]))
            path.closeSubpath()
    return path


def label_point(rings: Sequence[Sequence[tuple[float, float]]], path: QPainterPath) -> QPointF:
    """The centroid of the largest ring, or a point inside the zone when the centroid falls outside it."""
    best, best_area = None, -1.0
    for ring in rings:
        points = [scene_point(lat, lon) for lat, lon in ring]
        area = cx = cy = 0.0
        for a, b in zip(points, points[1:] + points[:1], strict=True):
            cross = a.x() * b.y() - b.x() * a.y()
            area += cross
            cx += (a.x() + b.x()) * cross
            cy += (a.y() + b.y()) * cross
        if abs(area) > best_area and area:
            best_area, best = abs(area), QPointF(cx / (3 * area), cy / (3 * area))
    if best is None:
        return path.boundingRect().center()
    if path.contains(best):
        return best
    box = path.boundingRect()  # scan the centroid's row for the middle of the widest inside run
    xs = (box.left() + box.width() * i / 200 for i in range(201))
    inside = [x for x in xs if path.contains(QPointF(x, best.y()))]
    return QPointF(inside[len(inside) // 2], best.y()) if inside else box.center()


def halo_text(painter: QPainter, origin: QPointF, text: str, font: QFont, color: QColor) -> None:
    path = QPainterPath()
    path.addText(origin, font, text)
    painter.setPen(QPen(QColor(255, 255, 255, 230), 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPath(path)


class ZoneItem(QGraphicsPathItem):
    """A zone's translucent area with its outline in the zone's colour."""

    def __init__(self, zone: MapZone):
        super().__init__(ring_path(zone.rings))
        self.zone = zone
        self.setZValue(Z_ZONE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.set_emphasis(False)
        rect = self.path().boundingRect()
        self.area = rect.width() * rect.height()

    def set_emphasis(self, on: bool, invalid: bool = False) -> None:
        self.setZValue(Z_ZONE + 1 if on else Z_ZONE)  # the zone being edited over its neighbours
        color = QColor(self.zone.color) if QColor(self.zone.color).isValid() else QColor("#5b8def")
        fill = QColor(color)
        fill.setAlphaF(0.30 if on else 0.17)
        pen = QPen(QColor("#d64541") if invalid else color, 3.0 if on else 2.0)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if invalid:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setBrush(fill)


class ZoneLabelItem(QGraphicsItem):
    """A zone's name at its centre, in a darker shade of its colour with a white halo; keeps its size."""

    def __init__(self, text: str, color: str):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_ZONE_LABEL)
        self.text = text
        self.font = QFont()
        self.font.setPointSizeF(9.5)
        self.font.setBold(True)
        base = QColor(color) if QColor(color).isValid() else QColor("#5b8def")
        self.color = base.darker(170)
        metrics = QFontMetricsF(self.font)
        self.width, self.ascent = metrics.horizontalAdvance(text), metrics.ascent()
        self.rect = QRectF(-self.width / 2 - 3, -metrics.height() / 2 - 3, self.width + 6, metrics.height() + 6)

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        halo_text(painter, QPointF(-self.width / 2, self.ascent / 2 - 1), self.text, self.font, self.color)


class RouteItem(QGraphicsPathItem):
    """A technician's route: a coloured line on a white casing so it reads over zones and tiles."""

    def __init__(self, route: MapRoute):
        path = QPainterPath()
        for index, (lat, lon) in enumerate(route.points):
            point = scene_point(lat, lon)
            path.moveTo(point) if index == 0 else path.lineTo(point)
        super().__init__(path)
        self.route = route
        self.setZValue(Z_ROUTE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        color = QColor(route.color) if QColor(route.color).isValid() else QColor(INK)
        self.line_pen = self._pen(color, 3.0)
        self.casing_pen = self._pen(QColor(255, 255, 255, 220), 5.5)

    @staticmethod
    def _pen(color: QColor, width: float) -> QPen:
        pen = QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        pen.setCosmetic(True)
        return pen

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(self.casing_pen)
        painter.drawPath(self.path())
        painter.setPen(self.line_pen)
        painter.drawPath(self.path())


def _pin_sprite(status: Status, highlighted: bool, ratio: float) -> QPixmap:
    """The pin of a status drawn once (per size and screen ratio) and shared by every pin of that status."""
    key = (status.key, status.color, highlighted, ratio)
    sprite = _SPRITES.get(key)
    if sprite is not None:
        return sprite
    r = PinItem.HIGHLIGHT_RADIUS if highlighted else PinItem.RADIUS
    side = 2 * (r + 4)
    sprite = QPixmap(round(side * ratio), round(side * ratio))
    sprite.setDevicePixelRatio(ratio)
    sprite.fill(Qt.GlobalColor.transparent)
    painter = QPainter(sprite)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(side / 2, side / 2)
    color = status.qcolor
    if highlighted:
        painter.setPen(QPen(INK, 2.0))
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawEllipse(QPointF(0, 0), r + 3, r + 3)
    if status.struck:  # cancelled: hollow and crossed out
        painter.setPen(QPen(color, 2.0))
        painter.setBrush(QColor(255, 255, 255, 220))
        painter.drawEllipse(QPointF(0, 0), r - 1, r - 1)
        painter.drawLine(QPointF(-r * 0.6, r * 0.6), QPointF(r * 0.6, -r * 0.6))
    else:
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(color)
        painter.drawEllipse(QPointF(0, 0), r, r)
        if status.key == "done":  # a tick, so "done" does not rest on colour alone
            painter.setPen(QPen(QColor("white"), 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPolyline([QPointF(-r * 0.45, 0), QPointF(-r * 0.1, r * 0.35), QPointF(r * 0.5, -r * 0.35)])
    painter.end()
    _SPRITES[key] = sprite
    return sprite


_SPRITES: dict[tuple[str, str, bool, float], QPixmap] = {}


class PinItem(QGraphicsItem):
    """A visit's pin in its status colour; shows its label and status in words when the map is zoomed in.

    Pins of one status share one sprite, and each pin keeps its picture in a device-coordinate cache, so zooming
    and panning 1,500 pins calls no Python per pin.
    """

    RADIUS, HIGHLIGHT_RADIUS = 6.0, 9.0
    _fonts: dict[bool, QFont] = {}

    def __init__(self, pin: MapPin, on_pressed: Callable[[int], None]):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setZValue(Z_PIN)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.on_pressed = on_pressed
        self.highlighted = False
        self.show_label = False
        self.pin = pin
        self._text = ""
        self._rect = QRectF()
        self.update_pin(pin)

    @classmethod
    def font(cls, bold: bool = False) -> QFont:
        if bold not in cls._fonts:
            font = QFont()
            font.setPointSizeF(8.5)
            font.setBold(bold)
            cls._fonts[bold] = font
        return cls._fonts[bold]

    def update_pin(self, pin: MapPin) -> None:
        self.pin = pin
        self.status = visit_status(pin.status)
        self.setPos(scene_point(pin.lat, pin.lon))
        self.setToolTip(f"{pin.label}\n{self.status.label}" if pin.label else self.status.label)
        self._text = f"{pin.label} · {self.status.label}" if pin.label else self.status.label
        self._relayout()
        self.update()

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.setZValue(Z_PIN_HIGHLIGHT if on else Z_PIN)
            self._relayout()

    def set_show_label(self, on: bool) -> None:
        if on != self.show_label:
            self.show_label = on
            self._relayout()

    @property
    def label_visible(self) -> bool:
        return self.show_label or self.highlighted

    def _relayout(self) -> None:
        self.prepareGeometryChange()
        r = (self.HIGHLIGHT_RADIUS if self.highlighted else self.RADIUS) + 4
        rect = QRectF(-r, -r, 2 * r, 2 * r)
        if self.label_visible:
            metrics = QFontMetricsF(self.font(self.highlighted))
            h = metrics.height() + 4
            rect = rect.united(QRectF(r, -h / 2, metrics.horizontalAdvance(self._text) + 10, h))
        self._rect = rect

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        r = (self.HIGHLIGHT_RADIUS if self.highlighted else self.RADIUS) + 3  # a little easier to hit than to see
        path.addEllipse(QPointF(0, 0), r, r)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        sprite = _pin_sprite(self.status, self.highlighted, ratio)
        side = sprite.width() / ratio
        painter.drawPixmap(QPointF(-side / 2, -side / 2), sprite)
        if self.label_visible:
            font = self.font(self.highlighted)
            r = self.HIGHLIGHT_RADIUS if self.highlighted else self.RADIUS
            halo_text(painter, QPointF(r + 5, QFontMetricsF(font).ascent() / 2 - 1), self._text, font, INK)

    def mousePressEvent(self, event) -> None:
        event.accept()
        self.on_pressed(self.pin.id)


class VertexHandle(QGraphicsItem):
    """A corner of an outline being edited: dragged to move it, right-clicked to remove it."""

    SIZE = 9.0

    def __init__(self, ring: int, index: int, color: str, *, on_moved: Callable[[int, int, QPointF, bool], None],
                 on_remove: Callable[[int, int], None] | None = None, tooltip: str = ""):
        super().__init__()
        self.ring, self.index = ring, index
        self.on_moved, self.on_remove = on_moved, on_remove
        self.color = QColor(color)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.setZValue(Z_OVERLAY + 1)
        self.setToolTip(tooltip)

    def boundingRect(self) -> QRectF:
        half = self.SIZE / 2 + 2
        return QRectF(-half, -half, 2 * half, 2 * half)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(QPen(self.color.darker(140), 1.6))
        painter.setBrush(QColor("white"))
        half = self.SIZE / 2
        painter.drawRect(QRectF(-half, -half, self.SIZE, self.SIZE))

    def mousePressEvent(self, event) -> None:
        event.accept()
        if event.button() == Qt.MouseButton.RightButton and self.on_remove is not None:
            self.on_remove(self.ring, self.index)

    def mouseMoveEvent(self, event) -> None:
        self.setPos(event.scenePos())
        self.on_moved(self.ring, self.index, event.scenePos(), False)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.on_moved(self.ring, self.index, self.pos(), True)


class SketchItem(QGraphicsPathItem):
    """An outline being drawn: the corners so far joined by a dashed line, then to the cursor and back."""

    def __init__(self, color: str):
        super().__init__()
        pen = QPen(QColor(color).darker(120), 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(Z_OVERLAY)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_points(self, points: list[QPointF], cursor: QPointF | None) -> None:
        corners = [*points, *([cursor] if cursor is not None and points else [])]
        path = QPainterPath()
        for index, point in enumerate(corners):
            path.moveTo(point) if index == 0 else path.lineTo(point)
        if len(corners) >= 3:
            path.lineTo(corners[0])  # the closing edge, so a crossing shows before the outline is closed
        self.setPath(path)


class ProblemMarker(QGraphicsItem):
    """A red ring where an outline is wrong (the point where its edges cross)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_OVERLAY + 2)

    def boundingRect(self) -> QRectF:
        return QRectF(-13, -13, 26, 26)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(QPen(QColor("white"), 5.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(0, 0), 9, 9)
        painter.setPen(QPen(QColor("#d64541"), 2.5))
        painter.drawEllipse(QPointF(0, 0), 9, 9)


def segment_distance(p: QPointF, a: QPointF, b: QPointF) -> float:
    """Distance (in the points' own units) from a point to a segment."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length2))
    return ((p.x() - a.x() - t * dx) ** 2 + (p.y() - a.y() - t * dy) ** 2) ** 0.5
