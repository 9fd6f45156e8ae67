"""What werkpad sets up on the Prefect server besides its deployments, in both topologies, idempotently:

- a global concurrency limit per partner (`partner-zgw`, `partner-smtp`, …; tasks/partnerlimiet.py takes its
  slots), sized by the settings section `partnerlimiet`;
- the automation that marks a flow run Crashed when its heartbeats stop (a killed worker or serve process
  leaves its runs RUNNING for ever otherwise: docs/v3/advanced/detect-zombie-flows);
- in the productie topology, the process work pool the workers serve.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from prefect.client.orchestration import PrefectClient

ZOMBIE = "werkpad: run zonder hartslag wordt Crashed"


async def partnerlimieten(client: PrefectClient, limieten: dict[str, int]) -> None:
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate
    from prefect.exceptions import ObjectNotFound

    for partner, limiet in limieten.items():
        naam = f"partner-{partner}"
        try:
            bestaand = await client.read_global_concurrency_limit_by_name(naam)
        except ObjectNotFound:
            await client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=naam, limit=limiet))
            continue
        if bestaand.limit != limiet or not bestaand.active:
            await client.update_global_concurrency_limit(naam, GlobalConcurrencyLimitUpdate(limit=limiet, active=True))


async def zombie_automatisering(client: PrefectClient, heartbeat_seconden: int) -> None:
    """A run that sent a heartbeat and then nothing (no heartbeat, no final state) for three beats is Crashed."""
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
    from prefect.events.schemas.events import ResourceSpecification

    for bestaand in await client.read_automations_by_name(ZOMBIE):
        await client.delete_automation(bestaand.id)  # its window follows the settings
    await client.create_automation(AutomationCore(
        name=ZOMBIE,
        description="Een flow-run die geen hartslag meer geeft (zijn proces is gestopt) wordt Crashed.",
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={"prefect.flow-run.heartbeat", "prefect.flow-run.Completed", "prefect.flow-run.Failed",
                    "prefect.flow-run.Cancelled", "prefect.flow-run.Crashed"},
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=timedelta(seconds=3 * heartbeat_seconden),
        ),
        actions=[ChangeFlowRunState(state=StateType.CRASHED, name="Crashed",
                                    message="Geen hartslag meer: het proces van deze run is gestopt.",
                                    force=False)],
    ))


async def werkpool(client: PrefectClient, naam: str) -> None:
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists

    try:
        await client.create_work_pool(WorkPoolCreate(name=naam, type="process",
                                                     description="werkpad: elke stap en elk schema"))
    except ObjectAlreadyExists:
        pass


def meld_verwacht(deps: list[Any]) -> None:
    """Tell the stack which deployments to wait for (`--verwacht <file>`): it need not import every flow itself."""
    import json
    import sys

    if "--verwacht" in sys.argv:
        pad = sys.argv[sys.argv.index("--verwacht") + 1]
        tijdelijk = f"{pad}.tmp"
        with open(tijdelijk, "w") as f:
            json.dump(sorted(f"{d.flow_name}/{d.name}" for d in deps), f)
        os.replace(tijdelijk, pad)  # whole or not at all


def wacht_op_server(seconden: float = 120) -> None:
    """The stack starts this process beside the server (its imports overlap the server's start): wait until the
    API answers before registering anything."""
    import time

    import httpx

    api = os.environ.get("PREFECT_API_URL", "")
    eind = time.monotonic() + seconden
    while time.monotonic() < eind:
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)  # polling a server that is starting, not moving a clock
    raise SystemExit(f"De Prefect-server op {api} antwoordt niet na {seconden:.0f} s.")


async def richt_in(s: Any, *, pool: bool) -> None:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        await partnerlimieten(client, s.partnerlimiet.model_dump())
        await zombie_automatisering(client, s.stack.heartbeat_seconden)
        if pool:
            await werkpool(client, s.stack.werkpool)
