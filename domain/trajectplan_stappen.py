"""The trajectplan's human steps, declared once (domain/stap.py): doel, actie, actie-gedaan, doel-behaald, verwijzen
and verwijzing-opvolgen, each with its input model, Dutch texts and summary.

The checks on the case (the traject is open, the goal or action exists, belongs to this traject and is open, dates
against today and the referral date, the owner's address) are the steps' guards, run inside their transaction
(tasks/trajectplan.py with the pure rules of domain/trajectplan.py).

Three steps name a goal or action by its number, and the CLI has taken that number as a positional argument
(`werkpad trajectplan actie-gedaan 12`); the CLI module gives them that door (werkpad/cli_trajectplan.py).
`actie-gedaan` and `doel-behaald` need no trajectnummer: the step finds the traject of the action or goal."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.invoer import (
    ADRES_ZONDER_ANKERS,
    DB_INT_MAX,
    TEKST_PATROON,
    Door,
    FormDatum,
    Referentie,
    VrijeTekst,
    controleer_email,
    formulier_patroon,
    parse_id,
)
from domain.stap import Invoer, Stap
from domain.trajectplan import WERKCOACH, Opvolging, Voorziening

PROCES = "trajectplan"

Omschrijving = Annotated[VrijeTekst, Field(description="Omschrijving (5-200 tekens; geen persoonsgegevens)")]
Toelichting = Annotated[VrijeTekst | None, Field(description="Korte toelichting (geen persoonsgegevens)")]
Instelling = Annotated[str, Field(min_length=2, max_length=100, pattern=TEKST_PATROON,
                                  description="Instelling, bijv. Nova College (geen persoonsgegevens)")]
DoelNummer = Annotated[int, Field(ge=1, le=DB_INT_MAX, description="Nummer van het doel (zie het trajectplan)")]
ActieNummer = Annotated[int, Field(ge=1, le=DB_INT_MAX, description="Nummer van de actie of verwijzing (zie het "
                                                                      "trajectplan)")]
# 'werkcoach' (the traject's werkcoach) or a staff address without a nine-digit run (a BSN), as EmailAdres.
Eigenaar = Annotated[str, Field(min_length=3, max_length=200, pattern=formulier_patroon(f"werkcoach|{ADRES_ZONDER_ANKERS}"),
                                description="'werkcoach' (de werkcoach van het traject) of het e-mailadres van een "
                                            "medewerker")]
Wie = Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")]
VOORZIENINGEN = ", ".join(v.value for v in Voorziening)
UITKOMSTEN = ", ".join(o.value for o in Opvolging)


def _referentie(v: Any) -> Any:
    return v.strip().upper() if isinstance(v, str) else v


def _keuze(v: Any) -> Any:
    return v.strip().lower().replace("_", "-") if isinstance(v, str) else v


def _regel(exc: ValueError) -> ValueError:
    """A rule's Dutch line inside a validator: beschrijf_validatiefout ends it with its own full stop."""
    return ValueError(str(exc).rstrip("."))


def _nummer(wat: str) -> Any:
    """A number typed as text (the CLI) gets the one Dutch line of `parse_id`; a form's integer its schema."""
    def check(v: Any) -> Any:
        try:
            return parse_id(v, wat) if isinstance(v, str) else v
        except ValueError as exc:
            raise _regel(exc) from None
    return check


class Doel(Invoer):
    referentie: Referentie
    omschrijving: Annotated[VrijeTekst, Field(description="Het doel (5-200 tekens; geen persoonsgegevens)")]
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)


class ActieInvoer(Invoer):
    referentie: Referentie
    doel_id: DoelNummer
    omschrijving: Annotated[VrijeTekst, Field(description="De actie (5-200 tekens; geen persoonsgegevens)")]
    uiterlijk: Annotated[FormDatum, Field(description="Uiterlijk op, JJJJ-MM-DD (vandaag of later)")]
    eigenaar: Eigenaar = WERKCOACH
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)
    _doel = field_validator("doel_id", mode="before")(_nummer("Doelnummer"))

    @field_validator("eigenaar", mode="before")
    @classmethod
    def _eigenaar(cls, v: Any) -> Any:
        """'werkcoach', or the shape of one staff address (which address the traject's werkcoach is: the step)."""
        if not isinstance(v, str) or v.strip().lower() == WERKCOACH:
            return v.strip().lower() if isinstance(v, str) else v
        if "@" not in v:
            raise ValueError("kies 'werkcoach' of een e-mailadres van een medewerker (bijvoorbeeld "
                             "jobcoach@ijmondwerkt.nl)")
        try:
            return controleer_email(v, "het adres")
        except ValueError as exc:
            raise _regel(exc) from None


