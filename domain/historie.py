"""Historical events (`werkpad import gebeurtenissen FILE.csv`): parse and check a CSV of events
from before werkpad, and turn every row into the audit events a live step would have written.

Pure: no database. casestore/historie.py loads what the store already knows (the state of the
file's referenties, live trajecten, imported files) and writes the result in one transaction.

A file is all or nothing: any bad row refuses the whole file, with every bad line number (as a
text editor shows them: the header is line 1) and a short reason. Reasons never echo a
referentie, and mask every run of nine digits: a BSN in the wrong column stays out of the output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from domain.errors import UnknownGemeente
from domain.fasen import FASE_LABEL, Fase, Uitstroom
from domain.gemeenten import VOORMALIG, Gemeente, historische_gemeente
from domain.herinneringen import TZ, lokaal_naar_utc
from domain.invoer import NEGEN_CIJFERS, OngeldigeInvoer
from domain.rapport import (
    BESCHIKKING_WAARDEN,
    GEBEURTENIS,
    INTAKE_WAARDEN,
    LEEFTIJDSKLASSEN,
    SOORT_VAN,
    UITSTROOM_WAARDEN,
    VERLENGDE_INTAKE_VERVALLEN,
    Soort,
)

KOLOMMEN = ("referentie", "gemeente", "datum", "gebeurtenis", "waarde")
KOP = ",".join(KOLOMMEN)
VROEGST = date(2000, 1, 1)
REFERENTIE_MAX = 40  # AuditEvent.referentie
VELD_MAX = 60  # any other field: longer is never a known value
TOON_MAX = 50  # bad lines listed in a refusal; the rest is counted
ACTOR = "import"
MIDDAG = time(12, 0)  # imported events happen at noon, Amsterdam time: never on another calendar day

_REFERENTIE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
_NEGEN = re.compile(r"[0-9]{9}")
_DATUM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Control characters, C1 controls, line/paragraph separators and invisible format characters.
_STUUR = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                    "\u2060-\u2064\u2066-\u206f\ufeff]")
_STUURTEKENS = frozenset([*map(chr, range(0x20)), *map(chr, range(0x7f, 0xa0)), "\u2028", "\u2029"])

_LEEG = frozenset({Soort.parttime_werk, Soort.nbw_plaatsing, Soort.verlengde_intake_start,
                   Soort.verlengde_intake_einde})
_LEEG_OF = frozenset({Soort.aanmelding})  # an empty waarde, or one of its values (the age band at aanmelding)
# A garantiebaan uitstroom with the age band at placement (the garantiebaan table's rows).
_GARANTIEBAAN_LEEFTIJD = {"garantiebaan_18plus": "18+", "garantiebaan_16_17": "16/17"}
_TREDEN = tuple(str(n) for n in range(1, 7))
_GEMEENTEN = frozenset(g.value for g in Gemeente)
# Accepted spellings -> stored value (case-insensitive): the fase value, its label, its enum name.
_FASEN: dict[str, str] = {}
for _f in Fase:
    _label = FASE_LABEL[_f].lower()  # and as a name: ontwikkeling_door_werkervaring, ontwikkeling-door-werkervaring
    _FASEN.update({_f.value: _f.value, _label: _f.value, _f.name: _f.value,
                   _label.replace(" ", "_"): _f.value, _label.replace(" ", "-"): _f.value})
_BESCHIKKINGEN = {**{k.lower(): v for k, v in BESCHIKKING_WAARDEN.items()},
                  **{v.lower(): v for v in BESCHIKKING_WAARDEN.values()}}
_UITSTROMEN = {**UITSTROOM_WAARDEN, **{v: v for v in UITSTROOM_WAARDEN.values()}}
_INTAKE_DATA = {"positief": {"advies": "positief", "route": "traject"},
                "negatief": {"advies": "negatief", "route": "terug-naar-gemeente"},
                "verlengde_intake": {"advies": "positief", "route": "verlengde-intake"}}
_KEUZE = {
    Soort.intake_afgerond: ", ".join(INTAKE_WAARDEN),
    Soort.maatregel_beschikking: ", ".join(BESCHIKKING_WAARDEN),
    Soort.fase: ", ".join(f.value for f in Fase),
    Soort.uitstroom: ", ".join([*UITSTROOM_WAARDEN, *_GARANTIEBAAN_LEEFTIJD]),
    Soort.trede: ", ".join(_TREDEN),
    Soort.aanmelding: "leeg of de leeftijd bij aanmelding: " + ", ".join(LEEFTIJDSKLASSEN),
}
_LABEL = {f.value: FASE_LABEL[f] for f in Fase}
_UITSTROOM_LABEL = {u.value: u.label for u in Uitstroom} | {"passende-plek": "Passende plek"}


class ImportGeweigerd(OngeldigeInvoer):
    """The file is refused whole; `fouten` lists (line number, reason) of every bad line."""

    def __init__(self, samenvatting: str, fouten: list[tuple[int, str]] | None = None) -> None:
        super().__init__(samenvatting)
        self.samenvatting = samenvatting
        self.fouten = fouten or []

    def regels(self, toon: int = TOON_MAX) -> list[str]:
        """The bad lines as a refusal shows them: at most `toon`, then how many more."""
        uit = [f"regel {n}: {reden}" for n, reden in self.fouten[:toon]]
        if len(self.fouten) > toon:
            uit.append(f"en {len(self.fouten) - toon} meer")
        return uit


@dataclass(frozen=True, slots=True)
class Regel:
    """One good-looking row: fields checked on their own, values mapped onto the stored ones."""

    nummer: int  # line number in the file (header = 1)
    referentie: str
    gemeente: str
    datum: date
    soort: Soort
    waarde: str | None  # the stored value (BeschikkingType, Fase, Uitstroom value…)
    leeftijd: str | None = None  # a garantiebaan uitstroom's age band at placement (18+, 16/17)


@dataclass
class Gelezen:
    regels: list[Regel]
    fouten: dict[int, str]
    aantal: int  # data rows (blank lines not counted)

    @property
    def referenties(self) -> set[str]:
        return {r.referentie for r in self.regels}


@dataclass
class Stand:
    """What the store knows of a referentie: its gemeente, current fase, whether it ended, its
    last event's day, and the rows already imported (to refuse a duplicate)."""

    gemeente: str
    fase: str | None = None
    afgesloten: date | None = None
    deels: date | None = None
    laatste: date | None = None
    trede: str | None = None  # the participatieladder trede ("1"-"6")
    ada: bool = False  # a verlengde intake at AD&A runs
    rijen: set[tuple[str, date, str, str | None]] = field(default_factory=set)  # (gemeente, datum, soort, waarde)


