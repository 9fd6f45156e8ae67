"""CLI latency: each command as a user runs it, in a fresh process, against a fixed environment.

    .venv/bin/python -m benchmarks.cli [--runs 7]

Every command runs `--runs` times (after one untimed warm-up) in a subprocess with a temporary
data folder and SQLite case store, no Prefect server and no gemeente (both point at a closed
port, so commands that need them measure their refusal path). Reports the median wall time and
its ratio to a bare `python -c pass`, and whether the command's process imported Prefect.
A measurement, not a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (label, werkpad arguments, expected exit code)
COMMANDS: list[tuple[str, list[str], int]] = [
    ("werkpad --help", ["--help"], 0),
    ("werkpad termijn bezwaar --vanaf 2026-02-20 --json", ["termijn", "bezwaar", "--vanaf", "2026-02-20", "--json"], 0),
    ("werkpad case show IJW-2026-000001", ["case", "show", "IJW-2026-000001"], 0),
    ("werkpad aanmelden (ongeldig BSN, geweigerd)",
     ["aanmelden", "--gemeente", "velsen", "--bsn", "123456789", "--geboortedatum", "1990-01-01", "--naam", "X",
      "--werkcoach", "wc@ijw.example"], 1),
    ("werkpad taak-afronden 999 (onbekende taak)", ["taak-afronden", "999"], 1),
    ("werkpad uitkering-controle (geen Prefect-server)", ["uitkering-controle"], 1),
    ("werkpad maatregel status IJW-2026-000001", ["maatregel", "status", "IJW-2026-000001"], 0),
    ("werkpad maatregel typen", ["maatregel", "typen"], 0),
    ("werkpad rapport --periode 2026Q4 --tabel beschikkingen", ["rapport", "--periode", "2026Q4", "--tabel",
                                                                 "beschikkingen"], 0),
]

# Runs the CLI like `python -m werkpad.cli`, then reports whether Prefect got imported.
PROBE = """
import runpy, sys
sys.argv = ["werkpad"] + sys.argv[1:]
try:
    runpy.run_module("werkpad.cli", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
sys.stderr.write("\\nPREFECT_IMPORTED=%s\\n" % ("prefect" in sys.modules))
"""


def environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WERKPAD_", "PREFECT_"))}
    env.update({"WERKPAD_DATA_DIR": str(tmp), "WERKPAD_CASESTORE__URL": f"sqlite:///{tmp / 'werkpad.db'}",
                "WERKPAD_GEMEENTE__API_URL": "http://127.0.0.1:9", "PREFECT_API_URL": "http://127.0.0.1:9/api",
                "PREFECT_HOME": str(tmp / "prefect"), "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
    return env


def seed(env: dict[str, str]) -> None:
    """One registered traject for `case show` (plain step function, no Prefect, no gemeente)."""
    code = ("from datetime import date, datetime, UTC\nfrom tasks import runtime\nfrom tasks.aanmelding import registreer\n"
            "runtime.upgrade_store(runtime.settings().casestore)\n"
            "registreer(runtime.get(), bsn='999900006', naam='Bench', geboortedatum=date(1990, 1, 1), "
            "gemeente='velsen', werkcoach='wc@ijw.example', nu=datetime(2026, 11, 23, 9, tzinfo=UTC), actor='bench')")
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)


def timed(args: list[str], env: dict[str, str], expect: int | None = None) -> float:
    t0 = time.perf_counter()
    p = subprocess.run(args, env=env, cwd=ROOT, capture_output=True)
    dt = time.perf_counter() - t0
    if expect is not None and p.returncode != expect:
        raise SystemExit(f"{' '.join(args[2:])}: exit {p.returncode}, expected {expect}\n{p.stderr.decode()[-1500:]}")
    return dt


def median_of(args: list[str], env: dict[str, str], runs: int, expect: int | None = None) -> float:
    timed(args, env, expect)  # warm-up: file cache, bytecode
    return statistics.median(timed(args, env, expect) for _ in range(runs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="werkpad-bench-cli-") as d:
        env = environment(Path(d))
        seed(env)
        base = median_of([sys.executable, "-c", "pass"], env, a.runs)
        rows = []
        for label, cmd, expect in COMMANDS:
            t = median_of([sys.executable, "-m", "werkpad.cli", *cmd], env, a.runs, expect)
            probe = subprocess.run([sys.executable, "-c", PROBE, *cmd], env=env, cwd=ROOT, capture_output=True)
            prefect = "ja" if "PREFECT_IMPORTED=True" in probe.stderr.decode() else "nee"
            rows.append((label, t, prefect))
    print(f"`python -c pass`: {base * 1000:.0f} ms (median of {a.runs}); {os.cpu_count()} cores\n")
    print("| command | median | × `python -c pass` | imports Prefect |")
    print("|---|---|---|---|")
    for label, t, prefect in rows:
        print(f"| `{label}` | {t:.2f} s | {t / base:.0f}× | {prefect} |")


if __name__ == "__main__":
    main()
