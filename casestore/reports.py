"""Report queries (werkvoorraad, stock/bij/af per fase)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from casestore.models import AuditEvent, Deadline, Taak, Traject
from domain.fasen import FASE_GEBEURTENIS, Fase, Telling, telling_per_fase
from domain.herinneringen import WACHTTERMIJN, lokale_datum


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
    rows = [(lokale_datum(e.op), e.traject_id, e.data.get("van"), e.data.get("naar")) for e in session.exec(q)]
    return telling_per_fase(rows, van, tot)