def al_geimporteerd(op: datetime, import_id: int, bestandsnaam: str, regels: int) -> str:
    """The refusal of a file imported before: never a double count."""
    lokaal = (op if op.tzinfo else op.replace(tzinfo=UTC)).astimezone(TZ)
    aantal = f"{regels:,}".replace(",", ".")
    return (f"dit bestand is al geïmporteerd op {lokaal:%Y-%m-%d} om {lokaal:%H:%M} Nederlandse tijd (import "
            f"{import_id}, {bestandsnaam}, {aantal} {'regel' if regels == 1 else 'regels'}); er is niets gewijzigd.")


def toonbare_naam(naam: str) -> str:
    """A file name as messages and the store show it: one line, no BSN, at most 200 characters."""
    return _STUUR.sub("?", NEGEN_CIJFERS.sub("•••••••••", naam))[:200]


def vingerafdruk(inhoud: bytes) -> str:
    return hashlib.sha256(inhoud).hexdigest()


def decodeer(inhoud: bytes) -> str:
    """The file's text: UTF-8, with or without a byte order mark."""
    try:
        tekst = inhoud.decode("utf-8")
    except UnicodeDecodeError as exc:
        regel = inhoud[:exc.start].count(b"\n") + 1
        raise ImportGeweigerd(f"het bestand is geen UTF-8 (regel {regel}); sla het op als CSV UTF-8.") from None
    return tekst.removeprefix("\ufeff")


