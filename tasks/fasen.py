"""The re-integratietraject: fase wijzigen, vangnet, deels uitgestroomd, uitstroom. Plain steps; flows run `.task`.

Every step writes, in one transaction: the traject's new fase (version-guarded) with its typed
event, the ZGW status (and at uitstroom the resultaat before the eindstatus) for the gemeente's
zaak, and the mail to the gemeente's klantmanager — all through the outbox.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Taak, Traject
from domain import traject_stappen as stappen
from domain.fasen import (
    CONTACT_DEADLINE,
    CONTACT_GEBEURTENIS,
    CONTACT_SOORT,
    DEELS_UITGESTROOMD_GEBEURTENIS,
    FASE_GEBEURTENIS,
    HERBEOORDELING_PVA_GEBEURTENIS,
    HERBEOORDELING_PVA_TAAK,
    HERBEOORDELING_PVA_TITEL,
    NAZORG,
    NAZORG_TAAK,
    ONTHEFFING_TAAK,
    ONTHEFFING_WERKDAGEN,
    RESULTAATTYPE,
    STAGE_TAAK,
    STAGE_TAAK_TITEL,
    STAGE_TIMER,
    STAGE_TIMER_SOORT,
    STAGE_WEKT,
    STAGE_WERKDAGEN,
    UITSTROOM_GEBEURTENIS,
    Fase,
    Melding,
    Uitstroom,
    controleer_contact_mogelijk,
    controleer_contactdatum,
    controleer_fase_mogelijk,
    controleer_fasewissel,
    controleer_herbeoordeling_mogelijk,
    controleer_jobcoach,
    controleer_nazorg_loopt,
    controleer_reden,
    controleer_stage_timer,
    controleer_trede,
    controleer_uitstroom_mogelijk,
    controleer_vangnet,
    melding_fase,
    melding_uitstroom,
    nazorg_loopt_door,
    plan_contact,
    plan_herbeoordeling,
    plan_nazorg,
    plan_stage_voorstel,
)
from domain.gemeenten import Gemeente, GemeenteConfig
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door, controleer_email
from domain.kalender import Kalender
from domain.rapport import leeftijdsklasse
from domain.stap import Verwijzing
from domain.tijdelijk_oponthoud import controleer_geen_oponthoud
from domain.traject import Status, leeftijd_op
from tasks._traject import meld_vervallen_taken, sluit_af
from tasks.runtime import Runtime
from tasks.step import step
from tasks.tijdelijk_oponthoud import loopt_tot
from tasks.vastleggen import vastleggen


@vastleggen(HERBEOORDELING_PVA_TAAK)
def _hoe_herbeoordeling(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.HERBEOORDELING, referentie)


@vastleggen(CONTACT_DEADLINE)
def _hoe_contact(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.CONTACT, referentie, ook=("op", "toelichting"))


def _meld(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, m: Melding, reden: str, sleutel: str) -> None:
    """What the gemeente hears of one change: the status on its zaak (resultaat first at the end)
    and one mail to its klantmanager, by reference only. `sleutel` makes each change its own row."""
    if m.resultaattype is not None:
        repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:resultaat", soort="zgw", traject=t, nu=nu,
                        payload={"op": "resultaat", "resultaattype": m.resultaattype, "toelichting": reden})
    if m.statustype is not None and m.resultaattype is None:
        repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:{sleutel}", soort="zgw", traject=t, nu=nu,
                        payload={"op": "status", "statustype": m.statustype, "toelichting": f"{m.wat} {reden}"})
    repo.add_outbox(s, idem_key=f"klantmanager:{t.referentie}:{sleutel}", soort="email", traject=t, nu=nu,
                    payload={"template": "traject_gewijzigd", "aan": g.klantmanager_email, "referentie": t.referentie,
                             "gemeente": g.gemeente.naam, "wat": m.wat, "reden": reden,
                             "ontheffing": m.ontheffing_beoordelen})


def _sluit_nazorg(s: Session, t: Traject, nu: datetime, actor: str, reden: str) -> int:
    """End the open nazorg: its open taken lapse and the jobcoach who loses them is told. Returns how many."""
    stap = repo.get_open_stap(s, traject=t, proces=NAZORG)
    if stap is None:
        return 0
    open_taken = [k for k in repo.open_taken(s, traject=t) if k.proces_stap_id == stap.id]
    repo.overgang(s, traject=t, stap=stap, proces=NAZORG, naar="beeindigd", nu=nu, actor=actor, omschrijving=reden,
                  gebeurtenis=NAZORG.gebeurtenis("beeindigd"))
    repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, status="vervallen")
    meld_vervallen_taken(s, t, open_taken, nu, actor, reden, f"nazorg:{stap.id}")
    return len(open_taken)


def _start_nazorg(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, actor: str,
                  jobcoach: str, kalender: Kalender) -> list[str]:
    stap = repo.open_proces(s, traject=t, proces=NAZORG, nu=nu, actor=actor, gebeurtenis=NAZORG.gebeurtenis("gestart"),
                            omschrijving=f"Nazorg na plaatsing door jobcoach {jobcoach}.", data={"jobcoach": jobcoach})
    dagen, momenten = [], []
    for taak in plan_nazorg(lokale_datum(nu), kalender):
        tk = repo.add_taak(s, traject=t, titel=taak.titel, eigenaar_email=jobcoach, escalatie_email=g.teamleider_email,
                           due=taak.due, nu=nu, kalender=kalender, actor=actor, code=NAZORG_TAAK, stap=stap,
                           grondslag="Werkafspraak IJmond Werkt! (nazorg na plaatsing)")
        dagen.append(taak.due.isoformat())
        momenten.append({"label": taak.label, "due": taak.due.isoformat(), "taak_id": tk.id})
    # The jobcoach hears the schedule once per placement (the stap id), by reference only.
    repo.add_outbox(s, idem_key=f"nazorg:{t.referentie}:{stap.id}", soort="email", traject=t, nu=nu,
                    payload={"template": "nazorg_gepland", "aan": jobcoach, "referentie": t.referentie,
                             "gemeente": g.gemeente.naam, "momenten": momenten})
    return dagen


def _plan_herbeoordeling(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, actor: str,
                         kalender: Kalender) -> Taak:
    """The werkcoach's next 'Plan van aanpak herbeoordelen', the gemeente's interval from today.
    Owned by the traject (code, no process instance): uitstroom lets it lapse with the traject's taken."""
    return repo.add_taak(s, traject=t, titel=HERBEOORDELING_PVA_TITEL, eigenaar_email=t.werkcoach_email,
                         escalatie_email=g.teamleider_email, nu=nu, kalender=kalender, actor=actor,
                         due=plan_herbeoordeling(lokale_datum(nu), g.herbeoordeling_pva_weken, kalender),
                         code=HERBEOORDELING_PVA_TAAK,
                         grondslag=f"Werkafspraak IJmond Werkt! (plan van aanpak elke {g.herbeoordeling_pva_weken} "
                                   f"weken herbeoordelen, gemeente {g.gemeente.naam})")


