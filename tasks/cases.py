"""Case transitions: each one loads, applies a domain rule, and commits state + audit +
outbox in a single transaction. Idempotent: a repeated call finds the work already done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Outbox, ProcesStap, Traject
from domain.brede_intake import ACTIE as INTAKE_ACTIE
from domain.brede_intake import AFGEROND as INTAKE_AFGEROND
from domain.brede_intake import BREDE_INTAKE
from domain.brede_intake import TAAK_CODES as INTAKE_TAAK_CODES
from domain.bsn import validate_bsn
from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente, parse_gemeente
from domain.herinneringen import TZ, WACHTTERMIJN, lokaal_naar_utc, lokale_datum
from domain.intake import heroverweging_datum, taken_rond_intake
from domain.intake import plan_brede_intake as plan_slot
from domain.invoer import controleer_door
from domain.termijnen import bereken_termijn
from domain.traject import (
    STATUS_LABEL,
    BredeIntakeUitkomst,
    Eigenaar,
    Route,
    Status,
    Uitkeringsbesluit,
    beslistermijn_vanaf,
    controleer_aanmelding,
    controleer_besluit,
    controleer_uitkomst,
    gewijzigde_gegevens,
    status_na_toekenning,
    status_na_uitkomst,
    vroegste_aanvraagdatum,
    wachttermijn_soort,
)
from domain.uitkering import AFGEWEZEN as UITKERING_AFGEWEZEN
from domain.uitkering import BESLISTERMIJN, UITKERING
from domain.uitkering import TOEGEKEND as UITKERING_TOEGEKEND
from domain.wachttermijn import WACHTTERMIJN as WACHTTERMIJN_PROCES
from domain.wachttermijn import WEKT as WEKT_NA_WACHTTERMIJN
from domain.wachttermijn import code as wachttermijn_code
from integrations.gemeente.errors import GemeenteError, GemeenteTransient
from notifications import ics
from tasks.dispatch import Context
from tasks.handlers.email import email_context
from tasks.logs import logger
from tasks.runtime import Runtime


@contextmanager
def _sessie(rt: Runtime, session: Session | None) -> Iterator[Session]:
    """The caller's session (it owns the transaction) or a new one."""
    if session is not None:
        yield session
        return
    with new_session(rt.engine) as s:
        yield s


class GegevensWijkenAf(TransitionRefused):
    pass


def registreer(rt: Runtime, *, bsn: str, naam: str, geboortedatum: date, gemeente: str, werkcoach: str,
               nu: datetime, actor: str, gegevens_bijwerken: bool = False, session: Session | None = None) -> str:
    """Validate at the boundary, then register in one transaction. Returns the reference.

    A BSN that is known from an earlier (closed) traject with another naam or geboortedatum is
    refused unless `gegevens_bijwerken`: a different birth date usually means a mistyped BSN,
    i.e. someone else's record. With it, the deelnemer is updated and the audit names the
    fields (never the values); the wachttermijn then follows the new birth date."""
    bsn = validate_bsn(bsn)
    g = parse_gemeente(gemeente)
    naam, werkcoach = controleer_aanmelding(naam=naam, werkcoach=werkcoach, geboortedatum=geboortedatum,
                                            vandaag=lokale_datum(nu))
    with _sessie(rt, session) as s:
        bestaand = repo.deelnemer_met_bsn(s, bsn=bsn)
        t = repo.registreer_aanmelding(s, bsn=bsn, naam=naam, geboortedatum=geboortedatum, gemeente=g.value,
                                       werkcoach_email=werkcoach, nu=nu, actor=actor)
        if bestaand is not None:
            velden = gewijzigde_gegevens(oud_naam=bestaand.naam, oud_geboortedatum=bestaand.geboortedatum, naam=naam,
                                         geboortedatum=geboortedatum)
            if velden and not gegevens_bijwerken:
                raise GegevensWijkenAf(
                    f"Dit BSN is al bekend met een andere {' en '.join(velden)}. Controleer het BSN; is het dezelfde "
                    "persoon, meld dan opnieuw aan met --gegevens-bijwerken.")
            if velden:
                repo.werk_deelnemer_bij(s, deelnemer=bestaand, traject=t, naam=naam, geboortedatum=geboortedatum,
                                        velden=velden, nu=nu, actor=actor)
        repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:zaak", soort="zgw", traject=t, nu=nu,
                        payload={"op": "registreer_zaak"})
        if session is None:
            s.commit()
        return t.referentie