def _toon(waarde: str) -> str:
    """A value as a reason may show it: short, no BSN."""
    w = NEGEN_CIJFERS.sub("•••••••••", waarde)  # also written in groups: 999-93-7005; masked before cutting
    return w if len(w) <= 30 else w[:30] + "…"


def lees(tekst: str, *, vandaag: date, voortgang: Callable[[int], None] | None = None) -> Gelezen:
    """Parse the CSV and check each row on its own (format, values, dates). Rows are not yet
    checked against each other nor against the store: see `plan`."""
    tekst = tekst.removeprefix("\ufeff")
    if not tekst.strip():
        raise ImportGeweigerd("het bestand is leeg; verwacht een kopregel "
                              f"'{KOP}' en daaronder één gebeurtenis per regel.")
    reader = csv.reader(io.StringIO(tekst, newline=""), strict=True)
    try:
        kop = next(reader)
    except csv.Error:
        kop = []
    kop_schoon = [k.strip().lstrip("\ufeff").strip().lower() for k in kop]  # Referentie,Gemeente,... from a spreadsheet
    if tuple(kop_schoon) != KOLOMMEN:
        hint = " (het bestand lijkt puntkomma-gescheiden; gebruik komma's)" if ";" in tekst.split("\n", 1)[0] else ""
        raise ImportGeweigerd(f"regel 1 moet de kop '{KOP}' zijn{hint}; er is niets geïmporteerd.")
    regels: list[Regel] = []
    fouten: dict[int, str] = {}
    aantal = 0
    vorige = reader.line_num
    tijd_cache: dict[str, date | str] = {}
    while True:
        try:
            rij = next(reader)
        except StopIteration:
            break
        except csv.Error:
            nummer = vorige + 1
            grens = f"{csv.field_size_limit():,}".replace(",", ".")
            fouten[nummer] = ("geen geldige CSV-regel (een aanhalingsteken dat niet sluit, of een veld van meer dan "
                              f"{grens} tekens); de regels erna zijn niet gecontroleerd")
            aantal += 1
            break  # the reader cannot go on after a broken quote
        nummer, vorige = vorige + 1, reader.line_num
        if not rij or (len(rij) == 1 and not rij[0].strip()):
            continue  # a blank line
        aantal += 1
        if voortgang is not None and aantal % 10_000 == 0:
            voortgang(aantal)
        regel = _regel(nummer, rij, vandaag, tijd_cache)
        if isinstance(regel, str):
            fouten[nummer] = regel
        else:
            regels.append(regel)
    if voortgang is not None:
        voortgang(aantal)
    if aantal == 0:
        raise ImportGeweigerd("het bestand bevat alleen de kopregel; er is niets te importeren.")
    return Gelezen(regels, fouten, aantal)


