"""`werkpad doelgroepregister controle [REF]`: look up the doelgroepregister now (for every open watch, or one
traject). The step is declared in domain/indicatie_stappen.py; its door is written here with the generic door's
parts (werkpad/deur.py), because its reference is optional. An unknown traject, or one that waits for no
registration, is refused by the step itself, inside the run."""

from __future__ import annotations

import typer

app = typer.Typer(help="Registratie in het doelgroepregister volgen (praktijkroute, indicatie).",
                  no_args_is_help=True)


@app.command("controle")
def controle(referentie: str | None = typer.Argument(None, help="Alleen dit traject, bijv. IJW-2026-000123"),
             nu: str | None = typer.Option(None, help="Tijdstip voor demo en test (alleen omgeving ontwikkeling): de "
                                                      "stap draait dan in dit proces"),
             sleutel: str | None = typer.Option(None, "--sleutel", help="Eigen sleutel voor een bewuste herhaling")
             ) -> None:
    """Vraag Suwinet nu naar de registratie van elk traject dat erop wacht (of van één traject)."""
    from domain.indicatie_stappen import DOELGROEPREGISTER_CONTROLE as STAP
    from werkpad import deur
    from werkpad.commando import parse_nu

    invoer = deur.lees_invoer(STAP, {"referentie": referentie})
    moment = parse_nu(nu)
    if moment is not None or deur.settings().stappen_in_proces:
        u = deur.in_proces(STAP, "flows.doelgroepregister", invoer, moment)
    else:
        u = deur.via_stack(STAP, invoer, sleutel)
    deur.toon(u)
