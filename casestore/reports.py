"""Report queries (werkvoorraad, stock/bij/af per fase, maatregelen per gemeente)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from casestore.models import AuditEvent, Deadline, Maatregel, Taak, Traject
from domain.fasen import FASE_GEBEURTENIS, Fase, Telling, telling_per_fase
from domain.gemeenten import Gemeente
from domain.herinneringen import WACHTTERMIJN, lokale_datum
from domain.invoer import OngeldigeInvoer
from domain.maatregel import BeschikkingType


@dataclass(frozen=True)
class WerkvoorraadRegel:
    referentie: str
    gemeente: str
    wat: str
    due: date
    soort: str  # taak | termijn
    taak_id: int | None = None  # what `werkpad taak-afronden` takes; None for a legal term


def werkvoorraad(session: Session, *, eigenaar: str | None = None) -> dict[str, list[WerkvoorraadRegel]]:
    """Open tasks and open legal terms per owner, earliest due first.

    Waiting terms (zoektermijn, inspanningsperiode) are no work for anyone: left out.
    """
    q = (select(Deadline, Traject.referentie, Traject.gemeente, Taak.id)
         .join(Traject, col(Traject.id) == Deadline.traject_id)
         .outerjoin(Taak, col(Taak.deadline_id) == Deadline.id)
         .where(Deadline.status == "open", Deadline.beleid != WACHTTERMIJN))
    if eigenaar is not None:
        q = q.where(Deadline.eigenaar_email == eigenaar)
    out: dict[str, list[WerkvoorraadRegel]] = {}
    for d, ref, gem, taak_id in session.exec(q.order_by(col(Deadline.due), col(Deadline.id))):
        out.setdefault(d.eigenaar_email, []).append(
            WerkvoorraadRegel(ref, gem, d.omschrijving, d.due, "taak" if d.soort == "taak" else "termijn", taak_id))
    return out


def eigenaars_met_open_werk(session: Session) -> list[str]:
    rows = session.exec(select(Deadline.eigenaar_email)
                        .where(Deadline.status == "open", Deadline.beleid != WACHTTERMIJN).distinct())
    return sorted(rows)


def open_taken_telling(session: Session) -> int:
    return len(session.exec(select(Taak.id).where(Taak.status == "open")).all())


def fasen_telling(session: Session, *, van: date, tot: date, gemeente: str | None = None) -> dict[Fase, Telling]:
    """Stock at the start and end of [van, tot], instroom (bij) and uitstroom (af) per fase, from
    the `traject.fase` events alone (Dutch calendar dates), optionally for one gemeente."""
    q = select(AuditEvent).where(AuditEvent.gebeurtenis == FASE_GEBEURTENIS)
    if gemeente is not None:
        q = q.where(AuditEvent.gemeente == gemeente)
    rows = [(lokale_datum(e.op), e.referentie or str(e.traject_id), e.data.get("van"), e.data.get("naar"))
            for e in session.exec(q)]
    return telling_per_fase(rows, van, tot)


def maatregelen_per_gemeente(session: Session, van: date, tot: date) -> dict[str, Any]:
    """Maatregelonderzoeken afgerond in [van, tot) by besluit_datum, per gemeente: how many, how many
    led to a maatregel (opgelegd: every type but AFZIEN) and how many to afzien, the matrix
    gemeente × beschikking type, and how many of them were later herroepen in bezwaar (they still
    count as afgerond: the beschikking was taken in the period). Every gemeente and every type is
    present, also with zero, so the table has the same shape each quarter."""
    if tot <= van:
        raise OngeldigeInvoer(f"De periode is leeg: 'tot' ({tot.isoformat()}) moet na 'van' ({van.isoformat()}) "
                              "liggen.")

    def leeg() -> dict[str, Any]:
        return {"onderzoeken_afgerond": 0, "opgelegd": 0, "afgezien": 0, "herroepen": 0,
                "per_type": {t.value: 0 for t in BeschikkingType}}

    per: dict[str, dict[str, Any]] = {g.value: leeg() for g in Gemeente}
    totaal = leeg()
    q = (select(Maatregel.gemeente, Maatregel.type, Maatregel.status, func.count())
         .where(col(Maatregel.besluit_datum) >= van, col(Maatregel.besluit_datum) < tot,
                col(Maatregel.type).is_not(None))
         .group_by(col(Maatregel.gemeente), col(Maatregel.type), col(Maatregel.status)))
    for gemeente, soort, status, n in session.exec(q):
        for doel in (per.setdefault(gemeente, leeg()), totaal):
            doel["onderzoeken_afgerond"] += n
            doel["afgezien" if soort == BeschikkingType.AFZIEN.value else "opgelegd"] += n
            doel["herroepen"] += n if status == "herroepen" else 0
            doel["per_type"][soort] = doel["per_type"].get(soort, 0) + n
    return {"van": van.isoformat(), "tot": tot.isoformat(), "gemeenten": per, "totaal": totaal}
