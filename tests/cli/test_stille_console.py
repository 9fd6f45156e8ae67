"""A CLI command that runs a flow in-process (`--nu`) prints werkpad's own line and nothing of
Prefect's: no INFO lines about the flow run, no EventsWorker warnings (issue 19 point 9). The run's
logs still reach Prefect's API (the UI); only this process's console is quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import settings_env

ROOT = Path(__file__).resolve().parents[2]


def test_sweep_with_nu_shows_only_werkpads_line(prefect: Any, rt: Any) -> None:
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith(("WERKPAD_", "PREFECT_"))}
    env.update({**settings_env(rt.settings), "PREFECT_API_URL": str(PREFECT_API_URL.value())})
    p = subprocess.run([sys.executable, "-m", "werkpad.cli", "sweep", "--nu", "2026-12-01T07:05"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.startswith("Herinneringen ") and len(p.stdout.splitlines()) == 1, p.stdout
    assert p.stderr == "", p.stderr[-2000:]
    uit = (p.stdout + p.stderr).lower()
    assert "info" not in uit and "prefect" not in uit and "eventsworker" not in uit and "flow run" not in uit
