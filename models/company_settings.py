"""The company-wide settings people change in Settings: the callback deadline, the holiday calendar and the share
of each day kept free for urgent calls. Only an admin may change them (the database grants say so too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import update

from models.company import Company, company_settings
from models.database import Database

EDITOR_ROLES = ("admin",)


@dataclass(frozen=True)
class CompanySettings:
    callback_sla_minutes: int
    holiday_country: str
    urgent_buffer_percent: int


class SettingsRefused(ValueError):
    """A value out of range or a user without the right; the message says which and what to do."""


def holiday_countries() -> tuple[str, ...]:
    """ISO codes of the countries whose public-holiday calendars are available."""
    return tuple(sorted(code for code in holidays.list_supported_countries(include_aliases=False) if len(code) == 2))


def load_company_settings(db: Database) -> CompanySettings:
    with db.session() as session:
        row = company_settings(session)
        return CompanySettings(row.callback_sla_minutes, row.holiday_country, row.urgent_buffer_percent)


def save_company_settings(db: Database, settings: CompanySettings, *, role: str | None) -> CompanySettings:
    """Store ``settings`` after checking them; raises SettingsRefused naming the problem."""
    if role not in EDITOR_ROLES:
        raise SettingsRefused("Only an administrator may change company settings; ask yours to do it.")
    if not 1 <= settings.callback_sla_minutes <= 1440:
        raise SettingsRefused("The callback deadline must be between 1 and 1440 minutes (24 hours).")
    if not 0 <= settings.urgent_buffer_percent <= 90:
        raise SettingsRefused("The share kept free for urgent calls must be between 0 and 90 %.")
    if settings.holiday_country not in holiday_countries():
        raise SettingsRefused(f"There is no public-holiday calendar for {settings.holiday_country!r}; "
                              f"choose a country from the list.")
    with db.transaction() as session:
        session.execute(update(Company).values(callback_sla_minutes=settings.callback_sla_minutes,
                                               holiday_country=settings.holiday_country,
                                               urgent_buffer_percent=settings.urgent_buffer_percent))
    return settings


def company_today(db: Database) -> date:
    """Today's date where the company works (its time zone), whatever the clock of the machine asking."""
    with db.session() as session:
        zone = company_settings(session).time_zone
    return datetime.now(ZoneInfo(zone)).date()
