"""What the traject's processes share: the session helper, ZGW status rows, owner addresses, closing."""


from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Traject
from domain.trajectplan import VERVALLEN_GEBEURTENIS
from tasks.runtime import Runtime
from tasks.step import step


@contextmanager
def sessie(rt: Runtime, session: Session | None) -> Iterator[Session]:
    """The caller's session (it owns the transaction) or a new one."""
    if session is not None:
        yield session
        return
    with new_session(rt.engine) as s:
        yield s

def zgw_status(s: Session, t: Traject, nu: datetime, statustype: str, toelichting: str = "") -> None:
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:status:{statustype}", soort="zgw", traject=t, nu=nu,
                    payload={"op": "status", "statustype": statustype, "toelichting": toelichting})



def sluit_af(s: Session, t: Traject, nu: datetime, actor: str, reden: str) -> None:
    """The traject closes: open instances lapse, open terms and taken lapse, the zaak ends."""
    repo.laat_processen_vervallen(s, traject=t, nu=nu, actor=actor, reden=reden)
    for soort in {d.soort for d in repo.open_deadlines(s, traject=t)}:
        repo.sluit_deadlines(s, traject=t, soort=soort, nu=nu, status="vervallen")
    repo.laat_taken_vervallen(s, traject=t)
    doelen, acties = repo.laat_trajectplan_vervallen(s, traject=t, nu=nu)
    if doelen or acties:
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:vervallen", gebeurtenis=VERVALLEN_GEBEURTENIS,
                   omschrijving=f"Trajectplan vervallen ({doelen} doel(en), {acties} actie(s) open): {reden}.",
                   data={"doelen": doelen, "acties": acties})
    zgw_status(s, t, nu, "Afgesloten", reden)


@step()
def lees_traject(rt: Runtime, *, referentie: str) -> dict[str, str]:
    """What a flow needs to name and tag its run (reference, gemeente), read as a task first, so a
    run that is then refused is still tagged by gemeente in the UI."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        return {"referentie": t.referentie, "gemeente": t.gemeente}
