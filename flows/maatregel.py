"""Maatregelonderzoek (Participatiewet art. 18): the flow of each human step, generated from its declaration
(domain/maatregel/stappen.py: input model, texts, what follows), and the waking timer of the reaction term. Forms
carry references only: the correspondence address is recorded with the CLI (`werkpad deelnemer adres`), the
beschikking's preview is read with the CLI's concept command (it shows name and address, so never in Prefect)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain.invoer import Referentie, parse_moment_lokaal
from domain.maatregel import (
    MAATREGELONDERZOEK,
    WEKT_REACTIE,
    BezwaarUitkomst,
    HeroverwegingUitkomst,
    HorenAchterwege,
    InkeerUitkomst,
    Verwijtbaar,
)
from domain.maatregel import stappen as st
from flows._common import nu_of, processtap
from flows._stap import deployment, stapflow
from tasks.maatregel import (
    beslis_inkeer,
    beslis_op_bezwaar,
    heroverweeg,
    keur_goed,
    laat_horen_achterwege,
    leg_afzien_reactie_vast,
    leg_toelichting_vast,
    meld_verzuim,
    nodig_uit,
    ontvang_inkeerverzoek,
    reactietermijn_verlopen,
    registreer_bezwaar,
    stel_voor,
    stuur_terug,
    trek_in,
    verdaag_bezwaar,
)

PROCES = MAATREGELONDERZOEK.naam


def parse_gesprek(value: str, veld: str = "Het veld gesprek") -> datetime:
    """'2026-12-01 10:00' (Europe/Amsterdam wall time) -> an aware datetime."""
    from domain.herinneringen import TZ

    return parse_moment_lokaal(value, veld).replace(tzinfo=TZ)


# -- the onderzoek -----------------------------------------------------------------------------
maatregel_melden = stapflow(st.MELDEN, lambda i, nu: meld_verzuim.task(
    referentie=i.referentie, gedraging=i.gedraging, verzuim_op=i.verzuim_op, feiten=i.feiten, nu=nu, actor=i.door))
maatregel_horen = stapflow(st.HOREN, lambda i, nu: nodig_uit.task(
    referentie=i.referentie, gesprek_op=parse_gesprek(i.gesprek), locatie=i.locatie, nu=nu, actor=i.door))
maatregel_toelichting = stapflow(st.TOELICHTING, lambda i, nu: leg_toelichting_vast.task(
    referentie=i.referentie, toelichting=i.toelichting, nu=nu, actor=i.door))
maatregel_voorstel = stapflow(st.VOORSTEL, lambda i, nu: stel_voor.task(
    referentie=i.referentie, verwijtbaar=i.verwijtbaar == Verwijtbaar.ja, nu=nu, actor=i.door,
    dringende_redenen=i.dringende_redenen, gematigd_percentage=i.gematigd_percentage,
    gematigd_maanden=i.gematigd_maanden, afzien_dringend=i.afzien_om_dringende_redenen))
maatregel_goedkeuren = stapflow(st.GOEDKEUREN, lambda i, nu: keur_goed.task(
    referentie=i.referentie, type=i.type.value, nu=nu, actor=i.door, verzenddatum=i.verzenddatum))
maatregel_terugsturen = stapflow(st.TERUGSTUREN, lambda i, nu: stuur_terug.task(
    referentie=i.referentie, reden=i.reden, nu=nu, actor=i.door))
maatregel_intrekken = stapflow(st.INTREKKEN, lambda i, nu: trek_in.task(
    referentie=i.referentie, reden=i.reden, nu=nu, actor=i.door))


@flow(name="maatregel-reactietermijn-verlopen", flow_run_name="maatregelonderzoek · {referentie} · reactietermijn")
def maatregel_reactietermijn_verlopen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker na de reactietermijn: geen toelichting ontvangen wordt vastgelegd."""
    moment = nu_of(nu)
    return processtap(PROCES, "reactietermijn verlopen", referentie, moment, lambda: reactietermijn_verlopen.task(
        referentie=referentie, nu=moment))


# -- after the beschikking ------------------------------------------------------------------------
maatregel_bezwaar = stapflow(st.BEZWAAR, lambda i, nu: registreer_bezwaar.task(
    referentie=i.referentie, ontvangen_op=i.ontvangen_op, adviescommissie=i.adviescommissie, nu=nu, actor=i.door,
    maatregel_id=i.maatregel))
maatregel_bezwaar_verdagen = stapflow(st.BEZWAAR_VERDAGEN, lambda i, nu: verdaag_bezwaar.task(
    referentie=i.referentie, nu=nu, actor=i.door, maatregel_id=i.maatregel))
maatregel_bezwaar_beslissen = stapflow(st.BEZWAAR_BESLISSEN, lambda i, nu: beslis_op_bezwaar.task(
    referentie=i.referentie, uitkomst=BezwaarUitkomst(i.uitkomst), nu=nu, actor=i.door, maatregel_id=i.maatregel,
    percentage=i.percentage, maanden=i.maanden, motivering=i.motivering))
maatregel_heroverwegen = stapflow(st.HEROVERWEGEN, lambda i, nu: heroverweeg.task(
    referentie=i.referentie, uitkomst=HeroverwegingUitkomst(i.uitkomst), nu=nu, actor=i.door,
    maatregel_id=i.maatregel))
maatregel_inkeer = stapflow(st.INKEER, lambda i, nu: ontvang_inkeerverzoek.task(
    referentie=i.referentie, ontvangen_op=i.ontvangen_op, nu=nu, actor=i.door))