def _regel(nummer: int, rij: list[str], vandaag: date, datums: dict[str, date | str]) -> Regel | str:
    """One row checked on its own: a Regel, or the reason it is bad."""
    if len(rij) != len(KOLOMMEN):
        return f"{len(rij)} velden, verwacht {len(KOLOMMEN)} ({KOP})"
    gevonden = _STUUR.search("".join(rij))
    if gevonden:
        return ("bevat stuurtekens (zoals een tab of regeleinde binnen een veld)" if gevonden.group() in _STUURTEKENS
                else f"bevat een onzichtbaar teken (U+{ord(gevonden.group()):04X}, zoals een zero-width space of "
                     "tekstrichtingsteken); typ het veld opnieuw")
    ref, gem, dat, geb, wrd = (v.strip() for v in rij)
    ref = ref.upper()  # one traject whatever the case: 'ijw-2026-000001' is werkpad's IJW-2026-000001, r1 is R1
    if not ref:
        return "referentie ontbreekt"
    if _NEGEN.search(ref):
        return "referentie bevat negen cijfers op rij (een BSN?); gebruik het trajectnummer, geen persoonsgegevens"
    if len(ref) > REFERENTIE_MAX:
        return f"referentie is te lang ({len(ref)} tekens); hoogstens {REFERENTIE_MAX}"
    if not _REFERENTIE.match(ref):
        return "referentie mag alleen letters, cijfers en - _ . / bevatten"
    for naam, v in (("gemeente", gem), ("gebeurtenis", geb), ("waarde", wrd)):
        if len(v) > VELD_MAX:
            return f"{naam} is te lang ({len(v)} tekens)"
    d = datums.get(dat)
    if d is None:
        d = datums[dat] = _datum(dat, vandaag)
    if isinstance(d, str):
        return d
    try:
        soort = Soort(geb.lower())
    except ValueError:
        return (f"onbekende gebeurtenis '{_toon(geb)}'; kies uit {', '.join(s.value for s in Soort)}"
                if geb else "gebeurtenis ontbreekt")
    g = gem.lower()
    if g not in _GEMEENTEN:
        try:
            g = historische_gemeente(g, d)
        except UnknownGemeente as exc:
            if g in VOORMALIG:
                return str(exc).rstrip(".")
            bekend = ", ".join([*sorted(_GEMEENTEN), *VOORMALIG])
            return f"onbekende gemeente '{_toon(gem)}'; kies uit {bekend}" if gem else "gemeente ontbreekt"
    if soort is Soort.uitstroom and wrd.lower() in _GARANTIEBAAN_LEEFTIJD:
        return Regel(nummer, ref, g, d, soort, "garantiebaan", _GARANTIEBAAN_LEEFTIJD[wrd.lower()])
    waarde = _waarde(soort, wrd)
    if waarde is not None and waarde.startswith("!"):
        return waarde[1:]
    return Regel(nummer, ref, g, d, soort, waarde)


def _datum(tekst: str, vandaag: date) -> date | str:
    if not tekst:
        return "datum ontbreekt"
    if not _DATUM.match(tekst):
        return f"datum '{_toon(tekst)}' is geen datum JJJJ-MM-DD"
    try:
        d = date.fromisoformat(tekst)
    except ValueError:
        return f"datum {tekst} bestaat niet"
    if d > vandaag:
        return f"datum {tekst} ligt in de toekomst"
    if d < VROEGST:
        return f"datum {tekst} ligt vóór {VROEGST.year}"
    return d


def _waarde(soort: Soort, tekst: str) -> str | None:
    """The stored value, None for an event without one, or '!' + the reason."""
    w = tekst.lower()
    if soort in _LEEG:
        return None if not w else f"!een {soort.value} heeft geen waarde (nu '{_toon(tekst)}')"
    if soort in _LEEG_OF and not w:
        return None
    if not w:
        return f"!waarde ontbreekt; kies uit {_KEUZE[soort]}"
    gevonden: str | None
    if soort is Soort.aanmelding:
        gevonden = w if w in LEEFTIJDSKLASSEN else None
    elif soort is Soort.trede:
        gevonden = w.removeprefix("trede").strip() if w.removeprefix("trede").strip() in _TREDEN else None
    elif soort is Soort.intake_afgerond:
        gevonden = w if w in INTAKE_WAARDEN else None
    elif soort is Soort.maatregel_beschikking:
        gevonden = _BESCHIKKINGEN.get(w)
    elif soort is Soort.fase:
        gevonden = _FASEN.get(w) or _FASEN.get(w.replace("_", "-"))
    else:
        gevonden = _UITSTROMEN.get(w)
    if gevonden is None:
        return f"!onbekende waarde '{_toon(tekst)}' voor {soort.value}; kies uit {_KEUZE[soort]}"
    return gevonden


# -- the store's state of a referentie -------------------------------------------------------------

