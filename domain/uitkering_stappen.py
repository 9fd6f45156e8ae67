"""The uitkering gate's human step, declared once (domain/stap.py): the gemeente's decision on the uitkering, as its
klantmanager passes it on (bron handmatig) or as werkpad's own question confirms it (bron zgw or http). The checks
on the case run in the step (tasks/uitkering.py), with the guard below."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.errors import TransitionRefused
from domain.invoer import FormDatum, Referentie
from domain.stap import Invoer, Stap
from domain.traject import STATUS_LABEL, Status, Uitkeringsbesluit

PROCES = "uitkering"


def controleer_wacht_op_besluit(referentie: str, status: str) -> None:
    """A decision is recorded only for a traject that waits for it."""
    if status != Status.wacht_op_uitkering:
        raise TransitionRefused(f"{referentie} wacht niet op een uitkeringsbesluit (status: "
                                f"{STATUS_LABEL[Status(status)]}); er is niets gewijzigd.")


class Besluit(Invoer):
    referentie: Referentie
    besluit: Annotated[Uitkeringsbesluit, Field(description="Het besluit van de gemeente: toegekend of afgewezen")]
    aanvraagdatum: Annotated[FormDatum | None, Field(description=(
        "Dag waarop de gemeente de aanvraag ontving, JJJJ-MM-DD; de beslistermijn telt daarvandaan (leeg: onbekend "
        "of al gemeld)"))] = None

    @field_validator("besluit", mode="before")
    @classmethod
    def _besluit(cls, v: Any) -> Any:
        return v.strip().lower() if isinstance(v, str) else v


def _status(r: Mapping[str, Any]) -> str:
    return f"{r['referentie']}: {STATUS_LABEL[Status(r['status'])]}"


# The flow and its deployment keep their names (uitkeringsbesluit/uitkeringsbesluit: the klantmanager's mail names
# the form, the hourly check starts the flow); the command is `uitkering besluit`.
UITKERINGSBESLUIT = Stap(PROCES, "uitkeringsbesluit", Besluit, "Leg het besluit van de gemeente op de "
                         "uitkeringsaanvraag vast (de klantmanager geeft het door). Vraagt werkpad deze gemeente zelf "
                         "(bron zgw of http), dan moet het besluit kloppen met wat de gemeente meldt.",
                         _status, label=PROCES, flow_naam="uitkeringsbesluit", commando="besluit",
                         argumenten=("referentie", "besluit"))

STAPPEN = (UITKERINGSBESLUIT,)