def meld_aan(rt: Runtime, *, bsn: str, naam: str, geboortedatum: date, gemeente: str, werkcoach: str,
             nu: datetime, actor: str, gegevens_bijwerken: bool = False) -> str:
    """Registration and the intake plan in one transaction: a traject never stays behind in
    'Aangemeld' (blocking the BSN) because planning failed after the registration committed."""
    with new_session(rt.engine) as s:
        ref = registreer(rt, bsn=bsn, naam=naam, geboortedatum=geboortedatum, gemeente=gemeente, werkcoach=werkcoach,
                         nu=nu, actor=actor, gegevens_bijwerken=gegevens_bijwerken, session=s)
        plan_intake(rt, referentie=ref, nu=nu, session=s)
        s.commit()
        return ref


def _zgw_status(s: Session, t: Traject, nu: datetime, statustype: str, toelichting: str = "") -> None:
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:status:{statustype}", soort="zgw", traject=t, nu=nu,
                    payload={"op": "status", "statustype": statustype, "toelichting": toelichting})


def _owner_email(rt: Runtime, t: Traject, eigenaar: Eigenaar) -> str:
    if eigenaar == Eigenaar.consulent:
        return rt.gemeenten[Gemeente(t.gemeente)].consulent_email
    return t.werkcoach_email


def plan_intake(rt: Runtime, *, referentie: str, nu: datetime, session: Session | None = None) -> dict[str, Any]:
    with _sessie(rt, session) as s:
        t = repo.get_traject(s, referentie=referentie)
        if t.status != Status.aangemeld:
            return {"referentie": referentie, "al_gepland": True,
                    "moment": t.intake_moment.isoformat() if t.intake_moment else None}
        g = rt.gemeenten[Gemeente(t.gemeente)]
        deelnemer = repo.get_deelnemer(s, traject=t)
        soort = wachttermijn_soort(deelnemer.geboortedatum, t.aangemeld_op)
        termijn = bereken_termijn(soort, t.aangemeld_op, rt.kalender)
        bezet = {b.astimezone(TZ).replace(tzinfo=None) for b in repo.bezette_intakes(s, gemeente=t.gemeente, vanaf=nu)}
        moment = plan_slot(g, t.aangemeld_op, bezet, rt.kalender)
        t.intake_moment = lokaal_naar_utc(moment)
        s.add(t)
        wanneer = f"Brede intake op {moment:%Y-%m-%d %H:%M} ({g.intake_locatie})."
        repo.transitie(s, traject=t, naar=Status.brede_intake_gepland, nu=nu, actor="aanmelding", omschrijving=wanneer)
        stap = repo.open_proces(s, traject=t, proces=BREDE_INTAKE, nu=nu, actor="aanmelding", omschrijving=wanneer,
                                gebeurtenis=BREDE_INTAKE.gebeurtenis("gepland"))
        # A waiting term (zoektermijn, inspanningsperiode) is no work for anyone: it reminds
        # nobody, never escalates; it is a timer that wakes the case when it has passed.
        wt = repo.open_proces(s, traject=t, proces=WACHTTERMIJN_PROCES, nu=nu, actor="aanmelding",
                              omschrijving=f"{termijn.omschrijving.split(':')[0]} tot {termijn.einddatum.isoformat()}.",
                              gebeurtenis=WACHTTERMIJN_PROCES.gebeurtenis("gestart"), data={"soort": soort})
        repo.add_deadline(s, traject=t, soort=soort, omschrijving=termijn.omschrijving.split(":")[0],
                          due=termijn.einddatum, grondslag=termijn.grondslag, eigenaar_email=t.werkcoach_email,
                          escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender,
                          beleid=WACHTTERMIJN if termijn.wachttermijn else "kort", code=wachttermijn_code(soort),
                          stap=wt, wekt=WEKT_NA_WACHTTERMIJN if termijn.wachttermijn else None)
        for it in taken_rond_intake(moment.date(), rt.kalender):
            eigenaar = g.consulent_email if it.rol == "consulent" else t.werkcoach_email
            repo.add_taak(s, traject=t, titel=it.titel, eigenaar_email=eigenaar, escalatie_email=g.teamleider_email,
                          due=it.due, nu=nu, kalender=rt.kalender, beleid=it.beleid, actor="aanmelding",
                          code=INTAKE_TAAK_CODES[it.titel], stap=stap)
        common = {"template": "uitnodiging_brede_intake", "referentie": t.referentie, "gemeente": g.gemeente.naam,
                  "moment": moment.isoformat(), "duur": g.intake_duur_minuten, "locatie": g.intake_locatie,
                  "werkcoach": t.werkcoach_email, "deelnemers": [t.werkcoach_email, g.consulent_email],
                  "termijn_omschrijving": termijn.omschrijving.split(":")[0],
                  "termijn_einde": termijn.einddatum.isoformat(), "termijn_grondslag": termijn.grondslag}
        for rol, aan in (("werkcoach", t.werkcoach_email), ("consulent", g.consulent_email)):
            repo.add_outbox(s, idem_key=f"uitnodiging:{t.referentie}:{moment:%Y%m%dT%H%M}:{rol}", soort="email",
                            traject=t, nu=nu, payload={**common, "aan": aan, "ontvanger_rol": rol})
        _zgw_status(s, t, nu, "Brede intake gepland")
        if session is None:
            s.commit()
        logger().info("%s: brede intake gepland op %s", referentie, moment.isoformat())
        return {"referentie": referentie, "al_gepland": False, "moment": moment.isoformat(),
                "termijn": termijn.soort, "termijn_einde": termijn.einddatum.isoformat()}


