"""Vier ogen and the beschikking: the teamleider sends the proposal back or approves it; the letter's
context, its HTML preview (concept) and the stored PDF. The beschikking carries name and address: it
never goes into an email, Prefect or a log."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import maatregelen, repo
from casestore.db import session as new_session
from casestore.models import Deelnemer, Document, Maatregel, ProcesStap, Traject
from domain.gemeenten import Gemeente, Ondertekenaar
from domain.herinneringen import lokale_datum
from domain.maatregel import (
    BEOORDELEN,
    BEOORDELEN_TAAK,
    BESCHIKT,
    GRONDSLAG_HEROVERWEGING,
    HEROVERWEGING,
    HEROVERWEGING_TAAK,
    ONDERZOEK_TERMIJN,
    STATUS_BESCHIKT,
    VIER_OGEN,
    VIER_OGEN_TAAK,
    BeschikkingType,
    HorenAchterwege,
    HorenVastgelegd,
    Uitkomst,
    bezwaartermijn,
    controleer_concept,
    controleer_document,
    controleer_ondertekenaar,
    controleer_persoon,
    controleer_reactietermijn_voor_besluit,
    controleer_type,
    controleer_verzenddatum,
    controleer_vier_ogen,
    grondslagen_met_horen,
    heroverweging_uiterlijk,
    inkeer_mogelijk,
    inkeer_tweede_maand,
    kortingsmaanden,
    looptijd,
    parse_type,
)
from domain.maatregel.instellingen import MaatregelInstellingen
from tasks._traject import maatregelzaak_row
from tasks.maatregel._gedeeld import (
    BEOORDELEN_WERKDAGEN,
    P,
    _beschikking,
    _maatregel_van,
    _mail,
    _onderzoek,
    _regel,
    _tekst,
    _traject,
    _verlaging,
    _zgw_besluit,
    laatste_beschikking,
)
from tasks.runtime import Runtime
from tasks.step import step


@step()
def stuur_terug(rt: Runtime, *, referentie: str, reden: str, nu: datetime, actor: str) -> dict[str, Any]:
    """The teamleider sends the proposal back to the werkcoach, with a reason."""
    actor = controleer_persoon(actor, "Terugsturen (vier ogen)")
    reden = _tekst(reden, "Het veld reden")
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "terugsturen")
        stap, m = _onderzoek(s, t, (VIER_OGEN,), "terugsturen")
        controleer_vier_ogen(m.voorgesteld_door, actor, referentie, terugsturen=True)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=BEOORDELEN, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis("teruggestuurd"), omschrijving=_regel(f"Teruggestuurd: {reden}"),
                      data={"reden": reden})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={VIER_OGEN_TAAK})
        due = rt.kalender.werkdagen_erbij(lokale_datum(nu), BEOORDELEN_WERKDAGEN)
        taak = repo.add_taak(s, traject=t, titel="Voorstel maatregel herzien (teruggestuurd door de teamleider)",
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                             kalender=rt.kalender, grondslag="Participatiewet art. 18 lid 2, 9 en 10", beleid="kort",
                             actor=actor, code=BEOORDELEN_TAAK, stap=stap)
        _mail(s, t, nu, f"maatregel-teruggestuurd:{t.referentie}:{m.id}:{stap.versie}", "maatregel_teruggestuurd",
              t.werkcoach_email, reden=reden, door=actor, taak_id=taak.id, due=due.isoformat())
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "taak_id": taak.id, "due": due.isoformat()}


# -- 5/6. vier ogen and beschikking -------------------------------------------------------------
def beschikking_context(rt: Runtime, s: Session, t: Traject, m: Maatregel, *, datum: date, verzenddatum: date,
                        ondertekenaar: Ondertekenaar | None = None) -> dict[str, Any]:
    """Everything the letter shows (notifications/beschikking.py): built here, kept out of Prefect.
    `ondertekenaar`: the approving teamleider's name and function (None in a concept: not approved yet)."""
    deelnemer = s.get(Deelnemer, t.deelnemer_id)
    assert deelnemer is not None and m.type is not None
    versie = rt.maatregelen.op(Gemeente(t.gemeente), m.verzuim_op)
    ged = versie.gedraging(m.gedraging)
    onderzoek = s.get(ProcesStap, m.proces_stap_id)
    h = HorenVastgelegd.uit(onderzoek.data if onderzoek is not None else None)
    achterwege = HorenAchterwege(h.achterwege) if h.achterwege else None
    g = rt.gemeenten[Gemeente(t.gemeente)]
    uitkomst = Uitkomst(BeschikkingType(m.type), m.percentage or 0, m.maanden or 0)
    maanden = kortingsmaanden(uitkomst, verzenddatum)
    periode = looptijd(maanden)
    bezwaar = bezwaartermijn(verzenddatum, rt.kalender)
    afzien = uitkomst.type == BeschikkingType.AFZIEN
    gematigd = parse_type(m.gematigd_van) if m.gematigd_van else None
    return {
        "gemeente": t.gemeente, "gemeente_label": Gemeente(t.gemeente).naam, "referentie": t.referentie,
        "kenmerk": besluit_identificatie(t, m), "naam": deelnemer.naam, "adres": deelnemer.adres or "",
        "postcode": deelnemer.postcode or "", "woonplaats": deelnemer.woonplaats or "", "datum": datum,
        "verzenddatum": verzenddatum, "type": uitkomst.type.value, "type_label": uitkomst.type.label,
        "percentage": None if afzien else uitkomst.percentage, "maanden": None if afzien else uitkomst.maanden,
        "kortingsmaanden": maanden, "ingangsdatum": periode[0] if periode else None,
        "vervaldatum": periode[1] if periode else None, "gedraging_label": ged.label, "verzuim_op": m.verzuim_op,
        "feiten": m.feiten, "toelichting": m.toelichting, "reageren_uiterlijk": m.reageren_uiterlijk,
        "verwijtbaar": bool(m.verwijtbaar), "dringende_redenen": m.dringende_redenen,
        "gematigd_van": gematigd.label if gematigd else None, "recidive_stap": m.recidive_stap or 1,
        "grondslagen": grondslagen_met_horen(m.grondslagen, achterwege=h.achterwege, afgezien_op=h.afgezien_op),
        # issue 20: how horen went (Awb 4:8, 4:11, 4:12), inkeer only under lid 5–8, the college's address, signer
        "reactie_afgezien_op": h.afgezien_op,
        "horen_achterwege": None if achterwege is None else {
            "grondslag": achterwege.grondslag, "brieftekst": achterwege.brieftekst, "feiten": h.achterwege_feiten},
        "afzien_dringend": afzien and bool(m.verwijtbaar),
        # only a concept can be made while the term still runs; the letter then says so (never "U kon … tot en met")
        "termijn_loopt": (achterwege is None and h.afgezien_op is None and m.reageren_uiterlijk is not None
                          and datum <= m.reageren_uiterlijk),
        "inkeer_mogelijk": inkeer_mogelijk(ged.arbeidsverplichting, m.type),
        "college_postadres": list(g.college_postadres),
        "ondertekenaar": None if ondertekenaar is None else {"naam": ondertekenaar.naam,
                                                             "functie": ondertekenaar.functie},
        "heroverweging_uiterlijk": None if afzien else heroverweging_uiterlijk(
            datum, rt.kalender, rt.settings.van(MaatregelInstellingen).heroverweging_maanden),
        "inkeer_tweede_maand": inkeer_tweede_maand(uitkomst.type, uitkomst.percentage, uitkomst.maanden),
        "bezwaar_uiterlijk": bezwaar.einddatum, "bezwaar_toelichting": bezwaar.atw_toelichting,
        "verordening": versie.verordening,
    }


