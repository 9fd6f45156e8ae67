"""Taken: a staff member records that a task is done (CLI or the deployment form in the UI)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from prefect import flow
from pydantic import Field

from flows._common import label, nu_of
from tasks.artifacts import publiceer_tijdlijn
from tasks.taken import rond_af

TaakId = Annotated[int, Field(gt=0, description="Het taaknummer uit de herinneringsmail (niet het deadlinenummer).")]
Door = Annotated[str, Field(min_length=1, max_length=200, description="Wie legt vast (e-mailadres of rol).")]


@flow(name="taak-afronden", flow_run_name="taak-afronden · taak {taak_id}")
def taak_afronden(taak_id: TaakId, door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Rond een taak af; de herinneringen stoppen. Alleen het taaknummer, geen persoonsgegevens."""
    moment = nu_of(nu)
    res = rond_af.task(taak_id=taak_id, nu=moment, actor=door)
    label("taken", res["referentie"], f"taak {taak_id} afronden", res["gemeente"])
    publiceer_tijdlijn(res["referentie"])
    return res


def deployments() -> list[Any]:
    return [taak_afronden.to_deployment(name="afronden", tags=["proces:taken"],
                                        description="Formulier: rond een taak af met het taaknummer uit de mail; de "
                                                    "herinneringen stoppen.")]
