"""Bezwaar against a beschikking: the bezwaartermijn (Awb 6:7/6:8 with the Atw), the beslissing op
bezwaar (Awb 7:10: verdaging lid 3, opschorting for herstel van verzuim lid 2 jo. 6:6, verder uitstel lid 4,
each told in writing, lid 5), the hoorzitting (Awb 7:2, the exceptions of 7:3) and its outcomes (Awb 7:11)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.maatregel.gesprektijd import controleer_gesprektijd
from domain.maatregel.statussen import BESLIST, ONTVANGEN, VERDAAGD, VERVALLEN
from domain.proces import Proces, overgangen
from domain.termijnen import Termijn, bereken_termijn

BEZWAAR = Proces(
    naam="maatregel_bezwaar",
    label="Bezwaar tegen maatregel",
    statussen={ONTVANGEN: "Bezwaar ontvangen", VERDAAGD: "Beslissing verdaagd", BESLIST: "Beslist op bezwaar",
               VERVALLEN: "Vervallen"},
    start=ONTVANGEN,
    overgangen=overgangen(ontvangen=(VERDAAGD, BESLIST, VERVALLEN), verdaagd=(BESLIST, VERVALLEN), beslist=(),
                          vervallen=()),
    gebeurtenissen=frozenset({"maatregel_bezwaar.ontvangen", "maatregel_bezwaar.verdaagd",
                              "maatregel_bezwaar.beslist", "maatregel_bezwaar.vervallen",
                              # the procedure's steps that change no state (bezwaar_stappen.py)
                              "maatregel_bezwaar.horen_gepland", "maatregel_bezwaar.horen_afgezien",
                              "maatregel_bezwaar.opgeschort", "maatregel_bezwaar.hersteld",
                              "maatregel_bezwaar.uitgesteld", "maatregel_bezwaar.ingebrekestelling",
                              "maatregel_bezwaar.dwangsom_vastgesteld"}),
)


BEZWAAR_TAAK = "maatregel.bezwaar"  # beslissing op bezwaar (Awb 7:10)
GRONDSLAG_BOB = "Awb art. 7:10 (beslissing op bezwaar)"


def bezwaartermijn(verzenddatum: date, kalender: Kalender) -> Termijn:
    """Awb 6:7/6:8: six weeks from the day after sending, extended by the Atw."""
    return bereken_termijn("bezwaar", verzenddatum, kalender)


def beslissing_op_bezwaar_uiterlijk(bezwaar_einde: date, kalender: Kalender, *, adviescommissie: bool,
                                    verdaagd: bool = False) -> date:
    """Awb 7:10: six weeks (twelve with an adviescommissie, 7:13) from the day after the bezwaartermijn
    ended; once verdaagd by at most six weeks. Statutory, so the Atw applies."""
    t = bereken_termijn("beslissing-op-bezwaar-commissie" if adviescommissie else "beslissing-op-bezwaar",
                        bezwaar_einde, kalender)
    eind = t.einddatum
    if verdaagd:
        eind = bereken_termijn("verdaging-bezwaar", eind, kalender).einddatum
    return eind


def beslistermijn_ruw(vanaf: date, kalender: Kalender, *, soort: str) -> date:
    """The end of a beslistermijn (or its verdaging) before the Atw: kept beside the stored end, so an opschorting
    moves the raw end and the Atw is applied once (`beslistermijn_na_opschorting`)."""
    return bereken_termijn(soort, vanaf, kalender).onverlengde_einddatum


def beslistermijn_na_opschorting(ruw: date, dagen: int, kalender: Kalender) -> tuple[date, date]:
    """Awb 7:10 lid 2: the beslistermijn is extended by the days it was suspended. The Atw (art. 1) applies once,
    to the raw end plus all suspended days, never to an end the Atw already moved (which would count the
    feestdagen twice). Returns (new raw end, new end with the Atw)."""
    nieuw = ruw + timedelta(days=dagen)
    return nieuw, (nieuw if kalender.is_werkdag(nieuw) else kalender.volgende_werkdag(nieuw))


class BezwaarUitkomst(StrEnum):
    """Beslissing op bezwaar."""

    ongegrond = "ongegrond"
    gegrond = "gegrond"
    deels_gegrond = "deels-gegrond"  # the maatregel is replaced by a lower one (Awb 7:11 lid 2)
    niet_ontvankelijk = "niet-ontvankelijk"


# -- the rules of the bezwaar's steps (the tasks read the rows, these decide) -------------------------
def controleer_bezwaar_ontvangst(ontvangen_op: date, vandaag: date, besluit_datum: date) -> None:
    """A bezwaar is received on a day that was, once the beschikking existed; after the besluit but before
    sending is fine (Awb 6:10). One after the bezwaartermijn is registered too, marked late (Awb 6:11 is for
    the bezwaar team to weigh), never refused here."""
    if ontvangen_op > vandaag:
        raise OngeldigeInvoer(f"De ontvangstdatum van het bezwaar ({ontvangen_op.isoformat()}) ligt in de toekomst.")
    if ontvangen_op < besluit_datum:
        raise OngeldigeInvoer(f"Het bezwaar ({ontvangen_op.isoformat()}) is ontvangen vóór de beschikking bestond "
                              f"(besluit {besluit_datum.isoformat()}).")


def controleer_nieuw_bezwaar(referentie: str, besluit_identificatie: str | None, *, lopend: bool) -> None:
    """One bezwaar at a time against a beschikking: a second bezwaarschrift joins the running one."""
    if lopend:
        raise TransitionRefused(f"{referentie}: er loopt al een bezwaar tegen {besluit_identificatie}; leg "
                                "een tweede bezwaarschrift bij dat bezwaar (aanvulling), niet als nieuw bezwaar.")


def kies_beschikking_voor_bezwaar(referentie: str, ontvangen_op: date,
                                  beschikkingen: Sequence[tuple[int, date | None, bool]]) -> int | None:
    """A bezwaar registered without naming the beschikking (`beschikkingen`: number, end of its bezwaartermijn
    (Awb 6:7/6:8), whether a bezwaar against it runs already): the one whose bezwaartermijn still ran on the day
    of receipt and has no bezwaar yet is meant. More than one such: refused, the number decides (werkpad does not
    guess which besluit the bezwaarschrift contests, Awb 6:5 lid 1 onder c). None: None (the newest is meant; a
    late bezwaar is registered and marked, Awb 6:11)."""
    open_ = sorted(n for n, einde, lopend in beschikkingen if einde is not None and ontvangen_op <= einde and not lopend)
    if len(open_) > 1:
        raise OngeldigeInvoer(f"{referentie}: de bezwaartermijn liep op {ontvangen_op.isoformat()} bij "
                              f"{len(open_)} maatregelen ({', '.join(str(n) for n in open_)}); kies met --maatregel "
                              "(in het formulier: maatregel) tegen welke het bezwaar is.")
    return open_[0] if open_ else None


def controleer_verdagen(status: str, uiterlijk: date, vandaag: date, referentie: str) -> None:
    """Awb 7:10 lid 3: the beslissing op bezwaar may be put off once, and only within its term."""
    if status == VERDAAGD:
        raise TransitionRefused(f"{referentie}: de beslissing op bezwaar is al eens verdaagd; de Awb (7:10 lid 3) "
                                "staat één verdaging toe.")
    if vandaag > uiterlijk:
        raise TransitionRefused(f"{referentie}: de beslistermijn is al verstreken ({uiterlijk.isoformat()}); verdagen "
                                "moet binnen de termijn.")


# -- the hoorzitting (Awb 7:2, 7:3, 7:4) --------------------------------------------------------------
STUKKEN_DAGEN = 10  # Awb 7:4 lid 1: tot tien dagen voor het horen kunnen nadere stukken worden ingediend


class AfzienHoren(StrEnum):
    """Awb 7:3: the grounds on which horen in bezwaar may be omitted (to be applied restrictively, CRvB
    4 maart 2016, ECLI:NL:CRVB:2016:774)."""

    kennelijk_niet_ontvankelijk = "kennelijk-niet-ontvankelijk"  # a
    kennelijk_ongegrond = "kennelijk-ongegrond"  # b
    afstand = "afstand"  # c: declared not to want to be heard
    geen_reactie = "geen-reactie"  # d: did not say within a reasonable term set by the college
    tegemoetgekomen = "tegemoetgekomen"  # e: the bezwaar is met in full, nobody else harmed

    @property
    def tekst(self) -> str:
        return {
            AfzienHoren.kennelijk_niet_ontvankelijk: "het bezwaar is kennelijk niet-ontvankelijk (Awb 7:3 onder a)",
            AfzienHoren.kennelijk_ongegrond: "het bezwaar is kennelijk ongegrond (Awb 7:3 onder b)",
            AfzienHoren.afstand: "u heeft verklaard niet gehoord te willen worden (Awb 7:3 onder c)",
            AfzienHoren.geen_reactie: "u heeft niet binnen de gestelde termijn laten weten gehoord te willen "
                                      "worden (Awb 7:3 onder d)",
            AfzienHoren.tegemoetgekomen: "aan uw bezwaar wordt volledig tegemoetgekomen (Awb 7:3 onder e)",
        }[self]


def controleer_hoorzitting(referentie: str, op: datetime, vandaag: date, *, uiterlijk: date, is_werkdag: bool,
                           horen: Mapping[str, Any] | None) -> None:
    """A hoorzitting on a werkdag starting 08:00-17:00 local time (`op` local; the gesprek's one window,
    domain/maatregel/gesprektijd.py), far enough ahead that nadere stukken can still come in (Awb 7:4 lid 1: up to
    ten days before), before the beslistermijn ends. A new hoorzitting replaces a planned one, and also a
    recorded ground of Awb 7:3 for omitting horen: horen is the rule (7:2), so planning it after all is always
    open (the beslissing refuses an outcome the ground does not fit and points here, `controleer_gehoord`)."""
    controleer_gesprektijd(op, is_werkdag, "de hoorzitting")
    if op.date() < vandaag + timedelta(days=STUKKEN_DAGEN):
        raise OngeldigeInvoer(f"De hoorzitting ({op.date().isoformat()}) ligt te dichtbij: de deelnemer kan tot tien "
                              f"dagen ervoor nadere stukken indienen (Awb 7:4 lid 1); plan haar op of na "
                              f"{(vandaag + timedelta(days=STUKKEN_DAGEN)).isoformat()}.")
    if op.date() > uiterlijk:
        raise OngeldigeInvoer(f"De hoorzitting ({op.date().isoformat()}) ligt na het einde van de beslistermijn "
                              f"({uiterlijk.isoformat()}); verdaag of stel eerst uit (Awb 7:10 lid 3/4).")


def controleer_afzien_horen(referentie: str, *, horen: Mapping[str, Any] | None) -> None:
    """Omitting horen (Awb 7:3) is decided once, and not once a hoorzitting is planned: werkpad's choice (the
    invitation went out, the deelnemer counts on it; not cancelled silently). With a hoorzitting planned, the
    beslissing follows it; the deelnemer who does not come was given the chance to be heard (Awb 7:2)."""
    if horen and horen.get("afgezien"):
        raise TransitionRefused(f"{referentie}: er is al afgezien van het horen ({horen['afgezien']}).")
    if horen and horen.get("op"):
        raise TransitionRefused(f"{referentie}: er is een hoorzitting gepland op {str(horen['op'])[:16].replace('T', ' ')} "
                                "(Awb 7:2); afzien van horen kan dan niet meer. Beslis na de hoorzitting; wie niet "
                                "verschijnt, is in de gelegenheid gesteld te worden gehoord.")


def controleer_gehoord(referentie: str, uitkomst: BezwaarUitkomst, horen: Mapping[str, Any] | None,
                       vandaag: date) -> None:
    """Awb 7:2: no beslissing op bezwaar before a planned hoorzitting took place, and horen omitted on a 7:3
    ground only with an outcome that fits it (kennelijk niet-ontvankelijk only with niet-ontvankelijk,
    kennelijk ongegrond only with ongegrond, tegemoetgekomen only with gegrond).

    Nothing recorded about horen is not refused here (the walk of older cases goes bezwaar → beslissen); the
    step records it as "horen niet vastgelegd" and says so (see docs/processen/maatregel.md)."""
    if not horen:
        return
    grond = horen.get("afgezien")
    if grond is None:
        op = date.fromisoformat(str(horen["op"])[:10])
        if op > vandaag:
            raise TransitionRefused(f"{referentie}: de hoorzitting is op {op.isoformat()}; beslis daarna (Awb 7:2).")
        return
    past = {AfzienHoren.kennelijk_niet_ontvankelijk.value: {BezwaarUitkomst.niet_ontvankelijk},
            AfzienHoren.kennelijk_ongegrond.value: {BezwaarUitkomst.ongegrond},
            AfzienHoren.tegemoetgekomen.value: {BezwaarUitkomst.gegrond}}.get(grond)
    if past is not None and uitkomst not in past:
        raise TransitionRefused(f"{referentie}: van het horen is afgezien omdat {AfzienHoren(grond).tekst}; de "
                                f"uitkomst '{uitkomst.value}' past daar niet bij. Plan alsnog een hoorzitting.")


# -- opschorting (7:10 lid 2 jo. 6:6) and verder uitstel (7:10 lid 4) ---------------------------------------
HERSTEL_MIN_DAGEN, HERSTEL_MAX_DAGEN = 7, 28  # organisation norm for the hersteltermijn (Awb 6:6: "een termijn")
HERSTEL_WEKKER = "maatregel.hersteltermijn"  # waking timer: the hersteltermijn passed unused, the term runs again
WEKT_HERSTEL = "maatregel-bezwaar-hersteltermijn-verlopen/hersteltermijn-verlopen"


def controleer_hersteltermijn_verstreken(referentie: str, hersteltermijn_tot: date, vandaag: date) -> None:
    """The woken step runs only once the hersteltermijn has passed (started by hand before it: refused)."""
    if vandaag <= hersteltermijn_tot:
        raise TransitionRefused(f"{referentie}: de hersteltermijn loopt nog tot en met {hersteltermijn_tot.isoformat()}; "
                                "de beslistermijn blijft opgeschort tot het herstel of tot die dag voorbij is.")


class UitstelGrond(StrEnum):
    """Awb 7:10 lid 4: verder uitstel beyond the verdaging."""

    instemming = "instemming"  # b: the indiener consents and nobody else is harmed (a: all belanghebbenden)
    procedure = "procedure"  # c: needed to comply with statutory procedure rules

    @property
    def tekst(self) -> str:
        return {UitstelGrond.instemming: "u heeft ingestemd met verder uitstel (Awb 7:10 lid 4 onder b)",
                UitstelGrond.procedure: "dit is nodig om wettelijke procedurevoorschriften na te leven (Awb 7:10 "
                                        "lid 4 onder c)"}[self]


def opschorting_dagen(verzocht_op: date, hersteld_op: date) -> int:
    """Awb 7:10 lid 2: suspended from the day after the request to remedy the verzuim up to the day it was
    remedied (or the hersteltermijn passed unused): the days verzocht_op+1 … hersteld_op."""
    return max(0, (hersteld_op - verzocht_op).days)


def controleer_opschorten(referentie: str, verzocht_op: date, hersteltermijn_tot: date, vandaag: date, *,
                          uiterlijk: date, opschorting: Mapping[str, Any] | None, ontvangen_op: date) -> None:
    """Awb 6:6 jo. 7:10 lid 2: herstel is asked about the bezwaarschrift, so not before it was received (and so not
    before the beschikking, which the bezwaar follows), within the running term, with a hersteltermijn."""
    if opschorting is not None and opschorting.get("hersteld_op") is None:
        raise TransitionRefused(f"{referentie}: de beslistermijn is al opgeschort (verzoek om herstel van "
                                f"{opschorting['verzocht_op']}); leg eerst het herstel vast.")
    if verzocht_op > vandaag:
        raise OngeldigeInvoer(f"Het verzoek om herstel ({verzocht_op.isoformat()}) ligt in de toekomst.")
    if verzocht_op < ontvangen_op:
        raise OngeldigeInvoer(f"Het verzoek om herstel ({verzocht_op.isoformat()}) ligt vóór de ontvangst van het "
                              f"bezwaar ({ontvangen_op.isoformat()}); herstel van verzuim (Awb 6:6) volgt op het "
                              "bezwaarschrift.")
    if verzocht_op > uiterlijk:
        raise TransitionRefused(f"{referentie}: de beslistermijn is al verstreken ({uiterlijk.isoformat()}); "
                                "opschorten kan alleen binnen de termijn.")
    dagen = (hersteltermijn_tot - verzocht_op).days
    if not HERSTEL_MIN_DAGEN <= dagen <= HERSTEL_MAX_DAGEN:
        raise OngeldigeInvoer(f"Geef een hersteltermijn van {HERSTEL_MIN_DAGEN} tot {HERSTEL_MAX_DAGEN} dagen na het "
                              f"verzoek (Awb 6:6); {hersteltermijn_tot.isoformat()} is {dagen} dagen.")


def controleer_hersteld(referentie: str, hersteld_op: date, vandaag: date,
                        opschorting: Mapping[str, Any] | None) -> date:
    """The end of the opschorting: the day of herstel, at the latest the end of the hersteltermijn (unused)."""
    if opschorting is None or opschorting.get("hersteld_op") is not None:
        raise TransitionRefused(f"{referentie}: de beslistermijn is niet opgeschort; er is geen herstel vast te leggen.")
    verzocht = date.fromisoformat(opschorting["verzocht_op"])
    if hersteld_op > vandaag:
        raise OngeldigeInvoer(f"De hersteldatum ({hersteld_op.isoformat()}) ligt in de toekomst.")
    if hersteld_op < verzocht:
        raise OngeldigeInvoer(f"De hersteldatum ({hersteld_op.isoformat()}) ligt vóór het verzoek om herstel "
                              f"({verzocht.isoformat()}).")
    return min(hersteld_op, date.fromisoformat(opschorting["hersteltermijn_tot"]))


def controleer_uitstellen(referentie: str, tot: date, vandaag: date, *, uiterlijk: date, verdaagd: bool,
                          grond: UitstelGrond, instemming_op: date | None, ontvangen_op: date) -> None:
    """Awb 7:10 lid 4: verder uitstel after the verdaging (lid 3), within the running term, to a later day, on
    a ground: the indiener's consent (recorded with its date, not before the bezwaar was received: consent to
    put off a decision on a bezwaar that did not exist is none) or the statutory procedure."""
    if not verdaagd:
        raise TransitionRefused(f"{referentie}: verder uitstel (Awb 7:10 lid 4) komt na de verdaging; verdaag eerst "
                                "(lid 3).")
    if vandaag > uiterlijk:
        raise TransitionRefused(f"{referentie}: de beslistermijn is al verstreken ({uiterlijk.isoformat()}); uitstel "
                                "moet binnen de termijn.")
    if tot <= uiterlijk:
        raise OngeldigeInvoer(f"Uitstel tot {tot.isoformat()} is geen uitstel: de termijn loopt al tot en met "
                              f"{uiterlijk.isoformat()}.")
    if grond == UitstelGrond.instemming:
        if instemming_op is None:
            raise OngeldigeInvoer("Uitstel met instemming (Awb 7:10 lid 4 onder b): geef de datum waarop de deelnemer "
                                  "instemde (--instemming-op).")
        if instemming_op > vandaag:
            raise OngeldigeInvoer(f"De instemming ({instemming_op.isoformat()}) ligt in de toekomst.")
        if instemming_op < ontvangen_op:
            raise OngeldigeInvoer(f"De instemming met uitstel ({instemming_op.isoformat()}) ligt vóór de ontvangst van "
                                  f"het bezwaar ({ontvangen_op.isoformat()}) (Awb 7:10 lid 4 onder b).")


# -- the beslissing op bezwaar ------------------------------------------------------------------------
def controleer_deels_gegrond(referentie: str, uitkomst: BezwaarUitkomst, *, oud: tuple[int, int],
                             nieuw: tuple[int | None, int | None]) -> tuple[int, int] | None:
    """Deels gegrond: the maatregel is replaced by a strictly lower one (percentage and months, neither higher,
    not both equal); the other outcomes take no new maatregel. Returns (percentage, maanden) or None."""
    pct, mnd = nieuw
    if uitkomst != BezwaarUitkomst.deels_gegrond:
        if pct is not None or mnd is not None:
            raise OngeldigeInvoer(f"Een lagere maatregel (percentage, maanden) hoort alleen bij deels-gegrond, niet bij "
                                  f"{uitkomst.value}.")
        return None
    if pct is None or mnd is None:
        raise OngeldigeInvoer("Deels gegrond: geef de lagere maatregel met --percentage en --maanden.")
    if pct > oud[0] or mnd > oud[1] or (pct, mnd) == oud:
        raise TransitionRefused(f"{referentie}: deels gegrond vraagt een lagere maatregel dan {oud[0]}% × {oud[1]} "
                                f"maand(en); {pct}% × {mnd} is dat niet.")
    return pct, mnd


def lagere_maanden(maanden: Sequence[Mapping[str, Any]], percentage: int, aantal: int) -> list[dict[str, Any]]:
    """The months of the lower maatregel: the first `aantal` months of the original, at `percentage`."""
    return [{"maand": m["maand"], "percentage": percentage} for m in list(maanden)[:aantal]]
