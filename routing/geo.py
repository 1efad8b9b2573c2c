"""Great-circle distances and a simple travel-time estimate between coordinates."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance along the Earth's surface between two WGS84 points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def travel_minutes(
    lat1: float, lon1: float, lat2: float, lon2: float, *, detour: float = 1.35, speed_kmh: float = 30.0
) -> float:
    """Estimated driving time: straight-line distance stretched by a road detour factor at an average speed."""
    if speed_kmh <= 0:
        raise ValueError("speed_kmh must be positive")
    return haversine_km(lat1, lon1, lat2, lon2) * detour / speed_kmh * 60.0
