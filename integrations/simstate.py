"""Owner-only, atomic JSON state files for the local simulators (they may hold test BSNs)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_private_json(path: Path, data: dict[str, Any]) -> None:
    """Write atomically (temp file + os.replace); mkstemp creates the file 0600, so the state
    is readable by its owner only, like the gemeente simulator's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path | None) -> dict[str, Any]:
    if path is None or not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def bsn_hash(bsn: str) -> str:
    """What the simulators keep instead of a BSN: enough to find a person again, not to read one.
    (Unsalted: a 9-digit space is small, so this hides BSNs from a glance, not from an attacker;
    the simulators only ever see test BSNs.)"""
    return hashlib.sha256(("werkpad-sim:" + bsn).encode()).hexdigest()[:24]
