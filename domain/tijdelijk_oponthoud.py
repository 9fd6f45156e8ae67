"""Tijdelijk oponthoud: the traject pauses (illness, care, a crisis) until a re-check date.

The re-check date is a waking timer: when it comes, the case wakes, the werkcoach gets a task
to reconsider, and the gemeente sees the status on its zaak. The werkcoach ends the pause.
Runs beside the other processes of the traject (e.g. while the uitkering gate still waits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.errors import TransitionRefused
from domain.kalender import Kalender
from domain.proces import Proces, overgangen
from domain.traject import controleer_traject_open as traject_open

ACTIEF, HEROVERWEGEN, BEEINDIGD, VERVALLEN = "actief", "heroverwegen", "beeindigd", "vervallen"

TIJDELIJK_OPONTHOUD = Proces(
    naam="tijdelijk_oponthoud",
    label="Tijdelijk oponthoud",
    statussen={ACTIEF: "Actief", HEROVERWEGEN: "Te heroverwegen", BEEINDIGD: "Beëindigd", VERVALLEN: "Vervallen"},
    start=ACTIEF,
    overgangen=overgangen(actief=(HEROVERWEGEN, BEEINDIGD, VERVALLEN), heroverwegen=(ACTIEF, BEEINDIGD, VERVALLEN),
                          beeindigd=(), vervallen=()),
    gebeurtenissen=frozenset({"tijdelijk_oponthoud.gestart", "tijdelijk_oponthoud.heroverwegen",
                              "tijdelijk_oponthoud.verlengd", "tijdelijk_oponthoud.beeindigd",
                              "tijdelijk_oponthoud.vervallen"}),
)

HERBEOORDELING = "tijdelijk_oponthoud.herbeoordeling"  # the waking timer's code
HEROVERWEGEN_TAAK = "tijdelijk_oponthoud.heroverwegen"  # the werkcoach's task when it wakes
WEKT = "tijdelijk-oponthoud-heroverwegen/heroverwegen"
STATUSTYPE = "Tijdelijk oponthoud"  # the status on the gemeente's zaak
# After the pause the zaak shows the traject's own stage again (by Traject.status).
STATUS_NA_OPONTHOUD = {"brede_intake_gepland": "Brede intake gepland", "wacht_op_uitkering": "Wacht op uitkeringsbesluit",
                       "traject": "Re-integratietraject gestart", "verlengde_intake": "Re-integratietraject gestart",
                       "tijdelijk_oponthoud": "Brede intake afgerond", "voorliggende_voorziening": "Brede intake afgerond"}
STANDAARD_WEKEN = 13  # organisation norm when no date is given
LANGSTE_WEKEN = 52
HEROVERWEGEN_WERKDAGEN = 5


@dataclass(frozen=True)
class Plan:
    herbeoordeling: date  # the re-check date (a werkdag)
    taak_due: date  # when the werkcoach must have reconsidered, once woken


def plan(vandaag: date, tot: date | None, kalender: Kalender) -> Plan:
    """The re-check date: the given one (a werkdag, from tomorrow up to a year), or the norm."""
    if tot is None:
        tot = vandaag + timedelta(weeks=STANDAARD_WEKEN)
    elif tot <= vandaag:
        raise TransitionRefused(f"De herbeoordelingsdatum {tot.isoformat()} moet na vandaag liggen.")
    elif tot > vandaag + timedelta(weeks=LANGSTE_WEKEN):
        raise TransitionRefused(f"De herbeoordelingsdatum {tot.isoformat()} ligt meer dan een jaar vooruit; "
                                "kies een eerdere datum en verleng zo nodig.")
    dag = kalender.volgende_werkdag(tot, inclusief=True)
    return Plan(herbeoordeling=dag, taak_due=kalender.werkdagen_erbij(dag, HEROVERWEGEN_WERKDAGEN))


def controleer_verlenging(referentie: str, huidige: date | None, nieuwe: date) -> None:
    """Verlengen moves the re-check date later, never earlier or onto the same day: a shorter pause is
    not an extension (werkafspraak IJmond Werkt!, no statutory term). `huidige`: the open timer's date
    while the pause is still waiting for it, None once it has woken (then any date after today extends
    it). `nieuwe`: the new re-check date, already moved to a werkdag (`plan`)."""
    if huidige is not None and nieuwe <= huidige:
        raise TransitionRefused(f"{referentie}: verlengen kan alleen naar een latere herbeoordelingsdatum dan "
                                f"{huidige.isoformat()} (gevraagd: {nieuwe.isoformat()}). Wil je eerder "
                                "heroverwegen, beëindig het oponthoud dan of start een nieuw. Er is niets gewijzigd.")


def controleer_geen_oponthoud(referentie: str, tot: str | None, wat: str) -> None:
    """While a tijdelijk oponthoud runs the traject rests: no fase change, no verlengde intake.
    `tot`: its re-check date when one runs (from the instance's data), None when none runs."""
    if tot is None:
        return
    raise TransitionRefused(f"{referentie} is in tijdelijk oponthoud (herbeoordeling {tot}); {wat} kan pas als het "
                            "oponthoud is beëindigd (de stap 'tijdelijk-oponthoud beeindigen'). "
                            "Er is niets gewijzigd.")



def controleer_traject_open(referentie: str, traject_status: str) -> None:
    """A pause is opened only on a traject that is not closed."""
    traject_open(referentie, traject_status, "tijdelijk oponthoud")  # the one rule (domain/traject.py)


def controleer_herbeoordeling_bereikt(referentie: str, herbeoordeling: date | None, vandaag: date) -> None:
    """Only the timer wakes the re-check: a run started by hand before the date changes nothing.
    `herbeoordeling`: the open timer's date, None when there is none."""
    if herbeoordeling is not None and vandaag < herbeoordeling:
        raise TransitionRefused(f"{referentie}: de herbeoordeling is pas op {herbeoordeling.isoformat()}.")
