"""Every entity module, imported once so the metadata (and Alembic) sees the whole schema."""

from models import audit, calls, catalog, clients, company, equipment, pipelines, scheduling, timeline  # noqa: F401
from models.base import Base

metadata = Base.metadata
