"""UWV's ontvangst and beslissing: the decision term and its waking timer, the outcome (afgewezen, the
garantiebaan route through the doelgroepregister, or the gemeente's decision on beschut werk)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain.doelgroepregister import DOELGROEPREGISTER
from domain.gemeenten import Gemeente
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.herinneringen import lokale_datum
from domain.indicatie import (
    AFGEWEZEN,
    BESLIS_WEKKER,
    BESLISTERMIJN,
    ESCALATIE_TAAK,
    GARANTIEBAAN,
    GARANTIEBAAN_TAAK,
    GEMEENTEBESLUIT,
    GEMEENTEBESLUIT_TAAK,
    GRONDSLAG_GEMEENTE,
    INGEDIEND,
    ONTVANGEN,
    ONTVANGST_TERMIJN,
    TE_LAAT,
    VERVOLG_TAAK,
    VERVOLG_WERKDAGEN,
    WEKT,
    Soort,
    Uitkomst,
    beslistermijn,
    blokkade_tot,
    controleer_na_aanvraag,
    controleer_volgorde,
    vervolg_taak,
)
from domain.indicatie_instellingen import IndicatieInstellingen
from domain.invoer import FORMULIER_DOOR, controleer_door, controleer_tekst
from tasks.doelgroepregister import bij_registratie, open_watch
from tasks.indicatie._gedeeld import (
    NAVRAGEN_TAAK,
    P,
    _datum_niet_na,
    _open_traject,
    _status,
    _taak,
    aanvraag_op,
)
from tasks.runtime import Runtime
from tasks.step import step


def ontvangen(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, op: date, nu: datetime, actor: str) -> None:
    """UWV confirmed receipt: the ontvangst term closes; the decision term (reminders) and its waking
    timer (the werkdag after) start, from the receipt."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    soort = Soort(stap.data["soort"])
    controleer_volgorde(t.referentie, op, stap.data.get("ingediend_op"), "de ontvangst", "het indienen")
    term = beslistermijn(soort, op, rt.kalender, rt.settings.van(IndicatieInstellingen).beschut_werk_weken)
    repo.overgang(s, traject=t, stap=stap, proces=P, naar=ONTVANGEN, nu=nu, actor=actor,
                  gebeurtenis=P.gebeurtenis(ONTVANGEN), data={"ontvangen_op": op.isoformat(), "due": term.due.isoformat()},
                  omschrijving=f"Ontvangstbevestiging UWV van {op.isoformat()}; uitkomst uiterlijk "
                               f"{term.due.isoformat()} ({term.grondslag}).")
    repo.sluit_deadlines_van(s, stap=stap, nu=nu, codes={ONTVANGST_TERMIJN})
    repo.set_stap_data(s, stap=stap, ontvangen_op=op.isoformat(), beslissing_due=term.due.isoformat(),
                       wekker=term.wekker.isoformat())
    wat = "Beslissing UWV" if soort == Soort.banenafspraak else "Advies UWV"
    repo.add_deadline(s, traject=t, soort="uwv-beslissing", omschrijving=f"{wat} ({soort.label})", due=term.due,
                      grondslag=term.grondslag[:200], eigenaar_email=t.werkcoach_email,
                      escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender, beleid="kort",
                      code=BESLISTERMIJN, stap=stap)
    repo.add_deadline(s, traject=t, soort="uwv-beslissing-wekker", omschrijving=f"{wat} uitgebleven: wekker",
                      due=term.wekker, grondslag=term.grondslag[:200], eigenaar_email=t.werkcoach_email,
                      escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender, beleid=ZONDER_HERINNERINGEN,
                      code=BESLIS_WEKKER, stap=stap, wekt=WEKT)
    repo.audit(s, traject=t, nu=nu, actor=actor, soort="termijn",
               omschrijving=f"Termijn UWV tot {term.due.isoformat()}: {term.grondslag}. {term.toelichting}"[:500],
               data={"wettelijk": term.wettelijk, "due": term.due.isoformat(), "wekker": term.wekker.isoformat()})


