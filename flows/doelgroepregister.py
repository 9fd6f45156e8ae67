"""Doelgroepregister volgen: every werkdag, look up each open watch at Suwinet (scheduled); by hand for every
watch or one traject (`werkpad doelgroepregister controle [REF]`, a step declared in
domain/indicatie_stappen.py: an unknown traject or one that waits for nothing is refused inside the run)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.indicatie_stappen import DOELGROEPREGISTER_CONTROLE as STAP
from domain.stap import Weigering
from flows._common import cron
from flows._stap import deployment, stapflow
from tasks.dispatch import verstuur
from tasks.doelgroepregister import controleer, vat_samen

PROCES = "doelgroepregister"


def _controle(referentie: str | None, nu: datetime) -> Any:
    """Each traject on its own: a transient fault leaves its watch open for the next run, a refusal by Suwinet
    gives the werkcoach a task, a registration runs the process's continuation. One traject's mails are sent by
    the step (its reference); a round's here."""
    uitkomsten = controleer.task(nu=nu, referentie=referentie)
    if isinstance(uitkomsten, Weigering):
        return uitkomsten
    if referentie is None:
        verstuur.task(nu=nu)
    return vat_samen(uitkomsten)


doelgroepregister_controle = stapflow(STAP, lambda i, nu: _controle(i.referentie, nu))


def deployments() -> list[Any]:
    tags = [f"proces:{PROCES}"]
    return [
        deployment(STAP, doelgroepregister_controle, __name__),
        deployment(STAP, doelgroepregister_controle, __name__, tags, naam="werkdagen-0800",
                   schedules=[cron("doelgroepregister-controle", "0 8 * * 1-5")],
                   beschrijving="Vraag Suwinet naar registraties in het doelgroepregister (praktijkroute, indicatie)."),
    ]
