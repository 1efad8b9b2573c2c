"""Where the database is: environment first, then the config file, else the embedded server."""

import pytest

from models.config import ConfigError, load_database_config, save_database_url


def test_environment_wins(tmp_path):
    path = tmp_path / "config.toml"
    save_database_url("postgresql://office@db.local/fielddesk", path)
    cfg = load_database_config({"FIELDDESK_DATABASE_URL": "postgres://me@host/fd"}, path)
    assert (cfg.url, cfg.source) == ("postgresql+psycopg://me@host/fd", "environment")


def test_config_file_then_embedded(tmp_path):
    path = tmp_path / "config.toml"
    assert load_database_config({}, path).embedded
    save_database_url("postgresql://office@db.local:5433/fielddesk", path)
    cfg = load_database_config({}, path)
    assert cfg.url == "postgresql+psycopg://office@db.local:5433/fielddesk"
    assert str(path) in cfg.source
    save_database_url(None, path)
    assert load_database_config({}, path).embedded


def test_bad_url_and_broken_file_say_what_to_fix(tmp_path):
    with pytest.raises(ConfigError, match="not a PostgreSQL URL"):
        load_database_config({"FIELDDESK_DATABASE_URL": "mysql://x"}, tmp_path / "none.toml")
    path = tmp_path / "config.toml"
    path.write_text("[database\nurl=", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_database_config({}, path)


def test_unreachable_database_names_the_url():
    from models.database import Database, DatabaseUnavailable

    db = Database("postgresql+psycopg://nobody:secret@127.0.0.1:1/fielddesk")
    with pytest.raises(DatabaseUnavailable) as info:
        db.check()
    assert "127.0.0.1:1/fielddesk" in str(info.value) and "secret" not in str(info.value)
    db.dispose()


def test_the_map_tile_url_comes_from_the_environment_or_config_toml(tmp_path):
    from models.config import ConfigError, map_tile_url

    path = tmp_path / "config.toml"
    assert map_tile_url({}, path) is None
    path.write_text('[map]\ntile_url = "https://tiles.example/{z}/{x}/{y}.png"\n', encoding="utf-8")
    assert map_tile_url({}, path) == "https://tiles.example/{z}/{x}/{y}.png"
    assert map_tile_url({"FIELDDESK_TILE_URL": "http://local/{z}/{x}/{y}"}, path) == "http://local/{z}/{x}/{y}"
    path.write_text('[map]\ntile_url = "https://tiles.example/tile.png"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"must contain \{z\}, \{x\} and \{y\}"):
        map_tile_url({}, path)
