"""Maatregelonderzoek (Participatiewet art. 18): melding verzuim → horen → verwijtbaarheid → maatregel
bepalen → vier ogen → beschikking; then bezwaar, heroverweging and herziening/inkeer.

IJmond Werkt! investigates and decides under mandate of the gemeenten. The rules here are pure:

* the **processes** and their transition tables (one onderzoek, and three that may follow a
  beschikking: bezwaar, heroverweging, inkeer);
* the **rule table** — the gemeente's maatregelenverordening as data, per gemeente with versions
  that hold from a date (`werkpad/maatregelen.toml`): gedraging → maatregel for the first time and
  for each recidive within twelve months; the gedragingen of art. 18 lid 4 (geüniformeerde
  arbeidsverplichtingen) follow the statutory ladder of lid 5–8 (100%, 1–3 months, longer on
  recidive, three months from the third time), checked when the table is loaded;
* **maatregel bepalen**: lid 9 (no verwijtbaarheid → afzien), lid 10 (dringende redenen →
  matiging, strictly milder), recidive;
* the **terms**: bezwaar (Awb 6:7/6:8 with the Atw), beslissing op bezwaar (Awb 7:10), heroverweging
  (art. 18 lid 3, at most three months, a term the college sets: no Atw), beslistermijn on a request
  for herziening (Awb 4:13), and the service norms of the onderzoek itself;
* the **months** the uitkeringsadministratie reduces, and what a granted inkeer changes (lid 11; for a
  100% maatregel of two months or longer payment resumes from the second month only).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta

from domain.errors import DomainError
from domain.gemeenten import Gemeente
from domain.invoer import OngeldigeInvoer, onbekende_sleutels
from domain.kalender import Kalender
from domain.proces import Proces, overgangen
from domain.termijnen import Termijn, bereken_termijn

# -- processes -------------------------------------------------------------------------------
GEMELD, HOREN, BEOORDELEN, VIER_OGEN, BESCHIKT, INGETROKKEN, VERVALLEN = (
    "gemeld", "horen", "beoordelen", "vier_ogen", "beschikt", "ingetrokken", "vervallen")

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

ONTVANGEN, VERDAAGD, BESLIST = "ontvangen", "verdaagd", "beslist"
BEZWAAR = Proces(
    naam="maatregel_bezwaar",
    label="Bezwaar tegen maatregel",
    statussen={ONTVANGEN: "Bezwaar ontvangen", VERDAAGD: "Beslissing verdaagd", BESLIST: "Beslist op bezwaar",
               VERVALLEN: "Vervallen"},
    start=ONTVANGEN,
    overgangen=overgangen(ontvangen=(VERDAAGD, BESLIST, VERVALLEN), verdaagd=(BESLIST, VERVALLEN), beslist=(),
                          vervallen=()),
    gebeurtenissen=frozenset({"maatregel_bezwaar.ontvangen", "maatregel_bezwaar.verdaagd",
                              "maatregel_bezwaar.beslist", "maatregel_bezwaar.vervallen"}),
)

OPEN, AFGEROND = "open", "afgerond"
HEROVERWEGING = Proces(
    naam="maatregel_heroverweging",
    label="Heroverweging maatregel",
    statussen={OPEN: "Te heroverwegen", AFGEROND: "Heroverwogen", VERVALLEN: "Vervallen"},
    start=OPEN,
    overgangen=overgangen(open=(AFGEROND, VERVALLEN), afgerond=(), vervallen=()),
    gebeurtenissen=frozenset({"maatregel_heroverweging.gestart", "maatregel_heroverweging.afgerond",
                              "maatregel_heroverweging.vervallen"}),
)

INKEER = Proces(
    naam="maatregel_inkeer",
    label="Verzoek om herziening (inkeer)",
    statussen={ONTVANGEN: "Verzoek ontvangen", BESLIST: "Beslist op verzoek", VERVALLEN: "Vervallen"},
    start=ONTVANGEN,
    overgangen=overgangen(ontvangen=(BESLIST, VERVALLEN), beslist=(), vervallen=()),
    gebeurtenissen=frozenset({"maatregel_inkeer.ontvangen", "maatregel_inkeer.beslist",
                              "maatregel_inkeer.vervallen"}),
)

# What follows a beschikking by law (bezwaar, heroverweging, herziening) runs on after the traject
# closes at uitstroom: a bezwaar against a maatregel does not lapse because the deelnemer found work.
LOOPT_NA_AFSLUITEN = frozenset({BEZWAAR.naam, HEROVERWEGING.naam, INKEER.naam})

# Codes of taken and deadlines (closed by code, never by title).
HOREN_TAAK = "maatregel.horen"  # werkcoach: invite the deelnemer to be heard
BEOORDELEN_TAAK = "maatregel.beoordelen"  # werkcoach: verwijtbaarheid, omstandigheden, voorstel
VIER_OGEN_TAAK = "maatregel.vier_ogen"  # teamleider: approve or send back
ONDERZOEK_TERMIJN = "maatregel.onderzoek"  # the onderzoek's own term (service norm)
REACTIE_WEKKER = "maatregel.reactietermijn"  # waking timer: no toelichting in time is recorded
BEZWAAR_TAAK = "maatregel.bezwaar"  # beslissing op bezwaar (Awb 7:10)
HEROVERWEGING_TAAK = "maatregel.heroverweging"  # art. 18 lid 3
INKEER_TAAK = "maatregel.inkeer"  # beslissen op een verzoek om herziening (lid 11)

WEKT_REACTIE = "maatregel-reactietermijn-verlopen/reactietermijn-verlopen"

GRONDSLAG_ONDERZOEK = "Werkafspraak IJmond Werkt!: maatregelonderzoek afronden binnen {weken} weken (servicenorm)"
GRONDSLAG_HOREN = "Awb art. 4:8 (horen vóór een belastende beschikking); reactietermijn: werkafspraak"
GRONDSLAG_VIER_OGEN = "Werkafspraak IJmond Werkt!: vier-ogenprincipe bij een maatregel (servicenorm)"
GRONDSLAG_BOB = "Awb art. 7:10 (beslissing op bezwaar)"
GRONDSLAG_HEROVERWEGING = "Participatiewet art. 18 lid 3 (heroverweging binnen ten hoogste drie maanden)"
GRONDSLAG_INKEER = "Participatiewet art. 18 lid 11; beslistermijn Awb art. 4:13 lid 2"

ONDERZOEK_WEKEN = 8
REACTIE_WERKDAGEN = 10
VIER_OGEN_WERKDAGEN = 5
HEROVERWEGING_MAANDEN = 3
RECIDIVE_MAANDEN = 12


class RegeltabelFout(DomainError):
    pass


class BeschikkingType(StrEnum):
    """Soort beschikking (de uitkomst van het maatregelonderzoek)."""

    AFZIEN = "AFZIEN"
    M100 = "M100"
    M1M10 = "M1M10"
    M1M20 = "M1M20"
    M2M10 = "M2M10"
    M2M20 = "M2M20"
    MGEMATIGD = "MGEMATIGD"

    @property
    def label(self) -> str:
        return TYPE_LABEL[self]


TYPE_LABEL = {
    BeschikkingType.AFZIEN: "Beschikking afzien maatregel",
    BeschikkingType.M100: "Beschikking maatregel 100%",
    BeschikkingType.M1M10: "Beschikking maatregel 1 maand 10%",
    BeschikkingType.M1M20: "Beschikking maatregel 1 maand 20%",
    BeschikkingType.M2M10: "Beschikking maatregel 2 maanden 10%",
    BeschikkingType.M2M20: "Beschikking maatregel 2 maanden 20%",
    BeschikkingType.MGEMATIGD: "Beschikking gematigde maatregel",
}
# Fixed percentage and months of the types that name them.
VAST: dict[BeschikkingType, tuple[int, int]] = {
    BeschikkingType.M1M10: (10, 1), BeschikkingType.M1M20: (20, 1),
    BeschikkingType.M2M10: (10, 2), BeschikkingType.M2M20: (20, 2),
}
# -- the maatregelonderzoek's own zaak at the gemeente (zaaktype IJW-MAATREGEL) ----------------------
# Its besluiten (beschikking, bezwaar, heroverweging, herziening) can fall after the traject's zaak closed
# at uitstroom, so the onderzoek has a zaak of its own, closed when its last term has passed.
STATUS_ONDERZOEK = "Onderzoek gestart"
STATUS_BESCHIKT = "Beschikt"
STATUS_BEZWAAR = "Bezwaar of herziening"
EINDSTATUS = "Afgesloten"
OPGELEGD = "Maatregel opgelegd"
AFGEZIEN = "Afgezien van maatregel"
ONDERZOEK_INGETROKKEN = "Onderzoek ingetrokken"
HERROEPEN = "Maatregel herroepen"


def zaak_resultaat(type_: str | None, status: str) -> str:
    """The resultaattype of the maatregel's zaak: how the onderzoek ended."""
    if status == "ingetrokken" or type_ is None:
        return ONDERZOEK_INGETROKKEN
    if status == "herroepen":
        return HERROEPEN
    return AFGEZIEN if type_ == BeschikkingType.AFZIEN else OPGELEGD


