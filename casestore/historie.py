"""The historical import's queries (`werkpad import gebeurtenissen`): what the store knows of a
file's referenties, and the bulk insert of its events in one transaction.

The rules live in domain/historie.py; here only reads and writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col
from sqlmodel import select as sqlselect

from casestore.models import AuditEvent, GebeurtenisImport, Traject
from domain.historie import ImportGeweigerd, Stand, al_geimporteerd
from domain.historie_plan import stand_uit

IN_CHUNK = 500  # referenties per IN (…) query: well below SQLite's and PostgreSQL's parameter limits
INSERT_CHUNK = 10_000


def _chunks(items: Iterable[Any], n: int) -> Iterator[list[Any]]:
    it = iter(items)
    while deel := list(islice(it, n)):
        yield deel


def weiger_als_al_geimporteerd(engine: Engine, sha256: str) -> None:
    """A unique-key refusal of the import's row: this file was imported before (say when and which), or not (the
    caller re-raises)."""
    with Session(engine) as s:
        eerder = eerdere_import(s, sha256=sha256)
    if eerder is not None:
        raise ImportGeweigerd(al_geimporteerd(eerder.op, eerder.id or 0, eerder.bestandsnaam, eerder.regels)) from None


def eerdere_import(session: Session, *, sha256: str) -> GebeurtenisImport | None:
    return session.exec(sqlselect(GebeurtenisImport).where(col(GebeurtenisImport.sha256) == sha256)).first()


def live_referenties(session: Session | Connection, *, referenties: set[str]) -> set[str]:
    """Which of these are trajecten of werkpad itself."""
    uit: set[str] = set()
    for deel in _chunks(sorted(referenties), IN_CHUNK):
        q = select(Traject.__table__.c.referentie).where(Traject.__table__.c.referentie.in_(deel))  # type: ignore[attr-defined]
        uit.update(str(r) for r in session.execute(q).scalars())
    return uit


def standen(session: Session | Connection, *, referenties: set[str]) -> dict[str, Stand]:
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
                   gebeurtenissen: Iterable[dict[str, Any]],
                   voortgang: Callable[[int], None] | None = None) -> int:
    """One transaction: the gebeurtenisimport row, then every event (executemany in chunks). A
    crash, or a second import of the same file racing this one, leaves nothing behind. Returns the
    import's id."""
    gi = GebeurtenisImport.__table__  # type: ignore[attr-defined]
    try:
        with engine.begin() as c:
            import_id = int(c.execute(insert(gi).values(sha256=sha256, bestandsnaam=bestandsnaam[:200],
                                                        regels=regels, door=door[:200], op=nu)
                                      .returning(gi.c.id)).scalar_one())
            _ruimte(c)
            schrijf = _schrijver(c)
            klaar = 0
            for deel in _chunks(gebeurtenissen, INSERT_CHUNK):
                schrijf(deel, import_id)
                klaar += len(deel)
                if voortgang is not None:
                    voortgang(klaar)
    except IntegrityError:
        weiger_als_al_geimporteerd(engine, sha256)
        raise
    return import_id


def _ruimte(c: Connection) -> None:
    if c.dialect.name == "sqlite":  # the import touches five indexes of a large table: give them room in memory
        c.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")  # this connection only


SQLITE_CACHE_KB = 131072  # 128 MB of page cache for the import's connection: a constant, not the file's size


def _schrijver(c: Connection) -> Callable[[list[dict[str, Any]], int], None]:
    """Insert a chunk of events (AuditEvent columns without id) with this import's id. SQLite: the driver's
    executemany with the columns' own bind processors (the same values SQLAlchemy would send), without a
    parameter dict per row: 2-3x faster. PostgreSQL: SQLAlchemy's insertmanyvalues batches, fast there already."""
    ae = AuditEvent.__table__  # type: ignore[attr-defined]
    kolommen = [k for k in ae.c if k.name != "id"]
    procs = [(k.name, k.type.dialect_impl(c.dialect).bind_processor(c.dialect)) for k in kolommen]
    waarden = itemgetter(*(n for n, _ in procs))
    omzetten: list[tuple[int, Callable[[Any], Any], dict[Any, Any] | None]] = [
        (i, p, {} if n in ("op", "datum") else None) for i, (n, p) in enumerate(procs) if p]

    def _rij(e: dict[str, Any]) -> tuple[Any, ...]:
        rij = list(waarden(e))
        for i, p, cache in omzetten:  # op and datum repeat: convert each value once
            v = rij[i]
            if cache is None:
                rij[i] = p(v)
            else:
                w = cache.get(v)
                if w is None:
                    w = cache[v] = p(v)
                rij[i] = w
        return tuple(rij)

    sql = (f"INSERT INTO {ae.name} ({', '.join(k.name for k in kolommen)}) "
           f"VALUES ({', '.join('?' for _ in kolommen)})")
    sqlite = c.dialect.name == "sqlite"

    def schrijf(deel: list[dict[str, Any]], import_id: int) -> None:
        for e in deel:
            e["import_id"] = import_id
        if sqlite:
            c.exec_driver_sql(sql, [_rij(e) for e in deel])
        else:
            c.execute(insert(ae), deel)

    return schrijf
