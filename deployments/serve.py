"""All werkpad deployments, served by one long-lived process (`python -m deployments.serve`).

`serve()` pauses its deployments when it stops, and paused schedules create no runs: that
is why the sweep is level-triggered and catches up on whatever is due when it runs again.
"""

from __future__ import annotations

from typing import Any

from prefect import serve
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
    return [zonder_klok(d, houd_klok=klok) for naam in modules("flows") for d in importlib.import_module(naam).deployments()]


def main() -> None:
    import asyncio

    from deployments.inrichting import meld_verwacht, richt_in, wacht_op_server
    from flows._common import settings  # the flow-run side's one settings object

    deps = deployments()  # imported while the server starts
    meld_verwacht(deps)
    wacht_op_server()
    asyncio.run(richt_in(settings(), pool=False))  # partner limits, the heartbeat automation
    serve(*deps, limit=4, print_starting_message=False)


if __name__ == "__main__":
    main()
