"""Aanmelding: register the deelnemer and plan the brede intake, in one transaction.

Plain step functions (no Prefect at import); flows run them as tasks. Idempotent: a repeated
call finds the work already done."""


from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Outbox
from domain.brede_intake import BREDE_INTAKE
from domain.brede_intake import TAAK_CODES as INTAKE_TAAK_CODES
from domain.brede_intake import UITKOMST as UITKOMST_TAAK
from domain.bsn import validate_bsn
from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente, parse_gemeente
from domain.herinneringen import TZ, WACHTTERMIJN, lokaal_naar_utc, lokale_datum
from domain.intake import plan_brede_intake as plan_slot
from domain.intake import taken_rond_intake
from domain.termijnen import bereken_termijn
from domain.traject import (
    Status,
    controleer_aanmelding,
    gewijzigde_gegevens,
    wachttermijn_soort,
    zelfde_aanmelding,
)
from domain.wachttermijn import WACHTTERMIJN as WACHTTERMIJN_PROCES
from domain.wachttermijn import WEKT as WEKT_NA_WACHTTERMIJN
from domain.wachttermijn import code as wachttermijn_code
from domain.wachttermijn import laatste_wachtdag
from notifications import ics
from tasks._traject import sessie, zgw_status
from tasks.dispatch import Context
from tasks.handlers.email import email_context
from tasks.logs import logger
from tasks.runtime import Runtime
from tasks.step import step


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
    with sessie(rt, session) as s:
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

def bij_te_werken(rt: Runtime, *, bsn: str, naam: str, geboortedatum: date) -> list[str]:
    """Which of naam and geboortedatum a re-registration of this BSN would update (a read, no refusal)."""
    with new_session(rt.engine) as s:
        bestaand = repo.deelnemer_met_bsn(s, bsn=bsn)
        if bestaand is None:
            return []
        return gewijzigde_gegevens(oud_naam=bestaand.naam, oud_geboortedatum=bestaand.geboortedatum, naam=naam,
                                   geboortedatum=geboortedatum)


def eerdere_aanmelding(rt: Runtime, *, bsn: str, naam: str, geboortedatum: date, gemeente: str,
                       werkcoach: str) -> str | None:
    """The reference of the open traject that this same aanmelding made earlier (a retry after a lost answer),
    or None when there is none or it is another one (domain/traject.py::zelfde_aanmelding). A read only."""
    g = parse_gemeente(gemeente)
    with new_session(rt.engine) as s:
        t = repo.open_traject_met_bsn(s, bsn=bsn)
        if t is None:
            return None
        d = repo.get_deelnemer(s, traject=t)
        gewijzigd = gewijzigde_gegevens(oud_naam=d.naam, oud_geboortedatum=d.geboortedatum, naam=naam,
                                        geboortedatum=geboortedatum)
        if not zelfde_aanmelding(status=t.status, gemeente=t.gemeente, werkcoach=t.werkcoach_email,
                                 gewijzigd=gewijzigd, nieuwe_gemeente=g.value, nieuwe_werkcoach=werkcoach):
            return None
        return t.referentie


def nog_te_versturen(rt: Runtime, *, referentie: str) -> list[tuple[str, str, str]]:
    """The traject's outbox rows that are not sent: (soort, status, what it does), oldest first."""
    from casestore import outbox
    from domain.outbox import omschrijving

    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        rows = outbox.lijst(s, traject_id=t.id, statussen=("pending", "sending", "failed"))
        return [(r.soort, r.status, omschrijving(r.payload)) for r in sorted(rows, key=lambda r: r.id or 0)]


def meld_aan(rt: Runtime, *, bsn: str, naam: str, geboortedatum: date, gemeente: str, werkcoach: str,
             nu: datetime, actor: str, gegevens_bijwerken: bool = False,
             voor_commit: Callable[[], None] | None = None) -> str:
    """Registration and the intake plan in one transaction: a traject never stays behind in
    'Aangemeld' (blocking the BSN) because planning failed after the registration committed.
    `voor_commit` runs after every check on the case, before the commit (a door's "can the rest go now?")."""
    with new_session(rt.engine) as s:
        ref = registreer(rt, bsn=bsn, naam=naam, geboortedatum=geboortedatum, gemeente=gemeente, werkcoach=werkcoach,
                         nu=nu, actor=actor, gegevens_bijwerken=gegevens_bijwerken, session=s)
        plan_intake(rt, referentie=ref, nu=nu, session=s)
        if voor_commit is not None:
            voor_commit()
        s.commit()
        return ref

@step()
def plan_intake(rt: Runtime, *, referentie: str, nu: datetime, session: Session | None = None) -> dict[str, Any]:
    with sessie(rt, session) as s:
        t = repo.get_traject(s, referentie=referentie)
        if t.status != Status.aangemeld:
            return {"referentie": referentie, "gemeente": t.gemeente, "al_gepland": True,
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
                  "termijn_einde": termijn.einddatum.isoformat(), "termijn_grondslag": termijn.grondslag,
                  # the end date begins the day after the wait (domain/wachttermijn.py): never "tot en met"
                  "termijn_soort": termijn.soort, "termijn_laatste_dag": laatste_wachtdag(termijn.einddatum).isoformat()}
        for rol, aan in (("werkcoach", t.werkcoach_email), ("consulent", g.consulent_email)):
            repo.add_outbox(s, idem_key=f"uitnodiging:{t.referentie}:{moment:%Y%m%dT%H%M}:{rol}", soort="email",
                            traject=t, nu=nu, payload={**common, "aan": aan, "ontvanger_rol": rol})
        zgw_status(s, t, nu, "Brede intake gepland")
        if session is None:
            s.commit()
        logger().info("%s: brede intake gepland op %s", referentie, moment.isoformat())
        return {"referentie": referentie, "gemeente": t.gemeente, "al_gepland": False, "moment": moment.isoformat(),
                "termijn": termijn.soort, "termijn_einde": termijn.einddatum.isoformat()}

@email_context("uitnodiging_brede_intake")
def _uitnodiging(ctx: Context, row: Outbox, p: dict[str, Any]) -> bytes:
    """The invitation carries the appointment as .ics (stable UID: a re-plan updates it)."""
    moment = datetime.fromisoformat(p["moment"])
    p["moment"] = moment
    if p.get("ontvanger_rol") == "werkcoach":  # the werkcoach records the outcome: the task's page in werkpad web
        from tasks.handlers.email import taak_link

        taak = _uitkomst_taak(ctx.session, row.traject_id)
        p["taak_link"] = taak_link(ctx.rt, taak, p["aan"]) if taak is not None else None
    mail = ctx.rt.mail
    return ics.uitnodiging(
        uid=f"brede-intake-{p['referentie']}@{mail.message_id_domain}", start=moment, duur_minuten=p["duur"],
        titel=f"Brede intake {p['referentie']}", locatie=p["locatie"],
        beschrijving=f"Brede intake voor traject {p['referentie']} (gemeente {p['gemeente']}).",
        organisator=mail.sender, deelnemers=p["deelnemers"], stamp=ctx.nu, sequence=p.get("sequence", 0))


def _uitkomst_taak(s: Any, traject_id: int | None) -> int | None:
    """The open task "Uitkomst brede intake vastleggen" of this traject, if any."""
    from sqlmodel import select

    from casestore.models import Taak

    if traject_id is None:
        return None
    return s.exec(select(Taak.id).where(Taak.traject_id == traject_id, Taak.code == UITKOMST_TAAK,
                                        Taak.status == "open")).first()
