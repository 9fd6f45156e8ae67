"""Issue 20 item 20 as pure rules: the nazorg outlives an uitstroom into work; whoever loses a task is told,
except the one who made it lapse."""

from __future__ import annotations

import pytest

from domain.errors import TransitionRefused
from domain.fasen import Uitstroom, controleer_nazorg_loopt, nazorg_loopt_door
from domain.taken_vervallen import te_informeren


def test_nazorg_goes_on_after_an_uitstroom_into_work_only() -> None:
    assert [u.value for u in Uitstroom if nazorg_loopt_door(u)] == [
        "werkaanvaarding", "garantiebaan", "nbw-dienstverband"]
    assert not nazorg_loopt_door(Uitstroom.voortijdig_afgebroken)
    assert not nazorg_loopt_door(Uitstroom.einde_uitkering)


def test_ending_the_nazorg_needs_one() -> None:
    controleer_nazorg_loopt("IJW-2026-000001", True)
    with pytest.raises(TransitionRefused) as e:
        controleer_nazorg_loopt("IJW-2026-000001", False)
    assert str(e.value) == "IJW-2026-000001: er loopt geen nazorg van een jobcoach; er is niets gewijzigd."


def test_every_owner_is_told_but_the_one_who_closed() -> None:
    eigenaars = ["jc@ijw.example", "wc@ijw.example", "km@velsen.example", "jc@ijw.example"]
    assert te_informeren(eigenaars, "werkcoach", "wc@ijw.example") == ["jc@ijw.example", "km@velsen.example"]
    assert te_informeren(eigenaars, "WC@ijw.example", "wc@ijw.example") == ["jc@ijw.example", "km@velsen.example"]
    assert te_informeren(eigenaars, "teamleider", "wc@ijw.example") == [
        "jc@ijw.example", "wc@ijw.example", "km@velsen.example"]
    assert te_informeren(eigenaars, "gemeente", "wc@ijw.example")[1] == "wc@ijw.example"  # an afwijzing: all told
