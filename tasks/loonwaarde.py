"""Loonwaardemeting (regular route and praktijkroute): start, meting, zienswijzen, rapport, herbeoordeling.

Plain steps; flows run `.task`. The rules live in domain/loonwaarde.py; here they are persisted,
one transaction per step. The praktijkroute's re-integratiebericht is an outbox row of kind
`inlichtingenbureau` (tasks/handlers/inlichtingenbureau.py): built at send time, BSN read there;
on the IB's receipt `ib_ontvangen` (in the dispatcher's transaction) starts the doelgroepregister
watch, whose continuation `koppel_jobcoach` couples a jobcoach once UWV registered the deelnemer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain import loonwaarde_stappen as stappen
from domain.doelgroepregister import DOELGROEPREGISTER, GEREGISTREERD
from domain.doelgroepregister import WACHT as REGISTER_WACHT
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.indicatie import INDICATIE, Soort, Uitkomst
from domain.invoer import FORMULIER_DOOR, controleer_door, controleer_tekst
from domain.loonwaarde import (
    BOVEN_WML,
    GRONDSLAG,
    GRONDSLAG_NORM,
    GRONDSLAG_PRAKTIJKROUTE,
    HERBEOORDELING_TAAK,
    IB_BERICHT,
    JOBCOACH_GEKOPPELD,
    JOBCOACH_TAAK,
    JOBCOACH_WERKDAGEN,
    LKS_GEMELD,
    LOONWAARDEMETING,
    METING_GEPLAND,
    METING_TAAK,
    RAPPORT_TAAK,
    RAPPORT_WERKDAGEN,
    WACHT_OP_REGISTER,
    WERKGEVER_BENADEREN,
    WERKGEVER_TAAK,
    WERKGEVER_WERKDAGEN,
    ZIENSWIJZE_TAAK,
    ZIENSWIJZE_WERKDAGEN,
    ZIENSWIJZEN,
    Partij,
    Route,
    controleer_deskundige,
    controleer_herbeoordeling_datum,
    controleer_meting_datum,
    controleer_praktijkroute_mogelijk,
    controleer_rapport,
    controleer_stap,
    controleer_traject_open,
    controleer_werkgever,
    controleer_zienswijze,
    herbeoordeling_due,
    ib_bericht_nodig,
    ontbrekende_zienswijzen,
    parse_loonwaarde,
    werkdagen_na,
)
from domain.loonwaarde_instellingen import LoonwaardeInstellingen
from domain.stap import Verwijzing
from tasks.doelgroepregister import bij_registratie, volg_register
from tasks.runtime import Runtime
from tasks.step import step
from tasks.vastleggen import vastleggen


def _instellingen(rt: Runtime) -> LoonwaardeInstellingen:
    """This process's own settings section (domain/processen.py)."""
    return rt.settings.van(LoonwaardeInstellingen)

P = LOONWAARDEMETING
VERVOLG = "praktijkroute"  # the doelgroepregister watch's continuation


@vastleggen(WERKGEVER_TAAK)
def _hoe_meting(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.METING, referentie)


@vastleggen(METING_TAAK)
@vastleggen(ZIENSWIJZE_TAAK)
def _hoe_zienswijze(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.ZIENSWIJZE, referentie, ook=("toelichting",))


@vastleggen(RAPPORT_TAAK)
def _hoe_rapport(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.RAPPORT, referentie, ook=("brief_werkgever",))


@vastleggen(HERBEOORDELING_TAAK)
def _hoe_herbeoordeling(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.HERBEOORDELING, referentie)


def _open_traject(s: Session, referentie: str) -> Traject:
    t = repo.get_traject(s, referentie=referentie)
    controleer_traject_open(referentie, t.status)
    return t


def _data(s: Session, stap: ProcesStap, **erbij: Any) -> None:
    stap.data = {**(stap.data or {}), **erbij}  # a new dict: the JSON column sees the change
    s.add(stap)


