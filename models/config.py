"""Where the database is (environment, the user's config file, or the embedded server), and the other settings
of config.toml."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

APP_NAME = "FieldDesk"
ENV_DATABASE_URL = "FIELDDESK_DATABASE_URL"
ENV_DATA_DIR = "FIELDDESK_DATA_DIR"


def config_dir() -> Path:
    """The per-user configuration folder (e.g. ~/.config/FieldDesk)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The per-user data folder that holds the embedded database (overridable with FIELDDESK_DATA_DIR)."""
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


class ConfigError(Exception):
    """The configuration file exists but cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class DatabaseConfig:
    """Where to connect: an explicit URL, or None for the embedded server, and where the choice came from."""

    url: str | None
    source: str  # "environment", "config file <path>", or "embedded"

    @property
    def embedded(self) -> bool:
        return self.url is None


def normalise_url(url: str) -> str:
    """Accept libpq-style URLs (postgresql://, postgres://) and use the psycopg 3 driver for them."""
    url = url.strip()
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    raise ConfigError(
        f"Database URL {url!r} is not a PostgreSQL URL. Use the form postgresql://user@host:5432/fielddesk."
    )


def masked_url(url: str) -> str:
    """The URL with its password hidden, for showing on screen; text that is not a URL comes back as it is."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def load_database_config(environ: dict[str, str] | None = None, path: Path | None = None) -> DatabaseConfig:
    """Resolve the database: FIELDDESK_DATABASE_URL, then [database] url in config.toml, else embedded."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_DATABASE_URL):
        return DatabaseConfig(normalise_url(environ[ENV_DATABASE_URL]), "environment")
    path = path or config_file()
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}. Fix or delete the file.") from exc
        url = data.get("database", {}).get("url")
        if url:
            return DatabaseConfig(normalise_url(str(url)), f"config file {path}")
    return DatabaseConfig(None, "embedded")


def save_database_url(url: str | None, path: Path | None = None) -> Path:
    """Write (or clear, with None) the shared database URL in the user's config file."""
    path = path or config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if url is None:
        path.unlink(missing_ok=True)
        return path
    normalise_url(url)  # validate before writing
    escaped = url.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(f'[database]\nurl = "{escaped}"\n', encoding="utf-8")
    return path


def config_section(name: str, path: Path | None = None) -> dict[str, Any]:
    """The ``[name]`` table of config.toml (empty when the file or the section is missing)."""
    path = path or config_file()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}. Fix or delete the file.") from exc
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [{name}] must be a table of settings.")
    return section


def map_tile_url(environ: Mapping[str, str] | None = None, path: Path | None = None) -> str | None:
    """The XYZ tile URL of the maps (``FIELDDESK_TILE_URL``, else ``[map] tile_url``); None draws a plain grid."""
    environ = os.environ if environ is None else environ
    url = environ.get("FIELDDESK_TILE_URL") or config_section("map", path).get("tile_url")
    if not url:
        return None
    if not isinstance(url, str) or not all(part in url for part in ("{z}", "{x}", "{y}")):
        raise ConfigError(f"The map tile URL {url!r} must contain {{z}}, {{x}} and {{y}}, e.g. "
                          f"https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png")
    return url
