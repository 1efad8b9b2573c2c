"""FieldDesk domain: entities, the rules of each area, migrations and database bootstrap."""

__version__ = "0.1.0"