def _stap_in(s: Session, t: Traject, statussen: tuple[str, ...], wat: str) -> ProcesStap:
    stap = repo.get_stap(s, traject=t, proces=P)
    controleer_stap(t.referentie, stap.status, statussen, wat)
    return stap


def _register_stand(s: Session, t: Traject) -> tuple[str | None, str | None, str | None]:
    """What a new praktijkroute must know (controleer_praktijkroute_mogelijk): the date of a positive
    indicatie banenafspraak of the deelnemer (any traject), and this traject's doelgroepregister watch
    ("wacht" or "geregistreerd") with its date."""
    positief = [str(p.data.get("beslist_op") or lokale_datum(p.geopend_op).isoformat())
                for p in repo.processen_van_deelnemer(s, traject=t, proces=INDICATIE)
                if p.data.get("soort") == Soort.banenafspraak.value and p.data.get("uitkomst") == Uitkomst.positief.value]
    watches = [p for p in repo.processen(s, traject=t)
               if p.proces == DOELGROEPREGISTER.naam and p.status in (REGISTER_WACHT, GEREGISTREERD)]
    w = watches[-1] if watches else None
    if w is None:
        return (max(positief) if positief else None, None, None)
    sinds = w.data.get("geregistreerd_sinds") if w.status == GEREGISTREERD else w.data.get("sinds")
    return (max(positief) if positief else None, w.status, str(sinds))


def stand(rt: Runtime, referentie: str) -> tuple[str, dict[str, Any]] | None:
    """The open loonwaardemeting's status and data (None: none running); refuses a closed traject."""
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        return (stap.status, dict(stap.data or {})) if stap else None


