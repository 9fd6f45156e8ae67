"""Verlengde intake at AD&A (De Passage): three months of onderzoeken, then a typed advies.

Started from the brede intake route "verlengde intake" (after the gemeente's grant the werkcoach
gets the task "Verlengde intake AD&A inplannen" and starts it; starting closes that task) or by
a werkcoach later. The advies is due three months after the start: a task for the AD&A team
(reminders) and a waking timer the werkdag after it, which wakes the case when no advies came
(escalation task for the AD&A teamleider). A midway evaluation is planned at the start;
onderzoeken from the catalogue are staff tasks for the AD&A diagnosticus, each with its own
due date. The werkcoach decides on the advies within a configurable number of werkdagen
(reminder, then escalation); the decision starts what follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from domain.errors import TransitionRefused
from domain.fasen import FASE_LABEL, Fase
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.proces import Proces, overgangen
from domain.traject import STATUS_LABEL, Status
from domain.traject import controleer_traject_open as traject_open

LOOPT, TE_LAAT, ADVIES_GEGEVEN, BESLOTEN, VERVALLEN = "loopt", "advies_te_laat", "advies_gegeven", "besloten", "vervallen"

VERLENGDE_INTAKE = Proces(
    naam="verlengde_intake",
    label="Verlengde intake AD&A",
    statussen={LOOPT: "Loopt", TE_LAAT: "Advies te laat", ADVIES_GEGEVEN: "Advies gegeven",
               BESLOTEN: "Besloten", VERVALLEN: "Vervallen"},
    start=LOOPT,
    overgangen=overgangen(loopt=(TE_LAAT, ADVIES_GEGEVEN, VERVALLEN), advies_te_laat=(ADVIES_GEGEVEN, VERVALLEN),
                          advies_gegeven=(BESLOTEN, VERVALLEN), besloten=(), vervallen=()),
    gebeurtenissen=frozenset({"verlengde_intake.gestart", "verlengde_intake.onderzoek",
                              "verlengde_intake.advies_te_laat", "verlengde_intake.advies_gegeven",
                              "verlengde_intake.besloten", "verlengde_intake.indicatie_gevraagd",
                              "verlengde_intake.vervallen"}),
)

# Codes of its taken and deadlines (stable: closed by code, never by title).
ADVIES_TAAK = "verlengde_intake.advies"  # AD&A: bring out the advies (reminders before the due date)
ADVIES_TERMIJN = "verlengde_intake.advies_termijn"  # the waking timer, the werkdag after the due date
ESCALATIE_TAAK = "verlengde_intake.advies_escalatie"  # AD&A teamleider, when the timer woke the case
TUSSENEVALUATIE = "verlengde_intake.tussenevaluatie"
ONDERZOEK_TAAK = "verlengde_intake.onderzoek"
BESLUIT_TAAK = "verlengde_intake.besluit"  # the werkcoach decides on the advies
VERVOLG_TAAK = "verlengde_intake.vervolg"  # what the werkcoach must arrange by hand after the decision
WEKT = "verlengde-intake-advies-verlopen/advies-verlopen"
TIJDELIJK_OPONTHOUD_STARTEN = "tijdelijk-oponthoud-starten/starten"
STATUSTYPE = "Verlengde intake AD&A"  # the status on the gemeente's zaak
GRONDSLAG = "Werkafspraak IJmond Werkt! en AD&A (verlengde intake, drie maanden)"

DUUR_MAANDEN = 3
TUSSENEVALUATIE_WEKEN = 6
ESCALATIE_WERKDAGEN = 3  # the AD&A teamleider's task after the timer woke the case
VERVOLG_WERKDAGEN = 5
LANGSTE_ONDERZOEK_WEKEN = 13


class Onderzoek(StrEnum):
    """Onderzoek uit de catalogus van AD&A (De Passage)."""

    # Dutch docstring on purpose: the Prefect form shows it next to the field.
    melba = "melba"
    abc = "abc"
    taalniveautoets = "taalniveautoets"
    belastbaarheid = "belastbaarheid"
    cognitief = "cognitief"
    arbeidsvaardigheden = "arbeidsvaardigheden"

    @property
    def label(self) -> str:
        return ONDERZOEK_LABEL[self][0]

    @property
    def standaard_weken(self) -> int:
        return ONDERZOEK_LABEL[self][1]


ONDERZOEK_LABEL: dict[Onderzoek, tuple[str, int]] = {  # label, default duration in weeks
    Onderzoek.melba: ("MELBA (profiel van vaardigheden)", 4),
    Onderzoek.abc: ("ABC (arbeidsmarkt- en beroepscompetenties)", 3),
    Onderzoek.taalniveautoets: ("Taalniveautoets", 2),
    Onderzoek.belastbaarheid: ("Belastbaarheid", 6),
    Onderzoek.cognitief: ("Cognitief vermogen en leerbaarheid", 4),
    Onderzoek.arbeidsvaardigheden: ("Arbeidsvaardigheden in de praktijk (werkplek De Passage)", 8),
}


# The six fasen come from the fase model; FASEN is their labels (kept as a name for callers).
FASEN = FASE_LABEL


class Advies(StrEnum):
    """Advies van AD&A na de verlengde intake."""

    # Dutch docstring on purpose: the Prefect form shows it next to the field.
    traject = "traject"
    indicatie_banenafspraak = "indicatie-banenafspraak"
    beschut_werk = "beschut-werk"
    medisch_onderzoek = "medisch-onderzoek"
    hulpverlening = "hulpverlening"
    tijdelijk_oponthoud = "tijdelijk-oponthoud"


ADVIES_LABEL: dict[Advies, str] = {
    Advies.traject: "Re-integratietraject in een fase",
    Advies.indicatie_banenafspraak: "Indicatie banenafspraak aanvragen",
    Advies.beschut_werk: "Advies beschut werk aanvragen",
    Advies.medisch_onderzoek: "Medisch onderzoek",
    Advies.hulpverlening: "Professionele hulpverlening / terug naar de gemeente",
    Advies.tijdelijk_oponthoud: "Tijdelijk oponthoud",
}


class Besluit(StrEnum):
    """Besluit van de werkcoach op het advies van AD&A."""

    volgen = "volgen"
    afwijken = "afwijken"


def advies_label(advies: Advies, fase: Fase | None) -> str:
    return f"{ADVIES_LABEL[advies]}: {FASEN[fase]}" if advies == Advies.traject and fase else ADVIES_LABEL[advies]


def controleer_advies(advies: Advies, fase: Fase | None, veld: str = "--fase") -> None:
    """A traject advies names its fase; any other advies names none."""
    if advies == Advies.traject and fase is None:
        raise OngeldigeInvoer(f"Advies 'traject' noemt de fase ({veld}); kies uit {', '.join(f.value for f in Fase)}.")
    if advies != Advies.traject and fase is not None:
        raise OngeldigeInvoer(f"Een fase ({veld}) hoort alleen bij advies 'traject', niet bij '{advies.value}'.")


@dataclass(frozen=True)
class StartPlan:
    advies_due: date  # three months after the start, on a werkdag
    timer: date  # the werkdag after: the case wakes when no advies came
    tussenevaluatie: date  # midway, on a werkdag


def plan_start(vandaag: date, kalender: Kalender) -> StartPlan:
    due = kalender.vorige_werkdag(vandaag + relativedelta(months=DUUR_MAANDEN), inclusief=True)
    return StartPlan(advies_due=due, timer=kalender.werkdagen_erbij(due, 1),
                     tussenevaluatie=kalender.volgende_werkdag(vandaag + timedelta(weeks=TUSSENEVALUATIE_WEKEN),
                                                               inclusief=True))


def plan_onderzoek(soort: Onderzoek, vandaag: date, uiterlijk: date | None, advies_due: date,
                   kalender: Kalender) -> date:
    """The onderzoek's due date: the given one or the catalogue's duration, on a werkdag, never
    after the advies is due (the advies needs its result)."""
    if uiterlijk is None:
        uiterlijk = min(vandaag + timedelta(weeks=soort.standaard_weken), advies_due)
    elif uiterlijk <= vandaag:
        raise TransitionRefused(f"De datum {uiterlijk.isoformat()} voor het onderzoek moet na vandaag liggen.")
    elif uiterlijk > advies_due:
        raise TransitionRefused(f"De datum {uiterlijk.isoformat()} voor het onderzoek ligt na de adviesdatum "
                                f"{advies_due.isoformat()}; kies een eerdere datum.")
    dag = kalender.vorige_werkdag(uiterlijk, inclusief=True)
    if dag <= vandaag:
        dag = kalender.volgende_werkdag(uiterlijk, inclusief=True)
    if dag <= vandaag:
        raise TransitionRefused(f"Het advies is al op {advies_due.isoformat()} verschuldigd; een nieuw onderzoek "
                                "past er niet meer in.")
    return dag


@dataclass(frozen=True)
class BesluitPlan:
    gekozen: Advies  # what is started: the advies, or the werkcoach's own choice
    fase: Fase | None
    vervolg: str  # for the audit line
    taak: str | None  # a task for the werkcoach: what to arrange by hand (None: werkpad starts it)


def plan_besluit(besluit: Besluit, advies: Advies, fase: Fase | None, anders: Advies | None,
                 andere_fase: Fase | None) -> BesluitPlan:
    """What follows the werkcoach's decision. Following takes the advies; deviating names another."""
    if besluit == Besluit.volgen:
        if anders is not None:
            raise OngeldigeInvoer("Bij besluit 'volgen' hoort geen ander advies (--anders); kies 'afwijken'.")
        gekozen, gekozen_fase = advies, fase
    else:
        if anders is None:
            raise OngeldigeInvoer("Bij besluit 'afwijken' noemt u wat er wel gebeurt (--anders).")
        controleer_advies(anders, andere_fase)
        if anders == advies and andere_fase == fase:
            raise OngeldigeInvoer("Het andere advies (--anders) is gelijk aan het advies van AD&A; kies 'volgen'.")
        gekozen, gekozen_fase = anders, andere_fase
    taak = {
        Advies.traject: None,
        Advies.tijdelijk_oponthoud: None,
        Advies.indicatie_banenafspraak: None,  # werkpad starts the indicatie process (domain/indicatie.py)
        Advies.beschut_werk: None,
        Advies.medisch_onderzoek: "Medisch onderzoek aanvragen",
        Advies.hulpverlening: "Professionele hulpverlening regelen / terugmelden bij de gemeente",
    }[gekozen]
    return BesluitPlan(gekozen, gekozen_fase, advies_label(gekozen, gekozen_fase), taak)


