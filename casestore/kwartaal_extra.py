"""The report tables of issue 20 beside the seven of issue 10: garantiebaan, AD&A kandidaten,
trajecten per trede and trajecten specifieke doelgroepen. Same rules as casestore/kwartaal.py:
counted from the report events (live and imported alike), every Totaal from the events
themselves, and each table checked (domain/rapport.py) before anyone sees it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from casestore.kwartaal import (
    AANMELDING,
    UITSTROOM,
    Gemeenten,
    _gemeente_tabel,
    _in,
    _label,
    _per_gemeente,
    gemeenten,
    voorraad,
)
from casestore.models import AuditEvent
from domain.rapport import (
    GEBEURTENIS,
    INDICATIE_BANENAFSPRAAK,
    NB,
    TOTAAL,
    VERLENGDE_INTAKE_VERVALLEN,
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

TREDE = GEBEURTENIS[Soort.trede]
VI_START = GEBEURTENIS[Soort.verlengde_intake_start]
VI_EINDE = GEBEURTENIS[Soort.verlengde_intake_einde]

# -- garantiebaan (issue 20, item 12) ----------------------------------------------------------------
# Row -> the age bands at placement it counts, and its Afspraak key. "> 18 jarige" is the published
# label; it counts everyone of 18 and older ("18+" is the band of an import that knows no more).
GARANTIEBAAN_RIJEN: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("> 18 jarige", ("18+", "18-49", "50+"), "garantiebaan_18plus"),
    ("PRO/VSO 16/17 jarige", ("16/17",), "garantiebaan_pro_vso"),
)
JONGER = "Jonger dan 16"  # shown only when there is one (a data error more likely than a placement)
ONBEKEND = "Leeftijd onbekend"  # a placement recorded before werkpad wrote the age band (shown only then)


def garantiebaan(s: Session, p: Periode, afspraken: Afspraken, gem: Gemeenten | None = None) -> Tabel:
    """Garantiebaan placements in the period: traject.uitstroom with the outcome garantiebaan (the
    placement that ends the garantiebaan route; UWV's indicatie banenafspraak itself is no
    placement), by the age band at placement (the event's data `leeftijd`), against the Afspraak."""
    q = select(AuditEvent.data).where(col(AuditEvent.gebeurtenis) == UITSTROOM,
                                      col(AuditEvent.waarde) == "garantiebaan", _in(p))
    banden: Counter[str | None] = Counter((d or {}).get("leeftijd") for d in s.exec(q))
    afspraak = afspraken.get(p.van.year, {})
    t = Tabel(f"Garantiebaan {p.naam}", ["Realisatie", "Afspraak", "%"],
              voetnoten=aanname_voetnoot(afspraken, p.van.year))
    doelen: list[int | None] = []
    for label, klassen, sleutel in GARANTIEBAAN_RIJEN:
        n = sum(banden[k] for k in klassen)
        doel = afspraak.get(sleutel)
        doelen.append(doel)
        t.rijen.append((label, [n, NB if doel is None else doel, procent(n, doel)]))
    bekend = {k for _, klassen, _ in GARANTIEBAAN_RIJEN for k in klassen}
    if banden["<16"]:
        t.rijen.append((JONGER, [banden["<16"], NB, NB]))
    overig = sum(n for k, n in banden.items() if k not in bekend and k != "<16")
    if overig:
        t.rijen.append((ONBEKEND, [overig, NB, NB]))
    totaal = sum(banden.values())
    doel_totaal = None if any(d is None for d in doelen) else sum(d for d in doelen if d is not None)
    t.rijen.append((TOTAAL, [totaal, NB if doel_totaal is None else doel_totaal, procent(totaal, doel_totaal)]))
    controleer_totalen(t)
    return t


# -- AD&A kandidaten (issue 20, item 13) -------------------------------------------------------------
ADA_KOLOMMEN = ["Stand begin", "Bij", "Af", "Stand eind", "Afspraak", "%"]


def ada_kandidaten(s: Session, p: Periode, afspraken: Afspraken, gem: Gemeenten | None = None) -> Tabel:
    """Kandidaten in the verlengde intake at AD&A per gemeente: in with verlengde_intake.gestart, out
    with the advies (verlengde_intake.advies_gegeven) or when the intake lapses before it
    (verlengde_intake.vervallen: the traject closed). Replayed per traject in date order, so a lapse
    after the advies is not a second exit. The Afspraak (the year's instroom target, `verlengde_intake`
    in afspraken.toml) is set against the Bij of the Totaal row."""
    gem = gemeenten(s, p) if gem is None else gem
    q = (sa_select(col(AuditEvent.referentie), col(AuditEvent.traject_id), col(AuditEvent.gemeente),
                   col(AuditEvent.gebeurtenis), col(AuditEvent.datum))
         .where(col(AuditEvent.gebeurtenis).in_([VI_START, VI_EINDE, VERLENGDE_INTAKE_VERVALLEN]),
                col(AuditEvent.datum) < p.tot)
         .order_by(col(AuditEvent.datum), col(AuditEvent.id)))
    binnen: set[Any] = set()
    begin: Counter[str | None] = Counter()
    bij: Counter[str | None] = Counter()
    af: Counter[str | None] = Counter()
    eind: Counter[str | None] = Counter()
    for ref, tid, gemeente, gebeurtenis, datum in s.execute(q):
        sleutel = ref or tid
        g = _label(gemeente)
        tijdens = datum >= p.van
        if gebeurtenis == VI_START and sleutel not in binnen:
            binnen.add(sleutel)
            (bij if tijdens else begin)[g] += 1
        elif gebeurtenis != VI_START and sleutel in binnen:
            binnen.discard(sleutel)
            if tijdens:
                af[g] += 1
            else:
                begin[g] -= 1
    for c in (begin, bij):
        eind.update(c)
    eind.subtract(af)
    rijen = sorted(set(gem) | {g for g in (*begin, *eind) if g is not None and (begin[g] or eind[g])})
    t = Tabel(f"AD&A kandidaten {p.naam}", list(ADA_KOLOMMEN), voetnoten=aanname_voetnoot(afspraken, p.van.year))
    for g in rijen:
        t.rijen.append((g, [begin[g], bij[g], af[g], eind[g], NB, NB]))
    if None in (*begin, *bij, *af):  # an event without a gemeente: its own row, so Totaal stays the sum
        t.rijen.append(("Zonder gemeente", [begin[None], bij[None], af[None], eind[None], NB, NB]))
    doel = afspraken.get(p.van.year, {}).get("verlengde_intake")
    n_bij = sum(bij.values())
    t.rijen.append((TOTAAL, [sum(begin.values()), n_bij, sum(af.values()), sum(eind.values()),
                             NB if doel is None else doel, procent(n_bij, doel)]))
    controleer_fasen(t)
    return t


# -- trajecten per trede (issue 20, item 13) ---------------------------------------------------------
def treden(s: Session, p: Periode, gem: Gemeenten | None = None) -> Tabel:
    """Stock and flow per trede of the participatieladder (the years reported in treden, before
    2021) from the traject.trede events: waarde = the trede entered, fase = the trede left (the
    import writes them; an uitstroom leaves the trede)."""
    rij = voorraad(s, p, TREDE)
    t = Tabel(f"Trajecten per trede {p.naam}", stand_kolommen(p))
    t.rijen = [*((f"Trede {n}", rij(str(n))) for n in range(1, 7)), (TOTAAL, rij(None))]
    controleer_fasen(t)
    return t


# -- trajecten specifieke doelgroepen (issue 20, item 16) -------------------------------------------
STATUSHOUDERS_ONTBREKEN = ("* Statushouders: werkpad legt niet vast of een deelnemer statushouder is; die rij "
                           "ontbreekt tot de aanmelding het vastlegt.")


def doelgroepen(s: Session, p: Periode, gem: Gemeenten | None = None) -> Tabel:
    """New trajecten (aanmeldingen) in the period of the doelgroepen the events know: 16/17 jarigen
    (PRO/VSO) and 50+ by the age band at aanmelding (its waarde), and UWV's positive indicatie
    banenafspraak (the doelgroepregister) in the period. The rows overlap, so there is no Totaal row."""
    gem = gemeenten(s, p) if gem is None else gem
    leeftijd = _per_gemeente(s, col(AuditEvent.waarde), col(AuditEvent.gebeurtenis) == AANMELDING, _in(p))
    register = _per_gemeente(s, col(AuditEvent.gebeurtenis), col(AuditEvent.gebeurtenis) == INDICATIE_BANENAFSPRAAK,
                             _in(p))
    t = _gemeente_tabel(f"Trajecten specifieke doelgroepen {p.naam}", gem, [
        ("PRO/VSO 16/17 jarigen", leeftijd.get("16/17", Counter())),
        ("50+", leeftijd.get("50+", Counter())),
        ("Doelgroepregister (indicatie banenafspraak)", register.get(INDICATIE_BANENAFSPRAAK, Counter()))])
    t.voetnoten.append(STATUSHOUDERS_ONTBREKEN)
    return t
