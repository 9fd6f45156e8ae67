"""Repository functions: keyword-only, session first. Callers own the transaction (commit).

Every state change goes through here together with its audit event and outbox rows, so a
caller that commits once writes all of them or none.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from casestore.models import Actie, AuditEvent, Deadline, Deelnemer, Doel, Outbox, ProcesStap, Taak, Teller, Traject
from domain.errors import DomainError, TransitionRefused
from domain.herinneringen import lokale_datum, wapen
from domain.kalender import Kalender
from domain.proces import Proces
from domain.rapport import rapportvelden
from domain.traject import (
    OPEN_STATUSSEN,
    STATUS_LABEL,
    Status,
    controleer_traject_overgang,
    referentie,
    referentie_jaar,
    traject_gebeurtenis,
)


class NotFound(DomainError):
    pass


class DuplicateTraject(DomainError):
    pass


def volgende_referentie(session: Session, *, jaar: int) -> str:
    res = session.execute(update(Teller).where(col(Teller.jaar) == jaar).values(laatste=col(Teller.laatste) + 1))
    if res.rowcount == 0:  # type: ignore[attr-defined]
        session.add(Teller(jaar=jaar, laatste=1))
        session.flush()
    teller = session.get(Teller, jaar)
    assert teller is not None
    session.refresh(teller)
    return referentie(jaar, teller.laatste)


def audit(session: Session, *, traject: Traject, nu: datetime, actor: str, soort: str, omschrijving: str,
          data: dict[str, Any] | None = None, proces: str | None = None, gebeurtenis: str | None = None) -> None:
    """One line of the timeline. With `gebeurtenis` (a typed name from a process's domain
    module) it is also an event that reports count, per gemeente and process."""
    assert traject.id is not None
    if gebeurtenis is not None and proces is None:
        proces = gebeurtenis.split(".", 1)[0]
    waarde, fase = rapportvelden(gebeurtenis, data or {})
    session.add(AuditEvent(traject_id=traject.id, op=nu, actor=actor, soort=soort, omschrijving=omschrijving,
                           data=data or {}, proces=proces, gemeente=traject.gemeente, gebeurtenis=gebeurtenis,
                           referentie=traject.referentie, datum=lokale_datum(nu), waarde=waarde, fase=fase))


def add_outbox(session: Session, *, idem_key: str, soort: str, traject: Traject | None, nu: datetime,
               payload: dict[str, Any]) -> None:
    """Queue a side effect. A key that already exists is left alone: the effect is the same."""
    exists = session.exec(select(Outbox.id).where(Outbox.idem_key == idem_key)).first()
    if exists is None:
        session.add(Outbox(idem_key=idem_key, soort=soort, traject_id=traject.id if traject else None,
                           payload=payload, aangemaakt_op=nu))


def registreer_aanmelding(session: Session, *, bsn: str, naam: str, geboortedatum: date, gemeente: str,
                          werkcoach_email: str, nu: datetime, actor: str) -> Traject:
    """Register a deelnemer and open a traject. Validation of BSN/gemeente happens before."""
    deelnemer = session.exec(select(Deelnemer).where(Deelnemer.bsn == bsn)).first()
    if deelnemer is None:
        deelnemer = Deelnemer(bsn=bsn, naam=naam, geboortedatum=geboortedatum, aangemaakt_op=nu)
        session.add(deelnemer)
        session.flush()
    else:
        bestaand = session.exec(select(Traject).where(Traject.open_bsn == bsn)).first()
        if bestaand is not None:
            raise DuplicateTraject(
                f"Deze deelnemer heeft al een open traject ({bestaand.referentie}); een tweede wordt geweigerd."
            )
    ref = volgende_referentie(session, jaar=referentie_jaar(nu))
    assert deelnemer.id is not None
    traject = Traject(referentie=ref, deelnemer_id=deelnemer.id, open_bsn=bsn, gemeente=gemeente,
                      status=Status.aangemeld, werkcoach_email=werkcoach_email, aangemeld_op=lokale_datum(nu),
                      aangemaakt_op=nu, gewijzigd_op=nu)
    session.add(traject)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DuplicateTraject("Deze deelnemer heeft al een open traject; een tweede wordt geweigerd.") from None
    audit(session, traject=traject, nu=nu, actor=actor, soort="aanmelding", gebeurtenis="traject.aangemeld",
          omschrijving=f"Aangemeld bij gemeente {gemeente.capitalize()}; werkcoach {werkcoach_email}.")
    return traject


def get_traject(session: Session, *, referentie: str) -> Traject:
    t = session.exec(select(Traject).where(Traject.referentie == referentie)).first()
    if t is None:
        raise NotFound(f"Onbekend traject '{referentie}'.")
    return t


def set_zaak_url(session: Session, *, traject: Traject, zaak_url: str, nu: datetime, omschrijving: str) -> None:
    """Remember the gemeente's zaak on the traject (once); the caller's transaction commits it."""
    if traject.zaak_url == zaak_url:
        return
    traject.zaak_url = zaak_url
    session.add(traject)
    audit(session, traject=traject, nu=nu, actor="werkpad", soort="zaak", omschrijving=omschrijving)


def get_deelnemer(session: Session, *, traject: Traject) -> Deelnemer:
    d = session.get(Deelnemer, traject.deelnemer_id)
    assert d is not None
    return d


def transitie(session: Session, *, traject: Traject, naar: Status, nu: datetime, actor: str, omschrijving: str,
              data: dict[str, Any] | None = None, gebeurtenis: str | None = None) -> None:
    """Move a traject to a new status if the traject's table allows it from where it is now.

    The update is guarded by the version, so two concurrent transitions cannot both win.
    """
    controleer_traject_overgang(traject.referentie, Status(traject.status), naar)
    res = session.execute(
        update(Traject)
        .where(col(Traject.id) == traject.id, col(Traject.versie) == traject.versie)
        .values(status=naar, versie=traject.versie + 1, gewijzigd_op=nu,
                open_bsn=None if naar not in OPEN_STATUSSEN else Traject.open_bsn)
    )
    if res.rowcount != 1:  # type: ignore[attr-defined]
        raise TransitionRefused(f"{traject.referentie} is tegelijk door iemand anders gewijzigd; probeer opnieuw.")
    session.refresh(traject)
    audit(session, traject=traject, nu=nu, actor=actor, soort=f"status:{naar}",
          omschrijving=f"Status: {STATUS_LABEL[naar]}. {omschrijving}".strip(), data=data,
          gebeurtenis=gebeurtenis or traject_gebeurtenis(naar))


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


def een_open_zaak_url(session: Session) -> str | None:
    """The zaak URL of some open traject (the onboarding check tests its right to write there)."""
    t = session.exec(select(Traject).where(col(Traject.zaak_url).is_not(None), Traject.status != Status.afgesloten)
                     .limit(1)).first()
    return t.zaak_url if t else None


def wettelijke_verschuivingen(session: Session, *, traject: Traject, deadline_id: int) -> list[int]:
    """The days of every opschorting or verlenging recorded on this deadline, oldest first."""
    rows = session.exec(select(AuditEvent).where(AuditEvent.traject_id == traject.id,
                                                 AuditEvent.soort == "deadline-verplaatst")
                        .order_by(col(AuditEvent.id))).all()
    return [int(e.data["wettelijke_dagen"]) for e in rows
            if (e.data or {}).get("deadline_id") == deadline_id and (e.data or {}).get("wettelijke_dagen")]


def sluit_deadlines(session: Session, *, traject: Traject, soort: str, nu: datetime, status: str = "afgerond") -> int:
    res = session.execute(
        update(Deadline)
        .where(col(Deadline.traject_id) == traject.id, col(Deadline.soort) == soort, col(Deadline.status) == "open")
        .values(status=status, next_reminder_at=None)
    )
    return int(res.rowcount)  # type: ignore[attr-defined]


def laat_taken_vervallen(session: Session, *, traject: Traject, behalve_stappen: Collection[int] = ()) -> int:
    """The traject's open taken lapse, except those of the process instances `behalve_stappen`."""
    q = update(Taak).where(col(Taak.traject_id) == traject.id, col(Taak.status) == "open")
    if behalve_stappen:
        q = q.where(or_(col(Taak.proces_stap_id).is_(None), col(Taak.proces_stap_id).not_in(list(behalve_stappen))))
    res = session.execute(q.values(status="vervallen"))
    return int(res.rowcount)  # type: ignore[attr-defined]


