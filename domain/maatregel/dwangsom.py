"""Dwangsom bij niet tijdig beslissen (Awb 4:17–4:20; for the beslissing op bezwaar via Awb 7:14, for the
request for herziening (inkeer, an aanvraag) directly): the ingebrekestelling, the two weeks that follow it,
the dwangsom days and amounts, and the beschikking that fixes the dwangsom (Awb 4:18).

* Awb 4:17 lid 3: the first dwangsom day is the day on which two weeks have passed after the day the
  beslistermijn expired and the ingebrekestelling was received. werkpad registers an ingebrekestelling
  only once the term has expired (one received earlier is premature and has no effect; interpretation
  following the case law, see docs/processen/maatregel.md), so the two weeks run from its receipt.
  The Atw is applied to those two weeks (4:17 lid 1 excludes it only for the 42 days; interpretation).
* Awb 4:17 lid 1: at most 42 days; the Atw does not apply to that term.
* Awb 4:17 lid 2: € 23 a day for the first fourteen days, € 35 for the next fourteen, € 45 for the rest
  (maximum € 1.442). These are the amounts after the Regeling indexering bedragen Awb (Stcrt. 2018, 65542),
  in force 1 January 2019 for ingebrekestellingen received from that day; before it € 20/30/40. A later
  indexation is not known here [K]: a new row in `BEDRAGEN`.
* Awb 4:17 lid 6: no dwangsom if the bestuursorgaan was put in default unreasonably late, the aanvrager is
  no belanghebbende, or the request (bezwaar) is kennelijk niet-ontvankelijk or kennelijk ongegrond.
* Awb 4:18 lid 1: the bestuursorgaan fixes the dwangsom by beschikking within two weeks after the last day
  over which it was due; that last day is the day the (late) decision was sent (MvT, Kamerstukken 29 934),
  or the 42nd day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.termijnen import bereken_termijn

MAX_DAGEN = 42  # Awb 4:17 lid 1
DWANGSOM_TAAK = "maatregel.dwangsom"  # the teamleider: decide, then fix the dwangsom (Awb 4:18)
GRONDSLAG_DWANGSOM = "Awb art. 4:17 en 4:18 (beslissing op bezwaar: jo. 7:14)"


@dataclass(frozen=True)
class Bedragen:
    geldig_vanaf: date  # by the day the ingebrekestelling was received (overgangsrecht of the indexation)
    per_dag: tuple[int, int, int]  # euro a day: days 1-14, 15-28, 29-42 (Awb 4:17 lid 2)
    bron: str


BEDRAGEN: tuple[Bedragen, ...] = (
    Bedragen(date(2009, 10, 1), (20, 30, 40), "Awb art. 4:17 lid 2 (Stb. 2009, 383)"),
    Bedragen(date(2019, 1, 1), (23, 35, 45), "Awb art. 4:17 lid 2, geïndexeerd bij de Regeling indexering "
                                             "bedragen Awb (Stcrt. 2018, 65542)"),
)


def bedragen_op(ontvangen_op: date) -> Bedragen:
    geldig = [b for b in BEDRAGEN if b.geldig_vanaf <= ontvangen_op]
    if not geldig:
        raise OngeldigeInvoer(f"Voor {ontvangen_op.isoformat()} bestond de dwangsom bij niet tijdig beslissen nog "
                              "niet (Awb 4:17, sinds 1 oktober 2009).")
    return geldig[-1]


def dwangsom_bedrag(dagen: int, ontvangen_op: date) -> int:
    """Awb 4:17 lid 2: the amount (euro) for `dagen` dwangsom days, at most 42 (lid 1)."""
    a, b, c = bedragen_op(ontvangen_op).per_dag
    d = max(0, min(dagen, MAX_DAGEN))
    return min(d, 14) * a + max(0, min(d, 28) - 14) * b + max(0, d - 28) * c


class GeenDwangsom(StrEnum):
    """Awb 4:17 lid 6: no dwangsom is due."""

    onredelijk_laat = "onredelijk-laat"  # a: put in default unreasonably late
    geen_belanghebbende = "geen-belanghebbende"  # b
    kennelijk_niet_ontvankelijk = "kennelijk-niet-ontvankelijk"  # c
    kennelijk_ongegrond = "kennelijk-ongegrond"  # c

    @property
    def tekst(self) -> str:
        return {
            GeenDwangsom.onredelijk_laat: "het bestuursorgaan is onredelijk laat in gebreke gesteld (Awb 4:17 lid 6 "
                                          "onder a)",
            GeenDwangsom.geen_belanghebbende: "de indiener is geen belanghebbende (Awb 4:17 lid 6 onder b)",
            GeenDwangsom.kennelijk_niet_ontvankelijk: "het bezwaar of verzoek is kennelijk niet-ontvankelijk "
                                                      "(Awb 4:17 lid 6 onder c)",
            GeenDwangsom.kennelijk_ongegrond: "het bezwaar of verzoek is kennelijk ongegrond (Awb 4:17 lid 6 "
                                              "onder c)",
        }[self]


@dataclass(frozen=True)
class Dwangsom:
    """Where a dwangsom stands on one day."""

    ontvangen_op: date  # the ingebrekestelling
    beslissen_zonder_dwangsom: date  # the last day of the two weeks (Awb 4:17 lid 3)
    eerste_dag: date
    laatste_mogelijke_dag: date  # the 42nd day (Awb 4:17 lid 1; no Atw)
    dagen: int  # dwangsom days up to and including `tot`
    bedrag: int  # euro
    max_bedrag: int
    per_dag_nu: int  # euro for the next day (0 when it stopped)
    laatste_dag: date | None  # the last day over which it was due, once it stopped (decision sent or day 42)
    vaststellen_uiterlijk: date  # Awb 4:18 lid 1: two weeks after the last (or the last possible) day

    def as_dict(self) -> dict[str, object]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items()}


def dwangsom_stand(ontvangen_op: date, vandaag: date, kalender: Kalender, *,
                   beslist_op: date | None = None) -> Dwangsom:
    """The dwangsom on `vandaag` for an ingebrekestelling received on `ontvangen_op`; `beslist_op`: the day the
    decision was sent (the last dwangsom day when it falls in the dwangsom period)."""
    twee_weken = bereken_termijn("ingebrekestelling", ontvangen_op, kalender)
    periode = bereken_termijn("dwangsom", ontvangen_op, kalender)
    assert periode.eerste_dag is not None
    eerste, laatste_mogelijk = periode.eerste_dag, periode.einddatum
    eind = laatste_mogelijk
    gestopt = vandaag >= laatste_mogelijk
    if beslist_op is not None and beslist_op <= laatste_mogelijk:
        eind, gestopt = beslist_op, True
    tot = min(vandaag, eind)
    dagen = max(0, (tot - eerste).days + 1)
    laatste = eind if gestopt and eind >= eerste else None
    vaststellen = bereken_termijn("dwangsom-vaststellen", laatste or laatste_mogelijk, kalender).einddatum
    per_dag = bedragen_op(ontvangen_op).per_dag
    volgende = dagen + 1
    per_dag_nu = 0 if gestopt else per_dag[0 if volgende <= 14 else 1 if volgende <= 28 else 2]
    return Dwangsom(ontvangen_op=ontvangen_op, beslissen_zonder_dwangsom=twee_weken.einddatum, eerste_dag=eerste,
                    laatste_mogelijke_dag=laatste_mogelijk, dagen=dagen, bedrag=dwangsom_bedrag(dagen, ontvangen_op),
                    max_bedrag=dwangsom_bedrag(MAX_DAGEN, ontvangen_op), per_dag_nu=per_dag_nu, laatste_dag=laatste,
                    vaststellen_uiterlijk=vaststellen)


def euro(bedrag: int) -> str:
    """€ 1.442 (Dutch thousands separator)."""
    return "€ " + f"{bedrag:,}".replace(",", ".")


# -- the rules of the steps -------------------------------------------------------------------------
def controleer_ingebrekestelling(referentie: str, ontvangen_op: date, vandaag: date, *, uiterlijk: date,
                                 wat: str, al_ingebreke: date | None, opgeschort: bool = False) -> None:
    """An ingebrekestelling received on a day that was, after the beslistermijn (`uiterlijk`, the last day to
    decide) expired (Awb 4:17 lid 3: before that it has no effect), and one per decision. While the term is
    suspended for herstel van verzuim (Awb 7:10 lid 2) it has not expired."""
    if ontvangen_op > vandaag:
        raise OngeldigeInvoer(f"De ontvangstdatum van de ingebrekestelling ({ontvangen_op.isoformat()}) ligt in de "
                              "toekomst.")
    if al_ingebreke is not None:
        raise TransitionRefused(f"{referentie}: voor {wat} is al een ingebrekestelling geregistreerd (ontvangen "
                                f"{al_ingebreke.isoformat()}); de dwangsom loopt daarop.")
    if opgeschort:
        raise TransitionRefused(f"{referentie}: de beslistermijn voor {wat} is opgeschort voor herstel van verzuim "
                                "(Awb 7:10 lid 2); een ingebrekestelling heeft nu geen gevolg.")
    if ontvangen_op <= uiterlijk:
        raise TransitionRefused(f"{referentie}: de beslistermijn voor {wat} loopt tot en met {uiterlijk.isoformat()}; "
                                f"een ingebrekestelling ontvangen op {ontvangen_op.isoformat()} is te vroeg en heeft "
                                "geen gevolg (Awb 4:17 lid 3). Beslis binnen de termijn.")


def controleer_dwangsom_vaststellen(referentie: str, *, ingebreke: bool, beslist: bool, vastgesteld: bool) -> None:
    """Awb 4:18: the dwangsom is fixed once the decision was sent (its last day is then known) or the 42 days
    passed; once."""
    if not ingebreke:
        raise TransitionRefused(f"{referentie}: er is geen ingebrekestelling geregistreerd; er is geen dwangsom om vast "
                                "te stellen.")
    if vastgesteld:
        raise TransitionRefused(f"{referentie}: de dwangsom is al bij beschikking vastgesteld (Awb 4:18).")
    if not beslist:
        raise TransitionRefused(f"{referentie}: er is nog niet beslist en de 42 dagen zijn niet voorbij; de dwangsom "
                                "loopt nog. Beslis eerst; stel daarna de dwangsom vast (Awb 4:18).")


def laatste_dag_voor(stand: Dwangsom) -> date:
    """The last dwangsom day (a stopped dwangsom), or the day before the first when none was due."""
    return stand.laatste_dag if stand.laatste_dag is not None else stand.eerste_dag - timedelta(days=1)
