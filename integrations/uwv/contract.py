"""The HTTP contract of the UWV indicatie channel, as pydantic models.

This is werkpad's own modelled contract, not a published UWV API (UWV offers none for these
forms). The simulator serves it (and FastAPI derives `openapi.yaml` from these models); the
client sends `Aanvraag` and validates every answer against the answer models, so a change
here shows up in the committed OpenAPI document and in both sides' tests.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Soort = Literal["banenafspraak", "beschut_werk"]
Uitkomst = Literal["positief", "negatief"]
# What UWV's outcome is, by soort: for beschut werk UWV advises and the gemeente decides
# (Pw art. 10b); for the banenafspraak UWV itself decides (beoordeling arbeidsvermogen).
VORM: dict[str, Literal["advies", "beschikking"]] = {"beschut_werk": "advies", "banenafspraak": "beschikking"}


class Bijlage(BaseModel):
    """A description of a document that goes with the aanvraag; the document itself is not sent."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    soort: Literal["stageverslag", "bevindingen", "arbeidsdiagnose", "loonwaarderapport", "overig"]
    titel: str = Field(min_length=1, max_length=200)
    datum: date | None = None
    kenmerk: str | None = Field(default=None, max_length=64, description="Ons documentkenmerk")


class Aanvraag(BaseModel):
    """One aanvraag indicatie banenafspraak (beoordeling arbeidsvermogen) or advies beschut werk."""

    # The BSN must not reach a log line through a validation error or a repr.
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=True)

    soort: Soort
    bsn: str = Field(pattern=r"^[0-9]{9}$", repr=False)
    gemeentecode: str = Field(pattern=r"^[0-9]{4}$", description="CBS-gemeentecode, bv. 0453 (Velsen)")
    zaakreferentie: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$",
                                description="Onze referentie (het traject), terug in elk antwoord")
    bijlagen: list[Bijlage] = Field(default_factory=list, max_length=50)


class _Answer(BaseModel):
    # Answers may grow fields later without breaking us; missing or mistyped ones are caught.
    model_config = ConfigDict(extra="ignore")


class Ontvangstbewijs(_Answer):
    """The answer to a submitted aanvraag: UWV's id for it."""

    id: str = Field(min_length=1, max_length=64)
    soort: Soort
    zaakreferentie: str
    ingediend_op: datetime
    ontvangen_op: date | None = None


class Beslissing(_Answer):
    uitkomst: Uitkomst
    datum: date
    vorm: Literal["advies", "beschikking"]
    motivering: str | None = None


class AanvraagStatus(_Answer):
    id: str
    soort: Soort
    zaakreferentie: str
    ingediend_op: datetime
    ontvangen_op: date | None = None  # the ontvangstbevestiging
    beslissing: Beslissing | None = None


class Probleem(BaseModel):
    """RFC 9457 problem details; `detail` is Dutch and names no personal data."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
