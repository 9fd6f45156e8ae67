"""What the indicatie's steps share: the process, the gemeente's besluittypen, how each of its taken and
terms is recorded, and the helpers that find the traject and the step and give a taak with its mail."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from casestore import repo
from casestore.models import ProcesStap, Traject
from domain import indicatie_stappen as stappen
from domain.herinneringen import lokale_datum
from domain.indicatie import (
    BESLISTERMIJN,
    ESCALATIE_TAAK,
    GEMEENTEBESLUIT_TAAK,
    GRONDSLAG_WERK,
    INDICATIE,
    INDIENEN_TAAK,
    ONTVANGST_TERMIJN,
    VOORBEREIDEN_TAAK,
    GemeenteBesluit,
    Soort,
    Uitkomst,
    controleer_stap,
    controleer_traject_open,
)
from domain.indicatie_stappen import controleer_briefdatum
from domain.stap import Verwijzing
from tasks.runtime import Runtime
from tasks.vastleggen import vastleggen

P = INDICATIE
NAVRAGEN_TAAK = "indicatie.navragen"  # the poll got a refusal or a garbled answer for this aanvraag
# The gemeente's besluittypen (its Catalogi; the simulator has them): the college's besluit on the zaak.
BESLUITTYPE = {GemeenteBesluit.toekennen: "Beschut werk toegekend", GemeenteBesluit.afwijzen: "Beschut werk afgewezen"}


# -- how each of its taken and terms is recorded (reminder mails, taak-afronden refuses them) ---

@vastleggen(VOORBEREIDEN_TAAK)
def _hoe_indienen(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.INDIENEN, referentie, waarden={"bijlagen": ["stageverslag", "bevindingen"]})


@vastleggen(INDIENEN_TAAK)
def _hoe_ingediend(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.INGEDIEND, referentie)


@vastleggen(ONTVANGST_TERMIJN)
def _hoe_ontvangen(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.ONTVANGEN, referentie)


@vastleggen(BESLISTERMIJN)
@vastleggen(ESCALATIE_TAAK)
def _hoe_beslissing(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.BESLISSING, referentie, ook=("toelichting",))


@vastleggen(GEMEENTEBESLUIT_TAAK)
def _hoe_gemeentebesluit(referentie: str) -> Verwijzing:
    return Verwijzing(stappen.GEMEENTEBESLUIT, referentie)


# -- shared helpers ---------------------------------------------------------------------------

def _open_traject(s: Session, referentie: str) -> Traject:
    t = repo.get_traject(s, referentie=referentie)
    controleer_traject_open(referentie, t.status)
    return t


def _status(s: Session, t: Traject, *statussen: str, wat: str) -> ProcesStap:
    stap = repo.get_stap(s, traject=t, proces=P)
    controleer_stap(t.referentie, stap.status, statussen, wat)
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
                             "ontvanger_rol": rol, "code": code})
    return taak.id


def laatste_negatief_beschut_werk(s: Session, t: Traject) -> date | None:
    """The date of the deelnemer's last negative advies beschut werk (any traject), if any."""
    data = [p.data for p in repo.processen_van_deelnemer(s, traject=t, proces=P)]
    datums = [date.fromisoformat(d["beslist_op"]) for d in data
              if d.get("soort") == Soort.beschut_werk.value and d.get("uitkomst") == Uitkomst.negatief.value
              and d.get("beslist_op")]
    return max(datums) if datums else None


def aanvraag_op(stap: ProcesStap) -> date:
    """The day the aanvraag was made ready for UWV (step `indienen`); an instance from before that was
    recorded counts from its start."""
    klaar = stap.data.get("klaar_op")
    return date.fromisoformat(klaar) if klaar else lokale_datum(stap.geopend_op)


def _datum_niet_na(op: date, nu: datetime, wat: str) -> None:
    controleer_briefdatum(op, lokale_datum(nu), wat)  # not in the future, at most a year back
