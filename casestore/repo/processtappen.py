"""Process instances (ProcesStap): opening one, the one generic `overgang` checked against the
process's own table, closing its taken and deadlines, lapsing them when the traject closes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from casestore.models import Deadline, ProcesStap, Taak, Traject
from casestore.repo.gebeurtenissen import audit
from domain.errors import TransitionRefused
from domain.proces import Proces


def open_proces(session: Session, *, traject: Traject, proces: Proces, nu: datetime, actor: str, omschrijving: str,
                gebeurtenis: str | None = None, data: dict[str, Any] | None = None,
                sleutel: str | None = None) -> ProcesStap:
    """Start an instance of `proces` in its start state. A second open instance of the same
    process in one traject is refused by the database (unique `open_sleutel`); a process that may
    run once per subject (a bezwaar per beschikking) passes that subject as `sleutel`."""
    assert traject.id is not None
    bestaand = get_open_stap(session, traject=traject, proces=proces, sleutel=sleutel)
    if bestaand is not None:
        raise TransitionRefused(f"{traject.referentie}: {proces.label.lower()} loopt al "
                                f"({proces.status_label(bestaand.status)}).")
    stap = ProcesStap(traject_id=traject.id, proces=proces.naam, status=proces.start, data=data or {},
                      open_sleutel=_open_sleutel(traject, proces, sleutel), geopend_op=nu)
    session.add(stap)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise TransitionRefused(f"{traject.referentie}: {proces.label.lower()} loopt al.") from None
    audit(session, traject=traject, nu=nu, actor=actor, soort=f"{proces.naam}:{proces.start}",
          omschrijving=omschrijving, proces=proces.naam, gebeurtenis=gebeurtenis, data=data)
    return stap


def _open_sleutel(traject: Traject, proces: Proces, sleutel: str | None) -> str:
    return f"{traject.id}:{proces.naam}" + (f":{sleutel}" if sleutel else "")


def get_open_stap(session: Session, *, traject: Traject, proces: Proces,
                  sleutel: str | None = None) -> ProcesStap | None:
    return session.exec(select(ProcesStap).where(
        ProcesStap.open_sleutel == _open_sleutel(traject, proces, sleutel))).first()


def open_stappen_van(session: Session, *, traject: Traject, proces: Proces) -> list[ProcesStap]:
    """Every open instance of `proces` in this traject, whatever its sleutel, oldest first."""
    return list(session.exec(select(ProcesStap).where(ProcesStap.traject_id == traject.id,
                                                      ProcesStap.proces == proces.naam,
                                                      col(ProcesStap.open_sleutel).is_not(None))
                             .order_by(col(ProcesStap.id))))


def get_stap(session: Session, *, traject: Traject, proces: Proces) -> ProcesStap:
    """The open instance of `proces`, or a refusal that says the step is not running."""
    stap = get_open_stap(session, traject=traject, proces=proces)
    if stap is None:
        raise TransitionRefused(f"{traject.referentie}: er loopt geen {proces.label.lower()}.")
    return stap


def open_stappen(session: Session, *, proces: Proces,
                 statussen: tuple[str, ...] | None = None) -> list[tuple[ProcesStap, Traject]]:
    """Every open instance of `proces` (or those in `statussen`) with its traject, oldest first: a
    scheduled check's or a poll's work list."""
    q = (select(ProcesStap, Traject).join(Traject, col(Traject.id) == col(ProcesStap.traject_id))
         .where(ProcesStap.proces == proces.naam, col(ProcesStap.open_sleutel).is_not(None)))
    if statussen is not None:
        q = q.where(col(ProcesStap.status).in_(statussen))
    return [(p, t) for p, t in session.exec(q.order_by(col(ProcesStap.id))).all()]


def processen(session: Session, *, traject: Traject) -> list[ProcesStap]:
    return list(session.exec(select(ProcesStap).where(ProcesStap.traject_id == traject.id)
                             .order_by(col(ProcesStap.id))))


def overgang(session: Session, *, traject: Traject, stap: ProcesStap, proces: Proces, naar: str, nu: datetime,
             actor: str, omschrijving: str, gebeurtenis: str | None = None, data: dict[str, Any] | None = None) -> None:
    """The one generic transition: checked against the process's own table, guarded by the
    version (two concurrent steps cannot both win), written with its audit event. The caller
    adds deadlines, taken and outbox rows in the same session and commits once."""
    if stap.proces != proces.naam:
        raise ValueError(f"processtap {stap.id} hoort bij {stap.proces}, niet bij {proces.naam}")
    proces.controleer(stap.status, naar, traject.referentie)
    gesloten = not proces.is_open(naar)
    res = session.execute(
        update(ProcesStap)
        .where(col(ProcesStap.id) == stap.id, col(ProcesStap.versie) == stap.versie)
        .values(status=naar, versie=stap.versie + 1, gesloten_op=nu if gesloten else None,
                open_sleutel=None if gesloten else ProcesStap.open_sleutel)
    )
    if res.rowcount != 1:  # type: ignore[attr-defined]
        raise TransitionRefused(f"{traject.referentie} is tegelijk door iemand anders gewijzigd; probeer opnieuw.")
    session.refresh(stap)
    audit(session, traject=traject, nu=nu, actor=actor, soort=f"{proces.naam}:{naar}",
          omschrijving=f"{proces.label}: {proces.status_label(naar)}. {omschrijving}".strip(),
          proces=proces.naam, gebeurtenis=gebeurtenis, data=data)


def sluit_taken(session: Session, *, stap: ProcesStap, nu: datetime, actor: str, codes: set[str] | None = None,
                status: str = "afgerond") -> int:
    """Close the open taken (and their deadlines) of a process instance, by code, never by title."""
    q = select(Taak).where(Taak.proces_stap_id == stap.id, Taak.status == "open")
    n = 0
    for t in session.exec(q).all():
        if codes is not None and t.code not in codes:
            continue
        t.status, t.afgerond_op = status, nu
        session.add(t)
        session.execute(update(Deadline).where(col(Deadline.id) == t.deadline_id)
                        .values(status=status, next_reminder_at=None))
        n += 1
    return n


def sluit_deadlines_van(session: Session, *, stap: ProcesStap, nu: datetime, status: str = "afgerond",
                        codes: set[str] | None = None) -> int:
    """Close the open deadlines of a process instance that are not taken (legal terms, timers)."""
    q = update(Deadline).where(col(Deadline.proces_stap_id) == stap.id, col(Deadline.status) == "open",
                               col(Deadline.soort) != "taak")
    if codes is not None:
        q = q.where(col(Deadline.code).in_(codes))
    return int(session.execute(q.values(status=status, next_reminder_at=None)).rowcount)  # type: ignore[attr-defined]


def laat_processen_vervallen(session: Session, *, traject: Traject, nu: datetime, actor: str, reden: str,
                             behalve: Collection[str] = ()) -> int:
    """The traject closes: every open process instance lapses ('vervallen' is an end state in
    every process's table), with one audit line each; the processes named in `behalve` run on."""
    n = 0
    for stap in session.exec(select(ProcesStap).where(ProcesStap.traject_id == traject.id,
                                                      col(ProcesStap.open_sleutel).is_not(None))).all():
        if stap.proces in behalve:
            continue
        session.execute(update(ProcesStap).where(col(ProcesStap.id) == stap.id)
                        .values(status="vervallen", versie=stap.versie + 1, gesloten_op=nu, open_sleutel=None))
        audit(session, traject=traject, nu=nu, actor=actor, soort=f"{stap.proces}:vervallen",
              omschrijving=f"{stap.proces.replace('_', ' ').capitalize()} vervallen: {reden}.", proces=stap.proces,
              gebeurtenis=f"{stap.proces}.vervallen")
        n += 1
    return n


def set_stap_data(session: Session, *, stap: ProcesStap, **waarden: Any) -> None:
    """Merge values into a process instance's `data` (a new dict, so the JSON column is written)."""
    stap.data = {**(stap.data or {}), **waarden}
    session.add(stap)


def processen_van_deelnemer(session: Session, *, traject: Traject, proces: Proces) -> list[ProcesStap]:
    """Every instance of `proces` in any traject of this traject's deelnemer, oldest first (a rule
    such as the twelve months after a negative advies beschut werk holds for the person)."""
    ids = select(Traject.id).where(Traject.deelnemer_id == traject.deelnemer_id)
    return list(session.exec(select(ProcesStap).where(ProcesStap.proces == proces.naam,
                                                      col(ProcesStap.traject_id).in_(ids))
                             .order_by(col(ProcesStap.id))))