def laat_deadlines_vervallen(session: Session, *, traject: Traject, behalve_stappen: Collection[int] = ()) -> int:
    """The traject's open deadlines lapse, except those of the process instances `behalve_stappen`."""
    q = update(Deadline).where(col(Deadline.traject_id) == traject.id, col(Deadline.status) == "open")
    if behalve_stappen:
        q = q.where(or_(col(Deadline.proces_stap_id).is_(None),
                        col(Deadline.proces_stap_id).not_in(list(behalve_stappen))))
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


def tijdlijn(session: Session, *, traject: Traject) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.traject_id == traject.id)
                             .order_by(col(AuditEvent.op), col(AuditEvent.id))))


def open_deadlines(session: Session, *, traject: Traject) -> list[Deadline]:
    return list(session.exec(select(Deadline).where(Deadline.traject_id == traject.id, Deadline.status == "open")
                             .order_by(col(Deadline.due))))


def open_deadline(session: Session, *, traject: Traject, soort: str) -> Deadline | None:
    return session.exec(select(Deadline).where(Deadline.traject_id == traject.id, Deadline.soort == soort,
                                               Deadline.status == "open").order_by(col(Deadline.id))).first()


def verstuurde_herinneringen(session: Session, *, referentie: str, deadline_id: int) -> list[dict[str, Any]]:
    """The reminders to the owner of a deadline that really left (outbox row sent), oldest
    first, for any due date it had. Escalation mails say truthfully what went before."""
    prefix = f"herinnering:{referentie}:{deadline_id}:"
    rows = session.exec(select(Outbox).where(col(Outbox.idem_key).startswith(prefix, autoescape=True),
                                             Outbox.status == "sent")
                        .order_by(col(Outbox.verstuurd_op), col(Outbox.id)))
    return [{"stap": r.payload.get("stap"), "label": r.payload.get("stap_label"), "due": r.payload.get("due"),
             "verstuurd_op": r.verstuurd_op}
            for r in rows if r.payload.get("template") == "herinnering"]


