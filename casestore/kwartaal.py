"""Queries that fill the quarterly report tables (issue 10): every table from the report events.

Each table is counted from AuditEvent's report columns (`gebeurtenis`, `datum`, `waarde`, `fase`,
`gemeente`) with one GROUP BY query; live steps and the historical import write the same events,
so past and new periods count the same way. A period is `p.van <= datum < p.tot` (Amsterdam days).

Every `Totaal` (column and row) is counted from the events themselves, not added up from the
cells, so the reconciliation in domain/rapport.py is a real check: an event with an unknown
value or without a gemeente makes it fail, naming the cell, instead of vanishing from a table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import case, distinct
from sqlalchemy import func as sa_func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from casestore.models import AuditEvent
from domain.fasen import FASE_LABEL, Fase
from domain.maatregel import TYPE_LABEL, BeschikkingType
from domain.rapport import (
    GEBEURTENIS,
    NB,
    PASSENDE_PLEK,
    TOTAAL,
    Afspraken,
    Periode,
    Soort,
    Tabel,
    aanname_voetnoot,
    controleer_fasen,
    controleer_totalen,
    procent,
    stand_kolommen,
)

TABELLEN: tuple[str, ...] = ("intakes-maatregelen", "beschikkingen", "fasen", "fase-uitstroom", "regulier-werk",
                             "nbw", "funnel", "garantiebaan", "ada-kandidaten", "treden", "doelgroepen")
TREDEN_TOT = date(2021, 1, 1)  # the participatieladder was reported until 2021; later periods report fasen


def tabellen_voor(p: Periode) -> tuple[str, ...]:
    """The tables of a period's report (`--tabel alle`, the mail): every table, `treden` only for a
    period that starts before 2021 (the years reported in treden)."""
    return tuple(n for n in TABELLEN if n != "treden" or p.van < TREDEN_TOT)

AANMELDING = GEBEURTENIS[Soort.aanmelding]
INTAKE = GEBEURTENIS[Soort.intake_afgerond]
BESCHIKKING = GEBEURTENIS[Soort.maatregel_beschikking]
FASE = GEBEURTENIS[Soort.fase]
UITSTROOM = GEBEURTENIS[Soort.uitstroom]
PARTTIME = GEBEURTENIS[Soort.parttime_werk]
NBW = GEBEURTENIS[Soort.nbw_plaatsing]

# fase-uitstroom: column -> the uitstroom values it counts (the other outcomes are not in this table).
UITSTROOM_KOLOMMEN: dict[str, tuple[str, ...]] = {
    "Werkaanvaarding": ("werkaanvaarding",),
    "Passende plek": PASSENDE_PLEK,
    "Voortijdig afgebroken": ("voortijdig-afgebroken",),
}
ZONDER_FASE = "Zonder fase"  # fase-uitstroom: an uitstroom of a traject that was in no fase (shown only then)

Gemeenten = list[str]  # the column labels of the period's gemeenten (capitalised, alphabetical), without Totaal
PerGemeente = dict[str | None, Counter[str | None]]  # row key -> gemeente label (None: none) -> count


def _in(p: Periode) -> Any:
    return (col(AuditEvent.datum) >= p.van) & (col(AuditEvent.datum) < p.tot)


def _label(gemeente: str | None) -> str | None:
    return gemeente.capitalize() if gemeente else None


def gemeenten(s: Session, p: Periode) -> Gemeenten:
    """Every gemeente with any report event in the period: one set for all tables of the period."""
    q = (select(distinct(col(AuditEvent.gemeente)))
         .where(col(AuditEvent.gebeurtenis).in_(list(GEBEURTENIS.values())), _in(p),
                col(AuditEvent.gemeente).is_not(None)))
    return sorted({g.capitalize() for g in s.exec(q) if g})


def _per_gemeente(s: Session, sleutel: Any, *voorwaarden: Any) -> PerGemeente:
    """COUNT(*) per (sleutel, gemeente) of the events that meet the conditions."""
    q = (select(sleutel, AuditEvent.gemeente, sa_func.count())
         .where(*voorwaarden).group_by(sleutel, col(AuditEvent.gemeente)))
    out: PerGemeente = {}
    for k, g, n in s.exec(q):
        out.setdefault(k, Counter())[_label(g)] += int(n)
    return out


def _rij(c: Counter[str | None], gem: Gemeenten) -> list[int | str]:
    """The gemeente cells, then Totaal: every event, also one of a gemeente without a column."""
    return [*(c.get(g, 0) for g in gem), sum(c.values())]


def _som(tellingen: Iterable[Counter[str | None]]) -> Counter[str | None]:
    out: Counter[str | None] = Counter()
    for c in tellingen:
        out.update(c)
    return out


def _gemeente_tabel(titel: str, gem: Gemeenten, rijen: list[tuple[str, Counter[str | None]]],
                    totaalrij: Counter[str | None] | None = None) -> Tabel:
    t = Tabel(titel, [*gem, TOTAAL], [(label, _rij(c, gem)) for label, c in rijen])
    if totaalrij is not None:
        t.rijen.append((TOTAAL, _rij(totaalrij, gem)))
    controleer_totalen(t)
    return t


# -- 1, 2: intakes en maatregelen, beschikkingen ---------------------------------------------------
def intakes_maatregelen(s: Session, p: Periode, gem: Gemeenten | None = None) -> Tabel:
    """Afgeronde brede intakes (brede_intake.afgerond, every outcome) and completed
    maatregelonderzoeken (maatregelonderzoek.beschikt, afzien included) per gemeente."""
    gem = gemeenten(s, p) if gem is None else gem
    tel = _per_gemeente(s, col(AuditEvent.gebeurtenis), col(AuditEvent.gebeurtenis).in_([INTAKE, BESCHIKKING]),
                        _in(p))
    return _gemeente_tabel(f"Intakes en maatregelen {p.naam}", gem, [
        ("Aantal afgeronde intakes", tel.get(INTAKE, Counter())),
        ("Aantal maatregelen", tel.get(BESCHIKKING, Counter()))])


def beschikkingen(s: Session, p: Periode, gem: Gemeenten | None = None) -> Tabel:
    """maatregelonderzoek.beschikt per type (its waarde) and gemeente; Totaal counts every beschikking."""
    gem = gemeenten(s, p) if gem is None else gem
    tel = _per_gemeente(s, col(AuditEvent.waarde), col(AuditEvent.gebeurtenis) == BESCHIKKING, _in(p))
    return _gemeente_tabel(f"Beschikkingen {p.naam}", gem,
                           [(TYPE_LABEL[b], tel.get(b.value, Counter())) for b in BeschikkingType],
                           totaalrij=_som(tel.values()))


# -- 3, 4: fasen (stock and flow), uitstroom per fase ----------------------------------------------
def voorraad(s: Session, p: Periode, gebeurtenis: str) -> Callable[[str | None], list[int | str]]:
    """Stock and flow from events where waarde = what was entered and fase = what was left (None:
    nothing): Begin = entries − exits before the period; Bij / Af = entries / exits in it; Eind =
    entries − exits before the period's end, counted on its own. One scan, grouped by (entered,
    left). Returns the row of a key; None: the Totaal row, from every event (also an unknown key)."""
    voor = sa_func.sum(case((col(AuditEvent.datum) < p.van, 1), else_=0))
    tijdens = sa_func.sum(case((col(AuditEvent.datum) >= p.van, 1), else_=0))
    q = (sa_select(col(AuditEvent.waarde), col(AuditEvent.fase), voor, tijdens, sa_func.count())
         .where(col(AuditEvent.gebeurtenis) == gebeurtenis, col(AuditEvent.datum) < p.tot)
         .group_by(col(AuditEvent.waarde), col(AuditEvent.fase)))
    naar_v: Counter[str] = Counter()
    naar_t: Counter[str] = Counter()
    naar_e: Counter[str] = Counter()
    uit_v: Counter[str] = Counter()
    uit_t: Counter[str] = Counter()
    uit_e: Counter[str] = Counter()
    for naar, van, n_voor, n_tijdens, n in s.execute(q):
        if naar is not None:
            naar_v[naar], naar_t[naar], naar_e[naar] = (naar_v[naar] + int(n_voor or 0),
                                                        naar_t[naar] + int(n_tijdens or 0), naar_e[naar] + int(n))
        if van is not None:
            uit_v[van], uit_t[van], uit_e[van] = (uit_v[van] + int(n_voor or 0), uit_t[van] + int(n_tijdens or 0),
                                                  uit_e[van] + int(n))

    def rij(f: str | None) -> list[int | str]:
        def n(c: Counter[str]) -> int:
            return sum(c.values()) if f is None else c.get(f, 0)
        return [n(naar_v) - n(uit_v), n(naar_t), n(uit_t), n(naar_e) - n(uit_e)]

    return rij


def fasen(s: Session, p: Periode, gem: Gemeenten | None = None) -> Tabel:
    """Stock and flow per fase from the traject.fase events: waarde = the fase entered, fase = the
    fase left (an uitstroom writes one leaving to no fase). The stock columns are labelled with the
    period's first and last day, as the published table does (1-1-2023, Bij, Af, 30-6-2023)."""
    rij = voorraad(s, p, FASE)
    t = Tabel(f"Fasen {p.naam}", stand_kolommen(p))
    t.rijen = [*((FASE_LABEL[f], rij(f.value)) for f in Fase), (TOTAAL, rij(None))]
    controleer_fasen(t)
    return t


