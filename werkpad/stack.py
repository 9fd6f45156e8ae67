"""`werkpad up`: the whole local stack in one command; Ctrl-C stops all of it."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url

from notifications.mailcatcher import MailCatcher
from tasks.settings import Omgeving, env_name
from werkpad.settings import Settings, api_headers, child_env, prefect_api_url

out = Console()
err = Console(stderr=True)


def _wait(url: str, what: str, proc: subprocess.Popen[bytes], seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"{what} is gestopt tijdens het starten (exit {proc.returncode}); zie .werkpad/logs/.")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{what} reageert niet op {url} na {seconds:.0f} s.")


def _deployments(api: str, headers: dict[str, str]) -> set[str]:
    """Every deployment Prefect knows, as 'flow/deployment' (paged: Prefect gives at most 200 a call)."""
    flows: dict[str, str] = {}
    namen: set[str] = set()
    offset = 0
    while True:
        r = httpx.post(f"{api}/deployments/filter", json={"limit": 200, "offset": offset}, headers=headers,
                       timeout=5)
        r.raise_for_status()
        batch = r.json()
        for d in batch:
            if d["flow_id"] not in flows:
                f = httpx.get(f"{api}/flows/{d['flow_id']}", headers=headers, timeout=5)
                flows[d["flow_id"]] = f.json().get("name", "?") if f.status_code == 200 else "?"
            namen.add(f"{flows[d['flow_id']]}/{d['name']}")
        if len(batch) < 200:
            return namen
        offset += 200


def _deployments_ready(api: str, verwacht: Path, proc: subprocess.Popen[bytes], headers: dict[str, str],
                       seconds: float = 120) -> None:
    """Wait until Prefect knows every deployment werkpad serves (the serving process lists them in `verwacht`);
    on a timeout say which are missing."""
    end = time.monotonic() + seconds
    gevonden: set[str] = set()
    expected: set[str] = set()
    while time.monotonic() < end:
        if not expected:
            expected = set(json.loads(verwacht.read_text())) if verwacht.exists() else set()
            if not expected:
                if proc.poll() is not None:
                    raise SystemExit(f"De deployments zijn gestopt tijdens het starten (exit {proc.returncode}); zie "
                                     ".werkpad/logs/.")
                time.sleep(0.2)
                continue
        if proc.poll() is not None and proc.returncode != 0:
            raise SystemExit(f"De deployments zijn gestopt tijdens het starten (exit {proc.returncode}); zie "
                             ".werkpad/logs/deployments.log.")
        try:
            gevonden = _deployments(api, headers)
            if expected <= gevonden:
                return
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        time.sleep(1)
    ontbreekt = sorted(expected - gevonden)
    raise SystemExit(f"Na {seconds:.0f} s kent Prefect {len(expected & gevonden)} van de {len(expected)} deployments; "
                     f"ontbrekend: {', '.join(ontbreekt[:8])}{' …' if len(ontbreekt) > 8 else ''}. Zie "
                     ".werkpad/logs/deployments.log.")


def _gemeente_bereikbaar(s: Settings) -> str | None:
    """None when the configured gemeente answers a catalogue read; else the reason, in one Dutch line."""
    from integrations.gemeente.client import GemeenteClient
    from integrations.gemeente.errors import GemeenteError

    try:
        with GemeenteClient(s.gemeente) as c:
            c.zaaktypen("IJW-REINTEGRATIE")
    except GemeenteError as exc:
        return str(exc)
    return None


def lokale_gemeente(s: Settings) -> bool:
    """werkpad talks to the local gemeente-simulator (the default), not to a real gemeente."""
    return s.gemeente.api_url.rstrip("/") in (f"http://127.0.0.1:{s.stack.simulator_port}",
                                             f"http://localhost:{s.stack.simulator_port}")


def met_ouder(args: list[str]) -> list[str]:
    """`args` so that the child gets SIGTERM when `werkpad up` dies, even by SIGKILL (Linux's parent-death
    signal, set by util-linux's setpriv before it execs the child; without setpriv the child runs as before)."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--", *args] if setpriv else args


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def bezette_poort(s: Settings) -> str | None:
    """The first port the stack needs that it cannot have, as one Dutch line; None if all are free.

    Checked before anything starts: a second `werkpad up` on the same ports used to end in a
    traceback from the mail-catcher (OSError: address already in use). SO_REUSEADDR as the
    servers themselves use it, so a port in TIME_WAIT after a stop does not count as taken."""
    poorten = [(s.mail.smtp_host, s.mail.smtp_port, "mail-catcher", env_name("mail", "smtp_port")),
               ("127.0.0.1", s.stack.simulator_port, "gemeente-simulator", env_name("stack", "simulator_port")),
               ("127.0.0.1", s.stack.ketenpartner_port, "ketenpartner-simulator", env_name("stack", "ketenpartner_port")),
               ("127.0.0.1", s.stack.prefect_port, "Prefect-server", env_name("stack", "prefect_port")),
               ("127.0.0.1", s.web.poort, "werkpad web", env_name("web", "poort"))]
    if s.stack.topologie == "productie" and s.stack.postgres_url is None:  # the stack's own PostgreSQL cluster
        poorten.append(("127.0.0.1", s.stack.postgres_port, "PostgreSQL-cluster", env_name("stack", "postgres_port")))
    if not lokale_gemeente(s):  # no simulator is started then
        poorten = [p for p in poorten if p[2] != "gemeente-simulator"]
    gezien: dict[int, str] = {}
    for host, poort, wat, variabele in poorten:
        if poort in gezien:
            return (f"Poort {poort} is ingesteld voor twee onderdelen ({gezien[poort]} en {wat}); kies een andere met "
                    f"{variabele}.")
        gezien[poort] = wat
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host, poort))
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    return (f"Poort {poort} ({wat}) is al in gebruik: draait de stack al? Kies een andere met "
                            f"{variabele}.")
                return f"Poort {poort} ({wat}) op {host} is niet te openen ({exc.strerror}); zie {variabele}."
    return None


