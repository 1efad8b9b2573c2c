"""Pure optimisation and geometry helpers: no database, no Qt."""
