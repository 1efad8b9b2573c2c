"""The map canvas: zones, visits as pins and each technician's route over XYZ tiles or a plain grid.

A QGraphicsView whose scene is in Web Mercator metres (``ui.map_projection``), north up. Tiles and the
lat/lon grid are painted as the background and the scale bar, north arrow and attribution as the foreground,
so neither is a scene item. Pins and labels ignore the view's transformation: they keep their size in pixels
and zooming recomputes nothing but which pins show their label.

Mouse and keys: the wheel zooms around the cursor, a drag pans, ``+``/``-`` zoom, ``0`` fits everything.
A click on a pin emits ``visit_selected``; a click elsewhere emits ``map_clicked(lat, lon)`` and, over a
zone, ``zone_clicked`` with the smallest zone there (the zone editor listens to these).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QLabel, QWidget

from ui import map_projection as mp
from ui.map_items import (
    INK,
    Z_OVERLAY,
    MapPin,
    MapRoute,
    MapZone,
    PinItem,
    ProblemMarker,
    RouteItem,
    ZoneItem,
    ZoneLabelItem,
    halo_text,
    label_point,
    lat_lon,
    scene_point,
)
from ui.map_tiles import TileCache, TileSource, attribution_for, default_cache_dir

BACKGROUND = QColor("#f3f4f1")
GRID_MINOR = QColor("#e7e9e5")
GRID_MAJOR = QColor("#d3d8dc")
GRID_TEXT = QColor("#7b828c")
MIN_ZOOM, MAX_ZOOM = 2.0, 19.0
FIT_MAX_ZOOM = 16.0
PIN_LABEL_ZOOM = 13.5


class MapCanvas(QGraphicsView):
    """The map: zones, visit pins and routes over tiles (``tile_url``) or, offline, a light lat/lon grid."""

    visit_selected = Signal(int)  # a pin clicked
    map_clicked = Signal(float, float)  # lat, lon of a click that was not a drag and not on a pin
    map_double_clicked = Signal(float, float)
    cursor_moved = Signal(float, float)
    zone_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, tile_url: str | None = None, cache_dir: Path | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.scene().setSceneRect(-mp.HALF_WORLD_M, -mp.HALF_WORLD_M, mp.WORLD_M, mp.WORLD_M)
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
                            | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState  # every item sets its pens
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)
        self.tiles = TileSource(tile_url, TileCache(cache_dir or default_cache_dir()), self)
        self.tiles.tile_ready.connect(self.on_tiles_tile_ready)
        self.tiles.online_changed.connect(lambda _online: self.viewport().update())
        self.attribution = attribution_for(tile_url)
        self._zones: dict[int, ZoneItem] = {}
        self._zone_labels: dict[int, ZoneLabelItem] = {}
        self._pins: dict[int, PinItem] = {}
        self._routes: list[RouteItem] = []
        self._highlighted: int | None = None
        self._emphasised_zone: int | None = None
        self._marker: ProblemMarker | None = None
        self._labels_shown = False
        self._press: QPointF | None = None
        self._last: QPointF | None = None
        self._dragging = False
        self._hand = False
        self._swallow_release = False
        self._user_moved = False
        self._fit_pending = True
        self._missing: list[tuple[int, int, int]] = []
        self._want_timer = QTimer(self)
        self._want_timer.setSingleShot(True)
        self._want_timer.setInterval(0)
        self._want_timer.timeout.connect(lambda: self.tiles.want(self._missing))
        self.message = QLabel(self.viewport())
        self.message.setWordWrap(True)
        self.message.setObjectName("mapMessage")
        self.message.hide()
        self._set_scale(mp.scale_for_zoom(3))

    # ---- content -------------------------------------------------------------------------------------------
    def set_zones(self, zones: Sequence[MapZone]) -> None:
        """Replace the zones shown."""
        for item in [*self._zones.values(), *self._zone_labels.values()]:
            self.scene().removeItem(item)
        self._zones.clear()
        self._zone_labels.clear()
        for zone in zones:
            self._add_zone(zone)
        self._content_changed()

    def update_zone(self, zone: MapZone) -> None:
        """Add or redraw one zone (the editor calls this while a corner is dragged)."""
        self.remove_zone(zone.id)
        self._add_zone(zone)

    def remove_zone(self, zone_id: int) -> None:
        for store in (self._zones, self._zone_labels):
            item = store.pop(zone_id, None)
            if item is not None:
                self.scene().removeItem(item)

    def _add_zone(self, zone: MapZone) -> None:
        item = ZoneItem(zone)
        self.scene().addItem(item)
        self._zones[zone.id] = item
        if zone.id == self._emphasised_zone:
            item.set_emphasis(True)
        if zone.name and not item.path().isEmpty():
            label = ZoneLabelItem(zone.name, zone.color)
            label.setPos(label_point(zone.rings, item.path()))
            self.scene().addItem(label)
            self._zone_labels[zone.id] = label

    def set_pins(self, pins: Sequence[MapPin]) -> None:
        """Show these visits; pins already shown are moved and recoloured rather than rebuilt."""
        wanted = {pin.id: pin for pin in pins}
        for pin_id in [i for i in self._pins if i not in wanted]:
            self.scene().removeItem(self._pins.pop(pin_id))
        for pin in wanted.values():
            item = self._pins.get(pin.id)
            if item is None:
                item = PinItem(pin, self._on_pin_pressed)
                item.set_show_label(self._labels_shown)
                self.scene().addItem(item)
                self._pins[pin.id] = item
            elif item.pin != pin:
                item.update_pin(pin)
        if self._highlighted is not None and self._highlighted in self._pins:
            self._pins[self._highlighted].set_highlighted(True)
        self._content_changed()

    def set_routes(self, routes: Sequence[MapRoute]) -> None:
        """Replace the routes drawn (one line per technician, through their visits in order)."""
        for item in self._routes:
            self.scene().removeItem(item)
        self._routes = [RouteItem(route) for route in routes if len(route.points) >= 2]
        for item in self._routes:
            self.scene().addItem(item)
        self._content_changed()

    def highlight_visit(self, visit_id: int | None) -> None:
        """Enlarge and outline a visit's pin (None clears), bringing it into view when it is off-screen."""
        if self._highlighted in self._pins:
            self._pins[self._highlighted].set_highlighted(False)
        self._highlighted = visit_id
        item = self._pins.get(visit_id) if visit_id is not None else None
        if item is None:
            return
        item.set_highlighted(True)
        visible = self.visible_scene_rect()
        margin = 24 / self.pixels_per_metre()
        if not visible.adjusted(margin, margin, -margin, -margin).contains(item.pos()):
            self.centerOn(item.pos())

    def emphasise_zone(self, zone_id: int | None) -> None:
        """Draw one zone stronger than the others (the zone selected in the editor)."""
        if self._emphasised_zone in self._zones:
            self._zones[self._emphasised_zone].set_emphasis(False)
        self._emphasised_zone = zone_id
        if zone_id in self._zones:
            self._zones[zone_id].set_emphasis(True)

    def pin_item(self, visit_id: int) -> PinItem | None:
        return self._pins.get(visit_id)

    def zone_item(self, zone_id: int) -> ZoneItem | None:
        return self._zones.get(zone_id)

    def zone_label(self, zone_id: int) -> ZoneLabelItem | None:
        return self._zone_labels.get(zone_id)

    @property
    def highlighted_visit(self) -> int | None:
        return self._highlighted

    def _on_pin_pressed(self, visit_id: int) -> None:
        self.visit_selected.emit(visit_id)

    def _content_changed(self) -> None:
        if self._fit_pending or not self._user_moved:
            self._fit_pending = True
            if self.isVisible():
                self.fit_all()

    # ---- view ----------------------------------------------------------------------------------------------
    def content_rect(self) -> QRectF:
        """The scene rectangle holding every zone, pin and route (empty when there is nothing)."""
        rect = QRectF()
        for item in [*self._zones.values(), *self._routes]:
            rect = rect.united(item.path().boundingRect())
        for pin in self._pins.values():
            rect = rect.united(QRectF(pin.pos(), pin.pos()).adjusted(-1, -1, 1, 1))
        return rect

    def fit_all(self) -> None:
        """Zoom and centre so that every zone, pin and route is in view (the whole world when there is none)."""
        self._fit_pending = not self.isVisible()
        self._user_moved = False
        rect = self.content_rect()
        if rect.isEmpty():
            self._set_scale(mp.scale_for_zoom(MIN_ZOOM))
            self.centerOn(0, 0)
            return
        minimum = 1500.0  # metres: one pin alone is shown with its neighbourhood
        if rect.width() < minimum or rect.height() < minimum:
            rect = QRectF(rect.center().x() - minimum / 2, rect.center().y() - minimum / 2, minimum, minimum)
        view = self.viewport().rect()
        margin = 0.08
        scale = min(view.width() * (1 - 2 * margin) / rect.width(), view.height() * (1 - 2 * margin) / rect.height())
        self._set_scale(min(scale, mp.scale_for_zoom(FIT_MAX_ZOOM)))
        self.centerOn(rect.center())

    def pixels_per_metre(self) -> float:
        return self.transform().m11()

    def zoom_level(self) -> float:
        """The fractional XYZ zoom level the map is shown at."""
        return mp.zoom_for_scale(self.pixels_per_metre())

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def center_lat_lon(self) -> tuple[float, float]:
        return lat_lon(self.visible_scene_rect().center())

    def set_view(self, lat: float, lon: float, zoom: float) -> None:
        """Centre the map on a point at a zoom level."""
        self._user_moved = True
        self._fit_pending = False
        self._set_scale(mp.scale_for_zoom(min(max(zoom, MIN_ZOOM), MAX_ZOOM)))
        self.centerOn(scene_point(lat, lon))

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by ``factor`` keeping the scene point under ``anchor`` (viewport pixels; default: the centre)."""
        current = self.pixels_per_metre()
        target = min(max(current * factor, mp.scale_for_zoom(MIN_ZOOM)), mp.scale_for_zoom(MAX_ZOOM))
        if math.isclose(target, current):
            return
        self._user_moved = True
        pos = anchor if anchor is not None else QPointF(self.viewport().rect().center())
        before = self.mapToScene(pos.toPoint())
        self._set_scale(target)
        after = self.mapToScene(pos.toPoint())
        centre = self.mapToScene(self.viewport().rect().center())
        self.centerOn(centre + (before - after))

    def _set_scale(self, pixels_per_metre: float) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.resetTransform()
        self.scale(pixels_per_metre, pixels_per_metre)
        self.setTransformationAnchor(anchor)
        show = mp.zoom_for_scale(pixels_per_metre) >= PIN_LABEL_ZOOM
        if show != self._labels_shown:
            self._labels_shown = show
            for item in self._pins.values():
                item.set_show_label(show)

    def show_message(self, text: str, *, error: bool = True, at: tuple[float, float] | None = None) -> None:
        """A short message across the top of the map (why an outline is refused), with a ring at ``at`` (lat, lon)."""
        border, background = ("#d64541", "#fff4f3") if error else ("#9aa5b1", "#ffffff")
        self.message.setStyleSheet(f"QLabel#mapMessage {{ background: {background}; border: 1px solid {border};"
                                   f" border-radius: 4px; padding: 5px 9px; color: #2b2f36; }}")
        self.message.setText(text)
        self.message.show()
        self._place_message()
        if at is None:
            self._remove_marker()
            return
        if self._marker is None:
            self._marker = ProblemMarker()
            self.scene().addItem(self._marker)
        self._marker.setPos(scene_point(*at))

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()
        self._remove_marker()

    def _remove_marker(self) -> None:
        if self._marker is not None:
            self.scene().removeItem(self._marker)
            self._marker = None

    def _place_message(self) -> None:
        width = max(min(self.viewport().width() - 24, 520), 100)
        natural = self.message.fontMetrics().horizontalAdvance(self.message.text()) + 24
        self.message.setFixedWidth(min(width, natural))
        self.message.setFixedHeight(self.message.heightForWidth(self.message.width()))
        self.message.move((self.viewport().width() - self.message.width()) // 2, 10)

    # ---- events --------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self.fit_all()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._user_moved and self.isVisible():
            self.fit_all()
        if self.message.isVisible():
            self._place_message()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(2 ** (steps / 2), event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(2.0)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(0.5)
        elif key == Qt.Key.Key_0:
            self.fit_all()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = self.viewport().width() / 4
            dx = {Qt.Key.Key_Left: -step, Qt.Key.Key_Right: step}.get(key, 0)
            dy = {Qt.Key.Key_Up: -step, Qt.Key.Key_Down: step}.get(key, 0)
            self._pan_by(QPointF(dx, dy))
        else:
            super().keyPressEvent(event)

    def _pan_by(self, pixels: QPointF) -> None:
        self._user_moved = True
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(pixels.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(pixels.y()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if self.scene().mouseGrabberItem() is not None or event.button() != Qt.MouseButton.LeftButton:
            return  # a pin or an editor handle took the press
        self._press = self._last = event.position()
        self._dragging = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if not self._dragging and (event.position() - self._press).manhattanLength() > 4:
                self._dragging = True
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragging:
                self._pan_by(self._last - event.position())
                self._last = event.position()
                return
        super().mouseMoveEvent(event)
        over_pin = isinstance(self.itemAt(event.position().toPoint()), PinItem)
        if over_pin != self._hand:  # a pointing hand over pins (set here: a cursor on each of 1,500 items is costly)
            self._hand = over_pin
            if over_pin:
                self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.viewport().unsetCursor()
        self.cursor_moved.emit(*lat_lon(self.mapToScene(event.position().toPoint())))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, dragging, swallow = self._press, self._dragging, self._swallow_release
        self._press, self._dragging, self._swallow_release = None, False, False
        if dragging:
            self.viewport().unsetCursor()
        super().mouseReleaseEvent(event)
        if press is None or dragging or swallow or event.button() != Qt.MouseButton.LeftButton:
            return
        scene_pos = self.mapToScene(event.position().toPoint())
        self.map_clicked.emit(*lat_lon(scene_pos))
        zone = self.zone_at(scene_pos)
        if zone is not None:
            self.zone_clicked.emit(zone)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        if self.scene().mouseGrabberItem() is not None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._swallow_release = True  # the release that ends a double-click is not another click
        self._press = None
        self.map_double_clicked.emit(*lat_lon(self.mapToScene(event.position().toPoint())))

    def zone_at(self, scene_pos: QPointF) -> int | None:
        """The smallest zone holding a scene point (zones may overlap), or None."""
        holding = [item for item in self._zones.values() if item.path().contains(scene_pos)]
        return min(holding, key=lambda item: item.area).zone.id if holding else None

    def on_tiles_tile_ready(self, z: int, x: int, y: int) -> None:
        self.viewport().update()

    # ---- painting ------------------------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, BACKGROUND)
        self._draw_grid(painter, rect)
        if self.tiles.url is not None:
            self._draw_tiles(painter, rect)

    def _grid_steps(self, rect: QRectF) -> tuple[float, float]:
        _, left_lon = lat_lon(rect.topLeft())
        _, right_lon = lat_lon(rect.bottomRight())
        major = mp.grid_step(max(right_lon - left_lon, 1e-6), max(int(self.viewport().width() / 140), 2))
        return major, major / 5

    def _draw_grid(self, painter: QPainter, rect: QRectF) -> None:
        visible = self.visible_scene_rect().intersected(rect)
        if visible.isEmpty():
            return
        major, minor = self._grid_steps(self.visible_scene_rect())
        top_lat, left_lon = lat_lon(visible.topLeft())
        bottom_lat, right_lon = lat_lon(visible.bottomRight())
        for step, color in ((minor, GRID_MINOR), (major, GRID_MAJOR)):
            pen = QPen(color, 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            for lon in mp.grid_values(left_lon, right_lon, step):
                x = mp.to_scene(0, lon)[0]
                painter.drawLine(QPointF(x, visible.top()), QPointF(x, visible.bottom()))
            for lat in mp.grid_values(max(bottom_lat, -mp.MAX_LATITUDE), min(top_lat, mp.MAX_LATITUDE), step):
                y = mp.to_scene(lat, 0)[1]
                painter.drawLine(QPointF(visible.left(), y), QPointF(visible.right(), y))

    def _draw_tiles(self, painter: QPainter, rect: QRectF) -> None:
        z = mp.tile_zoom(self.pixels_per_metre(), self.devicePixelRatioF())
        visible = self.visible_scene_rect().intersected(rect)
        missing = []
        seam = 0.5 / self.pixels_per_metre()  # half a pixel of overlap hides hairlines between tiles
        for x, y in mp.tiles_covering(visible.left(), visible.top(), visible.right(), visible.bottom(), z):
            left, top, side = mp.tile_scene_rect(z, x, y)
            target = QRectF(left - seam, top - seam, side + 2 * seam, side + 2 * seam)
            pixmap = self.tiles.tile(z, x, y)
            if pixmap is not None:
                painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
                continue
            missing.append((z, x, y))
            for up in range(1, 4):  # a coarser tile already in memory stands in until this one arrives
                parent = self.tiles.cache.peek(z - up, x >> up, y >> up) if z - up >= 0 else None
                if parent is not None:
                    cells = 1 << up
                    cell = parent.width() / cells
                    source = QRectF((x % cells) * cell, (y % cells) * cell, cell, cell)
                    painter.drawPixmap(target, parent, source)
                    break
        if missing != self._missing:
            self._missing = missing
            self._want_timer.start()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.tiles.url is None or not self.tiles.online:
            self._draw_grid_labels(painter)
        self._draw_scale_bar(painter)
        self._draw_north_arrow(painter)
        self._draw_attribution(painter)
        painter.restore()

    def _draw_grid_labels(self, painter: QPainter) -> None:
        visible = self.visible_scene_rect()
        major, _ = self._grid_steps(visible)
        top_lat, left_lon = lat_lon(visible.topLeft())
        bottom_lat, right_lon = lat_lon(visible.bottomRight())
        font = QFont()
        font.setPointSizeF(7.5)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        width, height = self.viewport().width(), self.viewport().height()
        for lon in mp.grid_values(left_lon, right_lon, major):
            x = self.mapFromScene(QPointF(mp.to_scene(0, lon)[0], visible.top())).x()
            text = mp.format_degrees(lon, major, "E", "W")
            if 40 < x < width - 40:
                halo_text(painter, QPointF(x + 3, metrics.ascent() + 3), text, font, GRID_TEXT)
        for lat in mp.grid_values(max(bottom_lat, -mp.MAX_LATITUDE), min(top_lat, mp.MAX_LATITUDE), major):
            y = self.mapFromScene(QPointF(visible.left(), mp.to_scene(lat, 0)[1])).y()
            text = mp.format_degrees(lat, major, "N", "S")
            if 20 < y < height - 40:
                halo_text(painter, QPointF(4, y - 3), text, font, GRID_TEXT)

    def _draw_scale_bar(self, painter: QPainter) -> None:
        lat, _ = self.center_lat_lon()
        metres, pixels = mp.scale_bar(self.pixels_per_metre(), lat)
        if pixels <= 0:
            return
        left, base = 12.0, self.viewport().height() - 14.0
        font = QFont()
        font.setPointSizeF(8)
        text = mp.format_distance(metres)
        text_width = QFontMetricsF(font).horizontalAdvance(text)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(QRectF(left - 6, base - 14, pixels + text_width + 20, 20), 3, 3)
        pen = QPen(INK, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawPolyline([QPointF(left, base - 6), QPointF(left, base), QPointF(left + pixels, base),
                              QPointF(left + pixels, base - 6)])
        painter.setFont(font)
        painter.drawText(QPointF(left + pixels + 6, base + 1), text)

    def _draw_north_arrow(self, painter: QPainter) -> None:
        x, y = self.viewport().width() - 22.0, 16.0
        painter.setPen(QPen(QColor(255, 255, 255, 230), 1.0))
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawEllipse(QPointF(x, y + 11), 13, 13)
        arrow = QPainterPath()
        arrow.moveTo(x, y + 2)
        arrow.lineTo(x + 5, y + 16)
        arrow.lineTo(x, y + 13)
        arrow.lineTo(x - 5, y + 16)
        arrow.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawPath(arrow)
        font = QFont()
        font.setPointSizeF(7)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(INK)
        painter.drawText(QRectF(x - 8, y + 15, 16, 11), Qt.AlignmentFlag.AlignCenter, self.tr("N"))

    def _draw_attribution(self, painter: QPainter) -> None:
        if self.tiles.url is None:
            return
        text = self.attribution if self.tiles.online else self.tr("Map tiles unavailable: showing the grid")
        if not text:
            return
        font = QFont()
        font.setPointSizeF(7.5)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        w, h = metrics.horizontalAdvance(text) + 10, metrics.height() + 4
        box = QRectF(self.viewport().width() - w, self.viewport().height() - h, w, h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 190))
        painter.drawRect(box)
        painter.setPen(GRID_TEXT)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


__all__ = ["Z_OVERLAY", "MapCanvas", "MapPin", "MapRoute", "MapZone", "lat_lon", "scene_point"]
