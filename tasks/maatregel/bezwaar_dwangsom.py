"""Ingebrekestelling and dwangsom bij niet tijdig beslissen (Awb 4:17–4:18; for the beslissing op bezwaar via
7:14, for the request for herziening (inkeer) directly): registering the ingebrekestelling on the open bezwaar or
inkeer, the teamleider's task that shows the dwangsom's schedule, the running amount for `maatregel status`, and
the beschikking that fixes the dwangsom (Awb 4:18) as a letter. The rules: domain/maatregel/dwangsom.py."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Maatregel, ProcesStap, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.maatregel import BEZWAAR, INKEER, bezwaar_stappen
from domain.maatregel.dwangsom import (
    DWANGSOM_TAAK,
    GRONDSLAG_DWANGSOM,
    GeenDwangsom,
    bedragen_op,
    controleer_dwangsom_vaststellen,
    controleer_ingebrekestelling,
    dwangsom_stand,
    euro,
)
from domain.proces import Proces
from domain.stap import Verwijzing
from domain.termijnen import bereken_termijn
from tasks.maatregel._gedeeld import _mail, _traject, open_per_maatregel
from tasks.maatregel.bezwaar_brieven import bewaar_brief, brief_context
from tasks.runtime import Runtime
from tasks.step import step
from tasks.vastleggen import vastleggen


class Over(StrEnum):
    """The decision the ingebrekestelling is about."""

    bezwaar = "bezwaar"  # the beslissing op bezwaar (Awb 7:10; dwangsom via 7:14)
    inkeer = "inkeer"  # the request for herziening (Pw 18 lid 11; an aanvraag: Awb 4:13, 4:17)


@vastleggen(DWANGSOM_TAAK)
def _hoe_dwangsom(referentie: str) -> Verwijzing:
    return Verwijzing(bezwaar_stappen.DWANGSOM_VASTSTELLEN, referentie, ook=("geen_dwangsom",))


PROCES: dict[Over, Proces] = {Over.bezwaar: BEZWAAR, Over.inkeer: INKEER}
WAT = {Over.bezwaar: "de beslissing op bezwaar", Over.inkeer: "het verzoek om herziening"}


def _beslist_op(stap: ProcesStap) -> date | None:
    """The day the decision was sent (bezwaar records it), else the day the process closed."""
    if stap.data.get("beslist_op"):
        return date.fromisoformat(stap.data["beslist_op"])
    return lokale_datum(stap.gesloten_op) if stap.gesloten_op is not None and stap.status == "beslist" else None


def _stand(rt: Runtime, stap: ProcesStap, vandaag: date) -> Any:
    ing = stap.data["ingebrekestelling"]
    return dwangsom_stand(date.fromisoformat(ing["ontvangen_op"]), vandaag, rt.kalender, beslist_op=_beslist_op(stap))


def _open(s: Session, t: Traject, over: Over, maatregel_id: int | None, wat: str) -> ProcesStap:
    if over == Over.bezwaar:
        return open_per_maatregel(s, t, BEZWAAR, maatregel_id, wat)
    return open_per_maatregel(s, t, INKEER, maatregel_id, wat)


@step()
def registreer_ingebrekestelling(rt: Runtime, *, referentie: str, over: Over, ontvangen_op: date, nu: datetime,
                                 actor: str, maatregel_id: int | None = None) -> dict[str, Any]:
    """A written ingebrekestelling after the beslistermijn expired: two weeks later the dwangsom runs (Awb 4:17
    lid 3), at most 42 days; the teamleider's task shows the schedule and the 4:18 date."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    over = Over(over)
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een ingebrekestelling registreren", na_afsluiten=True)
        stap = _open(s, t, over, maatregel_id, "een ingebrekestelling registreren")
        uiterlijk = date.fromisoformat(stap.data["uiterlijk"])
        eerder = stap.data.get("ingebrekestelling")
        controleer_ingebrekestelling(referentie, ontvangen_op, vandaag, uiterlijk=uiterlijk, wat=WAT[over],
                                     al_ingebreke=date.fromisoformat(eerder["ontvangen_op"]) if eerder else None,
                                     opgeschort=bool((stap.data.get("opschorting") or {}).get("verzocht_op")
                                                     and not stap.data["opschorting"].get("hersteld_op")))
        st = dwangsom_stand(ontvangen_op, vandaag, rt.kalender)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        a, b, c = bedragen_op(ontvangen_op).per_dag
        taak = repo.add_taak(
            s, traject=t, eigenaar_email=g.teamleider_email, escalatie_email=g.teamleider_email,
            titel=(f"Ingebrekestelling {WAT[over]}: beslis uiterlijk {st.beslissen_zonder_dwangsom.isoformat()}; daarna "
                   f"dwangsom vanaf {st.eerste_dag.isoformat()} (€ {a}/{b}/{c} per dag, tot {euro(st.max_bedrag)}); "
                   f"stel hem vast (Awb 4:18)")[:200],
            due=st.vaststellen_uiterlijk, nu=nu, kalender=rt.kalender, grondslag=GRONDSLAG_DWANGSOM, actor=actor,
            code=DWANGSOM_TAAK, stap=stap)
        repo.set_stap_data(s, stap=stap, ingebrekestelling={"ontvangen_op": ontvangen_op.isoformat(), "taak_id": taak.id,
                                                            "eerste_dag": st.eerste_dag.isoformat()})
        _mail(s, t, nu, f"maatregel-ingebrekestelling:{t.referentie}:{stap.id}", "maatregel_ingebrekestelling",
              g.teamleider_email, wat=WAT[over], bezwaar=over == Over.bezwaar, ontvangen_op=ontvangen_op.isoformat(),
              beslissen_zonder_dwangsom=st.beslissen_zonder_dwangsom.isoformat(), eerste_dag=st.eerste_dag.isoformat(),
              laatste_mogelijke_dag=st.laatste_mogelijke_dag.isoformat(), per_dag=[a, b, c],
              max_bedrag=euro(st.max_bedrag), taak_id=taak.id)
        omschrijving = (f"Ingebrekestelling ontvangen op {ontvangen_op.isoformat()} ({WAT[over]}, termijn verstreken "
                        f"{uiterlijk.isoformat()}); beslissen zonder dwangsom tot en met "
                        f"{st.beslissen_zonder_dwangsom.isoformat()}, dwangsom vanaf {st.eerste_dag.isoformat()} tot "
                        f"uiterlijk {st.laatste_mogelijke_dag.isoformat()} (Awb 4:17).")
        data = {"over": over.value, **st.as_dict()}
        if over == Over.bezwaar:
            repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_bezwaar:ingebrekestelling",
                       gebeurtenis=BEZWAAR.gebeurtenis("ingebrekestelling"), omschrijving=omschrijving, data=data)
        else:  # the inkeer process declares no such event (domain/maatregel/inkeer.py): a plain timeline line
            repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_inkeer:ingebrekestelling",
                       proces=INKEER.naam, omschrijving=omschrijving, data=data)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "over": over.value, "taak_id": taak.id,
                **st.as_dict()}


