"""`werkpad doelgroepregister …`: look up the doelgroepregister now (for every open watch, or one traject)."""

from __future__ import annotations

import typer

from domain.invoer import parse_referentie
from werkpad.commando import guarded, out, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Registratie in het doelgroepregister volgen (praktijkroute, indicatie).",
                  no_args_is_help=True)


@app.command("controle")
def controle(referentie: str | None = typer.Argument(None, help="Alleen dit traject, bijv. IJW-2026-000123"),
             nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Vraag Suwinet nu naar de registratie van elk traject dat erop wacht (of van één traject)."""
    ref = guarded(lambda: parse_referentie(referentie)) if referentie is not None else None
    moment = parse_nu(nu)
    if ref is not None:
        from tasks.doelgroepregister import open_watches

        guarded(lambda: open_watches(runtime(), ref))  # unknown or not waiting: refused before Prefect
    s = settings()
    require_prefect(s)
    runtime()  # built from this invocation's settings before a flow needs it
    from flows.doelgroepregister import doelgroepregister_controle

    res = guarded(lambda: doelgroepregister_controle(referentie=ref, nu=moment))
    out.print(f"{res['gecontroleerd']} traject(en) gecontroleerd: {res['geregistreerd']} geregistreerd, "
              f"{res['wacht']} wachtend, {res['overgeslagen']} overgeslagen, {res['fouten']} fout(en)", highlight=False)
