"""`werkpad up`: the whole local stack in one command; Ctrl-C stops all of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from rich.console import Console

from notifications.mailcatcher import MailCatcher
from werkpad.settings import Settings

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


def _deployments_ready(api: str, expected: int, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            r = httpx.post(f"{api}/deployments/filter", json={"limit": 50}, timeout=5)
            if r.status_code == 200 and len(r.json()) >= expected:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_stack(s: Settings, demo: bool = False) -> None:
    from tasks import runtime

    # Ctrl-C and a plain `kill` both stop everything; a shell that started us in the
    # background would otherwise leave SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)

    runtime.get()  # case store migrated before anything runs
    logs = s.data_dir.resolve() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    failed = False

    def start(name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = open(logs / f"{name}.log", "ab")  # noqa: SIM115 (kept open for the child's lifetime)
        p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy(),
                             start_new_session=True)
        procs.append((name, p))
        return p

    mail = MailCatcher(s.mails, host=s.smtp_host, port=s.smtp_port).start()
    try:
        sim = start("gemeente-simulator", [sys.executable, "-m", "integrations.gemeente.simulator",
                                           "--port", str(s.simulator_port),
                                           "--state-file", str(s.data_dir.resolve() / "gemeente-simulator.json")])
        server = start("prefect-server", [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                          "--port", str(s.prefect_port)])
        out.print("Prefect-server start (eerste keer ±20 s)…")
        _wait(f"http://127.0.0.1:{s.simulator_port}/_sim/health", "Gemeente-simulator", sim)
        _wait(f"{os.environ['PREFECT_API_URL']}/health", "Prefect-server", server)
        start("deployments", [sys.executable, "-m", "deployments.serve"])
        from deployments.serve import deployments

        _deployments_ready(os.environ["PREFECT_API_URL"], len(deployments()))
        ui = os.environ["PREFECT_API_URL"].removesuffix("/api")
        out.print(f"""
[bold green]werkpad draait.[/]
  Prefect UI          {ui}
  Gemeente-simulator  http://127.0.0.1:{s.simulator_port}  (ZGW Zaken/Catalogi + uitkeringsstatus)
  Mail-catcher        smtp://{s.smtp_host}:{s.smtp_port}  → {s.mails}
  Case store          {os.environ.get('WERKPAD_DATABASE_URL') or (s.data_dir.resolve() / 'werkpad.db')}
  Logs                {logs}
Probeer: .venv/bin/werkpad demo   ·   Ctrl-C stopt alles.
""", highlight=False)
        if demo:
            from werkpad.demo import run_demo
            run_demo(out)
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
        out.print("Alles gestopt.")
    if failed:
        raise SystemExit(1)


def mail_folder(s: Settings) -> Path:
    return s.mails
