"""Sweep benchmark: 10k / 100k / 1M open deadlines, 1,000 of them due; time one sweep, SQLite and PostgreSQL.

    .venv/bin/python -m benchmarks.sweep [--deadlines 10000,100000,1000000] [--due 1000] [--rounds 5]
                                         [--stores sqlite,postgresql] [--pg ADMIN_URL] [--db URL]

Measures `casestore.sweep.verwerk_herinneringen` plus its commit: the indexed scan, the claim,
the policy decision per deadline, 1,000 outbox rows, 1,000 audit events and 1,000 re-armed
deadlines. Beside each sweep it times a bare indexed select-and-update of as many other rows
and prints the ratio. Each size gets a fresh store: a SQLite file in a temp folder, a
PostgreSQL database made on the `--pg` server and dropped afterwards. If the cost follows what
is due, the sweep's time stays flat from 10k to 1M open deadlines.
A measurement, not a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, insert, select, text, update

from casestore.db import make_engine, session, upgrade
from casestore.models import AuditEvent, Deadline, Deelnemer, Outbox, Traject
from casestore.sweep import verwerk_herinneringen
from domain.herinneringen import lokaal_naar_utc
from domain.kalender import Kalender

NU = lokaal_naar_utc(datetime(2026, 12, 1, 8, 0))
VER = lokaal_naar_utc(datetime(2027, 6, 1, 7, 0))
KALENDER = Kalender()


def fill(engine, n_deadlines: int, per_traject: int = 100) -> None:  # type: ignore[no-untyped-def]
    n_traject = max(1, n_deadlines // per_traject)
    t0 = time.perf_counter()
    with engine.begin() as c:
        c.execute(insert(Deelnemer.__table__), [  # type: ignore[attr-defined]
            {"id": i, "bsn": f"{i:09d}", "naam": "bench", "geboortedatum": date(1990, 1, 1), "aangemaakt_op": NU}
            for i in range(1, n_traject + 1)])
        c.execute(insert(Traject.__table__), [  # type: ignore[attr-defined]
            {"id": i, "referentie": f"IJW-2026-{i:06d}", "deelnemer_id": i, "open_bsn": f"{i:09d}",
             "gemeente": ("velsen", "beverwijk", "heemskerk")[i % 3], "status": "traject", "versie": 0,
             "werkcoach_email": f"wc{i % 50}@ijw.example", "aangemeld_op": date(2026, 1, 1),
             "aangemaakt_op": NU, "gewijzigd_op": NU} for i in range(1, n_traject + 1)])
        chunk = 50_000
        for start in range(0, n_deadlines, chunk):
            rows = []
            for j in range(start, min(start + chunk, n_deadlines)):
                rows.append({"traject_id": j % n_traject + 1, "soort": "taak", "omschrijving": "Benchmarktaak",
                             "due": date(2027, 6, 8), "grondslag": "bench", "beleid": "standaard",
                             "eigenaar_email": "wc@ijw.example", "escalatie_email": "tl@ijw.example",
                             "status": "open", "stap_index": 0,
                             "next_reminder_at": VER + timedelta(minutes=j % 100_000), "aangemaakt_op": NU})
            c.execute(insert(Deadline.__table__), rows)  # type: ignore[attr-defined]
    with engine.connect() as c:  # the planner's statistics, as autovacuum (PostgreSQL) keeps them in production
        c.execute(text("ANALYZE"))
        c.commit()
    print(f"filled {n_deadlines:,} deadlines over {n_traject:,} trajecten in {time.perf_counter() - t0:.1f} s")


def make_due(engine, first_id: int, n: int) -> None:  # type: ignore[no-untyped-def]
    d = Deadline.__table__  # type: ignore[attr-defined]
    with engine.begin() as c:
        c.execute(update(d).where(d.c.id >= first_id, d.c.id < first_id + n)
                  .values(due=date(2026, 12, 1), stap_index=0, next_reminder_at=NU - timedelta(minutes=30)))


def measure(engine, due: int, rounds: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """`rounds` sweeps of `due` due deadlines, each beside a bare indexed select+update of as many others."""
    times: list[float] = []
    bare: list[float] = []
    d = Deadline.__table__  # type: ignore[attr-defined]
    with engine.connect() as c:
        n = c.execute(select(func.count()).select_from(d)).scalar_one()
    assert n >= 2 * due, f"{n:,} deadlines are too few for 2 x {due:,} per round"
    for r in range(rounds):
        first = 1 + (r * 2 * due) % (n - 2 * due + 1)  # two blocks per round; make_due resets a reused one
        make_due(engine, first, due)
        t0 = time.perf_counter()
        with session(engine) as s:
            res = verwerk_herinneringen(s, nu=NU, kalender=KALENDER)
            s.commit()
        times.append(time.perf_counter() - t0)
        assert res.herinneringen == due, res
        with engine.begin() as c:  # each reminder queued once; then the next round starts from an empty outbox
            assert c.execute(select(func.count()).select_from(Outbox.__table__)).scalar_one() == due  # type: ignore[attr-defined]
            c.execute(delete(Outbox.__table__))  # type: ignore[attr-defined]
            c.execute(delete(AuditEvent.__table__))  # type: ignore[attr-defined]
        # the bare baseline on the next block: indexed select + update, nothing else
        make_due(engine, first + due, due)
        t0 = time.perf_counter()
        with engine.begin() as c:
            ids = [row[0] for row in c.execute(select(d.c.id).where(d.c.next_reminder_at <= NU))]
            c.execute(update(d).where(d.c.id.in_(ids)).values(next_reminder_at=None))
        bare.append(time.perf_counter() - t0)
    return times, bare


def _store(kind: str, pg_admin: str, n: int):  # type: ignore[no-untyped-def]
    """A fresh, migrated store: a SQLite file in a temp folder, or a PostgreSQL database made for this run."""
    if kind == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}", None
    import psycopg

    name = f"werkpad_bench_{n}_{os.getpid()}"
    with psycopg.connect(pg_admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return pg_admin.rsplit("/", 1)[0] + "/" + name, name


def _drop(pg_admin: str, name: str | None) -> None:
    if name is None:
        return
    import psycopg

    with psycopg.connect(pg_admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--deadlines", default="10000,100000,1000000", help="open deadlines, comma-separated sizes")
    p.add_argument("--due", type=int, default=1_000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--stores", default="sqlite,postgresql")
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres",
                   help="PostgreSQL server (an admin database): a database per size is made there and dropped")
    p.add_argument("--db", default="", help="one given store URL instead (filled as it is; not dropped)")
    a = p.parse_args()
    rows = []
    for kind in ([a.db] if a.db else a.stores.split(",")):
        for n in (int(x) for x in a.deadlines.split(",")):
            url, made = (kind, None) if a.db else _store(kind, a.pg, n)
            engine = make_engine(url)
            try:
                upgrade(engine)
                t0 = time.perf_counter()
                fill(engine, n)
                vul = time.perf_counter() - t0
                times, bare = measure(engine, a.due, a.rounds + 1)
                times, bare = times[1:], bare[1:]  # the first round warms the process's caches: not counted
            finally:
                engine.dispose()
                _drop(a.pg, made)
            sm, bm = statistics.median(times), statistics.median(bare)
            rows.append((engine.dialect.name, n, vul, sm, min(times), max(times), bm, sm / bm))
            print(f"{engine.dialect.name} {n:,} open, {a.due:,} due: sweep median {sm * 1000:.1f} ms "
                  f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}); bare select+update "
                  f"{bm * 1000:.1f} ms; ratio {sm / bm:.1f}", flush=True)
    print(f"\n| store | open deadlines | fill | sweep of {a.due:,} due (median of {a.rounds}) | "
          f"bare indexed select+update | ratio |")
    print("|---|---|---|---|---|---|")
    for db, n, vul, sm, lo, hi, bm, ratio in rows:
        print(f"| {db} | {n:,} | {vul:.0f} s | **{sm * 1000:.0f} ms** (min {lo * 1000:.0f}, max {hi * 1000:.0f}) | "
              f"{bm * 1000:.1f} ms | {ratio:.1f}× |")


if __name__ == "__main__":
    main()
