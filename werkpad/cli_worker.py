"""`werkpad worker start`: one Prefect process worker for werkpad's work pool, on this host.

In the productie topology the server host runs `werkpad up --topologie productie` (with
WERKPAD_STACK__WORKERS=0 when its workers run elsewhere) and every worker host runs this, with the same
settings and the same release at the same path. A stopped worker pauses nothing: runs go Late and run when a
worker returns.
"""

from __future__ import annotations

import os
import sys

import typer

from werkpad.commando import fail, out, settings

app = typer.Typer(help="Workers van de productietopologie: ze voeren de runs uit de werkpool uit.",
                  no_args_is_help=True)


@app.command("start")
def start(naam: str = typer.Option(..., "--naam", help="Naam van deze worker (uniek in de werkpool), bijv. werkpad-3"),
          limiet: int = typer.Option(4, "--limiet", min=1, max=64, help="Hoeveel runs deze worker tegelijk uitvoert")
          ) -> None:
    """Start een worker voor de werkpool (tot Ctrl-C); de server moet al draaien."""
    import httpx

    from werkpad.settings import api_headers, child_env, prefect_api_url

    s = settings()
    if s.casestore.url.startswith("sqlite:"):  # a worker on its own SQLite file would see no case at all
        fail("Deze worker zou de case store in SQLite gebruiken; workers delen de PostgreSQL van de productietopologie: "
             "zet WERKPAD_STACK__TOPOLOGIE=productie (en dezelfde instellingen als de server) of WERKPAD_CASESTORE__URL.")
    api = prefect_api_url(s)
    try:
        r = httpx.get(f"{api}/work_pools/{s.stack.werkpool}", headers=api_headers(s), timeout=5)
    except httpx.HTTPError:
        fail(f"Prefect-server niet bereikbaar op {api}; start eerst de server (werkpad up --topologie productie).")
    if r.status_code == 401:
        fail(f"De Prefect-server op {api} weigert: het API-wachtwoord ontbreekt of klopt niet (WERKPAD_STACK__API_AUTH).")
    if r.status_code == 404:
        fail(f"De werkpool '{s.stack.werkpool}' bestaat niet op {api}; start de server met "
             "werkpad up --topologie productie (of zet WERKPAD_STACK__WERKPOOL).")
    out.print(f"Worker '{naam}' start voor werkpool '{s.stack.werkpool}' op {api}.", highlight=False)
    sys.stdout.flush()
    env = {**child_env(s), "PREFECT_WORKER_QUERY_SECONDS": os.environ.get("PREFECT_WORKER_QUERY_SECONDS", "1")}
    os.execvpe(sys.executable, [sys.executable, "-m", "prefect", "worker", "start", "--pool", s.stack.werkpool,
                                "--type", "process", "--name", naam, "--limit", str(limiet)], env)
