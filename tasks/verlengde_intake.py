"""Verlengde intake AD&A: start, onderzoek, advies (or the timer waking when it is late), besluit.

Plain steps; flows run `.task`. The rules (dates, what follows the decision) live in
domain/verlengde_intake.py; here they are persisted, one transaction per step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain import verlengde_intake_stappen as stappen
from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.stap import Verwijzing
from domain.tijdelijk_oponthoud import controleer_geen_oponthoud
from domain.traject import Status
from domain.uitkering import VERLENGDE_INTAKE_INPLANNEN
from domain.verlengde_intake import (
    ADVIES_GEGEVEN,
    ADVIES_TAAK,
    ADVIES_TERMIJN,
    BESLOTEN,
    BESLUIT_TAAK,
    ESCALATIE_TAAK,
    ESCALATIE_WERKDAGEN,
    GRONDSLAG,
    LOOPT,
    ONDERZOEK_TAAK,
    STATUSTYPE,
    TE_LAAT,
    TIJDELIJK_OPONTHOUD_STARTEN,
    TUSSENEVALUATIE,
    VERLENGDE_INTAKE,
    VERVOLG_TAAK,
    VERVOLG_WERKDAGEN,
    WEKT,
    Advies,
    Besluit,
    Fase,
    Onderzoek,
    advies_label,
    controleer_advies,
    controleer_advies_open,
    controleer_advies_termijn_verstreken,
    controleer_besluit_mogelijk,
    controleer_onderzoek_mogelijk,
    controleer_start_mogelijk,
    controleer_traject_open,
    plan_besluit,
    plan_onderzoek,
    plan_start,
)
from domain.verlengde_intake_instellingen import VerlengdeIntakeInstellingen
from tasks.fasen import begin_eerste_fase, wissel_fase
from tasks.runtime import Runtime
from tasks.step import step
from tasks.tijdelijk_oponthoud import loopt_tot
from tasks.vastleggen import vastleggen


def _instellingen(rt: Runtime) -> VerlengdeIntakeInstellingen:
    """This process's own settings section (domain/processen.py)."""
    return rt.settings.van(VerlengdeIntakeInstellingen)

P = VERLENGDE_INTAKE


@vastleggen(ADVIES_TAAK)
@vastleggen(ESCALATIE_TAAK)
def _hoe_advies(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.ADVIES, referentie, ook=("fase",))


@vastleggen(BESLUIT_TAAK)
def _hoe_besluit(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.BESLUIT, referentie, ook=("anders", "fase"))


def _open_traject(s: Session, referentie: str) -> Traject:
    t = repo.get_traject(s, referentie=referentie)
    controleer_traject_open(referentie, t.status)
    return t


def _data(s: Session, stap: ProcesStap, **erbij: Any) -> None:
    stap.data = {**(stap.data or {}), **erbij}  # a new dict: the JSON column sees the change
    s.add(stap)