@step()
def start(rt: Runtime, *, referentie: str, route: Route, werkgever: str, nu: datetime, actor: str) -> dict[str, Any]:
    """The WSP contacts the werkgever and plans the meting (task "Werkgever benaderen")."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    route = Route(route)
    werkgever = controleer_werkgever(werkgever, "Het veld werkgever")
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        if route == Route.praktijkroute:
            controleer_praktijkroute_mogelijk(referentie, *_register_stand(s, t))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        due = rt.kalender.werkdagen_erbij(lokale_datum(nu), WERKGEVER_WERKDAGEN)
        stap = repo.open_proces(s, traject=t, proces=P, nu=nu, actor=actor, gebeurtenis=P.gebeurtenis("gestart"),
                                omschrijving=f"Loonwaardemeting ({route.value}) gestart bij werkgever {werkgever}.",
                                data={"route": route.value, "werkgever": werkgever, "zienswijzen": []})
        taak = repo.add_taak(s, traject=t, titel=f"Werkgever benaderen en loonwaardemeting plannen ({werkgever})",
                             eigenaar_email=g.wsp_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                             kalender=rt.kalender, grondslag=GRONDSLAG_NORM, actor=actor, code=WERKGEVER_TAAK,
                             stap=stap)
        repo.add_outbox(s, idem_key=f"loonwaarde-gestart:{t.referentie}:{stap.id}", soort="email", traject=t, nu=nu,
                        payload={"template": "loonwaarde_gestart", "aan": g.wsp_email,
                                 "referentie": t.referentie, "route": route.value, "werkgever": werkgever,
                                 "due": due.isoformat(), "taak_id": taak.id, "werkcoach": t.werkcoach_email})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "route": route.value, "due": due.isoformat(),
                "taak_id": taak.id}


@step()
def plan_meting(rt: Runtime, *, referentie: str, deskundige: str, op: date, nu: datetime,
                actor: str) -> dict[str, Any]:
    """The loonwaardedeskundige measures at the workplace on `op`; then both zienswijzen."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    deskundige = controleer_deskundige(deskundige, "Het veld deskundige")
    vandaag = lokale_datum(nu)
    controleer_meting_datum(op, vandaag)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _stap_in(s, t, (WERKGEVER_BENADEREN,), "een meting plannen")
        g = rt.gemeenten[Gemeente(t.gemeente)]
        meet_dag = rt.kalender.volgende_werkdag(op, inclusief=True) if not rt.kalender.is_werkdag(op) else op
        zienswijzen_due = werkdagen_na(meet_dag, ZIENSWIJZE_WERKDAGEN, rt.kalender)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=METING_GEPLAND, nu=nu, actor=actor,
                      omschrijving=f"Meting op de werkplek op {op.isoformat()} door {deskundige}.",
                      gebeurtenis=P.gebeurtenis(METING_GEPLAND), data={"op": op.isoformat()})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={WERKGEVER_TAAK})
        _data(s, stap, meting_op=op.isoformat(), deskundige=deskundige, zienswijzen_due=zienswijzen_due.isoformat())
        meting = repo.add_taak(s, traject=t, titel="Loonwaarde meten op de werkplek (Besluit lks Pw 2021)",
                               eigenaar_email=deskundige, escalatie_email=g.teamleider_email, due=meet_dag, nu=nu,
                               kalender=rt.kalender, grondslag=GRONDSLAG, beleid="kort", actor=actor,
                               code=METING_TAAK, stap=stap)
        zienswijze = repo.add_taak(s, traject=t, titel="Zienswijzen van werkgever en werknemer vastleggen",
                                   eigenaar_email=deskundige, escalatie_email=g.teamleider_email, due=zienswijzen_due,
                                   nu=nu, kalender=rt.kalender, grondslag=f"{GRONDSLAG}; termijn: {GRONDSLAG_NORM}",
                                   actor=actor, code=ZIENSWIJZE_TAAK, stap=stap)
        repo.add_outbox(s, idem_key=f"loonwaarde-meting:{t.referentie}:{stap.id}", soort="email", traject=t, nu=nu,
                        payload={"template": "loonwaarde_meting", "aan": deskundige, "referentie": t.referentie,
                                 "route": stap.data["route"], "werkgever": stap.data["werkgever"],
                                 "op": op.isoformat(), "meting_taak_id": meting.id,
                                 "zienswijzen_due": zienswijzen_due.isoformat(), "zienswijze_taak_id": zienswijze.id,
                                 "werkcoach": t.werkcoach_email})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "op": op.isoformat(),
                "zienswijzen_due": zienswijzen_due.isoformat(), "taak_id": meting.id}


