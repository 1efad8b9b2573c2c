"""The command line: migrate and version, and a plain message instead of a traceback when the DB is away."""

import pytest

import main
from models import __version__
from models.bootstrap import head_revision


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"FieldDesk {__version__}"


def test_migrate_reports_the_schema(empty_database, monkeypatch, capsys):
    monkeypatch.setenv("FIELDDESK_DATABASE_URL", empty_database.url)
    assert main.main(["migrate"]) == 0
    assert f"schema {head_revision()}" in capsys.readouterr().out


def test_unreachable_database_is_a_message_not_a_traceback(monkeypatch, capsys):
    monkeypatch.setenv("FIELDDESK_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/fielddesk")
    assert main.main(["migrate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fielddesk: Cannot connect to postgresql://nobody@127.0.0.1:1/fielddesk")
    assert "Traceback" not in err
