"""What the traject's processes share: the session helper, ZGW status rows, owner addresses, closing."""


from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Deadline, Maatregel, Taak, Traject
from domain.maatregel import EINDSTATUS, LOOPT_NA_AFSLUITEN
from domain.outbox import GEWEIGERD_TAAK
from domain.taken_vervallen import te_informeren
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



def sluit_af(s: Session, t: Traject, nu: datetime, actor: str, reden: str, resultaattype: str,
             lopen_door: Collection[str] = ()) -> None:
    """The traject closes: open instances lapse, open terms and taken lapse, the zaak ends: first its
    resultaat (a gemeente refuses an eindstatus without one), then the eindstatus. A maatregelonderzoek
    still open lapses, and its own zaak closes too; a beschikte maatregel's zaak stays open for its terms.
    `lopen_door`: more processes that outlive this close (the nazorg after an uitstroom into work).
    Whoever loses an open taak is told (domain/taken_vervallen.py)."""
    # The legal after-care of a beschikking (bezwaar, heroverweging, herziening) outlives the traject:
    # it runs on, with its own taken and terms, on the maatregel's own zaak.
    behalve = {*LOOPT_NA_AFSLUITEN, *lopen_door}
    blijven = [p.id for p in repo.processen(s, traject=t) if p.open_sleutel and p.proces in behalve]
    vervallen = [k for k in repo.open_taken(s, traject=t)
                 if k.proces_stap_id not in blijven and k.code != GEWEIGERD_TAAK]
    repo.laat_processen_vervallen(s, traject=t, nu=nu, actor=actor, reden=reden, behalve=behalve)
    # A message werkpad could not send (a refused besluit, the verlaging that waits for it) is still unsent after
    # uitstroom: its task stays, with its reminders (domain/outbox.py::GEWEIGERD_TAAK).
    repo.laat_deadlines_vervallen(s, traject=t, behalve_stappen=[i for i in blijven if i is not None],
                                  behalve_codes=(GEWEIGERD_TAAK,))
    repo.laat_taken_vervallen(s, traject=t, behalve_stappen=[i for i in blijven if i is not None],
                              behalve_codes=(GEWEIGERD_TAAK,))
    meld_vervallen_taken(s, t, vervallen, nu, actor, reden, "afgesloten")
    from tasks.vastleggen import laad_processen

    laad_processen()  # the processes register their close hooks when their tasks module loads
    for haak in BIJ_AFSLUITEN.values():
        haak(s, t, nu, actor, reden)
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:resultaat", soort="zgw", traject=t, nu=nu,
                    payload={"op": "resultaat", "resultaattype": resultaattype, "toelichting": reden})
    zgw_status(s, t, nu, "Afgesloten", reden)


def meld_vervallen_taken(s: Session, t: Traject, taken: list[Taak], nu: datetime, actor: str, reden: str,
                         sleutel: str) -> None:
    """One mail per owner of taken that lapsed (not the one who made them lapse), by reference only."""
    per_eigenaar: dict[str, list[dict[str, Any]]] = {}
    for k in taken:
        d = s.get(Deadline, k.deadline_id)
        per_eigenaar.setdefault(k.eigenaar_email, []).append(
            {"taak_id": k.id, "titel": k.titel, "due": d.due.isoformat() if d is not None else None})
    for aan in te_informeren(per_eigenaar, actor, t.werkcoach_email):
        repo.add_outbox(s, idem_key=f"taken-vervallen:{t.referentie}:{sleutel}:{aan}", soort="email", traject=t,
                        nu=nu, payload={"template": "taken_vervallen", "aan": aan, "referentie": t.referentie,
                                        "reden": reden, "taken": per_eigenaar[aan]})


# What a process does when the traject closes (its own rows lapse, its own zaak closes), registered by the
# process's tasks module with @bij_afsluiten: closing a traject knows no process.
Afsluithaak = Callable[[Session, Traject, datetime, str, str], None]
BIJ_AFSLUITEN: dict[str, Afsluithaak] = {}


def bij_afsluiten(naam: str) -> Callable[[Afsluithaak], Afsluithaak]:
    def registreer(fn: Afsluithaak) -> Afsluithaak:
        if BIJ_AFSLUITEN.get(naam, fn) is not fn:
            raise ValueError(f"Afsluithaak '{naam}' is al geregistreerd.")
        BIJ_AFSLUITEN[naam] = fn
        return fn
    return registreer


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


@step()
def lees_traject(rt: Runtime, *, referentie: str) -> dict[str, str]:
    """What a flow needs to name and tag its run (reference, gemeente), read as a task first, so a
    run that is then refused is still tagged by gemeente in the UI."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        return {"referentie": t.referentie, "gemeente": t.gemeente}