@step()
def leg_zienswijze_vast(rt: Runtime, *, referentie: str, van: Partij, toelichting: str | None, nu: datetime,
                        actor: str) -> dict[str, Any]:
    """One zienswijze (werkgever or werknemer); after both, the deskundige finalises the rapport."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    van = Partij(van)
    if toelichting is not None:
        toelichting = controleer_tekst(toelichting, "Het veld toelichting", min_len=5)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _stap_in(s, t, (METING_GEPLAND, ZIENSWIJZEN), "een zienswijze vastleggen")
        gegeven = list(stap.data.get("zienswijzen", []))
        controleer_zienswijze(van, gegeven, date.fromisoformat(stap.data["meting_op"]), lokale_datum(nu))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        if stap.status == METING_GEPLAND:
            repo.overgang(s, traject=t, stap=stap, proces=P, naar=ZIENSWIJZEN, nu=nu, actor=actor,
                          omschrijving="De meting is gedaan; de zienswijzen komen binnen.")
            repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={METING_TAAK})
        gegeven.append(van.value)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="loonwaardemeting:zienswijze",
                   gebeurtenis=P.gebeurtenis("zienswijze"), data={"van": van.value},
                   omschrijving=f"Zienswijze van de {van.value} vastgelegd. {toelichting or ''}".strip())
        _data(s, stap, zienswijzen=gegeven)
        res: dict[str, Any] = {"referentie": referentie, "gemeente": t.gemeente, "van": van.value,
                               "ontbreekt": ontbrekende_zienswijzen(gegeven)}
        if not res["ontbreekt"]:
            repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={ZIENSWIJZE_TAAK})
            due = rt.kalender.werkdagen_erbij(lokale_datum(nu), RAPPORT_WERKDAGEN)
            taak = repo.add_taak(s, traject=t, titel="Rapport loonwaarde opstellen en vastleggen",
                                 eigenaar_email=stap.data["deskundige"], escalatie_email=g.teamleider_email, due=due,
                                 nu=nu, kalender=rt.kalender, grondslag=f"{GRONDSLAG}; termijn: {GRONDSLAG_NORM}",
                                 actor=actor, code=RAPPORT_TAAK, stap=stap)
            res.update(rapport_due=due.isoformat(), taak_id=taak.id)
        s.commit()
        return res


@step()
def leg_rapport_vast(rt: Runtime, *, referentie: str, loonwaarde: int, rapportdatum: date,
                     brief_werkgever: date | None, nu: datetime, actor: str) -> dict[str, Any]:
    """The rapport: regulier -> melding to the gemeente and the herbeoordeling; praktijkroute below
    100% -> the re-integratiebericht to the Inlichtingenbureau (outbox); at 100% -> no bericht."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    pct = parse_loonwaarde(loonwaarde, "Het veld loonwaarde")
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _stap_in(s, t, (METING_GEPLAND, ZIENSWIJZEN), "het rapport vastleggen")
        route = Route(stap.data["route"])
        controleer_rapport(route, pct, rapportdatum, brief_werkgever, date.fromisoformat(stap.data["meting_op"]),
                           vandaag, list(stap.data.get("zienswijzen", [])))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={RAPPORT_TAAK, ZIENSWIJZE_TAAK, METING_TAAK})
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="loonwaardemeting:rapport",
                   gebeurtenis=P.gebeurtenis("rapport"),
                   data={"loonwaarde": pct, "rapportdatum": rapportdatum.isoformat(), "route": route.value},
                   omschrijving=f"Rapport loonwaarde: {pct}% van het WML (rapport {rapportdatum.isoformat()}).")
        _data(s, stap, loonwaarde=pct, rapportdatum=rapportdatum.isoformat(),
              brief_werkgever=brief_werkgever.isoformat() if brief_werkgever else None)
        res: dict[str, Any] = {"referentie": referentie, "gemeente": t.gemeente, "route": route.value,
                               "loonwaarde": pct}
        if route == Route.regulier:
            due = _meld_en_herbeoordeel(rt, s, t, stap, pct, rapportdatum, nu, actor, eerste=True)
            repo.overgang(s, traject=t, stap=stap, proces=P, naar=LKS_GEMELD, nu=nu, actor=actor,
                          omschrijving=f"Gemeld aan gemeente {g.gemeente.naam}: loonwaarde {pct}%; herbeoordeling "
                                       f"uiterlijk {due.isoformat()}.", gebeurtenis=P.gebeurtenis(LKS_GEMELD))
            res.update(status=LKS_GEMELD, herbeoordeling=due.isoformat())
        elif ib_bericht_nodig(route, pct):
            assert brief_werkgever is not None
            repo.overgang(s, traject=t, stap=stap, proces=P, naar=IB_BERICHT, nu=nu, actor=actor,
                          omschrijving=f"Loonwaarde {pct}% onder het WML: re-integratiebericht naar het "
                                       f"Inlichtingenbureau (loonwaardebrief {brief_werkgever.isoformat()}).",
                          gebeurtenis=P.gebeurtenis("ib_bericht"))
            # The BSN is not in the row: the handler reads it at send time. The key is the row's own.
            repo.add_outbox(s, idem_key=f"inlichtingenbureau:{t.referentie}:{stap.id}", soort="inlichtingenbureau",
                            traject=t, nu=nu, payload={"stap_id": stap.id, "loonwaarde": pct,
                                                       "datum": brief_werkgever.isoformat(), "onder_wml": True})
            res.update(status=IB_BERICHT)
        else:
            repo.overgang(s, traject=t, stap=stap, proces=P, naar=BOVEN_WML, nu=nu, actor=actor,
                          omschrijving="Loonwaarde 100% van het WML: geen re-integratiebericht, geen registratie via "
                                       "de praktijkroute.", gebeurtenis=P.gebeurtenis(BOVEN_WML))
            res.update(status=BOVEN_WML)
        repo.add_outbox(s, idem_key=f"loonwaarde-rapport:{t.referentie}:{stap.id}", soort="email", traject=t, nu=nu,
                        payload={"template": "loonwaarde_rapport", "aan": t.werkcoach_email, "referentie": t.referentie,
                                 "route": route.value, "loonwaarde": pct, "uitkomst": res["status"],
                                 "herbeoordeling": res.get("herbeoordeling"), "gemeente": g.gemeente.naam})
        s.commit()
        return res


