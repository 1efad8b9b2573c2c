"""Phone numbers: one canonical form (E.164) and a digits key, whatever format a person or a PBX uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "RU"
_PHONE_CHARS = re.compile(r"^[\d\s()+\-.]+$")


class InvalidPhone(ValueError):
    """The text is not a phone number that can be dialled; the message says why."""


@dataclass(frozen=True)
class Phone:
    """A parsed phone: E.164 (``+73511234567``) and its digits (``73511234567``)."""

    e164: str

    @property
    def digits(self) -> str:
        return self.e164.lstrip("+")


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> Phone:
    """Parse a phone typed or sent in any usual format into E.164; raise InvalidPhone with the reason."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidPhone("The phone number is empty.")
    if not _PHONE_CHARS.match(raw):
        raise InvalidPhone(f"{raw!r} contains characters a phone number cannot have.")
    digits = re.sub(r"\D", "", raw)
    candidates = [raw]
    # A PBX often sends the international digits without '+', e.g. 73511234567.
    if not raw.startswith("+") and len(digits) >= 11:
        candidates.append("+" + digits)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    raise InvalidPhone(
        f"{raw!r} is not a valid phone number for region {region}: check the number of digits and the code."
    )


def phone_search_keys(text: str, region: str = DEFAULT_REGION) -> list[str]:
    """Digits keys a typed query may match exactly: the normalised number, else nothing."""
    try:
        return [normalise_phone(text, region).digits]
    except InvalidPhone:
        return []


def looks_like_phone(text: str) -> bool:
    """True for text made only of phone characters with at least five digits."""
    text = text.strip()
    return bool(_PHONE_CHARS.match(text)) and sum(c.isdigit() for c in text) >= 5


def format_phone(e164: str) -> str:
    """Human form for display: +7 351 123-45-67."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
