"""Indicatie aanvragen bij UWV: start, voorbereiden, indienen (outbox `uwv`), ontvangst, beslissing,
the gemeente's decision on beschut werk, plaatsing or wachtlijst, and the waking timer.

Plain steps; flows run `.task`. The rules (terms and their grounds, the twelve months, the
quotum) live in domain/indicatie.py; here they are persisted, one transaction per step. The
submission itself is the outbox kind `uwv` (tasks/handlers/uwv.py), which calls back into
`na_indienen` / `handmatig_indienen` in the dispatcher's transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain.doelgroepregister import DOELGROEPREGISTER
from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.herinneringen import lokale_datum
from domain.indicatie import (
    AFGEWEZEN,
    BESLIS_WEKKER,
    BESLISTERMIJN,
    ESCALATIE_TAAK,
    ESCALATIE_WERKDAGEN,
    GARANTIEBAAN,
    GARANTIEBAAN_TAAK,
    GEMEENTEBESLUIT,
    GEMEENTEBESLUIT_TAAK,
    GEPLAATST,
    GRONDSLAG_GEMEENTE,
    GRONDSLAG_ONTVANGST,
    GRONDSLAG_WERK,
    IN_TE_DIENEN,
    INDICATIE,
    INDIENEN_TAAK,
    INGEDIEND,
    ONTVANGEN,
    ONTVANGST_TERMIJN,
    PLAATSING_TAAK,
    TE_LAAT,
    VERVOLG_TAAK,
    VERVOLG_WERKDAGEN,
    VOORBEREIDEN,
    VOORBEREIDEN_TAAK,
    WACHTLIJST,
    WEKT,
    BijlageSoort,
    GemeenteBesluit,
    Soort,
    Uitkomst,
    beslistermijn,
    blokkade_tot,
    controleer_nieuwe_aanvraag,
    controleer_volgorde,
    escalatie_titel,
    ontvangst_due,
    plaatsing_mogelijk,
    vervolg_taak,
)
from domain.indicatie_stappen import controleer_briefdatum
from domain.invoer import FORMULIER_DOOR, controleer_door, controleer_tekst
from domain.termijnen import bereken_termijn
from domain.traject import Status
from tasks.doelgroepregister import bij_registratie, open_watch
from tasks.runtime import Runtime
from tasks.step import step
from tasks.vastleggen import hoe_vastleggen, vastleggen

P = INDICATIE
NAVRAGEN_TAAK = "indicatie.navragen"  # the poll got a refusal or a garbled answer for this aanvraag
# The gemeente's besluittypen (its Catalogi; the simulator has them): the college's besluit on the zaak.
BESLUITTYPE = {GemeenteBesluit.toekennen: "Beschut werk toegekend", GemeenteBesluit.afwijzen: "Beschut werk afgewezen"}


# -- how each of its taken and terms is recorded (reminder mails, taak-afronden refuses them) ---

@vastleggen(VOORBEREIDEN_TAAK)
def _hoe_indienen(referentie: str) -> dict[str, str]:
    return {"commando": f"werkpad indicatie indienen {referentie} --bijlage stageverslag --bijlage bevindingen",
            "formulier": "indicatie-indienen/indienen"}


@vastleggen(INDIENEN_TAAK)
def _hoe_ingediend(referentie: str) -> dict[str, str]:
    return {"commando": f"werkpad indicatie ingediend {referentie} --op JJJJ-MM-DD",
            "formulier": "indicatie-ingediend/ingediend"}


@vastleggen(ONTVANGST_TERMIJN)
def _hoe_ontvangen(referentie: str) -> dict[str, str]:
    return {"commando": f"werkpad indicatie ontvangen {referentie} --op JJJJ-MM-DD",
            "formulier": "indicatie-ontvangen/ontvangen"}


@vastleggen(BESLISTERMIJN)
@vastleggen(ESCALATIE_TAAK)
def _hoe_beslissing(referentie: str) -> dict[str, str]:
    return {"commando": f'werkpad indicatie beslissing {referentie} --uitkomst positief|negatief --op JJJJ-MM-DD '
                        f'[--toelichting "…"]',
            "formulier": "indicatie-beslissing/beslissing"}


@vastleggen(GEMEENTEBESLUIT_TAAK)
def _hoe_gemeentebesluit(referentie: str) -> dict[str, str]:
    return {"commando": f'werkpad indicatie gemeentebesluit {referentie} --besluit toekennen|afwijzen '
                        f'--toelichting "…"',
            "formulier": "indicatie-gemeentebesluit/gemeentebesluit"}


# -- shared helpers ---------------------------------------------------------------------------

def _open_traject(s: Session, referentie: str) -> Traject:
    t = repo.get_traject(s, referentie=referentie)
    if t.status == Status.afgesloten:
        raise TransitionRefused(f"{referentie} is afgesloten; een indicatie kan niet meer.")
    return t


def _status(s: Session, t: Traject, *statussen: str, wat: str) -> ProcesStap:
    stap = repo.get_stap(s, traject=t, proces=P)
    if stap.status not in statussen:
        raise TransitionRefused(f"{t.referentie}: de indicatie staat op '{P.status_label(stap.status)}'; {wat} kan nu niet.")
    return stap


def _taak(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, titel: str, aan: str, escalatie: str, due: date,
          nu: datetime, actor: str, code: str, grondslag: str = GRONDSLAG_WERK, toelichting: str = "",
          beleid: str = "standaard", rol: str = "") -> int:
    """A taak of this process and the mail that says what, by when and how to record it."""
    taak = repo.add_taak(s, traject=t, titel=titel, eigenaar_email=aan, escalatie_email=escalatie, due=due, nu=nu,
                         kalender=rt.kalender, grondslag=grondslag, beleid=beleid, actor=actor, code=code, stap=stap)
    assert taak.id is not None
    repo.add_outbox(s, idem_key=f"indicatie-taak:{t.referentie}:{taak.id}", soort="email", traject=t, nu=nu,
                    payload={"template": "indicatie_taak", "aan": aan, "referentie": t.referentie, "titel": titel,
                             "toelichting": toelichting, "due": due.isoformat(), "taak_id": taak.id,
                             "soort_label": Soort(stap.data["soort"]).label, "werkcoach": t.werkcoach_email,
                             "ontvanger_rol": rol, "vastleggen": hoe_vastleggen(code, t.referentie)})
    return taak.id


def laatste_negatief_beschut_werk(s: Session, t: Traject) -> date | None:
    """The date of the deelnemer's last negative advies beschut werk (any traject), if any."""
    data = [p.data for p in repo.processen_van_deelnemer(s, traject=t, proces=P)]
    datums = [date.fromisoformat(d["beslist_op"]) for d in data
              if d.get("soort") == Soort.beschut_werk.value and d.get("uitkomst") == Uitkomst.negatief.value
              and d.get("beslist_op")]
    return max(datums) if datums else None


