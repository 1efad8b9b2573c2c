"""The Solomon reader and command line on the shared instances."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from routing.solomon import read_solomon, to_problem

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "solomon"
C101_BKS = 828.94

pytestmark = pytest.mark.skipif(not (DATA / "C101.txt").exists(), reason="shared Solomon data not present")


def test_reader_on_c101() -> None:
    inst = read_solomon(DATA / "C101.txt")
    assert inst.name == "C101"
    assert (inst.vehicles, inst.capacity) == (25, 200)
    assert len(inst.customers) == 100
    assert (inst.depot.x, inst.depot.y, inst.depot.due) == (40, 50, 1236)
    first = inst.customers[0]
    assert (first.id, first.x, first.y, first.demand, first.ready, first.due, first.service) == (
        1,
        45,
        68,
        10,
        912,
        967,
        90,
    )
    problem = to_problem(inst)
    assert len(problem.technicians) == 25
    assert problem.technicians[0].capacity == 200
    assert sum(v.demand for v in problem.visits) == 1810


def test_command_line_solves_and_checks_c101() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "routing.solomon", str(DATA / "C101.txt"), "--time-limit", "2", "--seed", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stderr
    vehicles = int(re.search(r"^vehicles: (\d+)$", out.stdout, re.M).group(1))  # type: ignore[union-attr]
    distance = float(re.search(r"^distance: ([\d.]+)$", out.stdout, re.M).group(1))  # type: ignore[union-attr]
    routes = re.findall(r"^Route #\d+: (.+)$", out.stdout, re.M)
    assert len(routes) == vehicles <= 25
    assert sorted(int(c) for r in routes for c in r.split()) == list(range(1, 101))
    assert C101_BKS - 0.01 <= distance < 1.1 * C101_BKS
    assert not math.isnan(distance)
