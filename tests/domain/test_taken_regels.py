"""taak-afronden's refusal as a pure rule (domain/taken_stappen.py): one case that passes and one that
is refused; the message is compared whole."""

from __future__ import annotations

import pytest

from domain.errors import TransitionRefused
from domain.taken_stappen import controleer_gewone_taak


def test_een_taak_van_een_processtap_rondt_de_stap_af() -> None:
    controleer_gewone_taak(7, None)
    with pytest.raises(TransitionRefused) as e:
        controleer_gewone_taak(7, "de stap 'loonwaarde rapport'")
    assert str(e.value) == "Taak 7 rondt u af in het proces zelf: de stap 'loonwaarde rapport'."
