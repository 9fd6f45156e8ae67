"""Report queries (werkvoorraad)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from casestore.models import Deadline, Taak, Traject
from domain.herinneringen import WACHTTERMIJN


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