# -- start -------------------------------------------------------------------------------------

def start_in(rt: Runtime, s: Session, t: Traject, *, soort: Soort, omstandigheden_gewijzigd: str | None,
             nu: datetime, actor: str, bron: str) -> ProcesStap:
    """Open the indicatie in the caller's transaction (the werkcoach's command, or the decision on
    AD&A's advies): the preparation task for the werkcoach. Refused within twelve months of a
    negative advies beschut werk unless changed circumstances are given (then recorded)."""
    soort = Soort(soort)
    vandaag = lokale_datum(nu)
    reden = controleer_nieuwe_aanvraag(soort, laatste_negatief_beschut_werk(s, t), vandaag, omstandigheden_gewijzigd)
    g = rt.gemeenten[Gemeente(t.gemeente)]
    stap = repo.open_proces(s, traject=t, proces=P, nu=nu, actor=actor, gebeurtenis=P.gebeurtenis("gestart"),
                            omschrijving=f"Indicatie aanvragen bij UWV: {soort.label} ({bron}).",
                            data={"soort": soort.value, "bron": bron})
    if reden:
        repo.set_stap_data(s, stap=stap, omstandigheden_gewijzigd=reden)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="indicatie:omstandigheden",
                   gebeurtenis=P.gebeurtenis("omstandigheden_gewijzigd"), data={"reden": reden},
                   omschrijving=f"Nieuwe aanvraag beschut werk binnen twaalf maanden: omstandigheden gewijzigd. {reden}")
    due = rt.kalender.werkdagen_erbij(vandaag, rt.settings.indicatie_voorbereiden_werkdagen)
    _taak(rt, s, t, stap, titel="Stageverslagen en bevindingen verzamelen voor de aanvraag bij UWV",
          aan=t.werkcoach_email, escalatie=g.teamleider_email, due=due, nu=nu, actor=actor, code=VOORBEREIDEN_TAAK,
          toelichting=f"Verzamel de stageverslagen en de bevindingen van IJmond Werkt! voor de aanvraag "
                      f"{soort.label}; dien daarna in (dat sluit deze taak).")
    return stap