def stand_uit(gebeurtenissen: Iterable[tuple[str, str | None, date, str | None, str | None]]) -> Stand | None:
    """Replay a referentie's stored events (gemeente, gebeurtenis, datum, waarde, fase), in order
    (datum, id), into its state. None when there are none."""
    stand: Stand | None = None
    for gemeente, gebeurtenis, datum, waarde, _fase in gebeurtenissen:
        if stand is None:
            stand = Stand(gemeente=gemeente)
        stand.laatste = datum if stand.laatste is None or datum > stand.laatste else stand.laatste
        soort = SOORT_VAN.get(gebeurtenis or "")
        if soort is None:
            continue
        if soort is Soort.fase:
            stand.fase = waarde
            if waarde is None:
                continue  # the fase left on uitstroom: part of the uitstroom row, not a row of its own
        elif soort is Soort.trede:
            stand.trede = waarde
            if waarde is None:
                continue  # the trede left on uitstroom
        elif soort is Soort.verlengde_intake_start:
            stand.ada = True
        elif soort is Soort.verlengde_intake_einde:
            stand.ada = False
        elif soort is Soort.uitstroom:
            stand.afgesloten = datum
        elif soort is Soort.parttime_werk:
            stand.deels = datum
        stand.rijen.add((gemeente, datum, soort.value, waarde))
    return stand


# -- rows against each other and the store -> events -----------------------------------------------

@dataclass(frozen=True, slots=True)
class Toestand:
    """A traject's state before a row: its fase, its trede, whether a verlengde intake runs."""

    fase: str | None = None
    trede: str | None = None
    ada: bool = False


@dataclass
class Plan:
    """The checked rows, each with the fase it found the traject in; iterating gives the events to
    write (AuditEvent columns, without `import_id`) in date order. Built lazily, chunk by chunk as
    they are written: a million event dicts at once would cost about a gigabyte."""

    stappen: list[tuple[Regel, Toestand, datetime]]  # (row, state before it, op), in (datum, line) order
    aantal: int  # events (an uitstroom from a fase is two)

    def __len__(self) -> int:
        return self.aantal

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for r, voor, op in self.stappen:
            yield from _gebeurtenissen(r, voor, op)


