"""The rule table: the gemeente's maatregelenverordening as data (`werkpad/maatregelen.toml`), per
gemeente with versions that hold from a date: gedraging → maatregel for the first time and for each
recidive within twelve months, and whether recidive counts per gedraging or per categorie (the
verordening says which: Pw art. 8 lid 1 onder a). The gedragingen of art. 18 lid 4 follow the statutory
ladder of lid 5–8; that ladder is data too, versioned by the date the law's text holds from
(`werkpad/arbeidsverplichtingen.toml`, or `[[wet]]` in the maatregelen file), checked when the table is
loaded against every version of the law in force while a verordening version holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

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


RecidiveTelling = Literal["gedraging", "categorie"]
RECIDIVE_TELLINGEN: tuple[str, ...] = ("gedraging", "categorie")
ARBEIDSVERPLICHTING = "arbeidsverplichting"  # the recidive group of every art. 18 lid 4 gedraging


@dataclass(frozen=True)
class Trede:
    """One step of the statutory ladder (Pw art. 18 lid 5–8): the lid it rests on, and what the
    verordening's uitkomst for that step must satisfy."""

    lid: str  # "lid 5"
    omschrijving: str  # "de eerste keer"
    langer: bool = False  # longer than the step before (lid 6)
    maanden: int | None = None  # a fixed duration (lid 7 and 8: three months)
    herhaald: str | None = None  # the lid of every later time (lid 8); the last step only

    @property
    def leden(self) -> str:
        """"lid 7 en 8": the lid and the one it repeats under."""
        if not self.herhaald:
            return self.lid
        return f"{self.lid} en {self.herhaald.removeprefix('lid ') if self.lid.startswith('lid ') else self.herhaald}"


@dataclass(frozen=True)
class Ladder:
    """The law's ladder for the geüniformeerde arbeidsverplichtingen, as it holds from `geldig_vanaf`."""

    geldig_vanaf: date
    bron: str
    percentage: int  # lid 5: 100%
    maanden_min: int  # lid 5: at least one month
    maanden_max: int  # lid 5/6: at most three months
    treden: tuple[Trede, ...]

    def lid(self, recidive_stap: int) -> str:
        """The lid the n-th time rests on: the last step repeats under its own `herhaald` lid."""
        t = self.treden[min(recidive_stap, len(self.treden)) - 1]
        return t.herhaald if recidive_stap > len(self.treden) and t.herhaald else t.lid


@dataclass(frozen=True)
class Gedraging:
    code: str
    label: str
    grondslag: str  # article of the verordening (and of the Pw) this category rests on
    uitkomsten: tuple[Uitkomst, ...]  # first time, first recidive, …; the last repeats
    arbeidsverplichting: bool = False  # art. 18 lid 4: the statutory ladder of lid 5-8
    categorie: str = ""  # the verordening's categorie ("1", "2", …); empty: none named
    recidive: RecidiveTelling = "gedraging"  # what an earlier maatregel must share to count as recidive

    def uitkomst(self, recidive_stap: int) -> Uitkomst:
        return self.uitkomsten[min(recidive_stap, len(self.uitkomsten)) - 1]

    @property
    def recidive_groep(self) -> str:
        """What an earlier maatregel must share with this one to count as recidive: every art. 18 lid 4
        obligation together (lid 6–8: "wederom een verplichting als bedoeld in het vierde lid"); else the
        same categorie where the verordening counts per categorie, or the same gedraging."""
        if self.arbeidsverplichting:
            return ARBEIDSVERPLICHTING
        if self.recidive == "categorie":
            return f"categorie:{self.categorie}"
        return self.code

    @property
    def recidive_uitleg(self) -> str:
        """The recidive rule in words (werkpad maatregel gedragingen, the docs)."""
        if self.arbeidsverplichting:
            return "recidive telt over alle arbeidsverplichtingen samen (Pw art. 18 lid 6-8)"
        if self.recidive == "categorie":
            return f"recidive telt per categorie ({self.categorie})"
        return "recidive telt per gedraging"


