"""One rule for "nothing more on a closed traject", applied by every process's step with its own wording."""

from __future__ import annotations

import pytest

from domain.errors import TransitionRefused
from domain.traject import controleer_traject_open


def test_open_traject_passes_and_closed_is_refused() -> None:
    controleer_traject_open("IJW-2026-000001", "traject", "een indicatie")
    with pytest.raises(TransitionRefused) as e:
        controleer_traject_open("IJW-2026-000001", "afgesloten", "een indicatie")
    assert str(e.value) == "IJW-2026-000001 is afgesloten; een indicatie kan niet meer."