@step()
def aanvragen(rt: Runtime, *, referentie: str, soort: Soort, omstandigheden_gewijzigd: str | None, nu: datetime,
              actor: str) -> dict[str, Any]:
    """The werkcoach starts an indicatie: the preparation task."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    if omstandigheden_gewijzigd is not None:
        omstandigheden_gewijzigd = controleer_tekst(omstandigheden_gewijzigd, "Het veld omstandigheden_gewijzigd",
                                                    min_len=5)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = start_in(rt, s, t, soort=Soort(soort), omstandigheden_gewijzigd=omstandigheden_gewijzigd, nu=nu,
                        actor=actor, bron="werkcoach")
        s.commit()
        taak = next(k for k in repo.open_taken(s, traject=t) if k.code == VOORBEREIDEN_TAAK)
        d = repo.get_deadline(s, deadline_id=taak.deadline_id)
        return {"referentie": referentie, "gemeente": t.gemeente, "soort": stap.data["soort"], "taak_id": taak.id,
                "uiterlijk": d.due.isoformat()}


# -- indienen (the outbox row of kind `uwv`) ------------------------------------------------

def uwv_sleutel(referentie: str, stap_id: int) -> str:
    """The Idempotency-Key of the aanvraag: the outbox row's key, kept in the case store."""
    return f"uwv:{referentie}:indicatie:{stap_id}"


def opnieuw_indienen(s: Session, stap: ProcesStap) -> bool:
    """UWV refused the aanvraag (its outbox row failed): after correcting it, it may be submitted
    again, under a new key (UWV refuses a known key with another body)."""
    if stap.status != IN_TE_DIENEN or stap.data.get("kanaal") == "handmatig":
        return False
    vorige = repo.get_outbox(s, idem_key=str(stap.data.get("idempotency_key", "")))
    return vorige is not None and vorige.status == "failed"


