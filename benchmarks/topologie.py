"""End-to-end and burst benchmarks on a real stack (issue 21, benchmarks 2 and 3). A measurement, not a test.

    .venv/bin/python -m benchmarks.topologie e2e   [--cases 10] [--workers 1 2]
    .venv/bin/python -m benchmarks.topologie burst [--runs 500] [--topologie ingebed productie]

Each run starts `werkpad up` on private ports in a fresh data folder (WERKPAD_TESTKLOK=1, so a run may take the
moved clock `nu` and a case walks weeks of steps in seconds), drives it through Prefect's REST API as the CLI's
door does (idempotency key per run), and stops it.

e2e: cases side by side, each aanmelding → brede intake → uitkeringsbesluit → fase → uitstroom (5 step runs on
the workers), on the productie topology with 1 and 2 workers; against Prefect's floor, a bare flow with the same
number of no-op tasks per run (benchmarks/vloer.py), in the same pool on the same server, in the same pattern.
burst: `runs` trajectplan-doel runs created at once: time to all Completed, against `runs` × one run alone;
then counts the doelen in the case store (nothing lost or doubled).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
NU = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # a Monday; the moved clock of every case


def _poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stack:
    def __init__(self, topologie: str, workers: int = 2) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="werkpad-bench-"))
        self.data = self.tmp / "data"
        self.poort = _poort()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "WERKPAD_"))}
        self.env.update({
            "WERKPAD_DATA_DIR": str(self.data), "WERKPAD_STACK__PREFECT_PORT": str(self.poort),
            "WERKPAD_STACK__SIMULATOR_PORT": str(_poort()), "WERKPAD_MAIL__SMTP_PORT": str(_poort()),
            "WERKPAD_STACK__KETENPARTNER_PORT": str(_poort()), "WERKPAD_STACK__POSTGRES_PORT": str(_poort()),
            "WERKPAD_WEB__POORT": str(_poort()),
            "WERKPAD_STACK__TOPOLOGIE": topologie, "WERKPAD_STACK__WORKERS": str(workers), "WERKPAD_TESTKLOK": "1",
        })
        self.api = f"http://127.0.0.1:{self.poort}/api"
        self.sim = f"http://127.0.0.1:{self.env['WERKPAD_STACK__SIMULATOR_PORT']}"
        self.out = open(self.tmp / "up.log", "wb")  # noqa: SIM115
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "werkpad.cli", "up"], cwd=ROOT, env=self.env,
                                     stdout=self.out, stderr=subprocess.STDOUT, start_new_session=True)
        while "werkpad draait" not in (self.tmp / "up.log").read_text(errors="replace"):
            if self.proc.poll() is not None or time.perf_counter() - t0 > 300:
                raise SystemExit((self.tmp / "up.log").read_text(errors="replace"))
            time.sleep(0.2)
        self.start_s = time.perf_counter() - t0
        auth = self.data / "prefect-auth"
        self.headers = ({"Authorization": "Basic " + base64.b64encode(auth.read_text().strip().encode()).decode()}
                        if auth.exists() else {})
        self.http = httpx.Client(base_url=self.api, headers=self.headers, timeout=30)
        self.deps = {(d["entrypoint"].rsplit(":", 1)[1], d["name"]): d["id"]
                     for d in self.http.post("/deployments/filter", json={"limit": 200}).json()}

    def stop(self) -> None:
        self.http.close()
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(120)
        self.out.close()

    def post(self, pad: str, **kw: Any) -> httpx.Response:
        """As the CLI's door, more patiently: a busy server (503) or a dropped connection is asked again
        (idempotent calls) for up to a minute; the embedded SQLite server answers 503 for longer than the
        door's 15 s under a burst, and the count of retries is part of the result."""
        for wacht in (0.5, 1, 2, 4, 8, 8, 8, 8, 8, 8, 8, None):
            try:
                r = self.http.post(pad, **kw)
                if r.status_code != 503 or wacht is None:
                    return r
            except httpx.TransportError:
                if wacht is None:
                    raise
            self.opnieuw += 1
            time.sleep(wacht)
        raise AssertionError("unreachable")

    opnieuw = 0

    def start(self, flow: str, naam: str, params: dict[str, Any], sleutel: str) -> str:
        r = self.post(f"/deployments/{self.deps[(flow, naam)]}/create_flow_run",
                           json={"parameters": params, "idempotency_key": sleutel})
        if r.status_code >= 400:
            raise SystemExit(f"{flow}/{naam}: {r.status_code} {r.text[:500]}")
        return str(r.json()["id"])

    def wacht(self, ids: list[str], seconden: float = 3600) -> dict[str, dict[str, Any]]:
        eind = time.monotonic() + seconden
        klaar: dict[str, dict[str, Any]] = {}
        while len(klaar) < len(ids) and time.monotonic() < eind:
            open_ = [i for i in ids if i not in klaar]
            for i in range(0, len(open_), 200):
                r = self.post("/flow_runs/filter", json={"flow_runs": {"id": {"any_": open_[i:i + 200]}},
                                                              "limit": 200})
                for run in r.json():
                    if run["state_type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                        klaar[run["id"]] = run
            time.sleep(0.3)
        return klaar

    def draai(self, flow: str, naam: str, params: dict[str, Any], sleutel: str) -> dict[str, Any]:
        rid = self.start(flow, naam, params, sleutel)
        return self.wacht([rid])[rid]

    def shell(self, code: str) -> str:
        """Run werkpad code with the stack's settings (the store-first aanmelding: the BSN is no parameter)."""
        p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=self.env, capture_output=True, text=True)
        if p.returncode:
            raise SystemExit(p.stderr[-2000:])
        return p.stdout


