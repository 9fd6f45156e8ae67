"""The identity provider's groups become werkpad roles through the configured mapping; nothing else does."""

from __future__ import annotations

import pytest

from domain.rollen import ROLLEN, STANDAARD_KOPPELING, koppeling_fout, rollen_uit_groepen


def test_the_default_mapping_gives_every_role_and_only_werkpad_roles() -> None:
    assert set(STANDAARD_KOPPELING.values()) == ROLLEN == {"werkcoach", "jobcoach", "ada", "wsp", "teamleider"}
    assert rollen_uit_groepen(["werkpad-werkcoaches", "werkpad-teamleiders", "personeel", "vpn-gebruikers"],
                              STANDAARD_KOPPELING) == {"werkcoach", "teamleider"}


def test_without_werkpad_groups_there_is_no_role() -> None:
    assert rollen_uit_groepen(["personeel", "klantmanagers-velsen"], STANDAARD_KOPPELING) == frozenset()
    assert rollen_uit_groepen([], STANDAARD_KOPPELING) == frozenset()
    assert rollen_uit_groepen(None, STANDAARD_KOPPELING) == frozenset()


@pytest.mark.parametrize("groepen", ["werkpad-ada", ["/werkpad-ada"], ["Werkpad-ADA "], ["werkpad-ada", "werkpad-ada"]])
def test_one_string_a_keycloak_path_and_another_case_still_match(groepen: object) -> None:
    assert rollen_uit_groepen(groepen, STANDAARD_KOPPELING) == {"ada"}  # type: ignore[arg-type]


def test_no_partial_or_nested_match_and_non_strings_are_ignored() -> None:
    groepen = ["werkpad-ada-oud", "/andere-org/werkpad-ada", "werkpad", 42, None, {"naam": "werkpad-wsp"}]
    assert rollen_uit_groepen(groepen, STANDAARD_KOPPELING) == frozenset()


def test_an_own_mapping_replaces_the_default_and_may_give_two_groups_one_role() -> None:
    koppeling = {"IJW-Coaches-Beverwijk": "werkcoach", "IJW-Coaches-Velsen": "werkcoach", "IJW-WSP": "wsp"}
    assert rollen_uit_groepen(["IJW-Coaches-Velsen", "IJW-WSP"], koppeling) == {"werkcoach", "wsp"}
    assert rollen_uit_groepen(["werkpad-werkcoaches"], koppeling) == frozenset()


def test_a_mapping_to_something_that_is_no_role_gives_no_role() -> None:
    assert rollen_uit_groepen(["beheerders"], {"beheerders": "admin"}) == frozenset()


def test_a_bad_mapping_is_named() -> None:
    assert koppeling_fout(STANDAARD_KOPPELING) is None
    assert koppeling_fout({}) == "koppelt geen enkele groep aan een rol; dan kan niemand inloggen"
    assert koppeling_fout({" ": "werkcoach"}) == "bevat een lege groepsnaam"
    assert koppeling_fout({"gemeente-velsen": "klantmanager"}) == (
        "koppelt groep 'gemeente-velsen' aan 'klantmanager', geen rol van werkpad (kies uit ada, jobcoach, teamleider, "
        "werkcoach, wsp)")