def _data_dir_fout(s: Settings) -> str | None:
    """The data folder must be (or become) a folder: a file there ended in a traceback."""
    pad = s.data_dir
    while not pad.exists() and pad.parent != pad:
        pad = pad.parent
    if not pad.is_dir():
        return f"{pad} is een bestand, geen map; kies een datamap met {env_name('data_dir')}."
    if not os.access(pad, os.W_OK | os.X_OK):
        return f"Geen schrijfrecht op {pad}; kies een datamap met {env_name('data_dir')}."
    return None


def startfout(s: Settings) -> str | None:
    """Everything `werkpad up` can check before it creates or starts anything, the first problem as
    one Dutch line: the configuration files (gemeenten, feestdagen, maatregelen, afspraken), BKWI's
    XSDs, the data folder and the ports. None: the stack may start."""
    from tasks.config import controleer_configuratie

    return controleer_configuratie(s) or xsd_fout(s) or _data_dir_fout(s) or s.web_geheim_fout() or bezette_poort(s)


def xsd_fout(s: Settings) -> str | None:
    """BKWI's XSDs (Suwinet, the Inlichtingenbureau's SuwiML types), supplied by ops through the
    specs_dir settings: a folder that is set must hold them; none set is allowed in development only."""
    from integrations.inlichtingenbureau.bericht import ontbrekende_xsd as ib_ontbreekt
    from integrations.suwinet.berichten import ontbrekende_xsd as suwi_ontbreekt
    from tasks.settings import Omgeving

    for sectie, specs_dir, ontbreekt in (("suwinet", s.suwinet.specs_dir, suwi_ontbreekt),
                                         ("inlichtingenbureau", s.inlichtingenbureau.specs_dir, ib_ontbreekt)):
        variabele = env_name(sectie, "specs_dir")
        if specs_dir is None:
            if s.omgeving is not Omgeving.ontwikkeling:
                return (f"{variabele} is niet gezet: in omgeving '{s.omgeving.value}' controleert werkpad elk "
                        "Suwinet- en IB-bericht tegen de XSD's van BKWI; zet de map met die XSD's.")
            continue
        if (pad := ontbreekt(specs_dir)) is not None:
            return f"De XSD's van BKWI staan niet in {specs_dir} ({pad} ontbreekt); controleer {variabele}."
    return None