def plan(gelezen: Gelezen, *, bestaand: dict[str, Stand], live: set[str]) -> Plan:
    """Check the rows against each other and against the store: the Plan of events to write, or
    ImportGeweigerd with every bad line.

    Per referentie the rows are taken in date order (same date: file order)."""
    fouten = dict(gelezen.fouten)
    gezien: dict[tuple[str, str, date, Soort, str | None], int] = {}
    per_ref: dict[str, list[Regel]] = {}
    for r in gelezen.regels:
        sleutel = (r.referentie, r.gemeente, r.datum, r.soort, r.waarde)
        eerder = gezien.get(sleutel)
        if eerder is not None:
            fouten[r.nummer] = f"dubbele regel: dezelfde als regel {eerder}"
            continue
        gezien[sleutel] = r.nummer
        per_ref.setdefault(r.referentie, []).append(r)
    uit: list[tuple[Regel, Toestand, datetime]] = []
    aantal = 0
    tijden: dict[date, datetime] = {}
    for ref, rijen in per_ref.items():
        if ref in live:
            for r in rijen:
                fouten[r.nummer] = "deze referentie is een traject in werkpad zelf; importeer alleen geschiedenis"
            continue
        rijen.sort(key=lambda r: (r.datum, r.nummer))
        oud = bestaand.get(ref)
        gemeente = oud.gemeente if oud else rijen[0].gemeente
        eerste_regel = None if oud else rijen[0].nummer
        fase = oud.fase if oud else None
        afgesloten = oud.afgesloten if oud else None
        deels = oud.deels if oud else None
        trede = oud.trede if oud else None
        ada = oud.ada if oud else False
        for r in rijen:
            reden = None
            if r.gemeente != gemeente:
                reden = (f"gemeente {r.gemeente.capitalize()} wijkt af van "
                         + (f"regel {eerste_regel} ({gemeente.capitalize()})" if eerste_regel
                            else f"de eerder geïmporteerde gebeurtenissen ({gemeente.capitalize()})"))
            elif oud and (r.gemeente, r.datum, r.soort.value, r.waarde) in oud.rijen:
                reden = "dubbele regel: al geïmporteerd uit een eerder bestand"
            elif afgesloten is not None:
                reden = f"het traject is al beëindigd (uitstroom op {afgesloten.isoformat()})"
            elif oud and oud.laatste and r.datum < oud.laatste:
                reden = (f"datum ligt vóór de laatste eerder geïmporteerde gebeurtenis ({oud.laatste.isoformat()}); "
                         "vul de geschiedenis alleen aan")
            elif r.soort is Soort.fase and r.waarde == fase:
                reden = f"het traject staat al in fase '{_LABEL[r.waarde or '']}'"
            elif r.soort is Soort.parttime_werk and deels is not None:
                reden = f"het traject is al deels uitgestroomd (sinds {deels.isoformat()})"
            elif r.soort is Soort.trede and r.waarde == trede:
                reden = f"het traject staat al op trede {trede}"
            elif r.soort is Soort.verlengde_intake_start and ada:
                reden = "er loopt al een verlengde intake (AD&A); sluit die eerst met verlengde_intake_einde"
            elif r.soort is Soort.verlengde_intake_einde and not ada:
                reden = "er loopt geen verlengde intake (AD&A) om te beëindigen; eerst verlengde_intake_start"
            if reden is not None:
                fouten[r.nummer] = reden
                continue
            op = tijden.get(r.datum)
            if op is None:
                op = tijden[r.datum] = lokaal_naar_utc(datetime.combine(r.datum, MIDDAG))
            uit.append((r, Toestand(fase, trede, ada), op))
            aantal += (1 + (fase is not None) + (trede is not None) + ada) if r.soort is Soort.uitstroom else 1
            if r.soort is Soort.fase:
                fase = r.waarde
            elif r.soort is Soort.trede:
                trede = r.waarde
            elif r.soort in (Soort.verlengde_intake_start, Soort.verlengde_intake_einde):
                ada = r.soort is Soort.verlengde_intake_start
            elif r.soort is Soort.uitstroom:
                fase, trede, ada, afgesloten = None, None, False, r.datum
            elif r.soort is Soort.parttime_werk:
                deels = r.datum
        einde = VOORMALIG.get(gemeente)
        if einde is not None and fase is not None and afgesloten is None:
            # A former member's traject left in a fase would count in the fasen stock of every later period.
            laatste = next((r.nummer for r in reversed(rijen) if r.nummer not in fouten), rijen[-1].nummer)  # by date
            fouten.setdefault(laatste, (
                f"{gemeente.capitalize()} nam deel tot en met {einde.isoformat()}, maar dit traject staat daarna nog "
                f"in fase '{_LABEL[fase]}'; sluit het uiterlijk {einde.isoformat()} af met een uitstroom (bijvoorbeeld "
                "terugmelding_gemeente), anders telt het in elke latere periode mee"))
    if fouten:
        n = len(fouten)
        raise ImportGeweigerd(f"{n} {'regel is' if n == 1 else 'regels zijn'} fout; het hele bestand is geweigerd "
                              "en er is niets geïmporteerd.", sorted(fouten.items()))
    uit.sort(key=lambda x: (x[0].datum, x[0].nummer))
    return Plan(uit, aantal)


def _event(r: Regel, op: datetime, gebeurtenis: str, soort: str, omschrijving: str, data: dict[str, Any],
           waarde: str | None, fase: str | None) -> dict[str, Any]:
    return {"traject_id": None, "op": op, "actor": ACTOR, "soort": f"import:{soort}", "omschrijving": omschrijving,
            "data": data, "proces": gebeurtenis.split(".", 1)[0], "gemeente": r.gemeente, "gebeurtenis": gebeurtenis,
            "referentie": r.referentie, "datum": r.datum, "waarde": waarde, "fase": fase}


