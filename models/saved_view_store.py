"""A user's saved views of a list (the order registry's quick filters): list, save under a name, delete."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from models.database import Database
from models.saved_views import SavedView

NAME_MAX = 100
KIND_MAX = 30


class SavedViewError(ValueError):
    """A view cannot be saved as asked; the message says what to change."""


@dataclass(frozen=True)
class SavedViewRow:
    id: int
    name: str
    spec: dict


def _checked(kind: str, name: str) -> tuple[str, str]:
    kind, name = (kind or "").strip(), " ".join((name or "").split())
    if not kind or len(kind) > KIND_MAX:
        raise SavedViewError(f"The list kind {kind!r} must be 1 to {KIND_MAX} characters.")
    if not name:
        raise SavedViewError("Give the view a name, e.g. \"My overdue installations\".")
    if len(name) > NAME_MAX:
        raise SavedViewError(f"The view name is {len(name)} characters long; shorten it to {NAME_MAX}.")
    return kind, name


def list_views(db: Database, user_id: int, kind: str) -> list[SavedViewRow]:
    """The user's views of this list, by name."""
    with db.session() as session:
        rows = session.execute(
            select(SavedView.id, SavedView.name, SavedView.spec)
            .where(SavedView.user_id == user_id, SavedView.kind == kind)
            .order_by(SavedView.name, SavedView.id)
        ).all()
    return [SavedViewRow(i, name, dict(spec or {})) for i, name, spec in rows]


def save_view(db: Database, user_id: int, kind: str, name: str, spec: dict) -> int:
    """Save ``spec`` as the user's view ``name`` of this list, replacing one of the same name; return its id.

    Saving the same view twice leaves one row. The old row is deleted and a new one inserted rather than
    updated, because technicians and accountants may insert and delete their views but not update them.
    """
    kind, name = _checked(kind, name)
    if not isinstance(spec, dict):
        raise SavedViewError("A view's filter must be a mapping of settings.")
    try:
        spec = json.loads(json.dumps(spec))
    except (TypeError, ValueError) as exc:
        raise SavedViewError(f"The view's filter cannot be stored: {exc}.") from exc
    with db.transaction() as session:
        same = (SavedView.user_id == user_id, SavedView.kind == kind, SavedView.name == name)
        current = session.execute(select(SavedView.id, SavedView.spec).where(*same)).first()
        if current is not None and current.spec == spec:
            return current.id
        session.execute(delete(SavedView).where(*same))
        new_id = session.execute(
            insert(SavedView).values(user_id=user_id, kind=kind, name=name, spec=spec)
            .on_conflict_do_nothing(constraint="uq_saved_views_user_kind_name").returning(SavedView.id)
        ).scalar()
        if new_id is None:  # the same user saved it from another desk a moment ago: that copy stands
            new_id = session.execute(select(SavedView.id).where(*same)).scalar_one()
        return new_id


def delete_view(db: Database, user_id: int, kind: str, name: str) -> bool:
    """Delete the user's view of that name; False when there was none (deleting twice is harmless)."""
    kind, name = _checked(kind, name)
    with db.transaction() as session:
        result = session.execute(delete(SavedView).where(
            SavedView.user_id == user_id, SavedView.kind == kind, SavedView.name == name))
        return result.rowcount > 0