def zaak_sluit_na(*, bezwaar_uiterlijk: date | None, heroverweging_uiterlijk: date | None,
                  kortingsmaanden: Sequence[Mapping[str, Any]]) -> date | None:
    """The last day on which a term of the beschikking still runs: the bezwaartermijn, the heroverweging
    and the last month of the verlaging (a verzoek om herziening concerns the months to come). The zaak
    closes after it, when no bezwaar, heroverweging or herziening is open. None: no beschikking yet."""
    dagen = [d for d in (bezwaar_uiterlijk, heroverweging_uiterlijk) if d is not None]
    for m in kortingsmaanden:
        jaar, maand = (int(x) for x in str(m["maand"]).split("-"))
        dagen.append(date(jaar, maand, calendar.monthrange(jaar, maand)[1]))
    return max(dagen) if dagen else None


BESLUITTYPE_BEZWAAR = "Beslissing op bezwaar maatregel"
BESLUITTYPE_HERZIENING = "Herziening maatregel"


def parse_type(value: str | None) -> BeschikkingType:
    """A beschikking type from a door; an unknown one is refused with the known list."""
    v = (value or "").strip().upper()
    try:
        return BeschikkingType(v)
    except ValueError:
        bekend = ", ".join(f"{t.value} ({t.label})" for t in BeschikkingType)
        raise OngeldigeInvoer(f"Onbekend beschikkingstype '{(value or '')[:20]}'; bekend: {bekend}.") from None


