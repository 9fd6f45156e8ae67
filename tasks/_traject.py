"""What the traject's processes share: the session helper, ZGW status rows, owner addresses, closing."""


from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlmodel import Session

from casestore import maatregelen, repo
from casestore.db import session as new_session
from casestore.models import Maatregel, Traject
from domain.maatregel import EINDSTATUS, LOOPT_NA_AFSLUITEN, ONDERZOEK_INGETROKKEN
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



def sluit_af(s: Session, t: Traject, nu: datetime, actor: str, reden: str, resultaattype: str) -> None:
    """The traject closes: open instances lapse, open terms and taken lapse, the zaak ends: first its
    resultaat (a gemeente refuses an eindstatus without one), then the eindstatus. A maatregelonderzoek
    still open lapses, and its own zaak closes too; a beschikte maatregel's zaak stays open for its terms."""
    # The legal after-care of a beschikking (bezwaar, heroverweging, herziening) outlives the traject:
    # it runs on, with its own taken and terms, on the maatregel's own zaak.
    blijven = [p.id for p in repo.processen(s, traject=t) if p.open_sleutel and p.proces in LOOPT_NA_AFSLUITEN]
    repo.laat_processen_vervallen(s, traject=t, nu=nu, actor=actor, reden=reden, behalve=LOOPT_NA_AFSLUITEN)
    repo.laat_deadlines_vervallen(s, traject=t, behalve_stappen=[i for i in blijven if i is not None])
    repo.laat_taken_vervallen(s, traject=t, behalve_stappen=[i for i in blijven if i is not None])
    doelen, acties = repo.laat_trajectplan_vervallen(s, traject=t, nu=nu)
    if doelen or acties:
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:vervallen", gebeurtenis=VERVALLEN_GEBEURTENIS,
                   omschrijving=f"Trajectplan vervallen ({doelen} doel(en), {acties} actie(s) open): {reden}.",
                   data={"doelen": doelen, "acties": acties})
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:resultaat", soort="zgw", traject=t, nu=nu,
                    payload={"op": "resultaat", "resultaattype": resultaattype, "toelichting": reden})
    zgw_status(s, t, nu, "Afgesloten", reden)
    sluit_open_maatregelzaken(s, t, nu, reden)


def maatregelzaak_row(s: Session, t: Traject, m: Maatregel, nu: datetime, op: str, sleutel: str,
                      **payload: Any) -> None:
    """A row for the maatregelonderzoek's own zaak (tasks/handlers/zgw.py), keyed per maatregel."""
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:M{m.id}:{sleutel}", soort="zgw", traject=t, nu=nu,
                    payload={"op": op, "maatregel_id": m.id, **payload})


def sluit_maatregelzaak(s: Session, t: Traject, m: Maatregel, nu: datetime, resultaattype: str, reden: str) -> None:
    """Close the maatregelonderzoek's own zaak (of its current generation): resultaat, then eindstatus. Once."""
    ronde = f":V{m.zaak_vervolg}" if m.zaak_vervolg else ""
    maatregelzaak_row(s, t, m, nu, "resultaat", f"resultaat{ronde}", resultaattype=resultaattype,
                      toelichting=reden[:1000])
    maatregelzaak_row(s, t, m, nu, "status", f"afgesloten{ronde}", statustype=EINDSTATUS, toelichting=reden[:1000])
    m.zaak_afgesloten_op = nu  # queued: the rows go out in order, before anything queued later
    s.add(m)


def heropen_maatregelzaak(s: Session, t: Traject, m: Maatregel, nu: datetime, sleutel: str) -> None:
    """A bezwaar or herziening after the maatregel's zaak closed: werkpad may not reopen it (no
    zaken.heropenen), so a follow-up zaak is made, related to the first, and takes what follows."""
    if m.zaak_afgesloten_op is None:
        return
    m.zaak_vervolg += 1
    m.zaak_afgesloten_op = None
    s.add(m)
    maatregelzaak_row(s, t, m, nu, "registreer_maatregelzaak", f"registreer:V{m.zaak_vervolg}:{sleutel}",
                      vervolg=m.zaak_vervolg)


def sluit_open_maatregelzaken(s: Session, t: Traject, nu: datetime, reden: str) -> None:
    """Onderzoeken that lapse with the traject (no beschikking) close their zaak as withdrawn."""
    for m in maatregelen.van_traject(s, traject_id=t.id):
        if m.besluit_datum is None and m.zaak_afgesloten_op is None:
            sluit_maatregelzaak(s, t, m, nu, ONDERZOEK_INGETROKKEN, f"Traject afgesloten: {reden}")


@step()
def lees_traject(rt: Runtime, *, referentie: str) -> dict[str, str]:
    """What a flow needs to name and tag its run (reference, gemeente), read as a task first, so a
    run that is then refused is still tagged by gemeente in the UI."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        return {"referentie": t.referentie, "gemeente": t.gemeente}