def na_beslissing(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, beslist_op: date, nu: datetime,
                  actor: str) -> dict[str, Any] | None:
    """The decision was sent on `beslist_op`: a running dwangsom stops that day and the 4:18 date follows from it
    (the teamleider's task moves). The caller commits."""
    if not stap.data.get("ingebrekestelling"):
        return None
    st = dwangsom_stand(date.fromisoformat(stap.data["ingebrekestelling"]["ontvangen_op"]), beslist_op, rt.kalender,
                        beslist_op=beslist_op)
    d = repo.get_deadline_van(s, stap=stap, code=DWANGSOM_TAAK, statussen=("open",))
    if d is not None and d.id is not None and d.due != st.vaststellen_uiterlijk:
        repo.verplaats_deadline(s, deadline_id=d.id, due=st.vaststellen_uiterlijk, nu=nu, actor=actor,
                                kalender=rt.kalender, reden=f"Beslist op {beslist_op.isoformat()}: {st.dagen} "
                                                            f"dwangsomdag(en), {euro(st.bedrag)} (Awb 4:18).")
    return st.as_dict()


def dwangsommen(rt: Runtime, referentie: str, nu: datetime) -> list[dict[str, Any]]:
    """Every dwangsom of this traject's bezwaren and inkeer requests as it stands today (for `maatregel status`)."""
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        out = []
        for p in repo.processen(s, traject=t):
            if p.proces in (BEZWAAR.naam, INKEER.naam) and (p.data or {}).get("ingebrekestelling"):
                out.append({"proces": p.proces, "maatregel_id": p.data.get("maatregel_id"),
                            "vastgesteld": p.data.get("dwangsom_vastgesteld"), **_stand(rt, p, vandaag).as_dict()})
        return out


