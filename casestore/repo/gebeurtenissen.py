"""The timeline and the outbox: the audit event every change writes (a typed `gebeurtenis` is also
what reports count), the side effects it queues, and the queries over both."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from casestore.models import AuditEvent, Outbox, Traject
from domain.herinneringen import lokale_datum
from domain.rapport import rapportvelden


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


def tijdlijn(session: Session, *, traject: Traject) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.traject_id == traject.id)
                             .order_by(col(AuditEvent.op), col(AuditEvent.id))))


def wettelijke_verschuivingen(session: Session, *, traject: Traject, deadline_id: int) -> list[int]:
    """The days of every opschorting or verlenging recorded on this deadline, oldest first."""
    rows = session.exec(select(AuditEvent).where(AuditEvent.traject_id == traject.id,
                                                 AuditEvent.soort == "deadline-verplaatst")
                        .order_by(col(AuditEvent.id))).all()
    return [int(e.data["wettelijke_dagen"]) for e in rows
            if (e.data or {}).get("deadline_id") == deadline_id and (e.data or {}).get("wettelijke_dagen")]


def tel_gebeurtenissen(session: Session, *, gebeurtenis: str, gemeente: str, van: datetime, tot: datetime) -> int:
    """How many events of one name a gemeente had in [van, tot) (e.g. placements this year)."""
    from sqlalchemy import func

    q = select(func.count()).select_from(AuditEvent).where(AuditEvent.gebeurtenis == gebeurtenis,
                                                           AuditEvent.gemeente == gemeente,
                                                           col(AuditEvent.op) >= van, col(AuditEvent.op) < tot)
    return int(session.exec(q).one())


def add_outbox(session: Session, *, idem_key: str, soort: str, traject: Traject | None, nu: datetime,
               payload: dict[str, Any]) -> None:
    """Queue a side effect. A key that already exists is left alone: the effect is the same."""
    exists = session.exec(select(Outbox.id).where(Outbox.idem_key == idem_key)).first()
    if exists is None:
        session.add(Outbox(idem_key=idem_key, soort=soort, traject_id=traject.id if traject else None,
                           payload=payload, aangemaakt_op=nu))


def get_outbox(session: Session, *, idem_key: str) -> Outbox | None:
    return session.exec(select(Outbox).where(Outbox.idem_key == idem_key)).first()


def eerdere_zgw_wacht(session: Session, *, row: Outbox) -> list[Outbox]:
    """The earlier ZGW rows for the same zaak that are still queued or being sent (ZGW rows of one zaak go
    in order); empty when the row may go. The traject's zaak and each maatregel's zaak are separate queues
    (`maatregel_id` in the payload); a verlaging is no ZGW write: it waits for its own besluit only
    (tasks/handlers/zgw.py)."""
    if row.payload.get("op") == "verlaging":
        return []
    eigen = row.payload.get("maatregel_id")
    eerder = session.exec(select(Outbox).where(Outbox.traject_id == row.traject_id, Outbox.soort == "zgw",
                                               col(Outbox.id) < row.id,
                                               col(Outbox.status).in_(("pending", "sending")))
                          .execution_options(populate_existing=True)).all()
    return [e for e in eerder if e.payload.get("op") != "verlaging" and e.payload.get("maatregel_id") == eigen]


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
