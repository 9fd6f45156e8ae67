"""The clock: send due reminders and escalations exactly once, then drain the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow, get_client
from prefect.context import FlowRunContext

from domain.herinneringen import TZ
from flows._common import nu_of
from tasks.artifacts import publiceer_sweep_rapport, publiceer_werkvoorraad
from tasks.dispatch import verstuur_outbox
from tasks.sweep import plan_werkvoorraad_mails, verwerk_deadlines


def _rename(name: str, proces: str) -> None:
    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        return
    with get_client(sync_client=True) as client:
        client.update_flow_run(ctx.flow_run.id, name=name, tags=sorted(set(ctx.flow_run.tags) | {f"proces:{proces}"}))


@flow(name="deadline-sweep", flow_run_name="deadline-sweep")
def deadline_sweep(nu: datetime | None = None) -> dict[str, Any]:
    """Level-triggered: acts on everything due and not yet done, whenever it runs."""
    moment = nu_of(nu)
    stempel = f"{moment.astimezone(TZ):%Y-%m-%d %H:%M}"
    _rename(f"deadline-sweep · {stempel}", "deadline-sweep")
    sweep = verwerk_deadlines(moment)
    outbox = verstuur_outbox(moment)
    publiceer_sweep_rapport(stempel, sweep, outbox)
    return {"sweep": sweep, "outbox": outbox}


@flow(name="werkvoorraad", flow_run_name="werkvoorraad")
def werkvoorraad(nu: datetime | None = None) -> dict[str, Any]:
    """Dagelijkse werkvoorraad per medewerker (werkdagen 07:30)."""
    moment = nu_of(nu)
    _rename(f"werkvoorraad · {moment.astimezone(TZ):%Y-%m-%d}", "werkvoorraad")
    plan = plan_werkvoorraad_mails(moment)
    outbox = verstuur_outbox(moment)
    publiceer_werkvoorraad(plan["overzicht"], plan["datum"])
    return {"plan": plan, "outbox": outbox}
