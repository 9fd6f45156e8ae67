"""The generic process model: transitions as data, refusals that say what is possible."""

import pytest

from domain.errors import TransitionRefused
from domain.proces import Proces, overgangen
from integrations.errors import PartnerMalformed, PartnerRejected, PartnerTransient, is_transient
from integrations.gemeente.errors import GemeenteMalformed, GemeenteRejected, GemeenteTransient

P = Proces(
    naam="proef", label="Proefproces",
    statussen={"open": "Open", "bezig": "Bezig", "klaar": "Klaar", "vervallen": "Vervallen"},
    start="open",
    overgangen=overgangen(open=("bezig", "vervallen"), bezig="klaar", klaar=(), vervallen=()),
    gebeurtenissen=frozenset({"proef.gestart", "proef.afgerond"}),
)


def test_allowed_step_passes_and_end_states_follow_from_the_table() -> None:
    P.controleer("open", "bezig", "IJW-2026-000001")
    assert P.eindstatussen == {"klaar", "vervallen"}
    assert P.is_open("bezig") and not P.is_open("klaar")


def test_refusal_names_the_current_state_and_the_possible_ones() -> None:
    with pytest.raises(TransitionRefused, match="staat op 'Open'; 'Klaar' kan niet. Mogelijk: Bezig, Vervallen"):
        P.controleer("open", "klaar", "IJW-2026-000001")
    with pytest.raises(TransitionRefused, match="al afgerond \\(Klaar\\)"):
        P.controleer("klaar", "bezig", "IJW-2026-000001")


def test_a_table_with_unknown_states_or_foreign_events_fails_at_import() -> None:
    with pytest.raises(ValueError, match="onbekende status"):
        Proces(naam="x", label="X", statussen={"a": "A"}, start="a", overgangen=overgangen(a="b"))
    with pytest.raises(ValueError, match="beginnen met 'x.'"):
        Proces(naam="x", label="X", statussen={"a": "A"}, start="a", overgangen={}, gebeurtenissen=frozenset({"y.z"}))
    assert P.gebeurtenis("afgerond") == "proef.afgerond"
    with pytest.raises(ValueError):
        P.gebeurtenis("ontploft")


def test_gemeente_errors_are_partner_errors_and_only_transient_ones_are_retried() -> None:
    assert isinstance(GemeenteTransient("x"), PartnerTransient)
    assert isinstance(GemeenteRejected("x", 400), PartnerRejected)
    assert isinstance(GemeenteMalformed("x"), PartnerMalformed)
    assert is_transient(GemeenteTransient("x")) and is_transient(ConnectionRefusedError())
    assert not is_transient(GemeenteRejected("x", 400)) and not is_transient(GemeenteMalformed("x"))
    assert not is_transient(ValueError("x"))
