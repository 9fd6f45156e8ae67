"""The doelgroepregister's refusal as a pure rule (domain/doelgroepregister.py): one case that passes and
the refused ones; the messages are compared whole."""

from __future__ import annotations

import pytest

from domain.doelgroepregister import controleer_te_volgen
from domain.errors import TransitionRefused

REF = "IJW-2026-0001"


def test_alleen_een_lopende_registratie_valt_te_volgen() -> None:
    controleer_te_volgen(REF, True, None)
    with pytest.raises(TransitionRefused) as e:
        controleer_te_volgen(REF, False, "2026-11-30")
    assert str(e.value) == (f"{REF}: staat al in het doelgroepregister (sinds 2026-11-30); er valt niets meer te "
                            "volgen.")
    with pytest.raises(TransitionRefused) as e:
        controleer_te_volgen(REF, False, None)
    assert str(e.value) == f"{REF}: er loopt geen registratie doelgroepregister om te volgen."
