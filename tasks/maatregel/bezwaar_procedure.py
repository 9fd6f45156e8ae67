"""The bezwaar procedure between registration and beslissing: the hoorzitting (Awb 7:2) or omitting it on a ground
of Awb 7:3, opschorting of the beslistermijn while a verzuim is remedied (Awb 7:10 lid 2 jo. 6:6) and verder
uitstel (Awb 7:10 lid 4). Each is told to the deelnemer in writing (7:10 lid 5; the invitation to be heard): a
letter as a document and its outbox row (tasks/maatregel/bezwaar_brieven.py). The rules: domain/maatregel/bezwaar.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Maatregel, ProcesStap, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import TZ, lokale_datum
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.maatregel import BEZWAAR, BEZWAAR_TAAK, VERDAAGD
from domain.maatregel.bezwaar import (
    HERSTEL_WEKKER,
    STUKKEN_DAGEN,
    WEKT_HERSTEL,
    AfzienHoren,
    UitstelGrond,
    beslistermijn_na_opschorting,
    controleer_afzien_horen,
    controleer_hersteld,
    controleer_hersteltermijn_verstreken,
    controleer_hoorzitting,
    controleer_opschorten,
    controleer_uitstellen,
    opschorting_dagen,
)
from tasks.maatregel._gedeeld import _regel, _tekst, _traject, open_per_maatregel
from tasks.maatregel.bezwaar_brieven import bewaar_brief, brief_context
from tasks.runtime import Runtime
from tasks.step import step


def open_bezwaar(s: Session, referentie: str, maatregel_id: int | None, wat: str) -> tuple[Traject, ProcesStap,
                                                                                           Maatregel]:
    t = _traject(s, referentie, wat, na_afsluiten=True)
    stap = open_per_maatregel(s, t, BEZWAAR, maatregel_id, wat)
    m = s.get(Maatregel, stap.data["maatregel_id"])
    assert m is not None
    return t, stap, m


def verschuif_beslistermijn(rt: Runtime, s: Session, stap: ProcesStap, nieuw: date, nu: datetime, actor: str,
                            reden: str, wettelijke_dagen: int | None = None) -> None:
    """The beslissing op bezwaar's date moves: the process data and the teamleider's task."""
    repo.set_stap_data(s, stap=stap, uiterlijk=nieuw.isoformat())
    d = repo.get_deadline_van(s, stap=stap, code=BEZWAAR_TAAK, statussen=("open",))
    if d is not None and d.id is not None:
        repo.verplaats_deadline(s, deadline_id=d.id, due=nieuw, nu=nu, actor=actor, kalender=rt.kalender, reden=reden,
                                wettelijke_dagen=wettelijke_dagen)


def _kenmerk(m: Maatregel, stap: ProcesStap, soort: str) -> str:
    return f"{m.besluit_identificatie}-BZ{stap.id}-{soort[:3].upper()}{stap.versie}"[:50]


# -- horen (Awb 7:2, 7:3, 7:4) --------------------------------------------------------------------
@step()
def plan_hoorzitting(rt: Runtime, *, referentie: str, op: datetime, locatie: str, nu: datetime, actor: str,
                     maatregel_id: int | None = None) -> dict[str, Any]:
    """Awb 7:2: invite the deelnemer to a hoorzitting; the letter says until when nadere stukken can come (7:4)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    locatie = _tekst(locatie, "Het veld locatie", min_len=3)
    op = op.astimezone(TZ) if op.tzinfo else op.replace(tzinfo=TZ)  # local time: the window is Dutch office hours
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t, stap, m = open_bezwaar(s, referentie, maatregel_id, "een hoorzitting plannen")
        uiterlijk = date.fromisoformat(stap.data["uiterlijk"])
        controleer_hoorzitting(referentie, op, vandaag, uiterlijk=uiterlijk,
                               is_werkdag=rt.kalender.is_werkdag(op.date()), horen=stap.data.get("horen"))
        stukken = date.fromordinal(op.date().toordinal() - STUKKEN_DAGEN)
        ctx = brief_context(s, t, m, stap, datum=vandaag, kenmerk=_kenmerk(m, stap, "hoorzitting"), op=op,
                            locatie=locatie, stukken_uiterlijk=stukken, uiterlijk=uiterlijk)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        doc = bewaar_brief(rt, s, t, m, "hoorzitting", ctx, nu, aan=g.teamleider_email, door=actor,
                           waarom=f"Uitnodiging voor de hoorzitting op {op:%Y-%m-%d %H:%M} (Awb 7:2).")
        vorig = stap.data.get("horen") or {}
        vervangt = f" Vervangt het afzien van horen ({vorig['afgezien']})." if vorig.get("afgezien") else ""
        repo.set_stap_data(s, stap=stap, horen={"op": op.isoformat(), "locatie": locatie, "document_id": doc.id,
                                                **({"vervangt_afzien": vorig["afgezien"]} if vervangt else {})})
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_bezwaar:horen",
                   gebeurtenis=BEZWAAR.gebeurtenis("horen_gepland"),
                   omschrijving=f"Hoorzitting over het bezwaar tegen {m.besluit_identificatie} op {op:%Y-%m-%d %H:%M} "
                                f"(Awb 7:2); nadere stukken tot en met {stukken.isoformat()} (7:4); uitnodiging "
                                f"document {doc.id}.{vervangt}",
                   data={"op": op.isoformat(), "document_id": doc.id})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "op": op.isoformat(),
                "stukken_uiterlijk": stukken.isoformat(), "document_id": doc.id}


