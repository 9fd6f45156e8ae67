"""The case store: the system of record for every traject (SQLModel; SQLite or PostgreSQL)."""