def besluit_identificatie(t: Traject, m: Maatregel) -> str:
    return f"MR-{t.referentie}-{m.id}"[:50]


def concept(rt: Runtime, *, referentie: str, nu: datetime) -> str:
    """The HTML preview of the beschikking as it would be if approved today (for the teamleider;
    a file on their machine, never a mail or an artifact: it carries name and address)."""
    from notifications.beschikking import render_beschikking_html

    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        laatste = laatste_beschikking(s, t) if stap is None else None
        controleer_concept(referentie, stap.status if stap is not None else None, beschikking=laatste is not None)
        if stap is None:
            m = laatste
            assert m is not None and m.besluit_datum is not None and m.verzenddatum is not None
            return render_beschikking_html(beschikking_context(rt, s, t, m, datum=m.besluit_datum,
                                                               verzenddatum=m.verzenddatum))
        m = _maatregel_van(s, stap)
        vandaag = lokale_datum(nu)
        return render_beschikking_html(beschikking_context(rt, s, t, m, datum=vandaag, verzenddatum=vandaag))


@step()
def keur_goed(rt: Runtime, *, referentie: str, type: str, nu: datetime, actor: str,
              verzenddatum: date | None = None) -> dict[str, Any]:
    """Vier ogen: another person than the proposer approves the type they saw in the concept. The
    beschikking is made: PDF kept with the case, besluit at the gemeente, reduction to its
    uitkeringsadministratie, heroverweging planned."""
    from notifications.beschikking import render_beschikking_pdf

    actor = controleer_persoon(actor, "Goedkeuren (vier ogen)")
    gekozen = parse_type(type)
    vandaag = lokale_datum(nu)
    # Approved on a day off, the letter goes out with the next werkdag's post (an explicit date must be one).
    verzend = verzenddatum or rt.kalender.volgende_werkdag(vandaag, inclusief=True)
    controleer_verzenddatum(verzend, vandaag, rt.kalender)
    with new_session(rt.engine) as s:
        t = _traject(s, referentie, "een beschikking")
        stap, m = _onderzoek(s, t, (VIER_OGEN,), "goedkeuren")
        controleer_vier_ogen(m.voorgesteld_door, actor, referentie)
        assert m.type is not None
        controleer_type(m.type, gekozen, referentie)
        # Awb 4:8: not while the reaction term offered in the invitation runs (unless given up or horen omitted)
        h = HorenVastgelegd.uit(stap.data)
        controleer_reactietermijn_voor_besluit(referentie, m.reageren_uiterlijk, vandaag, afgezien_op=h.afgezien_op,
                                               achterwege=h.achterwege)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        ondertekenaar = g.ondertekenaar(actor)
        controleer_ondertekenaar(referentie, Gemeente(t.gemeente).naam, actor, bekend=ondertekenaar is not None)
        ctx = beschikking_context(rt, s, t, m, datum=vandaag, verzenddatum=verzend, ondertekenaar=ondertekenaar)
        pdf = render_beschikking_pdf(ctx)
        m.goedgekeurd_door, m.besluit_datum, m.verzenddatum = actor, vandaag, verzend
        m.grondslagen = list(ctx["grondslagen"])  # as the letter cites them (how horen went)
        m.bezwaar_uiterlijk, m.heroverweging_uiterlijk = ctx["bezwaar_uiterlijk"], ctx["heroverweging_uiterlijk"]
        m.besluit_identificatie, m.kortingsmaanden, m.gewijzigd_op = ctx["kenmerk"], ctx["kortingsmaanden"], nu
        s.add(m)
        assert t.id is not None
        doc = Document(traject_id=t.id, maatregel_id=m.id, soort="beschikking", naam=f"beschikking-{ctx['kenmerk']}.pdf",
                       mime="application/pdf", inhoud=pdf, sha256=hashlib.sha256(pdf).hexdigest(), grootte=len(pdf),
                       aangemaakt_op=nu)
        s.add(doc)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=BESCHIKT, nu=nu, actor=actor,
                      gebeurtenis=P.gebeurtenis("beschikt"),
                      omschrijving=f"{BeschikkingType(m.type).label} goedgekeurd (vier ogen; voorgesteld door "
                                   f"{m.voorgesteld_door}); verzonden {verzend.isoformat()}, bezwaar tot en met "
                                   f"{ctx['bezwaar_uiterlijk'].isoformat()}.",
                      data={"type": m.type, "percentage": m.percentage, "maanden": m.maanden,
                            "besluit": ctx["kenmerk"], "bezwaar_uiterlijk": ctx["bezwaar_uiterlijk"].isoformat()})
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={VIER_OGEN_TAAK})
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, codes={ONDERZOEK_TERMIJN})
        maatregelzaak_row(s, t, m, nu, "status", "beschikt", statustype=STATUS_BESCHIKT,
                          toelichting=f"{BeschikkingType(m.type).label}; verzonden {verzend.isoformat()}.")
        _zgw_besluit(s, t, m, nu, identificatie=ctx["kenmerk"], besluittype=BeschikkingType(m.type).label,
                     datum=vandaag,
                     toelichting=f"{BeschikkingType(m.type).label}; grondslag: {'; '.join(m.grondslagen)}"[:1000],
                     verzenddatum=verzend, uiterlijke_reactiedatum=ctx["bezwaar_uiterlijk"],
                     ingangsdatum=ctx["ingangsdatum"] or vandaag, vervaldatum=ctx["vervaldatum"])
        heroverweging_taak = None
        if m.kortingsmaanden:
            _verlaging(s, t, m, nu, "opleggen", m.kortingsmaanden, "1", na_besluit=ctx["kenmerk"])
            her = repo.open_proces(s, traject=t, proces=HEROVERWEGING, nu=nu, actor=actor, sleutel=str(m.id),
                                   gebeurtenis=HEROVERWEGING.gebeurtenis("gestart"),
                                   omschrijving=f"Heroverweging uiterlijk {ctx['heroverweging_uiterlijk'].isoformat()}.",
                                   data={"maatregel_id": m.id})
            heroverweging_taak = repo.add_taak(
                s, traject=t, titel="Maatregel heroverwegen (Pw art. 18 lid 3)", eigenaar_email=t.werkcoach_email,
                escalatie_email=g.teamleider_email, due=ctx["heroverweging_uiterlijk"], nu=nu, kalender=rt.kalender,
                grondslag=GRONDSLAG_HEROVERWEGING, actor=actor, code=HEROVERWEGING_TAAK, stap=her).id
        _mail(s, t, nu, f"maatregel-beschikt:{t.referentie}:{m.id}", "maatregel_beschikt", t.werkcoach_email,
              type=m.type, type_label=BeschikkingType(m.type).label, kenmerk=ctx["kenmerk"],
              verzenddatum=verzend.isoformat(), bezwaar_uiterlijk=ctx["bezwaar_uiterlijk"].isoformat(),
              kortingsmaanden=m.kortingsmaanden, goedgekeurd_door=actor,
              heroverweging_uiterlijk=ctx["heroverweging_uiterlijk"].isoformat() if ctx["heroverweging_uiterlijk"]
              else None, heroverweging_taak_id=heroverweging_taak, inkeer_mogelijk=ctx["inkeer_mogelijk"])
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "type": m.type, "besluit": ctx["kenmerk"],
                "verzenddatum": verzend.isoformat(), "bezwaar_uiterlijk": ctx["bezwaar_uiterlijk"].isoformat(),
                "kortingsmaanden": m.kortingsmaanden, "document_id": doc.id}


def beschikking_pdf(rt: Runtime, *, referentie: str) -> tuple[str, bytes]:
    """The stored PDF of the newest beschikking (file name, bytes)."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        m = _beschikking(s, t, "de beschikking ophalen")
        doc = maatregelen.beschikking_document(s, maatregel_id=m.id)
        controleer_document(referentie, doc.inhoud if doc is not None else None, doc.sha256 if doc is not None else None)
        assert doc is not None
        return doc.naam, bytes(doc.inhoud)
