"""`werkpad up --topologie productie`: the production shape on one machine.

PostgreSQL for Prefect and the case store (a server by URL, or the stack's own cluster in the data folder),
the Prefect server with its API locked, every deployment in a process work pool served by N workers (each a
process of its own, as on N hosts), the simulators and the mail catcher. docs/operations.md,
"Productietopologie", has the same shape for real hosts.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from domain.instelling import api_auth_fout
from tasks.settings import Omgeving, env_name
from werkpad.postgres import Cluster, databases, prefect_url
from werkpad.settings import Settings, api_auth, api_headers, auth_bestand

Starter = Callable[..., subprocess.Popen[bytes]]


def auth_fout(s: Settings) -> str | None:
    """Outside ontwikkeling the Prefect API and UI are never open (anyone who reaches them could start a
    maatregel's approval or a beschikking)."""
    if s.omgeving is Omgeving.ontwikkeling:
        return None
    auth = api_auth(s)
    if auth is None:
        return (f"{env_name('stack', 'api_auth')} is niet gezet: in omgeving '{s.omgeving.value}' is de Prefect-API "
                "(en de UI) altijd afgesloten; zet een eigen 'gebruiker:wachtwoord' (of PREFECT_API_AUTH_STRING).")
    if (reden := api_auth_fout(auth)) is not None:  # the rule is the domain's
        return f"{env_name('stack', 'api_auth')} {reden} (omgeving '{s.omgeving.value}')."
    return None


def maak_auth(s: Settings) -> None:
    """The local productie topology is locked too: without a setting it makes its own string (owner-only file in
    the data folder, which the CLI reads)."""
    if api_auth(s) is not None:
        return
    bestand = auth_bestand(s)
    bestand.touch(mode=0o600)
    bestand.write_text(f"werkpad:{secrets.token_urlsafe(24)}\n")


def auth_bron(s: Settings) -> str:
    """Where the API's password comes from, for the ready line (never the password itself)."""
    if s.stack.api_auth is not None:
        return env_name("stack", "api_auth")
    bestand = auth_bestand(s)
    if bestand.is_file() and bestand.read_text().strip() == api_auth(s):
        return str(bestand)
    return "PREFECT_API_AUTH_STRING"


def postgres(s: Settings, logs: Path) -> tuple[Settings, dict[str, str], Cluster | None]:
    """Settle PostgreSQL: the settings with the case store on it (unless one was configured), Prefect's database
    variables, and the own cluster to stop afterwards (None: a server given by URL)."""
    from sqlalchemy.engine import make_url

    cluster = None
    if s.stack.postgres_url is not None:
        server = make_url(s.stack.postgres_url.get_secret_value())
    else:
        cluster = Cluster(s.data_dir / "postgres", s.stack.postgres_port)
        afgeleid = s.casestore.url == s._standaard_casestore()  # not configured: derived from the settings
        if cluster.maak() and afgeleid:  # a new cluster has a new password: the derived URL carries it
            s = s.model_copy(update={"casestore": s.casestore.model_copy(update={"url": s._standaard_casestore()})})
        cluster.start(logs / "postgresql.log")
        server = cluster.url
    try:
        urls = databases(server)
    except Exception:
        if cluster is not None:
            cluster.stop()
        raise
    return s, {"PREFECT_SERVER_DATABASE_CONNECTION_URL": prefect_url(urls["prefect"])}, cluster


def server_env(s: Settings) -> dict[str, str]:
    auth = api_auth(s)
    return {"PREFECT_SERVER_API_AUTH_STRING": auth} if auth else {}


def registreer(s: Settings, start: Starter) -> None:
    """Work pool, partner limits, heartbeat automation and every deployment (a short-lived process)."""
    p = start("registratie", [sys.executable, "-m", "deployments.pool"])
    if p.wait(timeout=300) != 0:
        raise SystemExit(f"De deployments konden niet in werkpool '{s.stack.werkpool}' worden gezet (exit "
                         f"{p.returncode}); zie .werkpad/logs/registratie.log.")


def start_workers(s: Settings, start: Starter) -> list[subprocess.Popen[bytes]]:
    """The stack's own workers, each as `werkpad worker start` on a host of its own would run."""
    # A worker asks for runs every second (not Prefect's ten) so a command at the door waits little.
    return [start(f"worker-{i}", [sys.executable, "-m", "werkpad.cli", "worker", "start", "--naam", f"werkpad-{i}"])
            for i in range(1, s.stack.workers + 1)]


def workers_online(api: str, s: Settings, aantal: int, seconds: float = 90) -> None:
    """Wait until the pool has `aantal` online workers."""
    end = time.monotonic() + seconds
    online = 0
    while time.monotonic() < end:
        try:
            r = httpx.post(f"{api}/work_pools/{s.stack.werkpool}/workers/filter", json={}, headers=api_headers(s),
                           timeout=5)
            if r.status_code == 200:
                online = sum(1 for w in r.json() if w.get("status") == "ONLINE")
                if online >= aantal:
                    return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"Na {seconds:.0f} s zijn {online} van de {aantal} workers online; zie .werkpad/logs/worker-*.log.")
