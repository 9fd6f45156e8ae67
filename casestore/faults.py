"""Fault points for crash tests: WERKPAD_FAULT=<name>[:<n>] ends the process at the n-th pass.

A real crash (os._exit, no cleanup, no commit) is the only honest way to test that the
outbox survives one; nothing else in the code depends on this.
"""

from __future__ import annotations

import os
from collections import Counter

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
        os._exit(EXIT_CODE)