maatregel_inkeer_beslissen = stapflow(st.INKEER_BESLISSEN, lambda i, nu: beslis_inkeer.task(
    referentie=i.referentie, uitkomst=InkeerUitkomst(i.uitkomst), nu=nu, actor=i.door))

# -- issue 20 (M1): the reaction term before the beschikking (Awb 4:8, 4:11, 4:12) ------------------------
maatregel_afzien_reactie = stapflow(st.AFZIEN_REACTIE, lambda i, nu: leg_afzien_reactie_vast.task(
    referentie=i.referentie, verklaard_op=i.verklaard_op, nu=nu, actor=i.door))
maatregel_horen_achterwege = stapflow(st.HOREN_ACHTERWEGE, lambda i, nu: laat_horen_achterwege.task(
    referentie=i.referentie, grond=HorenAchterwege(i.grond), feiten=i.feiten, nu=nu, actor=i.door))


# -- the bezwaar procedure and the dwangsom (domain/maatregel/bezwaar_stappen.py) ------------------------
from domain.maatregel import bezwaar_stappen as bst  # noqa: E402
from domain.maatregel.bezwaar import WEKT_HERSTEL  # noqa: E402
from tasks.maatregel.bezwaar_dwangsom import Over, registreer_ingebrekestelling, stel_dwangsom_vast  # noqa: E402
from tasks.maatregel.bezwaar_procedure import (  # noqa: E402
    hersteltermijn_verlopen,
    leg_herstel_vast,
    plan_hoorzitting,
    schort_bezwaar_op,
    stel_bezwaar_uit,
    zie_af_van_horen,
)

maatregel_bezwaar_horen = stapflow(bst.BEZWAAR_HOREN, lambda i, nu: plan_hoorzitting.task(
    referentie=i.referentie, op=parse_gesprek(i.op, "Het veld op"), locatie=i.locatie, nu=nu, actor=i.door,
    maatregel_id=i.maatregel))
maatregel_bezwaar_niet_horen = stapflow(bst.BEZWAAR_NIET_HOREN, lambda i, nu: zie_af_van_horen.task(
    referentie=i.referentie, grond=i.grond, toelichting=i.toelichting, nu=nu, actor=i.door, maatregel_id=i.maatregel))
maatregel_bezwaar_opschorten = stapflow(bst.BEZWAAR_OPSCHORTEN, lambda i, nu: schort_bezwaar_op.task(
    referentie=i.referentie, verzocht_op=i.verzocht_op, hersteltermijn_tot=i.hersteltermijn_tot, verzuim=i.verzuim,
    nu=nu, actor=i.door, maatregel_id=i.maatregel))
maatregel_bezwaar_hersteld = stapflow(bst.BEZWAAR_HERSTELD, lambda i, nu: leg_herstel_vast.task(
    referentie=i.referentie, hersteld_op=i.hersteld_op, nu=nu, actor=i.door, maatregel_id=i.maatregel))
maatregel_bezwaar_uitstellen = stapflow(bst.BEZWAAR_UITSTELLEN, lambda i, nu: stel_bezwaar_uit.task(
    referentie=i.referentie, tot=i.tot, grond=i.grond, instemming_op=i.instemming_op, nu=nu, actor=i.door,
    maatregel_id=i.maatregel))
maatregel_ingebrekestelling = stapflow(bst.INGEBREKESTELLING, lambda i, nu: registreer_ingebrekestelling.task(
    referentie=i.referentie, over=Over(i.over), ontvangen_op=i.ontvangen_op, nu=nu, actor=i.door,
    maatregel_id=i.maatregel))
maatregel_dwangsom_vaststellen = stapflow(bst.DWANGSOM_VASTSTELLEN, lambda i, nu: stel_dwangsom_vast.task(
    referentie=i.referentie, over=Over(i.over), geen_dwangsom=i.geen_dwangsom, nu=nu, actor=i.door,
    maatregel_id=i.maatregel))



@flow(name="maatregel-bezwaar-hersteltermijn-verlopen",
      flow_run_name="maatregel_bezwaar · {referentie} · hersteltermijn")
def maatregel_bezwaar_hersteltermijn_verlopen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker na de hersteltermijn (Awb 6:6): de opschorting van de beslistermijn eindigt."""
    moment = nu_of(nu)
    return processtap(PROCES, "hersteltermijn verlopen", referentie, moment, lambda: hersteltermijn_verlopen.task(
        referentie=referentie, nu=moment))


FLOWS = {s.naam: globals()[s.flow.replace("-", "_")] for s in st.STAPPEN}


def deployments() -> list[Any]:
    wekker_flow, wekker_naam = WEKT_REACTIE.split("/")
    assert wekker_flow == maatregel_reactietermijn_verlopen.name
    return [deployment(s, FLOWS[s.naam], __name__) for s in st.STAPPEN] + [
        maatregel_reactietermijn_verlopen.to_deployment(
            name=wekker_naam, tags=[f"proces:{PROCES}"],
            description="Door de wekker gestart als de reactietermijn zonder toelichting verstreek."),
        maatregel_bezwaar_hersteltermijn_verlopen.to_deployment(
            name=WEKT_HERSTEL.split("/")[1], tags=[f"proces:{PROCES}"],
            description="Door de wekker gestart als de hersteltermijn van een bezwaar ongebruikt verstreek."),
    ]
