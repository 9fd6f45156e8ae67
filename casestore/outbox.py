"""Claiming and completing outbox rows. Each claim commits at once: it is a lease."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col

from casestore.models import Outbox
from casestore.sweep import OUTBOX

LEASE = timedelta(minutes=10)


def te_versturen(session: Session, *, nu: datetime, traject_id: int | None = None, soort: str | None = None,
                 idem_keys: Sequence[str] | None = None, limit: int = 500) -> list[int]:
    o = OUTBOX
    q = select(o.c.id).where(or_(o.c.status == "pending",
                                 and_(o.c.status == "sending", o.c.geclaimd_op < nu - LEASE)))
    if traject_id is not None:
        q = q.where(o.c.traject_id == traject_id)
    if soort is not None:
        q = q.where(o.c.soort == soort)
    if idem_keys is not None:  # these rows only (a report run sends its own mails, not everyone's)
        q = q.where(o.c.idem_key.in_(list(idem_keys)))
    return [r[0] for r in session.connection().execute(q.order_by(o.c.id).limit(limit))]


def claim(session: Session, *, outbox_id: int, nu: datetime) -> Outbox | None:
    """Take the row for sending, or None if it is sent, or being sent by someone else."""
    o = OUTBOX
    res = session.connection().execute(
        update(o)
        .where(o.c.id == outbox_id,
               or_(o.c.status == "pending", and_(o.c.status == "sending", o.c.geclaimd_op < nu - LEASE)))
        .values(status="sending", geclaimd_op=nu, pogingen=o.c.pogingen + 1)
    )
    session.commit()
    if res.rowcount != 1:
        return None
    row = session.get(Outbox, outbox_id)
    if row is not None:
        session.refresh(row)
    return row


def onder_lease(row: Outbox, nu: datetime) -> bool:
    """The row is being sent by a dispatch (or was, by one that died): its lease still runs."""
    if row.status != "sending" or row.geclaimd_op is None:
        return False
    return _utc(row.geclaimd_op) > _utc(nu) - LEASE


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def claim_batch(session: Session, *, ids: Sequence[int], nu: datetime) -> list[Outbox]:
    """Take these rows for sending in one statement and one commit (the lease); returns those taken, in id
    order: not the ones sent, or being sent by someone else."""
    if not ids:
        return []
    o = OUTBOX
    genomen = [r[0] for r in session.connection().execute(
        update(o)
        .where(o.c.id.in_(list(ids)),
               or_(o.c.status == "pending", and_(o.c.status == "sending", o.c.geclaimd_op < nu - LEASE)))
        .values(status="sending", geclaimd_op=nu, pogingen=o.c.pogingen + 1)
        .returning(o.c.id))]
    session.commit()
    if not genomen:
        return []
    q = select(Outbox).where(col(Outbox.id).in_(genomen)).order_by(col(Outbox.id))
    return list(session.scalars(q.execution_options(populate_existing=True)))


_VERSTUURD = update(OUTBOX).where(OUTBOX.c.id == bindparam("_id")).values(
    status="sent", extern_kenmerk=bindparam("_kenmerk"), laatste_fout=None)


def markeer_verstuurd_batch(session: Session, verstuurd: list[tuple[int, str]], *, nu: datetime) -> None:
    """Mark these (id, external id) sent in one statement, one commit (with what the session holds); empties
    the list."""
    if not verstuurd:
        return
    params = [{"_id": i, "_kenmerk": k} for i, k in verstuurd]
    # one row: a plain execute (executemany's bookkeeping doubled the cost of a mark)
    session.connection().execute(_VERSTUURD.values(verstuurd_op=nu), params[0] if len(params) == 1 else params)
    session.commit()
    for i, k in verstuurd:
        _geladen_bij(session, i, status="sent", verstuurd_op=nu, extern_kenmerk=k, laatste_fout=None)
    verstuurd.clear()


def markeer_verstuurd(session: Session, *, outbox_id: int, nu: datetime, extern_kenmerk: str | None) -> None:
    session.connection().execute(update(OUTBOX).where(OUTBOX.c.id == outbox_id).values(
        status="sent", verstuurd_op=nu, extern_kenmerk=extern_kenmerk, laatste_fout=None))
    session.commit()


def markeer_fout(session: Session, *, outbox_id: int, fout: str, definitief: bool) -> None:
    """Transient faults go back to pending (the next dispatch retries); refusals stop."""
    waarden = {"status": "failed" if definitief else "pending", "laatste_fout": fout[:1000], "geclaimd_op": None}
    session.connection().execute(update(OUTBOX).where(OUTBOX.c.id == outbox_id).values(**waarden))
    session.commit()
    _geladen_bij(session, outbox_id, **waarden)


def _geladen_bij(session: Session, outbox_id: int, **waarden: Any) -> None:
    """A row the session holds (the dispatcher's batch) shows what was just written around the ORM: a later
    row of the batch that waits for it reads its status from there."""
    row = session.identity_map.get(identity_key(Outbox, outbox_id))
    if row is not None:
        for k, v in waarden.items():
            set_committed_value(row, k, v)


def status_telling(session: Session) -> dict[str, int]:
    from sqlalchemy import func
    rows = session.connection().execute(select(OUTBOX.c.status, func.count()).group_by(OUTBOX.c.status))
    return {s: n for s, n in rows}


def met_sleutels(session: Session, *, idem_keys: list[str], status: str | None = None) -> list[Outbox]:
    """The outbox rows with these idempotency keys (optionally in one status)."""
    q = select(Outbox).where(col(Outbox.idem_key).in_(idem_keys))
    if status is not None:
        q = q.where(col(Outbox.status) == status)
    return list(session.scalars(q.order_by(col(Outbox.id))))


def verstuurd_met_voorvoegsel(session: Session, *, voorvoegsel: str) -> list[tuple[str, datetime | None]]:
    """(key without the prefix, sent at) of the sent rows whose key starts with `voorvoegsel`."""
    q = (select(col(Outbox.idem_key), col(Outbox.verstuurd_op))
         .where(col(Outbox.idem_key).startswith(voorvoegsel, autoescape=True), col(Outbox.status) == "sent"))
    return [(str(k)[len(voorvoegsel):], op) for k, op in session.execute(q)]


def lijst(session: Session, *, traject_id: int | None = None, statussen: Sequence[str] | None = None,
          limit: int = 200) -> list[Outbox]:
    """Outbox rows for operations, newest first (optionally of one traject and in these statuses)."""
    q = select(Outbox)
    if traject_id is not None:
        q = q.where(col(Outbox.traject_id) == traject_id)
    if statussen:
        q = q.where(col(Outbox.status).in_(list(statussen)))
    return list(session.scalars(q.order_by(col(Outbox.id).desc()).limit(limit)))


def opnieuw(session: Session, *, outbox_id: int) -> Outbox | None:
    """Put a refused (or stuck) row back in the queue, with its own idempotency key: the partner
    recognises a repeat. Returns the row, None when it does not exist. A sent row stays sent."""
    row = session.get(Outbox, outbox_id)
    if row is None or row.status == "sent":
        return row
    session.connection().execute(update(OUTBOX).where(OUTBOX.c.id == outbox_id).values(
        status="pending", geclaimd_op=None))
    session.refresh(row)
    return row


def referenties(session: Session, *, traject_ids: Sequence[int]) -> dict[int, str]:
    """Traject id -> referentie, for listing outbox rows by the number staff know."""
    from casestore.models import Traject

    if not traject_ids:
        return {}
    return {int(i): str(r) for i, r in session.execute(
        select(Traject.id, Traject.referentie).where(col(Traject.id).in_(list(traject_ids))))}  # type: ignore[call-overload]


# -- one row waits for another ("row B waits for row A") -------------------------------------------------
# A row whose payload names `wacht_op` (the idempotency key of row A) is sent only once A is sent: a verlaging
# waits for the besluit it rests on. While A is queued B stays queued; when A is refused B is not sent either
# (it is marked refused, no partner call), and putting A back in the queue puts B back with it.
WACHT_OP = "wacht_op"


def wacht_op(session: Session, *, row: Outbox) -> tuple[str, Outbox | None] | None:
    """(key, row A) when `row` waits for a row A that is not sent yet (A None: no such row); None when it may go."""
    sleutel = row.payload.get(WACHT_OP) if isinstance(row.payload, dict) else None
    if not sleutel:
        return None
    eerder = session.scalars(select(Outbox).where(col(Outbox.idem_key) == str(sleutel))).first()
    if eerder is not None and eerder.status == "sent":
        return None
    return str(sleutel), eerder


def wachtend_op(session: Session, *, row: Outbox) -> list[Outbox]:
    """The refused rows of the same traject that wait for `row` (they go back in the queue with it)."""
    q = select(Outbox).where(col(Outbox.status) == "failed", col(Outbox.id) != row.id)
    q = q.where(col(Outbox.traject_id) == row.traject_id) if row.traject_id is not None \
        else q.where(col(Outbox.traject_id).is_(None))
    return [r for r in session.scalars(q.order_by(col(Outbox.id)))
            if isinstance(r.payload, dict) and r.payload.get(WACHT_OP) == row.idem_key]


def opnieuw_te_zetten(session: Session, *, grondslag: str) -> int | None:
    """The outbox row to put back in the queue for a refusal task (its deadline's grondslag is "Outbox <key>",
    tasks/dispatch.py): the refused row the task's row waits for, else the task's row itself; None when the
    task is no refusal task or the row is no longer refused."""
    if not grondslag.startswith("Outbox "):
        return None
    row = session.scalars(select(Outbox).where(col(Outbox.idem_key) == grondslag[len("Outbox "):])).first()
    if row is None or row.status != "failed":
        return None
    wacht = wacht_op(session, row=row)
    if wacht is not None and wacht[1] is not None and wacht[1].status == "failed":
        return wacht[1].id
    return row.id