def controleer_start_mogelijk(referentie: str, status: Status) -> None:
    """AD&A starts after the gemeente's grant (route verlengde intake) or in a running traject;
    before that there is no uitkering decision and nobody to plan it for."""
    if status == Status.afgesloten:
        raise TransitionRefused(f"{referentie} is afgesloten; een verlengde intake kan niet meer.")
    if status not in (Status.traject, Status.verlengde_intake):
        raise TransitionRefused(f"{referentie} staat op '{STATUS_LABEL[status]}'; een verlengde intake start pas na "
                                "het uitkeringsbesluit van de gemeente (route verlengde intake) of in een lopend "
                                "traject. Er is niets gewijzigd.")



def controleer_traject_open(referentie: str, traject_status: str) -> None:
    """Every step of the verlengde intake needs a traject that is not closed."""
    traject_open(referentie, traject_status, "een verlengde intake")  # the one rule (domain/traject.py)


def controleer_onderzoek_mogelijk(referentie: str, stap_status: str) -> None:
    """An onderzoek is asked for only while the verlengde intake runs (before the advies)."""
    if stap_status != LOOPT:
        raise TransitionRefused(f"{referentie}: verlengde intake staat op "
                                f"'{VERLENGDE_INTAKE.status_label(stap_status)}'; een onderzoek kan niet meer.")


