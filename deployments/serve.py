"""All werkpad deployments, served by one long-lived process (`python -m deployments.serve`).

`serve()` pauses its deployments when it stops, and paused schedules create no runs: that
is why the sweep is level-triggered and catches up on whatever is due when it runs again.
"""

from __future__ import annotations

from typing import Any

from prefect import serve
from prefect.schedules import Cron
from prefect.utilities.callables import ParameterSchema
from pydantic import ConfigDict

from flows.aanmelding import aanmelding
from flows.brede_intake import brede_intake_uitkomst
from flows.deadline_sweep import deadline_sweep, werkvoorraad
from flows.taken import taak_afronden
from flows.traject import uitkering_controle, uitkeringsbesluit
from tasks.runtime import settings

TZ = "Europe/Amsterdam"
KLOK = "nu"  # the moved business clock: for tests and the demo (in-process), never in a form


class _GeslotenSchema(ParameterSchema):
    model_config = ConfigDict(extra="allow")  # lets `additionalProperties` through to the server


def zonder_klok(dep: Any) -> Any:
    """Drop `nu` from the deployment's form and close the schema (additionalProperties: false).

    The server validates a run's parameters against this schema before it creates the run
    (enforce_parameter_schema, on by default), so `nu=9999-12-31` is refused with a 409 and
    no run exists. The flow signature keeps `nu` for in-process calls (tests, demo, CLI --nu)."""
    schema = dep._parameter_openapi_schema.model_dump()
    schema["properties"].pop(KLOK, None)
    schema["required"] = [r for r in schema["required"] if r != KLOK]
    dep._parameter_openapi_schema = _GeslotenSchema.model_validate({**schema, "additionalProperties": False})
    return dep


def cron(job: str, default: str) -> Any:
    """The job's schedule; the settings' cron section (WERKPAD_CRON__<JOB>) overrides it (operators, and
    the real-stack test)."""
    return Cron(getattr(settings().cron, job.replace("-", "_")) or default, timezone=TZ)


def deployments() -> list[Any]:
    return [zonder_klok(d) for d in _deployments()]


def _deployments() -> list[Any]:
    return [
        aanmelding.to_deployment(name="aanmelding", tags=["proces:aanmelding"],
                                 description="Plan de brede intake en maak de zaak aan bij de gemeente."),
        brede_intake_uitkomst.to_deployment(
            name="uitkomst-vastleggen", tags=["proces:brede-intake"],
            description="Formulier: leg de uitkomst van de brede intake vast (alleen trajectnummer, "
                        "geen persoonsgegevens)."),
        uitkeringsbesluit.to_deployment(name="uitkeringsbesluit", tags=["proces:traject"],
                                        description="Verwerk het uitkeringsbesluit van de gemeente voor één traject."),
        uitkering_controle.to_deployment(name="werkdagen-elk-uur", tags=["proces:traject"],
                                         schedules=[cron("uitkering-controle", "5 8-18 * * 1-5")],
                                         description="Vraag de gemeente naar uitkeringsbesluiten van wachtende trajecten."),
        deadline_sweep.to_deployment(name="elk-kwartier", tags=["proces:deadline-sweep"],
                                     schedules=[cron("deadline-sweep", "*/15 * * * *")],
                                     description="Herinneringen en escalaties, elk precies één keer."),
        taak_afronden.to_deployment(name="afronden", tags=["proces:taken"],
                                    description="Formulier: rond een taak af met het taaknummer uit de mail; de "
                                                "herinneringen stoppen."),
        werkvoorraad.to_deployment(name="werkdagen-0730", tags=["proces:werkvoorraad"],
                                   schedules=[cron("werkvoorraad", "30 7 * * 1-5")],
                                   description="Dagelijkse werkvoorraad per medewerker."),
    ]


def main() -> None:
    serve(*deployments(), limit=4, print_starting_message=False)


if __name__ == "__main__":
    main()
