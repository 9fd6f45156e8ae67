"""Taken and deadlines: adding them (with their reminders armed), moving, closing and lapsing them,
and the lookups over them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from casestore.models import Deadline, ProcesStap, Taak, Traject
from casestore.repo.gebeurtenissen import audit
from casestore.repo.traject import NotFound
from domain.errors import TransitionRefused
from domain.herinneringen import wapen
from domain.kalender import Kalender


def add_deadline(session: Session, *, traject: Traject, soort: str, omschrijving: str, due: date, grondslag: str,
                 eigenaar_email: str, escalatie_email: str, nu: datetime, kalender: Kalender,
                 beleid: str = "standaard", code: str | None = None, stap: ProcesStap | None = None,
                 wekt: str | None = None) -> Deadline:
    """`kalender` must be the calendar that computed `due`: reminders and terms share one.

    `code` and `stap` tie the deadline to a process instance; `wekt` makes it a waking timer
    (a deployment the sweep starts when the term has passed)."""
    index, moment = wapen(due, beleid, nu, kalender)
    assert traject.id is not None
    d = Deadline(traject_id=traject.id, soort=soort, omschrijving=omschrijving, due=due, grondslag=grondslag,
                 beleid=beleid, eigenaar_email=eigenaar_email, escalatie_email=escalatie_email,
                 stap_index=index, next_reminder_at=moment, aangemaakt_op=nu, code=code,
                 proces_stap_id=stap.id if stap else None, wekt=wekt)
    session.add(d)
    session.flush()
    return d


def add_taak(session: Session, *, traject: Traject, titel: str, eigenaar_email: str, escalatie_email: str,
             due: date, nu: datetime, kalender: Kalender, grondslag: str = "Werkafspraak IJmond Werkt!",
             beleid: str = "standaard", actor: str = "werkpad", code: str | None = None,
             stap: ProcesStap | None = None) -> Taak:
    d = add_deadline(session, traject=traject, soort="taak", omschrijving=titel, due=due, grondslag=grondslag,
                     eigenaar_email=eigenaar_email, escalatie_email=escalatie_email, nu=nu, kalender=kalender,
                     beleid=beleid, code=code, stap=stap)
    assert traject.id is not None and d.id is not None
    t = Taak(traject_id=traject.id, deadline_id=d.id, titel=titel, eigenaar_email=eigenaar_email, aangemaakt_op=nu,
             code=code, proces_stap_id=stap.id if stap else None)
    session.add(t)
    session.flush()
    audit(session, traject=traject, nu=nu, actor=actor, soort="taak",
          omschrijving=f"Taak voor {eigenaar_email}: {titel} (uiterlijk {due.isoformat()}).")
    return t


def verplaats_deadline(session: Session, *, deadline_id: int, due: date, nu: datetime, actor: str,
                       reden: str, kalender: Kalender, wettelijke_dagen: int | None = None) -> Deadline:
    """Move a due date and re-arm its reminders from the new date on. `wettelijke_dagen`: the days of an
    opschorting or verlenging of a statutory term, kept with the event so a recount keeps them."""
    d = session.get(Deadline, deadline_id)
    if d is None:
        raise NotFound(f"Onbekende deadline {deadline_id}.")
    if d.status != "open":
        raise TransitionRefused(f"Deadline {deadline_id} is al {d.status}; verplaatsen kan niet.")
    oud = d.due
    d.due = due
    d.stap_index, d.next_reminder_at = wapen(due, d.beleid, nu, kalender)
    session.add(d)
    traject = session.get(Traject, d.traject_id)
    assert traject is not None
    audit(session, traject=traject, nu=nu, actor=actor, soort="deadline-verplaatst",
          omschrijving=f"{d.omschrijving}: van {oud.isoformat()} naar {due.isoformat()}. {reden}".strip(),
          data={"deadline_id": deadline_id, **({"wettelijke_dagen": wettelijke_dagen} if wettelijke_dagen else {})})
    return d


def sluit_deadlines(session: Session, *, traject: Traject, soort: str, nu: datetime, status: str = "afgerond") -> int:
    res = session.execute(
        update(Deadline)
        .where(col(Deadline.traject_id) == traject.id, col(Deadline.soort) == soort, col(Deadline.status) == "open")
        .values(status=status, next_reminder_at=None)
    )
    return int(res.rowcount)  # type: ignore[attr-defined]


def laat_taken_vervallen(session: Session, *, traject: Traject, behalve_stappen: Collection[int] = (),
                         behalve_codes: Collection[str] = ()) -> int:
    """The traject's open taken lapse, except those of the process instances `behalve_stappen` and those with
    a code in `behalve_codes`."""
    q = update(Taak).where(col(Taak.traject_id) == traject.id, col(Taak.status) == "open")
    if behalve_stappen:
        q = q.where(or_(col(Taak.proces_stap_id).is_(None), col(Taak.proces_stap_id).not_in(list(behalve_stappen))))
    if behalve_codes:
        q = q.where(or_(col(Taak.code).is_(None), col(Taak.code).not_in(list(behalve_codes))))
    res = session.execute(q.values(status="vervallen"))
    return int(res.rowcount)  # type: ignore[attr-defined]


def laat_deadlines_vervallen(session: Session, *, traject: Traject, behalve_stappen: Collection[int] = (),
                             behalve_codes: Collection[str] = ()) -> int:
    """The traject's open deadlines lapse, except those of the process instances `behalve_stappen` and those
    with a code in `behalve_codes`."""
    q = update(Deadline).where(col(Deadline.traject_id) == traject.id, col(Deadline.status) == "open")
    if behalve_stappen:
        q = q.where(or_(col(Deadline.proces_stap_id).is_(None),
                        col(Deadline.proces_stap_id).not_in(list(behalve_stappen))))
    if behalve_codes:
        q = q.where(or_(col(Deadline.code).is_(None), col(Deadline.code).not_in(list(behalve_codes))))
    res = session.execute(q.values(status="vervallen", next_reminder_at=None))
    return int(res.rowcount)  # type: ignore[attr-defined]


def sluit_taken_met_code(session: Session, *, traject: Traject, code: str, nu: datetime,
                         status: str = "afgerond") -> int:
    """Close the traject's own open taken of one code (and their deadlines), never by title."""
    n = 0
    for t in session.exec(select(Taak).where(Taak.traject_id == traject.id, Taak.code == code,
                                             Taak.status == "open")).all():
        t.status, t.afgerond_op = status, nu
        session.add(t)
        session.execute(update(Deadline).where(col(Deadline.id) == t.deadline_id)
                        .values(status=status, next_reminder_at=None))
        n += 1
    return n