@step()
def leg_ontvangst_vast(rt: Runtime, *, referentie: str, op: date, nu: datetime, actor: str) -> dict[str, Any]:
    """UWV's ontvangstbevestiging by letter (the manual channel, or a channel that missed it)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _status(s, t, INGEDIEND, wat="de ontvangst vastleggen")
        _datum_niet_na(op, nu, "De ontvangstdatum")
        # The step it follows first (indienen), then the aanvraag itself: a date UWV's link gave for indienen
        # is UWV's, a typed ontvangst never lies before the aanvraag (the poll's own dates are UWV's: not here).
        controleer_volgorde(referentie, op, stap.data.get("ingediend_op"), "de ontvangst", "het indienen")
        controleer_na_aanvraag(referentie, op, aanvraag_op(stap), "de ontvangstdatum")
        ontvangen(rt, s, t, stap, op=op, nu=nu, actor=actor)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "beslissing_uiterlijk": stap.data["beslissing_due"]}


GARANTIEBAAN_VERVOLG = "garantiebaan"  # the doelgroepregister watch's continuation


def bevestig_doelgroepregister(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, nu: datetime,
                               actor: str) -> None:
    """After a positive indicatie banenafspraak the garantiebaan route waits for UWV's registration
    in the doelgroepregister: a watch (tasks/doelgroepregister.py) asks Suwinet every werkdag and,
    when the register shows the deelnemer, gives the WSP "Garantiebaan-route starten"
    (`_geregistreerd`). A watch that already runs (a praktijkroute) cannot take a second
    continuation: then the WSP gets the task at once, to check the register by hand."""
    repo.audit(s, traject=t, nu=nu, actor=actor, soort="indicatie:doelgroepregister",
               gebeurtenis=P.gebeurtenis("doelgroepregister_te_controleren"),
               omschrijving="Inschrijving in het doelgroepregister: werkpad volgt haar via Suwinet.")
    if repo.get_open_stap(s, traject=t, proces=DOELGROEPREGISTER) is None:
        open_watch(rt, s, t, vervolg=GARANTIEBAAN_VERVOLG, nu=nu, actor=actor, reden="indicatie banenafspraak")
        return
    _garantiebaan_taak(rt, s, t, stap, nu=nu, actor=actor,
                       toelichting="UWV heeft de indicatie banenafspraak afgegeven. Controleer de inschrijving in het "
                                   "doelgroepregister (Suwinet-Inkijk) en start de garantiebaan-route met de werkcoach.")


def _garantiebaan_taak(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, nu: datetime, actor: str,
                       toelichting: str) -> None:
    g = rt.gemeenten[Gemeente(t.gemeente)]
    _taak(rt, s, t, stap, titel="Garantiebaan-route starten", aan=g.wsp_email, escalatie=g.teamleider_email,
          due=rt.kalender.werkdagen_erbij(lokale_datum(nu), VERVOLG_WERKDAGEN), nu=nu, actor=actor,
          code=GARANTIEBAAN_TAAK, toelichting=toelichting)


@bij_registratie(GARANTIEBAAN_VERVOLG)
def _geregistreerd(rt: Runtime, s: Session, t: Traject, nu: datetime, begin: date) -> str:
    """The register shows the deelnemer: the WSP starts the garantiebaan route."""
    stappen = [p for p in repo.processen(s, traject=t) if p.proces == P.naam and p.status == GARANTIEBAAN]
    if not stappen:
        return "geen indicatie banenafspraak die op de registratie wacht"
    _garantiebaan_taak(rt, s, t, stappen[-1], nu=nu, actor="doelgroepregister-controle",
                       toelichting=f"De deelnemer staat sinds {begin.isoformat()} in het doelgroepregister (UWV, "
                                   "indicatie banenafspraak). Start de garantiebaan-route met de werkcoach.")
    return "garantiebaan-route: taak voor het WSP"


def beslist(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, uitkomst: Uitkomst, op: date, toelichting: str,
            nu: datetime, actor: str) -> str:
    """UWV's outcome; returns the new status."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    soort, uitkomst = Soort(stap.data["soort"]), Uitkomst(uitkomst)
    controleer_volgorde(t.referentie, op, stap.data.get("ontvangen_op"), "de beslissing", "de ontvangst")
    repo.sluit_deadlines_van(s, stap=stap, nu=nu, codes={BESLISTERMIJN, BESLIS_WEKKER})
    repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={ESCALATIE_TAAK, NAVRAGEN_TAAK})
    repo.set_stap_data(s, stap=stap, uitkomst=uitkomst.value, beslist_op=op.isoformat())
    repo.audit(s, traject=t, nu=nu, actor=actor, soort="indicatie:beslist", gebeurtenis=P.gebeurtenis("beslist"),
               data={"soort": soort.value, "uitkomst": uitkomst.value, "op": op.isoformat()},
               omschrijving=f"UWV: {soort.label} {uitkomst.value} ({op.isoformat()}). {toelichting}".strip())
    vandaag = lokale_datum(nu)
    if uitkomst == Uitkomst.negatief:
        extra: dict[str, str] = {}
        noot = ""
        if soort == Soort.beschut_werk:
            extra["blokkade_tot"] = blokkade_tot(op).isoformat()
            noot = f"; een nieuwe aanvraag beschut werk kan vanaf {extra['blokkade_tot']}"
            repo.set_stap_data(s, stap=stap, blokkade_tot=extra["blokkade_tot"])
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=AFGEWEZEN, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis(AFGEWEZEN), data={"door": "uwv", **extra},
                      omschrijving=f"Negatieve uitkomst van UWV{noot}.")
        _taak(rt, s, t, stap, titel=vervolg_taak(soort, uitkomst), aan=t.werkcoach_email, escalatie=g.teamleider_email,
              due=rt.kalender.werkdagen_erbij(vandaag, VERVOLG_WERKDAGEN), nu=nu, actor=actor, code=VERVOLG_TAAK,
              beleid="kort")
        return AFGEWEZEN
    if soort == Soort.banenafspraak:
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=GARANTIEBAAN, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis(GARANTIEBAAN), omschrijving="Indicatie banenafspraak afgegeven.")
        wsp_taak_nu = repo.get_open_stap(s, traject=t, proces=DOELGROEPREGISTER) is not None
        bevestig_doelgroepregister(rt, s, t, stap, nu=nu, actor=actor)
        _meld_positief(rt, s, t, stap, soort=soort, op=op, nu=nu, wsp_taak_nu=wsp_taak_nu)
        return GARANTIEBAAN
    repo.overgang(s, traject=t, stap=stap, proces=P, naar=GEMEENTEBESLUIT, nu=nu, actor=actor,
                  gebeurtenis=P.gebeurtenis(GEMEENTEBESLUIT),
                  omschrijving=f"Positief advies beschut werk; gemeente {g.gemeente.naam} beslist (Pw art. 10b).")
    _taak(rt, s, t, stap, titel="Besluit over beschut werk nemen (positief advies UWV)", aan=g.consulent_email,
          escalatie=g.teamleider_email, due=rt.kalender.werkdagen_erbij(vandaag, VERVOLG_WERKDAGEN), nu=nu, actor=actor,
          code=GEMEENTEBESLUIT_TAAK, grondslag=GRONDSLAG_GEMEENTE, rol="consulent",
          toelichting="UWV adviseert positief over beschut werk. De gemeente beslist (toekennen of afwijzen); "
                      "afwijken van het advies kan alleen als het onzorgvuldig is.")
    _meld_positief(rt, s, t, stap, soort=soort, op=op, nu=nu, wsp_taak_nu=False)
    return GEMEENTEBESLUIT


