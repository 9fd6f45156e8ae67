"""`werkpad loonwaarde …`: loonwaardemeting (regulier, praktijkroute): start, meting, zienswijze, rapport,
herbeoordeling: one generated door per step (werkpad/deur.py), declared in domain/loonwaarde_stappen.py. Every
check on the case is the step's own guard, inside its run (tasks/loonwaarde.py)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Loonwaardemeting (regulier of praktijkroute): meting, zienswijzen, rapport, herbeoordeling.",
                  no_args_is_help=True)


def _stappen() -> None:
    from domain.loonwaarde_stappen import CLI_NAMEN, STAPPEN
    from werkpad.deur import commando

    alle = {s.naam: s for s in STAPPEN}
    for s in STAPPEN:
        naam = CLI_NAMEN.get(s.naam)
        commando(app, s, "flows.loonwaarde", alle, naam=naam)
        if naam is not None:  # the deployment's name works too (a hint or a form names it), not listed
            commando(app, s, "flows.loonwaarde", alle, verborgen=True)


_stappen()