def leg_uitkomst_vast(rt: Runtime, *, referentie: str, uitkomst: BredeIntakeUitkomst, nu: datetime,
                      actor: str) -> dict[str, Any]:
    actor = controleer_door(actor)  # a form's free text: an address (email-validator) or a role
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        controleer_uitkomst(Status(t.status), uitkomst, lokale_datum(nu))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        naar = status_na_uitkomst(uitkomst.route)
        t.route = uitkomst.route.value
        s.add(t)
        wat = (f"Uitkomst brede intake: advies {uitkomst.advies.value}, route {uitkomst.route.value}, "
               f"{len(uitkomst.plan_van_aanpak)} actie(s).")
        data = {"advies": uitkomst.advies.value, "route": uitkomst.route.value}
        repo.transitie(s, traject=t, naar=naar, nu=nu, actor=actor, omschrijving=wat, data=data)
        stap = repo.get_open_stap(s, traject=t, proces=BREDE_INTAKE)
        if stap is not None:  # trajecten planned before process instances existed have none
            repo.overgang(s, traject=t, stap=stap, proces=BREDE_INTAKE, naar=INTAKE_AFGEROND, nu=nu, actor=actor,
                          omschrijving=wat, gebeurtenis=BREDE_INTAKE.gebeurtenis("afgerond"), data=data)
            repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes=set(INTAKE_TAAK_CODES.values()))
        else:
            for taak in repo.open_taken(s, traject=t):
                if taak.titel in INTAKE_TAAK_CODES:
                    repo.rond_taak_af(s, taak_id=taak.id or 0, nu=nu, actor=actor)
        for i, a in enumerate(uitkomst.plan_van_aanpak, 1):
            titel = f"PvA {i}: {a.omschrijving}" + (" (deelnemer; werkcoach volgt op)" if a.eigenaar ==
                                                    Eigenaar.deelnemer else "")
            repo.add_taak(s, traject=t, titel=titel[:200], eigenaar_email=_owner_email(rt, t, a.eigenaar),
                          escalatie_email=g.teamleider_email, due=a.deadline, nu=nu, kalender=rt.kalender,
                          grondslag="Plan van aanpak (Pw art. 44a)", actor=actor, code=INTAKE_ACTIE, stap=stap)
        _zgw_status(s, t, nu, "Brede intake afgerond", f"Advies {uitkomst.advies.value}, route {uitkomst.route.value}")
        if naar == Status.wacht_op_uitkering:
            if uitkomst.aanvraag_ontvangen_op is not None:
                t.aanvraag_op = uitkomst.aanvraag_ontvangen_op
                s.add(t)
            gate = repo.open_proces(s, traject=t, proces=UITKERING, nu=nu, actor=actor,
                                    omschrijving="Wacht op het besluit van de gemeente op de uitkeringsaanvraag.",
                                    gebeurtenis=UITKERING.gebeurtenis("gevraagd"))
            _zet_beslistermijn(rt, s, t, nu, actor, gate)
            _zgw_status(s, t, nu, "Wacht op uitkeringsbesluit")
        elif naar in (Status.tijdelijk_oponthoud, Status.voorliggende_voorziening):
            repo.add_taak(s, traject=t, titel=f"Heroverwegen: {STATUS_LABEL[naar].lower()}",
                          eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email,
                          due=heroverweging_datum(lokale_datum(nu), rt.kalender), nu=nu, kalender=rt.kalender,
                          actor=actor)
        elif naar == Status.afgesloten:
            _sluit_af(s, t, nu, actor, "Terugmelding naar gemeente")
        s.commit()
        return {"referentie": referentie, "status": naar.value}


