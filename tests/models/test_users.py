"""Each person works through their own database role; their changes are audited under that role."""

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.database import Database
from models.users import UserError, create_user, ensure_local_admin, signed_in_user


def test_person_signs_in_as_own_role_and_is_audited_as_such(fresh_database):
    login = f"ivanova_{uuid.uuid4().hex[:6]}"
    ref = create_user(fresh_database, login=login, full_name="Иванова Анна", role="dispatcher", password="s3cr'et")
    person_url = make_url(fresh_database.url).set(username=login, password="s3cr'et")
    person = Database(person_url.render_as_string(hide_password=False))
    try:
        assert signed_in_user(person) == ref
        with person.engine.begin() as conn:
            assert conn.execute(text("SELECT pg_has_role(session_user, 'fielddesk_dispatcher', 'member')")).scalar()
            cid = conn.execute(text("INSERT INTO clients (name) VALUES ('Петров') RETURNING id")).scalar_one()
        with fresh_database.engine.connect() as conn:
            who = conn.execute(
                text("SELECT db_user FROM audit_log WHERE table_name = 'clients' AND row_id = :id"), {"id": cid}
            ).scalar_one()
        assert who == login
        with pytest.raises(Exception, match="permission denied"), person.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    finally:
        person.dispose()
        with fresh_database.engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{login}"'))
            conn.execute(text(f'DROP ROLE "{login}"'))


def test_bad_logins_and_roles_are_refused(db):
    with pytest.raises(UserError, match="must start with a letter"):
        create_user(db, login="Robert'); DROP", full_name="x", role="admin")
    with pytest.raises(UserError, match="unknown"):
        create_user(db, login="petrov", full_name="Петров", role="boss")


def test_local_admin_on_the_embedded_server(db):
    first = ensure_local_admin(db, "Local administrator")
    assert first.role == "admin"
    assert ensure_local_admin(db, "someone else") == first