@dataclass(frozen=True)
class Uitkomst:
    """A maatregel: its type with the percentage and number of months (AFZIEN: 0 and 0)."""

    type: BeschikkingType
    percentage: int
    maanden: int

    @property
    def zwaarte(self) -> int:
        """Percent-months: how heavy it is, to tell that a matiging is milder."""
        return self.percentage * self.maanden

    @property
    def label(self) -> str:
        if self.type in (BeschikkingType.M100, BeschikkingType.MGEMATIGD):
            maand = "maand" if self.maanden == 1 else "maanden"
            return f"{self.type.label} ({self.percentage}% gedurende {self.maanden} {maand})"
        return self.type.label

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type.value, "percentage": self.percentage, "maanden": self.maanden}


AFZIEN = Uitkomst(BeschikkingType.AFZIEN, 0, 0)


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


# -- the rule table (maatregelenverordening as data) ------------------------------------------
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


# -- recidive and maatregel bepalen ------------------------------------------------------------
@dataclass(frozen=True)
class EerdereMaatregel:
    """An earlier imposed maatregel of the same person (not afzien, not undone in bezwaar)."""

    besluit_datum: date
    groep: str  # the recidive group: "arbeidsverplichting" or the gedraging code
    recidive_stap: int


def recidive_groep(g: Gedraging) -> str:
    return "arbeidsverplichting" if g.arbeidsverplichting else g.code


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
        lid = {1: "lid 5", 2: "lid 6", 3: "lid 7"}.get(stap, "lid 8")
        grond.append(f"Participatiewet art. 18 lid 4 en {lid}")
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


