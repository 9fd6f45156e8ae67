"""All werkpad deployments, served by one long-lived process (`python -m deployments.serve`).

`serve()` pauses its deployments when it stops, and paused schedules create no runs: that
is why the sweep is level-triggered and catches up on whatever is due when it runs again.
"""

from __future__ import annotations

from typing import Any

from prefect import serve
from prefect.schedules import Cron

from flows.aanmelding import aanmelding
from flows.brede_intake import brede_intake_uitkomst
from flows.deadline_sweep import deadline_sweep, werkvoorraad
from flows.taken import taak_afronden
from flows.traject import uitkering_controle, uitkeringsbesluit

TZ = "Europe/Amsterdam"


def deployments() -> list[Any]:
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
                                         schedules=[Cron("5 8-18 * * 1-5", timezone=TZ)],
                                         description="Vraag de gemeente naar uitkeringsbesluiten van wachtende trajecten."),
        deadline_sweep.to_deployment(name="elk-kwartier", tags=["proces:deadline-sweep"],
                                     schedules=[Cron("*/15 * * * *", timezone=TZ)],
                                     description="Herinneringen en escalaties, elk precies één keer."),
        taak_afronden.to_deployment(name="afronden", tags=["proces:taken"],
                                    description="Formulier: rond een taak af met het taaknummer uit de mail; de "
                                                "herinneringen stoppen."),
        werkvoorraad.to_deployment(name="werkdagen-0730", tags=["proces:werkvoorraad"],
                                   schedules=[Cron("30 7 * * 1-5", timezone=TZ)],
                                   description="Dagelijkse werkvoorraad per medewerker."),
    ]


def main() -> None:
    serve(*deployments(), limit=4, print_starting_message=False)


if __name__ == "__main__":
    main()
