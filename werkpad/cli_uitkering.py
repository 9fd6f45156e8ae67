"""`werkpad uitkering …`: the uitkering gate — ask the gemeente for its decisions now (`controle`, no human step),
or record the decision the klantmanager passes on (`besluit`, the step's door)."""

from __future__ import annotations

import typer

from werkpad.commando import guarded, out, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Uitkeringsbesluit van de gemeente: de poort naar het traject.", no_args_is_help=True)


@app.command("controle")
def controle(nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Vraag de gemeente nu naar uitkeringsbesluiten van wachtende trajecten."""
    moment = parse_nu(nu)
    s = settings()
    require_prefect(s)
    runtime()  # built from this invocation's settings before a flow needs it
    from flows.traject import uitkering_controle

    res = guarded(lambda: uitkering_controle(nu=moment))
    out.print(f"{res['gecontroleerd']} traject(en) gecontroleerd: {res['besloten']} besloten, {res['ongewijzigd']} "
              f"ongewijzigd, {res['overgeslagen']} overgeslagen, {res['fouten']} fout(en)", highlight=False)


# -- the decision: one door, generated from its declaration (domain/uitkering_stappen.py) ---------------------
def _stappen() -> None:
    from domain.uitkering_stappen import UITKERINGSBESLUIT
    from werkpad.deur import commando

    commando(app, UITKERINGSBESLUIT, "flows.traject",
             argumenten=[("referentie", "REFERENTIE", "Trajectnummer"), ("besluit", "UITKOMST", "Besluit")])


_stappen()