@step()
def indienen(rt: Runtime, *, referentie: str, bijlagen: list[BijlageSoort], nu: datetime, actor: str) -> dict[str, Any]:
    """The werkcoach has gathered what UWV needs: the aanvraag is queued (outbox `uwv`, one key).
    After a refusal by UWV the corrected aanvraag is queued again, under a new key."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    soorten = list(dict.fromkeys(BijlageSoort(b) for b in bijlagen))
    if not soorten:
        raise TransitionRefused(f"{referentie}: noem minstens één bijlage (--bijlage stageverslag, bevindingen, …).")
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        assert stap.id is not None
        poging = int(stap.data.get("poging", 1))
        if opnieuw_indienen(s, stap):
            poging += 1
            sleutel = f"{uwv_sleutel(t.referentie, stap.id)}:{poging}"
            repo.audit(s, traject=t, nu=nu, actor=actor, soort="indicatie:opnieuw",
                       omschrijving=f"Aanvraag opnieuw klaar voor UWV (poging {poging}) na een weigering.")
        else:
            stap = _status(s, t, VOORBEREIDEN, wat="indienen (opnieuw kan alleen na een weigering van UWV)")
            assert stap.id is not None
            sleutel = uwv_sleutel(t.referentie, stap.id)
            repo.overgang(s, traject=t, stap=stap, proces=P, naar=IN_TE_DIENEN, nu=nu, actor=actor,
                          gebeurtenis=P.gebeurtenis(IN_TE_DIENEN), data={"bijlagen": [b.value for b in soorten]},
                          omschrijving=f"Aanvraag klaar voor UWV met {', '.join(b.value for b in soorten)}.")
            repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={VOORBEREIDEN_TAAK})
        repo.set_stap_data(s, stap=stap, bijlagen=[b.value for b in soorten], idempotency_key=sleutel, poging=poging)
        repo.add_outbox(s, idem_key=sleutel, soort="uwv", traject=t, nu=nu,
                        payload={"op": "indienen", "stap_id": stap.id})  # references only: the BSN is read at send time
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "idempotency_key": sleutel}


def na_indienen(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, uwv_id: str | None, ingediend_op: date,
                ontvangen_op: date | None, kanaal: str, nu: datetime, actor: str) -> None:
    """UWV has the aanvraag (the channel's receipt, or the date the werkcoach recorded): the
    five-day ontvangst term; a receipt already confirmed goes straight on to the decision term."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    repo.overgang(s, traject=t, stap=stap, proces=P, naar=INGEDIEND, nu=nu, actor=actor,
                  gebeurtenis=P.gebeurtenis(INGEDIEND), data={"kanaal": kanaal, "ingediend_op": ingediend_op.isoformat()},
                  omschrijving=f"Ingediend bij UWV op {ingediend_op.isoformat()} ({kanaal})"
                               f"{f', kenmerk {uwv_id}' if uwv_id else ''}.")
    repo.set_stap_data(s, stap=stap, kanaal=kanaal, uwv_id=uwv_id, ingediend_op=ingediend_op.isoformat())
    repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={INDIENEN_TAAK})
    due = ontvangst_due(ingediend_op)
    repo.add_deadline(s, traject=t, soort="uwv-ontvangst", omschrijving="Ontvangstbevestiging UWV (indicatie)",
                      due=due, grondslag=GRONDSLAG_ONTVANGST, eigenaar_email=t.werkcoach_email,
                      escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender, beleid="uitblijven",
                      code=ONTVANGST_TERMIJN, stap=stap)
    if ontvangen_op is not None:
        ontvangen(rt, s, t, stap, op=ontvangen_op, nu=nu, actor=actor)


def handmatig_indienen(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, taak: str, nu: datetime) -> int:
    """The manual channel: a staff task replaces the call ('submit the form, record the date')."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    repo.set_stap_data(s, stap=stap, kanaal="handmatig")
    return _taak(rt, s, t, stap, titel="Dien het formulier 'Aanvraag indicatie of advies' in bij UWV en leg de "
                                       "datum vast", aan=t.werkcoach_email, escalatie=g.teamleider_email,
                 due=rt.kalender.werkdagen_erbij(lokale_datum(nu), 2), nu=nu, actor="werkpad", code=INDIENEN_TAAK,
                 beleid="kort", toelichting=f"{taak} Stuur het naar UWV Dienstverlening aan gemeenten, Postbus 2441, "
                                            "1000 CK Amsterdam (of via het portaal), met de bijlagen: "
                                            f"{', '.join(stap.data.get('bijlagen', []))}.")


@step()
def leg_ingediend_vast(rt: Runtime, *, referentie: str, op: date, nu: datetime, actor: str) -> dict[str, Any]:
    """Manual channel: the werkcoach records the date the form went to UWV."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = _status(s, t, IN_TE_DIENEN, wat="de datum van indienen vastleggen")
        if stap.data.get("kanaal") != "handmatig":
            raise TransitionRefused(f"{referentie}: de aanvraag gaat via de koppeling met UWV; de datum van indienen "
                                    "komt van UWV zelf.")
        _datum_niet_na(op, nu, "De datum van indienen")
        na_indienen(rt, s, t, stap, uwv_id=None, ingediend_op=op, ontvangen_op=None, kanaal="handmatig", nu=nu,
                    actor=actor)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "ontvangst_uiterlijk": ontvangst_due(op).isoformat()}


def _datum_niet_na(op: date, nu: datetime, wat: str) -> None:
    controleer_briefdatum(op, lokale_datum(nu), wat)  # not in the future, at most a year back


# -- ontvangst and beslissing -------------------------------------------------------------

