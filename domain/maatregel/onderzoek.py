"""The maatregelonderzoek itself: melding verzuim → horen → verwijtbaarheid → maatregel bepalen → vier
ogen → beschikking. Its process table, the codes of its taken and timers, its terms, recidive and
maatregel bepalen (lid 9: afzien, lid 10: matiging, strictly milder)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    # gemeld → beoordelen: horen omitted on a statutory ground before any invitation (Awb 4:11/4:12).
    overgangen=overgangen(gemeld=(HOREN, BEOORDELEN, INGETROKKEN, VERVALLEN), horen=(BEOORDELEN, INGETROKKEN, VERVALLEN),
                          beoordelen=(VIER_OGEN, INGETROKKEN, VERVALLEN), vier_ogen=(BESCHIKT, BEOORDELEN, VERVALLEN),
                          beschikt=(), ingetrokken=(), vervallen=()),
    gebeurtenissen=frozenset({"maatregelonderzoek.gemeld", "maatregelonderzoek.horen",
                              "maatregelonderzoek.toelichting", "maatregelonderzoek.geen_toelichting",
                              "maatregelonderzoek.voorgesteld", "maatregelonderzoek.teruggestuurd",
                              "maatregelonderzoek.beschikt", "maatregelonderzoek.ingetrokken",
                              "maatregelonderzoek.vervallen", "maatregelonderzoek.reactie_afgezien",
                              "maatregelonderzoek.horen_achterwege"}),
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


GROND_LID_9 = "Participatiewet art. 18 lid 9 (elke vorm van verwijtbaarheid ontbreekt)"
GROND_LID_10_AFZIEN = "Participatiewet art. 18 lid 10 (dringende redenen: afgezien van een maatregel)"
GROND_LID_10_MATIGEN = "Participatiewet art. 18 lid 10 (dringende redenen: gematigde maatregel)"


def bepaal_maatregel(versie: RegelVersie, gedraging: str, *, verwijtbaar: bool, stap: int,
                     dringende_redenen: str | None = None, gematigd_percentage: int | None = None,
                     gematigd_maanden: int | None = None, afzien_dringend: bool = False) -> Voorstel:
    """The proposal from the verordening, with lid 9 (afzien: no verwijtbaarheid at all), lid 10 (dringende
    redenen: afzien, `afzien_dringend`, or matiging) applied. Lid 9 and lid 10 are different grounds: an
    afzien om dringende redenen keeps the verzuim verwijtbaar and cites lid 10, never lid 9."""
    g = versie.gedraging(gedraging)
    basis = ["Participatiewet art. 18 lid 2 en art. 8 lid 1 onder a", g.grondslag,
             f"{versie.verordening} (geldig vanaf {versie.geldig_vanaf.isoformat()})",
             "Awb art. 4:8 (de deelnemer is in de gelegenheid gesteld een toelichting te geven)"]
    matigen = gematigd_percentage is not None or gematigd_maanden is not None
    if not verwijtbaar:
        if afzien_dringend:
            raise OngeldigeInvoer("Zonder verwijtbaarheid wordt afgezien op grond van Pw art. 18 lid 9; afzien om "
                                  "dringende redenen (lid 10) is voor een verwijtbaar verzuim. Kies één van beide.")
        if matigen:
            raise OngeldigeInvoer("Zonder verwijtbaarheid wordt afgezien van een maatregel; een matiging past daar "
                                  "niet bij.")
        return Voorstel(AFZIEN, (*basis, GROND_LID_9), recidive_stap=stap)
    if afzien_dringend:
        if matigen:
            raise OngeldigeInvoer("Afzien om dringende redenen (Pw art. 18 lid 10) gaat niet samen met een matiging; "
                                  "kies afzien of een gematigd percentage en aantal maanden.")
        if not dringende_redenen:
            raise OngeldigeInvoer("Afzien om dringende redenen (Pw art. 18 lid 10) vraagt om de dringende redenen; "
                                  "beschrijf ze.")
        return Voorstel(AFZIEN, (*basis, GROND_LID_10_AFZIEN), recidive_stap=stap)
    tabel = g.uitkomst(stap)
    grond = list(basis)
    if g.arbeidsverplichting:
        grond.append(versie.ladder_grondslag(stap))  # the law's ladder is data (werkpad/arbeidsverplichtingen.toml)
    elif stap > 1:
        grond.append(f"{g.grondslag}: recidive binnen twaalf maanden (keer {stap})")
    if not matigen:
        if dringende_redenen:
            raise OngeldigeInvoer("Dringende redenen genoemd maar geen matiging opgegeven: geef het gematigde "
                                  "percentage en het aantal maanden, of kies afzien om dringende redenen (Pw art. 18 "
                                  "lid 10), of laat de dringende redenen weg.")
        return Voorstel(tabel, tuple(grond), recidive_stap=stap)
    if not dringende_redenen:
        raise OngeldigeInvoer("Een gematigde maatregel kan alleen om dringende redenen (Pw art. 18 lid 10); "
                              "beschrijf ze.")
    if gematigd_percentage is None or gematigd_maanden is None:
        raise OngeldigeInvoer("Geef bij matiging zowel het percentage als het aantal maanden.")
    if not 1 <= gematigd_percentage <= 100 or not 1 <= gematigd_maanden <= 3:
        raise OngeldigeInvoer("Een gematigde maatregel is 1 tot en met 100 procent gedurende 1 tot en met 3 maanden; "
                              "afzien om dringende redenen kan niet via matiging (kies afzien om dringende redenen, "
                              "Pw art. 18 lid 10; of verwijtbaar = nee als elke verwijtbaarheid ontbreekt, lid 9).")
    gematigd = Uitkomst(BeschikkingType.MGEMATIGD, gematigd_percentage, gematigd_maanden)
    if gematigd.zwaarte >= tabel.zwaarte or gematigd.percentage > tabel.percentage \
            or gematigd.maanden > tabel.maanden:
        raise OngeldigeInvoer(f"Een matiging moet lichter zijn dan de maatregel uit de verordening "
                              f"({tabel.label}); {gematigd_percentage}% gedurende {gematigd_maanden} maand(en) is "
                              "dat niet.")
    grond.append(GROND_LID_10_MATIGEN)
    return Voorstel(gematigd, tuple(grond), recidive_stap=stap, gematigd_van=tabel)


def onderzoek_uiterlijk(gemeld_op: date, kalender: Kalender, weken: int = ONDERZOEK_WEKEN) -> date:
    """Service norm: the onderzoek is decided within `weken` weeks (a werkdag, counted back)."""
    return kalender.vorige_werkdag(gemeld_op + timedelta(weeks=weken), inclusief=True)


def controleer_gesprek_verzetten(huidig: datetime | None, nu: datetime) -> None:
    """A planned gesprek may move to another time (the invitation letter offers it) until it has begun; after that
    the deelnemer was heard or did not come: record the toelichting, or let the reaction term run out."""
    if huidig is not None and huidig <= nu:
        raise OngeldigeInvoer(f"Het gesprek van {huidig.astimezone(TZ):%Y-%m-%d %H:%M} is al begonnen of voorbij; "
                              "verzetten kan niet meer. Leg de toelichting vast, of laat de reactietermijn verlopen.")


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


# -- the reaction term before the beschikking (Awb 4:8, 4:11, 4:12) ---------------------------------------
class HorenAchterwege(StrEnum):
    """The statutory grounds on which horen may be omitted (Awb art. 4:11 onder a–c, art. 4:12 lid 1)."""

    spoed = "spoed"  # Awb 4:11 onder a
    eerder_gehoord = "eerder-gehoord"  # Awb 4:11 onder b
    verrassing = "verrassing"  # Awb 4:11 onder c
    financieel = "financieel"  # Awb 4:12 lid 1

    @property
    def grondslag(self) -> str:
        return ACHTERWEGE_GRONDSLAG[self]

    @property
    def brieftekst(self) -> str:
        return ACHTERWEGE_BRIEF[self]


# The ground exactly, as the beschikking cites it (Awb art. 4:11 and 4:12 lid 1, text of the law summarised).
ACHTERWEGE_GRONDSLAG = {
    HorenAchterwege.spoed: "Awb art. 4:11, aanhef en onder a (de vereiste spoed verzet zich tegen horen)",
    HorenAchterwege.eerder_gehoord: "Awb art. 4:11, aanhef en onder b (de belanghebbende is reeds eerder in de "
                                    "gelegenheid gesteld zijn zienswijze naar voren te brengen en sindsdien zijn geen "
                                    "nieuwe feiten of omstandigheden gebleken)",
    HorenAchterwege.verrassing: "Awb art. 4:11, aanhef en onder c (het met de beschikking beoogde doel kan slechts "
                                "worden bereikt indien de belanghebbende daarvan niet reeds tevoren in kennis is "
                                "gesteld)",
    HorenAchterwege.financieel: "Awb art. 4:12 lid 1 (beschikking tot vaststelling van een financiële aanspraak of "
                                "verplichting; bezwaar staat open en de nadelige gevolgen kunnen na bezwaar volledig "
                                "ongedaan worden gemaakt)",
}
# The same in plain Dutch for the deelnemer (the letter also names the article).
ACHTERWEGE_BRIEF = {
    HorenAchterwege.spoed: "dit besluit moest zo snel worden genomen dat er geen tijd was om u eerst te horen "
                           "(artikel 4:11, onder a, van de Algemene wet bestuursrecht)",
    HorenAchterwege.eerder_gehoord: "u al eerder uw kant van het verhaal heeft kunnen vertellen en er sindsdien "
                                    "geen nieuwe feiten of omstandigheden gebleken (artikel 4:11, onder b, van de "
                                    "Algemene wet bestuursrecht)",
    HorenAchterwege.verrassing: "het doel van dit besluit kon alleen worden bereikt als u er niet vooraf van wist "
                                "(artikel 4:11, onder c, van de Algemene wet bestuursrecht)",
    HorenAchterwege.financieel: "dit besluit gaat over de hoogte van uw bijstand, u kunt er bezwaar tegen maken en de "
                                "nadelige gevolgen kunnen na bezwaar volledig ongedaan worden gemaakt (artikel 4:12, "
                                "eerste lid, van de Algemene wet bestuursrecht)",
}


def controleer_reactietermijn_voor_besluit(referentie: str, reageren_uiterlijk: date | None, vandaag: date, *,
                                           afgezien_op: date | None, achterwege: str | None) -> None:
    """Awb art. 4:8: no beschikking while the written reaction term that the invitation offered still runs
    (the deelnemer may still send a reaction "als aanvulling" on the gesprek). It ends earlier only when the
    deelnemer said, on a recorded date, that they give up the rest of it (`afgezien_op`), or when horen is
    omitted on a statutory ground recorded with its facts (`achterwege`: Awb 4:11 onder a–c, 4:12)."""
    if achterwege is not None or afgezien_op is not None:
        return
    if reageren_uiterlijk is None:
        raise TransitionRefused(f"{referentie}: de deelnemer is niet uitgenodigd om te reageren en er is geen "
                                "wettelijke grond vastgelegd om het horen achterwege te laten (Awb art. 4:8, 4:11).")
    if vandaag <= reageren_uiterlijk:
        raise TransitionRefused(
            f"{referentie}: de reactietermijn loopt nog tot en met {reageren_uiterlijk.isoformat()}; goedkeuren en "
            f"verzenden kan vanaf {(reageren_uiterlijk + timedelta(days=1)).isoformat()} (Awb art. 4:8), tenzij de "
            "deelnemer afziet van de rest van de termijn (de stap 'maatregel afzien-reactie') of het horen op een "
            "wettelijke grond achterwege blijft (de stap 'maatregel horen-achterwege', Awb art. 4:11/4:12).")


def controleer_afzien_reactie(referentie: str, status: str, *, reageren_uiterlijk: date | None, verklaard_op: date,
                              uitgenodigd_op: date, vandaag: date, al_afgezien: date | None,
                              achterwege: str | None) -> None:
    """The deelnemer gives up the rest of the reaction term (Awb 4:8): recorded with the day they said so,
    which lies between the invitation and today, while the term still runs."""
    if status not in (HOREN, BEOORDELEN, VIER_OGEN) or reageren_uiterlijk is None:
        raise TransitionRefused(f"{referentie}: er loopt geen reactietermijn (het maatregelonderzoek staat op "
                                f"'{MAATREGELONDERZOEK.status_label(status)}'); afzien van reactie kan alleen na de "
                                "uitnodiging om te horen en vóór de beschikking.")
    if al_afgezien is not None or achterwege is not None:
        wat = (f"afzien van reactie is al vastgelegd ({al_afgezien.isoformat()})" if al_afgezien is not None
               else "het horen blijft al achterwege op een wettelijke grond")
        raise TransitionRefused(f"{referentie}: {wat}.")
    if verklaard_op > vandaag:
        raise OngeldigeInvoer(f"De dag waarop de deelnemer afzag ({verklaard_op.isoformat()}) ligt in de toekomst.")
    if verklaard_op < uitgenodigd_op:
        raise OngeldigeInvoer(f"De dag waarop de deelnemer afzag ({verklaard_op.isoformat()}) ligt vóór de "
                              f"uitnodiging om te horen ({uitgenodigd_op.isoformat()}).")
    if vandaag > reageren_uiterlijk:
        raise TransitionRefused(f"{referentie}: de reactietermijn is al verstreken (tot en met "
                                f"{reageren_uiterlijk.isoformat()}); afzien van de rest ervan hoeft niet meer.")


def controleer_horen_achterwege(referentie: str, status: str, *, al_afgezien: date | None,
                                achterwege: str | None) -> None:
    """Horen is omitted on a statutory ground (Awb 4:11/4:12) only before the beschikking, and once."""
    if status not in (MAATREGELONDERZOEK.start, HOREN, BEOORDELEN, VIER_OGEN):
        raise TransitionRefused(f"{referentie}: het maatregelonderzoek staat op "
                                f"'{MAATREGELONDERZOEK.status_label(status)}'; horen achterwege laten kan alleen vóór "
                                "de beschikking.")
    if achterwege is not None:
        raise TransitionRefused(f"{referentie}: er is al een wettelijke grond vastgelegd om het horen achterwege te "
                                f"laten ({HorenAchterwege(achterwege).grondslag.split(' (')[0]}).")
    if al_afgezien is not None:
        raise TransitionRefused(f"{referentie}: de deelnemer heeft al afgezien van de rest van de reactietermijn "
                                f"({al_afgezien.isoformat()}); een grond om het horen achterwege te laten is niet "
                                "nodig.")


AWB_4_8 = "Awb art. 4:8"


def grondslagen_met_horen(grondslagen: Sequence[str], *, achterwege: str | None,
                          afgezien_op: date | None) -> list[str]:
    """The beschikking cites how horen went: the Awb 4:8 line of the proposal, replaced by the statutory ground
    when horen was omitted (Awb 4:11/4:12), or completed with the day the deelnemer gave up the rest of the term."""
    uit: list[str] = []
    for g in grondslagen:
        if g.startswith(AWB_4_8) and achterwege is not None:
            uit.append(f"{HorenAchterwege(achterwege).grondslag}: het horen (Awb art. 4:8) is achterwege gelaten")
        elif g.startswith(AWB_4_8) and afgezien_op is not None:
            uit.append(f"{g}; de deelnemer heeft op {afgezien_op.isoformat()} afgezien van de rest van de "
                       "reactietermijn")
        else:
            uit.append(g)
    return uit


@dataclass(frozen=True)
class HorenVastgelegd:
    """What the onderzoek's instance records about horen beyond the invitation (its `data`): the day the
    deelnemer gave up the rest of the reaction term, or the statutory ground (with its facts) to omit horen."""

    uitgenodigd_op: date | None = None
    afgezien_op: date | None = None
    achterwege: str | None = None  # a HorenAchterwege value
    achterwege_feiten: str | None = None

    @classmethod
    def uit(cls, data: Mapping[str, Any] | None) -> HorenVastgelegd:
        d = data or {}
        ach = d.get("horen_achterwege") or {}
        def dag(k: str) -> date | None:
            return date.fromisoformat(d[k]) if d.get(k) else None

        return cls(uitgenodigd_op=dag("uitgenodigd_op"), afgezien_op=dag("reactie_afgezien_op"),
                   achterwege=ach.get("grond"), achterwege_feiten=ach.get("feiten"))


def vier_ogen_uiterlijk(voorstel_op: date, kalender: Kalender, werkdagen: int, reageren_uiterlijk: date | None, *,
                        termijn_opgeheven: bool) -> date:
    """The teamleider's term for vier ogen (a service norm of `werkdagen`), never before the first day approval
    is allowed: the werkdag after the reaction term (Awb 4:8), unless the deelnemer gave it up or horen was
    omitted on a statutory ground (`termijn_opgeheven`). Otherwise the teamleider is reminded and escalated
    for a step the law does not yet allow."""
    due = kalender.werkdagen_erbij(voorstel_op, werkdagen)
    if reageren_uiterlijk is not None and not termijn_opgeheven:
        due = max(due, kalender.volgende_werkdag(reageren_uiterlijk))
    return due
