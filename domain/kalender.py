"""Dutch calendar for legal terms: the Algemene termijnenwet (Atw) and werkdagen.

Atw art. 3 lists the algemeen erkende feestdagen: Nieuwjaarsdag, Eerste en Tweede Paasdag,
Hemelvaartsdag, Eerste en Tweede Pinksterdag, Koningsdag, Bevrijdingsdag (5 mei, every year)
and Eerste en Tweede Kerstdag; lid 2 adds Goede Vrijdag. Koningsdag's date rules (and the
earlier Koninginnedag) come from the `holidays` package; the rest is fixed or Easter-based.

Atw art. 3 lid 3: a Koninklijk Besluit can make other days equal to a feestdag (bridge days,
one decree every few years). They count exactly like feestdagen, for terms and for reminders.
The decrees known when this was written are `KB_BESLUITEN`; operators add the next decree
as data (see `werkpad/feestdagen.toml`), which the composition root passes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from dateutil.easter import easter

from domain.errors import DomainError


@lru_cache(maxsize=256)
def atw_feestdagen(year: int) -> frozenset[date]:
    e = easter(year)
    days = {
        date(year, 1, 1),
        e - timedelta(days=2),  # Goede Vrijdag (art. 3 lid 2)
        e,
        e + timedelta(days=1),
        e + timedelta(days=39),  # Hemelvaartsdag
        e + timedelta(days=49),
        e + timedelta(days=50),
        date(year, 5, 5),  # Bevrijdingsdag counts every year for the Atw
        date(year, 12, 25),
        date(year, 12, 26),
    }
    nl = holidays.country_holidays("NL", years=year, language="nl")
    days.update(d for d, name in nl.items() if "Koning" in name)
    return frozenset(days)


class KalenderFout(DomainError):
    """Malformed calendar data (e.g. the feestdagen file)."""


@dataclass(frozen=True)
class KbBesluit:
    """A Koninklijk Besluit that makes days equal to an algemeen erkende feestdag (Atw art. 3 lid 3).

    The title is the grondslag shown to people when such a day moves a term.
    """

    titel: str
    dagen: tuple[date, ...]
    bron: str = ""  # e.g. the Staatsblad/Staatscourant reference; informative only

    def __post_init__(self) -> None:
        if not self.titel.strip():
            raise KalenderFout("Een KB-besluit heeft een titel nodig (die is de grondslag).")
        if not self.dagen:
            raise KalenderFout(f"'{self.titel}' noemt geen dagen.")


# Known decrees (Atw art. 3 lid 3). Not every bridge day is one: Mon 4 May 2026 and Mon
# 26 April 2027 are not, which is why these are data and never derived from a rule.
KB_BESLUITEN: tuple[KbBesluit, ...] = (
    KbBesluit(
        "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en "
        "30 mei 2025 met een algemeen erkende feestdag",
        (date(2023, 4, 28), date(2023, 5, 19), date(2024, 5, 10), date(2024, 12, 27), date(2025, 5, 30)),
    ),
    KbBesluit(
        "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en "
        "26 mei 2028 met een algemeen erkende feestdag",
        (date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28), date(2028, 5, 26)),
    ),
)


@dataclass(frozen=True)
class Kalender:
    """Atw calendar plus the days gelijkgesteld by KB. Immutable and hashable (cache key)."""

    kb_besluiten: tuple[KbBesluit, ...] = KB_BESLUITEN
    _kb_dag: Mapping[date, KbBesluit] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[date, KbBesluit] = {}
        for b in self.kb_besluiten:
            for d in b.dagen:
                index.setdefault(d, b)
        object.__setattr__(self, "_kb_dag", index)

    def met(self, besluiten: Iterable[KbBesluit]) -> Kalender:
        """This calendar plus more decrees; a decree already present (same title) is not doubled."""
        eigen = {b.titel: b for b in self.kb_besluiten}
        extra = []
        for b in besluiten:
            bekend = eigen.get(b.titel)
            if bekend is None:
                eigen[b.titel] = b
                extra.append(b)
            elif set(bekend.dagen) != set(b.dagen):
                raise KalenderFout(
                    f"'{b.titel}' is al bekend met de dagen {_lijst(bekend.dagen)}; "
                    f"de opgegeven dagen {_lijst(b.dagen)} wijken daarvan af."
                )
        return Kalender(self.kb_besluiten + tuple(extra))

    def kb_besluit(self, d: date) -> KbBesluit | None:
        """The decree that made `d` equal to a feestdag, if any."""
        return self._kb_dag.get(d)

    def is_feestdag(self, d: date) -> bool:
        return d in atw_feestdagen(d.year) or d in self._kb_dag

    def is_werkdag(self, d: date) -> bool:
        return d.isoweekday() < 6 and not self.is_feestdag(d)

    def volgende_werkdag(self, d: date, inclusief: bool = False) -> date:
        d = d if inclusief else d + timedelta(days=1)
        while not self.is_werkdag(d):
            d += timedelta(days=1)
        return d

    def vorige_werkdag(self, d: date, inclusief: bool = False) -> date:
        d = d if inclusief else d - timedelta(days=1)
        while not self.is_werkdag(d):
            d -= timedelta(days=1)
        return d

    def werkdagen_erbij(self, d: date, n: int) -> date:
        """n werkdagen after (n > 0) or before (n < 0) d; n == 0 gives d itself."""
        step = 1 if n >= 0 else -1
        for _ in range(abs(n)):
            d = self.volgende_werkdag(d) if step > 0 else self.vorige_werkdag(d)
        return d

    def werkdagen_tussen(self, start: date, eind: date) -> int:
        """Werkdagen in [start, eind], both inclusive."""
        n, d = 0, start
        while d <= eind:
            n += self.is_werkdag(d)
            d += timedelta(days=1)
        return n


def _lijst(dagen: Iterable[date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(dagen))


def kb_besluiten_uit(data: Mapping[str, Any], bron: str = "feestdagenbestand") -> tuple[KbBesluit, ...]:
    """Parse KB decrees from already-read data (a TOML document): `[[besluit]]` tables with
    `titel` and `dagen` (TOML dates or JJJJ-MM-DD strings), optional `bron`.

    Pure: the caller reads the file. Every problem is one Dutch sentence naming `bron`.
    """
    onbekend = set(data) - {"besluit"}
    if onbekend:
        raise KalenderFout(f"{bron}: onbekende sleutel(s) {', '.join(sorted(onbekend))}; "
                           "verwacht alleen [[besluit]]-blokken.")
    rijen = data.get("besluit", [])
    if not isinstance(rijen, list):
        raise KalenderFout(f"{bron}: 'besluit' moet een lijst van [[besluit]]-blokken zijn.")
    out: list[KbBesluit] = []
    gezien: dict[date, str] = {}
    for i, rij in enumerate(rijen, 1):
        waar = f"{bron}, besluit {i}"
        if not isinstance(rij, dict):
            raise KalenderFout(f"{waar}: verwacht een blok met 'titel' en 'dagen'.")
        extra = set(rij) - {"titel", "dagen", "bron"}
        if extra:
            raise KalenderFout(f"{waar}: onbekende sleutel(s) {', '.join(sorted(extra))}.")
        titel = rij.get("titel")
        if not isinstance(titel, str) or not titel.strip():
            raise KalenderFout(f"{waar}: 'titel' ontbreekt; neem de titel van het besluit over (de grondslag).")
        ruwe_dagen = rij.get("dagen")
        if not isinstance(ruwe_dagen, list) or not ruwe_dagen:
            raise KalenderFout(f"{waar} ('{titel}'): 'dagen' moet een niet-lege lijst van datums zijn.")
        dagen: list[date] = []
        for r in ruwe_dagen:
            d = _als_datum(r)
            if d is None:
                raise KalenderFout(f"{waar} ('{titel}'): '{r}' is geen datum; gebruik JJJJ-MM-DD.")
            if d.isoweekday() > 5:
                raise KalenderFout(f"{waar} ('{titel}'): {d.isoformat()} valt in het weekend; "
                                   "een gelijkgestelde dag is altijd een doordeweekse dag.")
            if d in gezien and gezien[d] != titel:
                raise KalenderFout(f"{waar}: {d.isoformat()} staat ook al in '{gezien[d]}'.")
            gezien[d] = titel
            dagen.append(d)
        bron_tekst = rij.get("bron", "")
        if not isinstance(bron_tekst, str):
            raise KalenderFout(f"{waar} ('{titel}'): 'bron' moet tekst zijn.")
        out.append(KbBesluit(titel.strip(), tuple(sorted(set(dagen))), bron_tekst))
    return tuple(out)


def _als_datum(v: object) -> date | None:
    if isinstance(v, date) and not hasattr(v, "hour"):  # TOML local date; a datetime is not a day
        return v
    if isinstance(v, str):
        try:
            return date.fromisoformat(v)
        except ValueError:
            return None
    return None


DEFAULT_KALENDER = Kalender()
