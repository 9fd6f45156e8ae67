"""The gemeente's notifications in the case store: stored first (deduplicated on their content), claimed once for
handling, marked with what werkpad did (werkpad/web/notificaties.py stores, tasks/notificaties.py handles).

Open Notificaties delivers at least once: the same notification may come again (a retry after a lost answer, a
second delivery). Its key is a hash of what identifies the event (kanaal, resourceUrl, actie, aanmaakdatum), so a
repeat finds the row (`keer_ontvangen` counts it) and a claim (`claim`: one UPDATE from 'ontvangen' to 'bezig')
lets one handler act on it, however many deliveries or processes race."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from casestore.models import Notificatie

ONTVANGEN, BEZIG, VERWERKT, GENEGEERD, FOUT = "ontvangen", "bezig", "verwerkt", "genegeerd", "fout"


def sleutel(bericht: Mapping[str, Any]) -> str:
    """The stable key of a notification: the same event delivered twice has the same key."""
    deel = [str(bericht.get(k) or "") for k in ("kanaal", "resourceUrl", "actie", "aanmaakdatum")]
    return hashlib.sha256(json.dumps(deel).encode()).hexdigest()


def bewaar(session: Session, *, bericht: Mapping[str, Any], nu: datetime) -> tuple[Notificatie, bool]:
    """Store a (validated) notification and commit; (its row, whether it is new). A repeat only counts."""
    key = sleutel(bericht)
    bestaand = session.exec(select(Notificatie).where(Notificatie.sleutel == key)).first()
    if bestaand is None:
        rij = Notificatie(sleutel=key, kanaal=str(bericht["kanaal"])[:50], hoofd_object=str(bericht["hoofdObject"]),
                          resource=str(bericht["resource"]), resource_url=str(bericht["resourceUrl"]),
                          actie=str(bericht["actie"]), aanmaakdatum=str(bericht["aanmaakdatum"]),
                          kenmerken=dict(bericht.get("kenmerken") or {}), ontvangen_op=nu)
        session.add(rij)
        try:
            session.commit()
        except IntegrityError:  # the same notification, stored a moment ago by a parallel delivery
            session.rollback()
        else:
            session.refresh(rij)
            return rij, True
        bestaand = session.exec(select(Notificatie).where(Notificatie.sleutel == key)).one()
    session.execute(update(Notificatie).where(col(Notificatie.id) == bestaand.id)
                    .values(keer_ontvangen=Notificatie.keer_ontvangen + 1))
    session.commit()
    session.refresh(bestaand)
    return bestaand, False


def claim(session: Session, *, notificatie_id: int, nu: datetime, verlopen_na: timedelta = timedelta(minutes=10)) \
        -> Notificatie | None:
    """Take a stored notification for handling: one caller gets it (None for everyone else). A claim older than
    `verlopen_na` (its handler died) may be taken again. Commits."""
    r = session.execute(update(Notificatie).where(
        col(Notificatie.id) == notificatie_id,
        (col(Notificatie.status) == ONTVANGEN)
        | ((col(Notificatie.status) == BEZIG) & (col(Notificatie.behandeld_op) < nu - verlopen_na)))
        .values(status=BEZIG, behandeld_op=nu))
    session.commit()
    if r.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return session.get(Notificatie, notificatie_id)


def markeer(session: Session, *, notificatie_id: int, status: str, uitkomst: str, nu: datetime,
            referentie: str | None = None) -> None:
    """What werkpad did with it (verwerkt | genegeerd | fout) and why, in one Dutch line. Commits."""
    session.execute(update(Notificatie).where(col(Notificatie.id) == notificatie_id).values(
        status=status, uitkomst=uitkomst[:500], behandeld_op=nu, referentie=referentie))
    session.commit()


def onbehandeld(session: Session, *, nu: datetime, ouder_dan: timedelta = timedelta(minutes=1),
                verlopen_na: timedelta = timedelta(minutes=10), limit: int = 20) -> list[int]:
    """Stored but not handled (the process stopped after the acknowledgement, or died while handling): received
    before `nu - ouder_dan`, or claimed before `nu - verlopen_na`. For a later pass."""
    return list(session.exec(select(Notificatie.id).where(
        ((col(Notificatie.status) == ONTVANGEN) & (col(Notificatie.ontvangen_op) < nu - ouder_dan))
        | ((col(Notificatie.status) == BEZIG) & (col(Notificatie.behandeld_op) < nu - verlopen_na)))
        .order_by(col(Notificatie.id)).limit(limit)))  # type: ignore[arg-type]


def get(session: Session, *, notificatie_id: int) -> Notificatie | None:
    return session.get(Notificatie, notificatie_id)
