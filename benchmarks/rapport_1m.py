"""Report benchmark: 1,000,000 imported historical events, then every report table over a
quarter, a half-year and a year.

    .venv/bin/python -m benchmarks.rapport_1m [--rijen 1000000] [--rondes 3] [--db URL] [--csv PAD]

Generates a deterministic CSV (seeded; 2020–2025; Beverwijk, Heemskerk, Velsen, and Uitgeest up
to 2021; trajecten through aanmelding, intake, fasen, beschikkingen, parttime werk, NBW and
uitstroom), imports it with the code of `werkpad import gebeurtenissen` into a fresh store (SQLite
in a temp dir unless --db), timing each phase, then times `casestore.kwartaal.maak_tabel` for every
table in `casestore.kwartaal.TABELLEN`. A measurement, not a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from casestore import historie as store
from casestore import kwartaal
from casestore.db import make_engine, session, upgrade
from domain.fasen import Fase
from domain.historie import decodeer, lees, vingerafdruk
from domain.historie_plan import plan
from domain.rapport import Periode

BEGIN, EIND = date(2020, 1, 1), date(2025, 12, 31)
UITGEEST_TOT = date(2021, 12, 31)
VANDAAG = date(2026, 1, 15)
PERIODES = ("2024Q2", "2024H1", "2024")
AFSPRAKEN = {jaar: {"werkaanvaarding": 300, "parttime_werk": 75} for jaar in range(2020, 2026)}
FASEN = [f.value for f in Fase]
UITSTROOM = (["werkaanvaarding"] * 40 + ["voortijdig_afgebroken"] * 25 + ["passende_plek"] * 8
             + ["maximale_participatie"] * 7 + ["terugmelding_gemeente"] * 10 + ["garantiebaan"] * 5 + ["nbw"] * 5)
BESCHIKKING = ["afzien", "100%", "1m10%", "1m20%", "2m10%", "2m20%", "gematigd"]


def traject(rng: random.Random, nummer: int) -> list[str]:
    """The rows of one traject, in date order. An Uitgeest traject still in a fase when the membership
    ended is handed back to the gemeente on its last day (the import refuses it left open)."""
    rijen = _traject(rng, nummer)
    laatste = rijen[-1].split(",")
    if (laatste[1] == "uitgeest" and laatste[3] != "uitstroom"
            and any(",fase," in r for r in rijen)):
        rijen.append(f"{laatste[0]},uitgeest,{UITGEEST_TOT.isoformat()},uitstroom,terugmelding_gemeente")
    return rijen


def _traject(rng: random.Random, nummer: int) -> list[str]:
    start = BEGIN + timedelta(days=rng.randrange((EIND - BEGIN).days - 60))
    gemeente = rng.choices(["velsen", "beverwijk", "heemskerk", "uitgeest"], [40, 25, 25, 10])[0]
    if gemeente == "uitgeest" and start > date(2021, 9, 30):
        gemeente = "velsen"
    tot = UITGEEST_TOT if gemeente == "uitgeest" else EIND
    ref = f"HIST-{nummer:07d}"
    d = start
    rijen: list[str] = []

    def rij(soort: str, waarde: str = "") -> bool:
        if d > tot:
            return False
        rijen.append(f"{ref},{gemeente},{d.isoformat()},{soort},{waarde}")
        return True

    def later(lo: int, hi: int) -> None:
        nonlocal d
        d += timedelta(days=rng.randint(lo, hi))

    rij("aanmelding")
    later(7, 30)
    intake = rng.choices(["positief", "negatief", "verlengde_intake"], [70, 15, 15])[0]
    if not rij("intake_afgerond", intake) or intake == "negatief":
        return rijen
    later(3, 30)
    fase = "kennismaking"
    if not rij("fase", fase):
        return rijen
    deels = False
    for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 5, 6])):
        later(14, 120)
        r = rng.random()
        if r < 0.10 and rij("maatregel_beschikking", rng.choice(BESCHIKKING)):
            continue
        if r < 0.20 and not deels:
            deels = rij("parttime_werk")
            continue
        if r < 0.24:
            rij("nbw_plaatsing")
            continue
        nieuw = rng.choice([f for f in FASEN if f != fase])
        if not rij("fase", nieuw):
            return rijen
        fase = nieuw
    if rng.random() < 0.75:
        later(14, 90)
        rij("uitstroom", rng.choice(UITSTROOM))
    return rijen


def genereer(n: int, seed: int = 20261124) -> Iterator[str]:
    rng = random.Random(seed)
    klaar, nummer = 0, 0
    while klaar < n:
        nummer += 1
        for r in traject(rng, nummer)[:n - klaar]:
            yield r
            klaar += 1


def schrijf_csv(pad: Path, n: int) -> None:
    with pad.open("w", encoding="utf-8", newline="\n") as f:
        f.write("referentie,gemeente,datum,gebeurtenis,waarde\n")
        for r in genereer(n):
            f.write(r + "\n")


def importeer(engine: Any, pad: Path) -> dict[str, float]:
    t: dict[str, float] = {}
    gc.disable()  # as the CLI does
    t0 = time.perf_counter()
    inhoud = pad.read_bytes()
    sha = vingerafdruk(inhoud)
    gelezen = lees(decodeer(inhoud), vandaag=VANDAAG)
    t["lezen en controleren"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    with session(engine) as s:
        live = store.live_referenties(s, referenties=gelezen.referenties)
        bestaand = store.standen(s, referenties=gelezen.referenties)
    t["stand laden"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    events = plan(gelezen, bestaand=bestaand, live=live)
    t["plannen"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    store.schrijf_import(engine, sha256=sha, bestandsnaam=pad.name, regels=gelezen.aantal, door="benchmark",
                         nu=datetime.now(UTC), gebeurtenissen=events)
    t["schrijven"] = time.perf_counter() - t3
    t["totaal"] = time.perf_counter() - t0
    gc.enable()
    print(f"import: {gelezen.aantal:,} rijen -> {len(events):,} events, "
          f"{len(gelezen.referenties):,} trajecten; " + ", ".join(f"{k} {v:.1f} s" for k, v in t.items()))
    return t


# The query shapes the seven tables need on the report columns (whatever casestore/kwartaal.py
# makes of them): stock per fase at a date (every fase event before it), flows in the period, counts
# per event, gemeente, waarde and fase in the period, NBW placements before the period.
PROBES = {
    "probe: fase-voorraad op begin": [
        "SELECT waarde, count(*) FROM auditevent WHERE gebeurtenis = 'traject.fase' AND datum < :van "
        "AND waarde IS NOT NULL GROUP BY waarde",
        "SELECT fase, count(*) FROM auditevent WHERE gebeurtenis = 'traject.fase' AND datum < :van "
        "AND fase IS NOT NULL GROUP BY fase"],
    "probe: fase bij/af in periode": [
        "SELECT waarde, fase, count(*) FROM auditevent WHERE gebeurtenis = 'traject.fase' AND datum >= :van "
        "AND datum < :tot GROUP BY waarde, fase"],
    "probe: per gemeente/waarde": [
        "SELECT gebeurtenis, gemeente, waarde, fase, count(*) FROM auditevent WHERE gebeurtenis IN "
        "('traject.aangemeld', 'brede_intake.afgerond', 'maatregelonderzoek.beschikt', 'traject.uitstroom', "
        "'traject.deels_uitgestroomd', 'indicatie.geplaatst') AND datum >= :van AND datum < :tot "
        "GROUP BY gebeurtenis, gemeente, waarde, fase"],
    "probe: nbw tot periode": [
        "SELECT gemeente, count(*) FROM auditevent WHERE gebeurtenis = 'indicatie.geplaatst' AND datum < :van "
        "GROUP BY gemeente"],
}


def probe(s: Any, sqls: list[str], p: Periode) -> None:
    for sql in sqls:
        s.execute(text(sql), {"van": p.van, "tot": p.tot}).all()


def maak(s: Any, naam: str, p: Periode) -> Any:
    """maak_tabel(s, naam, periode, afspraken) (the seven tables), or the first slice's (s, naam, periode)."""
    maak_tabel: Any = kwartaal.maak_tabel  # either signature type-checks, whichever branch is merged first
    if len(inspect.signature(maak_tabel).parameters) >= 4:
        return maak_tabel(s, naam, p, AFSPRAKEN)
    return maak_tabel(s, naam, p)


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--rijen", type=int, default=1_000_000)
    a.add_argument("--rondes", type=int, default=3)
    a.add_argument("--db", default="")
    a.add_argument("--csv", default="", help="the generated file (default: in the temp dir)")
    args = a.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="werkpad-rapport-1m-"))
    pad = Path(args.csv) if args.csv else tmp / "gebeurtenissen.csv"
    t0 = time.perf_counter()
    schrijf_csv(pad, args.rijen)
    print(f"generated {args.rijen:,} rows in {time.perf_counter() - t0:.1f} s ({pad.stat().st_size / 1e6:.0f} MB)")
    engine = make_engine(args.db or f"sqlite:///{tmp / 'bench.db'}")
    upgrade(engine)
    importeer(engine, pad)
    print(f"\n{'tabel':<32}" + "".join(f"{p:>10}" for p in PERIODES) + "   (seconds, median of "
          f"{args.rondes})")
    for naam in [*kwartaal.TABELLEN, *PROBES]:
        cellen = []
        for periode in PERIODES:
            p = Periode.parse(periode)
            tijden = []
            for _ in range(args.rondes):
                with session(engine) as s:
                    t = time.perf_counter()
                    if naam in PROBES:
                        probe(s, PROBES[naam], p)
                    else:
                        maak(s, naam, p)
                    tijden.append(time.perf_counter() - t)
            cellen.append(statistics.median(tijden))
        print(f"{naam:<32}" + "".join(f"{c:>10.3f}" for c in cellen), flush=True)
    engine.dispose()
    shutil.rmtree(tmp, ignore_errors=True)  # the store (~440 MB) and, unless --csv, the file


if __name__ == "__main__":
    main()
