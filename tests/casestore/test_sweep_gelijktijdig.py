"""Two deadline sweeps at the same moment (issue 21): each reminder is queued once and written once to the
audit trail. They sent each mail once already (the outbox key), but both wrote the audit event."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from casestore import sweep as sweep_module
from casestore.models import AuditEvent, Outbox
from tests.casestore.test_store import K, add_deadline, register, sweep
from tests.conftest import at

NU = at("2026-11-24T07:01")  # t-5 of the three deadlines below


def aantallen(engine: Any) -> tuple[list[int], list[str]]:
    """Audit 'herinnering' events per deadline, and the reminder rows' keys."""
    from casestore.db import session

    with session(engine) as s:
        events = [e.data["deadline_id"] for e in s.exec(select(AuditEvent).where(AuditEvent.soort == "herinnering"))]
        keys = [o.idem_key for o in s.exec(select(Outbox)) if o.idem_key.startswith("herinnering")]
    return sorted(events), sorted(keys)


def due_deadlines(engine: Any) -> list[int]:
    register(engine)
    return sorted(add_deadline(engine, date(2026, 12, 1), at("2026-11-23T09:00")) for _ in range(3))


def test_two_sweeps_interleaved_write_each_reminder_and_its_event_once(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Sweep A reads the due deadlines and stops before it writes; sweep B runs whole and commits; then A goes
    on. On SQLite A had read them too and wrote every audit event again; now only the sweep that still finds
    a deadline due when it takes it (the claim) writes. On PostgreSQL B skips what A locked."""
    ids = due_deadlines(engine)
    gelezen, verder = threading.Event(), threading.Event()
    # The moment right after A's read: before its claim on SQLite (whose claim takes the write lock), before its
    # first decision on PostgreSQL (whose read locked the rows; there is no separate claim).
    naam = "_claim" if engine.dialect.name == "sqlite" else "bij_sweep"
    echt = getattr(sweep_module, naam)
    a: list[Any] = []

    def na_lezen(*args: Any, **kw: Any) -> Any:
        if threading.current_thread().name == "sweep-a" and not gelezen.is_set():
            gelezen.set()  # A has read the due deadlines; B now runs whole
            assert verder.wait(60)
        return echt(*args, **kw)

    monkeypatch.setattr(sweep_module, naam, na_lezen)
    t = threading.Thread(target=lambda: a.append(sweep(engine, NU)), name="sweep-a")
    t.start()
    b = None
    try:
        if gelezen.wait(60):
            b = sweep(engine, NU)
    finally:
        verder.set()
        t.join(60)
    assert b is not None and a, "sweep A did not reach its writes"
    assert a[0].herinneringen + b.herinneringen == 3  # between them: each deadline once
    events, keys = aantallen(engine)
    assert events == ids and len(keys) == 3 == len(set(keys))


def test_sweep_b_reading_before_a_commits_writes_nothing_twice(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The other order: B reads while A is between its claim and its commit. On SQLite B's claim waits for A's
    write lock and then finds nothing due; on PostgreSQL B skips A's locked rows."""
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite: B's claim waits for A's commit, in this one thread that is A itself")
    from casestore.db import session

    ids = due_deadlines(engine)
    with session(engine) as sa:
        ra = sweep_module.verwerk_herinneringen(sa, nu=NU, kalender=K)
        rb = sweep(engine, NU)  # while A holds its rows uncommitted
        sa.commit()
    assert (ra.herinneringen, rb.herinneringen) == (3, 0)
    events, keys = aantallen(engine)
    assert events == ids and len(keys) == 3


def test_the_same_moment_swept_twice_writes_nothing_twice(engine) -> None:  # type: ignore[no-untyped-def]
    ids = due_deadlines(engine)
    assert sweep(engine, NU).herinneringen == 3
    assert sweep(engine, NU).herinneringen == 0
    events, keys = aantallen(engine)
    assert events == ids and len(keys) == 3