@dataclass(frozen=True)
class RegelVersie:
    gemeente: Gemeente
    geldig_vanaf: date
    verordening: str
    gedragingen: Mapping[str, Gedraging] = field(default_factory=dict)
    recidive: RecidiveTelling = "gedraging"  # the version's default; a gedraging may say otherwise
    ladder: Ladder | None = None  # the law's ladder on the day asked for (Regeltabel.op)

    def gedraging(self, code: str) -> Gedraging:
        g = self.gedragingen.get((code or "").strip())
        if g is None:
            bekend = ", ".join(sorted(self.gedragingen))
            raise OngeldigeInvoer(f"Onbekende gedraging '{(code or '')[:40]}' in de verordening van "
                                  f"{self.gemeente.naam} (geldig vanaf {self.geldig_vanaf.isoformat()}); "
                                  f"bekend: {bekend}.")
        return g

    def recidive_groep_van(self, code: str) -> str | None:
        """The recidive group this version gives an (earlier) gedraging, None when it does not know it: the
        version in force on the day of the new verzuim decides whether an earlier maatregel is recidive."""
        g = self.gedragingen.get(code)
        return g.recidive_groep if g is not None else None

    def ladder_grondslag(self, recidive_stap: int) -> str:
        """The article a lid 4 maatregel rests on at this step (lid 5 the first time, … lid 8)."""
        lid = self.ladder.lid(recidive_stap) if self.ladder is not None else "lid 5-8"
        return f"Participatiewet art. 18 lid 4 en {lid}"


@dataclass(frozen=True)
class Regeltabel:
    versies: Mapping[Gemeente, tuple[RegelVersie, ...]]
    ladders: tuple[Ladder, ...] = ()

    def ladder_op(self, datum: date) -> Ladder | None:
        geldig = [x for x in self.ladders if x.geldig_vanaf <= datum]
        return max(geldig, key=lambda x: x.geldig_vanaf) if geldig else None

    def op(self, gemeente: Gemeente, datum: date) -> RegelVersie:
        """The version in force on `datum` (the day of the verzuim), with the law's ladder of that day."""
        geldig = [v for v in self.versies.get(gemeente, ()) if v.geldig_vanaf <= datum]
        if not geldig:
            raise OngeldigeInvoer(f"De maatregelenverordening van {gemeente.naam} heeft geen regels die gelden op "
                                  f"{datum.isoformat()}; vul werkpad/maatregelen.toml aan.")
        return replace(max(geldig, key=lambda v: v.geldig_vanaf), ladder=self.ladder_op(datum))

    def gedragingen(self) -> list[str]:
        return sorted({c for vs in self.versies.values() for v in vs for c in v.gedragingen})


_GETAL = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}


def _ladder_controleren(g: Gedraging, ladder: Ladder, waar: str) -> None:
    """The verordening's uitkomsten for a lid 4 gedraging against the law's ladder (data, `[[wet]]`): the
    percentage (lid 5), the range of months (lid 5/6), one uitkomst per step, longer on recidive (lid 6),
    a fixed duration where the law sets one (lid 7 and 8)."""
    u, treden = g.uitkomsten, ladder.treden
    if any(x.type != BeschikkingType.M100 or x.percentage != ladder.percentage for x in u):
        raise RegeltabelFout(f"{waar}: een arbeidsverplichting (Pw art. 18 lid 4) leidt tot {ladder.percentage}% "
                             f"({treden[0].lid}); gebruik M100:<maanden>.")
    if len(u) != len(treden):
        voorbeeld = ", ".join(f"{t.omschrijving} ({t.leden})" for t in treden)
        raise RegeltabelFout(f"{waar}: geef {_GETAL.get(len(treden), len(treden))} treden: {voorbeeld}; "
                             f"bijvoorbeeld {[f'M100:{t.maanden or i + 1}' for i, t in enumerate(treden)]}.")
    for i, (x, t) in enumerate(zip(u, treden, strict=True)):
        if not ladder.maanden_min <= x.maanden <= ladder.maanden_max:
            raise RegeltabelFout(f"{waar}: de maatregel duurt ten minste {ladder.maanden_min} en ten hoogste "
                                 f"{ladder.maanden_max} maanden (Pw art. 18 {t.lid}).")
        if t.langer and i and not u[i - 1].maanden < x.maanden:
            ervoor = "de eerste keer" if i == 1 else "de keer ervoor"
            raise RegeltabelFout(f"{waar}: bij recidive binnen twaalf maanden moet de maatregel langer duren dan "
                                 f"{ervoor} (Pw art. 18 {t.lid}).")
        if t.maanden is not None and x.maanden != t.maanden:
            raise RegeltabelFout(f"{waar}: bij {t.omschrijving} is de maatregel {_GETAL.get(t.maanden, t.maanden)} "
                                 f"maanden (Pw art. 18 {t.leden}).")


_SLEUTELS_WET = ("geldig_vanaf", "bron", "percentage", "maanden_min", "maanden_max", "trede")
_SLEUTELS_TREDE = ("lid", "omschrijving", "langer", "maanden", "herhaald")


