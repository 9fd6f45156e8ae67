"""The rule table: the gemeente's maatregelenverordening as data (`werkpad/maatregelen.toml`), per
gemeente with versions that hold from a date: gedraging → maatregel for the first time and for each
recidive within twelve months; the gedragingen of art. 18 lid 4 follow the statutory ladder of lid 5–8,
checked when the table is loaded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.errors import DomainError
from domain.gemeenten import Gemeente
from domain.invoer import OngeldigeInvoer, onbekende_sleutels
from domain.maatregel.beschikking import VAST, BeschikkingType, Uitkomst


class RegeltabelFout(DomainError):
    pass


def parse_uitkomst(value: str, waar: str) -> Uitkomst:
    """A rule table entry: "M1M10", "M2M20" or "M100:2" (100% for two months)."""
    tekst = str(value).strip().upper()
    code, _, maanden = tekst.partition(":")
    try:
        t = BeschikkingType(code)
    except ValueError:
        raise RegeltabelFout(f"{waar}: onbekende maatregel '{value}'; gebruik M1M10, M1M20, M2M10, M2M20 of "
                             "M100:<maanden>.") from None
    if t in VAST:
        if maanden:
            raise RegeltabelFout(f"{waar}: '{value}' noemt zelf al de duur; laat ':{maanden}' weg.")
        pct, n = VAST[t]
        return Uitkomst(t, pct, n)
    if t == BeschikkingType.M100:
        if maanden not in ("1", "2", "3"):  # ASCII only: str.isdigit() also takes '²' (int() then fails)
            raise RegeltabelFout(f"{waar}: M100 heeft een duur van 1 tot en met 3 maanden nodig, bijvoorbeeld "
                                 "'M100:1' (Pw art. 18 lid 5).")
        return Uitkomst(t, 100, int(maanden))
    raise RegeltabelFout(f"{waar}: '{value}' kan geen regel in de verordening zijn (afzien en matiging volgen uit "
                         "het onderzoek, niet uit de tabel).")


@dataclass(frozen=True)
class Gedraging:
    code: str
    label: str
    grondslag: str  # article of the verordening (and of the Pw) this category rests on
    uitkomsten: tuple[Uitkomst, ...]  # first time, first recidive, …; the last repeats
    arbeidsverplichting: bool = False  # art. 18 lid 4: the statutory ladder of lid 5-8

    def uitkomst(self, recidive_stap: int) -> Uitkomst:
        return self.uitkomsten[min(recidive_stap, len(self.uitkomsten)) - 1]


@dataclass(frozen=True)
class RegelVersie:
    gemeente: Gemeente
    geldig_vanaf: date
    verordening: str
    gedragingen: Mapping[str, Gedraging] = field(default_factory=dict)

    def gedraging(self, code: str) -> Gedraging:
        g = self.gedragingen.get((code or "").strip())
        if g is None:
            bekend = ", ".join(sorted(self.gedragingen))
            raise OngeldigeInvoer(f"Onbekende gedraging '{(code or '')[:40]}' in de verordening van "
                                  f"{self.gemeente.naam} (geldig vanaf {self.geldig_vanaf.isoformat()}); "
                                  f"bekend: {bekend}.")
        return g


@dataclass(frozen=True)
class Regeltabel:
    versies: Mapping[Gemeente, tuple[RegelVersie, ...]]

    def op(self, gemeente: Gemeente, datum: date) -> RegelVersie:
        """The version in force on `datum` (the day of the verzuim)."""
        geldig = [v for v in self.versies.get(gemeente, ()) if v.geldig_vanaf <= datum]
        if not geldig:
            raise OngeldigeInvoer(f"De maatregelenverordening van {gemeente.naam} heeft geen regels die gelden op "
                                  f"{datum.isoformat()}; vul werkpad/maatregelen.toml aan.")
        return max(geldig, key=lambda v: v.geldig_vanaf)

    def gedragingen(self) -> list[str]:
        return sorted({c for vs in self.versies.values() for v in vs for c in v.gedragingen})


def _ladder_controleren(g: Gedraging, waar: str) -> None:
    """Art. 18 lid 5–8: 100% for 1–3 months; recidive within twelve months longer (lid 6, ≤ 3);
    the third time and every later time three months (lid 7/8)."""
    u = g.uitkomsten
    if any(x.type != BeschikkingType.M100 for x in u):
        raise RegeltabelFout(f"{waar}: een arbeidsverplichting (Pw art. 18 lid 4) leidt tot 100% (lid 5); "
                             "gebruik M100:<maanden>.")
    if len(u) != 3:
        raise RegeltabelFout(f"{waar}: geef drie treden: eerste keer (lid 5), recidive (lid 6) en verdere recidive "
                             "(lid 7 en 8), bijvoorbeeld ['M100:1', 'M100:2', 'M100:3'].")
    if not u[0].maanden < u[1].maanden:
        raise RegeltabelFout(f"{waar}: bij recidive binnen twaalf maanden moet de maatregel langer duren dan de "
                             "eerste keer (Pw art. 18 lid 6).")
    if u[2].maanden != 3:
        raise RegeltabelFout(f"{waar}: bij verdere recidive is de maatregel drie maanden (Pw art. 18 lid 7 en 8).")


_SLEUTELS_TABEL = ("versie",)
_SLEUTELS_VERSIE = ("gemeente", "geldig_vanaf", "verordening", "gedraging")
_SLEUTELS_GEDRAGING = ("code", "label", "grondslag", "uitkomsten", "arbeidsverplichting")


def regeltabel_uit(data: Mapping[str, Any], bron: str = "maatregelen.toml") -> Regeltabel:
    """Parse and check the rule table: every gemeente, versions with a date, known outcomes only."""
    versies: dict[Gemeente, list[RegelVersie]] = {}
    if fout := onbekende_sleutels(data, _SLEUTELS_TABEL):
        raise RegeltabelFout(f"{bron}: {fout}; schrijf elke versie als [[versie]].")
    if not isinstance(data.get("versie", []), list):
        raise RegeltabelFout(f"{bron}: schrijf elke versie als [[versie]].")
    for i, v in enumerate(data.get("versie", []) or [], start=1):
        waar = f"{bron}, versie {i}"
        if not isinstance(v, Mapping):
            raise RegeltabelFout(f"{waar}: geen tabel.")
        if fout := onbekende_sleutels(v, _SLEUTELS_VERSIE):
            raise RegeltabelFout(f"{waar}: {fout}.")
        try:
            gemeente = Gemeente(str(v.get("gemeente", "")))
        except ValueError:
            raise RegeltabelFout(f"{waar}: onbekende gemeente '{v.get('gemeente')}'.") from None
        vanaf = v.get("geldig_vanaf")
        if not isinstance(vanaf, date):
            raise RegeltabelFout(f"{waar}: geldig_vanaf moet een datum zijn (JJJJ-MM-DD, zonder aanhalingstekens).")
        verordening = str(v.get("verordening", "")).strip()
        if not verordening:
            raise RegeltabelFout(f"{waar}: noem de verordening (verordening = \"…\").")
        gedragingen: dict[str, Gedraging] = {}
        for j, g in enumerate(v.get("gedraging", []) or [], start=1):
            gw = f"{waar}, gedraging {j}"
            if not isinstance(g, Mapping):  # e.g. [versie.gedraging] written with single brackets
                raise RegeltabelFout(f"{gw}: geen tabel; schrijf elke gedraging als [[versie.gedraging]].")
            if fout := onbekende_sleutels(g, _SLEUTELS_GEDRAGING):
                raise RegeltabelFout(f"{gw}: {fout}.")
            if not isinstance(g.get("uitkomsten", []), list):
                raise RegeltabelFout(f"{gw}: uitkomsten is een lijst, bijvoorbeeld [\"M1M10\", \"M2M10\"].")
            if not isinstance(g.get("arbeidsverplichting", False), bool):
                raise RegeltabelFout(f"{gw}: arbeidsverplichting is true of false (zonder aanhalingstekens).")
            code = str(g.get("code", "")).strip()
            if not code or not code.replace("_", "").isalnum() or code != code.lower():
                raise RegeltabelFout(f"{gw}: code moet kort en in kleine letters zijn (a-z, 0-9, _).")
            if code in gedragingen:
                raise RegeltabelFout(f"{gw}: code '{code}' staat er twee keer in.")
            uitkomsten = tuple(parse_uitkomst(x, f"{gw} ({code})") for x in g.get("uitkomsten", []) or [])
            if not uitkomsten:
                raise RegeltabelFout(f"{gw} ({code}): geef de uitkomsten (eerste keer, recidive, …).")
            ged = Gedraging(code=code, label=str(g.get("label", "")).strip() or code,
                            grondslag=str(g.get("grondslag", "")).strip(), uitkomsten=uitkomsten,
                            arbeidsverplichting=bool(g.get("arbeidsverplichting", False)))
            if not ged.grondslag:
                raise RegeltabelFout(f"{gw} ({code}): noem de grondslag (artikel van de verordening).")
            if ged.arbeidsverplichting:
                _ladder_controleren(ged, f"{gw} ({code})")
            elif any(a.zwaarte > b.zwaarte for a, b in zip(uitkomsten, uitkomsten[1:], strict=False)):
                raise RegeltabelFout(f"{gw} ({code}): een recidive mag niet lichter zijn dan de keer ervoor.")
            gedragingen[code] = ged
        if not gedragingen:
            raise RegeltabelFout(f"{waar}: geen gedragingen.")
        lijst = versies.setdefault(gemeente, [])
        if any(x.geldig_vanaf == vanaf for x in lijst):
            raise RegeltabelFout(f"{waar}: {gemeente.naam} heeft al een versie die geldt vanaf {vanaf.isoformat()}.")
        lijst.append(RegelVersie(gemeente, vanaf, verordening, gedragingen))
    ontbreekt = [g.naam for g in Gemeente if g not in versies]
    if ontbreekt:
        raise RegeltabelFout(f"{bron}: geen maatregelenverordening voor {', '.join(ontbreekt)}.")
    return Regeltabel({g: tuple(sorted(vs, key=lambda x: x.geldig_vanaf)) for g, vs in versies.items()})