def ontvangen(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, *, op: date, nu: datetime, actor: str) -> None:
    """UWV confirmed receipt: the ontvangst term closes; the decision term (reminders) and its waking
    timer (the werkdag after) start, from the receipt."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    soort = Soort(stap.data["soort"])
    controleer_volgorde(t.referentie, op, stap.data.get("ingediend_op"), "de ontvangst", "het indienen")
    term = beslistermijn(soort, op, rt.kalender, rt.settings.indicatie_beschut_werk_weken)
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
        bevestig_doelgroepregister(rt, s, t, stap, nu=nu, actor=actor)
        return GARANTIEBAAN
    repo.overgang(s, traject=t, stap=stap, proces=P, naar=GEMEENTEBESLUIT, nu=nu, actor=actor,
                  gebeurtenis=P.gebeurtenis(GEMEENTEBESLUIT),
                  omschrijving=f"Positief advies beschut werk; gemeente {g.gemeente.naam} beslist (Pw art. 10b).")
    _taak(rt, s, t, stap, titel="Besluit over beschut werk nemen (positief advies UWV)", aan=g.consulent_email,
          escalatie=g.teamleider_email, due=rt.kalender.werkdagen_erbij(vandaag, VERVOLG_WERKDAGEN), nu=nu, actor=actor,
          code=GEMEENTEBESLUIT_TAAK, grondslag=GRONDSLAG_GEMEENTE, rol="consulent",
          toelichting="UWV adviseert positief over beschut werk. De gemeente beslist (toekennen of afwijzen); "
                      "afwijken van het advies kan alleen als het onzorgvuldig is.")
    return GEMEENTEBESLUIT


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


# -- the gemeente's decision on beschut werk, plaatsing and wachtlijst ------------------------

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


# -- the waking timer and the poll ------------------------------------------------------------

@step()
def termijn_verlopen(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Woken the werkdag after UWV's term: the werkcoach's teamleider gets an escalation task; for
    the HTTP channel UWV is asked once more first. Before its date: refused. Twice: no change."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status != ONTVANGEN:
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": False}
        wekker = date.fromisoformat(stap.data["wekker"])
        if lokale_datum(nu) < wekker:
            raise TransitionRefused(f"{referentie}: de termijn van UWV loopt nog; de wekker gaat op {wekker.isoformat()}.")
        http = stap.data.get("kanaal") == "http" and stap.data.get("uwv_id")
    if http:
        vraag_een(rt, referentie=referentie, nu=nu)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status != ONTVANGEN:  # the poll found the outcome
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": True, "beslist": True}
        g = rt.gemeenten[Gemeente(t.gemeente)]
        soort = Soort(stap.data["soort"])
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=TE_LAAT, nu=nu, actor="wekker",
                      gebeurtenis=P.gebeurtenis(TE_LAAT),
                      omschrijving=f"Geen uitkomst van UWV op {stap.data.get('beslissing_due')}.")
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="verstreken", codes={BESLIS_WEKKER})
        toel = ("Awb 4:13: de redelijke termijn is verstreken. Vraag UWV naar de stand van zaken; overweeg een "
                "ingebrekestelling (Awb 4:17: dwangsom vanaf twee weken daarna)." if soort == Soort.banenafspraak else
                "De servicenorm van UWV is verstreken (geen wettelijke termijn: geen ingebrekestelling of "
                "dwangsom). Vraag UWV naar de stand van zaken.")
        taak_id = _taak(rt, s, t, stap, titel=escalatie_titel(soort), aan=g.teamleider_email, escalatie=g.teamleider_email,
                        due=rt.kalender.werkdagen_erbij(lokale_datum(nu), ESCALATIE_WERKDAGEN), nu=nu, actor="wekker",
                        code=ESCALATIE_TAAK, beleid="kort", toelichting=toel)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": True, "taak_id": taak_id}


OPEN_BIJ_UWV = (INGEDIEND, ONTVANGEN, TE_LAAT)


def open_http_aanvragen(rt: Runtime) -> list[str]:
    with new_session(rt.engine) as s:
        return [t.referentie for p, t in repo.open_stappen(s, proces=P, statussen=OPEN_BIJ_UWV)
                if p.data.get("kanaal") == "http" and p.data.get("uwv_id")]


def vraag_een(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Ask UWV about one aanvraag and record what is new (receipt, outcome), in one transaction."""
    from integrations.uwv.errors import UwvError, UwvTransient
    from integrations.uwv.kanaal import Status as UwvStatus
    from integrations.uwv.kanaal import kanaal_uit

    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status not in OPEN_BIJ_UWV or not stap.data.get("uwv_id"):
            return {"referentie": referentie, "uitkomst": "niet_open"}
        uwv_id = str(stap.data["uwv_id"])
    try:
        with kanaal_uit(rt.settings.uwv) as kanaal:
            st = kanaal.status(uwv_id)
    except UwvTransient as exc:
        return {"referentie": referentie, "uitkomst": "overgeslagen", "melding": str(exc)}
    except UwvError as exc:
        return {"referentie": referentie, "uitkomst": "fout", "melding": str(exc),
                "taak_id": _meld_fout(rt, referentie=referentie, fout=str(exc), nu=nu)}
    if not isinstance(st, UwvStatus):  # the deployment switched to the manual channel meanwhile
        return {"referentie": referentie, "uitkomst": "handmatig"}
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        wat = "ongewijzigd"
        if st.ontvangen_op is not None and stap.status == INGEDIEND:
            ontvangen(rt, s, t, stap, op=st.ontvangen_op, nu=nu, actor="uwv")
            wat = "ontvangen"
        if st.beslissing is not None and stap.status in (ONTVANGEN, TE_LAAT):
            wat = beslist(rt, s, t, stap, uitkomst=Uitkomst(st.beslissing.uitkomst), op=st.beslissing.datum,
                          toelichting="", nu=nu, actor="uwv")
        s.commit()
    return {"referentie": referentie, "uitkomst": wat}