def fase_uitstroom(s: Session, p: Periode, gem: Gemeenten | None = None) -> Tabel:
    """Trajecten that ended in the period (traject.uitstroom) by the fase they were in and the
    outcome. An uitstroom without a fase gets the row 'Zonder fase', only when there is one."""
    q = (select(AuditEvent.fase, AuditEvent.waarde, sa_func.count())
         .where(col(AuditEvent.gebeurtenis) == UITSTROOM, _in(p))
         .group_by(col(AuditEvent.fase), col(AuditEvent.waarde)))
    kolom_van = {w: k for k, ws in UITSTROOM_KOLOMMEN.items() for w in ws}
    tel: dict[str | None, Counter[str]] = {}
    totaal: Counter[str] = Counter()
    for fase, waarde, n in s.exec(q):
        k = kolom_van.get(waarde or "")
        if k is not None:
            tel.setdefault(fase, Counter())[k] += int(n)
            totaal[k] += int(n)
    kolommen = list(UITSTROOM_KOLOMMEN)
    t = Tabel(f"Uitstroom per fase {p.naam}", kolommen)
    for f in Fase:
        c = tel.get(f.value, Counter())
        t.rijen.append((FASE_LABEL[f], [c[k] for k in kolommen]))
    if None in tel:
        t.rijen.append((ZONDER_FASE, [tel[None][k] for k in kolommen]))
    t.rijen.append((TOTAAL, [totaal[k] for k in kolommen]))
    controleer_totalen(t)
    return t


