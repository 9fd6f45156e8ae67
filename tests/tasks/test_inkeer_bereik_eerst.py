"""Inkeer (Pw art. 18 lid 11) outside lid 5-8 is refused for that reason first: a trial found a 1-month M1M10 for a
missed appointment refused with "de verlaging loopt af … er valt niets te herzien", which hides that no inkeer
route exists for it at all (the letter then says bezwaar is the way)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import DomainError
from tests.conftest import at
from tests.tasks.test_maatregel import COACH, lopend, tot_beschikking


def test_inkeer_outside_lid_5_to_8_names_the_scope_even_after_the_verlaging_ended(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import ontvang_inkeerverzoek

    ref = lopend(rt, sim)
    tot_beschikking(rt, ref, "M1M10")  # afspraak_niet_nagekomen: a verordening's gedraging, not lid 5-8
    with pytest.raises(DomainError) as exc:
        ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 6, 1), nu=at("2027-06-02T09:00"),
                              actor=COACH)
    assert "geüniformeerde arbeidsverplichtingen" in str(exc.value) and "niets te herzien" not in str(exc.value)
