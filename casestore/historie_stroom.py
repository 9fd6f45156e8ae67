"""The historical import streamed (`werkpad import gebeurtenissen`): memory follows the batch, not the file.

All or nothing, as before, in one transaction: the file's rows (checked one by one in domain/historie.py) go in
batches into a temporary table of this connection; then they come back per batch of referenties in
(referentie, datum, line) order, are checked against each other and against what the store knows of those
referenties (domain/historie_plan.py::plan_referentie) and their events are written. Any bad line anywhere: every
bad line is still found and listed, nothing is written (the transaction rolls back, the temporary table with it).
The events of one referentie are written together; across referenties in referentie order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from casestore.historie import _chunks, _ruimte, _schrijver, live_referenties, standen, weiger_als_al_geimporteerd
from casestore.models import GebeurtenisImport
from domain.historie import ALLEEN_KOP, ImportGeweigerd, Regel
from domain.historie_plan import gebeurtenissen_van, plan_referentie, weiger_bij_fouten
from domain.rapport import Soort

BATCH = 10_000  # rows per insert into the temporary table
REFS = 500  # referenties per read back (their rows, their stored state, their events)

_RIJ = Table("historie_rij", MetaData(), Column("nummer", Integer, nullable=False),
             Column("referentie", String(40), nullable=False), Column("gemeente", String(60), nullable=False),
             Column("datum", Date, nullable=False), Column("soort", String(60), nullable=False),
             Column("waarde", String(60)), Column("leeftijd", String(10)),
             prefixes=["TEMPORARY"], postgresql_on_commit="DROP")


@dataclass
class Resultaat:
    import_id: int
    regels: int  # data rows of the file
    gebeurtenissen: int  # audit events written
    vroegste: date | None  # the earliest date imported (for the warning about mailed reports)


def importeer(engine: Engine, *, sha256: str, bestandsnaam: str, door: str, nu: datetime,
              rijen: Iterable[tuple[int, Regel | str]], gelezen: Callable[[int], None] | None = None,
              voortgang: Callable[[int], None] | None = None) -> Resultaat:
    """Stage, check and write in one transaction; ImportGeweigerd (nothing written) with every bad line.
    `rijen` are the file's rows as domain.historie.rijen yields them; `gelezen(referenties)` is called when all
    are staged (a progress bar's turn), `voortgang(n)` with the referenties done."""
    gi = GebeurtenisImport.__table__  # type: ignore[attr-defined]
    try:
        with engine.begin() as c:
            import_id = int(c.execute(insert(gi).values(sha256=sha256, bestandsnaam=bestandsnaam[:200], regels=0,
                                                        door=door[:200], op=nu).returning(gi.c.id)).scalar_one())
            _ruimte(c)
            aantal, fouten, vroegste = _stage(c, rijen)
            if gelezen is not None:
                gelezen(int(c.execute(select(func.count(_RIJ.c.referentie.distinct()))).scalar_one()))
            if aantal == 0:
                raise ImportGeweigerd(ALLEEN_KOP)
            n = _plan_en_schrijf(c, import_id, fouten, voortgang)
            weiger_bij_fouten(fouten)  # rolls everything back
            c.execute(update(gi).where(gi.c.id == import_id).values(regels=aantal))
            _RIJ.drop(c)  # SQLite keeps a temporary table for the connection's life; PostgreSQL drops it at commit
    except IntegrityError:
        weiger_als_al_geimporteerd(engine, sha256)
        raise
    return Resultaat(import_id, aantal, n, vroegste)


def _stage(c: Connection, rijen: Iterable[tuple[int, Regel | str]]) -> tuple[int, dict[int, str], date | None]:
    """Every good row into the temporary table, in batches; (data rows, bad lines, earliest date)."""
    if c.dialect.name == "sqlite":
        c.exec_driver_sql("DROP TABLE IF EXISTS temp.historie_rij")  # left by an earlier import on this connection
    _RIJ.create(c)
    aantal, fouten, vroegste = 0, {}, None
    deel: list[dict[str, Any]] = []
    for nummer, r in rijen:
        aantal += 1
        if isinstance(r, str):
            fouten[nummer] = r
            continue
        vroegste = r.datum if vroegste is None or r.datum < vroegste else vroegste
        deel.append({"nummer": r.nummer, "referentie": r.referentie, "gemeente": r.gemeente, "datum": r.datum,
                     "soort": r.soort.value, "waarde": r.waarde, "leeftijd": r.leeftijd})
        if len(deel) >= BATCH:
            c.execute(insert(_RIJ), deel)
            deel = []
    if deel:
        c.execute(insert(_RIJ), deel)
    c.exec_driver_sql("CREATE INDEX ix_historie_rij ON historie_rij (referentie, datum, nummer)")
    return aantal, fouten, vroegste


def _plan_en_schrijf(c: Connection, import_id: int, fouten: dict[int, str],
                     voortgang: Callable[[int], None] | None) -> int:
    """Per batch of referenties: their rows, their state in the store, the plan, the events (written only while
    no line is bad: after a bad one the rest is still checked, to list every bad line)."""
    schrijf = _schrijver(c)
    tijden: dict[date, datetime] = {}
    n, klaar, laatste = 0, 0, ""
    while True:
        refs = list(c.execute(select(_RIJ.c.referentie).distinct().where(_RIJ.c.referentie > laatste)
                              .order_by(_RIJ.c.referentie).limit(REFS)).scalars())
        if not refs:
            return n
        laatste = refs[-1]
        per_ref: dict[str, list[Regel]] = {}
        for nummer, ref, gem, datum, soort, waarde, leeftijd in c.execute(
                select(_RIJ.c.nummer, _RIJ.c.referentie, _RIJ.c.gemeente, _RIJ.c.datum, _RIJ.c.soort, _RIJ.c.waarde,
                       _RIJ.c.leeftijd).where(_RIJ.c.referentie.in_(refs))
                .order_by(_RIJ.c.referentie, _RIJ.c.datum, _RIJ.c.nummer)):
            per_ref.setdefault(ref, []).append(Regel(nummer, ref, gem, datum, Soort(soort), waarde, leeftijd))
        live = live_referenties(c, referenties=set(refs))
        bestaand = standen(c, referenties=set(refs))
        stappen = []
        for ref, regels in per_ref.items():
            s, aantal, slecht = plan_referentie(regels, oud=bestaand.get(ref), live=ref in live, tijden=tijden)
            stappen.extend(s)
            n += aantal
            fouten.update(slecht)
        if not fouten:
            for deel in _chunks(gebeurtenissen_van(stappen), BATCH):
                schrijf(deel, import_id)
        klaar += len(refs)
        if voortgang is not None:
            voortgang(klaar)
