"""Options of the chaos test (tests/chaos/test_chaos.py): its size and its seed.

Registered by tests/conftest.py's pytest_addoption (pytest reads options only from the conftests it loads at
start, so `./run test -m chaos --chaos-aantal 300` from the repository's root needs them there)."""

from __future__ import annotations

import pytest


def opties(parser: pytest.Parser) -> None:
    groep = parser.getgroup("chaos", "werkpad's chaos test")
    groep.addoption("--chaos-aantal", type=int, default=20,
                    help="Hoeveel trajecten de chaostest door alle processen haalt (CI: 20; met de hand bijv. 300)")
    groep.addoption("--chaos-seed", type=int, default=21, help="Seed van de storingen en de volgorde (deterministisch)")
