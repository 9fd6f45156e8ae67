"""Quarterly report tables (issue 10): periods, the table shape, renderers and reconciliation.

Pure: no database. The queries that fill a table live in casestore/kwartaal.py.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from domain.errors import DomainError
from domain.invoer import OngeldigeInvoer

TOTAAL = "Totaal"
AFSPRAAK = "Afspraak"  # the column of a yearly target (afspraken.toml)
_PERIODE = re.compile(r"^([0-9]{4})(?:([QH])([0-9]))?$")
_VORMEN = "Geef de periode als kwartaal (2020Q1), halfjaar (2023H1) of jaar (2024)."


class Controlefout(DomainError):
    """A table whose totals do not add up: never output silently."""


@dataclass(frozen=True)
class Periode:
    naam: str
    van: date  # inclusive
    tot: date  # exclusive

    @classmethod
    def parse(cls, tekst: str) -> Periode:
        m = _PERIODE.match(tekst.strip().upper())
        if m is None:
            raise OngeldigeInvoer(f"Onbekende periode. {_VORMEN}")
        jaar, soort, nummer = int(m.group(1)), m.group(2), m.group(3)
        if not 2000 <= jaar <= 2100:  # 2000: the import's earliest date; before it there is nothing to count
            waarom = " (werkpad kent geen gebeurtenissen van vóór 2000)" if jaar < 2000 else ""
            raise OngeldigeInvoer(f"Het jaar ligt buiten 2000–2100{waarom}. {_VORMEN}")
        if soort is None:
            return cls(str(jaar), date(jaar, 1, 1), date(jaar + 1, 1, 1))
        n = int(nummer)
        maanden = 3 if soort == "Q" else 6
        if not 1 <= n <= 12 // maanden:
            raise OngeldigeInvoer(f"Onbekende periode. {_VORMEN}")
        start = (n - 1) * maanden + 1
        eind = start + maanden
        tot = date(jaar + 1, 1, 1) if eind > 12 else date(jaar, eind, 1)
        return cls(f"{jaar}{soort}{n}", date(jaar, start, 1), tot)


Cel = int | str


@dataclass
class Tabel:
    titel: str
    kolommen: list[str]
    rijen: list[tuple[str, list[Cel]]] = field(default_factory=list)
    # Notes under the table (e.g. "* Afspraak 2024: aanname …"): text, never a cell; every format shows them.
    voetnoten: list[str] = field(default_factory=list)

    def cellen(self) -> list[list[str]]:
        kop = [self.titel, *self.kolommen]
        return [kop, *([label, *(str(w) for w in waarden)] for label, waarden in self.rijen)]

    def als_csv(self) -> str:
        """The table; each footnote after it as a row of one field (absent without footnotes)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerows(self.cellen())
        w.writerows([n] for n in self.voetnoten)
        return buf.getvalue()

    def als_markdown(self) -> str:
        def rij(cellen: list[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cellen) + " |"

        kop, *rest = self.cellen()
        regels = [rij(kop), "| " + " | ".join(["---"] + ["---:"] * len(self.kolommen)) + " |"]
        noten = ["", *(n.replace("*", "\\*") for n in self.voetnoten)] if self.voetnoten else []
        return "\n".join(regels + [rij(r) for r in rest] + noten) + "\n"

    def als_html(self) -> str:
        e = html.escape
        kop, *rest = self.cellen()
        delen = ["<table>", "<thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in kop) + "</tr></thead>", "<tbody>"]
        for r in rest:
            delen.append(f"<tr><th>{e(r[0])}</th>" + "".join(f"<td>{e(c)}</td>" for c in r[1:]) + "</tr>")
        delen += ["</tbody>", "</table>"]
        delen += [f'<p class="voetnoot">{e(n)}</p>' for n in self.voetnoten]
        return "\n".join(delen) + "\n"

    def als_dict(self) -> dict[str, Any]:
        """The machine-readable form (`--formaat json`, the mail's payload): cells as they are (int or text)."""
        return {"titel": self.titel, "kolommen": list(self.kolommen),
                "rijen": [[label, list(waarden)] for label, waarden in self.rijen], "voetnoten": list(self.voetnoten)}


def gemeente_kolommen(gemeenten: set[str] | list[str]) -> list[str]:
    """Every gemeente with events, capitalised, alphabetical, then Totaal."""
    return sorted({g.capitalize() for g in gemeenten}) + [TOTAAL]


def controleer_totalen(tabel: Tabel) -> None:
    """Gemeente columns add up to Totaal per row; the Totaal row is the sum of the other rows."""
    if TOTAAL in tabel.kolommen:
        t = tabel.kolommen.index(TOTAAL)
        for label, waarden in tabel.rijen:
            delen = [w for i, w in enumerate(waarden[:t]) if isinstance(w, int)]
            if isinstance(waarden[t], int) and sum(delen) != waarden[t]:
                raise Controlefout(f"Tabel '{tabel.titel}': cel '{label}' / '{TOTAAL}' is {waarden[t]}, "
                                   f"maar de gemeenten tellen op tot {sum(delen)}.")
    labels = [label for label, _ in tabel.rijen]
    if TOTAAL in labels:
        totaal = tabel.rijen[labels.index(TOTAAL)][1]
        overig = [w for label, w in tabel.rijen if label != TOTAAL]
        for i, kolom in enumerate(tabel.kolommen):
            if kolom == AFSPRAAK and all(r[i] == NB for r in overig):
                continue  # an Afspraak for the total only (n.b. in every row above, or no row) is no sum
            som = sum(w for r in overig if isinstance(w := r[i], int))
            if isinstance(totaal[i], int) and totaal[i] != som:
                raise Controlefout(f"Tabel '{tabel.titel}': cel '{TOTAAL}' / '{kolom}' is {totaal[i]}, "
                                   f"maar de rijen tellen op tot {som}.")


NB = "n.b."  # a cell without a basis (no target for the year, or a target of 0)
FASE_KOLOMMEN = ["Begin", "Bij", "Af", "Eind"]  # what the stock columns mean (positions 0-3), as messages name them


def dag_label(d: date) -> str:
    """'1-1-2023': a day as the published tables write it (no leading zeros)."""
    return f"{d.day}-{d.month}-{d.year}"


def stand_kolommen(p: Periode) -> list[str]:
    """The stock-and-flow columns as the published fasen table labels them (issue 20, item 15): the
    first day of the period, Bij, Af, the last day: ['1-1-2023', 'Bij', 'Af', '30-6-2023']."""
    return [dag_label(p.van), "Bij", "Af", dag_label(p.tot - timedelta(days=1))]


def procent(teller: int, noemer: int | None) -> str:
    """A whole percentage with `%`, rounded half up (35 of 300 -> '12%'); `n.b.` without a noemer."""
    if noemer is None or noemer <= 0:
        return NB
    return f"{(200 * teller + noemer) // (2 * noemer)}%"


def controleer_fasen(tabel: Tabel) -> None:
    """Stock and flow per row (fasen, treden, AD&A kandidaten): in the first four columns Begin + Bij
    − Af = Eind in every row (Totaal included), no stock or flow below zero, and the Totaal row is
    the sum of the rows (controleer_totalen). The columns are taken by position: their labels are
    the period's dates (stand_kolommen) or 'Stand begin' … 'Stand eind'."""
    kolommen = tabel.kolommen[:4]
    for label, waarden in tabel.rijen:
        begin, bij, af, eind = waarden[:4]
        for kolom, w in zip(kolommen, waarden[:4], strict=True):
            if not isinstance(w, int) or w < 0:
                raise Controlefout(f"Tabel '{tabel.titel}': cel '{label}' / '{kolom}' is {w}; een voorraad of "
                                   "stroom kan niet negatief zijn (een uitstroom zonder instroom?).")
        assert isinstance(begin, int) and isinstance(bij, int) and isinstance(af, int)
        if begin + bij - af != eind:
            raise Controlefout(f"Tabel '{tabel.titel}': cel '{label}' / '{kolommen[3]}' is {eind}, maar Begin + Bij "
                               f"− Af = {begin} + {bij} − {af} = {begin + bij - af}.")
    controleer_totalen(tabel)


# -- the report events -----------------------------------------------------------------------------
# The report counts typed audit events. Live steps write them (repo.audit fills `datum`, `waarde`
# and `fase` from the event's data with `rapportvelden`); `werkpad import gebeurtenissen` writes
# the same events for history. One vocabulary, one set of queries: imported events count exactly
# like live ones.

class Soort(StrEnum):
    """The event kinds of the historical import (the `gebeurtenis` column of its CSV)."""

    aanmelding = "aanmelding"
    intake_afgerond = "intake_afgerond"
    maatregel_beschikking = "maatregel_beschikking"
    fase = "fase"
    uitstroom = "uitstroom"
    parttime_werk = "parttime_werk"
    nbw_plaatsing = "nbw_plaatsing"
    trede = "trede"  # the participatieladder (reported until 2021): the trede entered, 1-6
    verlengde_intake_start = "verlengde_intake_start"  # an AD&A kandidaat comes in
    verlengde_intake_einde = "verlengde_intake_einde"  # … and leaves (the advies is given)


# The typed audit event (AuditEvent.gebeurtenis) each kind is, as the live steps write it.
GEBEURTENIS: dict[Soort, str] = {
    Soort.aanmelding: "traject.aangemeld",
    Soort.intake_afgerond: "brede_intake.afgerond",
    Soort.maatregel_beschikking: "maatregelonderzoek.beschikt",
    Soort.fase: "traject.fase",
    Soort.uitstroom: "traject.uitstroom",
    Soort.parttime_werk: "traject.deels_uitgestroomd",
    Soort.nbw_plaatsing: "indicatie.geplaatst",
    Soort.trede: "traject.trede",  # waarde = the trede entered ("1"-"6"; None: left), fase = the trede left
    Soort.verlengde_intake_start: "verlengde_intake.gestart",
    Soort.verlengde_intake_einde: "verlengde_intake.advies_gegeven",
}
SOORT_VAN: dict[str, Soort] = {g: s for s, g in GEBEURTENIS.items()}
# Live only: a verlengde intake that lapses (the traject closed while at AD&A) also ends the kandidaat.
VERLENGDE_INTAKE_VERVALLEN = "verlengde_intake.vervallen"
# Live only: UWV's positive indicatie banenafspraak (the doelgroepregister follows).
INDICATIE_BANENAFSPRAAK = "indicatie.garantiebaan"

# Stored `waarde` per kind (what reports group by). The import's spellings map onto these, so
# that history and live events share one value: the live enums' values where they exist.
INTAKE_WAARDEN = ("positief", "negatief", "verlengde_intake")
BESCHIKKING_WAARDEN = {"afzien": "AFZIEN", "100%": "M100", "1m10%": "M1M10", "1m20%": "M1M20", "2m10%": "M2M10",
                       "2m20%": "M2M20", "gematigd": "MGEMATIGD"}  # -> domain.maatregel.BeschikkingType
UITSTROOM_WAARDEN = {"werkaanvaarding": "werkaanvaarding", "passende_plek": "passende-plek",
                     "voortijdig_afgebroken": "voortijdig-afgebroken",
                     "maximale_participatie": "maximale-participatie", "garantiebaan": "garantiebaan",
                     "nbw": "nbw-dienstverband", "terugmelding_gemeente": "terugmelding-gemeente"}  # -> fasen.Uitstroom
# (live also knows einde-uitkering; `passende-plek` exists in history only.)

# -- Passende plek (issue 20, item 14) --------------------------------------------------------------
# The published 2023 fase-uitstroom table counts 89 "Passende plek" beside 28 "maximale participatie"
# (H1 2023), so passende plek is wider than maximale participatie. The seeds define it only as "Exit:
# suitable place (2023 fase model)" ([GAP] in domain-processes.md §2.12). werkpad's definition
# (docs/processen/kwartaalrapportage.md, Begrippenlijst): every closing outcome where the deelnemer
# gets a place that fits, other than regular work: maximale participatie (a place with a (partial)
# uitkering), a garantiebaan (banenafspraak) and an NBW-dienstverband (beschut werk), plus the
# history value `passende-plek`. Not counted: werkaanvaarding (its own column), voortijdig
# afgebroken (its own column), terugmelding naar de gemeente and einde uitkering (no place).
PASSENDE_PLEK = ("passende-plek", "maximale-participatie", "garantiebaan", "nbw-dienstverband")

# -- age bands (issue 20, items 12 and 16) ----------------------------------------------------------
# Reports need an age (garantiebaan "> 18 jarige" / "PRO/VSO 16/17 jarige", doelgroep 50+), never a
# birth date: the live step computes the band from the Deelnemer's geboortedatum at the moment
# (aanmelding, placement) and writes only the band into the event.
LEEFTIJDSKLASSEN = ("<16", "16/17", "18-49", "50+")


def leeftijdsklasse(leeftijd: int) -> str:
    """The report's age band of an age in whole years."""
    if leeftijd < 16:
        return "<16"
    if leeftijd < 18:
        return "16/17"
    return "18-49" if leeftijd < 50 else "50+"


def intake_waarde(data: dict[str, Any]) -> str:
    """The funnel's outcome of a brede intake from the live event's data {advies, route}."""
    if data.get("advies") == "negatief":
        return "negatief"
    if data.get("route") == "verlengde-intake":
        return "verlengde_intake"
    return "positief"


def rapportvelden(gebeurtenis: str | None, data: dict[str, Any]) -> tuple[str | None, str | None]:
    """(waarde, fase) of a live audit event for the report columns; (None, None) for the others.

    `fase` is the fase the traject *left* (fase change) or was in (uitstroom, parttime werk). An
    aanmelding's waarde is the age band at aanmelding (data `leeftijd`), when the step wrote it."""
    soort = SOORT_VAN.get(gebeurtenis or "")
    if soort is None:
        return None, None
    if soort is Soort.aanmelding:
        return _tekst(data.get("leeftijd")), None
    if soort is Soort.intake_afgerond:
        return intake_waarde(data), None
    if soort is Soort.maatregel_beschikking:
        return _tekst(data.get("type")), None
    if soort is Soort.fase:
        return _tekst(data.get("naar")), _tekst(data.get("van"))
    if soort is Soort.uitstroom:
        return _tekst(data.get("uitkomst")), _tekst(data.get("fase"))
    if soort is Soort.parttime_werk:
        return None, _tekst(data.get("fase"))
    if soort is Soort.trede:
        return _tekst(data.get("naar")), _tekst(data.get("van"))
    return None, None


def _tekst(w: object) -> str | None:
    return None if w is None else str(w)


# -- Afspraak: the yearly targets -------------------------------------------------------------------
# Keys in the file: the rows of regulier-werk, the garantiebaan rows, the AD&A instroom.
AFSPRAAK_RIJEN = ("werkaanvaarding", "parttime_werk", "maximale_participatie", "garantiebaan_18plus",
                  "garantiebaan_pro_vso", "verlengde_intake")
AANNAME = "aanname"  # `aanname = true`: the year's targets are assumptions, not from a published report


Afspraken = dict[int, dict[str, int]]  # {jaar: {afspraak: aantal}}


class Afsprakenbestand(Afspraken):
    """The parsed targets file: Afspraken, and `aannames`, the years whose targets are assumptions
    (the report says so in a footnote)."""

    def __init__(self, jaren: dict[int, dict[str, int]] | None = None, aannames: set[int] | None = None) -> None:
        super().__init__(jaren or {})
        self.aannames: frozenset[int] = frozenset(aannames or ())


def is_aanname(afspraken: Afspraken, jaar: int) -> bool:
    """Whether the year's targets are assumptions (a plain dict, as tests pass it, has none)."""
    return jaar in getattr(afspraken, "aannames", frozenset())


def aanname_voetnoot(afspraken: Afspraken, jaar: int) -> list[str]:
    """The footnote of a table whose Afspraak cells are assumptions; none for a published year."""
    if not is_aanname(afspraken, jaar) or not afspraken.get(jaar):
        return []
    return [f"* Afspraak {jaar}: een aanname (niet uit een gepubliceerde rapportage; zie werkpad/afspraken.toml)."]


class AfsprakenFout(DomainError):
    """The targets file is wrong: reported at start, never a table with a guessed target."""


def afspraken_uit(raw: dict[str, Any], bron: str) -> Afsprakenbestand:
    """Parse `[2024] werkaanvaarding = 200, parttime_werk = 75, aanname = true` tables; a year may be
    absent, and so may a target (its Afspraak and % cells then say `n.b.`)."""
    out: dict[int, dict[str, int]] = {}
    aannames: set[int] = set()
    for jaar_tekst, rij in raw.items():
        if not (jaar_tekst.isdigit() and 2000 <= int(jaar_tekst) <= 2100) or not isinstance(rij, dict):
            raise AfsprakenFout(f"Afsprakenbestand {bron}: '{jaar_tekst}' is geen jaar (2000–2100) met afspraken.")
        onbekend = set(rij) - set(AFSPRAAK_RIJEN) - {AANNAME}
        if onbekend:
            raise AfsprakenFout(f"Afsprakenbestand {bron}, jaar {jaar_tekst}: onbekende afspraak "
                                f"'{sorted(onbekend)[0]}'; bekend: {', '.join(AFSPRAAK_RIJEN)} en {AANNAME}.")
        if AANNAME in rij and not isinstance(rij[AANNAME], bool):
            raise AfsprakenFout(f"Afsprakenbestand {bron}, jaar {jaar_tekst}: {AANNAME} moet true of false zijn.")
        if rij.get(AANNAME):
            aannames.add(int(jaar_tekst))
        for k, v in rij.items():
            if k != AANNAME and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                raise AfsprakenFout(f"Afsprakenbestand {bron}, jaar {jaar_tekst}: {k} moet een geheel getal ≥ 0 zijn.")
        out[int(jaar_tekst)] = {k: int(v) for k, v in rij.items() if k != AANNAME}
    return Afsprakenbestand(out, aannames)


def controleer_begonnen(p: Periode, vandaag: date) -> None:
    """A period that has not begun is refused: a typo more often than a wish, and an empty table would look
    like a result."""
    if p.van > vandaag:
        raise OngeldigeInvoer(f"De periode {p.naam} is nog niet begonnen (vandaag is {vandaag.isoformat()}).")
