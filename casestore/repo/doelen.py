"""The trajectplan's goals and actions (domain/trajectplan.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from casestore.models import Actie, Deadline, Doel, Taak, Traject


def add_doel(session: Session, *, traject: Traject, omschrijving: str, nu: datetime) -> Doel:
    assert traject.id is not None
    d = Doel(traject_id=traject.id, omschrijving=omschrijving, aangemaakt_op=nu)
    session.add(d)
    session.flush()
    return d


def add_actie(session: Session, *, traject: Traject, omschrijving: str, eigenaar_email: str, uiterlijk: date,
              nu: datetime, taak: Taak, doel: Doel | None = None, soort: str = "actie",
              voorziening: str | None = None, instelling: str | None = None,
              verwezen_op: date | None = None) -> Actie:
    assert traject.id is not None
    a = Actie(traject_id=traject.id, doel_id=doel.id if doel else None, soort=soort, omschrijving=omschrijving,
              eigenaar_email=eigenaar_email, uiterlijk=uiterlijk, taak_id=taak.id, voorziening=voorziening,
              instelling=instelling, verwezen_op=verwezen_op, aangemaakt_op=nu)
    session.add(a)
    session.flush()
    return a


def get_doel(session: Session, *, doel_id: int) -> tuple[Doel, str] | None:
    """The goal and the reference of its traject, or None."""
    row = session.exec(select(Doel, Traject.referentie).where(Doel.id == doel_id, Doel.traject_id == Traject.id)).first()
    return (row[0], row[1]) if row is not None else None


def get_actie(session: Session, *, actie_id: int) -> tuple[Actie, str] | None:
    """The action and the reference of its traject, or None."""
    row = session.exec(select(Actie, Traject.referentie).where(Actie.id == actie_id,
                                                               Actie.traject_id == Traject.id)).first()
    return (row[0], row[1]) if row is not None else None


def get_actie_van_taak(session: Session, *, taak_id: int) -> Actie | None:
    return session.exec(select(Actie).where(Actie.taak_id == taak_id)).first()


def trajectplan(session: Session, *, traject: Traject) -> tuple[list[Doel], list[Actie]]:
    doelen = session.exec(select(Doel).where(Doel.traject_id == traject.id).order_by(col(Doel.id))).all()
    acties = session.exec(select(Actie).where(Actie.traject_id == traject.id).order_by(col(Actie.id))).all()
    return list(doelen), list(acties)


def sluit_actie(session: Session, *, actie: Actie, status: str, nu: datetime, toelichting: str | None = None) -> None:
    """Close an action (gedaan | vervallen) and its open task with its deadline, in the caller's transaction."""
    actie.status, actie.gesloten_op = status, nu
    if toelichting is not None:
        actie.toelichting = toelichting
    session.add(actie)
    taak = session.get(Taak, actie.taak_id) if actie.taak_id is not None else None
    if taak is not None and taak.status == "open":
        taak.status, taak.afgerond_op = "afgerond" if status == "gedaan" else "vervallen", nu
        session.add(taak)
        session.execute(update(Deadline).where(col(Deadline.id) == taak.deadline_id)
                        .values(status=taak.status, next_reminder_at=None))


def laat_trajectplan_vervallen(session: Session, *, traject: Traject, nu: datetime) -> tuple[int, int]:
    """The traject closes: its open goals and actions lapse (their taken lapse with the traject's)."""
    doelen = session.execute(update(Doel).where(col(Doel.traject_id) == traject.id, col(Doel.status) == "open")
                             .values(status="vervallen", gesloten_op=nu))
    acties = session.execute(update(Actie).where(col(Actie.traject_id) == traject.id, col(Actie.status) == "open")
                             .values(status="vervallen", gesloten_op=nu))
    return int(doelen.rowcount), int(acties.rowcount)  # type: ignore[attr-defined]
