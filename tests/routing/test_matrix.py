"""Travel matrices: haversine default, table services over HTTP with cache and fallback."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from routing.geo import haversine_km, travel_minutes
from routing.matrix import HaversineProvider, SpeedProfile
from routing.problem import Place, RoutingProblem, SolveOptions, TimeWindow
from routing.solver import solve
from routing.state import SolveState
from routing.table_service import TableServiceProvider
from tests.routing.builders import tech, visit

CHELYABINSK = Place(55.16, 61.40)
PLACES = [CHELYABINSK, Place(55.20, 61.30), Place(55.10, 61.50), Place(55.25, 61.45)]


def test_haversine_matrix_agrees_with_geo() -> None:
    provider = HaversineProvider(detour=1.35, speeds=SpeedProfile.constant(30.0))
    m = provider.build(PLACES)
    a, b = PLACES[0], PLACES[1]
    assert m.km[0, 1] == pytest.approx(1.35 * haversine_km(a.lat, a.lon, b.lat, b.lon))
    assert m.minutes[0, 1] == pytest.approx(travel_minutes(a.lat, a.lon, b.lat, b.lon, detour=1.35, speed_kmh=30.0))
    assert m.minutes[1, 0] == pytest.approx(m.minutes[0, 1])
    assert m.provider == "haversine"


def test_speed_profile_averages_the_working_hours() -> None:
    profile = SpeedProfile((40.0,) * 8 + (20.0,) * 16)
    assert profile.typical(TimeWindow(0, 480)) == pytest.approx(40.0)
    assert profile.typical(TimeWindow(420, 540)) == pytest.approx(2 / (1 / 40 + 1 / 20))
    slow = HaversineProvider(speeds=profile).build(PLACES, TimeWindow(600, 700))
    fast = HaversineProvider(speeds=profile).build(PLACES, TimeWindow(0, 100))
    assert slow.minutes[0, 1] == pytest.approx(2 * fast.minutes[0, 1])


class _Table(BaseHTTPRequestHandler):
    """A fake OSRM/Valhalla: 1 minute and 1 km per 0.01 degree of latitude and longitude difference."""

    delay = 0.0
    log: list[str] = []

    @staticmethod
    def _cell(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        units = (abs(a[0] - b[0]) + abs(a[1] - b[1])) * 100
        return units * 60.0, units * 1000.0  # seconds, metres

    def do_GET(self) -> None:
        time.sleep(self.delay)
        url = urlsplit(self.path)
        self.log.append(url.path)
        coords = [tuple(float(x) for x in c.split(",")) for c in url.path.rsplit("/", 1)[1].split(";")]
        query = parse_qs(url.query)
        src = [int(i) for i in query["sources"][0].split(";")]
        dst = [int(i) for i in query["destinations"][0].split(";")]
        cells = [[self._cell(coords[i], coords[j]) for j in dst] for i in src]
        body = {
            "code": "Ok",
            "durations": [[c[0] for c in row] for row in cells],
            "distances": [[c[1] for c in row] for row in cells],
        }
        self._send(body)

    def do_POST(self) -> None:
        time.sleep(self.delay)
        self.log.append(self.path)
        req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        rows = []
        for i, s in enumerate(req["sources"]):
            row = []
            for j, t in enumerate(req["targets"]):
                seconds, metres = self._cell((s["lon"], s["lat"]), (t["lon"], t["lat"]))
                row.append({"from_index": i, "to_index": j, "time": seconds, "distance": metres / 1000})
            rows.append(row)
        self._send({"sources_to_targets": rows})

    def _send(self, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def table_server() -> Iterator[tuple[str, type[_Table]]]:
    handler = type("Handler", (_Table,), {"log": [], "delay": 0.0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def _expected(a: Place, b: Place) -> float:
    return (abs(a.lat - b.lat) + abs(a.lon - b.lon)) * 100


@pytest.mark.parametrize("kind", ["osrm", "valhalla"])
def test_table_service_matrix(table_server: tuple[str, type[_Table]], kind: str) -> None:
    url, handler = table_server
    provider = TableServiceProvider(url, kind, max_locations=4)  # 2 per block: several requests
    m = provider.build(PLACES)
    assert m.provider == kind and m.note == ""
    for i, a in enumerate(PLACES):
        for j, b in enumerate(PLACES):
            assert m.minutes[i, j] == pytest.approx(_expected(a, b))
            assert m.km[i, j] == pytest.approx(_expected(a, b))
    assert len(handler.log) == 4


def test_table_service_caches_pairs_and_fetches_only_new_places(table_server: tuple[str, type[_Table]]) -> None:
    url, _ = table_server
    provider = TableServiceProvider(url)
    provider.build(PLACES)
    assert provider.requests == 1
    provider.build(list(reversed(PLACES)))
    assert provider.requests == 1
    extra = Place(55.30, 61.60)
    m = provider.build([*PLACES, extra])
    assert provider.requests == 3  # the new row, and the new column
    assert m.minutes[4, 0] == pytest.approx(_expected(extra, PLACES[0]))


def test_service_down_falls_back_to_haversine_and_says_so() -> None:
    provider = TableServiceProvider("http://127.0.0.1:9", timeout=0.5)
    m = provider.build(PLACES)
    assert m.provider == "haversine"
    assert "failed" in m.note and "127.0.0.1:9" in m.note
    again = provider.build(PLACES)
    assert "skipped" in again.note  # no second wait for a service that just failed


def test_slow_service_falls_back(table_server: tuple[str, type[_Table]]) -> None:
    url, handler = table_server
    handler.delay = 1.0
    started = time.monotonic()
    m = TableServiceProvider(url, timeout=0.2).build(PLACES)
    assert time.monotonic() - started < 0.9
    assert m.provider == "haversine" and "timed out" in m.note


def test_plan_reports_the_provider_and_the_fallback() -> None:
    problem = RoutingProblem(
        visits=(visit("A", Place(55.17, 61.41)), visit("B", Place(55.15, 61.38))),
        technicians=(tech("T1", start=CHELYABINSK),),
    )
    plan = solve(problem, SolveState(), SolveOptions(time_limit=0.3), TableServiceProvider("http://127.0.0.1:9"))
    assert plan.matrix_provider == "haversine"
    assert "osrm" in plan.matrix_note
    assert plan.dropped == ()
