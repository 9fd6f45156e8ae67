"""The uitkering gate: the gemeente decides on the uitkering; werkpad asks, per traject, and acts.

The beslistermijn (Awb 4:13) counts from the aanvraag; an uitkering granted during the
zoektermijn is flagged to the werkcoach."""


from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain.gemeenten import Gemeente, UitkeringBron
from domain.herinneringen import lokale_datum
from domain.termijnen import bereken_termijn
from domain.traject import (
    RESULTAAT_AFGEWEZEN,
    Route,
    Status,
    Uitkeringsbesluit,
    beslistermijn_vanaf,
    controleer_aanvraagdatum,
    controleer_besluit,
    vroegste_aanvraagdatum,
    wachttermijn_soort,
)
from domain.uitkering import AFGEWEZEN as UITKERING_AFGEWEZEN
from domain.uitkering import (
    BESLISTERMIJN,
    NAVRAGEN,
    UITKERING,
    VERLENGDE_INTAKE_INPLANNEN,
    controleer_besluit_van_gemeente,
    controleer_zaak_bij_gemeente,
    plan_na_besluit,
)
from domain.uitkering import TOEGEKEND as UITKERING_TOEGEKEND
from domain.uitkering_stappen import controleer_wacht_op_besluit
from domain.verplaatsing import opnieuw_verschoven
from integrations.gemeente.errors import GemeenteError, GemeenteTransient
from tasks._traject import sluit_af, zgw_status
from tasks.fasen import begin_eerste_fase
from tasks.logs import logger
from tasks.partnerlimiet import partner_slot
from tasks.runtime import Runtime
from tasks.step import step

if TYPE_CHECKING:  # httpx and jwt load only when werkpad talks to the gemeente
    from integrations.gemeente.client import GemeenteClient
    from integrations.gemeente.models import Uitkeringsstatus


def open_gate(rt: Runtime, s: Session, t: Traject, nu: datetime, actor: str) -> ProcesStap:
    """Start waiting for the gemeente's decision (after a brede intake with a route into IJW):
    the instance, the beslistermijn and the status at the gemeente. The caller commits."""
    gate = repo.open_proces(s, traject=t, proces=UITKERING, nu=nu, actor=actor,
                            omschrijving="Wacht op het besluit van de gemeente op de uitkeringsaanvraag.",
                            gebeurtenis=UITKERING.gebeurtenis("gevraagd"))
    termijn = _zet_beslistermijn(rt, s, t, nu, actor, gate)
    zgw_status(s, t, nu, "Wacht op uitkeringsbesluit")
    if rt.uitkering_bron(t.gemeente) is UitkeringBron.handmatig:
        # werkpad does not ask this gemeente: its klantmanager records the decision (reference only).
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.add_outbox(s, idem_key=f"uitkering-besluit-gevraagd:{t.referentie}", soort="email", traject=t, nu=nu,
                        payload={"template": "uitkering_besluit_gevraagd", "aan": g.klantmanager_email,
                                 "referentie": t.referentie, "gemeente": g.gemeente.naam,
                                 "werkcoach": t.werkcoach_email, "ontvanger_rol": "consulent",
                                 "beslistermijn": termijn.isoformat()})
    return gate


def _zet_beslistermijn(rt: Runtime, s: Session, t: Traject, nu: datetime, actor: str, gate: ProcesStap) -> date:
    """The deadline for the gemeente's decision: Awb 4:13, eight weeks after receipt of the
    aanvraag. Not yet known: counted from the earliest possible aanvraag date (the melding, or
    for under-27s the end of the zoektermijn) and re-armed when the gemeente reports the date
    (`registreer_aanvraagdatum`). Early rather than late: the real aanvraag is never earlier
    unless the gemeente waived the zoektermijn, and then it reports that earlier date."""
    g = rt.gemeenten[Gemeente(t.gemeente)]
    deelnemer = repo.get_deelnemer(s, traject=t)
    vroegste = vroegste_aanvraagdatum(deelnemer.geboortedatum, t.aangemeld_op, rt.kalender)
    vanaf, voorlopig = beslistermijn_vanaf(aanvraag_op=t.aanvraag_op, vroegste=vroegste)
    termijn = bereken_termijn("beslistermijn", vanaf, rt.kalender)
    repo.add_deadline(s, traject=t, soort="uitkeringsbesluit",
                      omschrijving="Besluit gemeente op de uitkeringsaanvraag", due=termijn.einddatum,
                      grondslag=termijn.grondslag, eigenaar_email=t.werkcoach_email,
                      escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender, code=BESLISTERMIJN, stap=gate)
    waarvan = (f"voorlopig geteld vanaf {vanaf.isoformat()}, de vroegst mogelijke aanvraagdatum; aangepast zodra "
               "de gemeente de aanvraagdatum meldt" if voorlopig else f"geteld vanaf de aanvraag op {vanaf.isoformat()}")
    repo.audit(s, traject=t, nu=nu, actor=actor, soort="termijn",
               omschrijving=f"Beslistermijn uitkering tot {termijn.einddatum.isoformat()} ({termijn.grondslag}), "
                            f"{waarvan}.", data={"vanaf": vanaf.isoformat(), "voorlopig": voorlopig})
    return termijn.einddatum

