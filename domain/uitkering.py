"""The uitkering gate as a process instance: the re-integratie starts only on the gemeente's grant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.errors import TransitionRefused
from domain.fasen import EERSTE_FASE, Fase
from domain.kalender import Kalender
from domain.proces import Proces, overgangen
from domain.traject import Route, Status, Uitkeringsbesluit, controleer_besluit, status_na_toekenning

WACHT, TOEGEKEND, AFGEWEZEN, VERVALLEN = "wacht", "toegekend", "afgewezen", "vervallen"

UITKERING = Proces(
    naam="uitkering",
    label="Uitkeringsbesluit gemeente",
    statussen={WACHT: "Wacht op besluit gemeente", TOEGEKEND: "Toegekend", AFGEWEZEN: "Afgewezen",
               VERVALLEN: "Vervallen"},
    start=WACHT,
    overgangen=overgangen(wacht=(TOEGEKEND, AFGEWEZEN, VERVALLEN), toegekend=(), afgewezen=(), vervallen=()),
    gebeurtenissen=frozenset({"uitkering.gevraagd", "uitkering.toegekend", "uitkering.afgewezen",
                              "uitkering.vervallen"}),
)

BESLISTERMIJN = "uitkering.beslistermijn"  # the deadline's code
NAVRAGEN = "uitkering.navragen"  # the staff task when the gemeente cannot answer


# -- what follows the gemeente's decision (pure: the task module persists this plan) -----------

VERLENGDE_INTAKE_INPLANNEN = "uitkering.verlengde_intake_inplannen"
VERLENGDE_INTAKE_NORM_WERKDAGEN = 5  # organisation norm: plan the verlengde intake at AD&A within a week


@dataclass(frozen=True)
class BesluitPlan:
    toegekend: bool
    naar: Status
    vervolg: str  # what starts, for the werkcoach's mail
    taak_verlengde_intake: date | None  # due date of "Verlengde intake AD&A inplannen", if any
    zgw_status: str
    afsluiten: str | None
    fase: Fase | None = None  # the re-integratietraject starts in its first fase


def plan_na_besluit(toegekend: bool, route: Route, vandaag: date, kalender: Kalender) -> BesluitPlan:
    if not toegekend:
        return BesluitPlan(False, Status.afgesloten, "", None, "Afgesloten", "Uitkering afgewezen")
    naar = status_na_toekenning(route)
    verlengd = naar == Status.verlengde_intake
    return BesluitPlan(
        True, naar, "de verlengde intake bij AD&A" if verlengd else "het re-integratietraject",
        kalender.werkdagen_erbij(vandaag, VERLENGDE_INTAKE_NORM_WERKDAGEN) if verlengd else None,
        "Re-integratietraject gestart", None, None if verlengd else EERSTE_FASE)


def controleer_zaak_bij_gemeente(referentie: str, zaak_url: str | None) -> None:
    """Asking the gemeente's own system (bron http) about the decision needs the case's zaak there."""
    if not zaak_url:
        raise TransitionRefused(f"{referentie}: de zaak staat nog niet bij de gemeente; er is niets gewijzigd.")


def controleer_besluit_van_gemeente(getypt: str, volgens_gemeente: str, bron: str) -> Uitkeringsbesluit:
    """Where werkpad asks the gemeente (`bron`: where it reads the decision), a decision counts only
    when the gemeente answers the same; a refusal says that recording it there is not needed."""
    try:
        return controleer_besluit(getypt, volgens_gemeente)
    except TransitionRefused as exc:
        raise TransitionRefused(f"{exc} (werkpad leest het besluit zelf uit {bron}; vastleggen is daar niet "
                                "nodig.)") from None