@step()
def zie_af_van_horen(rt: Runtime, *, referentie: str, grond: AfzienHoren, toelichting: str, nu: datetime,
                     actor: str, maatregel_id: int | None = None) -> dict[str, Any]:
    """Awb 7:3: horen is omitted on a statutory ground, recorded with its facts; the beslissing says so."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    grond = AfzienHoren(grond)
    toelichting = _tekst(toelichting, "Het veld toelichting")
    with new_session(rt.engine) as s:
        t, stap, m = open_bezwaar(s, referentie, maatregel_id, "afzien van horen")
        controleer_afzien_horen(referentie, horen=stap.data.get("horen"))
        repo.set_stap_data(s, stap=stap, horen={"afgezien": grond.value, "toelichting": toelichting})
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_bezwaar:horen",
                   gebeurtenis=BEZWAAR.gebeurtenis("horen_afgezien"),
                   omschrijving=_regel(f"Van het horen afgezien: {grond.tekst}. {toelichting}"),
                   data={"grond": grond.value, "toelichting": toelichting})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "grond": grond.value, "tekst": grond.tekst}


# -- opschorting (Awb 7:10 lid 2 jo. 6:6) ------------------------------------------------------------
@step()
def schort_bezwaar_op(rt: Runtime, *, referentie: str, verzocht_op: date, hersteltermijn_tot: date, verzuim: str,
                      nu: datetime, actor: str, maatregel_id: int | None = None) -> dict[str, Any]:
    """The deelnemer is asked to remedy a verzuim in the bezwaarschrift (Awb 6:6): the beslistermijn is suspended
    from the next day until the herstel (7:10 lid 2); the request is the letter (7:10 lid 5)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    verzuim = _tekst(verzuim, "Het veld verzuim")
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t, stap, m = open_bezwaar(s, referentie, maatregel_id, "opschorten")
        uiterlijk = date.fromisoformat(stap.data["uiterlijk"])
        controleer_opschorten(referentie, verzocht_op, hersteltermijn_tot, vandaag, uiterlijk=uiterlijk,
                              opschorting=stap.data.get("opschorting"),
                              ontvangen_op=date.fromisoformat(stap.data["ontvangen_op"]))
        ctx = brief_context(s, t, m, stap, datum=verzocht_op, kenmerk=_kenmerk(m, stap, "opschorting"),
                            verzuim=verzuim if verzuim.rstrip().endswith(".") else verzuim + ".",
                            hersteltermijn_tot=hersteltermijn_tot, uiterlijk=uiterlijk)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        doc = bewaar_brief(rt, s, t, m, "opschorting", ctx, nu, aan=g.teamleider_email, door=actor,
                           waarom=f"Verzoek om herstel van verzuim tot en met {hersteltermijn_tot.isoformat()} (Awb "
                                  "6:6); de beslistermijn is opgeschort (Awb 7:10 lid 2).")
        repo.add_deadline(s, traject=t, soort="maatregel-hersteltermijn", due=hersteltermijn_tot + timedelta(days=1),
                          omschrijving="Hersteltermijn bezwaar (Awb 6:6) ongebruikt verstreken: wekker",
                          grondslag="Awb art. 6:6 jo. 7:10 lid 2", eigenaar_email=g.teamleider_email,
                          escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender,
                          beleid=ZONDER_HERINNERINGEN, code=HERSTEL_WEKKER, stap=stap, wekt=WEKT_HERSTEL)
        repo.set_stap_data(s, stap=stap, opschorting={"verzocht_op": verzocht_op.isoformat(),
                                                      "hersteltermijn_tot": hersteltermijn_tot.isoformat(),
                                                      "hersteld_op": None, "document_id": doc.id})
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_bezwaar:opgeschort",
                   gebeurtenis=BEZWAAR.gebeurtenis("opgeschort"),
                   omschrijving=_regel(f"Beslistermijn opgeschort vanaf {verzocht_op.isoformat()} (Awb 7:10 lid 2): "
                                       f"herstel van verzuim gevraagd tot en met {hersteltermijn_tot.isoformat()}; "
                                       f"brief document {doc.id}."),
                   data={"verzocht_op": verzocht_op.isoformat(), "hersteltermijn_tot": hersteltermijn_tot.isoformat(),
                         "document_id": doc.id})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "hersteltermijn_tot": hersteltermijn_tot.isoformat(),
                "document_id": doc.id}


