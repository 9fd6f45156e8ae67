"""The trajectplan: goals, actions with an owner and a due date, referrals to a voorliggende
voorziening with a follow-up date. Plain steps; flows run `.task`.

Every open action is a task (code `trajectplan.actie`; a referral's follow-up `trajectplan.verwijzing`)
for its owner, so it is in the werkvoorraad and reminded/escalated by the sweep; recording the
action (or the follow-up) closes or re-arms that task in the same transaction, with its event.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Actie, Taak, Traject
from domain import trajectplan_stappen as stappen
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.stap import Verwijzing
from domain.traject import Status
from domain.trajectplan import (
    ACTIE_GEBEURTENIS,
    ACTIE_GEDAAN_GEBEURTENIS,
    ACTIE_TAAK,
    DOEL_BEHAALD_GEBEURTENIS,
    DOEL_GEBEURTENIS,
    GRONDSLAG,
    OPVOLGING_GEBEURTENIS,
    VERVALLEN_GEBEURTENIS,
    VERWIJZING_GEBEURTENIS,
    VERWIJZING_TAAK,
    Opvolging,
    Soort,
    Voorziening,
    actie_titel,
    controleer_actie,
    controleer_doel,
    controleer_doel_open,
    controleer_eigenaar,
    controleer_instelling,
    controleer_omschrijving,
    controleer_opvolgdatum,
    controleer_plan_mogelijk,
    controleer_uiterlijk,
    controleer_verwezen_op,
    na_opvolging,
    traject_van,
    verwijzing_titel,
)
from tasks._traject import bij_afsluiten
from tasks.runtime import Runtime
from tasks.step import step
from tasks.vastleggen import vastleggen_taak


@vastleggen_taak(ACTIE_TAAK)
def _hoe_actie(s: Session, referentie: str, taak_id: int) -> Verwijzing | None:
    actie = repo.get_actie_van_taak(s, taak_id=taak_id)
    if actie is None:
        return None
    return Verwijzing(stappen.ACTIE_GEDAAN, referentie, waarden={"actie_id": actie.id},
                      ook=("toelichting",))


@vastleggen_taak(VERWIJZING_TAAK)
def _hoe_verwijzing(s: Session, referentie: str, taak_id: int) -> Verwijzing | None:
    actie = repo.get_actie_van_taak(s, taak_id=taak_id)
    if actie is None:
        return None
    return Verwijzing(stappen.VERWIJZING_OPVOLGEN, referentie, waarden={"actie_id": actie.id},
                      ook=("nieuwe_datum",))


def _traject(s: Session, referentie: str) -> Traject:
    t = repo.get_traject(s, referentie=referentie)
    controleer_plan_mogelijk(referentie, Status(t.status))
    return t


def _taak(rt: Runtime, s: Session, t: Traject, titel: str, eigenaar: str, due: date, nu: datetime, actor: str,
          code: str) -> Taak:
    g = rt.gemeenten[Gemeente(t.gemeente)]
    return repo.add_taak(s, traject=t, titel=titel, eigenaar_email=eigenaar, escalatie_email=g.teamleider_email,
                         due=due, nu=nu, kalender=rt.kalender, actor=actor, code=code, grondslag=GRONDSLAG)


def _traject_van(s: Session, referentie: str | None, gevonden: tuple[Any, str] | None, wat: str) -> str:
    """Without a trajectnummer (the CLI names only the action or goal) the step takes the one it belongs to."""
    return traject_van(referentie, gevonden[1] if gevonden is not None else None, wat)


def _actie(s: Session, referentie: str, actie_id: int, soort: Soort) -> Actie:
    gevonden = repo.get_actie(s, actie_id=actie_id)
    actie, ref = gevonden if gevonden is not None else (None, None)
    controleer_actie(referentie, actie_id, ref, actie.status if actie else None, soort, actie.soort if actie else None)
    assert actie is not None
    return actie


@step()
def stel_doel_vast(rt: Runtime, *, referentie: str, omschrijving: str, nu: datetime, actor: str) -> dict[str, Any]:
    """A new goal in the trajectplan (status open)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    omschrijving = controleer_omschrijving(omschrijving, "Het veld omschrijving")
    with new_session(rt.engine) as s:
        t = _traject(s, referentie)
        doel = repo.add_doel(s, traject=t, omschrijving=omschrijving, nu=nu)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:doel", gebeurtenis=DOEL_GEBEURTENIS,
                   omschrijving=f"Trajectplan: doel {doel.id} '{omschrijving}'.", data={"doel_id": doel.id})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "doel_id": doel.id}