@step()
def start(rt: Runtime, *, referentie: str, nu: datetime, actor: str) -> dict[str, Any]:
    """Three months at AD&A: the advies task and its waking timer, a midway evaluation, a mail to
    AD&A, the status at the gemeente; the werkcoach's task "inplannen" (after the grant) closes."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        controleer_start_mogelijk(referentie, Status(t.status))
        controleer_geen_oponthoud(referentie, loopt_tot(s, t), "een verlengde intake")
        p = plan_start(lokale_datum(nu), rt.kalender)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        ada, ada_tl = _instellingen(rt).ada_email, _instellingen(rt).ada_teamleider_email
        stap = repo.open_proces(s, traject=t, proces=P, nu=nu, actor=actor, gebeurtenis=P.gebeurtenis("gestart"),
                                omschrijving=f"Verlengde intake bij AD&A gestart; advies uiterlijk "
                                             f"{p.advies_due.isoformat()}.",
                                data={"advies_due": p.advies_due.isoformat(),
                                      "tussenevaluatie": p.tussenevaluatie.isoformat(), "onderzoeken": []})
        # AD&A is reminded before the due date; a late advies goes to the werkcoach (escalation mail)
        # and, the werkdag after, the timer wakes the case for the AD&A teamleider.
        advies = repo.add_taak(s, traject=t, titel="Advies verlengde intake uitbrengen", eigenaar_email=ada,
                               escalatie_email=t.werkcoach_email, due=p.advies_due, nu=nu, kalender=rt.kalender,
                               grondslag=GRONDSLAG, actor=actor, code=ADVIES_TAAK, stap=stap)
        repo.add_deadline(s, traject=t, soort="advies-ada", omschrijving="Advies verlengde intake AD&A",
                          due=p.timer, grondslag=GRONDSLAG, eigenaar_email=ada, escalatie_email=ada_tl, nu=nu,
                          kalender=rt.kalender, beleid=ZONDER_HERINNERINGEN, code=ADVIES_TERMIJN, stap=stap, wekt=WEKT)
        tussen = repo.add_taak(s, traject=t, titel="Tussenevaluatie verlengde intake (met deelnemer en werkcoach)",
                               eigenaar_email=ada, escalatie_email=ada_tl, due=p.tussenevaluatie, nu=nu,
                               kalender=rt.kalender, grondslag=GRONDSLAG, actor=actor, code=TUSSENEVALUATIE, stap=stap)
        gesloten = _sluit_inplannen(s, t, nu, actor)
        repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:status:{STATUSTYPE}:{stap.id}", soort="zgw", traject=t, nu=nu,
                        payload={"op": "status", "statustype": STATUSTYPE,
                                 "toelichting": f"Verlengde intake AD&A tot {p.advies_due.isoformat()}"})
        repo.add_outbox(s, idem_key=f"verlengde-intake-gestart:{t.referentie}:{stap.id}", soort="email", traject=t,
                        nu=nu, payload={"template": "verlengde_intake_gestart", "aan": ada, "referentie": t.referentie,
                                        "gemeente": g.gemeente.naam, "werkcoach": t.werkcoach_email,
                                        "advies_due": p.advies_due.isoformat(), "advies_taak_id": advies.id,
                                        "tussenevaluatie": p.tussenevaluatie.isoformat(), "tussen_taak_id": tussen.id,
                                        "onderzoeken": [o.value for o in Onderzoek],
                                        "adviezen": [a.value for a in Advies], "fasen": [f.value for f in Fase]})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "advies_due": p.advies_due.isoformat(),
                "tussenevaluatie": p.tussenevaluatie.isoformat(), "inplannen_gesloten": gesloten}


def _sluit_inplannen(s: Session, t: Traject, nu: datetime, actor: str) -> int:
    """The werkcoach's task "Verlengde intake AD&A inplannen" (by its code) is done now."""
    n = 0
    for k in repo.open_taken(s, traject=t):
        if k.code == VERLENGDE_INTAKE_INPLANNEN:
            assert k.id is not None
            repo.rond_taak_af(s, taak_id=k.id, nu=nu, actor=actor)
            n += 1
    return n


