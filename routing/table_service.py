"""Road travel times from an OSRM or Valhalla table service, cached, with a haversine fallback.

Only the standard library's HTTP client is used. Large tables are fetched in blocks (OSRM's default
``max-table-size`` is 100 locations). Pairs already fetched are kept in memory, so re-planning a day after one
visit changed asks only for the rows and columns of the new places. When the service is down, slow or answers
nonsense, the matrix comes from the fallback provider and its ``note`` says why; after a failure the service
is left alone for ``retry_after`` seconds so that every re-plan does not wait for the same timeout again.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Literal

import numpy as np

from routing.matrix import HaversineProvider, TravelMatrix
from routing.problem import Place, TimeWindow

ServiceKind = Literal["osrm", "valhalla"]
Key = tuple[float, float]


class ServiceError(RuntimeError):
    """The table service did not give a usable answer."""


def _key(place: Place) -> Key:
    return (round(place.lat, 6), round(place.lon, 6))


class TableServiceProvider:
    """Travel matrix from a road-network table service at ``url`` (e.g. ``http://osrm.local:5000``)."""

    def __init__(
        self,
        url: str,
        kind: ServiceKind = "osrm",
        *,
        profile: str = "driving",
        timeout: float = 5.0,
        max_locations: int = 100,
        retry_after: float = 60.0,
        fallback: HaversineProvider | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.kind: ServiceKind = kind
        self.name = kind
        self.profile = profile
        self.timeout = timeout
        self.block = max(1, max_locations // 2)
        self.retry_after = retry_after
        self.fallback = fallback or HaversineProvider()
        self.requests = 0
        self._pairs: dict[tuple[Key, Key], tuple[float, float]] = {}
        self._seen: set[Key] = set()
        self._down_until = 0.0
        self._lock = threading.Lock()

    def build(self, points: Sequence[Place], hours: TimeWindow | None = None) -> TravelMatrix:
        """The road matrix between ``points``, or the fallback's with a note when the service fails."""
        if time.monotonic() < self._down_until:
            return self.fallback.build(points, hours, note=f"{self.kind} at {self.url} skipped after a recent failure")
        keys = [_key(p) for p in points]
        unique = list(dict.fromkeys(keys))
        try:
            with self._lock:
                self._fill(unique)
        except (OSError, ServiceError, ValueError, KeyError, TypeError, IndexError) as exc:
            self._down_until = time.monotonic() + self.retry_after
            return self.fallback.build(points, hours, note=f"{self.kind} at {self.url} failed ({exc}); fell back")
        n = len(keys)
        minutes = np.zeros((n, n))
        km = np.zeros((n, n))
        for i, a in enumerate(keys):
            for j, b in enumerate(keys):
                if a != b:
                    minutes[i, j], km[i, j] = self._pairs[(a, b)]
        return TravelMatrix(minutes=minutes, km=km, provider=self.kind)

    def _fill(self, keys: list[Key]) -> None:
        """Fetch every pair among ``keys`` that is not cached yet."""
        missing = [(a, b) for a in keys for b in keys if a != b and (a, b) not in self._pairs]
        if not missing:
            return
        new = [k for k in keys if k not in self._seen]
        old = set(keys) - set(new)
        if new and all(a not in old or b not in old for a, b in missing):
            self._fetch(new, keys)
            self._fetch([k for k in keys if k in old], new)
        else:
            self._fetch(keys, keys)
        self._seen.update(keys)

    def _fetch(self, sources: list[Key], targets: list[Key]) -> None:
        b = self.block
        for si in range(0, len(sources), b):
            for ti in range(0, len(targets), b):
                src, dst = sources[si : si + b], targets[ti : ti + b]
                rows = self._request(src, dst)
                if len(rows) != len(src) or any(len(r) != len(dst) for r in rows):
                    raise ServiceError("table has the wrong shape")
                for a, row in zip(src, rows, strict=True):
                    for c, cell in zip(dst, row, strict=True):
                        if a != c:
                            self._pairs[(a, c)] = cell

    def _request(self, src: list[Key], dst: list[Key]) -> list[list[tuple[float, float]]]:
        """One table request: (minutes, km) for each source row and target column."""
        self.requests += 1
        if self.kind == "osrm":
            return self._osrm(src, dst)
        return self._valhalla(src, dst)

    def _osrm(self, src: list[Key], dst: list[Key]) -> list[list[tuple[float, float]]]:
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in src + dst)
        sources = ";".join(str(i) for i in range(len(src)))
        destinations = ";".join(str(len(src) + i) for i in range(len(dst)))
        url = (
            f"{self.url}/table/v1/{self.profile}/{coords}"
            f"?sources={sources}&destinations={destinations}&annotations=duration,distance"
        )
        data = self._get_json(urllib.request.Request(url))
        if data.get("code") != "Ok":
            raise ServiceError(f"OSRM answered {data.get('code')!r}")
        durations, distances = data["durations"], data["distances"]
        out = []
        for r in range(len(src)):
            row = []
            for c in range(len(dst)):
                seconds, metres = durations[r][c], distances[r][c]
                if seconds is None or metres is None:
                    raise ServiceError("no road between two places")
                row.append((float(seconds) / 60.0, float(metres) / 1000.0))
            out.append(row)
        return out

    def _valhalla(self, src: list[Key], dst: list[Key]) -> list[list[tuple[float, float]]]:
        body = {
            "sources": [{"lat": lat, "lon": lon} for lat, lon in src],
            "targets": [{"lat": lat, "lon": lon} for lat, lon in dst],
            "costing": "auto" if self.profile == "driving" else self.profile,
            "units": "kilometers",
        }
        request = urllib.request.Request(
            f"{self.url}/sources_to_targets",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        data = self._get_json(request)
        out = [[(0.0, 0.0)] * len(dst) for _ in src]
        for row in data["sources_to_targets"]:
            for cell in row:
                if cell.get("time") is None or cell.get("distance") is None:
                    raise ServiceError("no road between two places")
                out[cell["from_index"]][cell["to_index"]] = (float(cell["time"]) / 60.0, float(cell["distance"]))
        return out

    def _get_json(self, request: urllib.request.Request) -> dict:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            raise ServiceError(f"HTTP {exc.code}") from exc
        except urllib.error.URLError as exc:
            raise ServiceError(str(exc.reason)) from exc
        except TimeoutError as exc:
            raise ServiceError("timed out") from exc
        data = json.loads(payload)
        if not isinstance(data, dict):
            raise ServiceError("answer is not a JSON object")
        return data
