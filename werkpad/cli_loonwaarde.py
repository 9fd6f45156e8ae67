"""`werkpad loonwaarde …`: loonwaardemeting (regulier, praktijkroute): start, meting, zienswijze, rapport,
herbeoordeling: one generated door per step (werkpad/deur.py), declared in domain/loonwaarde_stappen.py. Every
check on the case is the step's own guard, inside its run (tasks/loonwaarde.py)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Loonwaardemeting (regulier of praktijkroute): meting, zienswijzen, rapport, herbeoordeling.",
                  no_args_is_help=True)


def _stappen() -> None:
    from domain.loonwaarde_stappen import STAPPEN
    from werkpad.deur import commandos

    commandos(app, STAPPEN, "flows.loonwaarde")


_stappen()
