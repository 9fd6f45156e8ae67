"""The productie topology, started as ops start it: `werkpad up --topologie productie` as the server host
(Prefect and the case store on the stack's own PostgreSQL cluster, made with initdb), and workers started
with `werkpad worker start` as on hosts of their own.

What it shows: the API refuses an unauthenticated call; runs of one deployment land on both workers; with
every worker stopped over a scheduled tick the run goes Late (nothing pauses or deletes it, unlike `serve`)
and runs exactly once when one worker returns (the kwartaalrapportage on a quarter's first werkdag).

The one stated exception to "no sleeping in tests": the late run needs the server's real scheduler and its
late-runs service, so this waits (polling, bounded) for the next minute's tick of a test schedule.
"""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port
from tests.stack.test_stack import ERROR_LINE, ROOT, Stack

pytestmark = pytest.mark.skipif(not any(Path(p).exists() for p in ("/usr/local/bin/initdb", "/usr/bin/initdb"))
                                and not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
                                reason="PostgreSQL's server packages (initdb) are not installed")


class Worker:
    def __init__(self, stack: Stack, naam: str) -> None:
        self.naam = naam
        self.log = stack.data / f"worker-{naam}.out"
        self._out = open(self.log, "wb")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen([sys.executable, "-m", "werkpad.cli", "worker", "start", "--naam", naam],
                                     cwd=ROOT, env=stack.env, stdout=self._out, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def runs(self) -> set[str]:
        """The flow runs this worker ran, by id (from its own log): both workers may try a run, the server
        lets one have it and sends the other an abort."""
        regels = self.log.read_text(errors="replace").splitlines()
        geprobeerd = {r.split("submitting flow run '")[1].split("'")[0] for r in regels if "submitting flow run '" in r}
        afgebroken = {r.split("submission of flow run '")[1].split("'")[0] for r in regels
                      if "Aborted submission of flow run '" in r}
        return geprobeerd - afgebroken

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._out.close()


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Stack]:
    (tmp_path / "data").mkdir()
    s = Stack(tmp_path / "data", ("up", "--topologie", "productie"),
              # Every host has the same settings: the workers, the CLI and the server host alike.
              {"WERKPAD_STACK__TOPOLOGIE": "productie", "WERKPAD_STACK__WORKERS": "0",
               "WERKPAD_STACK__POSTGRES_PORT": str(free_port())})
    yield s
    s.stop()


def _online(stack: Stack) -> set[str]:
    r = httpx.post(f"{stack.api}/work_pools/werkpad/workers/filter", json={}, headers=stack.headers, timeout=5)
    return {w["name"] for w in r.json() if w["status"] == "ONLINE"} if r.status_code == 200 else set()


def _sweep_runs(stack: Stack) -> list[dict[str, Any]]:
    return [r for r in stack.flow_runs() if r["flow"] == "deadline-sweep"]


