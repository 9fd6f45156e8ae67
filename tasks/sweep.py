"""The deadline sweep and the werkvoorraad digest, as a few coarse tasks (bulk work)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select

from casestore import faults, outbox, repo
from casestore.db import session as new_session
from casestore.models import Deadline, Outbox, Taak, Traject
from casestore.reports import eigenaars_met_open_werk, werkvoorraad
from casestore.sweep import verwerk_herinneringen
from domain.herinneringen import TZ, herinnering_label, lokale_datum, stap_van
from domain.outbox import GEWEIGERD_TAAK
from tasks.dispatch import Context
from tasks.handlers.email import email_context, rol, taak_link
from tasks.logs import logger
from tasks.maatregel import sluit_verlopen_maatregelzaken
from tasks.runtime import Runtime
from tasks.step import step
from tasks.vastleggen import hoe_vastleggen


@step()
def sweep(rt: Runtime, *, nu: datetime) -> dict[str, Any]:
    with new_session(rt.engine) as s:
        res = verwerk_herinneringen(s, nu=nu, kalender=rt.kalender)
        s.commit()
        maatregelzaken = sluit_verlopen_maatregelzaken(s, nu)
        s.commit()
    faults.point("sweep-na-commit")
    logger().info("Sweep: %d deadlines bekeken, %d herinneringen, %d escalaties, %d wachttermijnen verstreken",
                  res.bekeken, res.herinneringen, res.escalaties, res.verstreken)
    return {**asdict(res), "maatregelzaken_gesloten": maatregelzaken}


@step()
def plan_digests(rt: Runtime, *, nu: datetime) -> dict[str, Any]:
    """Queue one werkvoorraad email per staff member with open work, once per day."""
    vandaag = lokale_datum(nu)
    if not rt.kalender.is_werkdag(vandaag):
        return {"datum": vandaag.isoformat(), "werkdag": False, "mails": 0, "overzicht": []}
    with new_session(rt.engine) as s:
        eigenaars = eigenaars_met_open_werk(s)
        for e in eigenaars:
            repo.add_outbox(s, idem_key=f"werkvoorraad:{e}:{vandaag.isoformat()}", soort="email", traject=None, nu=nu,
                            payload={"template": "werkvoorraad", "aan": e, "datum": vandaag.isoformat()})
        overzicht, taken = [], []
        for e, regels in werkvoorraad(s).items():
            overzicht.append({"medewerker": e, "open": len(regels),
                              "verlopen": sum(1 for r in regels if r.due < vandaag)})
            taken += werkvoorraad_rijen(e, regels, vandaag)
        s.commit()
    taken.sort(key=lambda r: (r["verlopen"] != "ja", r["uiterlijk"], r["medewerker"]))  # overdue first
    return {"datum": vandaag.isoformat(), "werkdag": True, "mails": len(eigenaars), "overzicht": overzicht,
            "taken": taken}


def werkvoorraad_rijen(medewerker: str, regels: list[Any], vandaag: date) -> list[dict[str, Any]]:
    """One row per open task or term of a staff member (references only), for the artifact and the CLI."""
    return [{"medewerker": medewerker, "uiterlijk": r.due.isoformat(), "verlopen": "ja" if r.due < vandaag else "",
             "traject": r.referentie, "wat": r.wat, "taak": r.taak_id or ""} for r in regels]



# -- what the sweep's mails need at send time (the payload holds references only) ----------

@email_context("herinnering")
def _herinnering(ctx: Context, row: Outbox, p: dict[str, Any]) -> None:
    """How the outcome is recorded: the Taak id (not the deadline id) and who may run werkpad.
    Looked up at send time, so rows queued before these fields existed still render."""
    s = ctx.session
    taken = _vooraf(ctx)
    traject = s.get(Traject, row.traject_id)
    taak = taken[p["deadline_id"]] if p["deadline_id"] in taken else \
        repo.get_taak_van_deadline(s, deadline_id=p["deadline_id"])
    d = s.get(Deadline, p["deadline_id"])
    # a term the process re-arms itself (e.g. traject.contact) may name its command too
    code = taak.code if taak is not None else (d.code if d is not None else None)
    taak_id = taak.id if taak is not None else None
    stap = stap_van(d.beleid, p.get("stap", "")) if d is not None else None
    if row.payload.get("template") == "herinnering" and stap is not None and p.get("due"):
        # a mail sent later than its sweep queued it says the distance of the day it leaves
        p["stap_label"] = herinnering_label(stap, date.fromisoformat(p["due"]), lokale_datum(ctx.nu), ctx.rt.kalender)
    p.update(taak_id=taak_id, ontvanger_rol=rol(ctx, p["aan"]), eigenaar_rol=rol(ctx, p["eigenaar"]),
             werkcoach=traject.werkcoach_email if traject else "",
             vastleggen=hoe_vastleggen(code, p["referentie"], session=s, taak_id=taak_id),
             # a refused message: the row to put back in the queue (the mail renders the command)
             opnieuw_bericht=outbox.opnieuw_te_zetten(s, grondslag=d.grondslag) if d is not None
             and code == GEWEIGERD_TAAK else None,
             taak_link=taak_link(ctx.rt, taak_id, p["aan"]) if taak_id is not None else None)


def _vooraf(ctx: Context) -> dict[int, Taak | None]:
    """The dispatch batch's reminders read their terms, tasks and trajecten in three queries, not three per mail
    (the session then has them: `get` finds them there). Deadline id -> its task (None: it has none)."""
    cache = ctx.cache.get("herinnering")
    if cache is not None and cache[0] is ctx.rijen:
        return cache[1]  # type: ignore[no-any-return]
    rijen = [r for r in ctx.rijen if isinstance(r.payload, dict) and r.payload.get("template") in HERINNERINGEN]
    deadlines = {int(r.payload["deadline_id"]) for r in rijen if r.payload.get("deadline_id") is not None}
    taken: dict[int, Taak | None] = dict.fromkeys(deadlines)
    geladen: list[Any] = []  # held here: the session's identity map holds what it loaded only weakly
    if deadlines:
        s = ctx.session
        geladen += s.exec(select(Deadline).where(col(Deadline.id).in_(deadlines)))
        geladen += s.exec(select(Traject).where(col(Traject.id).in_({r.traject_id for r in rijen if r.traject_id})))
        for t in s.exec(select(Taak).where(col(Taak.deadline_id).in_(deadlines)).order_by(col(Taak.id).desc())):
            taken[t.deadline_id] = t  # type: ignore[index]  # the lowest id last: as get_taak_van_deadline's first()
    ctx.cache["herinnering"] = (ctx.rijen, taken, geladen)
    return taken


HERINNERINGEN = ("herinnering", "escalatie")


@email_context("escalatie")
def _escalatie(ctx: Context, row: Outbox, p: dict[str, Any]) -> None:
    _herinnering(ctx, row, p)
    # Say truthfully what went before: only reminders that really left count.
    p["herinneringen"] = [
        {"label": h["label"], "due": h["due"],
         "verstuurd_op": h["verstuurd_op"].astimezone(TZ).replace(tzinfo=None) if h["verstuurd_op"] else None}
        for h in repo.verstuurde_herinneringen(ctx.session, referentie=p["referentie"], deadline_id=p["deadline_id"])]


@email_context("werkvoorraad")
def _werkvoorraad(ctx: Context, row: Outbox, p: dict[str, Any]) -> None:
    regels = werkvoorraad(ctx.session, eigenaar=p["aan"]).get(p["aan"], [])
    vandaag = lokale_datum(ctx.nu)
    p["regels"] = [{"referentie": r.referentie, "gemeente": r.gemeente.capitalize(), "wat": r.wat,
                    "due": r.due.isoformat(), "te_laat": r.due < vandaag, "taak_id": r.taak_id} for r in regels]
    p["ontvanger_rol"] = rol(ctx, p["aan"])
    p["te_laat"] = sum(1 for r in p["regels"] if r["te_laat"])
    if ctx.rt.settings.web_geheim() is not None:  # werkpad web runs here: the staff member's page (behind the login)
        p["werkvoorraad_url"] = f"{ctx.rt.settings.web.basis_url.rstrip('/')}/werkvoorraad"
