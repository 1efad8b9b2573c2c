"""One typed facade over QSettings: every key declared once with its type and default.

Window geometry and table/splitter layouts live in the separate "layout" group; secrets never live here
(they go to the OS keyring).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Key(Generic[T]):
    """A declared setting: where it lives, its type and its default."""

    name: str
    type: type
    default: T


class Settings:
    """Typed access to the user's preferences; pass a QSettings (tests use an INI file in a temp folder)."""

    LANGUAGE = Key[str]("ui/language", str, "")  # "", "ru" or "en"; empty follows the system
    LAST_PAGE = Key[str]("ui/last_page", str, "clients")
    PHONE_EXTENSION = Key[str]("telephony/extension", str, "")  # empty: the signed-in user's extension
    CALL_PANE_PINNED = Key[int]("ui/call_pane_pinned", int, 0)  # 0 or 1 (INI files store booleans as text)

    def __init__(self, store: QSettings | None = None):
        self.store = store or QSettings()

    def get(self, key: Key[T]) -> T:
        value = self.store.value(key.name, key.default)
        try:
            return key.type(value) if value is not None else key.default
        except (TypeError, ValueError):
            return key.default

    def set(self, key: Key[T], value: T) -> None:
        self.store.setValue(key.name, value)

    # layouts: opaque Qt state blobs keyed by the widget's name

    def layout_state(self, name: str) -> QByteArray | None:
        value = self.store.value(f"layout/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_layout_state(self, name: str, state: QByteArray) -> None:
        self.store.setValue(f"layout/{name}", state)