def _bij_start(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, actor: str, kalender: Kalender) -> None:
    """The running traject's own rules, armed when it enters its first fase."""
    _plan_herbeoordeling(s, t, g, nu, actor, kalender)
    _wapen_contact(s, t, g, nu, kalender, plan_contact(lokale_datum(nu), g.contact_weken, kalender))


def _bij_fasewissel(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, van: Fase | None, naar: Fase,
                    kalender: Kalender) -> None:
    """Into 'Werk vinden': a waking timer (six weeks); out of it: the timer lapses."""
    if van == Fase.werk_vinden:
        repo.sluit_deadlines(s, traject=t, soort=STAGE_TIMER_SOORT, nu=nu, status="vervallen")
    if naar == Fase.werk_vinden:
        repo.add_deadline(s, traject=t, soort=STAGE_TIMER_SOORT, code=STAGE_TIMER, wekt=STAGE_WEKT, nu=nu,
                          due=plan_stage_voorstel(lokale_datum(nu), kalender), kalender=kalender,
                          beleid=ZONDER_HERINNERINGEN, omschrijving="Zes weken 'Werk vinden' zonder uitstroom",
                          grondslag="Werkafspraak IJmond Werkt! (stage na zes weken Werk vinden)",
                          eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email)


def _na_fasewissel(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, actor: str, van: Fase | None,
                   naar: Fase, kalender: Kalender, *, jobcoach: str | None = None, vangnet: bool = False) -> list[str]:
    """Every rule a fase change sets off, whoever changes it (the fase command, the verlengde
    intake's decision): the traject's own rules at its first fase, the stage timer, and the
    jobcoach's nazorg into "Werk houden" (closed when leaving it). Returns the nazorg due dates."""
    if van == Fase.werk_houden:
        _sluit_nazorg(s, t, nu, actor, "Baan beëindigd (vangnet)." if vangnet else f"Naar fase '{naar.label}'.")
    if van is None:
        _bij_start(s, t, g, nu, actor, kalender)
    _bij_fasewissel(s, t, g, nu, van, naar, kalender)
    if naar == Fase.werk_houden:
        return _start_nazorg(s, t, g, nu, actor, jobcoach or t.werkcoach_email, kalender)
    return []


