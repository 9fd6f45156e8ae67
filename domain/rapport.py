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
        if not 1900 <= jaar <= 2100:
            raise OngeldigeInvoer(f"Het jaar ligt buiten 1900–2100. {_VORMEN}")
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