def _int(waarde: Any, waar: str, sleutel: str) -> int:
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise RegeltabelFout(f"{waar}: {sleutel} is een geheel getal.")
    return waarde


def ladders_uit(data: Any, bron: str) -> tuple[Ladder, ...]:
    """The law's ladder(s) of art. 18 lid 5–8 as data (`[[wet]]`), each with the date its text holds from."""
    if not isinstance(data, list):
        raise RegeltabelFout(f"{bron}: schrijf elke versie van de wet als [[wet]].")
    uit: list[Ladder] = []
    for i, w in enumerate(data, start=1):
        waar = f"{bron}, wet {i}"
        if not isinstance(w, Mapping):
            raise RegeltabelFout(f"{waar}: geen tabel; schrijf elke versie van de wet als [[wet]].")
        if fout := onbekende_sleutels(w, _SLEUTELS_WET):
            raise RegeltabelFout(f"{waar}: {fout}.")
        vanaf = w.get("geldig_vanaf")
        if not isinstance(vanaf, date):
            raise RegeltabelFout(f"{waar}: geldig_vanaf moet een datum zijn (JJJJ-MM-DD, zonder aanhalingstekens).")
        if any(x.geldig_vanaf == vanaf for x in uit):
            raise RegeltabelFout(f"{waar}: er is al een versie van de wet die geldt vanaf {vanaf.isoformat()}.")
        bron_wet = str(w.get("bron", "")).strip()
        if not bron_wet:
            raise RegeltabelFout(f"{waar}: noem de bron (bron = \"Participatiewet art. 18 …\").")
        pct = _int(w.get("percentage"), waar, "percentage")
        mn, mx = _int(w.get("maanden_min"), waar, "maanden_min"), _int(w.get("maanden_max"), waar, "maanden_max")
        if not 1 <= pct <= 100 or not 1 <= mn <= mx <= 3:  # M100:<1-3> is what a beschikking can say
            raise RegeltabelFout(f"{waar}: percentage 1-100 en 1 <= maanden_min <= maanden_max <= 3.")
        treden: list[Trede] = []
        ruw = w.get("trede", [])
        if not isinstance(ruw, list) or not ruw:
            raise RegeltabelFout(f"{waar}: geef de treden als [[wet.trede]] (eerste keer, recidive, …).")
        for j, t in enumerate(ruw, start=1):
            tw = f"{waar}, trede {j}"
            if not isinstance(t, Mapping):
                raise RegeltabelFout(f"{tw}: geen tabel; schrijf elke trede als [[wet.trede]].")
            if fout := onbekende_sleutels(t, _SLEUTELS_TREDE):
                raise RegeltabelFout(f"{tw}: {fout}.")
            lid = str(t.get("lid", "")).strip()
            if not lid:
                raise RegeltabelFout(f"{tw}: noem het lid (lid = \"lid 5\").")
            maanden = t.get("maanden")
            if maanden is not None and not mn <= _int(maanden, tw, "maanden") <= mx:
                raise RegeltabelFout(f"{tw}: maanden ligt tussen maanden_min en maanden_max.")
            if not isinstance(t.get("langer", False), bool):
                raise RegeltabelFout(f"{tw}: langer is true of false (zonder aanhalingstekens).")
            herhaald = str(t.get("herhaald", "")).strip() or None
            if herhaald and j != len(ruw):
                raise RegeltabelFout(f"{tw}: alleen de laatste trede herhaalt zich (herhaald).")
            treden.append(Trede(lid=lid, omschrijving=str(t.get("omschrijving", "")).strip() or lid,
                                langer=bool(t.get("langer", False)), maanden=maanden, herhaald=herhaald))
        uit.append(Ladder(vanaf, bron_wet, pct, mn, mx, tuple(treden)))
    return tuple(sorted(uit, key=lambda x: x.geldig_vanaf))


def _ladders_tijdens(ladders: Sequence[Ladder], vanaf: date, tot: date | None) -> list[Ladder]:
    """The law's versions in force at some day in [vanaf, tot): the one of `vanaf` and every later one before `tot`."""
    eerder = [x for x in ladders if x.geldig_vanaf <= vanaf]
    later = [x for x in ladders if vanaf < x.geldig_vanaf and (tot is None or x.geldig_vanaf < tot)]
    return ([max(eerder, key=lambda x: x.geldig_vanaf)] if eerder else []) + later


