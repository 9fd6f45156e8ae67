from __future__ import annotations

from datetime import UTC, datetime

from prefect import get_client
from prefect.context import FlowRunContext


def nu_of(nu: datetime | None) -> datetime:
    """Flows take an optional `nu` so schedules use the clock and tests move it."""
    if nu is None:
        return datetime.now(UTC)
    return nu.replace(tzinfo=UTC) if nu.tzinfo is None else nu.astimezone(UTC)


def label(proces: str, referentie: str, stap: str | None = None, gemeente: str | None = None) -> None:
    """Name the run `<proces> · <referentie> · <stap>` and tag it by gemeente and proces.

    Batch flows (sweep, digest) pass a time stamp as `referentie` and no stap."""
    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        return
    tags = set(ctx.flow_run.tags) | {f"proces:{proces}"}
    if gemeente:
        tags.add(f"gemeente:{gemeente}")
    with get_client(sync_client=True) as client:
        client.update_flow_run(ctx.flow_run.id, name=" · ".join(p for p in (proces, referentie, stap) if p),
                                 tags=sorted(tags))
