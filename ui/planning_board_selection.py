"""Which technicians' rows are selected on the planning board (to optimise them), and the current row.

Click a row header to select only it, Ctrl+click to add or remove it, Shift+click to select the range from the
last row clicked; Space toggles the current row, Shift+Space selects the range to it, Esc clears. Rows are kept in
board order so "the range" means what the user sees.
"""

from __future__ import annotations

from collections.abc import Sequence


class TechnicianSelection:
    """The selected technician ids (in row order), the anchor of range selections and the current row."""

    def __init__(self) -> None:
        self.order: list[int] = []  # technician ids top to bottom, as the rows are shown
        self.selected: set[int] = set()
        self.anchor: int | None = None
        self.current: int | None = None

    def ids(self) -> list[int]:
        return [t for t in self.order if t in self.selected]

    def set_order(self, order: Sequence[int]) -> bool:
        """The rows now shown; technicians no longer shown leave the selection. True when the selection changed."""
        self.order = list(order)
        shown = set(self.order)
        if self.anchor not in shown:
            self.anchor = None
        if self.current not in shown:
            self.current = None
        kept = self.selected & shown
        changed = kept != self.selected
        self.selected = kept
        return changed

    def click(self, tech_id: int, *, add: bool = False, extend: bool = False) -> None:
        """A click on a row header: only this row; ``add`` (Ctrl) toggles it; ``extend`` (Shift) the range."""
        if tech_id not in self.order:
            return
        self.current = tech_id
        if extend and self.anchor is not None:
            first, last = sorted((self.order.index(self.anchor), self.order.index(tech_id)))
            block = set(self.order[first:last + 1])
            self.selected = self.selected | block if add else block
            return
        if add:
            self.selected ^= {tech_id}
        else:
            self.selected = {tech_id}
        self.anchor = tech_id

    def click_group(self, tech_ids: Sequence[int], *, add: bool = False) -> None:
        """A click on a zone header: its technicians; with ``add`` (Ctrl) toggled as a whole."""
        ids = {t for t in tech_ids if t in self.order}
        if add and ids and ids <= self.selected:
            self.selected -= ids
        else:
            self.selected = (self.selected | ids) if add else ids
        if tech_ids:
            self.current = self.anchor = tech_ids[0]

    def toggle_current(self, *, extend: bool = False) -> bool:
        if self.current is None:
            return False
        if extend:
            self.click(self.current, add=True, extend=True)
        else:
            self.click(self.current, add=True)
        return True

    def step_current(self, step: int) -> int | None:
        """Move the current row up (-1) or down (+1); the first row when there is none."""
        if not self.order:
            return None
        if self.current not in self.order:
            self.current = self.order[0]
        else:
            index = min(max(self.order.index(self.current) + step, 0), len(self.order) - 1)
            self.current = self.order[index]
        return self.current

    def clear(self) -> bool:
        had = bool(self.selected)
        self.selected = set()
        self.anchor = None
        return had
