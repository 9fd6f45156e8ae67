"""Bezwaar against a beschikking (Awb 6:7, 7:10): registering it, verdaging once (with its letter, 7:10 lid 5),
the beslissing op bezwaar (gegrond: the maatregel is revoked, the reduction withdrawn, the heroverweging lapses;
deels gegrond: a lower maatregel; a letter with the rechtsmiddelenclausule for beroep). The steps in between
(horen, opschorting, uitstel) are in bezwaar_procedure.py, the ingebrekestelling and dwangsom in
bezwaar_dwangsom.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from casestore import maatregelen, repo
from casestore.db import session as new_session
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.maatregel import (
    BESLIST,
    BESLUITTYPE_BEZWAAR,
    BEZWAAR,
    BEZWAAR_TAAK,
    GRONDSLAG_BOB,
    HEROVERWEGING,
    STATUS_BEZWAAR,
    VERDAAGD,
    BezwaarUitkomst,
    beslissing_op_bezwaar_uiterlijk,
    controleer_bezwaar_ontvangst,
    controleer_nieuw_bezwaar,
    controleer_verdagen,
)
from domain.maatregel.bezwaar import (
    AfzienHoren,
    beslistermijn_ruw,
    controleer_deels_gegrond,
    controleer_gehoord,
    kies_beschikking_voor_bezwaar,
    lagere_maanden,
)
from domain.termijnen import bereken_termijn
from tasks._traject import heropen_maatregelzaak, maatregelzaak_row
from tasks.maatregel._gedeeld import (
    _mail,
    _tekst,
    _traject,
    _verlaging,
    _zgw_besluit,
    beschikking_met_id,
)
from tasks.maatregel.bezwaar_brieven import bewaar_brief, brief_context
from tasks.maatregel.bezwaar_dwangsom import na_beslissing
from tasks.maatregel.bezwaar_procedure import _kenmerk, open_bezwaar, verschuif_beslistermijn
from tasks.runtime import Runtime
from tasks.step import step


# -- 7. after the beschikking: bezwaar ------------------------------------------------------------
@step()
def registreer_bezwaar(rt: Runtime, *, referentie: str, ontvangen_op: date, adviescommissie: bool, nu: datetime,
                       actor: str, maatregel_id: int | None = None) -> dict[str, Any]:
    """A bezwaarschrift against a beschikking (`maatregel_id`; without it the one whose bezwaartermijn ran on the
    day of receipt, refused when several did, else the newest): the
    beslissing op bezwaar term starts (Awb 7:10).
    One received after the bezwaartermijn is registered too, marked late (Awb 6:11 is for the bezwaar
    team to weigh), never refused."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een bezwaar registreren", na_afsluiten=True)
        if maatregel_id is None:
            maatregel_id = kies_beschikking_voor_bezwaar(referentie, ontvangen_op, [
                (b.id, b.bezwaar_uiterlijk, repo.get_open_stap(s, traject=t, proces=BEZWAAR, sleutel=str(b.id)) is not None)
                for b in maatregelen.van_traject(s, traject_id=t.id) if b.id is not None and b.besluit_datum is not None])
        m = beschikking_met_id(s, t, maatregel_id, "een bezwaar registreren")
        assert m.verzenddatum is not None and m.bezwaar_uiterlijk is not None
        assert m.besluit_datum is not None
        controleer_bezwaar_ontvangst(ontvangen_op, vandaag, m.besluit_datum)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        te_laat = ontvangen_op > m.bezwaar_uiterlijk
        uiterlijk = beslissing_op_bezwaar_uiterlijk(m.bezwaar_uiterlijk, rt.kalender, adviescommissie=adviescommissie)
        lopend = repo.get_open_stap(s, traject=t, proces=BEZWAAR, sleutel=str(m.id)) is not None
        controleer_nieuw_bezwaar(referentie, m.besluit_identificatie, lopend=lopend)
        stap = repo.open_proces(s, traject=t, proces=BEZWAAR, nu=nu, actor=actor, sleutel=str(m.id),
                                gebeurtenis=BEZWAAR.gebeurtenis("ontvangen"),
                                omschrijving=f"Bezwaar ontvangen op {ontvangen_op.isoformat()} tegen "
                                             f"{m.besluit_identificatie}"
                                             f"{' (na de bezwaartermijn)' if te_laat else ''}; beslissen uiterlijk "
                                             f"{uiterlijk.isoformat()}.",
                                data={"maatregel_id": m.id, "ontvangen_op": ontvangen_op.isoformat(),
                                      "adviescommissie": adviescommissie, "te_laat": te_laat,
                                      "uiterlijk": uiterlijk.isoformat(),
                                      "uiterlijk_ruw": beslistermijn_ruw(
                                          m.bezwaar_uiterlijk, rt.kalender,
                                          soort="beslissing-op-bezwaar-commissie" if adviescommissie
                                          else "beslissing-op-bezwaar").isoformat()})
        heropen_maatregelzaak(s, t, m, nu, f"bezwaar:{stap.id}")  # its zaak closed already: a follow-up zaak
        maatregelzaak_row(s, t, m, nu, "status", f"bezwaar:{stap.id}", statustype=STATUS_BEZWAAR,
                          toelichting=f"Bezwaar ontvangen op {ontvangen_op.isoformat()}.")
        taak = repo.add_taak(s, traject=t, titel="Beslissen op bezwaar tegen maatregel", eigenaar_email=g.teamleider_email,
                             escalatie_email=g.teamleider_email, due=uiterlijk, nu=nu, kalender=rt.kalender,
                             grondslag=f"{GRONDSLAG_BOB}{' jo. 7:13 (adviescommissie)' if adviescommissie else ''}",
                             actor=actor, code=BEZWAAR_TAAK, stap=stap)
        _mail(s, t, nu, f"maatregel-bezwaar:{t.referentie}:{stap.id}", "maatregel_bezwaar", g.teamleider_email,
              kenmerk=m.besluit_identificatie, ontvangen_op=ontvangen_op.isoformat(), te_laat=te_laat,
              bezwaar_uiterlijk=m.bezwaar_uiterlijk.isoformat(), uiterlijk=uiterlijk.isoformat(),
              adviescommissie=adviescommissie, taak_id=taak.id)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "te_laat": te_laat, "uiterlijk": uiterlijk.isoformat(),
                "taak_id": taak.id}


