"""Phones in any format a dispatcher or a PBX uses come out as one E.164 number."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.phones import InvalidPhone, looks_like_phone, normalise_phone


@pytest.mark.parametrize("text", ["8 (351) 123-45-67", "+7 351 123 4567", "73511234567", "351-123-45-67"])
def test_usual_formats_normalise_to_one_number(text):
    assert normalise_phone(text).e164 == "+73511234567"
    assert normalise_phone(text).digits == "73511234567"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("123", "not a valid phone"), ("+7 351 12", "not a valid phone"), ("звоните мне", "characters")],
)
def test_invalid_phone_says_why(text, reason):
    with pytest.raises(InvalidPhone, match=reason):
        normalise_phone(text)


@given(st.integers(min_value=900_000_0000, max_value=999_999_9999))
def test_mobile_numbers_round_trip_through_every_format(n):
    national = str(n)
    variants = [
        f"8{national}",
        f"+7{national}",
        f"7{national}",
        f"8 ({national[:3]}) {national[3:6]}-{national[6:8]}-{national[8:]}",
    ]
    results = {normalise_phone(v).e164 for v in variants}
    assert results == {f"+7{national}"}


def test_looks_like_phone():
    assert looks_like_phone("351-123")
    assert not looks_like_phone("Ленина 5")
    assert not looks_like_phone("1042")