@step()
def plan_actie(rt: Runtime, *, referentie: str, doel_id: int, omschrijving: str, eigenaar: str, uiterlijk: date,
               nu: datetime, actor: str) -> dict[str, Any]:
    """An action under an open goal of this traject: a task for its owner (an address, or 'werkcoach')
    due on `uiterlijk`, reminded and escalated to the teamleider like every task."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    omschrijving = controleer_omschrijving(omschrijving, "Het veld omschrijving")
    uiterlijk = controleer_uiterlijk(uiterlijk, lokale_datum(nu), "Het veld uiterlijk")
    with new_session(rt.engine) as s:
        t = _traject(s, referentie)
        eigenaar_email = controleer_eigenaar(eigenaar, t.werkcoach_email, "Het veld eigenaar")
        gevonden = repo.get_doel(s, doel_id=doel_id)
        doel, ref = gevonden if gevonden is not None else (None, None)
        controleer_doel(referentie, doel_id, ref, doel.status if doel else None)
        taak = _taak(rt, s, t, actie_titel(omschrijving), eigenaar_email, uiterlijk, nu, actor, ACTIE_TAAK)
        actie = repo.add_actie(s, traject=t, doel=doel, omschrijving=omschrijving, eigenaar_email=eigenaar_email,
                               uiterlijk=uiterlijk, nu=nu, taak=taak)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:actie", gebeurtenis=ACTIE_GEBEURTENIS,
                   omschrijving=f"Trajectplan: actie {actie.id} bij doel {doel_id} voor {eigenaar_email}, "
                                f"uiterlijk {uiterlijk.isoformat()}.",
                   data={"actie_id": actie.id, "doel_id": doel_id, "eigenaar": eigenaar_email,
                         "uiterlijk": uiterlijk.isoformat()})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "actie_id": actie.id, "taak_id": taak.id,
                "eigenaar": eigenaar_email, "uiterlijk": uiterlijk.isoformat()}


@step()
def actie_gedaan(rt: Runtime, *, referentie: str | None, actie_id: int, nu: datetime, actor: str,
                 toelichting: str | None = None) -> dict[str, Any]:
    """The action is done: its task closes, its reminders stop. Done twice is refused. Without a
    trajectnummer: the traject of the action."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    toelichting = controleer_omschrijving(toelichting, "Het veld toelichting") if toelichting else None
    with new_session(rt.engine) as s:
        referentie = _traject_van(s, referentie, repo.get_actie(s, actie_id=actie_id), f"Actie {actie_id}")
        t = _traject(s, referentie)
        actie = _actie(s, referentie, actie_id, Soort.actie)
        repo.sluit_actie(s, actie=actie, status="gedaan", nu=nu, toelichting=toelichting)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:actie-gedaan",
                   gebeurtenis=ACTIE_GEDAAN_GEBEURTENIS,
                   omschrijving=f"Trajectplan: actie {actie_id} gedaan" + (f": {toelichting}" if toelichting else "."),
                   data={"actie_id": actie_id})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "actie_id": actie_id, "status": "gedaan"}


@step()
def doel_behaald(rt: Runtime, *, referentie: str | None, doel_id: int, nu: datetime, actor: str) -> dict[str, Any]:
    """The goal is reached; its actions that are still open lapse (their tasks with them). Without a
    trajectnummer: the traject of the goal."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        referentie = _traject_van(s, referentie, repo.get_doel(s, doel_id=doel_id), f"Doel {doel_id}")
        t = _traject(s, referentie)
        gevonden = repo.get_doel(s, doel_id=doel_id)
        doel, ref = gevonden if gevonden is not None else (None, None)
        if doel is None or ref != referentie:
            controleer_doel(referentie, doel_id, ref, None)
        assert doel is not None
        controleer_doel_open(doel_id, doel.status)
        doel.status, doel.gesloten_op = "behaald", nu
        s.add(doel)
        _, acties = repo.trajectplan(s, traject=t)
        vervallen = [a.id for a in acties if a.doel_id == doel_id and a.status == "open"]
        for a in acties:
            if a.id in vervallen:
                repo.sluit_actie(s, actie=a, status="vervallen", nu=nu)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:doel-behaald",
                   gebeurtenis=DOEL_BEHAALD_GEBEURTENIS,
                   omschrijving=f"Trajectplan: doel {doel_id} behaald"
                                + (f"; {len(vervallen)} open actie(s) vervallen." if vervallen else "."),
                   data={"doel_id": doel_id, "vervallen_acties": vervallen})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "doel_id": doel_id, "vervallen_acties": vervallen}


@step()
def verwijs(rt: Runtime, *, referentie: str, voorziening: Voorziening, instelling: str, opvolgen_op: date,
            nu: datetime, actor: str, verwezen_op: date | None = None, doel_id: int | None = None) -> dict[str, Any]:
    """A referral to a voorliggende voorziening (event `trajectplan.verwijzing`): the werkcoach gets the
    task to follow it up on `opvolgen_op`, after the referral date."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    voorziening = Voorziening(voorziening)
    instelling = controleer_instelling(instelling, "Het veld instelling")
    vandaag = lokale_datum(nu)
    verwezen_op = controleer_verwezen_op(verwezen_op or vandaag, vandaag, "Het veld verwezen_op")
    opvolgen_op = controleer_opvolgdatum(opvolgen_op, verwezen_op, vandaag, "Het veld opvolgen_op")
    with new_session(rt.engine) as s:
        t = _traject(s, referentie)
        doel = None
        if doel_id is not None:
            gevonden = repo.get_doel(s, doel_id=doel_id)
            doel, ref = gevonden if gevonden is not None else (None, None)
            controleer_doel(referentie, doel_id, ref, doel.status if doel else None)
        titel = verwijzing_titel(voorziening, instelling)
        taak = _taak(rt, s, t, titel, t.werkcoach_email, opvolgen_op, nu, actor, VERWIJZING_TAAK)
        actie = repo.add_actie(s, traject=t, doel=doel, soort=Soort.verwijzing.value,
                               omschrijving=f"Verwijzing {voorziening.label} bij {instelling}"[:200],
                               eigenaar_email=t.werkcoach_email, uiterlijk=opvolgen_op, nu=nu, taak=taak,
                               voorziening=voorziening.value, instelling=instelling, verwezen_op=verwezen_op)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:verwijzing", gebeurtenis=VERWIJZING_GEBEURTENIS,
                   omschrijving=f"Verwezen naar {voorziening.label} ({instelling}) op {verwezen_op.isoformat()}; "
                                f"opvolgen op {opvolgen_op.isoformat()}.",
                   data={"actie_id": actie.id, "voorziening": voorziening.value, "verwezen_op": verwezen_op.isoformat(),
                         "opvolgen_op": opvolgen_op.isoformat()})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "actie_id": actie.id, "taak_id": taak.id,
                "opvolgen_op": opvolgen_op.isoformat()}


