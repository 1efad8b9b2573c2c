"""How dates, times and amounts read on screen (the dispatcher's usual dd.mm.yyyy, 24-hour clock)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QLocale

GROUP_SEPARATOR = "\u00a0"  # a no-break space: "184 000" never splits across lines


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def format_datetime(value: datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def format_time_range(starts: datetime, ends: datetime) -> str:
    """"24.11.2025 10:00–12:00", or both dates when the range crosses midnight."""
    if starts.date() == ends.date():
        return f"{starts:%d.%m.%Y %H:%M}–{ends:%H:%M}"
    return f"{starts:%d.%m.%Y %H:%M} – {ends:%d.%m.%Y %H:%M}"


CURRENCY_SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸", "BYN": "Br"}


def format_money(value: Decimal | None, currency: str) -> str:
    """An amount with its currency sign after it, as Russian price tags read: "184 000 ₽"."""
    if value is None:
        return ""
    return f"{format_amount(value)} {CURRENCY_SIGNS.get(currency, currency)}"


def format_amount(value: Decimal | None) -> str:
    """Grouped digits in the current language, kopecks only when there are any: "184 000", "1 250,50"."""
    if value is None:
        return ""
    decimals = 0 if value == value.to_integral_value() else 2
    text = f"{value:,.{decimals}f}".replace(",", GROUP_SEPARATOR)
    if QLocale().language() == QLocale.Language.Russian:
        text = text.replace(".", ",")
    return text
