"""The clock: send due reminders and escalations exactly once, then drain the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain.herinneringen import TZ
from flows._common import cron, label, nu_of
from tasks.artifacts import publiceer_sweep_rapport, publiceer_werkvoorraad
from tasks.dispatch import verstuur
from tasks.sweep import plan_digests, sweep


@flow(name="deadline-sweep", flow_run_name="deadline-sweep")
def deadline_sweep(nu: datetime | None = None) -> dict[str, Any]:
    """Level-triggered: acts on everything due and not yet done, whenever it runs."""
    moment = nu_of(nu)
    stempel = f"{moment.astimezone(TZ):%Y-%m-%d %H:%M}"
    label("deadline-sweep", stempel)
    res = sweep.task(nu=moment)
    outbox = verstuur.task(nu=moment)
    publiceer_sweep_rapport(stempel, res, outbox)
    return {"sweep": res, "outbox": outbox}


@flow(name="werkvoorraad", flow_run_name="werkvoorraad")
def werkvoorraad(nu: datetime | None = None) -> dict[str, Any]:
    """Dagelijkse werkvoorraad per medewerker (werkdagen 07:30)."""
    moment = nu_of(nu)
    label("werkvoorraad", f"{moment.astimezone(TZ):%Y-%m-%d}")
    plan = plan_digests.task(nu=moment)
    outbox = verstuur.task(nu=moment)
    publiceer_werkvoorraad(plan["overzicht"], plan["datum"], plan.get("taken"))
    return {"plan": plan, "outbox": outbox}


def deployments() -> list[Any]:
    return [
        deadline_sweep.to_deployment(name="elk-kwartier", tags=["proces:deadline-sweep"],
                                     schedules=[cron("deadline-sweep", "*/15 * * * *")],
                                     description="Herinneringen, escalaties en wekkers, elk precies één keer."),
        werkvoorraad.to_deployment(name="werkdagen-0730", tags=["proces:werkvoorraad"],
                                   schedules=[cron("werkvoorraad", "30 7 * * 1-5")],
                                   description="Dagelijkse werkvoorraad per medewerker."),
    ]
