"""`werkpad brede-intake …`: record the outcome of the brede intake: one door, generated from the step's
declaration (domain/brede_intake_stappen.py); the step checks the case (tasks/brede_intake.py)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Brede intake: de uitkomst vastleggen.", no_args_is_help=True)


def _stappen() -> None:
    from domain.brede_intake_stappen import ACTIE_VORM, UITKOMST
    from werkpad.deur import commando

    commando(app, UITKOMST, "flows.brede_intake", lijsten={"plan_van_aanpak": (
        UITKOMST.optie("plan_van_aanpak"), f"{ACTIE_VORM} (eigenaar: werkcoach, consulent, deelnemer); herhaalbaar")})


_stappen()
