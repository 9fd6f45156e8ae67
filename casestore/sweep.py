"""The reminder sweep in bulk: cost grows with what is due, not with what is open.

One indexed range scan on `deadline.next_reminder_at`, a claim of what it found (one
conditional UPDATE ... RETURNING: what another sweep at the same moment handled first is not
ours), then a handful of executemany statements in the caller's transaction: outbox rows (ON
CONFLICT DO NOTHING on the idempotency key), audit events, and the re-armed deadlines. A sweep
killed before commit leaves nothing behind; one killed after commit has queued each reminder
exactly once, and two sweeps at once write each reminder and its audit event once.

Waiting terms (policy `wachttermijn`) are woken by the same index: at their end date the
sweep closes them (`verstreken`) with an audit line and sends nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from casestore.models import AuditEvent, Deadline, Outbox, Traject
from domain.herinneringen import Ontvanger, bij_sweep, herinnering_label, lokale_datum
from domain.kalender import Kalender

DEADLINE: Table = Deadline.__table__  # type: ignore[attr-defined]
TRAJECT: Table = Traject.__table__  # type: ignore[attr-defined]
OUTBOX: Table = Outbox.__table__  # type: ignore[attr-defined]
AUDIT: Table = AuditEvent.__table__  # type: ignore[attr-defined]


@dataclass
class SweepResultaat:
    bekeken: int = 0
    herinneringen: int = 0
    escalaties: int = 0
    overgeslagen: int = 0
    verstreken: int = 0
    gewekt: int = 0
    per_gemeente: dict[str, int] = field(default_factory=dict)


def _insert_ignore(session: Session, table: Table) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=["idem_key"])
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=["idem_key"])


CLAIM_CHUNK = 5_000  # two parameters per row: well under SQLite's 32,766


def _claim(conn: Any, rows: Sequence[Any], nu: datetime) -> set[int]:
    """The ids of `rows` that are still due at `nu` with the step they were read with, taken by a write."""
    d = DEADLINE
    onze: set[int] = set()
    for i in range(0, len(rows), CLAIM_CHUNK):
        deel = rows[i:i + CLAIM_CHUNK]
        onze.update(r[0] for r in conn.execute(
            update(d).where(tuple_(d.c.id, d.c.stap_index).in_([(r.id, r.stap_index) for r in deel]),
                            d.c.status == "open", d.c.next_reminder_at <= nu)
            .values(stap_index=d.c.stap_index).returning(d.c.id)))
    return onze


def verwerk_herinneringen(session: Session, *, nu: datetime, kalender: Kalender,
                          limit: int = 20_000) -> SweepResultaat:
    """Queue every reminder that is due at `nu` and re-arm the deadlines. Caller commits.

    `kalender` is the calendar the terms were computed with (the runtime's): the steps are
    recomputed from it, so reminders never land on a day the terms treat as a feestdag.
    """
    d, t = DEADLINE, TRAJECT
    q = (
        select(d.c.id, d.c.traject_id, d.c.due, d.c.beleid, d.c.stap_index, d.c.omschrijving, d.c.soort,
               d.c.grondslag, d.c.eigenaar_email, d.c.escalatie_email, d.c.wekt, t.c.referentie, t.c.gemeente)
        .join(t, t.c.id == d.c.traject_id)
        .where(d.c.next_reminder_at <= nu)
        .order_by(d.c.next_reminder_at)
        .limit(limit)
    )
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True, of=d)  # several sweeps may run on several hosts
    rows = conn.execute(q).all()
    if conn.dialect.name != "postgresql":
        # The claim: another sweep at the same moment read these rows too (SQLite reads outside a
        # transaction) and may have handled them since. Only the rows still due and unchanged are ours, and
        # stay so until commit (this first write takes SQLite's write lock): their reminders and audit events
        # are written by this sweep alone. On PostgreSQL the read was the claim: FOR UPDATE SKIP LOCKED
        # returns only rows still due in their latest version, locked until commit (a claim cost 60-80 ms).
        onze = _claim(conn, rows, nu)
        rows = [r for r in rows if r.id in onze]
    res = SweepResultaat(bekeken=len(rows))
    outbox: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for r in rows:
        besluit = bij_sweep(r.due, r.beleid, r.stap_index, nu, kalender)
        updates.append({"_id": r.id, "_oud": r.stap_index, "_idx": besluit.volgende_index,
                        "_next": besluit.volgende_moment, "_status": "verstreken" if besluit.verlopen else "open"})
        res.overgeslagen += len(besluit.overgeslagen)
        if besluit.verlopen:
            audits.append({"traject_id": r.traject_id, "op": nu, "actor": "deadline-sweep",
                           "soort": "termijn-verstreken",
                           "omschrijving": f"{r.soort.capitalize()} verstreken op {r.due.isoformat()}: "
                                           f"{r.omschrijving} ({r.grondslag}).",
                           "data": {"deadline_id": r.id, "soort": r.soort}})
            res.verstreken += 1
            if r.wekt:  # a waking timer: the case's next step runs as a flow, exactly once
                outbox.append({
                    "idem_key": f"wekker:{r.referentie}:{r.id}:{r.due.isoformat()}", "soort": "flow",
                    "traject_id": r.traject_id, "status": "pending", "pogingen": 0, "aangemaakt_op": nu,
                    "payload": {"deployment": r.wekt, "parameters": {"referentie": r.referentie}},
                })
                res.gewekt += 1
            continue
        stap = besluit.stap
        if stap is None:
            continue
        escalatie = stap.ontvanger == Ontvanger.escalatie
        label = herinnering_label(stap, r.due, lokale_datum(nu), kalender)  # the real distance, also when late
        aan = r.escalatie_email if escalatie else r.eigenaar_email
        due = r.due.isoformat()
        outbox.append({
            "idem_key": f"herinnering:{r.referentie}:{r.id}:{due}:{stap.code}",
            "soort": "email", "traject_id": r.traject_id, "status": "pending", "pogingen": 0,
            "aangemaakt_op": nu,
            "payload": {"template": "escalatie" if escalatie else "herinnering", "aan": aan,
                        "referentie": r.referentie, "deadline_id": r.id, "omschrijving": r.omschrijving,
                        "soort": r.soort, "grondslag": r.grondslag, "due": due, "stap": stap.code,
                        "stap_label": label, "eigenaar": r.eigenaar_email},
        })
        wat = "Escalatie" if escalatie else "Herinnering"
        audits.append({"traject_id": r.traject_id, "op": nu, "actor": "deadline-sweep", "soort": "herinnering",
                        "omschrijving": f"{wat} ({label}) aan {aan}: {r.omschrijving}, uiterlijk {due}.",
                        "data": {"deadline_id": r.id, "stap": stap.code}})
        if escalatie:
            res.escalaties += 1
        else:
            res.herinneringen += 1
        res.per_gemeente[r.gemeente] = res.per_gemeente.get(r.gemeente, 0) + 1
    if outbox:
        conn.execute(_insert_ignore(session, OUTBOX), outbox)
    if audits:
        conn.execute(insert(AUDIT), audits)
    if updates:
        conn.execute(
            update(d)
            .where(and_(d.c.id == bindparam("_id"), d.c.stap_index == bindparam("_oud"), d.c.status == "open"))
            .values(stap_index=bindparam("_idx"), next_reminder_at=bindparam("_next"), status=bindparam("_status")),
            updates,
        )
    return res
