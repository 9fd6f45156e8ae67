"""Outbox kind `flow`: start a deployment's flow run (a timer woke the case, a step follows).

The payload names the deployment (`flow/deployment`) and its parameters (references only).
The row's idempotency key is passed to Prefect as the flow run's idempotency key, so a retry
after a crash finds the run that was already created instead of starting a second one.
"""

from __future__ import annotations

from casestore.models import Outbox
from integrations.errors import PartnerRejected, PartnerTransient
from tasks.dispatch import Context, handler


class PrefectTransient(PartnerTransient):
    partner = "Prefect"


class PrefectRejected(PartnerRejected):
    partner = "Prefect"


@handler("flow")
def start_flow(ctx: Context, row: Outbox) -> str:
    import httpx
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound, PrefectHTTPStatusError
    from prefect.settings import get_current_settings

    naam = row.payload["deployment"]
    if not get_current_settings().api.url:  # never start a throw-away server from the dispatcher
        raise PrefectTransient(f"Geen Prefect-server ingesteld (PREFECT_API_URL); '{naam}' start later.")
    try:
        run = run_deployment(naam, parameters=row.payload.get("parameters", {}), timeout=0, as_subflow=False,
                             idempotency_key=row.idem_key)
    except ObjectNotFound:
        raise PrefectRejected(f"Deployment '{naam}' bestaat niet (draait de stack met alle deployments?).") from None
    except PrefectHTTPStatusError as exc:
        status = exc.response.status_code
        if status >= 500 or status == 429:
            raise PrefectTransient(f"Prefect-server gaf {status} bij het starten van '{naam}'.") from None
        raise PrefectRejected(f"Prefect weigerde '{naam}' te starten ({status}).", status) from None
    except httpx.TransportError as exc:  # server unreachable
        raise PrefectTransient(f"Prefect-server niet bereikbaar bij het starten van '{naam}' ({type(exc).__name__}).") \
            from None
    return str(run.id)  # type: ignore[union-attr]  # sync call: no event loop here