def _herstel(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, einde: date, ongebruikt: bool, nu: datetime,
             actor: str) -> dict[str, Any]:
    """The opschorting ends on `einde`: the beslistermijn moves by the days it was suspended. The caller commits."""
    opschorting = stap.data["opschorting"]
    dagen = opschorting_dagen(date.fromisoformat(opschorting["verzocht_op"]), einde)
    oud = date.fromisoformat(stap.data["uiterlijk"])
    # the raw end (before the Atw) moves; rows stored before it was kept fall back to the stored end
    ruw, nieuw = beslistermijn_na_opschorting(date.fromisoformat(stap.data.get("uiterlijk_ruw") or oud.isoformat()),
                                              dagen, rt.kalender)
    repo.set_stap_data(s, stap=stap, opschorting={**opschorting, "hersteld_op": einde.isoformat(), "dagen": dagen},
                       opgeschorte_dagen=int(stap.data.get("opgeschorte_dagen") or 0) + dagen,
                       uiterlijk_ruw=ruw.isoformat())
    verschuif_beslistermijn(rt, s, stap, nieuw, nu, actor, f"Opschorting {dagen} dag(en) (Awb 7:10 lid 2).",
                            wettelijke_dagen=dagen)
    repo.sluit_deadlines_van(s, stap=stap, nu=nu, codes={HERSTEL_WEKKER})
    repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_bezwaar:hersteld",
               gebeurtenis=BEZWAAR.gebeurtenis("hersteld"),
               omschrijving=f"{'Hersteltermijn ongebruikt verstreken' if ongebruikt else 'Verzuim hersteld'} op "
                            f"{einde.isoformat()}: {dagen} dag(en) opgeschort (Awb 7:10 lid 2); beslissen uiterlijk "
                            f"{nieuw.isoformat()} (was {oud.isoformat()}).",
               data={"hersteld_op": einde.isoformat(), "dagen": dagen, "uiterlijk": nieuw.isoformat(),
                     "ongebruikt": ongebruikt})
    return {"referentie": t.referentie, "gemeente": t.gemeente, "dagen": dagen, "uiterlijk": nieuw.isoformat()}