@step()
def onderzoek(rt: Runtime, *, referentie: str, soort: Onderzoek, uiterlijk: date | None, nu: datetime,
              actor: str) -> dict[str, Any]:
    """An onderzoek from the catalogue: a task for the AD&A diagnosticus with its own due date, mailed
    to AD&A with the task's number."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    soort = Onderzoek(soort)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        controleer_onderzoek_mogelijk(referentie, stap.status)
        due = plan_onderzoek(soort, lokale_datum(nu), uiterlijk, date.fromisoformat(stap.data["advies_due"]),
                             rt.kalender)
        taak = repo.add_taak(s, traject=t, titel=f"Onderzoek {soort.label} afnemen en rapporteren",
                             eigenaar_email=_instellingen(rt).ada_email, escalatie_email=_instellingen(rt).ada_teamleider_email,
                             due=due, nu=nu, kalender=rt.kalender, grondslag=GRONDSLAG, actor=actor,
                             code=ONDERZOEK_TAAK, stap=stap)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="verlengde_intake:onderzoek",
                   gebeurtenis=P.gebeurtenis("onderzoek"), data={"soort": soort.value, "uiterlijk": due.isoformat()},
                   omschrijving=f"Onderzoek {soort.label} aangevraagd; uiterlijk {due.isoformat()}.")
        _data(s, stap, onderzoeken=[*stap.data.get("onderzoeken", []),
                                    {"soort": soort.value, "uiterlijk": due.isoformat(), "taak_id": taak.id}])
        # The task goes to AD&A by mail with its number (the start mail says the id is "in de taakmail").
        repo.add_outbox(s, idem_key=f"verlengde-intake-onderzoek:{t.referentie}:{taak.id}", soort="email", traject=t,
                        nu=nu, payload={"template": "verlengde_intake_onderzoek", "aan": _instellingen(rt).ada_email,
                                        "referentie": t.referentie, "soort_label": soort.label,
                                        "uiterlijk": due.isoformat(), "taak_id": taak.id,
                                        "advies_due": stap.data["advies_due"], "werkcoach": t.werkcoach_email})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "soort": soort.value, "uiterlijk": due.isoformat(),
                "taak_id": taak.id}


@step()
def advies_verlopen(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Woken the werkdag after the advies was due: a task for the AD&A teamleider. Before its date:
    refused; a second wake-up, or an advies that came meanwhile, changes nothing."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status != LOOPT:
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": False}
        timer = repo.get_deadline_van(s, stap=stap, code=ADVIES_TERMIJN, statussen=("open",))
        controleer_advies_termijn_verstreken(referentie, timer.due if timer is not None else None, lokale_datum(nu))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        due = rt.kalender.werkdagen_erbij(lokale_datum(nu), ESCALATIE_WERKDAGEN)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=TE_LAAT, nu=nu, actor="wekker",
                      omschrijving=f"Geen advies op {stap.data.get('advies_due')}.", gebeurtenis=P.gebeurtenis(TE_LAAT))
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="verstreken", codes={ADVIES_TERMIJN})
        taak = repo.add_taak(s, traject=t, titel="Advies verlengde intake te laat: zorg dat AD&A het advies uitbrengt",
                             eigenaar_email=_instellingen(rt).ada_teamleider_email, escalatie_email=g.teamleider_email,
                             due=due, nu=nu,
                             kalender=rt.kalender, grondslag=GRONDSLAG, beleid="kort", actor="wekker",
                             code=ESCALATIE_TAAK, stap=stap)
        repo.add_outbox(s, idem_key=f"verlengde-intake-te-laat:{t.referentie}:{stap.id}", soort="email", traject=t,
                        nu=nu, payload={"template": "verlengde_intake_advies_te_laat",
                                        "aan": _instellingen(rt).ada_teamleider_email, "referentie": t.referentie,
                                        "advies_due": stap.data.get("advies_due"), "due": due.isoformat(),
                                        "taak_id": taak.id, "adviezen": [a.value for a in Advies],
                                        "fasen": [f.value for f in Fase]})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": True, "taak_id": taak.id}


@step()
def leg_advies_vast(rt: Runtime, *, referentie: str, advies: Advies, fase: Fase | None, toelichting: str, nu: datetime,
           actor: str) -> dict[str, Any]:
    """AD&A's advies: the werkcoach is mailed and gets a task to decide within the set werkdagen."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    advies = Advies(advies)
    fase = Fase(fase) if fase else None
    controleer_advies(advies, fase, "Het veld fase")
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        controleer_advies_open(referentie, stap.status)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        wat = advies_label(advies, fase)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=ADVIES_GEGEVEN, nu=nu, actor=actor,
                      omschrijving=f"Advies: {wat}. {toelichting}", gebeurtenis=P.gebeurtenis(ADVIES_GEGEVEN),
                      data={"advies": advies.value, "fase": fase.value if fase else None})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={ADVIES_TAAK, ESCALATIE_TAAK, TUSSENEVALUATIE})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={ONDERZOEK_TAAK}, status="vervallen")
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, codes={ADVIES_TERMIJN})
        _data(s, stap, advies=advies.value, fase=fase.value if fase else None)
        due = rt.kalender.werkdagen_erbij(lokale_datum(nu), _instellingen(rt).besluit_werkdagen)
        taak = repo.add_taak(s, traject=t, titel="Besluiten op het advies van AD&A (volgen of afwijken)",
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                             kalender=rt.kalender, grondslag=GRONDSLAG, beleid="kort", actor=actor,
                             code=BESLUIT_TAAK, stap=stap)
        repo.add_outbox(s, idem_key=f"verlengde-intake-advies:{t.referentie}:{stap.id}", soort="email", traject=t,
                        nu=nu, payload={"template": "verlengde_intake_advies", "aan": t.werkcoach_email,
                                        "referentie": t.referentie, "advies": advies.value, "advies_label": wat,
                                        "due": due.isoformat(), "taak_id": taak.id,
                                        "adviezen": [a.value for a in Advies], "fasen": [f.value for f in Fase]})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "advies": advies.value, "besluit_due": due.isoformat(),
                "taak_id": taak.id}


