"""The zone editor: zones on the map, drawn and reshaped by hand, with their dispatcher and technicians.

Draw a new zone by clicking its corners on the map; a double-click or Enter closes the outline, Backspace takes
back the last corner and Esc cancels. Reshape a zone by dragging its corners; a double-click on an edge adds a
corner, a right-click on a corner removes it. An outline that crosses itself or has fewer than three corners is
refused with the reason written on the map, before anything is saved. Zones may overlap. Administrators,
managers and service heads edit; everyone else sees the zones read-only.
"""

from __future__ import annotations

import re
from functools import partial

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.users import UserRef
from models.zone_admin import (
    EDITOR_ROLES,
    ZoneAdminData,
    ZoneDraft,
    ZoneInfo,
    delete_zone,
    load_zone_admin,
    polygon_from_rings,
    save_zone_details,
    zone_rings,
)
from models.zones import InvalidZonePolygon, validate_zone_polygon
from ui.map_canvas import MapCanvas, MapZone, lat_lon, scene_point
from ui.map_items import SketchItem, VertexHandle, segment_distance
from ui.tasks import run_in_background
from ui.zone_form import ZoneForm, swatch

NEW_ZONE = -1  # the map id of a zone drawn but not saved yet
PALETTE = ("#5b8def", "#43a047", "#fb8c00", "#8e24aa", "#e53935", "#00897b", "#6d4c41", "#3949ab", "#c0ca33")
IDLE, DRAWING, EDITING = "idle", "drawing", "editing"
#: The point a validity reason names, e.g. "Self-intersection[61.375 55.16]" (lon lat).
POINT_IN_REASON = re.compile(r"\[(?P<lon>-?\d+(?:\.\d+)?) (?P<lat>-?\d+(?:\.\d+)?)\]")