# -- 5, 6, 7: regulier werk, nieuw beschut werk, funnel -------------------------------------------
REGULIER_WERK: tuple[tuple[str, str, str | None, str], ...] = (  # row, event, uitstroom value, Afspraak key
    ("Werkaanvaarding", UITSTROOM, "werkaanvaarding", "werkaanvaarding"),
    ("Parttime werk", PARTTIME, None, "parttime_werk"),
    ("Maximale participatie", UITSTROOM, "maximale-participatie", "maximale_participatie"),
)


def regulier_werk(s: Session, p: Periode, afspraken: Afspraken, gem: Gemeenten | None = None) -> Tabel:
    """The 2020 report's table 6a: Werkaanvaarding and Maximale participatie (traject.uitstroom with
    that outcome), Parttime werk (traject.deels_uitgestroomd) and their Totaal per gemeente, against
    the yearly Afspraak of the period's year (also for a quarter: the realisation so far against the
    year's target). The Totaal's Afspraak is the sum of the three, `n.b.` when one is missing."""
    gem = gemeenten(s, p) if gem is None else gem
    sleutel = case((col(AuditEvent.gebeurtenis) == PARTTIME, PARTTIME), else_=col(AuditEvent.waarde))
    uitstroom = [w for _, _, w, _ in REGULIER_WERK if w is not None]
    tel = _per_gemeente(s, sleutel,
                        ((col(AuditEvent.gebeurtenis) == UITSTROOM) & col(AuditEvent.waarde).in_(uitstroom))
                        | (col(AuditEvent.gebeurtenis) == PARTTIME), _in(p))
    afspraak = afspraken.get(p.van.year, {})
    t = Tabel(f"Regulier werk {p.naam}", [*gem, TOTAAL, "Afspraak", "%"],
              voetnoten=aanname_voetnoot(afspraken, p.van.year))
    doelen: list[int | None] = []
    for label, gebeurtenis, waarde, sleutel_afspraak in REGULIER_WERK:
        cellen = _rij(tel.get(waarde or gebeurtenis, Counter()), gem)
        doel = afspraak.get(sleutel_afspraak)
        doelen.append(doel)
        totaal = cellen[-1]
        assert isinstance(totaal, int)
        t.rijen.append((label, [*cellen, NB if doel is None else doel, procent(totaal, doel)]))
    cellen = _rij(_som(tel.values()), gem)
    doel_totaal = None if any(d is None for d in doelen) else sum(d for d in doelen if d is not None)
    totaal = cellen[-1]
    assert isinstance(totaal, int)
    t.rijen.append((TOTAAL, [*cellen, NB if doel_totaal is None else doel_totaal, procent(totaal, doel_totaal)]))
    controleer_totalen(t)  # the gemeenten add up to Totaal, the rows to the Totaal row (Afspraak too)
    return t


