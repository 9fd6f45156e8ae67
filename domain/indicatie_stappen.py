"""The indicatie's human steps (and the doelgroepregister's lookup), declared once (domain/stap.py): the input model
of each step (what every door, CLI, Prefect form and web form, checks before it starts anything), its Dutch texts
and what follows.

The checks on the case (is there an indicatie in this state, the twelve months after a negative advies beschut
werk, the order of UWV's dates, a letter's date) are the steps' guards, run inside their transaction
(tasks/indicatie.py, tasks/doelgroepregister.py); a door never repeats them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.errors import TransitionRefused
from domain.indicatie import BijlageSoort, GemeenteBesluit, Soort, Uitkomst
from domain.invoer import Door, FormDatum, Referentie, VrijeTekst
from domain.stap import Invoer, Stap, Verwijzing, in_woorden

PROCES = "indicatie"
OUDST = timedelta(days=366)  # a letter's date (indienen, ontvangst, beslissing): at most a year back

Wie = Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")]
BriefDatum = Annotated[FormDatum, Field(description="Datum op de brief, JJJJ-MM-DD (niet in de toekomst, hoogstens "
                                                    "een jaar terug)")]
Toelichting = Annotated[VrijeTekst, Field(description="Korte toelichting (geen persoonsgegevens, geen medische "
                                                      "details)")]


def controleer_briefdatum(op: date, vandaag: date, wat: str) -> None:
    """A date from a letter of UWV's (or of submitting the form): not in the future, at most a year back."""
    if op > vandaag:
        raise TransitionRefused(f"{wat} {op.isoformat()} ligt in de toekomst.")
    if op < vandaag - OUDST:
        raise TransitionRefused(f"{wat} {op.isoformat()} ligt te ver terug; vroegst mogelijk is "
                                f"{(vandaag - OUDST).isoformat()}.")


def controleer_bijlagen(referentie: str, bijlagen: Sequence[BijlageSoort]) -> None:
    """An aanvraag goes to UWV with at least one bijlage."""
    if not bijlagen:
        raise TransitionRefused(f"{referentie}: noem minstens één bijlage (--bijlage stageverslag, bevindingen, …).")


def _kleine_letters(v: Any) -> Any:
    return v.strip().lower() if isinstance(v, str) else v


class Aanvragen(Invoer):
    referentie: Referentie
    soort: Annotated[Soort, Field(description="banenafspraak of beschut-werk")]
    omstandigheden_gewijzigd: Annotated[VrijeTekst | None, Field(
        description="Alleen binnen twaalf maanden na een negatief advies beschut werk: wat is er veranderd (geen "
                    "medische details)")] = None
    door: Wie = "werkcoach"

    _soort = field_validator("soort", mode="before")(_kleine_letters)


class Indienen(Invoer):
    referentie: Referentie
    # The CLI's option is --bijlage (repeatable); the deployment's form keeps the parameter `bijlagen`.
    bijlagen: Annotated[list[BijlageSoort], Field(min_length=1, max_length=5, description="Wat meegaat naar UWV: "
                                                  "stageverslag, bevindingen, arbeidsdiagnose, loonwaarderapport, "
                                                  "overig")]
    door: Wie = "werkcoach"

    @field_validator("bijlagen", mode="before")
    @classmethod
    def _bijlagen(cls, v: Any) -> Any:
        return [_kleine_letters(b) for b in v] if isinstance(v, list | tuple) else v


class Ingediend(Invoer):
    referentie: Referentie
    op: Annotated[FormDatum, Field(description="Datum van indienen, JJJJ-MM-DD")]
    door: Wie = "werkcoach"


class Ontvangen(Invoer):
    referentie: Referentie
    op: Annotated[FormDatum, Field(description="Datum van de ontvangstbevestiging, JJJJ-MM-DD")]
    door: Wie = "werkcoach"


class Beslissing(Invoer):
    referentie: Referentie
    uitkomst: Annotated[Uitkomst, Field(description="positief of negatief")]
    op: Annotated[FormDatum, Field(description="Datum van de beslissing of het advies, JJJJ-MM-DD")]
    toelichting: Annotated[Toelichting | None, Field(description="Korte toelichting (geen medische details)")] = None
    door: Wie = "werkcoach"

    _uitkomst = field_validator("uitkomst", mode="before")(_kleine_letters)


class Gemeentebesluit(Invoer):
    referentie: Referentie
    besluit: Annotated[GemeenteBesluit, Field(description="toekennen of afwijzen")]
    toelichting: Annotated[Toelichting, Field(description="Korte toelichting (geen persoonsgegevens)")]
    door: Wie = "werkcoach"

    _besluit = field_validator("besluit", mode="before")(_kleine_letters)


class Plaatsen(Invoer):
    referentie: Referentie
    door: Wie = "werkcoach"


class Controle(Invoer):
    """The hourly poll, started by hand: no input."""


class DoelgroepregisterControle(Invoer):
    referentie: Annotated[Referentie | None, Field(description="Alleen dit traject, bijv. IJW-2026-000123 (leeg: elk "
                                                               "traject dat op de registratie wacht)")] = None