@step()
def verdaag_bezwaar(rt: Runtime, *, referentie: str, nu: datetime, actor: str,
                    maatregel_id: int | None = None) -> dict[str, Any]:
    """Awb 7:10 lid 3: the decision may be put off once, by at most six weeks; the deelnemer is told in writing
    (7:10 lid 5): a letter (document) and its outbox row."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    vandaag = lokale_datum(nu)
    with new_session(rt.engine) as s:
        t, stap, m = open_bezwaar(s, referentie, maatregel_id, "verdagen")
        oud = date.fromisoformat(stap.data["uiterlijk"])
        controleer_verdagen(stap.status, oud, vandaag, referentie)
        # from the running end (an opschorting under 7:10 lid 2 moved it already)
        nieuw = bereken_termijn("verdaging", oud, rt.kalender).einddatum
        ruw = beslistermijn_ruw(oud, rt.kalender, soort="verdaging")  # before the Atw: an opschorting moves this
        repo.overgang(s, traject=t, stap=stap, proces=BEZWAAR, naar=VERDAAGD, nu=nu, actor=actor,
                      gebeurtenis=BEZWAAR.gebeurtenis("verdaagd"),
                      omschrijving=f"Beslissing verdaagd van {oud.isoformat()} naar {nieuw.isoformat()} (Awb 7:10 lid 3).")
        ctx = brief_context(s, t, m, stap, datum=vandaag, kenmerk=_kenmerk(m, stap, "verdaging"), oud=oud, nieuw=nieuw,
                            weken=12 if stap.data.get("adviescommissie") else 6)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        doc = bewaar_brief(rt, s, t, m, "verdaging", ctx, nu, aan=g.teamleider_email, door=actor,
                           waarom=f"Verdaging tot en met {nieuw.isoformat()} (Awb 7:10 lid 3); de deelnemer krijgt "
                                  "er schriftelijk bericht van (lid 5).")
        repo.set_stap_data(s, stap=stap, verdaagd_van=oud.isoformat(), verdaagd_tot=nieuw.isoformat(),
                           verdaging_document_id=doc.id,
                           uiterlijk_ruw=ruw.isoformat())
        verschuif_beslistermijn(rt, s, stap, nieuw, nu, actor, "Verdaagd (Awb 7:10 lid 3).")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uiterlijk": nieuw.isoformat(), "document_id": doc.id}


def _horen_tekst(horen: dict[str, Any] | None) -> tuple[date | None, str | None]:
    if not horen:
        return None, None
    if horen.get("afgezien"):
        return None, AfzienHoren(horen["afgezien"]).tekst
    return date.fromisoformat(str(horen["op"])[:10]), None


@step()
def beslis_op_bezwaar(rt: Runtime, *, referentie: str, uitkomst: BezwaarUitkomst, nu: datetime,
                      actor: str, maatregel_id: int | None = None, percentage: int | None = None,
                      maanden: int | None = None, motivering: str | None = None) -> dict[str, Any]:
    """Ongegrond or niet-ontvankelijk: the maatregel stands. Gegrond: it is revoked; the uitkeringsadministratie
    withdraws the reduction and the heroverweging lapses. Deels gegrond: a lower maatregel takes its place (Awb
    7:11 lid 2); the reduction changes accordingly. The beslissing is a letter with the rechtsmiddelenclausule for
    beroep (Awb 3:45, 8:1, 6:7) beside the ZGW besluit. A running dwangsom stops on the day it is sent (4:18)."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    uitkomst = BezwaarUitkomst(uitkomst)
    motivering = _tekst(motivering, "Het veld motivering") if motivering else None
    vandaag = lokale_datum(nu)
    verzend = rt.kalender.volgende_werkdag(vandaag, inclusief=True)
    with new_session(rt.engine) as s:
        t, stap, m = open_bezwaar(s, referentie, maatregel_id, "beslissen op bezwaar")
        horen = stap.data.get("horen")
        controleer_gehoord(referentie, uitkomst, horen, vandaag)
        lager = controleer_deels_gegrond(referentie, uitkomst, oud=(m.percentage or 0, m.maanden or 0),
                                         nieuw=(percentage, maanden))
        oud_pct, oud_mnd = m.percentage or 0, m.maanden or 0
        horen_op, horen_afgezien = _horen_tekst(horen)
        repo.overgang(s, traject=t, stap=stap, proces=BEZWAAR, naar=BESLIST, nu=nu, actor=actor,
                      gebeurtenis=BEZWAAR.gebeurtenis("beslist"),
                      omschrijving=f"Bezwaar {uitkomst.value} tegen {m.besluit_identificatie}"
                                   f"{f' (lager: {lager[0]}% × {lager[1]} mnd)' if lager else ''}"
                                   f"{'' if horen else '; horen niet vastgelegd (Awb 7:2)'}.",
                      data={"uitkomst": uitkomst.value, "maatregel_id": m.id,
                            **({"percentage": lager[0], "maanden": lager[1]} if lager else {}),
                            "horen": "gehoord" if horen_op else (horen.get("afgezien") if horen else None)})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={BEZWAAR_TAAK})
        # A second bezwaar against the same beschikking (after the first was decided) gets its own besluit.
        eerder = [p for p in repo.processen(s, traject=t) if p.proces == BEZWAAR.naam and p.id != stap.id
                  and p.data.get("maatregel_id") == m.id and p.status == BESLIST]
        ident = f"{m.besluit_identificatie}-BOB{stap.id if eerder else ''}"[:50]
        beroep = bereken_termijn("beroep", verzend, rt.kalender).einddatum
        _zgw_besluit(s, t, m, nu, identificatie=ident, besluittype=BESLUITTYPE_BEZWAAR, datum=vandaag,
                     toelichting=f"Bezwaar {uitkomst.value} (Awb art. 7:11)."
                                 f"{' Maatregel herroepen.' if uitkomst == BezwaarUitkomst.gegrond else ''}"
                                 f"{f' Lagere maatregel: {lager[0]}% gedurende {lager[1]} maand(en).' if lager else ''}",
                     verzenddatum=verzend, uiterlijke_reactiedatum=beroep)
        if uitkomst == BezwaarUitkomst.gegrond and m.status in ("actief", "herzien"):  # herzien: what remained
            m.status, m.gewijzigd_op = "herroepen", nu
            s.add(m)
            if m.kortingsmaanden:
                _verlaging(s, t, m, nu, "intrekken", [], "bob", na_besluit=ident)
                m.kortingsmaanden = []  # withdrawn at the gemeente; the audit trail and outbox keep what they were
            her = repo.get_open_stap(s, traject=t, proces=HEROVERWEGING, sleutel=str(m.id))
            if her is not None:
                repo.overgang(s, traject=t, stap=her, proces=HEROVERWEGING, naar="vervallen", nu=nu, actor=actor,
                              gebeurtenis=HEROVERWEGING.gebeurtenis("vervallen"),
                              omschrijving="De maatregel is in bezwaar herroepen.")
                repo.sluit_taken(s, stap=her, nu=nu, actor=actor, status="vervallen")
        elif lager is not None and m.status in ("actief", "herzien"):
            m.kortingsmaanden = lagere_maanden(m.kortingsmaanden, *lager)
            m.percentage, m.maanden, m.status, m.gewijzigd_op = lager[0], lager[1], "herzien", nu
            s.add(m)
            _verlaging(s, t, m, nu, "herzien" if m.kortingsmaanden else "intrekken", m.kortingsmaanden, "bob",
                       na_besluit=ident)
        ctx = brief_context(s, t, m, stap, datum=verzend, kenmerk=ident, uitkomst=uitkomst.value,
                            percentage=lager[0] if lager else None, maanden=lager[1] if lager else None,
                            oud_percentage=oud_pct, oud_maanden=oud_mnd, kortingsmaanden=m.kortingsmaanden,
                            horen_op=horen_op, horen_afgezien=horen_afgezien, motivering=motivering,
                            beroep_uiterlijk=beroep)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        doc = bewaar_brief(rt, s, t, m, "beslissing", ctx, nu, aan=g.teamleider_email, door=actor,
                           waarom=f"Beslissing op bezwaar: {uitkomst.value}; beroep tot en met {beroep.isoformat()} "
                                  "(Awb 6:7, 8:1).")
        repo.set_stap_data(s, stap=stap, beslist_op=verzend.isoformat(), beslissing_document_id=doc.id,
                           beroep_uiterlijk=beroep.isoformat())
        dwangsom = na_beslissing(rt, s, t, stap, verzend, nu, actor)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "uitkomst": uitkomst.value,
                "maatregel_status": m.status, "kortingsmaanden": m.kortingsmaanden, "document_id": doc.id,
                "beroep_uiterlijk": beroep.isoformat(), "horen": bool(horen),
                **({"dwangsom": dwangsom} if dwangsom is not None else {})}