@step()
def stel_dwangsom_vast(rt: Runtime, *, referentie: str, over: Over, nu: datetime, actor: str,
                       geen_dwangsom: GeenDwangsom | None = None, maatregel_id: int | None = None) -> dict[str, Any]:
    """Awb 4:18: the dwangsom's amount (or that none is due, 4:17 lid 6) by beschikking, once the decision was sent
    or the 42 days passed: a letter with its rechtsmiddelenclausule (document + outbox)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    over = Over(over)
    geen = GeenDwangsom(geen_dwangsom) if geen_dwangsom else None
    vandaag = lokale_datum(nu)
    verzend = rt.kalender.volgende_werkdag(vandaag, inclusief=True)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "de dwangsom vaststellen", na_afsluiten=True)
        kandidaten = [p for p in repo.processen(s, traject=t) if p.proces == PROCES[over].naam
                      and (p.data or {}).get("ingebrekestelling")
                      and (maatregel_id is None or p.data.get("maatregel_id") == maatregel_id)]
        stap = kandidaten[-1] if kandidaten else None
        st = _stand(rt, stap, vandaag) if stap is not None else None
        controleer_dwangsom_vaststellen(referentie, ingebreke=stap is not None,
                                        beslist=st is not None and st.laatste_dag is not None,
                                        vastgesteld=bool(stap is not None and stap.data.get("dwangsom_vastgesteld")))
        assert stap is not None and st is not None and st.laatste_dag is not None
        m = s.get(Maatregel, stap.data["maatregel_id"])
        assert m is not None
        bedrag = 0 if geen else st.bedrag
        kenmerk = f"{m.besluit_identificatie}-DW{stap.id}"[:50]
        ctx = brief_context(s, t, m, stap, datum=verzend, kenmerk=kenmerk,
                            stuk="bezwaarschrift" if over == Over.bezwaar else "verzoek om herziening",
                            ingebrekestelling_op=st.ontvangen_op, over=WAT[over], bezwaar=over == Over.bezwaar,
                            geen_dwangsom=geen.tekst if geen else None, dagen=st.dagen, bedrag=euro(st.bedrag),
                            eerste_dag=st.eerste_dag, laatste_dag=st.laatste_dag,
                            beslissen_zonder_dwangsom=st.beslissen_zonder_dwangsom,
                            per_dag=bedragen_op(st.ontvangen_op).per_dag,
                            bezwaar_uiterlijk=bereken_termijn("bezwaar", verzend, rt.kalender).einddatum)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        doc = bewaar_brief(rt, s, t, m, "dwangsom", ctx, nu, aan=g.teamleider_email, door=actor,
                           waarom=f"Beschikking dwangsom (Awb 4:18): {euro(bedrag)}"
                                  f"{f' (geen: {geen.value})' if geen else f' over {st.dagen} dag(en)'}; uiterlijk "
                                  f"vaststellen {st.vaststellen_uiterlijk.isoformat()}. Betalen binnen zes weken "
                                  "(Awb 4:18 lid 2).")
        vast = {"op": verzend.isoformat(), "dagen": 0 if geen else st.dagen, "bedrag": bedrag,
                "geen": geen.value if geen else None, "document_id": doc.id,
                "te_laat": verzend > st.vaststellen_uiterlijk}
        repo.set_stap_data(s, stap=stap, dwangsom_vastgesteld=vast)
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={DWANGSOM_TAAK})
        omschrijving = (f"Dwangsom vastgesteld (Awb 4:18): {euro(bedrag)}"
                        f"{f', geen dwangsom: {geen.tekst}' if geen else f' over {st.dagen} dag(en)'}; brief document "
                        f"{doc.id}.")
        if over == Over.bezwaar:
            repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_bezwaar:dwangsom",
                       gebeurtenis=BEZWAAR.gebeurtenis("dwangsom_vastgesteld"), omschrijving=omschrijving, data=vast)
        else:
            repo.audit(s, traject=t, nu=nu, actor=actor, soort="maatregel_inkeer:dwangsom", proces=INKEER.naam,
                       omschrijving=omschrijving, data=vast)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "over": over.value, **vast,
                "vaststellen_uiterlijk": st.vaststellen_uiterlijk.isoformat()}