def registreer_aanvraagdatum(rt: Runtime, *, referentie: str, aanvraag_op: date, nu: datetime,
                             actor: str) -> bool:
    """Record when the gemeente received the uitkeringsaanvraag and re-arm the beslistermijn.

    Idempotent: the same date again changes nothing. Returns whether anything changed.
    """
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        if t.aanvraag_op == aanvraag_op:
            return False
        if aanvraag_op > lokale_datum(nu):
            logger().warning("%s: aanvraagdatum %s ligt in de toekomst; genegeerd", referentie, aanvraag_op)
            return False
        t.aanvraag_op = aanvraag_op
        s.add(t)
        geboortedatum = repo.get_deelnemer(s, traject=t).geboortedatum
        vroegste = vroegste_aanvraagdatum(geboortedatum, t.aangemeld_op, rt.kalender)
        # Only for under-27s is an early date remarkable (over-27s may apply before the aanmelding).
        onder_27 = wachttermijn_soort(geboortedatum, t.aangemeld_op) == "zoektermijn"
        noot = (f" Die ligt vóór het einde van de zoektermijn ({vroegste.isoformat()}): de gemeente heeft er "
                "kennelijk van afgezien." if onder_27 and aanvraag_op < vroegste else "")
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="aanvraag",
                   omschrijving=f"Uitkeringsaanvraag ontvangen door de gemeente op {aanvraag_op.isoformat()}.{noot}",
                   data={"aanvraag_op": aanvraag_op.isoformat()})
        d = repo.open_deadline(s, traject=t, soort="uitkeringsbesluit")
        if d is not None and d.id is not None:
            termijn = bereken_termijn("beslistermijn", aanvraag_op, rt.kalender)
            # an opschorting or verlenging recorded before still counts on the recounted term
            verschoven = repo.wettelijke_verschuivingen(s, traject=t, deadline_id=d.id)
            due = opnieuw_verschoven(d.soort, termijn.einddatum, verschoven, rt.kalender)
            if d.due != due:
                extra = f", plus {sum(verschoven)} dag(en) opschorting/verlenging" if verschoven else ""
                repo.verplaats_deadline(s, deadline_id=d.id, due=due, nu=nu, actor=actor,
                                        reden=f"Beslistermijn geteld vanaf de aanvraag op {aanvraag_op.isoformat()} "
                                              f"({termijn.grondslag}{extra}).", kalender=rt.kalender)
        s.commit()
        return True

