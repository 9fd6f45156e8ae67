"""Fault points for crash tests: WERKPAD_FAULT=<name>[:<n>] ends the process at the n-th pass.

A real crash (os._exit, no cleanup, no commit) is the only honest way to test that the
outbox survives one; nothing else in the code depends on this. With WERKPAD_FAULT_STOP=<file> the
process instead writes its pid to that file and stands still at the point, for a supervisor to SIGKILL its
whole process group there (the chaos test: a worker killed mid-step, its flow run still RUNNING).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

_passes: Counter[str] = Counter()
EXIT_CODE = 97


def point(name: str) -> None:
    spec = os.environ.get("WERKPAD_FAULT")
    if not spec:
        return
    target, _, n = spec.partition(":")
    if target != name:
        return
    _passes[name] += 1
    if _passes[name] >= int(n or 1):
        if stop := os.environ.get("WERKPAD_FAULT_STOP"):
            Path(stop).write_text(str(os.getpid()))
            while True:  # until the supervisor's SIGKILL (bounded by the test that set it)
                time.sleep(1)
        os._exit(EXIT_CODE)