def _meld_positief(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, soort: Soort, op: date, nu: datetime,
                   wsp_taak_nu: bool) -> None:
    """A positive outcome of UWV is news for the werkcoach and for the gemeente's WSP (who places the
    deelnemer): one mail each with what comes next, references only. `wsp_taak_nu`: the WSP got the
    garantiebaan task at once (a register watch already ran), rather than on the registration."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    for aan, rol in ((t.werkcoach_email, "werkcoach"), (g.wsp_email, "wsp")):
        repo.add_outbox(s, idem_key=f"indicatie-positief:{t.referentie}:{stap.id}:{rol}", soort="email", traject=t,
                        nu=nu, payload={"template": "indicatie_positief", "aan": aan, "rol": rol,
                                        "referentie": t.referentie, "soort": soort.value, "soort_label": soort.label,
                                        "op": op.isoformat(), "gemeente": g.gemeente.naam,
                                        "werkcoach": t.werkcoach_email, "wsp": g.wsp_email,
                                        "wsp_taak_nu": wsp_taak_nu})


@step()
def leg_beslissing_vast(rt: Runtime, *, referentie: str, uitkomst: Uitkomst, op: date, toelichting: str, nu: datetime,
                        actor: str) -> dict[str, Any]:
    """UWV's outcome by letter (the manual channel, or a channel that missed it)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    if toelichting:
        toelichting = controleer_tekst(toelichting, "Het veld toelichting", min_len=5)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _status(s, t, ONTVANGEN, TE_LAAT, wat="de beslissing vastleggen (leg eerst de ontvangst vast)")
        _datum_niet_na(op, nu, "De datum van de beslissing")
        naar = beslist(rt, s, t, stap, uitkomst=Uitkomst(uitkomst), op=op, toelichting=toelichting, nu=nu, actor=actor)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "status": naar}