def vraag_besluit(rt: Runtime, client: GemeenteClient, referentie: str) -> Uitkeringsstatus | None:
    """Ask this traject's gemeente for its decision, from the source set for it (None: bron handmatig,
    werkpad does not ask). Raises GemeenteError; TransitionRefused when bron http has no zaak yet."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        bron = rt.uitkering_bron(t.gemeente)
        zaak_url, aangemeld_op = t.zaak_url, t.aangemeld_op
        # Read for the question only; it goes to the gemeente in a POST body and nowhere else.
        bsn = repo.get_deelnemer(s, traject=t).bsn if bron is UitkeringBron.zgw else ""
    if bron is UitkeringBron.handmatig:
        return None
    if bron is UitkeringBron.http:
        controleer_zaak_bij_gemeente(referentie, zaak_url)
        assert zaak_url is not None
        return client.uitkeringsstatus(zaak_url)
    from integrations.gemeente.uitkering import uitkeringsbesluit

    return uitkeringsbesluit(client, g.uitkering, bsn=bsn, traject_zaak=zaak_url or "", aangemeld_op=aangemeld_op)


@step()
def verwerk_uitkeringsbesluit(rt: Runtime, *, referentie: str, status: str, nu: datetime,
                              aanvraag_op: date | None = None, alleen_wachtend: bool = False) -> dict[str, Any]:
    """The gemeente decided on the uitkering: start the traject, or close the case.

    `status` is what the caller says the gemeente decided (a form, a poll). Where werkpad asks the
    gemeente (bron zgw or http) it counts only when the gemeente itself answers the same now, asked
    before the transaction, not inside it; with bron handmatig the klantmanager's word is the decision."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        if alleen_wachtend:  # a person's decision for a traject that waits for none is refused; a retry is a no-op
            controleer_wacht_op_besluit(referentie, t.status)
        if aanvraag_op is not None:
            controleer_aanvraagdatum(aanvraag_op, t.aangemeld_op, lokale_datum(nu))
    with partner_slot("zgw"), rt.gemeente_client() as client:
        st = vraag_besluit(rt, client, referentie)
    if st is None:
        besluit = controleer_besluit(str(status), str(status))
    else:
        bron = "de aanvraag-zaak van de gemeente" if st.aanvraag else "de gemeente"
        besluit = controleer_besluit_van_gemeente(str(status), st.status, bron)
        aanvraag_op = aanvraag_op or st.aanvraagdatum
    if aanvraag_op is not None:
        registreer_aanvraagdatum(rt, referentie=referentie, aanvraag_op=aanvraag_op, nu=nu, actor="gemeente")
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        if t.status != Status.wacht_op_uitkering:
            return {"referentie": referentie, "gemeente": t.gemeente, "status": t.status, "gewijzigd": False}
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.sluit_deadlines(s, traject=t, soort="uitkeringsbesluit", nu=nu)
        gate = repo.get_open_stap(s, traject=t, proces=UITKERING)
        if gate is not None:  # trajecten that waited before process instances existed have none
            naar_gate = UITKERING_TOEGEKEND if besluit == Uitkeringsbesluit.toegekend else UITKERING_AFGEWEZEN
            repo.overgang(s, traject=t, stap=gate, proces=UITKERING, naar=naar_gate, nu=nu, actor="gemeente",
                          omschrijving=f"Besluit van gemeente {g.gemeente.naam}.",
                          gebeurtenis=UITKERING.gebeurtenis(naar_gate))
        plan = plan_na_besluit(besluit == Uitkeringsbesluit.toegekend, Route(t.route or Route.traject.value),
                               lokale_datum(nu), rt.kalender)  # what follows: a pure rule
        if plan.toegekend:
            _meld_toekenning_tijdens_zoektermijn(s, t, nu, g.gemeente.naam)
            repo.transitie(s, traject=t, naar=plan.naar, nu=nu, actor="gemeente",
                           omschrijving=f"Gemeente {g.gemeente.naam} heeft de uitkering toegekend.")
            zgw_status(s, t, nu, plan.zgw_status)
            if plan.fase is not None:  # the traject enters its first fase (tasks/fasen.py)
                begin_eerste_fase(s, t, g, nu, "gemeente", plan.fase, f"Uitkering toegekend door gemeente {g.gemeente.naam}.",
                                  kalender=rt.kalender)
            if plan.taak_verlengde_intake is not None:
                repo.add_taak(s, traject=t, titel="Verlengde intake AD&A inplannen", eigenaar_email=t.werkcoach_email,
                              escalatie_email=g.teamleider_email, due=plan.taak_verlengde_intake, nu=nu,
                              kalender=rt.kalender, actor="gemeente", code=VERLENGDE_INTAKE_INPLANNEN, stap=gate)
            repo.add_outbox(s, idem_key=f"traject-gestart:{t.referentie}", soort="email", traject=t, nu=nu,
                            payload={"template": "traject_gestart", "aan": t.werkcoach_email,
                                     "referentie": t.referentie, "gemeente": g.gemeente.naam, "vervolg": plan.vervolg,
                                     # what the werkcoach does next, and the traject's own rules
                                     "verlengde_intake": plan.taak_verlengde_intake is not None,
                                     "fase": plan.fase.label if plan.fase is not None else None,
                                     "contact_weken": g.contact_weken,
                                     "herbeoordeling_weken": g.herbeoordeling_pva_weken})
        else:
            repo.transitie(s, traject=t, naar=plan.naar, nu=nu,
                           actor="gemeente", omschrijving=f"Gemeente {g.gemeente.naam} heeft de uitkering afgewezen.")
            sluit_af(s, t, nu, "gemeente", plan.afsluiten or "Uitkering afgewezen", RESULTAAT_AFGEWEZEN)
            # The case must not close silently: the werkcoach hears it, by reference only, once.
            repo.add_outbox(s, idem_key=f"uitkering-afgewezen:{t.referentie}", soort="email", traject=t, nu=nu,
                            payload={"template": "uitkering_afgewezen", "aan": t.werkcoach_email,
                                     "referentie": t.referentie, "gemeente": g.gemeente.naam})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "status": t.status, "gewijzigd": True}