def _meld_en_herbeoordeel(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, pct: int, rapportdatum: date,
                          nu: datetime, actor: str, *, eerste: bool) -> date:
    """The melding to the gemeente (its klantmanager: reference and % only) and the herbeoordeling task."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    due = herbeoordeling_due(rapportdatum, g.loonwaarde_herbeoordeling_maanden, rt.kalender)
    taak = repo.add_taak(s, traject=t, titel="Loonwaarde herbeoordelen (periodiek, Pw art. 10d lid 3)",
                         eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                         kalender=rt.kalender, grondslag=f"Pw art. 10d lid 3; periode gemeente {g.gemeente.naam}: "
                                                         f"{g.loonwaarde_herbeoordeling_maanden} maanden",
                         actor=actor, code=HERBEOORDELING_TAAK, stap=stap)
    repo.add_outbox(s, idem_key=f"loonwaarde-melding:{t.referentie}:{stap.id}:{rapportdatum.isoformat()}",
                    soort="email", traject=t, nu=nu,
                    payload={"template": "loonwaarde_melding", "aan": g.klantmanager_email, "referentie": t.referentie,
                             "loonwaarde": pct, "rapportdatum": rapportdatum.isoformat(), "gemeente": g.gemeente.naam,
                             "herbeoordeling": due.isoformat(), "werkcoach": t.werkcoach_email,
                             "soort_melding": "eerste" if eerste else "herbeoordeling",
                             "ontvanger_rol": "consulent"})  # a gemeente person: a reply goes to the werkcoach
    _data(s, stap, herbeoordeling_due=due.isoformat(), herbeoordeling_taak_id=taak.id)
    return due


@step()
def leg_herbeoordeling_vast(rt: Runtime, *, referentie: str, loonwaarde: int, rapportdatum: date, nu: datetime,
                            actor: str) -> dict[str, Any]:
    """The periodic re-assessment (regular route): the new loonwaarde is reported to the gemeente
    and the next herbeoordeling is armed from the new rapport date."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    pct = parse_loonwaarde(loonwaarde, "Het veld loonwaarde")
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _stap_in(s, t, (LKS_GEMELD,), "een herbeoordeling vastleggen")
        vorige = date.fromisoformat(stap.data["rapportdatum"])
        controleer_herbeoordeling_datum(rapportdatum, vorige, vandaag)
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={HERBEOORDELING_TAAK})
        due = _meld_en_herbeoordeel(rt, s, t, stap, pct, rapportdatum, nu, actor, eerste=False)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="loonwaardemeting:herbeoordeling",
                   gebeurtenis=P.gebeurtenis("herbeoordeling"),
                   data={"loonwaarde": pct, "vorige": stap.data.get("loonwaarde"), "rapportdatum": rapportdatum.isoformat()},
                   omschrijving=f"Herbeoordeling: loonwaarde {pct}% (was {stap.data.get('loonwaarde')}%); gemeld aan "
                                f"de gemeente; volgende uiterlijk {due.isoformat()}.")
        _data(s, stap, loonwaarde=pct, rapportdatum=rapportdatum.isoformat(),
              herbeoordelingen=[*stap.data.get("herbeoordelingen", []), rapportdatum.isoformat()])
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "loonwaarde": pct, "herbeoordeling": due.isoformat()}


