"""Legal terms (termijnen), computed from a rule table versioned by date.

Counting follows Awb/Atw practice: a term of N weeks that starts "de dag na" an event ends
on the same weekday N weeks after that event (bekendmaking on 1 March -> last day 12 April
for six weeks). Then, only where the Algemene termijnenwet applies:

* art. 1: a term ending on a Saturday, Sunday or feestdag is extended to the next day that
  is none of these;
* art. 2: a term of at least three days is extended until it holds two such days;
* art. 4: terms in hours and terms longer than 90 days / 12 weeks / 3 months are excluded,
  and so are terms not set by wet or AMvB (policy terms, gemeentelijke verordeningen).

Days made equal to a feestdag by Koninklijk Besluit (Atw art. 3 lid 3) come with the
`Kalender`; when one of them moves an end date, the result names the decree.

A waiting term ("niet eerder dan", e.g. the zoektermijn) is not a term within which anyone
must act: the Atw does not extend it, and werkpad lets it end by itself (no reminders).
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
    wachttermijn: bool = False  # "niet eerder dan": someone waits; nobody has to act within it
    # The law itself excludes the Atw for this term (e.g. Awb 4:17 lid 1 for the 42 dwangsom days).
    atw_uitgesloten: str = ""
    # A term that starts the day after another term (same `vanaf`) ended, e.g. the dwangsom days after the
    # two weeks that follow an ingebrekestelling (Awb 4:17 lid 3).
    volgt_op: str = ""

    def atw_uitgesloten_reden(self) -> str | None:
        if self.atw_uitgesloten:
            return self.atw_uitgesloten
        if not self.wettelijk:
            return "geen termijn uit wet of AMvB (Atw art. 1 geldt alleen voor wettelijke termijnen)"
        if self.wachttermijn:
            return ("wachttermijn ('niet eerder dan'), binnen de termijn hoeft niemand iets te doen. "
                    "De Atw verlengt termijnen waarbinnen iemand moet handelen; verlengen zou hier alleen het "
                    "wachten verlengen (interpretatie van Atw art. 1, geen uitdrukkelijke uitzondering in de wet)")
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
    wachttermijn: bool = False
    kb_besluiten: tuple[str, ...] = ()  # decrees (Atw art. 3 lid 3) whose days moved the end date
    eerste_dag: date | None = None  # a term that follows another (volgt_op): its first day

    def as_dict(self) -> dict[str, object]:
        extra: dict[str, object] = {"eerste_dag": self.eerste_dag.isoformat()} if self.eerste_dag else {}
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
            "wachttermijn": self.wachttermijn,
            "kb_besluiten": list(self.kb_besluiten),
            **extra,
        }


_PW_START = date(2015, 1, 1)
_AWB_START = date(1994, 1, 1)
_DWANGSOM_START = date(2009, 10, 1)  # Wet dwangsom en beroep bij niet tijdig beslissen (Stb. 2009, 383)

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
        "UWV beslist op de aanvraag indicatie banenafspraak (beoordeling arbeidsvermogen) binnen acht weken na "
        "ontvangst. Niet voor het advies beschut werk: dat is geen beschikking (servicenorm, domain/indicatie.py).",
    ),
    TermijnRegel(
        "beslissing-op-bezwaar", _AWB_START, 6, Eenheid.weken, "Awb art. 7:10 lid 1", True,
        "Beslissing op bezwaar: binnen zes weken na afloop van de bezwaartermijn.",
    ),
    TermijnRegel(
        "beslissing-op-bezwaar-commissie", _AWB_START, 12, Eenheid.weken, "Awb art. 7:10 lid 1 jo. 7:13", True,
        "Beslissing op bezwaar met een adviescommissie: binnen twaalf weken na afloop van de bezwaartermijn.",
    ),
    TermijnRegel(
        "verdaging-bezwaar", _AWB_START, 6, Eenheid.weken, "Awb art. 7:10 lid 3", True,
        "Verdaging van de beslissing op bezwaar: eenmaal, ten hoogste zes weken.",
    ),
    # The same term under the name the CLI offers; `vanaf` is the last day of the beslistermijn (7:10 lid 1).
    TermijnRegel(
        "verdaging", _AWB_START, 6, Eenheid.weken, "Awb art. 7:10 lid 3 (mededeling: lid 5)", True,
        "Verdaging van de beslissing op bezwaar: eenmaal, ten hoogste zes weken na het einde van de "
        "beslistermijn; de indiener krijgt er schriftelijk bericht van (Awb 7:10 lid 5).",
    ),
    # Awb 4:17 lid 3 (via 7:14 also for the beslissing op bezwaar): the first dwangsom day is the day on which
    # two weeks have passed after the day the ingebrekestelling was received (the beslistermijn having
    # expired). `vanaf` = the day of receipt; the end = the last day to decide without dwangsom.
    TermijnRegel(
        "ingebrekestelling", _DWANGSOM_START, 2, Eenheid.weken, "Awb art. 4:17 lid 3 (bezwaar: jo. 7:14)", True,
        "Na ontvangst van de ingebrekestelling: twee weken om alsnog te beslissen; daarna is een dwangsom "
        "verschuldigd.",
        "Interpretatie: de Atw is op deze termijn van twee weken toegepast; art. 4:17 lid 1 sluit haar "
        "uitdrukkelijk alleen uit voor de termijn van 42 dagen.",
    ),
    # Awb 4:17 lid 1: at most 42 dwangsom days, the Atw "op laatstgenoemde termijn niet van toepassing".
    # `vanaf` = the day the ingebrekestelling was received; the end = the last possible dwangsom day.
    TermijnRegel(
        "dwangsom", _DWANGSOM_START, 42, Eenheid.dagen, "Awb art. 4:17 lid 1 en 3 (bezwaar: jo. 7:14)", True,
        "Dwangsom bij niet tijdig beslissen: ten hoogste 42 dagen, vanaf de dag na de twee weken die op de "
        "ontvangst van de ingebrekestelling volgen.",
        atw_uitgesloten="Awb art. 4:17 lid 1: de Algemene termijnenwet is op de termijn van 42 dagen niet van "
                        "toepassing",
        volgt_op="ingebrekestelling",
    ),
    # Awb 4:18 lid 1: the beschikking on the dwangsom within two weeks after the last dwangsom day (`vanaf`).
    TermijnRegel(
        "dwangsom-vaststellen", _DWANGSOM_START, 2, Eenheid.weken, "Awb art. 4:18 lid 1", True,
        "Vaststelling van de dwangsom bij beschikking: binnen twee weken na de laatste dag waarover de "
        "dwangsom verschuldigd was.",
    ),
    # Awb 6:7/6:8 with 8:1: beroep at the rechtbank against the beslissing op bezwaar, six weeks after bekendmaking.
    TermijnRegel(
        "beroep", _AWB_START, 6, Eenheid.weken, "Awb art. 6:7 jo. 6:8 en 8:1", True,
        "Beroepstermijn: zes weken, vanaf de dag na bekendmaking van de beslissing op bezwaar.",
    ),
    # Pw art. 41 lid 4: a young person "kan een aanvraag ... pas indienen vier weken na de melding".
    TermijnRegel(
        "zoektermijn", _PW_START, 4, Eenheid.weken, "Participatiewet art. 41 lid 4", True,
        "Zoektermijn jongeren onder 27: aanvraag niet eerder dan vier weken na de melding.",
        wachttermijn=True,
    ),
    # Participatiewet in balans (Wet van 1 oktober 2025, BWBR0051679) changes the zoektermijn
    # in fase 1, per 1 January 2026, not in fase 3 (2027): SZW's implementation overview
    # (gemeente.nu, 15 October 2025) lists "de vierwekenzoektermijn voor jongeren tot 27 jaar"
    # under fase 1. The length stays four weeks; the college may waive it for kwetsbare jongeren.
    TermijnRegel(
        "zoektermijn", date(2026, 1, 1), 4, Eenheid.weken,
        "Participatiewet art. 41 lid 4, gewijzigd bij Wet Participatiewet in balans (Wet van 1 oktober 2025, "
        "BWBR0051679)", True,
        "Zoektermijn jongeren onder 27: aanvraag niet eerder dan vier weken na de melding; het college kan er "
        "voor kwetsbare jongeren van afzien.",
        "Deze versie geldt vanaf 1 januari 2026 (fase 1 van de Participatiewet in balans). Interpretatie: de "
        "datum volgt de fasering die SZW publiceerde; de inwerkingtredingsbepaling zelf is niet nagelezen.",
        wachttermijn=True,
    ),
    TermijnRegel(
        "inspanningsperiode", date(2016, 3, 1), 3, Eenheid.weken,
        "Beleid Strenger & Selectiever aan de Poort (gemeenten IJmond)", False,
        "Inspanningsperiode: drie weken zelf intensief naar werk zoeken na de aanmelding.",
        wachttermijn=True,
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


def _kb_dagen_die_verschoven(start: date, ruw: date, eind: date, kalender: Kalender) -> list[date]:
    """KB days that made the end move: the days passed over after the raw end (art. 1) and,
    if art. 2 extended the term, the KB days inside it that did not count as werkdag."""
    if eind == ruw:
        return []
    van = start if kalender.werkdagen_tussen(start, ruw) < 2 else ruw
    dagen, d = [], van
    while d < eind:
        if kalender.kb_besluit(d) is not None:
            dagen.append(d)
        d += timedelta(days=1)
    return dagen


def bereken_termijn(
    soort: str,
    vanaf: date,
    kalender: Kalender = DEFAULT_KALENDER,
    regels: tuple[TermijnRegel, ...] = REGELS,
) -> Termijn:
    """The end date of a term that starts the day after `vanaf` (the event date); a term that follows
    another (`volgt_op`) starts the day after that one ended."""
    regel = regel_voor(soort, vanaf, regels)
    voor = bereken_termijn(regel.volgt_op, vanaf, kalender, regels) if regel.volgt_op else None
    basis = voor.einddatum if voor is not None else vanaf
    ruw = _einde(regel, basis)
    reden = regel.atw_uitgesloten_reden()
    besluiten: list[str] = []
    if reden is None:
        start = basis + timedelta(days=1)
        eind = pas_atw_toe(start, ruw, kalender, (ruw - basis).days)
        uitleg = (
            "Algemene termijnenwet toegepast: einde verschoven van "
            f"{ruw.isoformat()} naar {eind.isoformat()}."
            if eind != ruw
            else "Algemene termijnenwet van toepassing; einddatum is een werkdag, geen verlenging."
        )
        per_besluit: dict[str, list[date]] = {}
        for d in _kb_dagen_die_verschoven(start, ruw, eind, kalender):
            b = kalender.kb_besluit(d)
            assert b is not None
            per_besluit.setdefault(b.titel, []).append(d)
        for titel, dagen in per_besluit.items():
            besluiten.append(titel)
            uitleg += (f" {', '.join(d.isoformat() for d in dagen)} "
                       f"{'is' if len(dagen) == 1 else 'zijn'} gelijkgesteld met een algemeen erkende feestdag "
                       f"(Atw art. 3 lid 3) bij het {titel}.")
    else:
        eind, uitleg = ruw, f"Algemene termijnenwet niet van toepassing: {reden}."
    if voor is not None:
        uitleg = (f"{uitleg} Eerste dag {(basis + timedelta(days=1)).isoformat()}: de dag na het einde van de "
                  f"voorafgaande termijn ({voor.grondslag}, einde {basis.isoformat()}; {voor.atw_toelichting})")
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
        wachttermijn=regel.wachttermijn,
        kb_besluiten=tuple(dict.fromkeys((*(voor.kb_besluiten if voor else ()), *besluiten))),
        eerste_dag=basis + timedelta(days=1) if voor is not None else None,
    )
