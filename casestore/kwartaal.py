"""Queries that fill the quarterly report tables (issue 10, first slice): one GROUP BY per table."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time

from sqlmodel import Session, col, func, select

from casestore.models import AuditEvent, Maatregel
from domain.herinneringen import lokaal_naar_utc
from domain.maatregel import TYPE_LABEL, BeschikkingType
from domain.rapport import TOTAAL, Periode, Tabel, controleer_totalen, gemeente_kolommen

INTAKE_AFGEROND = "brede_intake.afgerond"
TABELLEN = ("intakes-maatregelen", "beschikkingen")
NIET_GEBOUWD = ("fasen", "fase-uitstroom", "regulier-werk", "nbw", "funnel")


def _tabel(titel: str, rijen: list[tuple[str, Counter[str]]], met_totaalrij: bool) -> Tabel:
    gemeenten = {g for _, c in rijen for g in c}
    kolommen = gemeente_kolommen(gemeenten)
    gem = kolommen[:-1]
    tabel = Tabel(titel, kolommen)
    for label, c in rijen:
        per = {g.capitalize(): n for g, n in c.items()}
        waarden: list[int | str] = [per.get(g, 0) for g in gem]
        tabel.rijen.append((label, [*waarden, sum(c.values())]))
    if met_totaalrij:
        som = [sum(int(w[i]) for _, w in tabel.rijen) for i in range(len(kolommen))]
        tabel.rijen.append((TOTAAL, list[int | str](som)))
    controleer_totalen(tabel)
    return tabel


def _maatregelen(s: Session, p: Periode) -> list[tuple[str, str, int]]:
    q = (select(Maatregel.gemeente, Maatregel.type, func.count())
         .where(col(Maatregel.besluit_datum) >= p.van, col(Maatregel.besluit_datum) < p.tot,
                col(Maatregel.type).is_not(None), col(Maatregel.status) != "ingetrokken")
         .group_by(col(Maatregel.gemeente), col(Maatregel.type)))
    return [(g, str(t), int(n)) for g, t, n in s.exec(q)]


def intakes_maatregelen(s: Session, p: Periode) -> Tabel:
    # Period days are Amsterdam calendar days; `op` is stored in UTC.
    van, tot = (lokaal_naar_utc(datetime.combine(d, time())) for d in (p.van, p.tot))
    q = (select(AuditEvent.gemeente, func.count())
         .where(col(AuditEvent.gebeurtenis) == INTAKE_AFGEROND, col(AuditEvent.op) >= van, col(AuditEvent.op) < tot,
                col(AuditEvent.gemeente).is_not(None))
         .group_by(col(AuditEvent.gemeente)))
    intakes: Counter[str] = Counter({str(g): int(n) for g, n in s.exec(q)})
    maatregelen: Counter[str] = Counter()
    for g, _, n in _maatregelen(s, p):
        maatregelen[g] += n
    return _tabel(f"Intakes en maatregelen {p.naam}",
                  [("Aantal afgeronde intakes", intakes), ("Aantal maatregelen", maatregelen)], met_totaalrij=False)


def beschikkingen(s: Session, p: Periode) -> Tabel:
    per_type: dict[str, Counter[str]] = {t.value: Counter() for t in BeschikkingType}
    for g, t, n in _maatregelen(s, p):
        per_type.setdefault(t, Counter())[g] += n
    return _tabel(f"Beschikkingen {p.naam}", [(TYPE_LABEL[t], per_type[t.value]) for t in BeschikkingType],
                  met_totaalrij=True)


def maak_tabel(s: Session, naam: str, p: Periode) -> Tabel:
    return intakes_maatregelen(s, p) if naam == "intakes-maatregelen" else beschikkingen(s, p)
