"""Options of the chaos test (tests/chaos/test_chaos.py): its size and its seed."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    groep = parser.getgroup("chaos", "werkpad's chaos test")
    groep.addoption("--chaos-aantal", type=int, default=20,
                    help="Hoeveel trajecten de chaostest door alle processen haalt (CI: 20; met de hand bijv. 300)")
    groep.addoption("--chaos-seed", type=int, default=21, help="Seed van de storingen en de volgorde (deterministisch)")