def _meld_fout(rt: Runtime, *, referentie: str, fout: str, nu: datetime) -> int:
    """UWV refused or garbled the status question: one open staff task per aanvraag, with UWV's message."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        for k in repo.open_taken(s, traject=t):
            if k.code == NAVRAGEN_TAAK:
                assert k.id is not None
                return k.id
        g = rt.gemeenten[Gemeente(t.gemeente)]
        stap = repo.get_stap(s, traject=t, proces=P)
        repo.audit(s, traject=t, nu=nu, actor="indicatie-controle", soort="fout",
                   omschrijving=f"Status bij UWV niet op te vragen: {fout}"[:500])
        taak = repo.add_taak(s, traject=t, titel=f"Status aanvraag navragen bij UWV: {fout}"[:200],
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email,
                             due=rt.kalender.werkdagen_erbij(lokale_datum(nu), 2), nu=nu, kalender=rt.kalender,
                             grondslag=GRONDSLAG_WERK, beleid="kort", actor="indicatie-controle", code=NAVRAGEN_TAAK,
                             stap=stap)
        s.commit()
        assert taak.id is not None
        return taak.id


@step(retries=True)
def vraag_uwv(rt: Runtime, *, nu: datetime) -> list[dict[str, Any]]:
    """Ask UWV about every open aanvraag of the HTTP channel, each on its own (a failing one does
    not stop the others). Raises UwvTransient only when nothing could be asked at all."""
    from integrations.uwv.errors import UwvTransient

    uitkomsten = [vraag_een(rt, referentie=ref, nu=nu) for ref in open_http_aanvragen(rt)]
    if uitkomsten and all(u["uitkomst"] == "overgeslagen" for u in uitkomsten):
        raise UwvTransient(f"Geen enkele aanvraag bij UWV op te vragen ({len(uitkomsten)}): {uitkomsten[0]['melding']}")
    return uitkomsten


def vat_samen(uitkomsten: list[dict[str, Any]]) -> dict[str, Any]:
    def tel(*soorten: str) -> int:
        return sum(1 for u in uitkomsten if u["uitkomst"] in soorten)

    return {"gecontroleerd": len(uitkomsten), "ontvangen": tel("ontvangen"),
            "beslist": tel(GARANTIEBAAN, GEMEENTEBESLUIT, AFGEWEZEN), "ongewijzigd": tel("ongewijzigd"),
            "overgeslagen": tel("overgeslagen"), "fouten": tel("fout"), "aanvragen": uitkomsten}