def _gebeurtenissen(r: Regel, voor: Toestand, op: datetime) -> list[dict[str, Any]]:
    """The events of one row, in exactly the shape the live steps write (domain.rapport.rapportvelden
    gives the same waarde and fase from their data)."""
    naam = GEBEURTENIS[r.soort]
    s = r.soort
    fase = voor.fase
    if s is Soort.trede:
        assert r.waarde is not None
        wat = (f"Geïmporteerd: trede gewijzigd van {voor.trede} naar {r.waarde}." if voor.trede
               else f"Geïmporteerd: op trede {r.waarde} geplaatst.")
        return [_event(r, op, naam, "trede", wat, {"van": voor.trede, "naar": r.waarde}, r.waarde, voor.trede)]
    if s is Soort.verlengde_intake_start:
        return [_event(r, op, naam, "verlengde_intake_start", "Geïmporteerd: verlengde intake bij AD&A gestart.", {},
                       None, None)]
    if s is Soort.verlengde_intake_einde:
        return [_event(r, op, naam, "verlengde_intake_einde", "Geïmporteerd: advies verlengde intake AD&A gegeven.",
                       {}, None, None)]
    if s is Soort.fase:
        assert r.waarde is not None
        wat = (f"Geïmporteerd: fase gewijzigd van '{_LABEL[fase]}' naar '{_LABEL[r.waarde]}'." if fase
               else f"Geïmporteerd: traject gestart in fase '{_LABEL[r.waarde]}'.")
        return [_event(r, op, naam, "fase", wat, {"van": fase, "naar": r.waarde, "trede": None}, r.waarde, fase)]
    if s is Soort.uitstroom:
        assert r.waarde is not None
        label = _UITSTROOM_LABEL.get(r.waarde, r.waarde)
        uit = f" vanuit fase '{_LABEL[fase]}'" if fase else ""
        es = []
        if voor.ada:  # as live: the running verlengde intake lapses when the traject closes
            es.append(_event(r, op, VERLENGDE_INTAKE_VERVALLEN, "verlengde_intake_vervallen",
                             "Geïmporteerd: verlengde intake vervallen (traject beëindigd).", {}, None, None))
        if voor.trede is not None:
            es.append(_event(r, op, GEBEURTENIS[Soort.trede], "trede", f"Geïmporteerd: van trede {voor.trede} af.",
                             {"van": voor.trede, "naar": None}, None, voor.trede))
        if fase is not None:
            es.append(_event(r, op, GEBEURTENIS[Soort.fase], "fase", f"Geïmporteerd: uit fase '{_LABEL[fase]}': {label}.",
                             {"van": fase, "naar": None, "trede": None}, None, fase))
        data: dict[str, Any] = {"uitkomst": r.waarde, "fase": fase}
        if r.leeftijd is not None:
            data["leeftijd"] = r.leeftijd
        es.append(_event(r, op, naam, "uitstroom", f"Geïmporteerd: uitgestroomd: {label}{uit}.", data, r.waarde, fase))
        return es
    if s is Soort.parttime_werk:
        uit = f" vanuit fase '{_LABEL[fase]}'" if fase else ""
        return [_event(r, op, naam, "parttime_werk", f"Geïmporteerd: deels uitgestroomd (parttime werk){uit}.",
                       {"fase": fase}, None, fase)]
    if s is Soort.intake_afgerond:
        assert r.waarde is not None
        return [_event(r, op, naam, "intake_afgerond", f"Geïmporteerd: brede intake afgerond ({r.waarde}).",
                       dict(_INTAKE_DATA[r.waarde]), r.waarde, None)]
    if s is Soort.maatregel_beschikking:
        return [_event(r, op, naam, "maatregel_beschikking", f"Geïmporteerd: beschikking maatregel ({r.waarde}).",
                       {"type": r.waarde}, r.waarde, None)]
    if s is Soort.aanmelding:
        return [_event(r, op, naam, "aanmelding", f"Geïmporteerd: aangemeld bij gemeente {r.gemeente.capitalize()}.",
                       {} if r.waarde is None else {"leeftijd": r.waarde}, r.waarde, None)]
    return [_event(r, op, naam, "nbw_plaatsing", "Geïmporteerd: beschutte werkplek (NBW) toegewezen.", {}, None, None)]
