"""`werkpad traject …`: the re-integratietraject's fase, the vangnet, parttime werk, uitstroom, the plan van
aanpak's herbeoordeling and contact: one generated door per step (werkpad/deur.py), declared in
domain/traject_stappen.py. Every check on the case is the step's own guard, inside its run."""

from __future__ import annotations

import typer

app = typer.Typer(help="Re-integratietraject: fasen, vangnet, parttime werk en uitstroom.", no_args_is_help=True)


def _stappen() -> None:
    from domain.traject_stappen import STAPPEN
    from werkpad.deur import commandos

    commandos(app, STAPPEN, "flows.fasen")


_stappen()