def controleer_advies_open(referentie: str, stap_status: str) -> None:
    """AD&A's advies is recorded once: while the intake runs or after its term passed."""
    if stap_status not in (LOOPT, TE_LAAT):
        raise TransitionRefused(f"{referentie}: het advies van AD&A is al vastgelegd.")


def controleer_advies_termijn_verstreken(referentie: str, wekker: date | None, vandaag: date) -> None:
    """Only the timer wakes "advies verlopen": a run started by hand (a form) before the timer's date
    (the werkdag after the advies was due) is refused, like every other woken step. `wekker`: the
    open timer's date; None when the sweep already closed it (then it woke the case on its date)."""
    if wekker is not None and vandaag < wekker:
        raise TransitionRefused(f"{referentie}: het advies van AD&A is pas na de adviesdatum te laat; de wekker "
                                f"gaat op {wekker.isoformat()}. Er is niets gewijzigd.")


def controleer_besluit_mogelijk(referentie: str, stap_status: str) -> None:
    """The werkcoach decides only after AD&A's advies."""
    if stap_status != ADVIES_GEGEVEN:
        raise TransitionRefused(f"{referentie}: verlengde intake staat op "
                                f"'{VERLENGDE_INTAKE.status_label(stap_status)}'; "
                                "besluiten kan pas na het advies van AD&A.")