def open_taken(session: Session, *, traject: Traject | None = None, eigenaar: str | None = None) -> list[Taak]:
    q = select(Taak).where(Taak.status == "open")
    if traject is not None:
        q = q.where(Taak.traject_id == traject.id)
    if eigenaar is not None:
        q = q.where(Taak.eigenaar_email == eigenaar)
    return list(session.exec(q.order_by(col(Taak.id))))


def trajecten_met_status(session: Session, *, status: Status) -> list[Traject]:
    return list(session.exec(select(Traject).where(Traject.status == status).order_by(col(Traject.id))))


def bezette_intakes(session: Session, *, gemeente: str, vanaf: datetime) -> list[datetime]:
    rows = session.exec(select(Traject.intake_moment).where(
        Traject.gemeente == gemeente, col(Traject.intake_moment).is_not(None), col(Traject.intake_moment) >= vanaf))
    return [r for r in rows if r is not None]


# -- doors: lookups and updates for validated input (kept apart from the functions above) ----

def deelnemer_met_bsn(session: Session, *, bsn: str) -> Deelnemer | None:
    return session.exec(select(Deelnemer).where(Deelnemer.bsn == bsn)).first()


def werk_deelnemer_bij(session: Session, *, deelnemer: Deelnemer, traject: Traject, naam: str, geboortedatum: date,
                       velden: list[str], nu: datetime, actor: str) -> None:
    """Re-registration with corrected data: update, and audit which fields changed (not their values)."""
    deelnemer.naam, deelnemer.geboortedatum = naam, geboortedatum
    session.add(deelnemer)
    audit(session, traject=traject, nu=nu, actor=actor, soort="gegevens-bijgewerkt",
          omschrijving=f"Gegevens deelnemer bijgewerkt bij heraanmelding: {', '.join(velden)}.",
          data={"velden": velden})