class ActieGedaan(Invoer):
    actie_id: ActieNummer
    referentie: Annotated[Referentie | None, Field(description="Trajectnummer (leeg: dat van de actie)")] = None
    toelichting: Toelichting = None
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)
    _actie = field_validator("actie_id", mode="before")(_nummer("Actienummer"))


class DoelBehaald(Invoer):
    doel_id: DoelNummer
    referentie: Annotated[Referentie | None, Field(description="Trajectnummer (leeg: dat van het doel)")] = None
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)
    _doel = field_validator("doel_id", mode="before")(_nummer("Doelnummer"))


class Verwijzen(Invoer):
    referentie: Referentie
    voorziening: Annotated[Voorziening, Field(description=f"Voorliggende voorziening: {VOORZIENINGEN}")]
    instelling: Instelling
    opvolgen_op: Annotated[FormDatum, Field(description="Opvolgen op, JJJJ-MM-DD (na de verwijsdatum)")]
    verwezen_op: Annotated[FormDatum | None, Field(description="Datum van de verwijzing, JJJJ-MM-DD (leeg: "
                                                               "vandaag)")] = None
    doel_id: Annotated[DoelNummer | None, Field(description="Nummer van het doel waar de verwijzing bij hoort")] = None
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)
    _voorziening = field_validator("voorziening", mode="before")(_keuze)
    _doel = field_validator("doel_id", mode="before")(_nummer("Doelnummer"))


class VerwijzingOpvolgen(Invoer):
    referentie: Referentie
    actie_id: Annotated[ActieNummer, Field(description="Nummer van de verwijzing")]
    uitkomst: Annotated[Opvolging, Field(description=f"Uitkomst: {UITKOMSTEN}")]
    nieuwe_datum: Annotated[FormDatum | None, Field(description="Opnieuw opvolgen op, JJJJ-MM-DD (leeg: de "
                                                                "verwijzing sluit)")] = None
    toelichting: Toelichting = None
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)
    _actie = field_validator("actie_id", mode="before")(_nummer("Actienummer"))
    _uitkomst = field_validator("uitkomst", mode="before")(_keuze)


# -- the steps ---------------------------------------------------------------------------------------
DOEL = Stap(PROCES, "doel", Doel, "Leg een doel van het trajectplan vast.",
            lambda r: f"{r['referentie']}: doel {r['doel_id']} vastgelegd")
ACTIE = Stap(PROCES, "actie", ActieInvoer, "Een actie bij een doel: een taak voor de eigenaar met herinnering en "
             "escalatie naar de teamleider.",
             lambda r: f"{r['referentie']}: actie {r['actie_id']} voor {r['eigenaar']}, uiterlijk {r['uiterlijk']} "
                       f"(taak {r['taak_id']})", opties=(("doel_id", "--doel"),))
ACTIE_GEDAAN = Stap(PROCES, "actie-gedaan", ActieGedaan, "De actie is gedaan: de taak sluit en de herinneringen "
                    "stoppen.", lambda r: f"{r['referentie']}: actie {r['actie_id']} gedaan", argumenten=("actie_id",))
DOEL_BEHAALD = Stap(PROCES, "doel-behaald", DoelBehaald, "Het doel is behaald; acties bij dit doel die nog open zijn "
                    "vervallen (met hun taak).",
                    lambda r: f"{r['referentie']}: doel {r['doel_id']} behaald"
                              + (f"; {len(r['vervallen_acties'])} open actie(s) vervallen" if r['vervallen_acties']
                                 else ""), argumenten=("doel_id",))
VERWIJZEN = Stap(PROCES, "verwijzen", Verwijzen, "Verwijs naar een voorliggende voorziening; de werkcoach krijgt de "
                 "taak die op de opvolgdatum op te volgen.",
                 # not the voorziening: the summary is the run's state message, and ggz or verslavingszorg is health data
                 lambda r: f"{r['referentie']}: verwijzing {r['actie_id']} vastgelegd; opvolgen op {r['opvolgen_op']} "
                           f"(taak {r['taak_id']})", opties=(("doel_id", "--doel"),))
VERWIJZING_OPVOLGEN = Stap(PROCES, "verwijzing-opvolgen", VerwijzingOpvolgen, "Volg een verwijzing op: met een nieuwe "
                           "datum opnieuw opvolgen, anders sluit de verwijzing.",
                           lambda r: f"{r['referentie']}: verwijzing {r['actie_id']} {r['uitkomst']}; "
                                     + (f"opnieuw opvolgen op {r['opvolgen_op']}" if r["opvolgen_op"]
                                        else f"verwijzing {r['status']}"), argumenten=("referentie", "actie_id"))

STAPPEN = (DOEL, ACTIE, ACTIE_GEDAAN, DOEL_BEHAALD, VERWIJZEN, VERWIJZING_OPVOLGEN)

