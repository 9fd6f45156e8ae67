"""Data flows one way: werkpad → deployments → flows → tasks → (casestore, integrations,
notifications) → domain. A module that imports a room above its own (also lazily, inside a
function) is in the wrong room; so is a config file that names code upwards by dotted name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"domain", "casestore", "integrations", "notifications", "tasks", "flows", "deployments", "werkpad"}
MAY_IMPORT = {
    "domain": {"domain"},
    "casestore": {"casestore", "domain"},
    "integrations": {"integrations", "domain"},
    "notifications": {"notifications", "domain"},
    "tasks": {"tasks", "casestore", "integrations", "notifications", "domain"},
    "flows": {"flows", "tasks", "domain"},
    "deployments": {"deployments", "flows", "domain"},  # domain: pure rules (the BSN pattern in redact.py)
    "werkpad": OURS,
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out & OURS


@pytest.mark.parametrize("room", sorted(MAY_IMPORT))
def test_no_room_imports_upwards(room: str) -> None:
    wrong = {}
    for path in (ROOT / room).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        bad = imports_of(path) - MAY_IMPORT[room]
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}, f"{room}/ imports rooms above it: {wrong}"


def test_logging_config_names_no_code_above_deployments() -> None:
    text = (ROOT / "deployments" / "logging.yml").read_text(encoding="utf-8")
    for room in OURS - {"deployments"}:
        assert f"{room}." not in text.replace("prefect.", ""), room
