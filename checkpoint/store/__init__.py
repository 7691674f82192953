"""The tablet's SQLite database (db) and its schema versions (migrations)."""
