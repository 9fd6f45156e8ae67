"""`werkpad doelgroepregister controle [REF]`: look up the doelgroepregister now (for every open watch, or one
traject). The step is declared in domain/indicatie_stappen.py; its door is the generic one (werkpad/deur.py), with an
optional reference. An unknown traject, or one that waits for no
registration, is refused by the step itself, inside the run."""

from __future__ import annotations

import typer

app = typer.Typer(help="Registratie in het doelgroepregister volgen (praktijkroute, indicatie).",
                  no_args_is_help=True)


def _stappen() -> None:
    from domain.indicatie_stappen import DOELGROEPREGISTER_CONTROLE
    from werkpad.deur import commando

    commando(app, DOELGROEPREGISTER_CONTROLE, "flows.doelgroepregister")


_stappen()
