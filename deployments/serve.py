"""All werkpad deployments, served by one long-lived process (`python -m deployments.serve`).

`serve()` pauses its deployments when it stops, and paused schedules create no runs: that
is why the sweep is level-triggered and catches up on whatever is due when it runs again.
"""

from __future__ import annotations

from typing import Any

from prefect.utilities.callables import ParameterSchema
from pydantic import ConfigDict

TZ = "Europe/Amsterdam"
KLOK = "nu"  # the moved business clock: for tests and the demo (in-process), never in a form


class _GeslotenSchema(ParameterSchema):
    model_config = ConfigDict(extra="allow")  # lets `additionalProperties` through to the server


def zonder_klok(dep: Any, *, houd_klok: bool = False) -> Any:
    """Drop `nu` from the deployment's form and close the schema (additionalProperties: false).

    The server validates a run's parameters against this schema before it creates the run
    (enforce_parameter_schema, on by default), so `nu=9999-12-31` is refused with a 409 and
    no run exists. The flow signature keeps `nu` for in-process calls (tests, demo, CLI --nu)."""
    schema = dep._parameter_openapi_schema.model_dump()
    if not houd_klok:  # a test or benchmark stack (WERKPAD_TESTKLOK=1) lets a run take the moved clock
        schema["properties"].pop(KLOK, None)
        schema["required"] = [r for r in schema["required"] if r != KLOK]
    dep._parameter_openapi_schema = _GeslotenSchema.model_validate({**schema, "additionalProperties": False})
    return dep


def deployments() -> list[Any]:
    """Every process's deployments (each flows module lists its own; domain/processen.py lists the modules)."""
    import importlib

    from domain.processen import modules
    from flows._common import settings

    klok = settings().testklok
    deps = [zonder_klok(d, houd_klok=klok) for naam in modules("flows") for d in importlib.import_module(naam).deployments()]
    return versie_eenmaal(deps)


def versie_eenmaal(deps: list[Any]) -> list[Any]:
    """Give every deployment the code's version, asked of git once: left alone, Prefect infers it per deployment
    (four CI providers, then git: 22 ms each, 1.6 s of a start)."""
    import subprocess
    from importlib.metadata import version
    from pathlib import Path

    from prefect._internal.versioning import VersionType  # pinned Prefect: no public home

    try:
        r = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=Path(__file__).resolve().parents[1],
                           capture_output=True, text=True, timeout=5)
        git = r.stdout.strip() if r.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        git = ""
    versie = git or version("werkpad")
    for d in deps:
        d.version = d.version or versie
        d.version_type = VersionType.SIMPLE
    return deps


async def registreer(deps: list[Any], pas_toe: Any) -> None:
    """Apply every deployment with one API client: Prefect opens a client per apply otherwise, and each builds
    an SSL context from certifi's bundle (39 ms of CPU, 2.9 s of a start, for an http:// API as well)."""
    from prefect.context import AsyncClientContext

    async with AsyncClientContext.get_or_create():
        await pas_toe(deps)


def main() -> None:
    import asyncio

    from deployments.inrichting import meld_verwacht, richt_in, wacht_op_server
    from flows._common import settings  # the flow-run side's one settings object

    deps = deployments()  # imported while the server starts
    meld_verwacht(deps)
    wacht_op_server()
    asyncio.run(richt_in(settings(), pool=False))  # partner limits, the heartbeat automation
    asyncio.run(_serve(deps))


async def _serve(deps: list[Any]) -> None:
    """`prefect.serve` in our own loop: the deployments applied with one client (registreer), then the Runner.
    As `serve` does, the Runner pauses its deployments when it stops."""
    from prefect.runner import Runner

    runner = Runner(limit=4)

    async def een_voor_een(deps: list[Any]) -> None:  # SQLite takes writes one at a time: side by side is slower
        for d in deps:
            await runner.aadd_deployment(d)

    await registreer(deps, een_voor_een)
    await runner.start()


if __name__ == "__main__":
    main()