def nbw(s: Session, p: Periode, gem: Gemeenten | None = None) -> Tabel:
    """Nieuw Beschut Werk plaatsingen (indicatie.geplaatst) per gemeente: before the period (all
    history, cumulative) and in it. A gemeente with plaatsingen before the period only also gets
    its row, so that 'Instroom tot periode' counts all of them."""
    gem = gemeenten(s, p) if gem is None else gem
    voor = sa_func.sum(case((col(AuditEvent.datum) < p.van, 1), else_=0))
    tijdens = sa_func.sum(case((col(AuditEvent.datum) >= p.van, 1), else_=0))
    q = (select(AuditEvent.gemeente, voor, tijdens, sa_func.count())
         .where(col(AuditEvent.gebeurtenis) == NBW, col(AuditEvent.datum) < p.tot)
         .group_by(col(AuditEvent.gemeente)))
    tel: dict[str | None, tuple[int, int, int]] = {}
    for g, n_voor, n_tijdens, n in s.exec(q):
        oud = tel.get(_label(g), (0, 0, 0))
        tel[_label(g)] = (oud[0] + int(n_voor or 0), oud[1] + int(n_tijdens or 0), oud[2] + int(n))
    rijen = sorted(set(gem) | {g for g, (n_voor, _, _) in tel.items() if g is not None and n_voor})
    t = Tabel(f"Nieuw Beschut Werk {p.naam}", ["Instroom tot periode", "Instroom periode", TOTAAL])
    for g in rijen:
        t.rijen.append((g, list[int | str](tel.get(g, (0, 0, 0)))))
    t.rijen.append((TOTAAL, [sum(v[i] for v in tel.values()) for i in range(3)]))
    controleer_totalen(t)
    return t


def funnel(s: Session, p: Periode, gem: Gemeenten | None = None) -> Tabel:
    """Aanmeldingen (traject.aangemeld), afgeronde intakes (brede_intake.afgerond) and of those the
    negative advices and the ones sent to the verlengde intake, per gemeente."""
    gem = gemeenten(s, p) if gem is None else gem
    aanmeldingen = _per_gemeente(s, col(AuditEvent.gebeurtenis), col(AuditEvent.gebeurtenis) == AANMELDING, _in(p))
    intakes = _per_gemeente(s, col(AuditEvent.waarde), col(AuditEvent.gebeurtenis) == INTAKE, _in(p))
    return _gemeente_tabel(f"Funnel {p.naam}", gem, [
        ("Aanmeldingen", aanmeldingen.get(AANMELDING, Counter())),
        ("Afgeronde intakes", _som(intakes.values())),
        ("Negatief re-integratieadvies", intakes.get("negatief", Counter())),
        ("Naar verlengde intake", intakes.get("verlengde_intake", Counter()))])


# -- the public API ----------------------------------------------------------------------------------
def maak_tabel(s: Session, naam: str, p: Periode, afspraken: Afspraken, gem: Gemeenten | None = None) -> Tabel:
    """One reconciled table by its name in TABELLEN (a failed check raises Controlefout)."""
    from casestore import kwartaal_extra as extra

    gem = gemeenten(s, p) if gem is None else gem
    met_afspraken: dict[str, Callable[[Session, Periode, Afspraken, Gemeenten | None], Tabel]] = {
        "regulier-werk": regulier_werk, "garantiebaan": extra.garantiebaan, "ada-kandidaten": extra.ada_kandidaten}
    if naam in met_afspraken:
        return met_afspraken[naam](s, p, afspraken, gem)
    bouw: dict[str, Callable[[Session, Periode, Gemeenten | None], Tabel]] = {
        "intakes-maatregelen": intakes_maatregelen, "beschikkingen": beschikkingen, "fasen": fasen,
        "fase-uitstroom": fase_uitstroom, "nbw": nbw, "funnel": funnel, "treden": extra.treden,
        "doelgroepen": extra.doelgroepen}
    if naam not in bouw:
        raise ValueError(f"onbekende tabel {naam!r}; bekend: {', '.join(TABELLEN)}")
    return bouw[naam](s, p, gem)


def maak_tabellen(s: Session, p: Periode, afspraken: Afspraken) -> list[Tabel]:
    """The tables of the period's report (tabellen_voor: TABELLEN's order), with one set of gemeente columns."""
    gem = gemeenten(s, p)
    return [maak_tabel(s, naam, p, afspraken, gem) for naam in tabellen_voor(p)]
