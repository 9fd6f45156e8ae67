"""The real local stack, started as a user starts it (`werkpad up`), not the Prefect test harness.

The harness never runs the server's scheduler, so it cannot see what a user sees when the
scheduler breaks (SQLAlchemy 2.1 made it fail every loop while every harness test passed).
Here the schedules must fire by themselves: a cron deployment gets scheduled runs, one of
them is picked up by the served deployments and completes, and no process logs an error.
Then one part of the stack dies, and the stack must stop with a non-zero exit naming it.

It waits on real processes (server start ~15 s, the next minute boundary, the runner's 10-s
poll), so it takes one to two minutes; the waits poll for an outcome, they move no clock.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SPECS_SUWINET, free_port

ROOT = Path(__file__).resolve().parents[2]
CRON_JOBS = {"deadline-sweep", "werkvoorraad", "uitkering-controle", "indicatie-controle",
             "doelgroepregister-controle", "kwartaalrapportage"}  # its next days 1-7 are always < 100 days ahead


class Stack:
    def __init__(self, data: Path, args: tuple[str, ...] = ("up",), extra: dict[str, str] | None = None) -> None:
        self.data = data
        self.prefect_port, self.sim_port, self.smtp_port = free_port(), free_port(), free_port()
        self.keten_port, self.web_port = free_port(), free_port()
        self.api = f"http://127.0.0.1:{self.prefect_port}/api"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "WERKPAD_"))}
        env.update({
            "WERKPAD_DATA_DIR": str(data), "WERKPAD_STACK__PREFECT_PORT": str(self.prefect_port),
            "WERKPAD_STACK__SIMULATOR_PORT": str(self.sim_port), "WERKPAD_MAIL__SMTP_PORT": str(self.smtp_port),
            "WERKPAD_STACK__KETENPARTNER_PORT": str(self.keten_port), "WERKPAD_WEB__POORT": str(self.web_port),
            "WERKPAD_SUWINET__SPECS_DIR": str(SPECS_SUWINET),  # the simulator validates against BKWI's XSDs
            # The one change from a user's stack: the sweep every minute instead of every quarter.
            "WERKPAD_CRON__DEADLINE_SWEEP": "* * * * *",
            **(extra or {}),
        })
        self.env = env
        self.out = open(data / "stack.out", "wb")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen([sys.executable, "-m", "werkpad.cli", *args], cwd=ROOT, env=env,
                                     stdout=self.out, stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        return (self.data / "stack.out").read_text(errors="replace")

    def wait_for(self, what: str, check: Any, seconds: float) -> Any:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                pytest.fail(f"werkpad up stopped while waiting for {what}:\n{self.output()[-3000:]}")
            try:
                got = check()
            except httpx.HTTPError:
                got = None
            if got:
                return got
            time.sleep(1)  # polling a real process for an outcome, not moving a clock
        pytest.fail(f"no {what} after {seconds:.0f} s\n{self.output()[-3000:]}\n{self.logs()[-3000:]}")

    headers: dict[str, str] = {}  # the productie topology's API is locked

    def flow_runs(self) -> list[dict[str, Any]]:
        r = httpx.post(f"{self.api}/flow_runs/filter", json={"limit": 200}, headers=self.headers, timeout=5)
        r.raise_for_status()
        flows = {f["id"]: f["name"] for f in httpx.post(f"{self.api}/flows/filter", json={}, headers=self.headers,
                                                         timeout=5).json()}
        return [{**fr, "flow": flows.get(fr["flow_id"])} for fr in r.json()]

    def logs(self) -> str:
        return "".join(f"\n== {p.name}\n" + p.read_text(errors="replace") for p in sorted((self.data / "logs").glob("*.log")))

    def child_pid(self, marker: str) -> int:
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                if marker in cmd:
                    return int(d.name)
        raise AssertionError(f"no process with {marker!r}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.out.close()


@pytest.fixture()
def stack(tmp_path: Path) -> Iterator[Stack]:
    s = Stack(tmp_path)
    yield s
    s.stop()


ERROR_LINE = re.compile(r"Traceback \(most recent call last\)|\| ERROR +\||^ERROR[: ]| ERROR ", re.MULTILINE)


def test_schedules_fire_on_the_real_stack_and_a_dead_part_stops_it(stack: Stack) -> None:
    stack.wait_for("werkpad draait", lambda: "werkpad draait" in stack.output(), 180)
    # The ketenpartners (Suwinet, Inlichtingenbureau, UWV) answer on their own port, each mounted.
    keten = f"http://127.0.0.1:{stack.keten_port}"
    assert httpx.get(f"{keten}/_sim/health").json()["simulatoren"] == ["suwinet", "inlichtingenbureau", "uwv"]
    for pad in ("/suwinet/_sim/health", "/inlichtingenbureau/_sim/health", "/uwv/_sim/health"):
        assert httpx.get(keten + pad).status_code == 200, pad

    # Every cron deployment gets scheduled runs from the server's scheduler (none with SQLAlchemy 2.1).
    def scheduled() -> set[str]:
        got = {r["flow"] for r in stack.flow_runs() if r["state_type"] == "SCHEDULED"}
        return got if CRON_JOBS <= got else set()

    stack.wait_for("scheduled runs for every cron deployment", scheduled, 90)

    # One of them comes due and runs to completion by itself: nobody starts it.
    def completed_sweep() -> dict[str, Any] | None:
        return next((r for r in stack.flow_runs()
                     if r["flow"] == "deadline-sweep" and r["state_type"] == "COMPLETED"), None)

    run = stack.wait_for("a completed scheduled deadline-sweep", completed_sweep, 150)
    assert run["deployment_id"] and run["auto_scheduled"] is True
    assert run["name"].startswith("deadline-sweep · ")  # the run names itself for the UI
    assert "proces:deadline-sweep" in run["tags"]

    # A step typed at the CLI runs where the flows run: the door starts the deployment's run through the REST
    # API and prints its outcome. Refused by the step (no such traject): one line, the run Completed "Geweigerd".
    stap = [sys.executable, "-m", "werkpad.cli", "maatregel", "horen", "IJW-2026-000001", "--gesprek",
            "2026-12-17 10:00", "--locatie", "Kantoor Velsen"]
    eerst = subprocess.run(stap, cwd=ROOT, env=stack.env, capture_output=True, text=True, timeout=150)
    assert eerst.returncode == 1 and eerst.stdout == "", eerst
    assert eerst.stderr.strip().splitlines() == ["Fout: Onbekend traject 'IJW-2026-000001'."], eerst.stderr
    runs = [r for r in stack.flow_runs() if r["flow"] == "maatregel-horen"]
    assert len(runs) == 1 and runs[0]["state_type"] == "COMPLETED" and runs[0]["state_name"] == "Geweigerd", runs
    assert runs[0]["deployment_id"] and runs[0]["name"] == "maatregelonderzoek · IJW-2026-000001 · horen"
    # The same command again within a minute starts no second run, and says so; with --sleutel it is a repeat.
    nogmaals = subprocess.run(stap, cwd=ROOT, env=stack.env, capture_output=True, text=True, timeout=150)
    aantal = len([r for r in stack.flow_runs() if r["flow"] == "maatregel-horen"])
    assert nogmaals.returncode == 1 and "Onbekend traject" in nogmaals.stderr and "Traceback" not in nogmaals.stderr
    assert aantal == 1 and "al gegeven" in nogmaals.stdout, (aantal, nogmaals)
    bewust = subprocess.run([*stap, "--sleutel", "tweede poging"], cwd=ROOT, env=stack.env, capture_output=True,
                            text=True, timeout=150)
    assert bewust.returncode == 1 and "al gegeven" not in bewust.stdout
    assert len([r for r in stack.flow_runs() if r["flow"] == "maatregel-horen"]) == 2

    # No process of the stack logged an error or a traceback meanwhile.
    logs = stack.logs()
    assert "prefect-server.log" in logs and "deployments.log" in logs
    bad = ERROR_LINE.search(logs)
    assert bad is None, f"error in the stack's logs:\n{logs[max(0, bad.start() - 1500):bad.start() + 1500]}"

    # A dead part stops the whole stack with a non-zero exit that names it.
    os.kill(stack.child_pid(f"integrations.gemeente.simulator --port {stack.sim_port}"), signal.SIGKILL)
    code = stack.proc.wait(90)
    assert code != 0
    assert "gemeente-simulator" in stack.output() and "gestopt" in stack.output()
    assert "prefect" not in [line for line in stack.output().splitlines() if line.startswith("Fout")][0].lower()
