"""Kanban first paint: from ``set_pipeline`` to every column of ~5,000 cards painted.

    QT_QPA_PLATFORM=offscreen python bench/kanban.py [--repeats 10] [--cards 5000]

Runs on the large demo data set (bench.common.bench_database("large"), loaded once and reused). Its pipelines
hold about 300,000 open orders each, so the board is narrowed to ~5,000 open cards the way a person would: by
the creation period (the most recent days of the first pipeline). Each repeat builds a new KanbanBoard
offscreen, wide enough to show every column, calls ``set_pipeline`` (the board reads itself on the thread pool,
as in the app) and waits for ``board_loaded``; then ``grab()`` paints every column. Target (issue 4, item 7):
< 1 s to first paint.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from bench.common import bench_database, machine, percentiles
from models.database import Database
from models.kanban import BoardFilters, board_options, load_board
from ui.kanban_board import COLUMN_WIDTH, KanbanBoard

TIMEOUT_S = 60


def measure_first_paint(db: Database, pipeline_id: int, repeats: int = 5,
                        filters: BoardFilters | None = None) -> list[float]:
    """Seconds from ``set_pipeline`` to the first paint of all columns, one sample per repeat."""
    app = QApplication.instance() or QApplication([])
    samples = []
    for _ in range(repeats):
        board = KanbanBoard(db, None)
        board.resize(12 * (COLUMN_WIDTH + 8) + 40, 1000)
        if filters is not None:
            board.filter_bar.set_filters(filters)
        board.show()
        app.processEvents()
        loaded = []
        board.board_loaded.connect(lambda marks=loaded: marks.append(time.perf_counter()))
        started = time.perf_counter()
        board.set_pipeline(pipeline_id)
        while not loaded:
            app.processEvents()
            if time.perf_counter() - started > TIMEOUT_S:
                raise TimeoutError(f"the board was not read within {TIMEOUT_S} s")
            time.sleep(0.001)
        image = board.grab()  # paints every column (all are inside the window)
        samples.append(time.perf_counter() - started)
        assert not image.isNull()
        board.close()
        board.deleteLater()
        app.processEvents()
    return samples


def filters_for(db: Database, pipeline_id: int, cards: int) -> tuple[BoardFilters, int]:
    """The most recent creation period whose open cards come closest to ``cards`` (at least one day)."""
    today = date.today()
    best = (BoardFilters(created_from=today), 0)
    for days in (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 20, 30, 45, 60, 90):
        filters = BoardFilters(created_from=today - timedelta(days=days - 1))
        board = load_board(db, pipeline_id, filters)
        shown = sum(len(c.cards) for c in board.columns if not c.closed)
        if abs(shown - cards) < abs(best[1] - cards):
            best = (filters, shown)
        if shown >= cards:
            break
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--cards", type=int, default=5_000)
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv)
    db, _server = bench_database("large")
    pipeline = board_options(db).pipelines[0]
    filters, open_cards = filters_for(db, pipeline.id, args.cards)
    board = load_board(db, pipeline.id, filters)
    print(f"{machine()}")
    print(f"pipeline {pipeline.name!r}, created since {filters.created_from:%d.%m.%Y}: {open_cards:,} open cards, "
          f"{board.card_count:,} cards on the board in {len(board.columns)} columns")
    query = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        load_board(db, pipeline.id, filters)
        query.append((time.perf_counter() - started) * 1000)
    q = percentiles(query)
    print(f"load_board alone:  p50 {q['p50']:.0f} ms, p95 {q['p95']:.0f} ms (n={q['n']})")
    samples = [s * 1000 for s in measure_first_paint(db, pipeline.id, args.repeats, filters)]
    p = percentiles(samples)
    print(f"set_pipeline → first paint of all columns: p50 {p['p50']:.0f} ms, p95 {p['p95']:.0f} ms, "
          f"max {p['max']:.0f} ms (n={p['n']}; target < 1000 ms)")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
