"""The map canvas: Web Mercator arithmetic, pins, clicks, zoom and pan, the offline grid and the tile cache."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from ui import map_projection as mp
from ui.map_canvas import BACKGROUND, GRID_MAJOR, MapCanvas, MapPin, MapRoute, MapZone, lat_lon, scene_point
from ui.map_tiles import TileCache
from ui.status_palette import visit_status

CENTRE = MapZone(1, "Центр", "#5b8def", [[(55.146, 61.355), (55.135, 61.418), (55.171, 61.447), (55.187, 61.381)]])
SOUTH = MapZone(2, "Юг", "#fb8c00", [[(55.14, 61.36), (55.09, 61.42), (55.10, 61.47), (55.14, 61.45)]])
PINS = [MapPin(10, 55.160, 61.400, "confirmed", "#10 10:00", 7),
        MapPin(11, 55.150, 61.380, "done", "#11 12:00", 7),
        MapPin(12, 55.120, 61.440, "on_site", "#12 09:30", None)]


@pytest.fixture
def canvas(qtbot, tmp_path) -> MapCanvas:
    view = MapCanvas(tile_url=None, cache_dir=tmp_path / "tiles")
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    qtbot.waitExposed(view)
    return view


def viewport_pos(view: MapCanvas, lat: float, lon: float) -> QPoint:
    return view.mapFromScene(scene_point(lat, lon))


def send_mouse(view: MapCanvas, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def test_the_projection_puts_known_places_on_their_known_tiles():
    assert mp.tile_for(55.75, 37.62, 10) == (619, 320)  # Moscow, the Kremlin
    assert mp.tile_for(51.5074, -0.1278, 12) == (2046, 1362)  # London, Charing Cross
    assert mp.tile_for(0.0, 0.0, 1) == (1, 1)
    assert mp.to_mercator(0, 0) == pytest.approx((0, 0), abs=1e-6)
    x, y = mp.to_mercator(mp.MAX_LATITUDE, 180)
    assert x == pytest.approx(20037508.34, abs=0.01) and y == pytest.approx(20037508.34, abs=0.01)
    left, top, side = mp.tile_scene_rect(10, 619, 320)
    px, py = mp.to_scene(55.75, 37.62)
    assert left <= px < left + side and top <= py < top + side


@given(st.floats(-85.0, 85.0), st.floats(-180.0, 180.0))
def test_points_survive_a_round_trip_through_the_scene(lat, lon):
    back_lat, back_lon = mp.from_scene(*mp.to_scene(lat, lon))
    assert back_lat == pytest.approx(lat, abs=1e-9) and back_lon == pytest.approx(lon, abs=1e-9)


def test_the_scale_bar_shows_a_round_ground_distance():
    at_equator = mp.scale_for_zoom(10)  # 152.87 m a pixel
    metres, pixels = mp.scale_bar(at_equator, 0.0, max_pixels=120)
    assert metres == 10_000 and pixels == pytest.approx(10_000 / 152.874, rel=1e-3)
    metres, _ = mp.scale_bar(at_equator, 60.0, max_pixels=120)  # Mercator doubles lengths at 60°
    assert metres == 5_000
    assert mp.format_distance(2000) == "2 km" and mp.format_distance(500) == "500 m"
    assert mp.format_degrees(55.15, 0.05, "N", "S") == "55.15°N"
    assert mp.format_degrees(-61.0, 1.0, "E", "W") == "61°W"


def test_pins_sit_where_their_coordinates_are_and_keep_their_colours(canvas):
    canvas.set_zones([CENTRE, SOUTH])
    canvas.set_pins(PINS)
    for pin in PINS:
        item = canvas.pin_item(pin.id)
        assert lat_lon(item.pos()) == pytest.approx((pin.lat, pin.lon), abs=1e-9)
        assert canvas.viewport().rect().contains(viewport_pos(canvas, pin.lat, pin.lon))  # fitted into view
    north, west, east = (viewport_pos(canvas, p.lat, p.lon) for p in PINS)
    assert north.y() < west.y() < east.y() and west.x() < north.x() < east.x()  # north up, east right
    image = canvas.grab().toImage()
    assert QColor(image.pixel(east)).name() == visit_status("on_site").color  # the pin is painted in its colour
    first = canvas.pin_item(10)
    canvas.set_pins([MapPin(10, 55.161, 61.401, "en_route", "#10 10:00", 7)])
    assert canvas.pin_item(10) is first and first.status.key == "en_route"  # updated in place
    assert canvas.pin_item(11) is None


def test_clicking_a_pin_selects_its_visit_and_clicking_the_map_does_not(canvas, qtbot):
    canvas.set_pins(PINS)
    with qtbot.waitSignal(canvas.visit_selected) as blocker:
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=viewport_pos(canvas, 55.150, 61.380))
    assert blocker.args == [11]
    empty = viewport_pos(canvas, 55.135, 61.45)
    with qtbot.assertNotEmitted(canvas.visit_selected), qtbot.waitSignal(canvas.map_clicked) as clicked:
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert clicked.args == pytest.approx([55.135, 61.45], abs=0.002)


def test_a_click_inside_overlapping_zones_picks_the_smaller_one(canvas, qtbot):
    big = MapZone(3, "Город", "#43a047", [[(55.0, 61.2), (55.0, 61.6), (55.3, 61.6), (55.3, 61.2)]])
    canvas.set_zones([big, CENTRE])
    with qtbot.waitSignal(canvas.zone_clicked) as blocker:
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=viewport_pos(canvas, 55.16, 61.40))
    assert blocker.args == [CENTRE.id]
    assert canvas.zone_label(CENTRE.id).text == "Центр"
    assert canvas.zone_item(CENTRE.id).path().contains(canvas.zone_label(CENTRE.id).pos())


def test_the_wheel_zooms_around_the_cursor_and_keys_zoom_and_fit(canvas, qtbot):
    canvas.set_pins(PINS)
    cursor = QPoint(150, 120)
    before_point, before_zoom = canvas.mapToScene(cursor), canvas.zoom_level()
    wheel = QWheelEvent(QPointF(cursor), QPointF(canvas.viewport().mapToGlobal(cursor)), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas.viewport(), wheel)
    assert canvas.zoom_level() == pytest.approx(before_zoom + 1, abs=1e-6)
    assert (canvas.mapFromScene(before_point) - cursor).manhattanLength() <= 2  # what was under the cursor stays
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.zoom_level() == pytest.approx(before_zoom, abs=1e-6)
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.zoom_level() == pytest.approx(before_zoom + 2, abs=1e-6)
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    assert canvas.zoom_level() == pytest.approx(before_zoom, abs=1e-6)
    assert all(canvas.visible_scene_rect().contains(scene_point(p.lat, p.lon)) for p in PINS)


def test_dragging_pans_the_map_without_clicking(canvas, qtbot):
    canvas.set_pins(PINS)
    start, end = QPoint(300, 200), QPoint(380, 260)
    grabbed = canvas.mapToScene(start)
    with qtbot.assertNotEmitted(canvas.map_clicked):
        send_mouse(canvas, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
        send_mouse(canvas, QEvent.Type.MouseMove, QPoint(340, 230), Qt.MouseButton.LeftButton)
        send_mouse(canvas, QEvent.Type.MouseMove, end, Qt.MouseButton.LeftButton)
        send_mouse(canvas, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    assert (canvas.mapFromScene(grabbed) - end).manhattanLength() <= 2  # the map followed the hand


def test_labels_show_when_zoomed_in_and_a_highlighted_pin_is_brought_into_view(canvas):
    canvas.set_pins(PINS)
    canvas.set_view(55.15, 61.40, 12)
    assert not canvas.pin_item(10).show_label
    canvas.set_view(55.15, 61.40, 15)
    assert canvas.pin_item(10).show_label and "confirmed" in canvas.pin_item(10)._text
    canvas.set_view(55.30, 61.20, 15)  # the pins are off-screen
    assert not canvas.visible_scene_rect().contains(canvas.pin_item(12).pos())
    small = canvas.pin_item(12).boundingRect().width()
    canvas.highlight_visit(12)
    assert canvas.visible_scene_rect().contains(canvas.pin_item(12).pos())
    assert canvas.pin_item(12).highlighted and canvas.pin_item(12).boundingRect().width() > small
    canvas.highlight_visit(10)
    assert not canvas.pin_item(12).highlighted and canvas.highlighted_visit == 10
    canvas.highlight_visit(None)
    assert not canvas.pin_item(10).highlighted


def test_without_a_tile_url_a_plain_grid_is_drawn_and_nothing_is_fetched(canvas):
    canvas.set_zones([CENTRE])
    canvas.set_routes([MapRoute(7, "#d81b60", [(p.lat, p.lon) for p in PINS])])
    image = canvas.grab().toImage()
    colours = {QColor(image.pixel(x, y)).name()
               for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}
    assert BACKGROUND.name() in colours and GRID_MAJOR.name() in colours
    assert canvas.tiles.url is None and canvas.tiles._manager is None  # no network at all
    assert not canvas.message.isVisible()  # and no error


def _solid_png(colour: str) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_tiles_in_the_disk_cache_are_shown_with_no_network(qtbot, tmp_path):
    zoom, lat, lon = 12, 55.16, 61.40
    x, y = mp.tile_for(lat, lon, zoom)
    path = tmp_path / "tiles" / str(zoom) / str(x) / f"{y}.png"
    path.parent.mkdir(parents=True)
    path.write_bytes(_solid_png("#c0392b"))
    cache = TileCache(tmp_path / "tiles", memory_tiles=2)
    assert cache.get(zoom, x, y).size().width() == 256 and cache.get(zoom, x + 1, y) is None
    # the server is unreachable (nothing listens on port 9): the cached tile still shows, the rest is grid
    view = MapCanvas(tile_url="http://127.0.0.1:9/{z}/{x}/{y}.png", cache_dir=tmp_path / "tiles")
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    left, top, side = mp.tile_scene_rect(zoom, x, y)
    view.set_view(*lat_lon(QPointF(left + side / 2, top + side / 2)), zoom)
    image = view.grab().toImage()
    assert QColor(image.pixel(view.viewport().rect().center())).name() == "#c0392b"
    qtbot.waitUntil(lambda: not view.tiles.online, timeout=10000)  # refused: the grid stays, no dialog
    assert not view.message.isVisible()
    corner = QColor(view.grab().toImage().pixel(5, 100)).name()
    assert corner != "#c0392b"


def test_fit_all_shows_everything_and_a_lone_pin_with_its_neighbourhood(canvas):
    canvas.set_pins([PINS[0]])
    assert canvas.zoom_level() <= 16.0 + 1e-6 and math.isfinite(canvas.zoom_level())
    assert canvas.visible_scene_rect().contains(canvas.pin_item(10).pos())
    canvas.set_pins([])
    canvas.fit_all()
    assert canvas.zoom_level() == pytest.approx(2.0)


def test_missing_tiles_are_downloaded_politely_and_kept_on_disk(qtbot, tmp_path):
    import http.server
    import threading

    png, seen = _solid_png("#2e86de"), []

    class TileHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers.get("User-Agent", "")))
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TileHandler)  # a tile server on this machine
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        view = MapCanvas(tile_url=f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png",
                         cache_dir=tmp_path / "tiles")
        qtbot.addWidget(view)
        view.resize(400, 300)
        view.show()
        qtbot.waitExposed(view)
        view.set_view(55.16, 61.40, 12)
        view.viewport().repaint()
        x, y = mp.tile_for(55.16, 61.40, 12)
        qtbot.waitUntil(lambda: (tmp_path / "tiles" / "12" / str(x) / f"{y}.png").is_file(), timeout=10000)
        qtbot.waitUntil(lambda: QColor(view.grab().toImage().pixel(200, 150)).name() == "#2e86de", timeout=10000)
    finally:
        server.shutdown()
        server.server_close()
    assert all(agent.startswith("FieldDesk/") for _, agent in seen)
    at_12 = [path for path, _ in seen if path.startswith("/12/")]
    assert 1 <= len(at_12) <= 9  # only the tiles in view (400×300 px spans at most 3×3 tiles): no bulk prefetch
    assert view.tiles.online and "127.0.0.1" in view.attribution