def ib_ontvangen(rt: Runtime, s: Session, t: Traject, stap_id: int, *, bericht_id: str, ontvangen_op: datetime,
                 herhaald: bool, nu: datetime) -> None:
    """The Inlichtingenbureau confirmed the bericht (dispatcher's transaction): record the receipt
    and start watching the doelgroepregister."""
    stap = s.get(ProcesStap, stap_id)
    assert stap is not None
    _data(s, stap, ib_bericht_id=bericht_id, ib_ontvangen_op=ontvangen_op.isoformat())
    repo.audit(s, traject=t, nu=nu, actor="inlichtingenbureau", soort="loonwaardemeting:ib_ontvangen",
               gebeurtenis=P.gebeurtenis("ib_ontvangen"), data={"bericht_id": bericht_id, "herhaald": herhaald},
               omschrijving=f"Inlichtingenbureau ontving het re-integratiebericht ({bericht_id}).")
    if stap.status == IB_BERICHT:
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=WACHT_OP_REGISTER, nu=nu, actor="inlichtingenbureau",
                      omschrijving="UWV registreert de deelnemer na het signaal van het Inlichtingenbureau.")
        # A watch that started meanwhile (a positive indicatie banenafspraak during the meting) is joined,
        # not refused: the bericht is at the IB, and the registration serves both continuations.
        volg_register(rt, s, t, vervolg=VERVOLG, nu=nu, actor="inlichtingenbureau", reden="praktijkroute")


@bij_registratie(VERVOLG)
def koppel_jobcoach(rt: Runtime, s: Session, t: Traject, nu: datetime, begin: date) -> str:
    """UWV registered the deelnemer: a task for the jobcoach pool and a mail to the werkcoach."""
    stap = repo.get_open_stap(s, traject=t, proces=P)
    if stap is None or stap.status != WACHT_OP_REGISTER:
        return "geen loonwaardemeting die op de registratie wacht"
    g = rt.gemeenten[Gemeente(t.gemeente)]
    due = rt.kalender.werkdagen_erbij(lokale_datum(nu), JOBCOACH_WERKDAGEN)
    taak = repo.add_taak(s, traject=t, titel="Jobcoach koppelen (praktijkroute: deelnemer staat in het "
                                             "doelgroepregister)",
                         eigenaar_email=_instellingen(rt).jobcoach_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                         kalender=rt.kalender, grondslag=f"{GRONDSLAG_PRAKTIJKROUTE}; termijn: {GRONDSLAG_NORM}",
                         actor="doelgroepregister-controle", code=JOBCOACH_TAAK, stap=stap)
    repo.overgang(s, traject=t, stap=stap, proces=P, naar=JOBCOACH_GEKOPPELD, nu=nu, actor="doelgroepregister-controle",
                  omschrijving=f"In het doelgroepregister sinds {begin.isoformat()}; jobcoach koppelen uiterlijk "
                               f"{due.isoformat()}.", gebeurtenis=P.gebeurtenis(JOBCOACH_GEKOPPELD),
                  data={"geregistreerd_sinds": begin.isoformat(), "taak_id": taak.id})
    for aan, rol in ((_instellingen(rt).jobcoach_email, "jobcoach"), (t.werkcoach_email, "werkcoach")):
        repo.add_outbox(s, idem_key=f"loonwaarde-jobcoach:{t.referentie}:{stap.id}:{rol}", soort="email", traject=t,
                        nu=nu, payload={"template": "loonwaarde_jobcoach", "aan": aan, "rol": rol,
                                        "referentie": t.referentie, "sinds": begin.isoformat(), "due": due.isoformat(),
                                        "taak_id": taak.id, "werkcoach": t.werkcoach_email})
    return f"jobcoach koppelen: taak {taak.id}"
