"""The maatregelonderzoek itself: melding verzuim → horen → verwijtbaarheid → maatregel bepalen → vier
ogen → beschikking. Its process table, the codes of its taken and timers, its terms, recidive and
maatregel bepalen (lid 9: afzien, lid 10: matiging, strictly milder)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta

from domain.errors import TransitionRefused
from domain.herinneringen import TZ
from domain.invoer import FORMULIER_DOOR, OngeldigeInvoer, controleer_door, controleer_email
from domain.kalender import Kalender
from domain.maatregel.beschikking import AFZIEN, BeschikkingType, Uitkomst
from domain.maatregel.regeltabel import Gedraging, RegelVersie
from domain.maatregel.statussen import BEOORDELEN, BESCHIKT, GEMELD, HOREN, INGETROKKEN, VERVALLEN, VIER_OGEN
from domain.proces import Proces, overgangen
from domain.traject import Status
from domain.traject import controleer_traject_open as traject_open

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
    groep: str  # the recidive group: "arbeidsverplichting", "categorie:<c>" or the gedraging code
    recidive_stap: int


def recidive_groep(g: Gedraging) -> str:
    return g.recidive_groep  # per gedraging or per categorie, as the verordening says (regeltabel.py)


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
        grond.append(versie.ladder_grondslag(stap))  # the law's ladder is data (werkpad/arbeidsverplichtingen.toml)
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


# -- the rules of the onderzoek's steps (the tasks read the rows, these decide) -----------------------
NOG_GEEN_UITKERING = (Status.aangemeld, Status.brede_intake_gepland, Status.wacht_op_uitkering)


def controleer_traject(referentie: str, status: str, wat: str, *, na_afsluiten: bool = False) -> None:
    """The onderzoek and its beschikking need an open traject; the legal steps after a beschikking
    (`na_afsluiten`: bezwaar, heroverweging, herziening) outlive it."""
    if not na_afsluiten:
        traject_open(referentie, status, wat)  # the one rule (domain/traject.py)


def controleer_verzuim(referentie: str, traject_status: str, aangemeld_op: date, verzuim_op: date,
                       vandaag: date) -> None:
    """A melding needs a granted uitkering (a maatregel reduces it) and a verzuim on a day that was,
    within the traject."""
    if traject_status in NOG_GEEN_UITKERING:
        raise TransitionRefused(f"{referentie}: er is nog geen uitkering toegekend ({traject_status.replace('_', ' ')}); "
                                "een maatregel verlaagt de bijstand en kan pas daarna.")
    if verzuim_op > vandaag:
        raise OngeldigeInvoer(f"De datum van het verzuim ({verzuim_op.isoformat()}) ligt in de toekomst.")
    if verzuim_op < aangemeld_op:
        raise OngeldigeInvoer(f"De datum van het verzuim ({verzuim_op.isoformat()}) ligt vóór de aanmelding "
                              f"({aangemeld_op.isoformat()}).")


def controleer_nieuw_onderzoek(referentie: str, *, lopend_status: str | None, dubbel_id: int | None, gedraging: str,
                               verzuim_op: date) -> None:
    """One onderzoek at a time per traject (`lopend_status`: the open one's), and one gedraging gives one
    maatregel (`dubbel_id`: an onderzoek of the same person for the same gedraging on the same day)."""
    if lopend_status is not None:
        raise TransitionRefused(f"{referentie}: maatregelonderzoek loopt al "
                                f"({MAATREGELONDERZOEK.status_label(lopend_status)}); rond dat eerst af (zie de status van "
                                "de maatregel).")
    if dubbel_id is not None:
        raise TransitionRefused(f"{referentie}: voor dit verzuim ({gedraging} op {verzuim_op.isoformat()}) is al een "
                                f"maatregelonderzoek (#{dubbel_id}); één gedraging geeft één maatregel.")


def controleer_onderzoek(referentie: str, status: str | None, statussen: Sequence[str], wat: str, *,
                         reageren_uiterlijk: date | None = None,
                         laatste_besluit: tuple[str | None, date | None] | None = None) -> None:
    """A step of the onderzoek needs one open (`status`; None: none) in one of `statussen`. A beschikking
    (or a proposal) needs the horen done. `laatste_besluit` (kenmerk, datum) of the newest beschikking
    tells, when no onderzoek runs, that the last one ended in one."""
    if status is None:
        al = ""
        if laatste_besluit is not None and laatste_besluit[1] is not None:
            al = f" De laatste beschikking ({laatste_besluit[0]}) is genomen op {laatste_besluit[1].isoformat()}."
        raise TransitionRefused(f"{referentie}: er loopt geen maatregelonderzoek; {wat} kan alleen na een melding "
                                f"van verzuim (de stap 'maatregel melden').{al}")
    if status in statussen:
        return
    if status in (MAATREGELONDERZOEK.start, HOREN) and {BEOORDELEN, VIER_OGEN} & set(statussen):  # a beschikking too
        termijn = f" (reactietermijn tot en met {reageren_uiterlijk.isoformat()})" if reageren_uiterlijk else ""
        raise TransitionRefused(f"{referentie}: het horen is nog niet afgerond{termijn}; {wat} kan pas als de "
                                "toelichting is vastgelegd of de reactietermijn zonder toelichting verstreek.")
    raise TransitionRefused(f"{referentie}: het maatregelonderzoek staat op "
                            f"'{MAATREGELONDERZOEK.status_label(status)}'; {wat} kan nu niet.")


def controleer_reactietermijn_verstreken(referentie: str, reageren_uiterlijk: date, vandaag: date) -> None:
    """No toelichting is recorded as missing before the reaction term has passed."""
    if vandaag <= reageren_uiterlijk:
        raise TransitionRefused(f"{referentie}: de reactietermijn loopt nog tot en met "
                                f"{reageren_uiterlijk.isoformat()}.")


def controleer_na_gesprek(referentie: str, gesprek_op: datetime | None, nu: datetime) -> None:
    """Horen means the gesprek took place: no proposal before it, even with a written toelichting."""
    if gesprek_op is not None and nu < gesprek_op:
        raise TransitionRefused(f"{referentie}: het gesprek (horen) is gepland op "
                                f"{gesprek_op.astimezone(TZ):%Y-%m-%d %H:%M}; een voorstel kan pas daarna, ook als "
                                "er al een schriftelijke toelichting is.")


def persoon_sleutel(adres: str) -> str:
    """Who an address is, for vier ogen: lower case, and without a '+tag' (wc+alias@ is wc@)."""
    lokaal, _, domein = adres.strip().lower().partition("@")
    return f"{lokaal.split('+', 1)[0]}@{domein}"


def controleer_persoon(value: str | None, wat: str) -> str:
    """The vier-ogen principle needs persons, not roles: proposer and approver give their address."""
    actor = controleer_door(value, FORMULIER_DOOR)
    if "@" not in actor:
        raise OngeldigeInvoer(f"{wat} vraagt om een persoon: geef je e-mailadres bij 'door' (niet de rol "
                              f"'{actor}'); het vier-ogenprincipe vergelijkt wie voorstelt en wie goedkeurt.")
    return controleer_email(actor, FORMULIER_DOOR)


def controleer_vier_ogen(voorsteller: str | None, persoon: str, referentie: str, *, terugsturen: bool = False) -> None:
    """Another person than the proposer approves the proposal, or sends it back."""
    if persoon_sleutel(persoon) == persoon_sleutel(voorsteller or ""):
        wie = "een ander (de teamleider) beoordeelt het" if terugsturen else "een ander moet het goedkeuren"
        raise TransitionRefused(f"{referentie}: {persoon} deed zelf het voorstel; {wie} (vier-ogenprincipe).")


def controleer_concept(referentie: str, status: str | None, *, beschikking: bool) -> None:
    """A concept shows the proposal at vier ogen, or (no onderzoek open) the last beschikking."""
    if status is not None and status != VIER_OGEN:
        raise TransitionRefused(f"{referentie}: het maatregelonderzoek staat op "
                                f"'{MAATREGELONDERZOEK.status_label(status)}'; er ligt geen voorstel, dus ook geen "
                                "concept.")
    if status is None and not beschikking:
        raise TransitionRefused(f"{referentie}: er ligt geen voorstel voor een maatregel klaar (en geen "
                                "beschikking).")
