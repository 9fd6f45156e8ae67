"""Legal terms (termijnen), computed from a rule table versioned by date.

Counting follows Awb/Atw practice: a term of N weeks that starts "de dag na" an event ends
on the same weekday N weeks after that event (bekendmaking on 1 March -> last day 12 April
for six weeks). Then, only where the Algemene termijnenwet applies:

* art. 1: a term ending on a Saturday, Sunday or feestdag is extended to the next day that
  is none of these;
* art. 2: a term of at least three days is extended until it holds two such days;
* art. 4: terms in hours and terms longer than 90 days / 12 weeks / 3 months are excluded,
  and so are terms not set by wet or AMvB (policy terms, gemeentelijke verordeningen).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from domain.errors import UnknownTermijn
from domain.kalender import DEFAULT_KALENDER, Kalender


class Eenheid(StrEnum):
    dagen = "dagen"
    weken = "weken"
    maanden = "maanden"


@dataclass(frozen=True)
class TermijnRegel:
    soort: str
    geldig_vanaf: date
    lengte: int
    eenheid: Eenheid
    grondslag: str
    wettelijk: bool  # set by wet or AMvB; only then can the Atw apply
    omschrijving: str
    toelichting: str = ""

    def atw_uitgesloten_reden(self) -> str | None:
        if not self.wettelijk:
            return "geen termijn uit wet of AMvB (Atw art. 1 geldt alleen voor wettelijke termijnen)"
        too_long = (
            (self.eenheid == Eenheid.dagen and self.lengte > 90)
            or (self.eenheid == Eenheid.weken and self.lengte > 12)
            or (self.eenheid == Eenheid.maanden and self.lengte > 3)
        )
        if too_long:
            return "termijn langer dan 90 dagen, 12 weken of 3 maanden (Atw art. 4)"
        return None


@dataclass(frozen=True)
class Termijn:
    soort: str
    vanaf: date
    einddatum: date
    onverlengde_einddatum: date
    grondslag: str
    omschrijving: str
    regel_geldig_vanaf: date
    atw_toegepast: bool
    atw_toelichting: str

    def as_dict(self) -> dict[str, object]:
        return {
            "soort": self.soort,
            "vanaf": self.vanaf.isoformat(),
            "einddatum": self.einddatum.isoformat(),
            "onverlengde_einddatum": self.onverlengde_einddatum.isoformat(),
            "grondslag": self.grondslag,
            "omschrijving": self.omschrijving,
            "regel_geldig_vanaf": self.regel_geldig_vanaf.isoformat(),
            "atw_toegepast": self.atw_toegepast,
            "atw_toelichting": self.atw_toelichting,
        }


_PW_START = date(2015, 1, 1)
_AWB_START = date(1994, 1, 1)

# Versioned rule table. A new law version is a new row with its own geldig_vanaf; the row
# in force on the start date of the term governs it.
REGELS: tuple[TermijnRegel, ...] = (
    TermijnRegel(
        "bezwaar", _AWB_START, 6, Eenheid.weken, "Awb art. 6:7 jo. 6:8", True,
        "Bezwaartermijn: zes weken, vanaf de dag na bekendmaking van het besluit.",
    ),
    TermijnRegel(
        "beslistermijn", _AWB_START, 8, Eenheid.weken, "Awb art. 4:13 lid 2", True,
        "Beslistermijn zonder wettelijke termijn: uiterlijk acht weken na ontvangst van de aanvraag.",
    ),
    TermijnRegel(
        "uwv-beoordeling", _AWB_START, 8, Eenheid.weken, "Awb art. 4:13 lid 2 (aanvraag bij UWV)", True,
        "UWV beslist op de aanvraag (indicatie banenafspraak, beschut werk) binnen acht weken.",
    ),
    TermijnRegel(
        "zoektermijn", _PW_START, 4, Eenheid.weken, "Participatiewet art. 41 lid 4", False,
        "Zoektermijn jongeren onder 27: aanvraag niet eerder dan vier weken na de melding.",
        "Wachttermijn (niet eerder dan), geen termijn om iets te doen: de Atw verlengt hem niet.",
    ),
    TermijnRegel(
        "zoektermijn", date(2027, 1, 1), 4, Eenheid.weken,
        "Participatiewet art. 41 lid 4 (na Wet Participatiewet in balans)", False,
        "Zoektermijn jongeren onder 27: vier weken na de melding; het college kan er voor "
        "kwetsbare jongeren van afzien.",
        "Wachttermijn (niet eerder dan), geen termijn om iets te doen: de Atw verlengt hem niet.",
    ),
    TermijnRegel(
        "inspanningsperiode", date(2016, 3, 1), 3, Eenheid.weken,
        "Beleid Strenger & Selectiever aan de Poort (gemeenten IJmond)", False,
        "Inspanningsperiode: drie weken zelf intensief naar werk zoeken na de aanmelding.",
    ),
)

SOORTEN: tuple[str, ...] = tuple(dict.fromkeys(r.soort for r in REGELS))


def regel_voor(soort: str, vanaf: date, regels: tuple[TermijnRegel, ...] = REGELS) -> TermijnRegel:
    kandidaten = [r for r in regels if r.soort == soort]
    if not kandidaten:
        raise UnknownTermijn(
            f"Onbekende termijnsoort '{soort}': kies uit {', '.join(SOORTEN)}."
        )
    geldig = [r for r in kandidaten if r.geldig_vanaf <= vanaf]
    if not geldig:
        raise UnknownTermijn(
            f"Voor '{soort}' is geen regel geldig op {vanaf.isoformat()} "
            f"(eerste regel geldt vanaf {min(r.geldig_vanaf for r in kandidaten).isoformat()})."
        )
    return max(geldig, key=lambda r: r.geldig_vanaf)


def _einde(regel: TermijnRegel, vanaf: date) -> date:
    if regel.eenheid == Eenheid.dagen:
        return vanaf + timedelta(days=regel.lengte)
    if regel.eenheid == Eenheid.weken:
        return vanaf + timedelta(weeks=regel.lengte)
    return vanaf + relativedelta(months=regel.lengte)


def pas_atw_toe(start: date, eind: date, kalender: Kalender, lengte_dagen: int) -> date:
    """Atw art. 1 and art. 2 for a term that runs from `start` up to and including `eind`."""
    if not kalender.is_werkdag(eind):  # art. 1
        eind = kalender.volgende_werkdag(eind)
    if lengte_dagen >= 3:  # art. 2
        while kalender.werkdagen_tussen(start, eind) < 2:
            eind = kalender.volgende_werkdag(eind)
    return eind


def bereken_termijn(
    soort: str,
    vanaf: date,
    kalender: Kalender = DEFAULT_KALENDER,
    regels: tuple[TermijnRegel, ...] = REGELS,
) -> Termijn:
    """The end date of a term that starts the day after `vanaf` (the event date)."""
    regel = regel_voor(soort, vanaf, regels)
    ruw = _einde(regel, vanaf)
    reden = regel.atw_uitgesloten_reden()
    if reden is None:
        eind = pas_atw_toe(vanaf + timedelta(days=1), ruw, kalender, (ruw - vanaf).days)
        uitleg = (
            "Algemene termijnenwet toegepast: einde verschoven van "
            f"{ruw.isoformat()} naar {eind.isoformat()}."
            if eind != ruw
            else "Algemene termijnenwet van toepassing; einddatum is een werkdag, geen verlenging."
        )
    else:
        eind, uitleg = ruw, f"Algemene termijnenwet niet van toepassing: {reden}."
    if regel.toelichting:
        uitleg = f"{uitleg} {regel.toelichting}"
    return Termijn(
        soort=soort,
        vanaf=vanaf,
        einddatum=eind,
        onverlengde_einddatum=ruw,
        grondslag=regel.grondslag,
        omschrijving=regel.omschrijving,
        regel_geldig_vanaf=regel.geldig_vanaf,
        atw_toegepast=reden is None,
        atw_toelichting=uitleg,
    )
