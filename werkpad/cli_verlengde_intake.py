"""`werkpad verlengde-intake …`: three months at AD&A, onderzoeken, the advies and the decision on it: one generated
door per step (werkpad/deur.py), declared in domain/verlengde_intake_stappen.py. Every check on the case is the
step's own guard, inside its run (tasks/verlengde_intake.py)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Verlengde intake bij AD&A (De Passage): onderzoeken, advies en besluit.", no_args_is_help=True)


def _stappen() -> None:
    from domain.verlengde_intake_stappen import STAPPEN
    from werkpad.deur import commandos

    commandos(app, STAPPEN, "flows.verlengde_intake")


_stappen()