def _wapen_contact(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, kalender: Kalender,
                   due: date) -> date:
    """The one contact deadline of the traject (code `traject.contact`): re-armed, never a second one."""
    d = repo.open_deadline(s, traject=t, soort=CONTACT_SOORT)
    if d is None:
        repo.add_deadline(s, traject=t, soort=CONTACT_SOORT, code=CONTACT_DEADLINE, due=due, nu=nu, kalender=kalender,
                          omschrijving="Contact met de deelnemer (geen contact vastgelegd)",
                          grondslag=f"Werkafspraak IJmond Werkt! (contact minstens elke {g.contact_weken} weken)",
                          eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email)
        return due
    if due <= d.due:  # a contact older than the one that armed it: the term stays
        return d.due
    assert d.id is not None
    repo.verplaats_deadline(s, deadline_id=d.id, due=due, nu=nu, actor="werkpad",
                            reden="Contact met de deelnemer vastgelegd.", kalender=kalender)
    return due


def begin_eerste_fase(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, actor: str, fase: Fase,
                     reden: str, *, kalender: Kalender) -> None:
    """The re-integratietraject has just started (status `traject`, e.g. on the uitkering's grant):
    it enters its first fase, in the caller's transaction, reported like every fase change."""
    m = melding_fase(None, fase)
    repo.set_fase(s, traject=t, fase=fase.value, nu=nu, actor=actor, omschrijving=f"{m.wat} {reden}",
                  data={"van": None, "naar": fase.value, "trede": None, "vangnet": False}, gebeurtenis=FASE_GEBEURTENIS)
    _meld(s, t, g, nu, m, reden, f"fase:{t.versie}")
    _na_fasewissel(s, t, g, nu, actor, None, fase, kalender)


def wissel_fase(s: Session, t: Traject, g: GemeenteConfig, nu: datetime, actor: str, fase: Fase, reden: str,
                *, kalender: Kalender) -> None:
    """Another process moves a running traject into a fase (e.g. the verlengde intake's advice), in
    the caller's transaction, reported like every fase change."""
    van = Fase(t.fase) if t.fase else None
    controleer_fasewissel(t.referentie, van, fase)
    m = melding_fase(van, fase)
    repo.set_fase(s, traject=t, fase=fase.value, nu=nu, actor=actor, omschrijving=f"{m.wat} {reden}",
                  data={"van": van.value if van else None, "naar": fase.value, "trede": None, "vangnet": False},
                  gebeurtenis=FASE_GEBEURTENIS)
    _meld(s, t, g, nu, m, reden, f"fase:{t.versie}")
    _na_fasewissel(s, t, g, nu, actor, van, fase, kalender)


