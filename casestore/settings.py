"""The case store's section of werkpad's settings (`WERKPAD_CASESTORE__*`).

A plain model: the one settings object (tasks/settings.py) reads the environment and fills
this section; the case store only receives it.
"""

from pydantic import BaseModel, ConfigDict, field_validator

VOORBEELD = "postgresql://werkpad@db:5432/werkpad of sqlite:////pad/naar/werkpad.db"


class CasestoreSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # SQLAlchemy URL, e.g. postgresql://user@host:5432/werkpad. Empty: SQLite in the data folder
    # (filled in by the settings object, so every process sees the same absolute path).
    url: str = ""

    @field_validator("url")
    @classmethod
    def _database_url(cls, v: str) -> str:
        """A URL werkpad can open (SQLite or PostgreSQL), checked when the settings are read: a bad one
        ended in SQLAlchemy's traceback after `werkpad up` had made the data folder."""
        if not v:
            return v
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(v)
        except (ArgumentError, ValueError):
            raise ValueError(f"WERKPAD_CASESTORE__URL is geen geldige database-URL; bijvoorbeeld {VOORBEELD}.") \
                from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(f"WERKPAD_CASESTORE__URL: database '{url.get_backend_name()[:30]}' wordt niet "
                             f"ondersteund; gebruik PostgreSQL of SQLite, bijvoorbeeld {VOORBEELD}.")
        if url.get_backend_name() == "sqlite" and not v.startswith("sqlite:///"):
            raise ValueError(f"WERKPAD_CASESTORE__URL: een SQLite-URL begint met sqlite:/// en noemt het bestand; "
                             f"bijvoorbeeld {VOORBEELD}.")
        return v
