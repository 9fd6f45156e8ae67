"""Dutch calendar for legal terms: the Algemene termijnenwet (Atw) and werkdagen.

Atw art. 3 lists the algemeen erkende feestdagen: Nieuwjaarsdag, Eerste en Tweede Paasdag,
Hemelvaartsdag, Eerste en Tweede Pinksterdag, Koningsdag, Bevrijdingsdag (5 mei, every year)
and Eerste en Tweede Kerstdag; lid 2 adds Goede Vrijdag. Koningsdag's date rules (and the
earlier Koninginnedag) come from the `holidays` package; the rest is fixed or Easter-based.
Days declared equal to a feestdag by Koninklijk Besluit (Atw art. 3 lid 3) are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.easter import easter


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


class Kalender:
    """Atw calendar plus extra days gelijkgesteld by KB (config, per year)."""

    def __init__(self, extra_feestdagen: Iterable[date] = ()) -> None:
        self.extra = frozenset(extra_feestdagen)

    def is_feestdag(self, d: date) -> bool:
        return d in atw_feestdagen(d.year) or d in self.extra

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


DEFAULT_KALENDER = Kalender()