@step()
def leg_besluit_vast(rt: Runtime, *, referentie: str, besluit: Besluit, anders: Advies | None, fase: Fase | None,
            toelichting: str, nu: datetime, actor: str) -> dict[str, Any]:
    """The werkcoach follows the advies or deviates from it; what is chosen starts."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        controleer_besluit_mogelijk(referentie, stap.status)
        gegeven = stap.data.get("fase")
        plan = plan_besluit(Besluit(besluit), Advies(stap.data["advies"]), Fase(gegeven) if gegeven else None,
                            Advies(anders) if anders else None, Fase(fase) if fase else None)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=BESLOTEN, nu=nu, actor=actor,
                      omschrijving=f"Besluit: advies {Besluit(besluit).value}; vervolg: {plan.vervolg}. {toelichting}",
                      gebeurtenis=P.gebeurtenis(BESLOTEN),
                      data={"besluit": Besluit(besluit).value, "gekozen": plan.gekozen.value,
                            "fase": plan.fase.value if plan.fase else None})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={BESLUIT_TAAK})
        _data(s, stap, besluit=Besluit(besluit).value, gekozen=plan.gekozen.value,
              gekozen_fase=plan.fase.value if plan.fase else None)
        start_vervolg(rt, s, t, stap, plan.gekozen, plan.fase, plan.taak, nu, actor)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "vervolg": plan.gekozen.value,
                "fase": plan.fase.value if plan.fase else None}


def start_vervolg(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, gekozen: Advies, fase: Fase | None,
                  taak: str | None, nu: datetime, actor: str) -> None:
    """What the decision starts, in the caller's transaction."""
    if gekozen == Advies.traject:
        assert fase is not None
        start_traject_in_fase(rt, s, t, fase, nu, actor)
        return
    if gekozen == Advies.tijdelijk_oponthoud:  # the seam: its own flow, started through the outbox
        repo.add_outbox(s, idem_key=f"flow:{t.referentie}:verlengde-intake:{stap.id}:tijdelijk-oponthoud", soort="flow",
                        traject=t, nu=nu, payload={"deployment": TIJDELIJK_OPONTHOUD_STARTEN, "parameters": {
                            "referentie": t.referentie, "reden": "Advies verlengde intake AD&A: tijdelijk oponthoud"}})
        return
    if gekozen in (Advies.indicatie_banenafspraak, Advies.beschut_werk):
        start_indicatie(rt, s, t, stap, gekozen, nu, actor)
        return
    assert taak is not None
    g = rt.gemeenten[Gemeente(t.gemeente)]
    repo.add_taak(s, traject=t, titel=taak, eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email,
                  due=rt.kalender.werkdagen_erbij(lokale_datum(nu), VERVOLG_WERKDAGEN), nu=nu, kalender=rt.kalender,
                  grondslag=GRONDSLAG, actor=actor, code=VERVOLG_TAAK, stap=stap)