# -- the months of the reduction ---------------------------------------------------------------
def maand_code(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def eerste_van_volgende_maand(d: date) -> date:
    return (d.replace(day=1) + relativedelta(months=1))


def kortingsmaanden(uitkomst: Uitkomst, verzenddatum: date) -> list[dict[str, Any]]:
    """The reduction runs over whole calendar months, from the month after the beschikking is sent."""
    if uitkomst.type == BeschikkingType.AFZIEN:
        return []
    start = eerste_van_volgende_maand(verzenddatum)
    return [{"maand": maand_code(start + relativedelta(months=i)), "percentage": uitkomst.percentage}
            for i in range(uitkomst.maanden)]


def looptijd(maanden: Sequence[Mapping[str, Any]]) -> tuple[date, date] | None:
    """Ingangsdatum (first day of the first month) and vervaldatum (last day of the last month)."""
    if not maanden:
        return None
    eerste, laatste = maanden[0]["maand"], maanden[-1]["maand"]
    j, m = int(laatste[:4]), int(laatste[5:7])
    return date(int(eerste[:4]), int(eerste[5:7]), 1), date(j, m, calendar.monthrange(j, m)[1])


def inkeer_tweede_maand(uitkomst_type: str, percentage: int, maanden: int) -> bool:
    """Art. 18 lid 11 with the inkeerregeling: a 100% maatregel of two months or longer is lifted
    from the second month at the earliest; the first month stands."""
    return percentage == 100 and maanden >= 2 and uitkomst_type in (BeschikkingType.M100, BeschikkingType.MGEMATIGD)


def na_inkeer(maanden: Sequence[Mapping[str, Any]], *, verzoek_op: date, tweede_maand_regel: bool) -> list[dict[str, Any]]:
    """The months that stay reduced once a request for herziening is granted: those before the
    month after the request; with the inkeerregeling at least the first month stays."""
    vanaf = maand_code(eerste_van_volgende_maand(verzoek_op))
    blijft = [dict(m) for m in maanden if m["maand"] < vanaf]
    if tweede_maand_regel and maanden and not blijft:
        blijft = [dict(maanden[0])]
    return blijft


# -- terms ---------------------------------------------------------------------------------
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


def heroverweging_uiterlijk(besluit_datum: date, kalender: Kalender, maanden: int = HEROVERWEGING_MAANDEN) -> date:
    """Art. 18 lid 3: within a term the college sets, at most three months. A ceiling, so a day off
    moves it back to the werkdag before (not forward: that would pass the legal maximum)."""
    if not 1 <= maanden <= HEROVERWEGING_MAANDEN:
        raise OngeldigeInvoer("De heroverwegingstermijn is ten hoogste drie maanden (Pw art. 18 lid 3).")
    return kalender.vorige_werkdag(besluit_datum + relativedelta(months=maanden), inclusief=True)


def inkeer_beslissen_uiterlijk(verzoek_op: date, kalender: Kalender) -> date:
    """A request for herziening is an aanvraag: Awb 4:13 lid 2, eight weeks, with the Atw."""
    return bereken_termijn("beslistermijn", verzoek_op, kalender).einddatum


def controleer_verzenddatum(verzenddatum: date, beslisdatum: date, kalender: Kalender | None = None) -> None:
    if verzenddatum < beslisdatum:
        raise OngeldigeInvoer(f"De verzenddatum ({verzenddatum.isoformat()}) ligt vóór de beslisdatum "
                              f"({beslisdatum.isoformat()}).")
    if verzenddatum > beslisdatum + timedelta(days=14):
        raise OngeldigeInvoer("De verzenddatum ligt meer dan twee weken na de beslisdatum; neem het besluit als de "
                              "brief ook echt verstuurd wordt.")
    if kalender is not None and not kalender.is_werkdag(verzenddatum):
        raise OngeldigeInvoer(f"De verzenddatum ({verzenddatum.isoformat()}) is geen werkdag; op die dag gaat er geen "
                              f"post uit. Kies {kalender.volgende_werkdag(verzenddatum).isoformat()}.")


class Verwijtbaar(StrEnum):
    """Is de deelnemer het verzuim te verwijten?"""

    ja = "ja"
    nee = "nee"


class BezwaarUitkomst(StrEnum):
    """Beslissing op bezwaar."""

    ongegrond = "ongegrond"
    gegrond = "gegrond"
    niet_ontvankelijk = "niet-ontvankelijk"


class HeroverwegingUitkomst(StrEnum):
    """Uitkomst van de heroverweging (Pw art. 18 lid 3)."""

    handhaven = "handhaven"
    beeindigen = "beeindigen"


class InkeerUitkomst(StrEnum):
    """Beslissing op het verzoek om herziening (Pw art. 18 lid 11)."""

    toegewezen = "toegewezen"
    afgewezen = "afgewezen"