def xsd_uit(s: Settings) -> str | None:
    """The one line `werkpad up` says in development when BKWI's XSDs were not supplied; None when
    every XSD check is on (outside development xsd_fout has refused the start instead)."""
    uit = [wat for wat, specs_dir in (("Suwinet", s.suwinet.specs_dir), ("het Inlichtingenbureau",
                                                                         s.inlichtingenbureau.specs_dir))
           if specs_dir is None]
    if not uit:
        return None
    return (f"de XSD-controle van {' en '.join(uit)} staat uit (ontwikkeling, geen XSD's van BKWI); "
            f"zet {env_name('suwinet', 'specs_dir')} op de map met die XSD's om hem aan te zetten.")


def _migreer(s: Settings) -> str | None:
    """Bring the case store to the newest schema; a store that cannot be reached or opened is one line."""
    from tasks import runtime

    try:
        runtime.upgrade_store(s.casestore)
    except Exception as exc:  # an unreachable PostgreSQL, a refused login, an unreadable SQLite file
        from domain.bsn import maskeer_bsns

        regels = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        reden = maskeer_bsns(regels[0][:160]) if regels else type(exc).__name__
        waar = make_url(s.casestore.url).render_as_string(hide_password=True)
        return f"De case store {waar} is niet te openen ({reden}); controleer {env_name('casestore', 'url')}."
    return None


def _keten_geheimen(s: Settings) -> dict[str, str]:
    """The simulator accepts what werkpad is configured to send (passed in the environment, not argv)."""
    env: dict[str, str] = {}
    if s.suwinet.user and s.suwinet.password:
        env |= {"SUWINET_SIMULATOR_USER": s.suwinet.user, "SUWINET_SIMULATOR_PASSWORD": s.suwinet.password.get_secret_value()}
    if s.inlichtingenbureau.user and s.inlichtingenbureau.password:
        env |= {"IB_SIMULATOR_USER": s.inlichtingenbureau.user,
                "IB_SIMULATOR_PASSWORD": s.inlichtingenbureau.password.get_secret_value()}
    from integrations.uwv.simulator import TOKEN_ENV

    env[TOKEN_ENV] = s.uwv.token.get_secret_value()
    return env


