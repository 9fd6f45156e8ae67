"""Queries of the maatregelonderzoek (table `maatregel`, its `document`): the case store's room,
so tasks/maatregel.py holds no SQL."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from casestore.models import Document, Maatregel
from domain.maatregel import BeschikkingType


def van_stap(session: Session, *, stap_id: int | None) -> Maatregel | None:
    return session.exec(select(Maatregel).where(Maatregel.proces_stap_id == stap_id)).first()


def laatste_beschikking(session: Session, *, traject_id: int | None) -> Maatregel | None:
    """The newest maatregel of a traject that has a besluit."""
    return session.exec(select(Maatregel).where(Maatregel.traject_id == traject_id,
                                                col(Maatregel.besluit_datum).is_not(None))
                        .order_by(col(Maatregel.id).desc())).first()


def opgelegd_aan(session: Session, *, deelnemer_id: int, behalve: int | None) -> list[Maatregel]:
    """The person's imposed maatregelen (recidive): with a besluit, not afzien, not revoked in bezwaar
    (herzien, by heroverweging or inkeer, was imposed all the same)."""
    return list(session.exec(select(Maatregel).where(
        Maatregel.deelnemer_id == deelnemer_id, Maatregel.id != behalve,
        col(Maatregel.status).in_(("actief", "herzien")), Maatregel.type != BeschikkingType.AFZIEN.value,
        col(Maatregel.besluit_datum).is_not(None))).all())


def van_traject(session: Session, *, traject_id: int | None) -> list[Maatregel]:
    return list(session.exec(select(Maatregel).where(Maatregel.traject_id == traject_id)
                             .order_by(col(Maatregel.id))).all())


def zelfde_verzuim(session: Session, *, deelnemer_id: int, gedraging: str, verzuim_op: date) -> Maatregel | None:
    """An earlier onderzoek of the same person for the same gedraging on the same day (not withdrawn)."""
    return session.exec(select(Maatregel).where(Maatregel.deelnemer_id == deelnemer_id,
                                                Maatregel.gedraging == gedraging, Maatregel.verzuim_op == verzuim_op,
                                                Maatregel.status != "ingetrokken")).first()


def beschikking_document(session: Session, *, maatregel_id: int | None) -> Document | None:
    return session.exec(select(Document).where(Document.maatregel_id == maatregel_id,
                                               Document.soort == "beschikking")
                        .order_by(col(Document.id).desc())).first()


def met_open_zaak(session: Session) -> list[Maatregel]:
    """Beschikte maatregelen whose own zaak at the gemeente is not closed yet (the sweep closes them)."""
    return list(session.exec(select(Maatregel).where(col(Maatregel.besluit_datum).is_not(None),
                                                     col(Maatregel.zaak_afgesloten_op).is_(None))
                             .order_by(col(Maatregel.id))).all())
