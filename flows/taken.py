"""Taken: a staff member records that a task is done (CLI or the deployment form in the UI)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from prefect import flow
from pydantic import Field

from domain.invoer import DB_INT_MAX, Door
from flows._common import label, nu_of
from tasks.artifacts import publiceer_tijdlijn
from tasks.taken import rond_af

# le: ids beyond the database's INTEGER are refused by the server before a run exists (such a run
# failed with an OverflowError and a traceback in its log).
TaakId = Annotated[int, Field(gt=0, le=DB_INT_MAX,
                              description="Het taaknummer uit de herinneringsmail (niet het deadlinenummer).")]


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
