"""The uitkering's refusals as pure rules (domain/uitkering.py): one case that passes and one that is
refused per rule; the messages are compared whole."""

from __future__ import annotations

import pytest

from domain.errors import TransitionRefused
from domain.traject import Uitkeringsbesluit
from domain.uitkering import controleer_besluit_van_gemeente, controleer_zaak_bij_gemeente

REF = "IJW-2026-0001"


def test_zaak_bij_de_gemeente() -> None:
    controleer_zaak_bij_gemeente(REF, "http://gemeente.test/zaken/1")
    with pytest.raises(TransitionRefused) as e:
        controleer_zaak_bij_gemeente(REF, None)
    assert str(e.value) == f"{REF}: de zaak staat nog niet bij de gemeente; er is niets gewijzigd."


def test_besluit_telt_als_de_gemeente_hetzelfde_zegt() -> None:
    assert controleer_besluit_van_gemeente("toegekend", "toegekend", "de gemeente") is Uitkeringsbesluit.toegekend
    with pytest.raises(TransitionRefused) as e:
        controleer_besluit_van_gemeente("toegekend", "afgewezen", "de aanvraag-zaak van de gemeente")
    assert str(e.value) == ("De gemeente meldt 'afgewezen', niet 'toegekend'; er is niets gewijzigd. (werkpad leest "
                            "het besluit zelf uit de aanvraag-zaak van de gemeente; vastleggen is daar niet nodig.)")