_SLEUTELS_TABEL = ("versie", "wet")
_SLEUTELS_VERSIE = ("gemeente", "geldig_vanaf", "verordening", "recidive", "gedraging")
_SLEUTELS_GEDRAGING = ("code", "label", "grondslag", "uitkomsten", "arbeidsverplichting", "categorie", "recidive")


def _recidive(waarde: Any, waar: str) -> RecidiveTelling:
    if waarde not in RECIDIVE_TELLINGEN:
        raise RegeltabelFout(f"{waar}: recidive is \"gedraging\" of \"categorie\" (wat de verordening zegt).")
    return waarde  # type: ignore[no-any-return]


def regeltabel_uit(data: Mapping[str, Any], bron: str = "maatregelen.toml",
                   wet: Sequence[Ladder] = ()) -> Regeltabel:
    """Parse and check the rule table: every gemeente, versions with a date, known outcomes only. The law's
    ladder of art. 18 lid 5–8 comes from `[[wet]]` in `data` when it has one, else from `wet` (the shipped
    werkpad/arbeidsverplichtingen.toml, read by tasks/config.py)."""
    versies: dict[Gemeente, list[RegelVersie]] = {}
    if fout := onbekende_sleutels(data, _SLEUTELS_TABEL):
        raise RegeltabelFout(f"{bron}: {fout}; schrijf elke versie als [[versie]].")
    ladders = ladders_uit(data["wet"], bron) if "wet" in data else tuple(sorted(wet, key=lambda x: x.geldig_vanaf))
    ladder_controles: list[tuple[Gemeente, date, Gedraging, str]] = []
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
        telling = _recidive(v.get("recidive", "gedraging"), waar)
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
            arbeid = bool(g.get("arbeidsverplichting", False))
            if arbeid and "recidive" in g:
                raise RegeltabelFout(f"{gw} ({code}): bij een arbeidsverplichting telt recidive over alle "
                                     "verplichtingen van lid 4 samen (Pw art. 18 lid 6-8); laat recidive weg.")
            eigen = _recidive(g.get("recidive", telling), f"{gw} ({code})")
            categorie = str(g.get("categorie", "")).strip()
            if eigen == "categorie" and not arbeid and not categorie:
                raise RegeltabelFout(f"{gw} ({code}): recidive telt per categorie; noem de categorie "
                                     "(categorie = \"1\").")
            ged = Gedraging(code=code, label=str(g.get("label", "")).strip() or code,
                            grondslag=str(g.get("grondslag", "")).strip(), uitkomsten=uitkomsten,
                            arbeidsverplichting=arbeid, categorie=categorie, recidive=eigen)
            if not ged.grondslag:
                raise RegeltabelFout(f"{gw} ({code}): noem de grondslag (artikel van de verordening).")
            if ged.arbeidsverplichting:
                ladder_controles.append((gemeente, vanaf, ged, f"{gw} ({code})"))
            elif any(a.zwaarte > b.zwaarte for a, b in zip(uitkomsten, uitkomsten[1:], strict=False)):
                raise RegeltabelFout(f"{gw} ({code}): een recidive mag niet lichter zijn dan de keer ervoor.")
            gedragingen[code] = ged
        if not gedragingen:
            raise RegeltabelFout(f"{waar}: geen gedragingen.")
        lijst = versies.setdefault(gemeente, [])
        if any(x.geldig_vanaf == vanaf for x in lijst):
            raise RegeltabelFout(f"{waar}: {gemeente.naam} heeft al een versie die geldt vanaf {vanaf.isoformat()}.")
        lijst.append(RegelVersie(gemeente, vanaf, verordening, gedragingen, recidive=telling))
    ontbreekt = [g.naam for g in Gemeente if g not in versies]
    if ontbreekt:
        raise RegeltabelFout(f"{bron}: geen maatregelenverordening voor {', '.join(ontbreekt)}.")
    # A lid 4 gedraging must fit every version of the law in force while its verordening version holds.
    for gemeente, vanaf, ged, waar in ladder_controles:
        tot = min((x.geldig_vanaf for x in versies[gemeente] if x.geldig_vanaf > vanaf), default=None)
        geldend = _ladders_tijdens(ladders, vanaf, tot)
        if not geldend:
            raise RegeltabelFout(f"{waar}: een arbeidsverplichting volgt de ladder van Pw art. 18 lid 5-8, maar er "
                                 f"is geen versie van de wet ([[wet]]) die geldt vanaf {vanaf.isoformat()}.")
        for ladder in geldend:
            _ladder_controleren(ged, ladder, waar)
    return Regeltabel({g: tuple(sorted(vs, key=lambda x: x.geldig_vanaf)) for g, vs in versies.items()}, ladders)
