"""Web Mercator (EPSG:3857) arithmetic for the map canvas: metres, XYZ tiles, grid steps and the scale bar.

Pure functions with no Qt, so the projection is tested on its own. The canvas places everything in a scene whose
units are Web Mercator metres with the y axis pointing south (``scene_y = -northing``), so north is up on screen
and a pin, a zone corner and a tile edge all share one coordinate system.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

EARTH_RADIUS_M = 6_378_137.0
#: Half the width of the Web Mercator square, in metres (the world spans ±this on both axes).
HALF_WORLD_M = math.pi * EARTH_RADIUS_M
WORLD_M = 2 * HALF_WORLD_M
#: The latitude at which the Web Mercator square ends (tiles stop there).
MAX_LATITUDE = math.degrees(2 * math.atan(math.exp(math.pi)) - math.pi / 2)
TILE_SIZE = 256
MIN_ZOOM, MAX_ZOOM = 0, 19


def clamp_latitude(lat: float) -> float:
    return max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))


def to_mercator(lat: float, lon: float) -> tuple[float, float]:
    """(easting, northing) in metres of a WGS 84 point; latitudes beyond the square are pinned to its edge."""
    phi = math.radians(clamp_latitude(lat))
    return EARTH_RADIUS_M * math.radians(lon), EARTH_RADIUS_M * math.log(math.tan(math.pi / 4 + phi / 2))


def from_mercator(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of a Web Mercator point in metres."""
    lat = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS_M)) - math.pi / 2)
    return lat, math.degrees(x / EARTH_RADIUS_M)


def to_scene(lat: float, lon: float) -> tuple[float, float]:
    """Scene coordinates of a point: Web Mercator metres, y pointing south so that north is up."""
    x, y = to_mercator(lat, lon)
    return x, -y


def from_scene(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of a scene point."""
    return from_mercator(x, -y)


def tile_for(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The XYZ (slippy map) tile holding a point at a zoom level: (x, y), y counted from the north."""
    n = 1 << zoom
    x, y = to_scene(lat, lon)
    column = int((x + HALF_WORLD_M) / WORLD_M * n)
    row = int((y + HALF_WORLD_M) / WORLD_M * n)
    return min(max(column, 0), n - 1), min(max(row, 0), n - 1)


def tile_scene_rect(zoom: int, x: int, y: int) -> tuple[float, float, float]:
    """Scene position (left, top) of a tile and its side in metres."""
    side = WORLD_M / (1 << zoom)
    return -HALF_WORLD_M + x * side, -HALF_WORLD_M + y * side, side


def tiles_covering(left: float, top: float, right: float, bottom: float, zoom: int) -> Iterator[tuple[int, int]]:
    """The (x, y) tiles of a zoom level that cover a scene rectangle, row by row from the centre outwards."""
    n = 1 << zoom
    side = WORLD_M / n

    def index(value: float) -> int:
        return min(max(math.floor((value + HALF_WORLD_M) / side), 0), n - 1)

    x0, x1, y0, y1 = index(left), index(right), index(top), index(bottom)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    cells = [(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
    cells.sort(key=lambda c: (c[0] - cx) ** 2 + (c[1] - cy) ** 2)  # the middle of the view loads first
    yield from cells


def zoom_for_scale(pixels_per_metre: float) -> float:
    """The fractional XYZ zoom level at which one scene metre takes ``pixels_per_metre`` screen pixels."""
    return math.log2(max(pixels_per_metre, 1e-12) * WORLD_M / TILE_SIZE)


def scale_for_zoom(zoom: float) -> float:
    """Screen pixels per scene metre at an XYZ zoom level."""
    return TILE_SIZE * 2 ** zoom / WORLD_M


def tile_zoom(pixels_per_metre: float, device_pixel_ratio: float = 1.0) -> int:
    """The integer zoom whose tiles look sharpest at this scale (rounded, within MIN_ZOOM..MAX_ZOOM)."""
    zoom = zoom_for_scale(pixels_per_metre * device_pixel_ratio)
    return int(min(max(round(zoom - 0.2), MIN_ZOOM), MAX_ZOOM))


def ground_metres_per_pixel(pixels_per_metre: float, lat: float) -> float:
    """True distance on the ground covered by one screen pixel at a latitude (Mercator stretches by 1/cos φ)."""
    return math.cos(math.radians(clamp_latitude(lat))) / pixels_per_metre


def nice_number(value: float, steps: tuple[float, ...] = (1, 2, 5)) -> float:
    """The largest 1·10ⁿ, 2·10ⁿ or 5·10ⁿ not above ``value``."""
    if value <= 0:
        return 0.0
    magnitude = 10 ** math.floor(math.log10(value))
    return max(step * magnitude for step in steps if step * magnitude <= value * (1 + 1e-9))


def scale_bar(pixels_per_metre: float, lat: float, max_pixels: float = 120) -> tuple[float, float]:
    """A round ground distance in metres that fits in ``max_pixels``, and its length on screen in pixels."""
    metres_per_pixel = ground_metres_per_pixel(pixels_per_metre, lat)
    metres = nice_number(max_pixels * metres_per_pixel)
    return metres, metres / metres_per_pixel if metres_per_pixel else 0.0


def format_distance(metres: float) -> str:
    """"500 m", "2 km", "0.5 km" style label of a scale bar distance."""
    if metres >= 1000:
        km = metres / 1000
        return f"{km:g} km"
    return f"{metres:g} m"


GRID_STEPS_DEG = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0)


def grid_step(degrees_across: float, lines: int = 6) -> float:
    """A round step in degrees giving about ``lines`` grid lines across a span of ``degrees_across``."""
    target = degrees_across / max(lines, 1)
    for step in GRID_STEPS_DEG:
        if step >= target:
            return step
    return GRID_STEPS_DEG[-1]


def grid_values(start: float, end: float, step: float) -> list[float]:
    """The multiples of ``step`` from ``start`` to ``end`` (inclusive), rounded to kill float noise."""
    first = math.ceil(start / step)
    last = math.floor(end / step)
    if last - first > 1000:
        return []
    return [round(k * step, 6) for k in range(first, last + 1)]


def format_degrees(value: float, step: float, positive: str, negative: str) -> str:
    """A grid label such as 55.15°N or 61.4°E with as many decimals as the step needs."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    hemisphere = positive if value >= 0 else negative
    return f"{abs(value):.{decimals}f}°{hemisphere}"
