"""The gemeente's decision on beschut werk (its besluit on the zaak), plaatsing within the yearly quotum,
or the wachtlijst."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.indicatie import (
    AFGEWEZEN,
    GEMEENTEBESLUIT,
    GEMEENTEBESLUIT_TAAK,
    GEPLAATST,
    GRONDSLAG_GEMEENTE,
    PLAATSING_TAAK,
    VERVOLG_TAAK,
    VERVOLG_WERKDAGEN,
    WACHTLIJST,
    GemeenteBesluit,
    plaatsing_mogelijk,
)
from domain.invoer import FORMULIER_DOOR, controleer_door, controleer_tekst
from domain.termijnen import bereken_termijn
from tasks.indicatie._gedeeld import (
    BESLUITTYPE,
    P,
    _open_traject,
    _status,
    _taak,
)
from tasks.runtime import Runtime
from tasks.step import step


def _jaar(nu: datetime) -> tuple[datetime, datetime]:
    from domain.herinneringen import lokaal_naar_utc

    j = lokale_datum(nu).year
    return lokaal_naar_utc(datetime(j, 1, 1)), lokaal_naar_utc(datetime(j + 1, 1, 1))


def _plaats(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, nu: datetime, actor: str) -> None:
    g = rt.gemeenten[Gemeente(t.gemeente)]
    repo.overgang(s, traject=t, stap=stap, proces=P, naar=GEPLAATST, nu=nu, actor=actor,
                  gebeurtenis=P.gebeurtenis(GEPLAATST), omschrijving="Beschutte werkplek (NBW) toegewezen.")
    _taak(rt, s, t, stap, titel="Plaatsen op een beschutte werkplek (NBW)", aan=g.wsp_email,
          escalatie=g.teamleider_email, due=rt.kalender.werkdagen_erbij(lokale_datum(nu), VERVOLG_WERKDAGEN), nu=nu,
          actor=actor, code=PLAATSING_TAAK, grondslag=GRONDSLAG_GEMEENTE,
          toelichting=f"De gemeente {g.gemeente.naam} heeft beschut werk toegekend; er is plaats binnen het quotum.")


@step()
def leg_gemeentebesluit_vast(rt: Runtime, *, referentie: str, besluit: GemeenteBesluit, toelichting: str,
                             nu: datetime, actor: str) -> dict[str, Any]:
    """The gemeente decided on beschut werk. Toekennen: a placement within the yearly quotum, else
    the wachtlijst; afwijzen: the werkcoach decides what follows."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    toelichting = controleer_tekst(toelichting, "Het veld toelichting", min_len=5)
    besluit = GemeenteBesluit(besluit)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _status(s, t, GEMEENTEBESLUIT, wat="het besluit van de gemeente vastleggen")
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={GEMEENTEBESLUIT_TAAK})
        repo.set_stap_data(s, stap=stap, gemeentebesluit=besluit.value, gemeentebesluit_op=lokale_datum(nu).isoformat())
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="indicatie:gemeentebesluit",
                   gebeurtenis=P.gebeurtenis("gemeentebesluit"), data={"besluit": besluit.value},
                   omschrijving=f"Gemeente {g.gemeente.naam}: beschut werk {besluit.value}. {toelichting}")
        # The college's besluit on the zaak (ZGW Besluiten API), once: keyed by our identificatie. Its
        # uiterlijkeReactiedatum is the end of the bezwaartermijn (Awb 6:7/6:8, Atw) from today.
        vandaag = lokale_datum(nu)
        bezwaar = bereken_termijn("bezwaar", vandaag, rt.kalender).einddatum
        assert stap.id is not None
        repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:besluit:indicatie:{stap.id}", soort="zgw", traject=t, nu=nu,
                        payload={"op": "besluit", "besluittype": BESLUITTYPE[besluit],
                                 "identificatie": f"{t.referentie}-BW-{stap.id}", "datum": vandaag.isoformat(),
                                 "toelichting": toelichting, "uiterlijke_reactiedatum": bezwaar.isoformat()})
        repo.set_stap_data(s, stap=stap, bezwaar_tot=bezwaar.isoformat())
        if besluit == GemeenteBesluit.afwijzen:
            repo.overgang(s, traject=t, stap=stap, proces=P, naar=AFGEWEZEN, nu=nu, actor=actor,
                          gebeurtenis=P.gebeurtenis(AFGEWEZEN), data={"door": "gemeente"},
                          omschrijving=f"Gemeente {g.gemeente.naam} wees beschut werk af.")
            _taak(rt, s, t, stap, titel="Gemeente wees beschut werk af: bepaal het vervolg van het traject",
                  aan=t.werkcoach_email, escalatie=g.teamleider_email, beleid="kort", nu=nu, actor=actor,
                  due=rt.kalender.werkdagen_erbij(lokale_datum(nu), VERVOLG_WERKDAGEN), code=VERVOLG_TAAK)
            naar = AFGEWEZEN
        else:
            van, tot = _jaar(nu)
            geplaatst = repo.tel_gebeurtenissen(s, gebeurtenis=P.gebeurtenis(GEPLAATST), gemeente=t.gemeente,
                                                van=van, tot=tot)
            if plaatsing_mogelijk(geplaatst, g.beschut_werk_quotum):
                _plaats(rt, s, t, stap, nu, actor)
                naar = GEPLAATST
            else:
                repo.overgang(s, traject=t, stap=stap, proces=P, naar=WACHTLIJST, nu=nu, actor=actor,
                              gebeurtenis=P.gebeurtenis(WACHTLIJST),
                              data={"geplaatst_dit_jaar": geplaatst, "quotum": g.beschut_werk_quotum},
                              omschrijving=f"Quotum {g.gemeente.naam} voor dit jaar bereikt ({geplaatst} van "
                                           f"{g.beschut_werk_quotum}): op de wachtlijst.")
                naar = WACHTLIJST
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "status": naar}


@step()
def plaats_van_wachtlijst(rt: Runtime, *, referentie: str, nu: datetime, actor: str) -> dict[str, Any]:
    """A beschutte werkplek came free: from the wachtlijst to a placement (the WSP's task)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _status(s, t, WACHTLIJST, wat="plaatsen")
        _plaats(rt, s, t, stap, nu, actor)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "status": GEPLAATST}
