"""The kwartaalrapportage's settings section, `WERKPAD_RAPPORTAGE__<VELD>`: who receives the HTML mail."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import NoDecode

from domain.instelling import Emailadres, Sectie


class RapportageInstellingen(Sectie):
    # Comma- or semicolon-separated: a list pasted from Outlook is "a@x.nl; b@x.nl".
    ontvangers: Annotated[list[Emailadres], NoDecode] = Field(
        default_factory=lambda: ["management@ijmondwerkt.example"])

    @field_validator("ontvangers", mode="before")
    @classmethod
    def _lijst(cls, v: Any) -> Any:
        return [d.strip() for d in re.split(r"[,;]", v) if d.strip()] if isinstance(v, str) else v

    @field_validator("ontvangers")
    @classmethod
    def _uniek(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("is leeg; geef minstens één e-mailadres")
        return list(dict.fromkeys(v))
