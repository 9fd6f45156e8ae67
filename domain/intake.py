"""Planning the brede intake on the gemeente's intake days."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.errors import DomainError
from domain.gemeenten import GemeenteConfig
from domain.kalender import DEFAULT_KALENDER, Kalender


def plan_brede_intake(
    config: GemeenteConfig,
    aangemeld_op: date,
    bezet: Collection[datetime],
    kalender: Kalender = DEFAULT_KALENDER,
    voorbereiding_werkdagen: int = 2,
    horizon_dagen: int = 90,
) -> datetime:
    """First free slot (naive local time) on an intake day, after time to prepare and invite."""
    d = kalender.werkdagen_erbij(aangemeld_op, voorbereiding_werkdagen)
    einde = aangemeld_op + timedelta(days=horizon_dagen)
    while d <= einde:
        if d.isoweekday() in config.intake_dagen and kalender.is_werkdag(d):
            for t in sorted(config.intake_tijden):
                slot = datetime.combine(d, t)
                if slot not in bezet:
                    return slot
        d += timedelta(days=1)
    raise DomainError(
        f"Geen vrij intakemoment voor {config.gemeente.naam} binnen {horizon_dagen} dagen na "
        f"{aangemeld_op.isoformat()}: voeg intakedagen of -tijden toe in de configuratie."
    )


@dataclass(frozen=True)
class IntakeTaak:
    titel: str
    rol: str  # werkcoach | consulent
    due: date
    beleid: str


def taken_rond_intake(intake_dag: date, kalender: Kalender = DEFAULT_KALENDER) -> list[IntakeTaak]:
    """The staff tasks that come with a planned brede intake, with their due dates."""
    return [
        IntakeTaak("Brede intake voorbereiden", "werkcoach", kalender.werkdagen_erbij(intake_dag, -1), "kort"),
        IntakeTaak("Brede intake voeren (gemeente)", "consulent", intake_dag, "kort"),
        IntakeTaak("Uitkomst brede intake vastleggen", "werkcoach", kalender.werkdagen_erbij(intake_dag, 2), "standaard"),
    ]


HEROVERWEGING_WEKEN = 13  # organisation norm for tijdelijk oponthoud / voorliggende voorziening


def heroverweging_datum(vandaag: date, kalender: Kalender = DEFAULT_KALENDER) -> date:
    return kalender.volgende_werkdag(vandaag + timedelta(weeks=HEROVERWEGING_WEKEN), inclusief=True)
