"""The case store's section of werkpad's settings (`WERKPAD_CASESTORE__*`).

A plain model: the one settings object (tasks/settings.py) reads the environment and fills
this section; the case store only receives it.
"""

from pydantic import BaseModel, ConfigDict


class CasestoreSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # SQLAlchemy URL, e.g. postgresql://user@host:5432/werkpad. Empty: SQLite in the data folder
    # (filled in by the settings object, so every process sees the same absolute path).
    url: str = ""
