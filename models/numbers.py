"""Numbers as people type them: "1 500,5", "1500.5", with no-break spaces from a copied cell."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def typed_decimal(value: object) -> Decimal:
    """``value`` as a Decimal; ValueError for anything that is not a finite number (a bool included)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        try:
            number = Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return number
