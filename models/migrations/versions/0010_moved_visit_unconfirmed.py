"""a visit moved to another time is no longer confirmed: the client is asked again for the new time

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 09:00:00
"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every path that moves a visit (the board, the optimiser's Apply, an approved proposal, a script) goes
    # through this trigger, so none of them can leave a confirmation that was given for another time. An update
    # that sets confirmed_at itself (the client confirmed the new time at once) keeps it.
    op.execute("""
        CREATE FUNCTION visits_moved_unconfirm() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.starts_at IS DISTINCT FROM OLD.starts_at
               AND NEW.confirmed_at IS NOT DISTINCT FROM OLD.confirmed_at
               AND OLD.confirmed_at IS NOT NULL THEN
                NEW.confirmed_at := NULL;
                IF NEW.status = 'confirmed' THEN
                    NEW.status := 'planned';
                END IF;
            END IF;
            RETURN NEW;
        END
        $$
    """)
    op.execute("""
        CREATE TRIGGER visits_moved_unconfirm BEFORE UPDATE OF starts_at ON visits
        FOR EACH ROW EXECUTE FUNCTION visits_moved_unconfirm()
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER visits_moved_unconfirm ON visits")
    op.execute("DROP FUNCTION visits_moved_unconfirm()")