def _meld_toekenning_tijdens_zoektermijn(s: Session, t: Traject, nu: datetime, gemeente: str) -> None:
    """An uitkering granted while the zoektermijn still runs is unusual (the aanvraag may only
    follow it, unless the gemeente waived it): flag it to the werkcoach, reference only."""
    zoek = repo.open_deadline(s, traject=t, soort="zoektermijn")
    if zoek is None or lokale_datum(nu) >= zoek.due:
        return
    repo.audit(s, traject=t, nu=nu, actor="gemeente", soort="signaal",
               omschrijving=f"Uitkering toegekend tijdens de zoektermijn (loopt tot {zoek.due.isoformat()}); "
                            "werkcoach geïnformeerd.", data={"deadline_id": zoek.id})
    repo.add_outbox(s, idem_key=f"toekenning-in-zoektermijn:{t.referentie}", soort="email", traject=t, nu=nu,
                    payload={"template": "toekenning_tijdens_zoektermijn", "aan": t.werkcoach_email,
                             "referentie": t.referentie, "gemeente": gemeente,
                             "zoektermijn_einde": zoek.due.isoformat(), "grondslag": zoek.grondslag})

def wachtende_zaken(rt: Runtime) -> list[tuple[str, str | None, str]]:
    with new_session(rt.engine) as s:
        return [(t.referentie, t.zaak_url, t.gemeente)
                for t in repo.trajecten_met_status(s, status=Status.wacht_op_uitkering)]


# One open staff task per traject for "the gemeente cannot tell us": a stable title is the key,
# so an hourly check does not pile up tasks (until the werkcoach closes it; then a lasting
# problem gets one new task).

# One open staff task per traject for "the gemeente cannot tell us": a stable title is the key,
# so an hourly check does not pile up tasks (until the werkcoach closes it; then a lasting
# problem gets one new task).
UITKERING_NAVRAGEN = "Uitkeringsstatus navragen bij de gemeente"

STOP_NA_TIJDELIJKE_FOUTEN = 3  # in a row: the gemeente is down, asking the rest only costs timeouts