def get_deadline(session: Session, *, deadline_id: int) -> Deadline:
    d = session.get(Deadline, deadline_id)
    if d is None:
        raise NotFound(f"Onbekende deadline {deadline_id}.")
    return d


def open_traject_met_bsn(session: Session, *, bsn: str) -> Traject | None:
    return session.exec(select(Traject).where(Traject.open_bsn == bsn)).first()


# -- process instances -------------------------------------------------------------------------

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


# -- the re-integratietraject's fase, trede and uitstroom (domain/fasen.py) ------------------------

def set_fase(session: Session, *, traject: Traject, fase: str | None, nu: datetime, actor: str, omschrijving: str,
             trede: int | None = None, uitstroom: str | None = None, deels_uitgestroomd_op: date | None = None,
             data: dict[str, Any] | None = None, gebeurtenis: str = "traject.fase") -> None:
    """Set the traject's current fase (and trede, uitstroom, deels-uitgestroomd date when given),
    guarded by the version like `transitie`, with its typed event (`traject.fase` {van, naar})."""
    waarden: dict[str, Any] = {"versie": traject.versie + 1, "gewijzigd_op": nu}
    if gebeurtenis == "traject.fase":
        waarden["fase"] = fase
    if trede is not None:
        waarden["trede"] = trede
    if uitstroom is not None:
        waarden["uitstroom"] = uitstroom
    if deels_uitgestroomd_op is not None:
        waarden["deels_uitgestroomd_op"] = deels_uitgestroomd_op
    res = session.execute(update(Traject).where(col(Traject.id) == traject.id, col(Traject.versie) == traject.versie)
                          .values(**waarden))
    if res.rowcount != 1:  # type: ignore[attr-defined]
        raise TransitionRefused(f"{traject.referentie} is tegelijk door iemand anders gewijzigd; probeer opnieuw.")
    session.refresh(traject)
    audit(session, traject=traject, nu=nu, actor=actor, soort=gebeurtenis.replace("traject.", "traject:"),
          omschrijving=omschrijving, data=data, proces="traject", gebeurtenis=gebeurtenis)


# -- lookups the task modules need (queries stay in the case store) ----------------------------

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


def eerdere_zgw_wacht(session: Session, *, row: Outbox) -> bool:
    """An earlier ZGW row for the same zaak is still queued (ZGW rows of one zaak go in order). The
    traject's zaak and each maatregel's zaak are separate queues (`maatregel_id` in the payload); a
    verlaging is no ZGW write: it waits for its own besluit only (tasks/handlers/zgw.py)."""
    if row.payload.get("op") == "verlaging":
        return False
    eigen = row.payload.get("maatregel_id")
    eerder = session.exec(select(Outbox).where(Outbox.traject_id == row.traject_id, Outbox.soort == "zgw",
                                               col(Outbox.id) < row.id,
                                               col(Outbox.status).in_(("pending", "sending")))).all()
    return any(e.payload.get("op") != "verlaging" and e.payload.get("maatregel_id") == eigen for e in eerder)


# -- the trajectplan: goals and actions (domain/trajectplan.py) --------------------------------

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


def tel_gebeurtenissen(session: Session, *, gebeurtenis: str, gemeente: str, van: datetime, tot: datetime) -> int:
    """How many events of one name a gemeente had in [van, tot) (e.g. placements this year)."""
    from sqlalchemy import func

    q = select(func.count()).select_from(AuditEvent).where(AuditEvent.gebeurtenis == gebeurtenis,
                                                           AuditEvent.gemeente == gemeente,
                                                           col(AuditEvent.op) >= van, col(AuditEvent.op) < tot)
    return int(session.exec(q).one())


def get_outbox(session: Session, *, idem_key: str) -> Outbox | None:
    return session.exec(select(Outbox).where(Outbox.idem_key == idem_key)).first()