def start_indicatie(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, gekozen: Advies, nu: datetime,
                    actor: str) -> None:
    """The decision asks UWV for an indicatie: the indicatie process starts in this transaction
    (tasks/indicatie.py::start_in: no Prefect, no partner call; the submission is its own step).
    When it cannot start (one is running, or twelve months after a negative advies beschut werk)
    the werkcoach gets a task that says why and how to start it by hand."""
    from domain.indicatie import INDICATIE, Soort, blokkade_tot, controleer_nieuwe_aanvraag
    from tasks.indicatie import laatste_negatief_beschut_werk, start_in

    soort = Soort.banenafspraak if gekozen == Advies.indicatie_banenafspraak else Soort.beschut_werk
    repo.audit(s, traject=t, nu=nu, actor=actor, soort="verlengde_intake:indicatie",
               gebeurtenis=P.gebeurtenis("indicatie_gevraagd"), data={"soort": soort.value},
               omschrijving=f"Na de verlengde intake: {soort.label} aanvragen bij UWV.")
    # Checked before anything is written, so a refusal leaves the decision itself standing.
    lopend = repo.get_open_stap(s, traject=t, proces=INDICATIE)
    negatief = laatste_negatief_beschut_werk(s, t)
    try:
        if lopend is None:
            controleer_nieuwe_aanvraag(soort, negatief, lokale_datum(nu), None)
    except TransitionRefused:
        assert negatief is not None
        titel = (f"Beschut werk niet aangevraagd: pas vanaf {blokkade_tot(negatief).isoformat()}, of nu met de stap "
                 "'indicatie aanvragen' (soort beschut-werk, met de gewijzigde omstandigheden)")
    else:
        if lopend is None:
            start_in(rt, s, t, soort=soort, omstandigheden_gewijzigd=None, nu=nu, actor=actor, bron="verlengde intake")
            return
        titel = f"Er loopt al een indicatie bij UWV; bepaal of ook {soort.label} nodig is"
    g = rt.gemeenten[Gemeente(t.gemeente)]
    repo.add_taak(s, traject=t, titel=titel[:200], eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email,
                  due=rt.kalender.werkdagen_erbij(lokale_datum(nu), VERVOLG_WERKDAGEN), nu=nu, kalender=rt.kalender,
                  grondslag=GRONDSLAG, actor=actor, code=VERVOLG_TAAK, stap=stap)


def start_traject_in_fase(rt: Runtime, s: Session, t: Traject, fase: Fase, nu: datetime, actor: str) -> None:
    """The traject goes on in the advised fase, through the fase model: the traject starts (status
    `traject`) if it has not yet, and enters or changes fase like any fase change (ZGW status,
    klantmanager mail, typed `traject.fase` event)."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    reden = "Na de verlengde intake AD&A."
    if t.status != Status.traject:
        repo.transitie(s, traject=t, naar=Status.traject, nu=nu, actor=actor,
                       omschrijving=f"Na de verlengde intake, in fase {fase.label}.", data={"fase": fase.value})
    if t.fase == fase.value:
        return
    if t.fase is None:
        begin_eerste_fase(s, t, g, nu, actor, fase, reden, kalender=rt.kalender)
    else:
        wissel_fase(s, t, g, nu, actor, fase, reden, kalender=rt.kalender)