@step()
def wijzig_fase(rt: Runtime, *, referentie: str, fase: Fase, reden: str, nu: datetime, actor: str,
                trede: int | None = None, jobcoach: str | None = None, vangnet: bool = False) -> dict[str, Any]:
    """Move the traject into a fase (any other fase, also back); entering the first fase starts the
    re-integratietraject. Into "Werk houden": the jobcoach's nazorg schedule. `vangnet`: the job
    ended after placement, the traject goes back into an earlier fase."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    fase = Fase(fase)
    reden = controleer_reden(reden, "Het veld reden")
    trede = controleer_trede(trede, "Het veld trede")
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        controleer_fase_mogelijk(referentie, Status(t.status))
        controleer_geen_oponthoud(referentie, loopt_tot(s, t), "een fase wijzigen")
        van = Fase(t.fase) if t.fase else None
        (controleer_vangnet if vangnet else controleer_fasewissel)(referentie, van, fase)
        controleer_jobcoach(fase, jobcoach)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        coach = controleer_email(jobcoach, "Het veld jobcoach") if jobcoach else t.werkcoach_email
        if t.status != Status.traject:
            repo.transitie(s, traject=t, naar=Status.traject, nu=nu, actor=actor,
                           omschrijving=f"Gestart in fase '{fase.label}'.")
        repo.set_fase(s, traject=t, fase=fase.value, trede=trede, nu=nu, actor=actor,
                      omschrijving=("Vangnet: " if vangnet else "")
                      + melding_fase(van, fase, trede).wat + f" {reden}",
                      data={"van": van.value if van else None, "naar": fase.value, "trede": trede, "vangnet": vangnet},
                      gebeurtenis=FASE_GEBEURTENIS)
        nazorg = _na_fasewissel(s, t, g, nu, actor, van, fase, rt.kalender, jobcoach=coach, vangnet=vangnet)
        m = melding_fase(van, fase, trede)
        if vangnet:
            m = Melding(m.statustype, None, f"Vangnet: de baan is beëindigd. {m.wat}")
        _meld(s, t, g, nu, m, reden, f"fase:{t.versie}")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "van": van.value if van else None,
                "fase": fase.value, "nazorg": nazorg}


@step()
def stroom_uit(rt: Runtime, *, referentie: str, uitkomst: Uitstroom, reden: str, nu: datetime,
               actor: str) -> dict[str, Any]:
    """Uitstroom: the outcome closes the traject (resultaat, then eindstatus at the gemeente), except
    parttime werk: "deels uitgestroomd", the traject goes on in its fase."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    uitkomst = Uitstroom(uitkomst)
    reden = controleer_reden(reden, "Het veld reden")
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        controleer_uitstroom_mogelijk(referentie, Status(t.status), uitkomst, t.deels_uitgestroomd_op)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        fase = Fase(t.fase) if t.fase else None
        m = melding_uitstroom(uitkomst, fase)
        vandaag = lokale_datum(nu)
        if not uitkomst.sluit_traject:
            repo.set_fase(s, traject=t, fase=t.fase, deels_uitgestroomd_op=vandaag, nu=nu, actor=actor,
                          omschrijving=f"{m.wat} {reden}", data={"fase": t.fase},
                          gebeurtenis=DEELS_UITGESTROOMD_GEBEURTENIS)
            _meld(s, t, g, nu, m, reden, f"deels:{t.versie}")
            s.commit()
            return {"referentie": referentie, "gemeente": t.gemeente, "uitkomst": uitkomst.value, "afgesloten": False}
        # Out of its fase (a traject.fase event with naar None, so stock counts stay right), the
        # outcome as its own event, then the traject closes: instances lapse, the BSN is released.
        repo.set_fase(s, traject=t, fase=None, uitstroom=uitkomst.value, nu=nu, actor=actor,
                      omschrijving=f"Uit fase '{fase.label if fase else '-'}': {uitkomst.label}.",
                      data={"van": t.fase, "naar": None, "trede": None}, gebeurtenis=FASE_GEBEURTENIS)
        # The age band at placement (never the birth date): the garantiebaan table's "> 18 jarige" and
        # "PRO/VSO 16/17 jarige" rows (issue 20).
        leeftijd = leeftijdsklasse(leeftijd_op(repo.get_deelnemer(s, traject=t).geboortedatum, vandaag))
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="uitstroom", omschrijving=f"{m.wat} {reden}",
                   data={"uitkomst": uitkomst.value, "fase": fase.value if fase else None, "leeftijd": leeftijd},
                   proces="traject", gebeurtenis=UITSTROOM_GEBEURTENIS)
        repo.transitie(s, traject=t, naar=Status.afgesloten, nu=nu, actor=actor,
                       omschrijving=f"Uitstroom: {uitkomst.label}.")
        _meld(s, t, g, nu, m, reden, "uitstroom")  # the resultaat, queued before the eindstatus below
        # After an uitstroom into work the jobcoach's nazorg goes on until the werkcoach ends it (item 20).
        nazorg = nazorg_loopt_door(uitkomst) and repo.get_open_stap(s, traject=t, proces=NAZORG) is not None
        sluit_af(s, t, nu, actor, f"Uitstroom: {uitkomst.label}", RESULTAATTYPE[uitkomst],
                 lopen_door=(NAZORG.naam,) if nazorg else ())
        if nazorg:
            repo.audit(s, traject=t, nu=nu, actor=actor, soort="nazorg", proces=NAZORG.naam,
                       omschrijving="Nazorg van de jobcoach loopt door na de uitstroom, tot de laatste contactmomenten "
                                    "zijn gedaan of de werkcoach de nazorg beëindigt.")
        taak_id = None
        if m.ontheffing_beoordelen:  # the gemeente assesses ontheffing van de arbeidsplicht
            taak = repo.add_taak(s, traject=t, titel="Ontheffing arbeidsplicht beoordelen (terugmelding IJmond Werkt!)",
                                 eigenaar_email=g.klantmanager_email, escalatie_email=g.teamleider_email,
                                 due=rt.kalender.werkdagen_erbij(vandaag, ONTHEFFING_WERKDAGEN), nu=nu,
                                 kalender=rt.kalender, actor=actor, code=ONTHEFFING_TAAK,
                                 grondslag="Participatiewet art. 9 lid 2 (ontheffing arbeidsplicht)")
            taak_id = taak.id
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uitkomst": uitkomst.value, "afgesloten": True,
                "taak_id": taak_id, "nazorg_loopt_door": nazorg}


