"""`werkpad tijdelijk-oponthoud …`: pause a traject until a re-check date, continue the pause, end it: one generated
door per step (werkpad/deur.py), declared in domain/tijdelijk_oponthoud_stappen.py. Every check on the case is the
step's own guard, inside its run."""

from __future__ import annotations

import typer

app = typer.Typer(help="Tijdelijk oponthoud: het traject staat stil tot een herbeoordelingsdatum.", no_args_is_help=True)


def _stappen() -> None:
    from domain.tijdelijk_oponthoud_stappen import STAPPEN
    from werkpad.deur import commandos

    commandos(app, STAPPEN, "flows.tijdelijk_oponthoud")


_stappen()
