"""Quarterly report tables (issue 10): periods, the table shape, renderers and reconciliation.

Pure: no database. The queries that fill a table live in casestore/kwartaal.py.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from domain.errors import DomainError
from domain.invoer import OngeldigeInvoer

TOTAAL = "Totaal"
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

    def cellen(self) -> list[list[str]]:
        kop = [self.titel, *self.kolommen]
        return [kop, *([label, *(str(w) for w in waarden)] for label, waarden in self.rijen)]

    def als_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerows(self.cellen())
        return buf.getvalue()

    def als_markdown(self) -> str:
        def rij(cellen: list[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cellen) + " |"

        kop, *rest = self.cellen()
        regels = [rij(kop), "| " + " | ".join(["---"] + ["---:"] * len(self.kolommen)) + " |"]
        return "\n".join(regels + [rij(r) for r in rest]) + "\n"

    def als_html(self) -> str:
        e = html.escape
        kop, *rest = self.cellen()
        delen = ["<table>", "<thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in kop) + "</tr></thead>", "<tbody>"]
        for r in rest:
            delen.append(f"<tr><th>{e(r[0])}</th>" + "".join(f"<td>{e(c)}</td>" for c in r[1:]) + "</tr>")
        delen += ["</tbody>", "</table>"]
        return "\n".join(delen) + "\n"


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
            som = sum(w for r in overig if isinstance(w := r[i], int))
            if isinstance(totaal[i], int) and totaal[i] != som:
                raise Controlefout(f"Tabel '{tabel.titel}': cel '{TOTAAL}' / '{kolom}' is {totaal[i]}, "
                                   f"maar de rijen tellen op tot {som}.")


NB = "n.b."  # a cell without a basis (no target for the year, or a target of 0)
FASE_KOLOMMEN = ["Begin", "Bij", "Af", "Eind"]


def procent(teller: int, noemer: int | None) -> str:
    """A whole percentage with `%`, rounded half up (35 of 300 -> '12%'); `n.b.` without a noemer."""
    if noemer is None or noemer <= 0:
        return NB
    return f"{(200 * teller + noemer) // (2 * noemer)}%"


def controleer_fasen(tabel: Tabel) -> None:
    """Stock and flow per fase: Begin + Bij − Af = Eind in every row (Totaal included), no stock or
    flow below zero, and the Totaal row is the sum of the fasen (controleer_totalen)."""
    i = {k: tabel.kolommen.index(k) for k in FASE_KOLOMMEN}
    for label, waarden in tabel.rijen:
        begin, bij, af, eind = (waarden[i[k]] for k in FASE_KOLOMMEN)
        for kolom in FASE_KOLOMMEN:
            w = waarden[i[kolom]]
            if not isinstance(w, int) or w < 0:
                raise Controlefout(f"Tabel '{tabel.titel}': cel '{label}' / '{kolom}' is {w}; een voorraad of "
                                   "stroom kan niet negatief zijn (een uitstroom zonder instroom?).")
        assert isinstance(begin, int) and isinstance(bij, int) and isinstance(af, int)
        if begin + bij - af != eind:
            raise Controlefout(f"Tabel '{tabel.titel}': cel '{label}' / 'Eind' is {eind}, maar Begin + Bij − Af "
                               f"= {begin} + {bij} − {af} = {begin + bij - af}.")
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


# The typed audit event (AuditEvent.gebeurtenis) each kind is, as the live steps write it.
GEBEURTENIS: dict[Soort, str] = {
    Soort.aanmelding: "traject.aangemeld",
    Soort.intake_afgerond: "brede_intake.afgerond",
    Soort.maatregel_beschikking: "maatregelonderzoek.beschikt",
    Soort.fase: "traject.fase",
    Soort.uitstroom: "traject.uitstroom",
    Soort.parttime_werk: "traject.deels_uitgestroomd",
    Soort.nbw_plaatsing: "indicatie.geplaatst",
}
SOORT_VAN: dict[str, Soort] = {g: s for s, g in GEBEURTENIS.items()}

# Stored `waarde` per kind (what reports group by). The import's spellings map onto these, so
# that history and live events share one value: the live enums' values where they exist.
INTAKE_WAARDEN = ("positief", "negatief", "verlengde_intake")
BESCHIKKING_WAARDEN = {"afzien": "AFZIEN", "100%": "M100", "1m10%": "M1M10", "1m20%": "M1M20", "2m10%": "M2M10",
                       "2m20%": "M2M20", "gematigd": "MGEMATIGD"}  # -> domain.maatregel.BeschikkingType
UITSTROOM_WAARDEN = {"werkaanvaarding": "werkaanvaarding", "passende_plek": "passende-plek",
                     "voortijdig_afgebroken": "voortijdig-afgebroken",
                     "maximale_participatie": "maximale-participatie", "garantiebaan": "garantiebaan",
                     "nbw": "nbw-dienstverband", "terugmelding_gemeente": "terugmelding-gemeente"}  # -> fasen.Uitstroom
# (live also knows einde-uitkering; `passende-plek` exists in history only: live records it as
# maximale-participatie, labelled "Maximale participatie / passende plek", and the report's column
# "Passende plek" counts both.)
PASSENDE_PLEK = ("passende-plek", "maximale-participatie")


def intake_waarde(data: dict[str, Any]) -> str:
    """The funnel's outcome of a brede intake from the live event's data {advies, route}."""
    if data.get("advies") == "negatief":
        return "negatief"
    if data.get("route") == "verlengde-intake":
        return "verlengde_intake"
    return "positief"


def rapportvelden(gebeurtenis: str | None, data: dict[str, Any]) -> tuple[str | None, str | None]:
    """(waarde, fase) of a live audit event for the report columns; (None, None) for the others.

    `fase` is the fase the traject *left* (fase change) or was in (uitstroom, parttime werk)."""
    soort = SOORT_VAN.get(gebeurtenis or "")
    if soort is None:
        return None, None
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
    return None, None


def _tekst(w: object) -> str | None:
    return None if w is None else str(w)


# -- Afspraak: the yearly targets of the table regulier-werk ---------------------------------------
AFSPRAAK_RIJEN = ("werkaanvaarding", "parttime_werk")  # keys in the file, rows Werkaanvaarding / Parttime werk
Afspraken = dict[int, dict[str, int]]


class AfsprakenFout(DomainError):
    """The targets file is wrong: reported at start, never a table with a guessed target."""


def afspraken_uit(raw: dict[str, Any], bron: str) -> Afspraken:
    """Parse `[2024] werkaanvaarding = 300, parttime_werk = 75` tables; a year may be absent
    (its Afspraak and % cells then say `n.b.`)."""
    out: Afspraken = {}
    for jaar_tekst, rij in raw.items():
        if not (jaar_tekst.isdigit() and 2000 <= int(jaar_tekst) <= 2100) or not isinstance(rij, dict):
            raise AfsprakenFout(f"Afsprakenbestand {bron}: '{jaar_tekst}' is geen jaar (2000–2100) met afspraken.")
        onbekend = set(rij) - set(AFSPRAAK_RIJEN)
        if onbekend:
            raise AfsprakenFout(f"Afsprakenbestand {bron}, jaar {jaar_tekst}: onbekende afspraak "
                                f"'{sorted(onbekend)[0]}'; bekend: {', '.join(AFSPRAAK_RIJEN)}.")
        for k, v in rij.items():
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise AfsprakenFout(f"Afsprakenbestand {bron}, jaar {jaar_tekst}: {k} moet een geheel getal ≥ 0 zijn.")
        out[int(jaar_tekst)] = {k: int(v) for k, v in rij.items()}
    return out


def controleer_begonnen(p: Periode, vandaag: date) -> None:
    """A period that has not begun is refused: a typo more often than a wish, and an empty table would look
    like a result."""
    if p.van > vandaag:
        raise OngeldigeInvoer(f"De periode {p.naam} is nog niet begonnen (vandaag is {vandaag.isoformat()}).")
