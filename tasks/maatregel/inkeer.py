"""A request for herziening (inkeer, Pw art. 18 lid 11): received within the rules, decided within the
Awb term; granted, the months after the request lapse (the inkeerregeling keeps the first)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Maatregel, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.maatregel import (
    BESLIST,
    GRONDSLAG_INKEER,
    INKEER,
    INKEER_TAAK,
    STATUS_BEZWAAR,
    InkeerUitkomst,
    controleer_inkeer_bereik,
    controleer_verzoek_om_herziening,
    inkeer_beslissen_uiterlijk,
    inkeer_tweede_maand,
    na_inkeer,
)
from tasks._traject import heropen_maatregelzaak, maatregelzaak_row
from tasks.maatregel._gedeeld import _herzien, _mail, _traject, laatste_beschikking
from tasks.maatregel.bezwaar_dwangsom import na_beslissing
from tasks.runtime import Runtime
from tasks.step import step


def controleer_inkeerverzoek(s: Session, t: Traject, ontvangen_op: date, vandaag: date) -> Maatregel:
    """Every rule a request for herziening must meet, without writing: the rows it needs (the newest
    beschikking, a request already running), read here; the rules, in domain/maatregel/inkeer.py."""
    m = laatste_beschikking(s, t)
    lopend = repo.get_open_stap(s, traject=t, proces=INKEER) is not None
    controleer_verzoek_om_herziening(
        t.referentie, ontvangen_op, vandaag, besluit_datum=m.besluit_datum if m is not None else None,
        type_=m.type if m is not None else None, status=m.status if m is not None else None,
        kortingsmaanden=m.kortingsmaanden if m is not None else [], lopend=lopend)
    assert m is not None
    return m


@step()
def ontvang_inkeerverzoek(rt: Runtime, *, referentie: str, ontvangen_op: date, nu: datetime,
                          actor: str) -> dict[str, Any]:
    """A request for herziening once the deelnemer complies again (lid 11): decided within the Awb term."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een verzoek om herziening", na_afsluiten=True)
        m = controleer_inkeerverzoek(s, t, ontvangen_op, lokale_datum(nu))
        # Pw art. 18 lid 11: herziening only of a verlaging under lid 5–8 (the geüniformeerde arbeidsverplichtingen)
        ged = rt.maatregelen.op(Gemeente(m.gemeente), m.verzuim_op).gedraging(m.gedraging)
        controleer_inkeer_bereik(referentie, arbeidsverplichting=ged.arbeidsverplichting, type_=m.type,
                                 grondslag=ged.grondslag)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        uiterlijk = inkeer_beslissen_uiterlijk(ontvangen_op, rt.kalender)
        stap = repo.open_proces(s, traject=t, proces=INKEER, nu=nu, actor=actor,
                                gebeurtenis=INKEER.gebeurtenis("ontvangen"),
                                omschrijving=f"Verzoek om herziening ontvangen op {ontvangen_op.isoformat()}; beslissen "
                                             f"uiterlijk {uiterlijk.isoformat()}.",
                                data={"maatregel_id": m.id, "ontvangen_op": ontvangen_op.isoformat(),
                                      "uiterlijk": uiterlijk.isoformat()})
        heropen_maatregelzaak(s, t, m, nu, f"inkeer:{stap.id}")
        maatregelzaak_row(s, t, m, nu, "status", f"inkeer:{stap.id}", statustype=STATUS_BEZWAAR,
                          toelichting=f"Verzoek om herziening ontvangen op {ontvangen_op.isoformat()}.")
        taak = repo.add_taak(s, traject=t, titel="Beslissen op verzoek om herziening van de maatregel (inkeer)",
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=uiterlijk, nu=nu,
                             kalender=rt.kalender, grondslag=GRONDSLAG_INKEER, actor=actor, code=INKEER_TAAK, stap=stap)
        _mail(s, t, nu, f"maatregel-inkeer:{t.referentie}:{stap.id}", "maatregel_inkeer", t.werkcoach_email,
              kenmerk=m.besluit_identificatie, ontvangen_op=ontvangen_op.isoformat(), uiterlijk=uiterlijk.isoformat(),
              tweede_maand=inkeer_tweede_maand(m.type or "", m.percentage or 0, m.maanden or 0), taak_id=taak.id)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uiterlijk": uiterlijk.isoformat(), "taak_id": taak.id}


@step()
def beslis_inkeer(rt: Runtime, *, referentie: str, uitkomst: InkeerUitkomst, nu: datetime,
                  actor: str) -> dict[str, Any]:
    """Toegewezen: the months after the request lapse; for a 100% maatregel of two months or longer the
    first month stands (the inkeerregeling)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    uitkomst = InkeerUitkomst(uitkomst)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "beslissen op een verzoek om herziening", na_afsluiten=True)
        stap = repo.get_stap(s, traject=t, proces=INKEER)
        m = s.get(Maatregel, stap.data["maatregel_id"])
        assert m is not None
        repo.overgang(s, traject=t, stap=stap, proces=INKEER, naar=BESLIST, nu=nu, actor=actor,
                      gebeurtenis=INKEER.gebeurtenis("beslist"), omschrijving=f"Verzoek om herziening {uitkomst.value}.",
                      data={"uitkomst": uitkomst.value})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={INKEER_TAAK})
        na_beslissing(rt, s, t, stap, lokale_datum(nu), nu, actor)  # a running dwangsom stops (Awb 4:18)
        if uitkomst == InkeerUitkomst.toegewezen:
            tweede = inkeer_tweede_maand(m.type or "", m.percentage or 0, m.maanden or 0)
            blijft = na_inkeer(m.kortingsmaanden, verzoek_op=date.fromisoformat(stap.data["ontvangen_op"]),
                               tweede_maand_regel=tweede)
            if blijft != m.kortingsmaanden:
                _herzien(s, t, m, nu, blijft, "Herziening (Pw art. 18 lid 11): de deelnemer komt de verplichtingen "
                         "weer na." + (" De eerste maand blijft staan (inkeerregeling)." if tweede else ""),
                         f"ink{stap.id}")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uitkomst": uitkomst.value,
                "kortingsmaanden": m.kortingsmaanden}
