"""The historical import's queries (`werkpad import gebeurtenissen`): what the store knows of a
file's referenties, and the bulk insert of its events in one transaction.

The rules live in domain/historie.py; here only reads and writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col
from sqlmodel import select as sqlselect

from casestore.models import AuditEvent, GebeurtenisImport, Traject
from domain.historie import ImportGeweigerd, Stand, al_geimporteerd, stand_uit

IN_CHUNK = 500  # referenties per IN (…) query: well below SQLite's and PostgreSQL's parameter limits
INSERT_CHUNK = 10_000


def _chunks(items: list[Any], n: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def eerdere_import(session: Session, *, sha256: str) -> GebeurtenisImport | None:
    return session.exec(sqlselect(GebeurtenisImport).where(col(GebeurtenisImport.sha256) == sha256)).first()


def live_referenties(session: Session, *, referenties: set[str]) -> set[str]:
    """Which of these are trajecten of werkpad itself."""
    uit: set[str] = set()
    for deel in _chunks(sorted(referenties), IN_CHUNK):
        q = select(Traject.__table__.c.referentie).where(Traject.__table__.c.referentie.in_(deel))  # type: ignore[attr-defined]
        uit.update(str(r) for r in session.execute(q).scalars())
    return uit


def standen(session: Session, *, referenties: set[str]) -> dict[str, Stand]:
    """The state of every referentie that has events in the store (imported history), replayed by
    domain.historie.stand_uit from its events in order."""
    ae = AuditEvent.__table__  # type: ignore[attr-defined]
    per: dict[str, list[tuple[Any, ...]]] = {}
    for deel in _chunks(sorted(referenties), IN_CHUNK):
        q = (select(ae.c.referentie, ae.c.gemeente, ae.c.gebeurtenis, ae.c.datum, ae.c.waarde, ae.c.fase)
             .where(ae.c.referentie.in_(deel), ae.c.gebeurtenis.is_not(None), ae.c.datum.is_not(None))
             .order_by(ae.c.referentie, ae.c.datum, ae.c.id))
        for ref, *rest in session.execute(q):
            per.setdefault(ref, []).append(tuple(rest))
    uit: dict[str, Stand] = {}
    for ref, rijen in per.items():
        stand = stand_uit(rijen)  # type: ignore[arg-type]
        if stand is not None:
            uit[ref] = stand
    return uit


def schrijf_import(engine: Engine, *, sha256: str, bestandsnaam: str, regels: int, door: str, nu: datetime,
                   gebeurtenissen: list[dict[str, Any]],
                   voortgang: Callable[[int], None] | None = None) -> int:
    """One transaction: the gebeurtenisimport row, then every event (executemany in chunks). A
    crash, or a second import of the same file racing this one, leaves nothing behind. Returns the
    import's id."""
    gi = GebeurtenisImport.__table__  # type: ignore[attr-defined]
    ae = AuditEvent.__table__  # type: ignore[attr-defined]
    try:
        with engine.begin() as c:
            import_id = int(c.execute(insert(gi).values(sha256=sha256, bestandsnaam=bestandsnaam[:200],
                                                        regels=regels, door=door[:200], op=nu)
                                      .returning(gi.c.id)).scalar_one())
            klaar = 0
            for deel in _chunks(gebeurtenissen, INSERT_CHUNK):
                for e in deel:
                    e["import_id"] = import_id
                c.execute(insert(ae), deel)
                klaar += len(deel)
                if voortgang is not None:
                    voortgang(klaar)
    except IntegrityError:
        with Session(engine) as s:
            eerder = eerdere_import(s, sha256=sha256)
        if eerder is None:
            raise
        raise ImportGeweigerd(al_geimporteerd(eerder.op, eerder.id or 0, eerder.bestandsnaam, eerder.regels)) from None
    return import_id