@step()
def leg_herstel_vast(rt: Runtime, *, referentie: str, hersteld_op: date, nu: datetime, actor: str,
                     maatregel_id: int | None = None) -> dict[str, Any]:
    """The verzuim was remedied (or the hersteltermijn passed unused): the beslistermijn moves by the days it was
    suspended (Awb 7:10 lid 2)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t, stap, m = open_bezwaar(s, referentie, maatregel_id, "herstel vastleggen")
        einde = controleer_hersteld(referentie, hersteld_op, lokale_datum(nu), stap.data.get("opschorting"))
        res = _herstel(rt, s, t, stap, einde, einde < hersteld_op, nu, actor)
        s.commit()
        return res


@step()
def hersteltermijn_verlopen(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Woken the day after the hersteltermijn: no herstel was recorded, so the opschorting ends with the
    hersteltermijn (Awb 7:10 lid 2: "of de daarvoor gestelde termijn ongebruikt is verstreken"). Before that day:
    refused; after a herstel or twice: no change."""
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        lopend = [p for p in repo.open_stappen_van(s, traject=t, proces=BEZWAAR)
                  if (p.data.get("opschorting") or {}).get("verzocht_op") and not p.data["opschorting"].get("hersteld_op")]
        if not lopend:
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": False}
        for stap in lopend:
            tot = date.fromisoformat(stap.data["opschorting"]["hersteltermijn_tot"])
            controleer_hersteltermijn_verstreken(referentie, tot, vandaag)
        res: dict[str, Any] = {}
        for stap in lopend:
            res = _herstel(rt, s, t, stap, date.fromisoformat(stap.data["opschorting"]["hersteltermijn_tot"]), True,
                           nu, "wekker")
        s.commit()
        return {**res, "gewijzigd": True}


# -- verder uitstel (Awb 7:10 lid 4) ----------------------------------------------------------------
@step()
def stel_bezwaar_uit(rt: Runtime, *, referentie: str, tot: date, grond: UitstelGrond, nu: datetime, actor: str,
                     instemming_op: date | None = None, maatregel_id: int | None = None) -> dict[str, Any]:
    """Verder uitstel after the verdaging, with the deelnemer's consent or for the statutory procedure; the letter
    tells it (7:10 lid 5)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    grond = UitstelGrond(grond)
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t, stap, m = open_bezwaar(s, referentie, maatregel_id, "verder uitstellen")
        oud = date.fromisoformat(stap.data["uiterlijk"])
        controleer_uitstellen(referentie, tot, vandaag, uiterlijk=oud, verdaagd=stap.status == VERDAAGD, grond=grond,
                              instemming_op=instemming_op, ontvangen_op=date.fromisoformat(stap.data["ontvangen_op"]))
        # the history as it was: the verdaging's own end (7:10 lid 3), then each earlier uitstel (lid 4); rows from
        # before verdaagd_tot was kept: the first uitstel started where the verdaging ended
        eerder = [date.fromisoformat(u["tot"]) for u in stap.data.get("uitstel", [])]
        verdaagd_tot = stap.data.get("verdaagd_tot") or (stap.data["uitstel"][0]["van"] if eerder else oud.isoformat())
        ctx = brief_context(s, t, m, stap, datum=vandaag, kenmerk=_kenmerk(m, stap, "uitstel"), oud=oud, nieuw=tot,
                            grond=grond.tekst, instemming_op=instemming_op,
                            verdaagd_tot=date.fromisoformat(verdaagd_tot), eerder_uitstel=eerder)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        doc = bewaar_brief(rt, s, t, m, "uitstel", ctx, nu, aan=g.teamleider_email, door=actor,
                           waarom=f"Verder uitstel tot en met {tot.isoformat()} (Awb 7:10 lid 4).")
        uitstel = [*stap.data.get("uitstel", []), {"van": oud.isoformat(), "tot": tot.isoformat(), "grond": grond.value,
                                                    "instemming_op": instemming_op.isoformat() if instemming_op else None,
                                                    "document_id": doc.id}]
        repo.set_stap_data(s, stap=stap, uitstel=uitstel, uiterlijk_ruw=tot.isoformat())
        verschuif_beslistermijn(rt, s, stap, tot, nu, actor, f"Verder uitstel: {grond.tekst}.")
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_bezwaar:uitgesteld",
                   gebeurtenis=BEZWAAR.gebeurtenis("uitgesteld"),
                   omschrijving=f"Beslissing op bezwaar verder uitgesteld van {oud.isoformat()} tot {tot.isoformat()}: "
                                f"{grond.tekst}; brief document {doc.id}.",
                   data={"van": oud.isoformat(), "tot": tot.isoformat(), "grond": grond.value, "document_id": doc.id})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uiterlijk": tot.isoformat(), "document_id": doc.id}
