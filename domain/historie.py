"""Historical events (`werkpad import gebeurtenissen FILE.csv`): parse and check a CSV of events
from before werkpad, and turn every row into the audit events a live step would have written.

Pure: no database. Replaying the store's state and planning the events is domain/historie_plan.py;
casestore/historie.py loads what the store already knows (the state of the
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
from itertools import chain

from domain.errors import UnknownGemeente
from domain.fasen import FASE_LABEL, Fase, Uitstroom
from domain.gemeenten import VOORMALIG, Gemeente, historische_gemeente
from domain.herinneringen import TZ
from domain.invoer import NEGEN_CIJFERS, OngeldigeInvoer
from domain.rapport import (
    BESCHIKKING_WAARDEN,
    INTAKE_WAARDEN,
    LEEFTIJDSKLASSEN,
    UITSTROOM_WAARDEN,
    Soort,
)

KOLOMMEN = ("referentie", "gemeente", "datum", "gebeurtenis", "waarde")
KOP = ",".join(KOLOMMEN)
VROEGST = date(2000, 1, 1)
REFERENTIE_MAX = 40  # AuditEvent.referentie
VELD_MAX = 60  # any other field: longer is never a known value
TOON_MAX = 50  # bad lines listed in a refusal; the rest is counted
# One import at most this size: a million rows is ~55 MB, so ten times that is history, anything bigger a mistake
# (a device like /dev/zero, a wrong file) that would otherwise be read into memory until the machine gives out.
MAX_BESTAND_MB = 512
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


def utf8_fout_regel(lijnen: Iterable[bytes]) -> int | None:
    """The first line (1-based) that is not UTF-8, reading the file's lines as bytes (a UTF-8 character never
    contains a newline byte), or None."""
    for n, lijn in enumerate(lijnen, start=1):
        try:
            lijn.decode("utf-8")
        except UnicodeDecodeError:
            return n
    return None


def geen_utf8(regel: int | None) -> ImportGeweigerd:
    return ImportGeweigerd(f"het bestand is geen UTF-8 (regel {regel or '?'}); sla het op als CSV UTF-8.")


def _toon(waarde: str) -> str:
    """A value as a reason may show it: short, no BSN."""
    w = NEGEN_CIJFERS.sub("•••••••••", waarde)  # also written in groups: 999-93-7005; masked before cutting
    return w if len(w) <= 30 else w[:30] + "…"


def lees(tekst: str, *, vandaag: date, voortgang: Callable[[int], None] | None = None) -> Gelezen:
    """Parse the CSV and check each row on its own (format, values, dates). Rows are not yet
    checked against each other nor against the store: see `plan`. The whole file in memory: the
    command streams it instead (`rijen`, casestore/historie.py)."""
    tekst = tekst.removeprefix("\ufeff")
    if not tekst.strip():
        raise ImportGeweigerd("het bestand is leeg; verwacht een kopregel "
                              f"'{KOP}' en daaronder één gebeurtenis per regel.")
    regels: list[Regel] = []
    fouten: dict[int, str] = {}
    aantal = 0
    for nummer, regel in rijen(io.StringIO(tekst, newline=""), vandaag=vandaag):
        aantal += 1
        if voortgang is not None and aantal % 10_000 == 0:
            voortgang(aantal)
        if isinstance(regel, str):
            fouten[nummer] = regel
        else:
            regels.append(regel)
    if voortgang is not None:
        voortgang(aantal)
    if aantal == 0:
        raise ImportGeweigerd(ALLEEN_KOP)
    return Gelezen(regels, fouten, aantal)


ALLEEN_KOP = "het bestand bevat alleen de kopregel; er is niets te importeren."


def rijen(lijnen: Iterable[str], *, vandaag: date) -> Iterator[tuple[int, Regel | str]]:
    """The file's data rows one by one, as (line number, Regel or the reason it is bad), blank lines skipped:
    `lijnen` are the file's lines with their line endings (a text file opened with newline=""), so memory
    follows the row, not the file. The header is checked first (ImportGeweigerd); a broken quote ends the
    rows with its reason (the reader cannot go on)."""
    it = iter(lijnen)
    eerste = next(it, "").removeprefix("\ufeff")
    reader = csv.reader(chain([eerste], it), strict=True)
    try:
        kop = next(reader)
    except (csv.Error, StopIteration):
        kop = []
    kop_schoon = [k.strip().lstrip("\ufeff").strip().lower() for k in kop]  # Referentie,Gemeente,... from a spreadsheet
    if tuple(kop_schoon) != KOLOMMEN:
        hint = " (het bestand lijkt puntkomma-gescheiden; gebruik komma's)" if ";" in eerste else ""
        raise ImportGeweigerd(f"regel 1 moet de kop '{KOP}' zijn{hint}; er is niets geïmporteerd.")
    vorige = reader.line_num
    tijd_cache: dict[str, date | str] = {}
    while True:
        try:
            rij = next(reader)
        except StopIteration:
            return
        except csv.Error:
            grens = f"{csv.field_size_limit():,}".replace(",", ".")
            yield vorige + 1, ("geen geldige CSV-regel (een aanhalingsteken dat niet sluit, of een veld van meer dan "
                               f"{grens} tekens); de regels erna zijn niet gecontroleerd")
            return  # the reader cannot go on after a broken quote
        nummer, vorige = vorige + 1, reader.line_num
        if not rij or (len(rij) == 1 and not rij[0].strip()):
            continue  # a blank line
        yield nummer, _regel(nummer, rij, vandaag, tijd_cache)


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
