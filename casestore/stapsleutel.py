"""Every step run's idempotency key, recorded in the step's own transaction (issue 21).

While a step runs (`loopt(sleutel, stap)`, set by tasks/stapsleutel.py for the step's body), the first
transaction a session begins writes the key into `stap_uitvoering` as its very first statement. The unique
constraint makes a second run with the same key wait for the first transaction and then fail there, before it
read or wrote anything else; it raises `AlUitgevoerd` and the step does nothing. Only a committed claim counts:
a transaction that ends without commit (a refusal, a crash) takes its claim with it, and the next one claims.

First statement, not at commit: on SQLite a transaction that read before another one committed cannot write
afterwards ("database is locked"); an INSERT first waits for the lock and then meets the key."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col
from sqlmodel import select as sm_select

from casestore.models import StapUitvoering

TABEL = StapUitvoering.__table__  # type: ignore[attr-defined]


class AlUitgevoerd(Exception):
    """A run with this key (or, within a minute, the door's previous key) already did the step."""

    def __init__(self, sleutel: str) -> None:
        super().__init__(f"De stap met sleutel {sleutel[:60]} is al uitgevoerd.")
        self.sleutel = sleutel


@dataclass
class _Claim:
    sleutel: str
    stap: str
    vorige: str | None  # the door's key of the previous minute: two commands either side of a minute's turn
    geclaimd: bool = False  # committed: later transactions of this run claim nothing
    open_in: Any = None  # the session transaction whose first statement wrote the key, until it ends


_LOPEND: ContextVar[_Claim | None] = ContextVar("werkpad_stap_sleutel", default=None)


@contextmanager
def loopt(sleutel: str, stap: str, vorige: str | None = None) -> Iterator[None]:
    token = _LOPEND.set(_Claim(sleutel=sleutel[:200], stap=stap[:100], vorige=vorige))
    try:
        yield
    finally:
        _LOPEND.reset(token)


@event.listens_for(Session, "after_begin")
def _claim(session: Session, transaction: Any, connection: Any) -> None:
    c = _LOPEND.get()
    if c is None or c.geclaimd or c.open_in is not None or transaction.nested:
        return
    nu = datetime.now(UTC)
    try:
        connection.execute(TABEL.insert().values(sleutel=c.sleutel, stap=c.stap, aangemaakt_op=nu))
    except IntegrityError:  # the transaction is spoiled; the step's own code rolls it back as it unwinds
        raise AlUitgevoerd(c.sleutel) from None
    if c.vorige is not None:
        eerder = connection.execute(select(TABEL.c.aangemaakt_op).where(TABEL.c.sleutel == c.vorige)).scalar()
        if eerder is not None and _utc(eerder) > nu - timedelta(minutes=1):
            raise AlUitgevoerd(c.vorige)
    c.open_in = transaction


@event.listens_for(Session, "after_commit")
def _gecommit(session: Session) -> None:
    c = _LOPEND.get()
    if c is not None and c.open_in is not None:
        c.geclaimd = True


@event.listens_for(Session, "after_transaction_end")
def _einde(session: Session, transaction: Any) -> None:
    c = _LOPEND.get()
    if c is not None and c.open_in is transaction:
        c.open_in = None  # committed (geclaimd) or gone with a rollback: either way this transaction is over


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def uitkomst(session: Session, *, sleutel: str) -> tuple[bool, dict[str, Any] | None]:
    """(whether a run with this key committed, its outcome if it was recorded already)."""
    rij = session.exec(sm_select(StapUitvoering).where(col(StapUitvoering.sleutel) == sleutel)).first()
    if rij is None:
        return False, None
    return True, rij.uitkomst


def bewaar_uitkomst(session: Session, *, sleutel: str, uitkomst: dict[str, Any]) -> bool:
    """Record the first run's outcome for a second run to report (False: this run claimed nothing)."""
    res = session.execute(update(StapUitvoering).where(col(StapUitvoering.sleutel) == sleutel)
                          .values(uitkomst=uitkomst))
    return bool(res.rowcount)  # type: ignore[attr-defined]
