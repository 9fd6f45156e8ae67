"""Indienen: the aanvraag as the outbox row of kind `uwv` (one Idempotency-Key; a new one after UWV
refused), the callbacks of its handler (`na_indienen`, `handmatig_indienen`) and the manual channel's date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.indicatie import (
    GRONDSLAG_ONTVANGST,
    IN_TE_DIENEN,
    INDIENEN_TAAK,
    INGEDIEND,
    ONTVANGST_TERMIJN,
    VOORBEREIDEN,
    VOORBEREIDEN_TAAK,
    BijlageSoort,
    controleer_handmatig_kanaal,
    controleer_na_aanvraag,
    ontvangst_due,
)
from domain.indicatie_stappen import controleer_bijlagen
from domain.invoer import FORMULIER_DOOR, controleer_door
from tasks.indicatie._gedeeld import (
    P,
    _datum_niet_na,
    _open_traject,
    _status,
    _taak,
    aanvraag_op,
)
from tasks.indicatie.uitkomst import ontvangen
from tasks.runtime import Runtime
from tasks.step import step


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
    controleer_bijlagen(referentie, soorten)
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
        repo.set_stap_data(s, stap=stap, bijlagen=[b.value for b in soorten], idempotency_key=sleutel, poging=poging,
                           klaar_op=lokale_datum(nu).isoformat())  # the day later steps' dates are checked against
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
        controleer_handmatig_kanaal(referentie, stap.data.get("kanaal"))
        _datum_niet_na(op, nu, "De datum van indienen")
        controleer_na_aanvraag(referentie, op, aanvraag_op(stap), "de datum van indienen")
        na_indienen(rt, s, t, stap, uwv_id=None, ingediend_op=op, ontvangen_op=None, kanaal="handmatig", nu=nu,
                    actor=actor)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "ontvangst_uiterlijk": ontvangst_due(op).isoformat()}