# -- the summaries (what every door shows when the step is done) ------------------------------------------
def _ingediend(r: Mapping[str, Any]) -> str:
    ref = r["referentie"]
    if r.get("kanaal") == "http" and r.get("uwv_id") and r.get("ontvangen_op"):
        return (f"{ref}: ingediend bij UWV (kenmerk {r['uwv_id']}); UWV bevestigde de ontvangst op "
                f"{r['ontvangen_op']}")
    if r.get("kanaal") == "http" and r.get("uwv_id"):
        return f"{ref}: ingediend bij UWV (kenmerk {r['uwv_id']}); ontvangstbevestiging verwacht binnen vijf dagen"
    if r.get("kanaal") == "handmatig":
        return (f"{ref}: handmatig kanaal: er staat een taak klaar om het formulier 'Aanvraag indicatie of advies' "
                "te versturen; leg daarna de datum van indienen vast (indicatie ingediend)")
    if r.get("verzending") == "geweigerd":
        return (f"{ref}: niet ingediend: {r.get('fout') or 'UWV weigerde de aanvraag'}. Er staat een taak voor de "
                f"werkcoach; na correctie opnieuw indienen met {in_woorden(Verwijzing(INDIENEN, ref))}, of bericht "
                f"{r.get('outbox_id')} opnieuw in de wachtrij zetten (outbox opnieuw)")
    if r.get("onleesbaar"):  # perhaps a proxy's error page (integrations/errors.py): a few more tries
        return (f"{ref}: aanvraag staat klaar voor UWV, maar UWV gaf een onleesbaar antwoord ({r['fout']}); werkpad "
                f"probeert het opnieuw met dezelfde sleutel (poging {r.get('pogingen')} van {r.get('max_pogingen')}), "
                "daarna wordt het een taak voor de werkcoach")
    waarom = f" (laatste poging: {r['fout']})" if r.get("fout") else ""
    return f"{ref}: aanvraag staat klaar voor UWV; werkpad verstuurt hem zodra UWV bereikbaar is{waarom}"


AANVRAGEN = Stap(PROCES, "aanvragen", Aanvragen, "Start een aanvraag bij UWV (indicatie banenafspraak of advies "
                 "beschut werk); eerst verzamelt de werkcoach stageverslagen en bevindingen.",
                 lambda r: f"{r['referentie']}: aanvraag {Soort(r['soort']).label} gestart; voorbereiden uiterlijk "
                           f"{r['uiterlijk']} (taak {r['taak_id']}).",
                 volgende=("indienen",))
INDIENEN = Stap(PROCES, "indienen", Indienen, "Dien de aanvraag in bij UWV (via de koppeling, of als taak om het "
                "formulier te versturen). Na een weigering door UWV: opnieuw, na correctie.", _ingediend,
                opties=(("bijlagen", "--bijlage"),))
INGEDIEND = Stap(PROCES, "ingediend", Ingediend, "Handmatig kanaal: leg vast op welke datum het formulier naar UWV "
                 "ging.",
                 lambda r: f"{r['referentie']}: ingediend op {r['op']}; ontvangstbevestiging verwacht uiterlijk "
                           f"{r['ontvangst_uiterlijk']}")
ONTVANGEN = Stap(PROCES, "ontvangen", Ontvangen, "Leg de ontvangstbevestiging van UWV vast; de termijn voor de "
                 "uitkomst begint.",
                 lambda r: f"{r['referentie']}: ontvangst {r['op']} vastgelegd; uitkomst van UWV uiterlijk "
                           f"{r['beslissing_uiterlijk']}")
BESLISSING = Stap(PROCES, "beslissing", Beslissing, "Leg de uitkomst van UWV vast (beschikking banenafspraak of advies "
                  "beschut werk); het vervolg start (garantiebaan, besluit gemeente, of een taak).",
                  lambda r: f"{r['referentie']}: uitkomst {r['uitkomst']} vastgelegd; indicatie staat op "
                            f"'{r['status']}'")
GEMEENTEBESLUIT = Stap(PROCES, "gemeentebesluit", Gemeentebesluit, "Leg het besluit van de gemeente over beschut werk "
                       "vast: plaatsing binnen het quotum, anders de wachtlijst.",
                       lambda r: f"{r['referentie']}: besluit gemeente '{r['besluit']}' vastgelegd; indicatie staat op "
                                 f"'{r['status']}'")
PLAATSEN = Stap(PROCES, "plaatsen", Plaatsen, "Er is een beschutte werkplek vrij: van de wachtlijst naar plaatsing "
                "(taak voor het WSP).",
                lambda r: f"{r['referentie']}: geplaatst; het WSP heeft een taak voor de beschutte werkplek")
CONTROLE = Stap(PROCES, "controle", Controle, "Vraag UWV nu naar ontvangst en uitkomst van open aanvragen "
                "(HTTP-kanaal).",
                lambda r: f"{r['gecontroleerd']} aanvraag/aanvragen gecontroleerd: {r['ontvangen']} ontvangen, "
                          f"{r['beslist']} beslist, {r['overgeslagen']} overgeslagen, {r['fouten']} fout(en)")

STAPPEN = (AANVRAGEN, INDIENEN, INGEDIEND, ONTVANGEN, BESLISSING, GEMEENTEBESLUIT, PLAATSEN, CONTROLE)

DOELGROEPREGISTER_CONTROLE = Stap(
    "doelgroepregister", "controle", DoelgroepregisterControle, "Vraag Suwinet nu naar de registratie in het "
    "doelgroepregister van elk traject dat erop wacht (of van één traject).",
    lambda r: f"{r['gecontroleerd']} traject(en) gecontroleerd: {r['geregistreerd']} geregistreerd, {r['wacht']} "
              f"wachtend, {r['overgeslagen']} overgeslagen, {r['fouten']} fout(en)")