def test_productie_topology_locked_api_two_workers_and_a_late_run_that_runs_once(server: Stack) -> None:
    server.wait_for("werkpad draait", lambda: "werkpad draait" in server.output(), 240)
    assert "productie: Prefect op PostgreSQL" in server.output()
    assert "postgresql://postgres:***@127.0.0.1:" in server.output()  # the case store too, its password hidden
    # Nobody gets into the cluster without its password (the trial read BSNs as user `nobody` while it trusted).
    import psycopg

    poort = server.env["WERKPAD_STACK__POSTGRES_PORT"]
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(f"postgresql://postgres@127.0.0.1:{poort}/werkpad", connect_timeout=5)
    assert (server.data / "postgres-wachtwoord").stat().st_mode & 0o077 == 0

    # Locked: no call without the basic-auth string the stack made (owner-only, in the data folder).
    auth = (server.data / "prefect-auth").read_text().strip()
    assert (server.data / "prefect-auth").stat().st_mode & 0o077 == 0
    assert httpx.post(f"{server.api}/flow_runs/filter", json={}, timeout=5).status_code == 401
    fout = "Basic " + base64.b64encode(b"werkpad:fout").decode()
    assert httpx.post(f"{server.api}/flow_runs/filter", json={}, headers={"Authorization": fout},
                      timeout=5).status_code == 401
    server.headers = {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()}
    assert httpx.post(f"{server.api}/flow_runs/filter", json={}, headers=server.headers, timeout=5).status_code == 200
    # The secret is in no deployment's parameters.
    deps = httpx.post(f"{server.api}/deployments/filter", json={"limit": 200}, headers=server.headers, timeout=5).json()
    assert len(deps) > 50 and all(d["work_pool_name"] == "werkpad" for d in deps)
    assert auth not in str(deps)

    # A step typed at the CLI while no worker runs: the door says so (after 10 s) and waits on; the first worker
    # to come takes it (refused by the step: there is no such traject), and the door prints that.
    stap_err = server.data / "stap.err"
    with open(stap_err, "wb") as fout_uit:
        stap = subprocess.Popen([sys.executable, "-m", "werkpad.cli", "maatregel", "horen", "IJW-2026-000001",
                                 "--gesprek", "2026-12-17 10:00", "--locatie", "Kantoor Velsen"], cwd=ROOT,
                                env=server.env, stdout=subprocess.DEVNULL, stderr=fout_uit)
    server.wait_for("the door's line about no worker", lambda: "wacht op een worker" in stap_err.read_text(), 60)

    # Two workers, as on two hosts; six runs of one deployment land on both (each takes at most four).
    workers = [Worker(server, "host-a"), Worker(server, "host-b")]
    assert stap.wait(150) == 1
    assert stap_err.read_text().strip().splitlines()[-1] == "Fout: Onbekend traject 'IJW-2026-000001'."
    try:
        server.wait_for("two workers online", lambda: _online(server) == {"host-a", "host-b"}, 90)
        dep = next(d for d in deps if d["name"] == "werkdagen-0730")  # the werkvoorraad: cheap on an empty store
        ids = []
        for i in range(6):
            r = httpx.post(f"{server.api}/deployments/{dep['id']}/create_flow_run",
                           json={"idempotency_key": f"test-{i}"}, headers=server.headers, timeout=10)
            r.raise_for_status()
            ids.append(r.json()["id"])

        def klaar() -> bool:
            staat = {r["id"]: r["state_type"] for r in server.flow_runs()}
            return all(staat.get(i) == "COMPLETED" for i in ids)

        server.wait_for("six werkvoorraad runs completed", klaar, 180)
        a, b = workers[0].runs() & set(ids), workers[1].runs() & set(ids)
        assert a and b and not (a & b) and a | b == set(ids), (a, b)

        # Both workers stop. The next minute's scheduled sweep goes Late: nothing paused its deployment.
        for w in workers:
            w.stop()
        assert all(w.proc.returncode is not None for w in workers)
        nu = datetime.now(UTC).isoformat()

        def late() -> dict[str, Any] | None:
            return next((r for r in _sweep_runs(server) if r["state_name"] == "Late"
                         and r["expected_start_time"] > nu[:19]), None)

        gemist = server.wait_for("a Late deadline-sweep run", late, 150)
        sweep_dep = httpx.get(f"{server.api}/deployments/{gemist['deployment_id']}", headers=server.headers,
                              timeout=5).json()
        assert sweep_dep["paused"] is False

        # One worker returns: the missed run runs, once.
        workers = [Worker(server, "host-a")]

        def gedaan() -> dict[str, Any] | None:
            r = next((r for r in _sweep_runs(server) if r["id"] == gemist["id"]), None)
            return r if r and r["state_type"] == "COMPLETED" else None

        klaar_run = server.wait_for("the late sweep completed", gedaan, 120)
        assert klaar_run["run_count"] == 1
        per_tijd = Counter(r["expected_start_time"] for r in _sweep_runs(server) if r["auto_scheduled"])
        assert per_tijd[gemist["expected_start_time"]] == 1
        assert gemist["id"] in workers[0].runs()
    finally:
        for w in workers:
            w.stop()

    logs = server.logs() + "".join(p.read_text(errors="replace") for p in server.data.glob("worker-*.out"))
    bad = ERROR_LINE.search(logs)
    assert bad is None, f"error in the logs:\n{logs[max(0, bad.start() - 1500):bad.start() + 1500]}"

    # A SIGKILLed `werkpad up` takes its parts with it: each child gets its parent-death signal and the
    # watcher stops the stack's own cluster (pg_ctl detaches it), so the next start finds its ports free.
    os.kill(server.proc.pid, signal.SIGKILL)
    server.proc.wait(10)
    poorten = [server.prefect_port, server.sim_port, server.keten_port, server.web_port,
               int(server.env["WERKPAD_STACK__POSTGRES_PORT"])]
    end = time.monotonic() + 60
    while (over := _nog_over(server, poorten)) and time.monotonic() < end:
        time.sleep(0.5)  # polling real processes as they stop, not moving a clock
    assert not over, f"still running after werkpad up was killed: {over}"


def _nog_over(stack: Stack, poorten: list[int]) -> list[str]:
    """What of a stopped stack still runs: ports that still listen, processes that name its data folder."""
    over = []
    for poort in poorten:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", poort)) == 0:
                over.append(f"poort {poort}")
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(stack.data) in cmd:
                over.append(cmd[:120])
    return over
