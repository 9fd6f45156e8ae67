"""The kern's own human steps on taken and terms, declared once (domain/stap.py): finishing a taak and moving a
deadline. Their input models are what every door (CLI, Prefect form, web form) checks before anything starts;
the checks on the case (is the taak recorded by its own process, may this term move and how far) run in the
steps (tasks/taken.py, domain/verplaatsing.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.errors import TransitionRefused
from domain.invoer import DB_INT_MAX, TEKST_PATROON, Door, FormDatum
from domain.stap import Invoer, Stap
from domain.verplaatsing import MAX_DAGEN, REDEN_MAX, REDEN_MIN, Grond


def nummer(v: Any) -> Any:
    """A number typed by a person (an id, a count of days): a positive whole number that fits the column, in
    ASCII digits; one Dutch line otherwise (pydantic's own messages are English)."""
    if isinstance(v, bool):
        raise ValueError("geen geldig nummer: gebruik een positief geheel getal")
    if isinstance(v, int):
        waarde = v
    elif isinstance(v, str) and v.strip().isascii() and v.strip().isdigit() and len(v.strip()) <= 10:
        waarde = int(v.strip())
    else:
        raise ValueError(f"'{str(v).strip()[:20]}' is geen geldig nummer: gebruik een positief geheel getal "
                         f"(1 t/m {DB_INT_MAX})")
    if not 1 <= waarde <= DB_INT_MAX:
        raise ValueError(f"'{waarde}' is geen geldig nummer: gebruik een positief geheel getal (1 t/m {DB_INT_MAX})")
    return waarde


def controleer_gewone_taak(taak_id: int, vastleggen_in: str | None) -> None:
    """A task that a process step records (`vastleggen_in`: that step in words) is not finished by hand."""
    if vastleggen_in:
        raise TransitionRefused(f"Taak {taak_id} rondt u af in het proces zelf: {vastleggen_in}.")


def _kleine_letters(v: Any) -> Any:
    return v.strip().lower() if isinstance(v, str) else v


class TaakAfronden(Invoer):
    # le: ids beyond the database's INTEGER are refused by the server before a run exists
    taak_id: Annotated[int, Field(gt=0, le=DB_INT_MAX, description="Het taaknummer uit de herinneringsmail (niet het "
                                                                   "deadlinenummer)")]
    door: Annotated[Door, Field(description="Wie rondt af (e-mailadres of rol)")] = "werkcoach"

    _taak_id = field_validator("taak_id", mode="before")(nummer)


class DeadlineVerplaatsen(Invoer):
    deadline_id: Annotated[int, Field(gt=0, le=DB_INT_MAX, description="Het deadlinenummer (zie case show; niet het "
                                                                       "taaknummer)")]
    reden: Annotated[str, Field(min_length=REDEN_MIN, max_length=REDEN_MAX, pattern=TEKST_PATROON,
                                description="Waarom (verplicht; geen persoonsgegevens)")]
    naar: Annotated[FormDatum | None, Field(description="Nieuwe datum JJJJ-MM-DD (beleidsdeadline, taak)")] = None
    grond: Annotated[Grond | None, Field(description="Wettelijke termijn: opschorting of verlenging")] = None
    dagen: Annotated[int | None, Field(ge=1, le=MAX_DAGEN, description=f"Wettelijke termijn: aantal dagen later "
                                                                       f"(1-{MAX_DAGEN})")] = None
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"

    _deadline_id = field_validator("deadline_id", mode="before")(nummer)
    _grond = field_validator("grond", mode="before")(_kleine_letters)

    @field_validator("dagen", mode="before")
    @classmethod
    def _dagen(cls, v: Any) -> Any:
        if v is None:
            return None
        dagen = nummer(v)
        if dagen > MAX_DAGEN:
            raise ValueError(f"{dagen} is te veel: een opschorting of verlenging is hoogstens {MAX_DAGEN} dagen")
        return dagen


def _afgerond(r: Mapping[str, Any]) -> str:
    wat = "afgerond" if r.get("gewijzigd") else "was al afgerond"
    return f"Taak {r['taak_id']} {wat}: {r['titel']}"


TAAK_AFRONDEN = Stap("taak", "afronden", TaakAfronden, "Markeer een taak als afgerond (stopt de herinneringen). Een "
                     "taak die haar eigen proces vastlegt (een advies, een actie van het trajectplan) rond je daar af.",
                     _afgerond, label="taken", commando="taak-afronden", argumenten=("taak_id",), in_groep=False)
DEADLINE_VERPLAATSEN = Stap("deadline", "verplaatsen", DeadlineVerplaatsen, "Verplaats een deadline; de herinneringen "
                            "worden opnieuw ingesteld. Een wettelijke termijn (zoektermijn, uitkeringsbesluit, ...) gaat "
                            "alleen later, op een wettelijke grond met het aantal dagen; een beleidsdeadline of taak "
                            "naar een datum, met een reden.",
                            lambda r: f"Deadline {r['deadline_id']} ({r['omschrijving']}) staat nu op {r['due']}.",
                            label="taken", commando="deadline-verplaatsen", argumenten=("deadline_id",), in_groep=False)

STAPPEN = (TAAK_AFRONDEN, DEADLINE_VERPLAATSEN)
