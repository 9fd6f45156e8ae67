from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from prefect import get_client
from prefect.context import FlowRunContext

from domain.invoer import OngeldigeInvoer
from tasks.runtime import settings

# A deployment run (form, schedule, API) keeps to the real clock; only tests and the demo,
# which call flows in-process, or a stack whose settings allow it (testklok, WERKPAD_TESTKLOK=1), move it.
KLOK_MARGE_DEPLOYMENT = timedelta(minutes=5)


def nu_of(nu: datetime | None) -> datetime:
    """Flows take an optional `nu` so schedules use the clock and tests move it."""
    echt = datetime.now(UTC)
    if nu is None:
        return echt
    moment = nu.replace(tzinfo=UTC) if nu.tzinfo is None else nu.astimezone(UTC)
    ctx = FlowRunContext.get()
    uit_deployment = ctx is not None and ctx.flow_run is not None and ctx.flow_run.deployment_id is not None
    if uit_deployment and abs(moment - echt) > KLOK_MARGE_DEPLOYMENT and not settings().testklok:
        raise OngeldigeInvoer("Een verschoven klok (nu) is in een deployment-run niet toegestaan; laat 'nu' leeg. "
                              "Voor demo en test: de CLI-optie --nu, of de stack met WERKPAD_TESTKLOK=1.")
    return moment


def label(proces: str, referentie: str, stap: str | None = None, gemeente: str | None = None,
          tags_erbij: Iterable[str] = ()) -> None:
    """Name the run `<proces> · <referentie> · <stap>` and tag it by gemeente and proces.

    Batch flows (sweep, digest) pass a time stamp as `referentie` and no stap; a report its
    periods (and `periode:<naam>` tags)."""
    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        return
    tags = set(ctx.flow_run.tags) | {f"proces:{proces}"} | set(tags_erbij)
    if gemeente:
        tags.add(f"gemeente:{gemeente}")
    with get_client(sync_client=True) as client:
        client.update_flow_run(ctx.flow_run.id, name=" · ".join(p for p in (proces, referentie, stap) if p),
                                 tags=sorted(tags))


def cron(job: str, default: str) -> Any:
    """The job's schedule (Europe/Amsterdam); the settings' cron section (WERKPAD_CRON__<JOB>)
    overrides it (operators, and the real-stack test)."""
    from prefect.schedules import Cron

    from tasks.runtime import settings

    return Cron(getattr(settings().cron, job.replace("-", "_")) or default, timezone="Europe/Amsterdam")


def processtap(proces: str, stap: str, referentie: str, moment: datetime, doe: Any) -> dict[str, Any]:
    """One human step of a process as a flow: name and tag the run, do the step, send what it
    queued (mails, gemeente calls) and publish the case timeline as an artifact."""
    from tasks._traject import lees_traject
    from tasks.artifacts import publiceer_tijdlijn
    from tasks.dispatch import verstuur

    label(proces, referentie, stap, lees_traject.task(referentie=referentie)["gemeente"])
    res: dict[str, Any] = doe()
    verstuur.task(nu=moment, referentie=referentie)
    publiceer_tijdlijn(referentie)
    return res