def sluit_weigeringstaken(session: Session, *, traject: Traject, idem_key: str, nu: datetime) -> int:
    """Close the open staff task(s) a refused outbox row opened (its deadline's grondslag names the row's
    key, tasks/dispatch.py::_geweigerd): the row is sent again, the task is done."""
    n = 0
    rijen = session.exec(select(Taak, Deadline).where(Taak.traject_id == traject.id, Taak.status == "open",
                                                      col(Taak.deadline_id) == col(Deadline.id),
                                                      Deadline.grondslag == f"Outbox {idem_key}"[:200])).all()
    for taak, deadline in rijen:
        taak.status, taak.afgerond_op = "afgerond", nu
        deadline.status, deadline.next_reminder_at = "afgerond", None
        session.add(taak)
        session.add(deadline)
        n += 1
    return n


def rond_taak_af(session: Session, *, taak_id: int, nu: datetime, actor: str) -> Taak:
    t = session.get(Taak, taak_id)
    if t is None:
        raise NotFound(f"Onbekende taak {taak_id}.")
    if t.status != "open":
        raise TransitionRefused(f"Taak {taak_id} is al {t.status}.")
    t.status, t.afgerond_op = "afgerond", nu
    session.add(t)
    session.execute(update(Deadline).where(col(Deadline.id) == t.deadline_id)
                    .values(status="afgerond", next_reminder_at=None))
    traject = session.get(Traject, t.traject_id)
    assert traject is not None
    audit(session, traject=traject, nu=nu, actor=actor, soort="taak-afgerond", omschrijving=f"Afgerond: {t.titel}.")
    return t


def open_deadlines(session: Session, *, traject: Traject) -> list[Deadline]:
    return list(session.exec(select(Deadline).where(Deadline.traject_id == traject.id, Deadline.status == "open")
                             .order_by(col(Deadline.due))))


def open_deadline(session: Session, *, traject: Traject, soort: str) -> Deadline | None:
    return session.exec(select(Deadline).where(Deadline.traject_id == traject.id, Deadline.soort == soort,
                                               Deadline.status == "open").order_by(col(Deadline.id))).first()


def open_taken(session: Session, *, traject: Traject | None = None, eigenaar: str | None = None) -> list[Taak]:
    q = select(Taak).where(Taak.status == "open")
    if traject is not None:
        q = q.where(Taak.traject_id == traject.id)
    if eigenaar is not None:
        q = q.where(Taak.eigenaar_email == eigenaar)
    return list(session.exec(q.order_by(col(Taak.id))))


def get_deadline(session: Session, *, deadline_id: int) -> Deadline:
    d = session.get(Deadline, deadline_id)
    if d is None:
        raise NotFound(f"Onbekende deadline {deadline_id}.")
    return d


def get_deadline_van(session: Session, *, stap: ProcesStap | None = None, traject: Traject | None = None,
                     code: str | None = None, statussen: tuple[str, ...] | None = None) -> Deadline | None:
    """The newest deadline of a process instance or traject, optionally by code and status."""
    q = select(Deadline)
    if stap is not None:
        q = q.where(Deadline.proces_stap_id == stap.id)
    if traject is not None:
        q = q.where(Deadline.traject_id == traject.id)
    if code is not None:
        q = q.where(Deadline.code == code)
    if statussen is not None:
        q = q.where(col(Deadline.status).in_(statussen))
    return session.exec(q.order_by(col(Deadline.id).desc())).first()


def get_taak_van_deadline(session: Session, *, deadline_id: int) -> Taak | None:
    return session.exec(select(Taak).where(Taak.deadline_id == deadline_id)).first()
