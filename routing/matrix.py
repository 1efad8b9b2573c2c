"""Travel-time matrices: the data every solver and the checker read, and the providers that build them.

A provider turns a list of places into minutes and kilometres between every pair. The default is the
straight-line (haversine) distance stretched by a road detour factor, driven at the time-averaged speed of
the working hours in a speed profile (one matrix for the day: times do not yet vary with the hour of
departure). A road network table service (OSRM, Valhalla) lives in ``routing.table_service``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np

from routing.geo import EARTH_RADIUS_KM
from routing.problem import Place, TimeWindow


@dataclass(frozen=True)
class TravelMatrix:
    """Minutes and kilometres from point i to point j (``minutes[i, j]``), and where they came from."""

    minutes: np.ndarray
    km: np.ndarray
    provider: str
    note: str = ""

    def __post_init__(self) -> None:
        if (
            self.minutes.shape != self.km.shape
            or self.minutes.ndim != 2
            or self.minutes.shape[0] != self.minutes.shape[1]
        ):
            raise ValueError("minutes and km must be square matrices of the same size")

    @property
    def size(self) -> int:
        """Number of points."""
        return int(self.minutes.shape[0])


class MatrixProvider(Protocol):
    """Builds a travel matrix between places; ``hours`` is the working span the times are for."""

    name: str

    def build(self, points: Sequence[Place], hours: TimeWindow | None = None) -> TravelMatrix:
        """Minutes and km between every pair of ``points``."""
        ...


def _default_speeds() -> tuple[float, ...]:
    # Average urban driving speed in km/h by hour of day: free at night, slowest in the rush hours.
    night, morning_rush, day, evening_rush, evening = 40.0, 22.0, 28.0, 20.0, 32.0
    return (night,) * 7 + (morning_rush,) * 3 + (day,) * 7 + (evening_rush,) * 3 + (evening,) * 4


@dataclass(frozen=True)
class SpeedProfile:
    """Average driving speed (km/h) for each hour of the day, 24 values."""

    kmh_by_hour: tuple[float, ...] = field(default_factory=_default_speeds)

    def __post_init__(self) -> None:
        if len(self.kmh_by_hour) != 24 or min(self.kmh_by_hour) <= 0:
            raise ValueError("a speed profile needs 24 positive speeds")

    @classmethod
    def constant(cls, kmh: float) -> SpeedProfile:
        """The same speed all day."""
        return cls((kmh,) * 24)

    def typical(self, hours: TimeWindow | None) -> float:
        """The time-averaged speed over the hours a span touches (the whole day when None).

        A harmonic mean: an hour at 20 km/h weighs as much in the day as it does on the clock.
        """
        if hours is None:
            touched = list(self.kmh_by_hour)
        else:
            first = max(0, math.floor(hours.start / 60.0))
            last = max(first, math.ceil(hours.end / 60.0) - 1)
            touched = [self.kmh_by_hour[h % 24] for h in range(first, min(last, first + 23) + 1)]
        return len(touched) / sum(1.0 / kmh for kmh in touched)


def haversine_km_matrix(points: Sequence[Place]) -> np.ndarray:
    """Great-circle kilometres between every pair of points."""
    if not points:
        return np.zeros((0, 0))
    lat = np.radians(np.array([p.lat for p in points], dtype=float))
    lon = np.radians(np.array([p.lon for p in points], dtype=float))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


@dataclass(frozen=True)
class HaversineProvider:
    """Straight line × ``detour`` at the typical speed of the working hours in ``speeds``."""

    detour: float = 1.35
    speeds: SpeedProfile = field(default_factory=SpeedProfile)
    name: str = "haversine"

    def build(self, points: Sequence[Place], hours: TimeWindow | None = None, note: str = "") -> TravelMatrix:
        """The matrix between ``points`` (``note`` is carried into the result, e.g. why this is a fallback)."""
        km = haversine_km_matrix(points) * self.detour
        kmh = self.speeds.typical(hours)
        return TravelMatrix(minutes=km / kmh * 60.0, km=km, provider=self.name, note=note)


@dataclass(frozen=True)
class EuclideanProvider:
    """Plane distances between (x = lon, y = lat) points, in double precision; time = distance / speed.

    Used for benchmark instances (Solomon), where one distance unit takes one time unit.
    """

    speed: float = 1.0
    name: str = "euclidean"

    def build(self, points: Sequence[Place], hours: TimeWindow | None = None) -> TravelMatrix:
        """The matrix between ``points``."""
        xy = np.array([(p.lon, p.lat) for p in points], dtype=float).reshape(-1, 2)
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=2))
        return TravelMatrix(minutes=dist / self.speed, km=dist, provider=self.name)


@dataclass(frozen=True)
class MatrixTravel:
    """Travel between places looked up in a matrix built over ``points``."""

    points: tuple[Place, ...]
    matrix: TravelMatrix

    def between(self, a: Place, b: Place) -> tuple[float, float]:
        """(minutes, km) from ``a`` to ``b``; the same place is 0 apart."""
        if a == b:
            return 0.0, 0.0
        i, j = self._rows[a], self._rows[b]
        return float(self.matrix.minutes[i, j]), float(self.matrix.km[i, j])

    @cached_property
    def _rows(self) -> dict[Place, int]:
        rows: dict[Place, int] = {}
        for i, p in enumerate(self.points):
            rows.setdefault(p, i)
        return rows
