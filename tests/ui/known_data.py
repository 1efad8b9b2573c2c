"""What the UI tests know about the demo data, picked from the database as stored."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownClient:
    """A demo client with a phone and equipment, as stored."""

    id: int
    name: str
    e164: str
    units: tuple[str, ...]  # equipment models


def national_format(e164: str) -> str:
    """+73511234567 as a Russian dispatcher types it: 8 (351) 123-45-67."""
    digits = e164.removeprefix("+7")
    return f"8 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