def meld_uitkeringsfout(rt: Runtime, *, referentie: str, fout: str, nu: datetime) -> tuple[int, bool]:
    """The gemeente refused or garbled the question for this traject: an audit 'fout' event and a
    staff task for the werkcoach, once. Returns (taak id, newly created)."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        for k in repo.open_taken(s, traject=t):
            if k.code == NAVRAGEN or (k.code is None and k.titel == UITKERING_NAVRAGEN):  # by code; old rows by title
                assert k.id is not None
                return k.id, False
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.audit(s, traject=t, nu=nu, actor="uitkering-controle", soort="fout",
                   omschrijving=f"Uitkeringsstatus niet op te vragen: {fout}"[:500])
        taak = repo.add_taak(s, traject=t, titel=UITKERING_NAVRAGEN, eigenaar_email=t.werkcoach_email,
                             escalatie_email=g.teamleider_email, due=rt.kalender.werkdagen_erbij(lokale_datum(nu), 2),
                             nu=nu, grondslag="Uitkering-controle: de gemeente gaf geen bruikbaar antwoord",
                             beleid="kort", actor="uitkering-controle", kalender=rt.kalender, code=NAVRAGEN,
                             stap=repo.get_open_stap(s, traject=t, proces=UITKERING))
        s.commit()
        assert taak.id is not None
        return taak.id, True


@step(retries=True)
def vraag_uitkeringen(rt: Runtime, *, nu: datetime) -> list[dict[str, Any]]:
    """Ask the gemeente about each traject waiting for its decision, each on its own.

    One entry per traject, `uitkomst` one of: toegekend | afgewezen | in_behandeling (asked),
    fout (refused or malformed: audit event + staff task, see `meld_uitkeringsfout`),
    overgeslagen (transient: asked again next round), geen_zaak (zaak not registered yet).
    Raises GemeenteTransient only when nothing could be asked at all, so the task's retry
    policy applies to an unreachable gemeente and the run shows it."""
    log = logger()
    uitkomsten: list[dict[str, Any]] = []
    tijdelijk_op_rij = 0
    with partner_slot("zgw"), rt.gemeente_client() as client:
        for ref, zaak_url, gemeente in wachtende_zaken(rt):
            bron = rt.uitkering_bron(gemeente)
            if bron is UitkeringBron.handmatig:
                uitkomsten.append({"referentie": ref, "uitkomst": "handmatig",
                                   "melding": "De klantmanager van de gemeente geeft het besluit door."})
                continue
            if not zaak_url and bron is UitkeringBron.http:
                uitkomsten.append({"referentie": ref, "uitkomst": "geen_zaak",
                                   "melding": "Zaak nog niet geregistreerd bij de gemeente (staat in de wachtrij)."})
                continue
            if tijdelijk_op_rij >= STOP_NA_TIJDELIJKE_FOUTEN:
                uitkomsten.append({"referentie": ref, "uitkomst": "overgeslagen",
                                   "melding": "Niet gevraagd: de gemeente gaf eerder in deze ronde tijdelijke fouten."})
                continue
            try:
                st = vraag_besluit(rt, client, ref)
                assert st is not None
            except GemeenteTransient as exc:
                tijdelijk_op_rij += 1
                log.warning("%s: uitkeringsstatus overgeslagen, volgende ronde opnieuw: %s", ref, exc)
                uitkomsten.append({"referentie": ref, "uitkomst": "overgeslagen", "melding": str(exc)})
                continue
            except GemeenteError as exc:  # refused or malformed: asking again will not help
                tijdelijk_op_rij = 0
                taak_id, nieuw = meld_uitkeringsfout(rt, referentie=ref, fout=str(exc), nu=nu)
                log.warning("%s: uitkeringsstatus geweigerd (%s); taak %d %s", ref, exc, taak_id,
                            "aangemaakt" if nieuw else "staat al open")
                uitkomsten.append({"referentie": ref, "uitkomst": "fout", "melding": str(exc), "taak_id": taak_id})
                continue
            tijdelijk_op_rij = 0
            if st.aanvraagdatum is not None:  # the beslistermijn counts from it
                registreer_aanvraagdatum(rt, referentie=ref, aanvraag_op=st.aanvraagdatum, nu=nu, actor="gemeente")
            uitkomsten.append({"referentie": ref, "uitkomst": st.status})
    gevraagd = [u for u in uitkomsten if u["uitkomst"] not in ("geen_zaak", "handmatig")]
    if gevraagd and all(u["uitkomst"] == "overgeslagen" for u in gevraagd):
        raise GemeenteTransient(f"Geen enkel uitkeringsbesluit op te vragen ({len(gevraagd)} traject(en)): "
                                f"{gevraagd[0]['melding']}")
    return uitkomsten

def vat_uitkeringen_samen(uitkomsten: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts for the run result and the artifact (references only)."""
    def tel(*soorten: str) -> int:
        return sum(1 for u in uitkomsten if u["uitkomst"] in soorten)

    return {"gecontroleerd": len(uitkomsten), "besloten": tel("toegekend", "afgewezen"),
            "ongewijzigd": tel("in_behandeling", "handmatig"), "overgeslagen": tel("overgeslagen", "geen_zaak"),
            "fouten": tel("fout"), "trajecten": uitkomsten}