@step()
def volg_verwijzing_op(rt: Runtime, *, referentie: str, actie_id: int, uitkomst: Opvolging, nu: datetime,
                       actor: str, nieuwe_datum: date | None = None,
                       toelichting: str | None = None) -> dict[str, Any]:
    """The follow-up of a referral: with a new date it is re-armed (the same task, moved), otherwise
    it closes (gestart/afgerond: gedaan; niet-gestart: vervallen)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    uitkomst = Opvolging(uitkomst)
    toelichting = controleer_omschrijving(toelichting, "Het veld toelichting") if toelichting else None
    vandaag = lokale_datum(nu)
    status = na_opvolging(uitkomst, nieuwe_datum)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie)
        actie = _actie(s, referentie, actie_id, Soort.verwijzing)
        if nieuwe_datum is not None:
            nieuwe_datum = controleer_opvolgdatum(nieuwe_datum, actie.verwezen_op or vandaag, vandaag,
                                                  "Het veld nieuwe_datum")
            taak = s.get(Taak, actie.taak_id) if actie.taak_id is not None else None
            if taak is None or taak.status != "open":  # closed by hand meanwhile: a fresh follow-up task
                taak = _taak(rt, s, t, verwijzing_titel(Voorziening(actie.voorziening or "zorg"), actie.instelling or "-"),
                             t.werkcoach_email, nieuwe_datum, nu, actor, VERWIJZING_TAAK)
                actie.taak_id = taak.id
            else:
                repo.verplaats_deadline(s, deadline_id=taak.deadline_id, due=nieuwe_datum, nu=nu, actor=actor,
                                        reden=f"Verwijzing opgevolgd: {uitkomst.value}.", kalender=rt.kalender)
            actie.uiterlijk = nieuwe_datum
            if toelichting:
                actie.toelichting = toelichting
            s.add(actie)
        else:
            repo.sluit_actie(s, actie=actie, status=status, nu=nu, toelichting=toelichting)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:verwijzing-opgevolgd",
                   gebeurtenis=OPVOLGING_GEBEURTENIS,
                   omschrijving=f"Verwijzing {actie_id} opgevolgd: {uitkomst.value}"
                                + (f"; opnieuw opvolgen op {nieuwe_datum.isoformat()}" if nieuwe_datum else "")
                                + (f". {toelichting}" if toelichting else "."),
                   data={"actie_id": actie_id, "uitkomst": uitkomst.value,
                         "nieuwe_datum": nieuwe_datum.isoformat() if nieuwe_datum else None})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "actie_id": actie_id, "status": status,
                "uitkomst": uitkomst.value, "opvolgen_op": nieuwe_datum.isoformat() if nieuwe_datum else None}


@bij_afsluiten("trajectplan")
def _bij_afsluiten(s: Session, t: Traject, nu: datetime, actor: str, reden: str) -> None:
    """The traject closes: open goals and actions lapse."""
    doelen, acties = repo.laat_trajectplan_vervallen(s, traject=t, nu=nu)
    if doelen or acties:
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="trajectplan:vervallen", gebeurtenis=VERVALLEN_GEBEURTENIS,
                   omschrijving=f"Trajectplan vervallen ({doelen} doel(en), {acties} actie(s) open): {reden}.",
                   data={"doelen": doelen, "acties": acties})
