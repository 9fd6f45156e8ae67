"""The reaction term before the beschikking (Awb 4:8; issue 20): the deelnemer gives up the rest of it
(afzien van reactie, recorded with the day they said so), or horen is omitted on a statutory ground recorded
with its facts (Awb 4:11 onder a–c, 4:12). Until one of these, or the term's end, goedkeuren waits
(domain/maatregel/onderzoek.py::controleer_reactietermijn_voor_besluit)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.maatregel import (
    BEOORDELEN,
    GEMELD,
    HOREN,
    HOREN_TAAK,
    VIER_OGEN,
    HorenAchterwege,
    HorenVastgelegd,
    controleer_afzien_reactie,
    controleer_horen_achterwege,
)
from tasks.maatregel._gedeeld import P, _onderzoek, _regel, _tekst, _traject
from tasks.maatregel.onderzoek import _naar_beoordelen
from tasks.runtime import Runtime
from tasks.step import step

OPEN = (GEMELD, HOREN, BEOORDELEN, VIER_OGEN)


@step()
def leg_afzien_reactie_vast(rt: Runtime, *, referentie: str, verklaard_op: date, nu: datetime,
                            actor: str) -> dict[str, Any]:
    """The deelnemer said (on `verklaard_op`) that they give up the rest of the reaction term: the beschikking
    need not wait for its end. While the invitation still waits (horen), the onderzoek moves on to beoordelen."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "afzien van reactie vastleggen")
        stap, m = _onderzoek(s, t, OPEN, "afzien van reactie vastleggen")
        h = HorenVastgelegd.uit(stap.data)
        uitgenodigd = h.uitgenodigd_op or lokale_datum(m.gemeld_op)
        controleer_afzien_reactie(referentie, stap.status, reageren_uiterlijk=m.reageren_uiterlijk,
                                  verklaard_op=verklaard_op, uitgenodigd_op=uitgenodigd, vandaag=vandaag,
                                  al_afgezien=h.afgezien_op, achterwege=h.achterwege)
        omschrijving = (f"De deelnemer heeft op {verklaard_op.isoformat()} laten weten af te zien van de rest van de "
                        f"reactietermijn (tot en met {m.reageren_uiterlijk}); de beschikking hoeft daar niet op te "
                        "wachten (Awb art. 4:8).")
        stap.data = {**(stap.data or {}), "reactie_afgezien_op": verklaard_op.isoformat()}
        s.add(stap)
        s.flush()
        if stap.status == HOREN:
            res = _naar_beoordelen(rt, s, t, stap, m, nu, actor, toelichting=None, gebeurtenis="reactie_afgezien",
                                   omschrijving=omschrijving)
            return {**res, "verklaard_op": verklaard_op.isoformat(), "status": BEOORDELEN}
        repo.audit(s, traject=t, nu=nu, actor=actor, soort=f"{P.naam}:{stap.status}", proces=P.naam,
                   gebeurtenis=P.gebeurtenis("reactie_afgezien"), omschrijving=omschrijving,
                   data={"verklaard_op": verklaard_op.isoformat()})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "verklaard_op": verklaard_op.isoformat(),
                "status": stap.status}


@step()
def laat_horen_achterwege(rt: Runtime, *, referentie: str, grond: HorenAchterwege, feiten: str, nu: datetime,
                          actor: str) -> dict[str, Any]:
    """Horen is omitted on a statutory ground (Awb 4:11 onder a–c, 4:12 lid 1) with the facts that carry it;
    the beschikking cites the ground. Before the invitation or while it waits, the onderzoek moves on."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    grond = HorenAchterwege(grond)
    feiten = _tekst(feiten, "Het veld feiten")
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "horen achterwege laten")
        stap, m = _onderzoek(s, t, OPEN, "horen achterwege laten")
        h = HorenVastgelegd.uit(stap.data)
        controleer_horen_achterwege(referentie, stap.status, al_afgezien=h.afgezien_op, achterwege=h.achterwege)
        omschrijving = _regel(f"Horen achterwege gelaten op grond van {grond.grondslag}. Feiten: {feiten}")
        stap.data = {**(stap.data or {}), "horen_achterwege": {"grond": grond.value, "feiten": feiten,
                                                                "op": vandaag.isoformat()}}
        s.add(stap)
        s.flush()
        if stap.status in (GEMELD, HOREN):
            repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={HOREN_TAAK})
            res = _naar_beoordelen(rt, s, t, stap, m, nu, actor, toelichting=None, gebeurtenis="horen_achterwege",
                                   omschrijving=omschrijving)
            return {**res, "grond": grond.value, "grondslag": grond.grondslag, "status": BEOORDELEN}
        repo.audit(s, traject=t, nu=nu, actor=actor, soort=f"{P.naam}:{stap.status}", proces=P.naam,
                   gebeurtenis=P.gebeurtenis("horen_achterwege"), omschrijving=omschrijving,
                   data={"grond": grond.value})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "grond": grond.value,
                "grondslag": grond.grondslag, "status": stap.status}