@step()
def beeindig_nazorg(rt: Runtime, *, referentie: str, reden: str, nu: datetime, actor: str) -> dict[str, Any]:
    """The werkcoach ends the jobcoach's nazorg (also after the traject closed with an uitstroom into work): its
    open contactmomenten lapse and the jobcoach is told."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    reden = controleer_reden(reden, "Het veld reden")
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        controleer_nazorg_loopt(referentie, repo.get_open_stap(s, traject=t, proces=NAZORG) is not None)
        n = _sluit_nazorg(s, t, nu, actor, f"Nazorg beëindigd door de werkcoach: {reden}")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "vervallen": n}


@step()
def herbeoordeel_pva(rt: Runtime, *, referentie: str, toelichting: str, nu: datetime, actor: str) -> dict[str, Any]:
    """The werkcoach re-assessed the plan van aanpak: the open task (by code) is done, the next one
    is planned the gemeente's interval from today."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    toelichting = controleer_reden(toelichting, "Het veld toelichting")
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        controleer_herbeoordeling_mogelijk(referentie, Status(t.status))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        afgerond = repo.sluit_taken_met_code(s, traject=t, code=HERBEOORDELING_PVA_TAAK, nu=nu)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="herbeoordeling",
                   omschrijving=f"Plan van aanpak herbeoordeeld: {toelichting}",
                   data={"toelichting": toelichting, "afgerond": afgerond}, proces="traject",
                   gebeurtenis=HERBEOORDELING_PVA_GEBEURTENIS)
        taak = _plan_herbeoordeling(s, t, g, nu, actor, rt.kalender)
        due = taak.deadline_id and repo.get_deadline(s, deadline_id=taak.deadline_id).due
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "volgende": due.isoformat() if due else None,
                "taak_id": taak.id}


@step()
def leg_contact_vast(rt: Runtime, *, referentie: str, nu: datetime, actor: str, op: date | None = None,
                     toelichting: str | None = None) -> dict[str, Any]:
    """Contact with the deelnemer (event `traject.contact` with date and actor): the contact
    deadline is re-armed the gemeente's `contact_weken` after it."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    vandaag = lokale_datum(nu)
    op = controleer_contactdatum(op or vandaag, vandaag, "Het veld op")
    toelichting = controleer_reden(toelichting, "Het veld toelichting") if toelichting else None
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        controleer_contact_mogelijk(referentie, Status(t.status))
        controleer_contactdatum(op, vandaag, "Het veld op", sinds=t.aangemeld_op)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="contact",
                   omschrijving=f"Contact met de deelnemer op {op.isoformat()}" + (f": {toelichting}" if toelichting
                                                                                   else "."),
                   data={"op": op.isoformat(), "actor": actor, "toelichting": toelichting}, proces="traject",
                   gebeurtenis=CONTACT_GEBEURTENIS)
        due = _wapen_contact(s, t, g, nu, rt.kalender, plan_contact(op, g.contact_weken, rt.kalender))
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "op": op.isoformat(), "volgende": due.isoformat()}


@step()
def stel_stage_voor(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Woken six weeks after entering 'Werk vinden': still there and not uitgestroomd, the werkcoach
    gets the task to propose an IJmond Werkt!-stage. A second wake-up, or a traject that left the
    fase meanwhile (the timer lapsed), changes nothing; a run by hand before the date is refused."""


    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        timer = repo.get_deadline_van(s, traject=t, code=STAGE_TIMER, statussen=("open", "verstreken"))
        controleer_stage_timer(referentie, timer.due if timer is not None and timer.status == "open" else None,
                               lokale_datum(nu))
        if timer is None or t.status != Status.traject or t.fase != Fase.werk_vinden.value:
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": False}
        timer.status, timer.next_reminder_at = "afgerond", None  # woken once: a second run finds none
        s.add(timer)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        taak = repo.add_taak(s, traject=t, titel=STAGE_TAAK_TITEL, eigenaar_email=t.werkcoach_email,
                             escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender, actor="wekker",
                             due=rt.kalender.werkdagen_erbij(lokale_datum(nu), STAGE_WERKDAGEN), code=STAGE_TAAK,
                             grondslag="Werkafspraak IJmond Werkt! (stage na zes weken Werk vinden)")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": True, "taak_id": taak.id}
