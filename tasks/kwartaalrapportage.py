"""Delivery of the kwartaalrapportage (issue 10): decide the periods, build and check the tables,
queue one mail per period in the outbox, send it.

The steps are plain functions (`@step`): the flow runs them as Prefect tasks, tests call them
directly. The tables come from casestore/kwartaal.py; the rules (which day reports what, what
may leave) from domain/rapportage.py; the chart is drawn at send time (notifications/grafiek.py)
from the numbers frozen in the outbox payload, so the mail always shows what the artifacts show.

Exactly once per period: the outbox key `kwartaalrapportage:<periode>` exists once (a unique
index); a re-run, a retry or a second run finds it and queues nothing new, and the dispatcher's
claim/lease sends the row once. A Controlefout or a privacy refusal raises before anything is
queued: nothing leaves with a table that does not add up.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from casestore import kwartaal, outbox, repo
from casestore.db import session as new_session
from casestore.models import Outbox
from domain.herinneringen import lokale_datum
from domain.rapport import Afspraken, Periode, Tabel, controleer_totalen
from domain.rapport_instellingen import RapportageInstellingen
from domain.rapportage import SLEUTEL_VOORVOEGSEL, controleer_aggregaat, omschrijving, op_verzoek, te_rapporteren
from notifications.smtp import Afbeelding
from tasks.dispatch import Context, DispatchUitgesteld, dispatch
from tasks.handlers.email import email_afbeeldingen
from tasks.runtime import Runtime
from tasks.step import step

PROCES = "kwartaalrapportage"
TEMPLATE = "kwartaalrapportage"
FASEN = "fasen"


class RapportNietVerzonden(RuntimeError):
    """The mail server refused the report mail for good (not retried; a person must look)."""


def idem_key(periode: str) -> str:
    return f"{SLEUTEL_VOORVOEGSEL}{periode}"


def bouw_tabellen(s: Session, p: Periode, afspraken: Afspraken) -> list[tuple[str, Tabel]]:
    """Every report table of the period, by name, in the issue's order.

    `casestore.kwartaal.maak_tabellen`: the period's tables (`tabellen_voor`), each reconciled, with one
    set of gemeente columns."""
    return list(zip(kwartaal.tabellen_voor(p), kwartaal.maak_tabellen(s, p, afspraken), strict=True))


@step()
def bepaal_perioden(rt: Runtime, *, nu: datetime, periode: str | None = None) -> dict[str, Any]:
    """The periods this run reports: the one asked for, or those that ended if today (Amsterdam)
    is the first werkdag after a quarter. {'dag', 'perioden': [naam], 'reden', 'op_verzoek'}."""
    dag = lokale_datum(nu)
    if periode:
        p = op_verzoek(periode, dag)
        return {"dag": dag.isoformat(), "perioden": [p.naam], "op_verzoek": True,
                "reden": f"Op verzoek: {p.naam} ({omschrijving(p)})."}
    b = te_rapporteren(dag, rt.kalender)
    namen = [p.naam for p in b.perioden]
    with new_session(rt.engine) as s:  # the schedule runs hourly that day: a period already sent is done
        verstuurd = {r.idem_key for r in outbox.met_sleutels(s, idem_keys=[idem_key(n) for n in namen],
                                                              status="sent")}
    open_ = [n for n in namen if idem_key(n) not in verstuurd]
    reden = b.reden
    if namen and not open_:
        reden = f"{b.reden} De rapportage over {', '.join(namen)} is al verstuurd; niets te doen."
    return {"dag": dag.isoformat(), "perioden": open_, "op_verzoek": False, "reden": reden}


def _als_dict(naam: str, t: Tabel) -> dict[str, Any]:
    return {"naam": naam, **t.als_dict()}


def als_tabel(d: dict[str, Any]) -> Tabel:
    return Tabel(d["titel"], list(d["kolommen"]), [(label, list(w)) for label, w in d["rijen"]],
                 list(d.get("voetnoten", [])))


@step()
def maak_rapport(rt: Runtime, *, perioden: list[str]) -> list[dict[str, Any]]:
    """All tables of all periods, each checked (totals, aggregates only) before any leaves.

    Raises Controlefout (naming the cell) or PrivacyFout: then nothing is published or queued."""
    rapporten = []
    with new_session(rt.engine) as s:
        for naam in perioden:
            p = Periode.parse(naam)
            tabellen = bouw_tabellen(s, p, rt.afspraken)
            for _, t in tabellen:
                controleer_totalen(t)  # the builder checks too; a table that leaves is checked here regardless
                controleer_aggregaat(t)
            rapporten.append({"periode": p.naam, "omschrijving": omschrijving(p),
                              "tabellen": [_als_dict(n, t) for n, t in tabellen]})
    return rapporten


@step()
def zet_in_outbox(rt: Runtime, *, rapporten: list[dict[str, Any]], nu: datetime) -> dict[str, str]:
    """One mail per period to the management list, queued once: {periode: 'nieuw' | status of the existing row}."""
    ontvangers = rt.settings.van(RapportageInstellingen).ontvangers
    uit: dict[str, str] = {}
    for r in rapporten:
        key = idem_key(r["periode"])
        with new_session(rt.engine) as s:
            bestaand = outbox.met_sleutels(s, idem_keys=[key])
            if bestaand:
                uit[r["periode"]] = bestaand[0].status
                continue
            repo.add_outbox(s, idem_key=key, soort="email", traject=None, nu=nu,
                            payload={"template": TEMPLATE, "aan": ", ".join(ontvangers), **r})
            try:
                s.commit()
                uit[r["periode"]] = "nieuw"
            except IntegrityError:  # a concurrent run queued it a moment ago: the same mail
                s.rollback()
                uit[r["periode"]] = "pending"
    return uit


@step(retries=True)
def verstuur_rapporten(rt: Runtime, *, perioden: list[str], nu: datetime) -> dict[str, Any]:
    """Send this run's report mails only (not the rest of the outbox). A mail server that is down
    raises, so the Prefect task retries; the rows stay queued for the next run or sweep."""
    keys = [idem_key(p) for p in perioden]
    res = dispatch(rt, nu=nu, idem_keys=keys)
    if res.mislukt_tijdelijk:
        n = res.mislukt_tijdelijk
        raise DispatchUitgesteld(f"{res.fouten[0]} ({n} {'rapportage blijft' if n == 1 else 'rapportages blijven'} "
                                 "in de wachtrij)")
    with new_session(rt.engine) as s:  # refused now or by an earlier run: no traject, so no werkcoach task;
        rijen = outbox.met_sleutels(s, idem_keys=keys)
    mislukt = [r for r in rijen if r.status == "failed"]
    if mislukt:  # the failed run is the signal
        raise RapportNietVerzonden("Kwartaalrapportage niet verzonden: " + "; ".join(
            f"{r.idem_key.split(':', 1)[1]}: {r.laatste_fout}" for r in mislukt))
    return {"verstuurd": res.verstuurd, "geweigerd": res.mislukt_definitief,
            "status": {r.idem_key.split(":", 1)[1]: r.status for r in rijen}}


@email_afbeeldingen(TEMPLATE)
def _grafiek(ctx: Context, row: Outbox, p: dict[str, Any]) -> list[Afbeelding]:
    """The fasen chart, drawn from the frozen numbers in the payload; the template shows it by its cid."""
    from notifications.grafiek import fasen_png

    fasen = next((t for t in p["tabellen"] if t["naam"] == FASEN), None)
    if fasen is None:
        p["grafiek_cid"] = None
        return []
    cid = f"fasen-{p['periode'].lower()}@{ctx.rt.mail.message_id_domain}"
    p["grafiek_cid"] = cid
    t = als_tabel(fasen)
    png = fasen_png(f"Fasen {p['periode']}: voorraad en stromen", t.kolommen, t.rijen)
    return [Afbeelding(cid=cid, png=png, bestandsnaam=f"fasen-{p['periode'].lower()}.png")]
