"""A warm start, side by side with Prefect's own (issue 21): a measurement, not a test.

    .venv/bin/python -m benchmarks.start [--rondes 3] [--topologie ingebed productie]

Bare: `prefect server start` in a Prefect home from an earlier start, to the first 200 of /api/health.
werkpad: `werkpad up` in a data folder from an earlier start (private ports), to its "werkpad draait." line.
One cold start of each first (not counted), then the rounds alternate bare and werkpad.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.topologie import _poort

ROOT = Path(__file__).resolve().parents[1]


def _stop(p: subprocess.Popen[bytes]) -> None:
    os.killpg(p.pid, signal.SIGTERM)
    try:
        p.wait(120)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait(10)


def kaal(home: Path) -> float:
    poort = _poort()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}, "PREFECT_HOME": str(home)}
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--port", str(poort)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{poort}/api/health", timeout=1).status_code == 200:
                    return time.perf_counter() - t0
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
    finally:
        _stop(p)


def werkpad(data: Path, topologie: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "WERKPAD_"))}
    env.update({"WERKPAD_DATA_DIR": str(data), "WERKPAD_STACK__TOPOLOGIE": topologie,
                **{f"WERKPAD_STACK__{k}_PORT": str(_poort()) for k in ("PREFECT", "SIMULATOR", "KETENPARTNER",
                                                                       "POSTGRES")},
                "WERKPAD_MAIL__SMTP_PORT": str(_poort())})
    log = data.parent / f"up-{topologie}.log"
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen([sys.executable, "-m", "werkpad.cli", "up"], cwd=ROOT, env=env, stdout=out,
                             stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while "werkpad draait" not in log.read_text(errors="replace"):
                if p.poll() is not None:
                    raise SystemExit(log.read_text(errors="replace"))
                time.sleep(0.05)
            return time.perf_counter() - t0
        finally:
            _stop(p)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rondes", type=int, default=3)
    ap.add_argument("--topologie", nargs="+", default=["ingebed"])
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="werkpad-start-"))
    print(json.dumps({"machine": f"{os.cpu_count()} cores", "python": platform.python_version(),
                      "load": os.getloadavg()[0]}))
    home = tmp / "prefect-home"
    koud = {"kaal": kaal(home), **{t: werkpad(tmp / t, t) for t in a.topologie}}
    gemeten: dict[str, list[float]] = {k: [] for k in koud}
    for _ in range(a.rondes):
        gemeten["kaal"].append(kaal(home))
        for t in a.topologie:
            gemeten[t].append(werkpad(tmp / t, t))
    k = statistics.median(gemeten["kaal"])
    for naam, tijden in gemeten.items():
        m = statistics.median(tijden)
        print(f"{naam}: cold {koud[naam]:.1f} s; warm median {m:.1f} s ({', '.join(f'{x:.1f}' for x in tijden)}); "
              f"{m / k:.2f}× bare", flush=True)


if __name__ == "__main__":
    main()
