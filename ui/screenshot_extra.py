"""The screens `python main.py screenshot` shoots after the main views: an optimised plan previewed on the planning
board with its Optimise window, the unit form showing a serial registered to another client, and the day's route
sheets in the PDF preview. Each shows real state of the demo data; nothing is saved."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from models.views import ClientCard, EquipmentRow

OPTIMISE_SECONDS = 2.0  # long enough for a sensible plan of one zone's day on the demo data
WAIT_SECONDS = 120.0  # the most a shot waits for its screen to be ready before it is taken as it is
OPTIMISE_TECHNICIANS = 3  # the busiest of the zone, selected on the board; the others stay unticked
OPTIMISE_SIZE = (1400, 860)
OPTIMISE_COLUMNS = [340, 560, 500]  # the Optimise window's checklist, stop lists, map and figures
UNIT_FORM_WIDTH = 720
PDF_PREVIEW_SIZE = (900, 1000)

Save = Callable[[QWidget, str], None]


def wait_until(ready: Callable[[], bool], timeout: float = WAIT_SECONDS) -> bool:
    """Process events until ``ready()`` is true or ``timeout`` seconds have passed; whether it became true."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents()
        time.sleep(0.02)
    QApplication.processEvents()
    return True


def _warn(what: str) -> None:
    import sys

    print(f"fielddesk screenshot: {what}; the screen is shot as it is", file=sys.stderr)


def select_busiest_technicians(board, count: int) -> list[int]:
    """Select on the board, as Ctrl+clicks on their names would, the ``count`` technicians on shift (in the zone
    shown) with the most visits of the day shown; their ids."""
    shown = board.board
    if shown is None:
        return []
    rows = {row.technician.id: row for row in board.view.layout_rows.technician_rows()}
    visits = Counter(v.technician_id for v in shown.visits if v.technician_id in rows)

    def in_zone(tech: int) -> bool:  # the Optimise window leaves out a technician on shift in another zone
        return board.zone_id is None or all(s.zone_id in (None, board.zone_id)
                                            for s in shown.shifts_of(tech, shown.day_from))

    chosen = [tech for tech, _n in visits.most_common()
              if shown.idle_reason(tech, shown.day_from) is None and in_zone(tech)][:count]
    board.clear_technician_selection()
    for tech in chosen:
        row = rows[tech]
        board.view.click_technician_header(row.y + row.height / 2, Qt.KeyboardModifier.ControlModifier)
    return board.selected_technician_ids()


def show_optimise_preview(window, save: Save, number: int) -> None:
    """The next day with visits, one zone, its busiest technicians selected on the board: solve for
    OPTIMISE_SECONDS and shoot the board previewing the plan (with the proposed routes on the map), then the
    Optimise window itself; the plan is discarded."""
    from ui.optimise_dialog import OptimiseDialog

    page = window.planning_page
    window.show_page("planning")
    page.ensure_loaded()
    board = page.board
    wait_until(lambda: board.board is not None)
    for _ in range(7):  # the first day after today with visits enough to optimise
        board.step(1)
        wait_until(lambda: board.board is not None and board.board.day_from == board.day)
        if board.board is not None and len(board.board.visits) >= 10:
            break
    if page.zone_combo.count() > 1:
        page.zone_combo.setCurrentIndex(1)
        wait_until(lambda: board.board is not None and board.zone_id == page.zone_combo.currentData())
    if not select_busiest_technicians(board, OPTIMISE_TECHNICIANS):
        _warn("no technician with visits to optimise was found")
    page.optimise_dialog_class = partial(OptimiseDialog, time_limits=(OPTIMISE_SECONDS,))
    page.optimise_button.click()
    dialog = page.optimise_dialog
    if dialog is None:
        _warn("the Optimise window did not open")
        return
    dialog.resize(*OPTIMISE_SIZE)
    splitter = dialog.findChild(QSplitter)
    if splitter is not None:  # room for the checklist's names and shift hours
        splitter.setSizes(OPTIMISE_COLUMNS)
    dialog.start_button.click()  # solves once the day of the technicians ticked is read
    if not wait_until(lambda: dialog.plan is not None and board.preview is not None):
        _warn("no plan was found in time")
    save(window, f"{number:02d}-planning-optimise-preview")
    save(dialog, f"{number + 1:02d}-optimise-window")
    dialog.reject()
    wait_until(lambda: page.optimise_dialog is None and board.preview is None, 10.0)
    del page.optimise_dialog_class  # back to the class's own
    page.zone_combo.setCurrentIndex(0)
    board.go_today()


def serial_conflict(cards: list[ClientCard]) -> tuple[EquipmentRow, str] | None:
    """A unit with a serial and the serial of a unit of the same kind (else any) of another client, by another
    name: the pair the unit form shows in conflict."""
    units = [(card, unit) for card in cards for unit in card.equipment if unit.serial]
    pairs = [(unit, other) for card, unit in units for other_card, other in units
             if other_card.id != card.id and other_card.name != card.name and other.serial != unit.serial]
    if not pairs:
        return None
    unit, other = next(((u, o) for u, o in pairs if u.kind == o.kind), pairs[0])
    return unit, other.serial


def show_serial_conflict(window, db, cards: list[ClientCard], save: Save, number: int) -> None:
    """The unit form of a demo unit with its serial changed to one registered to another client: the inline
    conflict under the serial, before Save (the form is closed unsaved)."""
    from ui.equipment_dialog import EquipmentDialog

    pair = serial_conflict(cards)
    if pair is None:
        _warn("no two clients' units with serials were found for the serial conflict")
        return
    unit, serial = pair
    dialog = EquipmentDialog(db, unit_id=unit.id, parent=window)
    dialog.show()
    wait_until(dialog.isEnabled)
    dialog.serial_edit.setText(serial)
    dialog.check_serial()
    if not wait_until(lambda: bool(dialog.conflicts) and dialog.serial_note.isVisible()):
        _warn("the serial conflict did not show")
    dialog.resize(UNIT_FORM_WIDTH, dialog.sizeHint().height())
    save(dialog, f"{number:02d}-unit-serial-conflict")
    dialog.reject()


def show_route_sheets(window, save: Save, number: int) -> None:
    """Today's route sheets as the Planning page prints them, in the PDF preview with the first page drawn."""
    page = window.planning_page
    window.show_page("planning")
    page.print_button.click()
    printer = page.printer
    if not wait_until(lambda: printer is not None and printer.preview is not None):
        _warn("the route sheets were not made in time")
        return
    preview = printer.preview
    preview.resize(*PDF_PREVIEW_SIZE)
    if not wait_until(lambda: 0 in preview.view.rendered_pages()):
        _warn("the first page of the route sheets was not drawn in time")
    save(preview, f"{number:02d}-route-sheets-preview")
    preview.accept()
