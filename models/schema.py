"""Every entity module, imported once so the metadata (and Alembic) sees the whole schema."""

from models import (  # noqa: F401
    audit,
    calls,
    catalog,
    claims,
    clients,
    company,
    equipment,
    field_work,
    maintenance,
    payments,
    pipeline_rules,
    pipelines,
    saved_views,
    scheduling,
    service_status,
    timeline,
)
from models.base import Base

metadata = Base.metadata
