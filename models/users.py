"""People who sign in: each is a database login role in a group role, plus a row in ``users``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import select, text

from models.company import GROUP_ROLES, User, group_role_name
from models.database import Database

LOGIN_PATTERN = re.compile(r"^[a-z_][a-z0-9_.]{1,62}$")


class UserError(ValueError):
    """The user cannot be created as asked; the message says what to change."""


@dataclass(frozen=True)
class UserRef:
    """Who is working at this seat: shown in the status bar, recorded on their changes."""

    id: int
    login: str
    full_name: str
    role: str
    extension: str | None


def create_user(
    db: Database, *, login: str, full_name: str, role: str, password: str | None = None, extension: str | None = None
) -> UserRef:
    """Create the person's login role (member of the group role) and their users row, in one transaction."""
    if not LOGIN_PATTERN.match(login):
        raise UserError(
            f"Login {login!r} must start with a letter and use only lower-case Latin letters, digits, '_' or '.'."
        )
    if role not in GROUP_ROLES:
        raise UserError(f"Role {role!r} is unknown; choose one of {', '.join(GROUP_ROLES)}.")
    if not full_name.strip():
        raise UserError("Enter the person's full name.")
    with db.transaction() as session:
        raw = session.connection().connection.driver_connection
        exists = session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}).first()
        if exists is None:
            statement = sql.SQL("CREATE ROLE {} LOGIN {} IN ROLE {}").format(
                sql.Identifier(login),
                sql.SQL("PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL(""),
                sql.Identifier(group_role_name(role)),
            )
        else:
            statement = sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_role_name(role)), sql.Identifier(login))
        session.execute(text(statement.as_string(raw).replace(":", r"\:")))
        user = User(login=login, full_name=full_name.strip(), role=role, extension=extension)
        session.add(user)
        session.flush()
        return UserRef(user.id, user.login, user.full_name, user.role, user.extension)


def signed_in_user(db: Database) -> UserRef | None:
    """The users row of the database role this connection signed in as, if there is one."""
    with db.session() as session:
        user = session.execute(select(User).where(User.login == text("session_user"))).scalar_one_or_none()
        return None if user is None else UserRef(user.id, user.login, user.full_name, user.role, user.extension)


def ensure_local_admin(db: Database, full_name: str) -> UserRef:
    """On the embedded server the local person is the administrator, signed in without a prompt."""
    existing = signed_in_user(db)
    if existing is not None:
        return existing
    with db.transaction() as session:
        login = session.execute(text("SELECT session_user")).scalar_one()
        user = User(login=login, full_name=full_name, role="admin")
        session.add(user)
        session.flush()
        return UserRef(user.id, user.login, user.full_name, user.role, user.extension)