def _zet_beslistermijn(rt: Runtime, s: Session, t: Traject, nu: datetime, actor: str, gate: ProcesStap) -> None:
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
            if d.due != termijn.einddatum:
                repo.verplaats_deadline(s, deadline_id=d.id, due=termijn.einddatum, nu=nu, actor=actor,
                                        reden=f"Beslistermijn geteld vanaf de aanvraag op {aanvraag_op.isoformat()} "
                                              f"({termijn.grondslag}).", kalender=rt.kalender)
        s.commit()
        return True


def _sluit_af(s: Session, t: Traject, nu: datetime, actor: str, reden: str) -> None:
    repo.laat_processen_vervallen(s, traject=t, nu=nu, actor=actor, reden=reden)
    for soort in {d.soort for d in repo.open_deadlines(s, traject=t)}:
        repo.sluit_deadlines(s, traject=t, soort=soort, nu=nu, status="vervallen")
    repo.laat_taken_vervallen(s, traject=t)
    _zgw_status(s, t, nu, "Afgesloten", reden)


def verwerk_uitkeringsbesluit(rt: Runtime, *, referentie: str, status: str, nu: datetime) -> dict[str, Any]:
    """The gemeente decided on the uitkering: start the traject, or close the case.

    `status` is what the caller says the gemeente decided (a form, a poll); it counts only when
    the gemeente itself answers the same now. Asked before the transaction, not inside it."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        if t.status != Status.wacht_op_uitkering:
            return {"referentie": referentie, "status": t.status, "gewijzigd": False}
        zaak_url = t.zaak_url
    if not zaak_url:
        raise TransitionRefused(f"{referentie}: de zaak staat nog niet bij de gemeente; er is niets gewijzigd.")
    with rt.gemeente_client() as client:
        besluit = controleer_besluit(str(status), client.uitkeringsstatus(zaak_url).status)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        if t.status != Status.wacht_op_uitkering:
            return {"referentie": referentie, "status": t.status, "gewijzigd": False}
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.sluit_deadlines(s, traject=t, soort="uitkeringsbesluit", nu=nu)
        gate = repo.get_open_stap(s, traject=t, proces=UITKERING)
        if gate is not None:  # trajecten that waited before process instances existed have none
            naar_gate = UITKERING_TOEGEKEND if besluit == Uitkeringsbesluit.toegekend else UITKERING_AFGEWEZEN
            repo.overgang(s, traject=t, stap=gate, proces=UITKERING, naar=naar_gate, nu=nu, actor="gemeente",
                          omschrijving=f"Besluit van gemeente {g.gemeente.naam}.",
                          gebeurtenis=UITKERING.gebeurtenis(naar_gate))
        if besluit == Uitkeringsbesluit.toegekend:
            _meld_toekenning_tijdens_zoektermijn(s, t, nu, g.gemeente.naam)
            naar = status_na_toekenning(Route(t.route or Route.traject.value))
            repo.transitie(s, traject=t, naar=naar, nu=nu, actor="gemeente",
                           omschrijving=f"Gemeente {g.gemeente.naam} heeft de uitkering toegekend.")
            _zgw_status(s, t, nu, "Re-integratietraject gestart")
            vervolg = "de verlengde intake bij AD&A" if naar == Status.verlengde_intake else "het re-integratietraject"
            if naar == Status.verlengde_intake:
                repo.add_taak(s, traject=t, titel="Verlengde intake AD&A inplannen", eigenaar_email=t.werkcoach_email,
                              escalatie_email=g.teamleider_email, due=rt.kalender.werkdagen_erbij(lokale_datum(nu), 5),
                              nu=nu, kalender=rt.kalender, actor="gemeente")
            repo.add_outbox(s, idem_key=f"traject-gestart:{t.referentie}", soort="email", traject=t, nu=nu,
                            payload={"template": "traject_gestart", "aan": t.werkcoach_email,
                                     "referentie": t.referentie, "gemeente": g.gemeente.naam, "vervolg": vervolg})
        else:
            repo.transitie(s, traject=t, naar=Status.afgesloten, nu=nu,
                           actor="gemeente", omschrijving=f"Gemeente {g.gemeente.naam} heeft de uitkering afgewezen.")
            _sluit_af(s, t, nu, "gemeente", "Uitkering afgewezen")
        s.commit()
        return {"referentie": referentie, "status": t.status, "gewijzigd": True}


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


def wachtende_zaken(rt: Runtime) -> list[tuple[str, str | None]]:
    with new_session(rt.engine) as s:
        return [(t.referentie, t.zaak_url) for t in repo.trajecten_met_status(s, status=Status.wacht_op_uitkering)]


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
            if k.titel == UITKERING_NAVRAGEN:
                assert k.id is not None
                return k.id, False
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.audit(s, traject=t, nu=nu, actor="uitkering-controle", soort="fout",
                   omschrijving=f"Uitkeringsstatus niet op te vragen: {fout}"[:500])
        taak = repo.add_taak(s, traject=t, titel=UITKERING_NAVRAGEN, eigenaar_email=t.werkcoach_email,
                             escalatie_email=g.teamleider_email, due=rt.kalender.werkdagen_erbij(lokale_datum(nu), 2),
                             nu=nu, grondslag="Uitkering-controle: de gemeente gaf geen bruikbaar antwoord",
                             beleid="kort", actor="uitkering-controle", kalender=rt.kalender)
        s.commit()
        assert taak.id is not None
        return taak.id, True


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
    with rt.gemeente_client() as client:
        for ref, zaak_url in wachtende_zaken(rt):
            if not zaak_url:
                uitkomsten.append({"referentie": ref, "uitkomst": "geen_zaak",
                                   "melding": "Zaak nog niet geregistreerd bij de gemeente (staat in de wachtrij)."})
                continue
            if tijdelijk_op_rij >= STOP_NA_TIJDELIJKE_FOUTEN:
                uitkomsten.append({"referentie": ref, "uitkomst": "overgeslagen",
                                   "melding": "Niet gevraagd: de gemeente gaf eerder in deze ronde tijdelijke fouten."})
                continue
            try:
                st = client.uitkeringsstatus(zaak_url)
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
    gevraagd = [u for u in uitkomsten if u["uitkomst"] != "geen_zaak"]
    if gevraagd and all(u["uitkomst"] == "overgeslagen" for u in gevraagd):
        raise GemeenteTransient(f"Geen enkel uitkeringsbesluit op te vragen ({len(gevraagd)} traject(en)): "
                                f"{gevraagd[0]['melding']}")
    return uitkomsten


def vat_uitkeringen_samen(uitkomsten: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts for the run result and the artifact (references only)."""
    def tel(*soorten: str) -> int:
        return sum(1 for u in uitkomsten if u["uitkomst"] in soorten)

    return {"gecontroleerd": len(uitkomsten), "besloten": tel("toegekend", "afgewezen"),
            "ongewijzigd": tel("in_behandeling"), "overgeslagen": tel("overgeslagen", "geen_zaak"),
            "fouten": tel("fout"), "trajecten": uitkomsten}


def gemeente_van(rt: Runtime, referentie: str) -> str:
    with new_session(rt.engine) as s:
        return repo.get_traject(s, referentie=referentie).gemeente



@email_context("uitnodiging_brede_intake")
def _uitnodiging(ctx: Context, row: Outbox, p: dict[str, Any]) -> bytes:
    """The invitation carries the appointment as .ics (stable UID: a re-plan updates it)."""
    moment = datetime.fromisoformat(p["moment"])
    p["moment"] = moment
    mail = ctx.rt.mail
    return ics.uitnodiging(
        uid=f"brede-intake-{p['referentie']}@{mail.mail_domain}", start=moment, duur_minuten=p["duur"],
        titel=f"Brede intake {p['referentie']}", locatie=p["locatie"],
        beschrijving=f"Brede intake voor traject {p['referentie']} (gemeente {p['gemeente']}).",
        organisator=mail.mail_from, deelnemers=p["deelnemers"], stamp=ctx.nu, sequence=p.get("sequence", 0))