def _bsn(i: int) -> str:
    while True:  # the 11-proef
        basis = f"{100000000 + i * 7:09d}"[:8]
        for laatste in range(10):
            b = basis + str(laatste)
            if sum(int(c) * w for c, w in zip(b, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11 == 0 and b[0] != "0":
                return b
        i += 1


def aanmeldingen(st: Stack, n: int, tag: str) -> list[str]:
    code = f"""
from datetime import date, datetime
from tasks import runtime
from tasks.aanmelding import meld_aan
rt = runtime.get()
nu = datetime.fromisoformat("{NU.isoformat()}")
for i in range({n}):
    bsn = {[_bsn(hash(tag) % 100000 + i * 13) for i in range(n)]!r}[i]
    print(meld_aan(rt, bsn=bsn, naam=f"Bench {{i}}", geboortedatum=date(1990, 1, 1), gemeente="velsen",
                   werkcoach="wc@ijmondwerkt.example", nu=nu, actor="bench"))
"""
    return st.shell(code).split()


def _om(d: date, uur: int) -> str:
    return datetime(d.year, d.month, d.day, uur - 1, 0, tzinfo=UTC).isoformat()


def case_stappen(ref: str) -> list[tuple[str, str, dict[str, Any]]]:
    intake = NU.date() + timedelta(days=14)
    return [
        ("aanmelding", "aanmelding", {"referentie": ref, "nu": NU.isoformat()}),
        ("brede_intake_uitkomst", "uitkomst-vastleggen", {
            "referentie": ref, "advies": "positief", "route": "traject", "door": "wc@ijmondwerkt.example",
            "plan_van_aanpak": [{"omschrijving": "Trajectplan opstellen", "eigenaar": "werkcoach",
                                 "deadline": (intake + timedelta(days=14)).isoformat()}],
            "nu": _om(intake, 16)}),
        ("uitkeringsbesluit", "uitkeringsbesluit", {"referentie": ref, "besluit": "toegekend",
                                                    "nu": _om(intake + timedelta(days=1), 10)}),
        ("traject_fase", "fase", {"referentie": ref, "fase": "werk-vinden", "reden": "Direct bemiddelbaar",
                                  "nu": _om(intake + timedelta(days=3), 10)}),
        ("traject_uitstroom", "uitstroom", {"referentie": ref, "uitkomst": "werkaanvaarding", "reden": "Vast contract",
                                            "nu": _om(intake + timedelta(days=17), 10)}),
    ]


def pijplijnen(st: Stack, werk: list[list[tuple[str, str, dict[str, Any]]]], tag: str) -> tuple[float, list[Any]]:
    """Each list of runs one after another, the lists side by side; wall time and every final run."""
    runs: list[Any] = []
    fouten: list[str] = []

    def een(i: int, stappen: list[tuple[str, str, dict[str, Any]]]) -> None:
        for j, (flow, naam, params) in enumerate(stappen):
            if flow == "uitkeringsbesluit":  # the gemeente decides first (its simulator), as in the demo
                httpx.post(f"{st.sim}/_sim/uitkeringen/{params['referentie']}", json={"status": "toegekend"}, timeout=10)
            try:
                run = st.draai(flow, naam, params, f"bench-{tag}-{i}-{j}")
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - reported below, the other cases go on
                fouten.append(f"{flow}: {exc}")
                return
            runs.append(run)
            if run["state_type"] != "COMPLETED" or run["state_name"] == "Geweigerd":
                fouten.append(f"{flow}: {run['state_name']} {run['state'].get('message', '')[:200]}")

    t0 = time.perf_counter()
    draden = [threading.Thread(target=een, args=(i, w)) for i, w in enumerate(werk)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    wall = time.perf_counter() - t0
    if fouten:
        print("  niet gelukt:", *fouten[:5], sep="\n    ")
    return wall, runs


def taken_per_run(st: Stack, runs: list[Any]) -> float:
    ids = [r["id"] for r in runs]
    n = st.http.post("/task_runs/count", json={"flow_runs": {"id": {"any_": ids}}}).json()
    return float(n) / max(1, len(ids))


def registreer_vloer(st: Stack) -> None:
    code = """
import asyncio
from pathlib import Path
from benchmarks.vloer import vloer
dep = vloer.to_deployment(name="vloer", job_variables={"working_dir": str(Path.cwd())})
asyncio.run(dep._create(work_pool_name="werkpad"))
"""
    env = {**st.env, "PREFECT_API_URL": st.api}
    if st.headers:
        env["PREFECT_API_AUTH_STRING"] = (st.data / "prefect-auth").read_text().strip()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True)
    st.deps = {(d["entrypoint"].rsplit(":", 1)[1], d["name"]): d["id"]
               for d in st.http.post("/deployments/filter", json={"limit": 200}).json()}


def e2e(cases: int, workers: list[int]) -> None:
    for n in workers:
        st = Stack("productie", workers=n)
        try:
            refs = aanmeldingen(st, cases, f"e2e{n}")
            wall, runs = pijplijnen(st, [case_stappen(r) for r in refs], f"e2e{n}")
            k = taken_per_run(st, runs)
            registreer_vloer(st)
            vloer_werk = [[("vloer", "vloer", {"taken": round(k)})] * 5 for _ in refs]
            vloer_wall, _ = pijplijnen(st, vloer_werk, f"vloer{n}")
            print(f"workers={n}: {cases} cases, {len(runs)} step runs ({k:.1f} tasks/run): {wall:.1f} s "
                  f"= {cases / wall * 60:.1f} cases/min; floor (bare flow, {round(k)} no-op tasks): "
                  f"{vloer_wall:.1f} s = {cases / vloer_wall * 60:.1f}/min; ratio {wall / vloer_wall:.2f}x "
                  f"(stack start {st.start_s:.1f} s)", flush=True)
        finally:
            st.stop()


def burst(runs: int, topologieen: list[str]) -> None:
    for topologie in topologieen:
        st = Stack(topologie)
        try:
            refs = aanmeldingen(st, 10, f"burst{topologie}")
            for i, ref in enumerate(refs):  # the trajecten must exist and be open: the aanmelding run
                st.draai("aanmelding", "aanmelding", {"referentie": ref, "nu": NU.isoformat()}, f"a-{i}")
            een = []
            for i in range(3):
                t0 = time.perf_counter()
                st.draai("trajectplan_doel", "doel", {"referentie": refs[0], "omschrijving": f"Los doel {i}",
                                                      "door": "wc@ijmondwerkt.example", "nu": NU.isoformat()},
                         f"los-{i}")
                een.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            ids = [st.start("trajectplan_doel", "doel", {"referentie": refs[i % len(refs)],
                                                          "omschrijving": f"Burst-doel {i}",
                                                          "door": "wc@ijmondwerkt.example", "nu": NU.isoformat()},
                            f"burst-{i}") for i in range(runs)]
            gemaakt = time.perf_counter() - t0
            klaar = st.wacht(ids)
            wall = time.perf_counter() - t0
            staten = statistics.multimode([r["state_name"] for r in klaar.values()])
            telling = st.shell("""
from sqlmodel import select, func
from casestore.db import session
from casestore.models import Doel
from tasks import runtime
with session(runtime.get().engine) as s:
    print(s.exec(select(func.count()).select_from(Doel).where(Doel.omschrijving.like('Burst-doel %'))).one())
""").strip()
            losse = statistics.median(een)
            print(f"{topologie}: {runs} runs at once: created in {gemaakt:.1f} s, all final after {wall:.1f} s "
                  f"({len(klaar)} final, most {staten}); one run alone {losse:.1f} s (× {runs} = {losse * runs:.0f} s): "
                  f"ratio {wall / (losse * runs):.2f}; doelen in the store: {telling} (expected {runs}); 503/retries: "
                  f"{st.opnieuw}", flush=True)
        finally:
            st.stop()


def hartslag(runs: int) -> None:
    """What a flow-run heartbeat costs a sync flow: the engine joins its heartbeat thread, which sleeps in 1-s
    steps. An empty sync flow, in this process, against a bare Prefect server, with and without heartbeats."""
    tmp = Path(tempfile.mkdtemp(prefix="werkpad-hartslag-"))
    poort = _poort()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}, "PREFECT_HOME": str(tmp)}
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--port", str(poort)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        api = f"http://127.0.0.1:{poort}/api"
        while True:
            try:
                if httpx.get(f"{api}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        os.environ.update({"PREFECT_API_URL": api, "PREFECT_HOME": str(tmp), "PREFECT_LOGGING_LEVEL": "WARNING"})
        from prefect import flow
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        @flow
        def leeg() -> None:
            return None

        leeg()  # warm: imports, the flow's registration
        for naam, waarde in (("zonder hartslag", None), ("hartslag 30 s", 30)):
            tijden = []
            with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: waarde}):
                for _ in range(runs):
                    t0 = time.perf_counter()
                    leeg()
                    tijden.append(time.perf_counter() - t0)
            print(f"{naam}: median {statistics.median(tijden):.2f} s per empty sync flow run ({runs} runs)", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="wat", required=True)
    a = sub.add_parser("e2e")
    a.add_argument("--cases", type=int, default=10)
    a.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    b = sub.add_parser("burst")
    b.add_argument("--runs", type=int, default=500)
    b.add_argument("--topologie", nargs="+", default=["ingebed", "productie"])
    h = sub.add_parser("hartslag")
    h.add_argument("--runs", type=int, default=10)
    args = p.parse_args()
    print(json.dumps({"machine": f"{os.cpu_count()} cores", "python": sys.version.split()[0]}))
    if args.wat == "e2e":
        e2e(args.cases, args.workers)
    elif args.wat == "hartslag":
        hartslag(args.runs)
    else:
        burst(args.runs, args.topologie)


if __name__ == "__main__":
    main()
