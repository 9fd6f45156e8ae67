"""The Prefect `@task` wrappers around the plain step functions.

The step functions (tasks/cases.py, tasks/dispatch.py, tasks/sweep.py, tasks/taken.py) import
no Prefect, so the CLI and the crash tests can use them without paying ~2-3 s for
`import prefect`; only flows import this module. Wrappers stay thin: get the runtime, call the
step, return what the step returns. Retries live here, on transient faults only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from domain.traject import BredeIntakeUitkomst
from tasks import cases, dispatch, sweep, taken
from tasks.retry import alleen_tijdelijk
from tasks.runtime import get, settings

_DELAYS = settings().retry_delays  # Prefect fixes them when the task is defined: the process's settings
RETRY: dict[str, Any] = {"retries": len(_DELAYS), "retry_delay_seconds": _DELAYS or None,
                         "retry_condition_fn": alleen_tijdelijk}


@task(name="plan-brede-intake", cache_policy=NO_CACHE)
def plan_brede_intake(referentie: str, nu: datetime) -> dict[str, Any]:
    return cases.plan_intake(get(), referentie=referentie, nu=nu)


@task(name="leg-uitkomst-brede-intake-vast", cache_policy=NO_CACHE)
def leg_uitkomst_brede_intake_vast(referentie: str, uitkomst: BredeIntakeUitkomst, nu: datetime,
                                   actor: str) -> dict[str, Any]:
    return cases.leg_uitkomst_vast(get(), referentie=referentie, uitkomst=uitkomst, nu=nu, actor=actor)


@task(name="verwerk-uitkeringsbesluit", cache_policy=NO_CACHE)
def verwerk_uitkering(referentie: str, status: str, nu: datetime) -> dict[str, Any]:
    return cases.verwerk_uitkeringsbesluit(get(), referentie=referentie, status=status, nu=nu)


@task(name="vraag-uitkeringsstatus", cache_policy=NO_CACHE, **RETRY)
def vraag_uitkeringsstatus(nu: datetime) -> list[dict[str, Any]]:
    return cases.vraag_uitkeringen(get(), nu=nu)


@task(name="rond-taak-af", cache_policy=NO_CACHE)
def rond_taak_af(taak_id: int, nu: datetime, actor: str) -> dict[str, Any]:
    return taken.rond_af(get(), taak_id=taak_id, nu=nu, actor=actor)


@task(name="verstuur-outbox", cache_policy=NO_CACHE, **RETRY)
def verstuur_outbox(nu: datetime, referentie: str | None = None) -> dict[str, int]:
    """Send what is queued (for one traject, or everything). Fails the run on partner trouble,
    so the retry is visible; the rows stay queued for the next run either way."""
    return dispatch.verstuur(get(), nu=nu, referentie=referentie)


@task(name="verwerk-herinneringen", cache_policy=NO_CACHE)
def verwerk_deadlines(nu: datetime) -> dict[str, Any]:
    return sweep.sweep(get(), nu=nu)


@task(name="plan-werkvoorraad-mails", cache_policy=NO_CACHE)
def plan_werkvoorraad_mails(nu: datetime) -> dict[str, Any]:
    return sweep.plan_digests(get(), nu=nu)
