"""Views a user saved on a list (quick filters of the order registry): a name and the filter spec."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class SavedView(CreatedAt, Base):
    """One named filter of one user on one list (``kind``, e.g. ``orders``)."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("user_id", "kind", "name", name="uq_saved_views_user_kind_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(100))
    spec: Mapped[dict] = mapped_column(JSONB, server_default="{}")
