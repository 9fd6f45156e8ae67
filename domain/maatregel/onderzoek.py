"""The maatregelonderzoek itself: melding verzuim → horen → verwijtbaarheid → maatregel bepalen → vier
ogen → beschikking. Its process table, the codes of its taken and timers, its terms, recidive and
maatregel bepalen (lid 9: afzien, lid 10: matiging, strictly milder)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta

from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.maatregel.beschikking import AFZIEN, BeschikkingType, Uitkomst
from domain.maatregel.regeltabel import Gedraging, RegelVersie
from domain.maatregel.statussen import BEOORDELEN, BESCHIKT, GEMELD, HOREN, INGETROKKEN, VERVALLEN, VIER_OGEN
from domain.proces import Proces, overgangen

MAATREGELONDERZOEK = Proces(
    naam="maatregelonderzoek",
    label="Maatregelonderzoek",
    statussen={GEMELD: "Verzuim gemeld", HOREN: "Horen (wacht op toelichting)",
               BEOORDELEN: "Verwijtbaarheid en omstandigheden beoordelen", VIER_OGEN: "Voorstel bij teamleider",
               BESCHIKT: "Beschikking genomen", INGETROKKEN: "Melding ingetrokken", VERVALLEN: "Vervallen"},
    start=GEMELD,
    overgangen=overgangen(gemeld=(HOREN, INGETROKKEN, VERVALLEN), horen=(BEOORDELEN, INGETROKKEN, VERVALLEN),
                          beoordelen=(VIER_OGEN, INGETROKKEN, VERVALLEN), vier_ogen=(BESCHIKT, BEOORDELEN, VERVALLEN),
                          beschikt=(), ingetrokken=(), vervallen=()),
    gebeurtenissen=frozenset({"maatregelonderzoek.gemeld", "maatregelonderzoek.horen",
                              "maatregelonderzoek.toelichting", "maatregelonderzoek.geen_toelichting",
                              "maatregelonderzoek.voorgesteld", "maatregelonderzoek.teruggestuurd",
                              "maatregelonderzoek.beschikt", "maatregelonderzoek.ingetrokken",
                              "maatregelonderzoek.vervallen"}),
)


# Codes of taken and deadlines (closed by code, never by title).
HOREN_TAAK = "maatregel.horen"  # werkcoach: invite the deelnemer to be heard
BEOORDELEN_TAAK = "maatregel.beoordelen"  # werkcoach: verwijtbaarheid, omstandigheden, voorstel
VIER_OGEN_TAAK = "maatregel.vier_ogen"  # teamleider: approve or send back
ONDERZOEK_TERMIJN = "maatregel.onderzoek"  # the onderzoek's own term (service norm)
REACTIE_WEKKER = "maatregel.reactietermijn"  # waking timer: no toelichting in time is recorded

WEKT_REACTIE = "maatregel-reactietermijn-verlopen/reactietermijn-verlopen"

GRONDSLAG_ONDERZOEK = "Werkafspraak IJmond Werkt!: maatregelonderzoek afronden binnen {weken} weken (servicenorm)"
GRONDSLAG_HOREN = "Awb art. 4:8 (horen vóór een belastende beschikking); reactietermijn: werkafspraak"
GRONDSLAG_VIER_OGEN = "Werkafspraak IJmond Werkt!: vier-ogenprincipe bij een maatregel (servicenorm)"

ONDERZOEK_WEKEN = 8
REACTIE_WERKDAGEN = 10
VIER_OGEN_WERKDAGEN = 5
RECIDIVE_MAANDEN = 12


# -- recidive and maatregel bepalen ------------------------------------------------------------
@dataclass(frozen=True)
class EerdereMaatregel:
    """An earlier imposed maatregel of the same person (not afzien, not undone in bezwaar)."""

    besluit_datum: date
    groep: str  # the recidive group: "arbeidsverplichting" or the gedraging code
    recidive_stap: int


def recidive_groep(g: Gedraging) -> str:
    return "arbeidsverplichting" if g.arbeidsverplichting else g.code


def recidive_stap(verzuim_op: date, groep: str, eerdere: Sequence[EerdereMaatregel]) -> int:
    """1 the first time; n+1 when the gedraging happened within twelve months after an earlier
    maatregel of the same group that was itself step n (art. 18 lid 6–8 count from that besluit)."""
    kandidaten = [e for e in eerdere if e.groep == groep
                  and e.besluit_datum < verzuim_op <= e.besluit_datum + relativedelta(months=RECIDIVE_MAANDEN)]
    if not kandidaten:
        return 1
    return max(kandidaten, key=lambda e: e.besluit_datum).recidive_stap + 1


@dataclass(frozen=True)
class Voorstel:
    uitkomst: Uitkomst
    grondslagen: tuple[str, ...]
    recidive_stap: int
    gematigd_van: Uitkomst | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**self.uitkomst.as_dict(), "grondslagen": list(self.grondslagen), "recidive_stap": self.recidive_stap,
                "gematigd_van": self.gematigd_van.as_dict() if self.gematigd_van else None}


def bepaal_maatregel(versie: RegelVersie, gedraging: str, *, verwijtbaar: bool, stap: int,
                     dringende_redenen: str | None = None, gematigd_percentage: int | None = None,
                     gematigd_maanden: int | None = None) -> Voorstel:
    """The proposal from the verordening, with lid 9 (afzien) and lid 10 (matiging) applied."""
    g = versie.gedraging(gedraging)
    basis = ["Participatiewet art. 18 lid 2 en art. 8 lid 1 onder a", g.grondslag,
             f"{versie.verordening} (geldig vanaf {versie.geldig_vanaf.isoformat()})",
             "Awb art. 4:8 (de deelnemer is in de gelegenheid gesteld een toelichting te geven)"]
    if not verwijtbaar:
        if gematigd_percentage is not None or gematigd_maanden is not None:
            raise OngeldigeInvoer("Zonder verwijtbaarheid wordt afgezien van een maatregel; een matiging past daar "
                                  "niet bij.")
        return Voorstel(AFZIEN, (*basis, "Participatiewet art. 18 lid 9 (elke vorm van verwijtbaarheid ontbreekt)"),
                        recidive_stap=stap)
    tabel = g.uitkomst(stap)
    grond = list(basis)
    if g.arbeidsverplichting:
        lid = {1: "lid 5", 2: "lid 6", 3: "lid 7"}.get(stap, "lid 8")
        grond.append(f"Participatiewet art. 18 lid 4 en {lid}")
    elif stap > 1:
        grond.append(f"{g.grondslag}: recidive binnen twaalf maanden (keer {stap})")
    matigen = gematigd_percentage is not None or gematigd_maanden is not None
    if not matigen:
        if dringende_redenen:
            raise OngeldigeInvoer("Dringende redenen genoemd maar geen matiging opgegeven: geef het gematigde "
                                  "percentage en het aantal maanden (Pw art. 18 lid 10), of laat de dringende "
                                  "redenen weg.")
        return Voorstel(tabel, tuple(grond), recidive_stap=stap)
    if not dringende_redenen:
        raise OngeldigeInvoer("Een gematigde maatregel kan alleen om dringende redenen (Pw art. 18 lid 10); "
                              "beschrijf ze.")
    if gematigd_percentage is None or gematigd_maanden is None:
        raise OngeldigeInvoer("Geef bij matiging zowel het percentage als het aantal maanden.")
    if not 1 <= gematigd_percentage <= 100 or not 1 <= gematigd_maanden <= 3:
        raise OngeldigeInvoer("Een gematigde maatregel is 1 tot en met 100 procent gedurende 1 tot en met 3 maanden; "
                              "afzien om dringende redenen kan niet via matiging (gebruik verwijtbaar = nee als elke "
                              "verwijtbaarheid ontbreekt).")
    gematigd = Uitkomst(BeschikkingType.MGEMATIGD, gematigd_percentage, gematigd_maanden)
    if gematigd.zwaarte >= tabel.zwaarte or gematigd.percentage > tabel.percentage \
            or gematigd.maanden > tabel.maanden:
        raise OngeldigeInvoer(f"Een matiging moet lichter zijn dan de maatregel uit de verordening "
                              f"({tabel.label}); {gematigd_percentage}% gedurende {gematigd_maanden} maand(en) is "
                              "dat niet.")
    grond.append("Participatiewet art. 18 lid 10 (dringende redenen: gematigde maatregel)")
    return Voorstel(gematigd, tuple(grond), recidive_stap=stap, gematigd_van=tabel)


def onderzoek_uiterlijk(gemeld_op: date, kalender: Kalender, weken: int = ONDERZOEK_WEKEN) -> date:
    """Service norm: the onderzoek is decided within `weken` weeks (a werkdag, counted back)."""
    return kalender.vorige_werkdag(gemeld_op + timedelta(weeks=weken), inclusief=True)


def controleer_gesprek(gesprek_op: date, vandaag: date, reageren_uiterlijk: date) -> None:
    if gesprek_op <= vandaag:
        raise OngeldigeInvoer(f"Het gesprek (horen) moet na vandaag ({vandaag.isoformat()}) zijn: de deelnemer moet "
                              "de uitnodiging eerst kunnen ontvangen.")
    if gesprek_op > reageren_uiterlijk:
        raise OngeldigeInvoer(f"Het gesprek valt na de reactietermijn ({reageren_uiterlijk.isoformat()}); plan het "
                              "binnen de termijn.")


class Verwijtbaar(StrEnum):
    """Is de deelnemer het verzuim te verwijten?"""

    ja = "ja"
    nee = "nee"
