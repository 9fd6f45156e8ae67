"""`werkpad worker start`: one Prefect process worker for werkpad's work pool, on this host.

In the productie topology the server host runs `werkpad up --topologie productie` (with
WERKPAD_STACK__WORKERS=0 when its workers run elsewhere) and every worker host runs this, with the same
settings and the same release at the same path. A stopped worker pauses nothing: runs go Late and run when a
worker returns.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from werkpad.commando import fail, out, settings

app = typer.Typer(help="Workers van de productietopologie: ze voeren de runs uit de werkpool uit.",
                  no_args_is_help=True)


def _werkpool(api: str, pool: str, headers: dict[str, str], wacht: float) -> Any:
    """The pool's answer, once the server gives one other than 'not there yet' (or None after `wacht` s): a worker
    host may start before the server host has registered the pool."""
    import time

    import httpx

    eind = time.monotonic() + wacht
    while True:
        try:
            r = httpx.get(f"{api}/work_pools/{pool}", headers=headers, timeout=5)
            if r.status_code != 404 or time.monotonic() > eind:
                return r
        except httpx.HTTPError:
            if time.monotonic() > eind:
                return None
        time.sleep(0.5)  # polling a server that is starting


@app.command("start")
def start(naam: str = typer.Option(..., "--naam", help="Naam van deze worker (uniek in de werkpool), bijv. werkpad-3"),
          limiet: int = typer.Option(4, "--limiet", min=1, max=64, help="Hoeveel runs deze worker tegelijk uitvoert"),
          wacht: float = typer.Option(120, "--wacht", min=0, max=3600,
                                      help="Zoveel seconden wachten op de server en de werkpool")) -> None:
    """Start een worker voor de werkpool (tot Ctrl-C); wacht zo nodig tot de server en de werkpool er zijn."""

    from werkpad.settings import api_headers, child_env, prefect_api_url

    s = settings()
    if s.casestore.url.startswith("sqlite:"):  # a worker on its own SQLite file would see no case at all
        fail("Deze worker zou de case store in SQLite gebruiken; workers delen de PostgreSQL van de productietopologie: "
             "zet WERKPAD_STACK__TOPOLOGIE=productie (en dezelfde instellingen als de server) of WERKPAD_CASESTORE__URL.")
    from werkpad.commando import runtime

    runtime()  # the case store is reachable and on this code's schema, or one Dutch line
    api = prefect_api_url(s)
    r = _werkpool(api, s.stack.werkpool, api_headers(s), wacht)
    if r is None:
        fail(f"Prefect-server niet bereikbaar op {api} (gewacht: {wacht:.0f} s); start eerst de server "
             "(werkpad up --topologie productie).")
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
