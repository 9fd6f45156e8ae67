"""Sweep benchmark: 1,000,000 open deadlines, 1,000 of them due; time one sweep.

    .venv/bin/python -m benchmarks.sweep [--deadlines 1000000] [--due 1000] [--rounds 5] [--db URL]

Measures `casestore.sweep.verwerk_herinneringen` plus its commit: the indexed scan, the
policy decision per deadline, 1,000 outbox rows, 1,000 audit events and 1,000 re-armed
deadlines. For comparison it also times a bare indexed select-and-update of the same rows.
A measurement, not a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, insert, select, text, update

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
    if engine.dialect.name == "sqlite":
        with engine.connect() as c:
            c.execute(text("ANALYZE"))
    print(f"filled {n_deadlines:,} deadlines over {n_traject:,} trajecten in {time.perf_counter() - t0:.1f} s")


def make_due(engine, first_id: int, n: int) -> None:  # type: ignore[no-untyped-def]
    d = Deadline.__table__  # type: ignore[attr-defined]
    with engine.begin() as c:
        c.execute(update(d).where(d.c.id >= first_id, d.c.id < first_id + n)
                  .values(due=date(2026, 12, 1), stap_index=0, next_reminder_at=NU - timedelta(minutes=30)))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--deadlines", type=int, default=1_000_000)
    p.add_argument("--due", type=int, default=1_000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--db", default="")
    a = p.parse_args()
    url = a.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    fill(engine, a.deadlines)
    times, bare = [], []
    for r in range(a.rounds):
        first = 1 + r * a.due * 7
        make_due(engine, first, a.due)
        t0 = time.perf_counter()
        with session(engine) as s:
            res = verwerk_herinneringen(s, nu=NU, kalender=KALENDER)
            s.commit()
        times.append(time.perf_counter() - t0)
        assert res.herinneringen == a.due, res
        # the bare baseline on the next block: indexed select + update, nothing else
        make_due(engine, first + a.due, a.due)
        d = Deadline.__table__  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        with engine.begin() as c:
            ids = [row[0] for row in c.execute(select(d.c.id).where(d.c.next_reminder_at <= NU))]
            c.execute(update(d).where(d.c.id.in_(ids)).values(next_reminder_at=None))
        bare.append(time.perf_counter() - t0)
    with engine.begin() as c:
        n_out = c.execute(select(Outbox.id)).all()  # type: ignore[call-overload]
        c.execute(delete(AuditEvent.__table__))  # type: ignore[attr-defined]
    print(f"database: {engine.dialect.name}; {a.deadlines:,} open deadlines, {a.due:,} due per round, "
          f"{a.rounds} rounds; outbox rows written: {len(n_out):,}")
    print(f"sweep (select, decide, {a.due} outbox + {a.due} audit + {a.due} updates, commit): "
          f"median {statistics.median(times) * 1000:.1f} ms, min {min(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")
    print(f"bare indexed select-and-update of {a.due} rows: median {statistics.median(bare) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
