"""How calls read on screen: direction and status words, their chips, durations and callback deadlines.

The colours come from the one status palette (ui/status_palette.py); each state carries a short label too,
translated in the palette's context as every Status label is.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ui.status_palette import AMBER, BLUE, GREEN, GREY, RED, Status

CONTEXT = "CallLabels"

CALL_STATUSES: dict[str, Status] = {
    "ringing": Status("call:ringing", AMBER, QT_TRANSLATE_NOOP("StatusPalette", "ringing")),
    "answered": Status("call:answered", BLUE, QT_TRANSLATE_NOOP("StatusPalette", "talking")),
    "ended": Status("call:ended", GREEN, QT_TRANSLATE_NOOP("StatusPalette", "answered")),
    "missed": Status("call:missed", RED, QT_TRANSLATE_NOOP("StatusPalette", "missed")),
    "failed": Status("call:failed", GREY, QT_TRANSLATE_NOOP("StatusPalette", "no answer")),
}

DIRECTIONS = {
    "inbound": ("↙", QT_TRANSLATE_NOOP("CallLabels", "incoming")),
    "outbound": ("↗", QT_TRANSLATE_NOOP("CallLabels", "outgoing")),
    "internal": ("↔", QT_TRANSLATE_NOOP("CallLabels", "internal")),
}

#: Callback deadlines: past due (red), due within DUE_SOON_SECONDS (amber), later (grey, "on time").
CALLBACK_OVERDUE = Status("callback:overdue", RED, QT_TRANSLATE_NOOP("StatusPalette", "overdue"))
CALLBACK_DUE_SOON = Status("callback:soon", AMBER, QT_TRANSLATE_NOOP("StatusPalette", "due soon"))
CALLBACK_WAITING = Status("callback:waiting", GREY, QT_TRANSLATE_NOOP("StatusPalette", "on time"))
DUE_SOON_SECONDS = 10 * 60


def call_status(key: str) -> Status:
    """The chip of a stored call status; an unknown one is grey under its own name."""
    return CALL_STATUSES.get(key) or Status(f"call:{key}", GREY, key)


def direction_label(key: str, *, glyph: bool = True) -> str:
    """"↙ incoming", "↗ outgoing", "↔ internal"."""
    sign, words = DIRECTIONS.get(key, ("", key))
    text = QCoreApplication.translate(CONTEXT, words) if key in DIRECTIONS else key
    return f"{sign} {text}" if glyph and sign else text


def format_duration(seconds: int | None) -> str:
    """"0:07", "12:34", "1:02:03"; empty when unknown."""
    if seconds is None:
        return ""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def compact_span(seconds: float) -> str:
    """A rough length of time: "25 min", "3 h", "2 d"."""
    minutes = int(seconds // 60) if seconds >= 60 else int(seconds > 0)  # "1 min" for anything under a minute
    if minutes < 60:
        return QCoreApplication.translate("CallLabels", "%1 min").replace("%1", str(minutes))
    if minutes < 24 * 60:
        return QCoreApplication.translate("CallLabels", "%1 h").replace("%1", str(minutes // 60))
    return QCoreApplication.translate("CallLabels", "%1 d").replace("%1", str(minutes // (24 * 60)))


def callback_state(due_at: datetime | None, now: datetime) -> tuple[Status, str]:
    """A callback's deadline as a chip and words: ("overdue", "overdue 25 min"), ("due soon", "in 4 min")."""
    if due_at is None:
        return CALLBACK_WAITING, QCoreApplication.translate("CallLabels", "no deadline")
    left = (due_at - now).total_seconds()
    if left < 0:
        words = QCoreApplication.translate("CallLabels", "overdue %1")
        return CALLBACK_OVERDUE, words.replace("%1", compact_span(-left))
    status = CALLBACK_DUE_SOON if left <= DUE_SOON_SECONDS else CALLBACK_WAITING
    return status, QCoreApplication.translate("CallLabels", "in %1").replace("%1", compact_span(left))


def format_when(value: datetime, today: datetime | None = None) -> str:
    """A call's start: the time alone for today, else the date and time ("21.11 09:50", "2025-…" a year back)."""
    today = today or datetime.now(value.tzinfo)
    if value.date() == today.date():
        return value.strftime("%H:%M")
    if value.year == today.year:
        return value.strftime("%d.%m %H:%M")
    return value.strftime("%d.%m.%Y %H:%M")