class ZoneEditor(QWidget):
    """Zones on the map with their names, colours, dispatcher and technicians; see the module docstring."""

    zones_changed = Signal()
    status_message_requested = Signal(str)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None, *,
                 tile_url: str | None = None, cache_dir=None):
        super().__init__(parent)
        self.db = db
        self.role = user.role if user else None
        self.editable = self.role in EDITOR_ROLES
        self.data: ZoneAdminData | None = None
        self.selected: ZoneInfo | None = None  # the stored zone being edited; None with a new outline
        self.rings: list[list[tuple[float, float]]] = []
        self.parts: list[int] = []
        self.color = PALETTE[0]
        self.mode = IDLE
        self.dirty = False
        self.invalid_reason: str | None = None
        self.points: list[tuple[float, float]] = []  # corners clicked while drawing
        self.handles: list[VertexHandle] = []
        self.sketch: SketchItem | None = None
        self._select_after_load: int | None = None
        self._reload_pending = False
        self._filling = False

        self.canvas = MapCanvas(self, tile_url=tile_url, cache_dir=cache_dir)
        self.canvas.map_clicked.connect(self.on_canvas_map_clicked)
        self.canvas.map_double_clicked.connect(self.on_canvas_map_double_clicked)
        self.canvas.cursor_moved.connect(self.on_canvas_cursor_moved)
        self.canvas.zone_clicked.connect(self.on_canvas_zone_clicked)
        self.canvas.installEventFilter(self)
        self.hint = QLabel()
        self.hint.setObjectName("secondaryText")
        self.hint.setWordWrap(True)
        map_side = QWidget()
        map_layout = QVBoxLayout(map_side)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.addWidget(self.canvas, 1)
        map_layout.addWidget(self.hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_panel())
        splitter.addWidget(map_side)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 700])
        splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._update_controls()
        self.reload()

    def _build_panel(self) -> QWidget:
        self.new_button = QPushButton(self.tr("New zone"))
        self.new_button.setToolTip(self.tr("Click the corners of the new zone on the map; double-click or press "
                                           "Enter to close the outline."))
        self.new_button.clicked.connect(self.start_drawing)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        self.zone_list = QListWidget()
        self.zone_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.zone_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.zone_list.currentItemChanged.connect(self.on_zone_list_current_item_changed)
        self.form = ZoneForm()
        self.name_edit, self.color_button = self.form.name_edit, self.form.color_button
        self.dispatcher_combo, self.technician_list = self.form.dispatcher_combo, self.form.technician_list
        self.name_edit.textChanged.connect(self.on_name_edit_text_changed)
        self.color_button.clicked.connect(self.on_color_button_clicked)
        self.dispatcher_combo.activated.connect(self._mark_dirty)
        self.technician_list.itemChanged.connect(self._mark_dirty)
        self.save_button = QPushButton(self.tr("Save zone"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.discard_button = QPushButton(self.tr("Discard changes"))
        self.discard_button.clicked.connect(self.on_discard_button_clicked)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Zones")), 1)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.zone_list, 2)
        layout.addWidget(self.form, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        return panel

    # ---- loading -------------------------------------------------------------------------------------------
    def on_data_changed(self, *_changes) -> None:
        """Another workstation changed zones: read them again, once the outline being edited is saved or dropped."""
        if self.dirty or self.mode == DRAWING:
            self._reload_pending = True
        else:
            self._select_after_load = self.selected.id if self.selected is not None else None
            self.reload()

    def reload(self) -> None:
        """Read the zones again (after a save here or a change on another workstation)."""
        self._reload_pending = False
        run_in_background(load_zone_admin, self.db, on_done=self.on_loaded, on_error=lambda exc: self._say(str(exc)))

    def on_loaded(self, data: ZoneAdminData) -> None:
        self.data = data
        self._filling = True
        self.zone_list.clear()
        names = {t.id: t.full_name for t in data.technicians}
        for zone in data.zones:
            who = zone.dispatcher_name or self.tr("no dispatcher")
            count = self.tr("%n technician(s)", "", len(zone.technician_ids))
            item = QListWidgetItem(swatch(zone.color), f"{zone.name}\n{who} · {count}")
            item.setData(Qt.ItemDataRole.UserRole, zone.id)
            item.setToolTip(", ".join(names.get(t, "?") for t in zone.technician_ids) or self.tr("No technicians"))
            self.zone_list.addItem(item)
        self.form.set_people(data.dispatchers, data.technicians)
        self._filling = False
        self.canvas.set_zones([self._map_zone(z.id, z.name, z.color, zone_rings(z.polygon)[0]) for z in data.zones])
        wanted, self._select_after_load = self._select_after_load, None
        self._leave_edit()
        if wanted is not None:
            self.select_zone(wanted)

    @staticmethod
    def _map_zone(zone_id: int, name: str, color: str, rings: list[list[tuple[float, float]]]) -> MapZone:
        return MapZone(zone_id, name, color, [list(ring) for ring in rings])  # copies: the editor mutates its rings

    def zone_by_id(self, zone_id: int) -> ZoneInfo | None:
        return next((z for z in self.data.zones if z.id == zone_id), None) if self.data else None

    # ---- selecting -----------------------------------------------------------------------------------------
    def select_zone(self, zone_id: int) -> bool:
        """Open a zone for editing (or viewing); refused while another zone has unsaved changes."""
        zone = self.zone_by_id(zone_id)
        if zone is None or (self.selected is not None and self.selected.id == zone_id and self.mode == EDITING):
            return zone is not None
        if self.dirty or self.mode == DRAWING:
            self._say(self.tr("Save or discard the changes to the zone you are editing first."), on_map=True)
            self._sync_list_selection()
            return False
        self._leave_edit()
        self.selected = zone
        self.rings, self.parts = zone_rings(zone.polygon)
        self.color = zone.color
        self._fill_form(zone.name, zone.dispatcher_id, zone.technician_ids)
        self.mode = EDITING
        self._show_outline()
        self._sync_list_selection()
        self._update_controls()
        return True

    def _fill_form(self, name: str, dispatcher_id: int | None, technician_ids: tuple[int, ...]) -> None:
        self._filling = True
        self.form.show_zone(name, self.color, dispatcher_id, technician_ids)
        self._filling = False

    def _sync_list_selection(self) -> None:
        wanted = self.selected.id if self.selected is not None else None
        self.zone_list.blockSignals(True)
        for row in range(self.zone_list.count()):
            if self.zone_list.item(row).data(Qt.ItemDataRole.UserRole) == wanted:
                self.zone_list.setCurrentRow(row)
                break
        else:
            self.zone_list.setCurrentRow(-1)
        self.zone_list.blockSignals(False)

    def on_zone_list_current_item_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.select_zone(current.data(Qt.ItemDataRole.UserRole))

    def on_canvas_zone_clicked(self, zone_id: int) -> None:
        if self.mode != DRAWING and zone_id != NEW_ZONE:
            self.select_zone(zone_id)

    def _leave_edit(self) -> None:
        """Forget the outline being drawn or edited and show every zone as stored."""
        self._clear_handles()
        if self.sketch is not None:
            self.canvas.scene().removeItem(self.sketch)
            self.sketch = None
        self.canvas.remove_zone(NEW_ZONE)
        if self.selected is not None:
            zone = self.selected
            self.canvas.update_zone(self._map_zone(zone.id, zone.name, zone.color, zone_rings(zone.polygon)[0]))
        self.canvas.emphasise_zone(None)
        self._clear_problem()
        self.selected, self.rings, self.parts, self.points = None, [], [], []
        self.mode, self.dirty, self.invalid_reason = IDLE, False, None
        self._fill_form("", None, ())
        self._update_controls()

    # ---- drawing a new zone --------------------------------------------------------------------------------
    def start_drawing(self) -> None:
        """Begin a new outline: each click on the map adds a corner."""
        if self.dirty:
            self._say(self.tr("Save or discard the changes to the zone you are editing first."), on_map=True)
            return
        self._leave_edit()
        self._sync_list_selection()
        used = {z.color for z in self.data.zones} if self.data else set()
        self.color = next((c for c in PALETTE if c not in used), PALETTE[0])
        self.mode = DRAWING
        self.result_label.clear()
        self.sketch = SketchItem(self.color)
        self.canvas.scene().addItem(self.sketch)
        self.canvas.setFocus()
        self._update_controls()

    def add_point(self, lat: float, lon: float) -> None:
        """A corner clicked; a click on the first corner closes the outline."""
        if self.points and self.points[-1] == (lat, lon):
            return
        if len(self.points) >= 3:
            first = self.canvas.mapFromScene(scene_point(*self.points[0])).toPointF()
            here = self.canvas.mapFromScene(scene_point(lat, lon)).toPointF()
            if (first - here).manhattanLength() <= 8:
                self.finish_drawing()
                return
        self.points.append((lat, lon))
        self._clear_problem()
        self._redraw_sketch()

    def remove_last_point(self) -> None:
        if self.points:
            self.points.pop()
            self._clear_problem()
            self._redraw_sketch()

    def finish_drawing(self) -> bool:
        """Close the outline drawn so far; refused, with the reason on the map, when it is not a valid area."""
        if self.mode != DRAWING:
            return False
        rings = [list(self.points)]
        reason = self._outline_problem(rings)
        if reason is not None:
            self._say(reason, on_map=True)
            return False
        points, color = list(self.points), self.color
        self._leave_edit()
        self.color = color
        self.rings, self.parts = [points], [1]
        self.mode, self.dirty = EDITING, True
        self._fill_form("", None, ())
        self._show_outline()
        self._update_controls()
        self._say(self.tr("Outline closed. Name the zone, choose its dispatcher and technicians, then save it."))
        self.name_edit.setFocus()
        return True

    def _redraw_sketch(self) -> None:
        if self.sketch is None:
            return
        self._clear_handles()
        self.sketch.set_points([scene_point(*p) for p in self.points], None)
        for index, point in enumerate(self.points):
            handle = VertexHandle(0, index, self.color, on_moved=lambda *_args: None)
            handle.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # corners are placed, not dragged, while drawing
            handle.setPos(scene_point(*point))
            self.canvas.scene().addItem(handle)
            self.handles.append(handle)
        self._update_controls()

    def on_canvas_map_clicked(self, lat: float, lon: float) -> None:
        if self.mode == DRAWING:
            self.add_point(lat, lon)

    def on_canvas_map_double_clicked(self, lat: float, lon: float) -> None:
        if self.mode == DRAWING:
            self.finish_drawing()
        elif self.mode == EDITING and self.editable:
            self.insert_vertex_near(lat, lon)

    def on_canvas_cursor_moved(self, lat: float, lon: float) -> None:
        if self.mode == DRAWING and self.points and self.sketch is not None:
            self.sketch.set_points([scene_point(*p) for p in self.points], scene_point(lat, lon))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canvas and event.type() == QEvent.Type.KeyPress and self.mode == DRAWING:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.finish_drawing()
                return True
            if key == Qt.Key.Key_Escape:
                self._leave_edit()
                self._say(self.tr("Drawing cancelled."))
                if self._reload_pending:
                    self.reload()
                return True
            if key == Qt.Key.Key_Backspace:
                self.remove_last_point()
                return True
        return super().eventFilter(watched, event)

    # ---- editing an outline --------------------------------------------------------------------------------
    def _redraw_zone(self) -> None:
        """Draw the outline being edited in place of the stored one, red and dashed while it is refused."""
        zone_id = self.selected.id if self.selected is not None else NEW_ZONE
        name = self.name_edit.text().strip() or self.tr("New zone")
        self.canvas.update_zone(self._map_zone(zone_id, name, self.color, self.rings))
        self.canvas.emphasise_zone(zone_id)
        self.canvas.zone_item(zone_id).set_emphasis(True, invalid=self.invalid_reason is not None)

    def _show_outline(self) -> None:
        """The outline being edited with a handle on every corner."""
        self._redraw_zone()
        self._clear_handles()
        if not self.editable:
            return
        tip = self.tr("Drag to move this corner; right-click to remove it.")
        for ring_index, ring in enumerate(self.rings):
            for index, point in enumerate(ring):
                handle = VertexHandle(ring_index, index, self.color, on_moved=self.move_vertex,
                                      on_remove=self.on_handle_remove_requested, tooltip=tip)
                handle.setPos(scene_point(*point))
                self.canvas.scene().addItem(handle)
                self.handles.append(handle)

    def _clear_handles(self) -> None:
        for handle in self.handles:
            self.canvas.scene().removeItem(handle)
        self.handles = []

    def on_handle_remove_requested(self, ring: int, index: int) -> None:
        QTimer.singleShot(0, partial(self.remove_vertex, ring, index))  # after the click: removing rebuilds handles

    def move_vertex(self, ring: int, index: int, scene_pos: QPointF, finished: bool) -> None:
        """A corner dragged to a new place; the outline follows and is checked when the drag ends."""
        if not self.editable or self.mode != EDITING:
            return
        self.rings[ring][index] = lat_lon(scene_pos)
        self.dirty = True
        if finished:
            self._check_outline()
            self._update_controls()
        self._redraw_zone()

    def remove_vertex(self, ring: int, index: int) -> None:
        if not self.editable or self.mode != EDITING:
            return
        if len(self.rings[ring]) <= 3:
            self._say(self.tr("A zone needs at least three corners; this one cannot be removed."), on_map=True)
            return
        del self.rings[ring][index]
        self._outline_changed()

    def insert_vertex_near(self, lat: float, lon: float, max_pixels: float = 12.0) -> bool:
        """Add a corner on the edge nearest to a double-click, when the click is that close to an edge."""
        target = self.canvas.mapFromScene(scene_point(lat, lon)).toPointF()
        best: tuple[float, int, int] | None = None
        for ring_index, ring in enumerate(self.rings):
            for index, a in enumerate(ring):
                b = ring[(index + 1) % len(ring)]
                pa = self.canvas.mapFromScene(scene_point(*a)).toPointF()
                pb = self.canvas.mapFromScene(scene_point(*b)).toPointF()
                distance = segment_distance(target, pa, pb)
                if best is None or distance < best[0]:
                    best = (distance, ring_index, index + 1)
        if best is None or best[0] > max_pixels:
            return False
        self.rings[best[1]].insert(best[2], (lat, lon))
        self._outline_changed()
        return True

    def _outline_changed(self) -> None:
        self.dirty = True
        self._check_outline()
        self._show_outline()
        self._update_controls()

    def _outline_problem(self, rings: list[list[tuple[float, float]]]) -> str | None:
        if any(len(ring) < 3 for ring in rings):
            missing = 3 - min(len(ring) for ring in rings)
            return self.tr("A zone needs at least three corners; click %n more on the map.", "", missing)
        try:
            validate_zone_polygon(polygon_from_rings(rings, self.parts if self.mode == EDITING else None))
        except InvalidZonePolygon as exc:
            return str(exc)
        return None

    def _check_outline(self) -> bool:
        self.invalid_reason = self._outline_problem(self.rings)
        if self.invalid_reason:
            self._show_problem(self.invalid_reason)
        else:
            self._clear_problem()
        return self.invalid_reason is None

    def _show_problem(self, text: str) -> None:
        """The reason across the top of the map and, when it names a point (where edges cross), a ring there."""
        found = POINT_IN_REASON.search(text)
        self.canvas.show_message(text, at=(float(found["lat"]), float(found["lon"])) if found else None)

    def _clear_problem(self) -> None:
        self.canvas.clear_message()

    # ---- the form ------------------------------------------------------------------------------------------
    def set_color(self, color: str) -> None:
        if QColor(color).isValid():
            self.color = QColor(color).name()
            self.form.paint_color(self.color)
            if self.mode == EDITING:
                self._mark_dirty()
                self._show_outline()

    def on_color_button_clicked(self) -> None:
        color = QColorDialog.getColor(QColor(self.color), self, self.tr("Zone colour"))
        if color.isValid():
            self.set_color(color.name())

    def on_name_edit_text_changed(self, _text: str) -> None:
        if not self._filling and self.mode == EDITING:
            self._mark_dirty()
            self._show_outline()

    def _mark_dirty(self, *_args) -> None:
        if not self._filling and self.mode == EDITING:
            self.dirty = True
            self._update_controls()

    def _update_controls(self) -> None:
        editing = self.editable and self.mode == EDITING
        self.form.set_editing(editing)
        self.save_button.setEnabled(editing and self.dirty)
        self.discard_button.setEnabled(self.editable and (self.dirty or self.mode == DRAWING))
        self.delete_button.setEnabled(editing and self.selected is not None)
        self.new_button.setEnabled(self.editable and self.mode != DRAWING)
        if not self.editable:
            text = self.tr("Only an administrator, a manager or a service head may change zones.")
        elif self.mode == DRAWING:
            text = self.tr("Click the corners of the new zone. Double-click or Enter closes the outline, "
                           "Backspace removes the last corner, Esc cancels. %n corner(s) so far.", "",
                           len(self.points))
        elif self.mode == EDITING:
            text = self.tr("Drag a corner to move it, double-click an edge to add one, right-click a corner to "
                           "remove it. Zones may overlap.")
        else:
            text = self.tr("Click a zone to edit it, or press New zone and click its corners on the map.")
        self.hint.setText(text)

    # ---- saving --------------------------------------------------------------------------------------------
    def current_draft(self) -> ZoneDraft:
        zone_id, city = (self.selected.id, self.selected.city) if self.selected else (None, None)
        return ZoneDraft(zone_id, self.name_edit.text(), polygon_from_rings(self.rings, self.parts), self.color,
                         self.dispatcher_combo.currentData(), self.form.checked_technicians(), city)

    def on_save_button_clicked(self) -> None:
        if self.mode != EDITING or not self.editable:
            return
        if not self._check_outline():
            self._say(self.invalid_reason or "", on_map=True)
            return
        if not self.name_edit.text().strip():
            self._say(self.tr("Give the zone a name."))
            self.name_edit.setFocus()
            return
        self.save_button.setEnabled(False)
        self.result_label.setText(self.tr("Saving…"))
        run_in_background(partial(save_zone_details, role=self.role, expected=self.selected), self.db,
                          self.current_draft(), on_done=self.on_saved, on_error=self.on_save_failed)

    def on_saved(self, zone_id: int) -> None:
        name = self.name_edit.text().strip()
        self.dirty = False
        self._select_after_load = zone_id
        self._say(self.tr("Zone «%1» saved; new requests in it go to its dispatcher.").replace("%1", name))
        self.status_message_requested.emit(self.result_label.text())
        self.zones_changed.emit()
        self.reload()

    def on_save_failed(self, exc: BaseException) -> None:
        self._update_controls()
        self._say(str(exc), on_map=isinstance(exc, InvalidZonePolygon))

    def on_discard_button_clicked(self) -> None:
        """Drop the changes and read the zones again (someone else may have changed this one meanwhile)."""
        self._select_after_load = self.selected.id if self.selected is not None else None
        self._leave_edit()
        self._say(self.tr("Changes discarded."))
        self.reload()

    def on_delete_button_clicked(self) -> None:
        if self.selected is None or not self.editable:
            return
        zone = self.selected
        answer = QMessageBox.question(self, self.tr("Delete zone"),
                                      self.tr("Delete zone «%1»? Its technicians stay; they are only unbound from "
                                              "it.").replace("%1", zone.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        run_in_background(partial(delete_zone, role=self.role), self.db, zone.id,
                          on_done=lambda _none: self.on_deleted(zone.name), on_error=lambda exc: self._say(str(exc)))

    def on_deleted(self, name: str) -> None:
        self.dirty = False
        self._leave_edit()
        self._say(self.tr("Zone «%1» deleted.").replace("%1", name))
        self.zones_changed.emit()
        self.reload()

    def _say(self, text: str, *, on_map: bool = False) -> None:
        self.result_label.setText(text)
        if on_map:
            self._show_problem(text)