def run_stack(s: Settings, demo: bool = False, topologie: str | None = None) -> None:
    from casestore.db import private_dir
    from tasks import runtime
    from werkpad import productie as prod

    if topologie is not None and topologie != s.stack.topologie:  # --topologie: as if the variable were set
        from tasks.settings import klasse

        keuze: dict[str, Any] = {"stack": {"topologie": topologie}}  # merged with the environment's other stack keys
        s = klasse()(**keuze)
    productie = s.stack.topologie == "productie"

    # The local stack migrates its case store on purpose, before anything runs; nothing else
    # migrates implicitly (a flow run on an old schema is refused: `werkpad db-upgrade`). A
    # PostgreSQL store is migrated before the data folder is made, so a bad one leaves nothing.
    sqlite = s.casestore.url.startswith("sqlite:")
    # (the productie topology migrates once its PostgreSQL runs)
    if (fout := startfout(s) or prod.auth_fout(s) or (None if sqlite or productie else _migreer(s))) is not None:
        if demo and "draait de stack al?" in fout:  # the demo needs no second stack
            fout += " De demo kan ook tegen de draaiende stack: ./run demo (in een andere terminal, dezelfde instellingen)."
        err.print(f"[bold red]Fout:[/] {escape(fout)}", highlight=False, soft_wrap=True)
        raise SystemExit(1)
    # Owner-only: the case store, the simulator's state (with BSNs) and the mails live here.
    private_dir(s.data_dir)
    os.chmod(s.data_dir, 0o700)  # also a data folder made by an earlier version (0755)
    cluster = None
    server_extra: dict[str, str] = {}
    if productie:
        from werkpad.postgres import PostgresFout

        if s.omgeving is Omgeving.ontwikkeling:
            prod.maak_auth(s)
        try:
            s, server_extra, cluster = prod.postgres(s, private_dir(s.data_dir / "logs"))
        except PostgresFout as exc:
            err.print(f"[bold red]Fout:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise SystemExit(1) from None
        sqlite = False
        if (fout := _migreer(s)) is not None:
            if cluster is not None:
                cluster.stop()
            err.print(f"[bold red]Fout:[/] {escape(fout)}", highlight=False, soft_wrap=True)
            raise SystemExit(1)
    if sqlite and (fout := _migreer(s)) is not None:
        err.print(f"[bold red]Fout:[/] {escape(fout)}", highlight=False, soft_wrap=True)
        raise SystemExit(1)
    if (melding := xsd_uit(s)) is not None:  # once, at the start of the stack
        err.print(f"[bold yellow]Let op:[/] {escape(melding)}", highlight=False, soft_wrap=True)

    # Ctrl-C and a plain `kill` both stop everything; a shell that started us in the
    # background would otherwise leave SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)

    runtime.configure(runtime.build_runtime(s))  # the demo runs in this process
    env = child_env(s)  # every child gets the same settings, passed down explicitly
    api = prefect_api_url(s)
    logs = private_dir(s.data_dir / "logs")
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    failed = False

    def start(name: str, args: list[str], extra: dict[str, str] | None = None,
              ouder: bool = True) -> subprocess.Popen[bytes]:
        log = open(logs / f"{name}.log", "ab")  # noqa: SIM115 (kept open for the child's lifetime)
        p = subprocess.Popen(met_ouder(args) if ouder else args, stdout=log, stderr=subprocess.STDOUT,
                             env={**env, **(extra or {})}, start_new_session=True)
        procs.append((name, p))
        return p

    if cluster is not None:  # a killed `werkpad up` would leave its own PostgreSQL holding the port
        start("postgres-wacht", cluster.wachter(os.getpid()), ouder=False)  # it must outlive us, briefly

    mail = MailCatcher(private_dir(s.mail_dir), host=s.mail.smtp_host, port=s.mail.smtp_port).start()
    try:
        from integrations.gemeente.simulator import SECRET_ENV

        sim = None
        if lokale_gemeente(s):  # nobody would use a simulator when werkpad talks to a real gemeente
            sim = start("gemeente-simulator", [sys.executable, "-m", "integrations.gemeente.simulator",
                                               "--port", str(s.stack.simulator_port), "--client-id",
                                               s.gemeente.client_id,
                                               "--state-file", str(s.data_dir / "gemeente-simulator.json"),
                                               # a moved clock may date a besluit after today
                                               *(["--klok-vrij"] if s.testklok else [])],
                        extra={SECRET_ENV: s.gemeente.secret.get_secret_value()})
        keten = start("ketenpartner-simulator", [
            sys.executable, "-m", "integrations.ketenpartners.simulator", "--port", str(s.stack.ketenpartner_port),
            "--state-file", str(s.data_dir / "ketenpartner-simulator.json"),
            *(["--specs-dir", str(s.suwinet.specs_dir)] if s.suwinet.specs_dir is not None else [])],
            extra=_keten_geheimen(s))
        server = start("prefect-server", [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                          "--port", str(s.stack.prefect_port)], {**server_extra, **prod.server_env(s)})
        web = start("werkpad-web", [sys.executable, "-m", "werkpad.web", "--port", str(s.web.poort)])
        # Serve (or the registration and the workers) start beside the server: their imports overlap its start,
        # and they wait for its API themselves. They write the deployments to expect into `verwacht`.
        verwacht = logs / "verwachte-deployments.json"
        verwacht.unlink(missing_ok=True)
        if productie:  # the deployments in the work pool, served by the workers
            deelnemer = start("registratie", [sys.executable, "-m", "deployments.pool", "--verwacht", str(verwacht)])
            prod.start_workers(s, start)
        else:
            # The CLI's steps run here and the CLI waits for them: serve looks for new runs every second, not ten.
            deelnemer = start("deployments", [sys.executable, "-m", "deployments.serve", "--verwacht", str(verwacht)],
                              {"PREFECT_RUNNER_POLL_FREQUENCY": os.environ.get("PREFECT_RUNNER_POLL_FREQUENCY", "1")})
        # No promised duration: say what is waited for and the longest wait (_wait, _deployments_ready).
        out.print("Prefect-server, simulatoren en deployments starten; werkpad wacht tot ze antwoorden "
                  "(hoogstens 90 s per onderdeel, 120 s voor de deployments)…", highlight=False)
        if sim is not None:
            _wait(f"http://127.0.0.1:{s.stack.simulator_port}/_sim/health", "Gemeente-simulator", sim)
        _wait(f"http://127.0.0.1:{s.stack.ketenpartner_port}/_sim/health", "Ketenpartner-simulator", keten)
        _wait(f"{api}/health", "Prefect-server", server)
        _wait(f"http://127.0.0.1:{s.web.poort}/gezond", "werkpad web", web)
        _deployments_ready(api, verwacht, deelnemer, api_headers(s))
        if productie:
            if deelnemer.wait(timeout=120) != 0:
                raise SystemExit("De registratie van de deployments is mislukt; zie .werkpad/logs/registratie.log.")
            procs.remove(("registratie", deelnemer))  # done: not a part that must keep running
            if s.stack.workers:
                prod.workers_online(api, s, s.stack.workers)
        ui = api.removesuffix("/api")
        andere_terminal = ("\nIn een andere terminal eerst: export WERKPAD_STACK__TOPOLOGIE=productie (dan vindt de CLI "
                           "deze case store)." if productie and "WERKPAD_STACK__TOPOLOGIE" not in os.environ else "")
        topologie_regel = (f"productie: Prefect op PostgreSQL, werkpool '{s.stack.werkpool}' met {s.stack.workers} "
                           f"workers, API afgesloten (wachtwoord: {prod.auth_bron(s)})" if productie else
                           "ingebed: één serve-proces" + ("" if api_headers(s) else ", API open (ontwikkeling)"))
        gemeente_fout = None if sim is not None else _gemeente_bereikbaar(s)
        probeer = ("Probeer: .venv/bin/werkpad demo (op een lege datamap)   ·   "
                   if s.omgeving is Omgeving.ontwikkeling and not productie else "")
        gemeente_regel = (f"Gemeente-simulator  {s.gemeente.api_url}  (ZGW Zaken/Catalogi/Besluiten, aanvraag-zaken)"
                          if sim is not None else
                          f"Gemeente (ZGW)      {s.gemeente.api_url}  (client_id {s.gemeente.client_id})")
        out.print(f"""
[bold green]werkpad draait.[/]
  Prefect UI          {ui}
  {gemeente_regel}
  Ketenpartners       http://127.0.0.1:{s.stack.ketenpartner_port}  (Suwinet, Inlichtingenbureau, UWV)
  Werkpad web         {s.web.basis_url}  (taken uit de mails, Mijn werkvoorraad)
  Mail-catcher        smtp://{s.mail.smtp_host}:{s.mail.smtp_port}  → {s.mail_dir}
  Case store          {make_url(s.casestore.url).render_as_string(hide_password=True)}
  Topologie           {topologie_regel}
  Logs                {logs}
{probeer}Ctrl-C stopt alles.{andere_terminal}
""", highlight=False)
        if gemeente_fout:  # the stack runs (the outbox keeps what it cannot send), but say so now
            err.print(f"[bold yellow]Let op:[/] de gemeente antwoordt niet zoals nodig: {gemeente_fout} Berichten "
                      "blijven in de wachtrij; controleer met: werkpad gemeente controleer", highlight=False,
                      soft_wrap=True)
        if demo:
            from werkpad.demo import DemoGeweigerd, run_demo
            try:
                run_demo(out, s)
            except DemoGeweigerd as exc:  # the stack runs on; only the demo is refused
                err.print(f"[bold red]Fout:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        while all(p.poll() is None for _, p in procs):
            time.sleep(1)
        dead = [f"{n} (exitcode {p.returncode})" for n, p in procs if p.poll() is not None]
        # A stack with a dead part misses schedules or mails: say which part, and exit non-zero
        # so a supervisor (systemd, a shell loop) sees the failure.
        err.print(f"[bold red]Fout:[/] {', '.join(dead)} is gestopt; de stack stopt. Zie {logs}.", highlight=False)
        failed = True
    except KeyboardInterrupt:
        out.print("\nStoppen…")
    finally:
        for _, p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)  # serve pauses its deployments on SIGTERM
        for _, p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        mail.stop()
        if cluster is not None:
            cluster.stop()
        out.print("Alles gestopt.")
    if failed:
        raise SystemExit(1)

