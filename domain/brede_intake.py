"""Brede intake as a process instance: planned with the aanmelding, ended by its outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.intake import heroverweging_datum
from domain.kalender import Kalender
from domain.proces import Proces, overgangen
from domain.traject import STATUS_LABEL, BredeIntakeUitkomst, Eigenaar, Status, status_na_uitkomst

GEPLAND, AFGEROND, VERVALLEN = "gepland", "afgerond", "vervallen"

BREDE_INTAKE = Proces(
    naam="brede_intake",
    label="Brede intake",
    statussen={GEPLAND: "Gepland", AFGEROND: "Afgerond", VERVALLEN: "Vervallen"},
    start=GEPLAND,
    overgangen=overgangen(gepland=(AFGEROND, VERVALLEN), afgerond=(), vervallen=()),
    gebeurtenissen=frozenset({"brede_intake.gepland", "brede_intake.afgerond", "brede_intake.vervallen"}),
)

# Stable codes of the taken of this step: closing "the tasks of the intake" never reads a title.
VOORBEREIDEN = "brede_intake.voorbereiden"
VOEREN = "brede_intake.voeren"
UITKOMST = "brede_intake.uitkomst"
ACTIE = "brede_intake.actie"  # the plan van aanpak's actions (they outlive the intake)
HEROVERWEGEN = "brede_intake.heroverwegen"  # route tijdelijk oponthoud / voorliggende voorziening
TAAK_CODES = {"Brede intake voorbereiden": VOORBEREIDEN, "Brede intake voeren (gemeente)": VOEREN,
              "Uitkomst brede intake vastleggen": UITKOMST}


# -- what follows an outcome (pure: the task module persists this plan) ------------------------

@dataclass(frozen=True)
class TaakPlan:
    code: str
    titel: str
    eigenaar: Eigenaar
    due: date
    grondslag: str
    beleid: str = "standaard"


@dataclass(frozen=True)
class VervolgPlan:
    naar: Status  # the traject's next status
    taken: tuple[TaakPlan, ...]
    zgw_status: str  # the status at the gemeente's zaak
    zgw_toelichting: str
    uitkering_afwachten: bool  # open the uitkering gate (beslistermijn, status)
    tijdelijk_oponthoud: bool  # start the tijdelijk oponthoud process (re-check timer, status)
    afsluiten: str | None  # the reason, when the traject closes


def plan_na_uitkomst(uitkomst: BredeIntakeUitkomst, vandaag: date, kalender: Kalender) -> VervolgPlan:
    """What follows a recorded outcome: the plan van aanpak as taken, the route's next step."""
    naar = status_na_uitkomst(uitkomst.route)
    taken = [TaakPlan(ACTIE, f"PvA {i}: {a.omschrijving}" + (" (deelnemer; werkcoach volgt op)"
                                                             if a.eigenaar == Eigenaar.deelnemer else ""),
                      a.eigenaar, a.deadline, "Plan van aanpak (Pw art. 44a)")
             for i, a in enumerate(uitkomst.plan_van_aanpak, 1)]
    if naar == Status.voorliggende_voorziening:  # tijdelijk oponthoud is a process of its own
        taken.append(TaakPlan(HEROVERWEGEN, f"Heroverwegen: {STATUS_LABEL[naar].lower()}", Eigenaar.werkcoach,
                              heroverweging_datum(vandaag, kalender), "Werkafspraak IJmond Werkt!"))
    return VervolgPlan(
        naar=naar, taken=tuple(taken), zgw_status="Brede intake afgerond",
        zgw_toelichting=f"Advies {uitkomst.advies.value}, route {uitkomst.route.value}",
        uitkering_afwachten=naar == Status.wacht_op_uitkering,
        tijdelijk_oponthoud=naar == Status.tijdelijk_oponthoud,
        afsluiten="Terugmelding naar gemeente" if naar == Status.afgesloten else None,
    )
