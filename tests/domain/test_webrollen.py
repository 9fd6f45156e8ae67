"""Who is who in werkpad web without an identity provider (domain/webrollen.py): roles from where werkpad knows an
address, and who may open a task link (the addressee, or a member of the role mailbox it went to)."""

from __future__ import annotations

from domain.instelling import web_geheim_fout
from domain.webrollen import (
    ADA,
    JOBCOACH,
    KLANTMANAGER,
    TEAMLEIDER,
    WERKCOACH,
    WSP,
    Adresboek,
    GemeenteAdressen,
    geadresseerde_uit,
    gemeenten_van_teamleider,
    mag_openen,
    rollen_van,
)

BOEK = Adresboek(
    gemeenten={"velsen": GemeenteAdressen(teamleider="TL@velsen.example", consulent="c@velsen.example",
                                          klantmanager="km@velsen.example", wsp="wsp@ijw.example",
                                          uitkeringsadministratie="ua@velsen.example"),
               "heemskerk": GemeenteAdressen(teamleider="tl@velsen.example", consulent="c@heemskerk.example",
                                             klantmanager="km@heemskerk.example", wsp="wsp@ijw.example")},
    ada=frozenset({"ada@ijw.example", "tl.ada@ijw.example"}), ada_teamleider="tl.ada@ijw.example",
    jobcoaches=frozenset({"jobcoaches@ijw.example"}), werkcoaches=frozenset({"wc@ijw.example"}))


def kenmerk(adres: str) -> str:
    return "#" + adres  # any keyed hash; the rule only compares


def test_roles_follow_where_werkpad_knows_the_address() -> None:
    assert rollen_van(" WC@ijw.example ", BOEK) == {WERKCOACH}
    assert rollen_van("tl@velsen.example", BOEK) == {TEAMLEIDER}
    assert gemeenten_van_teamleider("tl@velsen.example", BOEK) == ["heemskerk", "velsen"]
    assert rollen_van("ua@velsen.example", BOEK) == {KLANTMANAGER} == rollen_van("c@heemskerk.example", BOEK)
    assert rollen_van("wsp@ijw.example", BOEK) == {WSP}
    assert rollen_van("ada@ijw.example", BOEK) == {ADA}
    assert rollen_van("tl.ada@ijw.example", BOEK) == {ADA, TEAMLEIDER}
    assert rollen_van("jobcoaches@ijw.example", BOEK) == {JOBCOACH}
    assert rollen_van("iemand@elders.example", BOEK) == frozenset()  # unknown: no login at all


def test_a_link_opens_for_its_addressee_or_the_role_of_its_mailbox_only() -> None:
    assert mag_openen("wc@ijw.example", {WERKCOACH}, kenmerk("wc@ijw.example"), BOEK, kenmerk)
    assert not mag_openen("ander@ijw.example", {WERKCOACH}, kenmerk("wc@ijw.example"), BOEK, kenmerk)  # forwarded
    # a task mailed to a role mailbox: any member of that role (from OIDC groups), nobody else
    assert mag_openen("jc1@ijw.example", {JOBCOACH}, kenmerk("jobcoaches@ijw.example"), BOEK, kenmerk)
    assert mag_openen("a1@ijw.example", {ADA}, kenmerk("ada@ijw.example"), BOEK, kenmerk)
    assert mag_openen("w1@ijw.example", {WSP}, kenmerk("wsp@ijw.example"), BOEK, kenmerk)
    assert not mag_openen("w1@ijw.example", {WERKCOACH, TEAMLEIDER}, kenmerk("jobcoaches@ijw.example"), BOEK,
                          kenmerk)
    # the AD&A teamleider's own address is a person, not a team mailbox
    assert not mag_openen("a1@ijw.example", {ADA}, kenmerk("tl.ada@ijw.example"), BOEK, kenmerk)
    assert geadresseerde_uit(kenmerk("km@velsen.example"), ["c@velsen.example", ""], kenmerk) is None
    assert geadresseerde_uit(kenmerk("km@velsen.example"), ["c@velsen.example", "KM@velsen.example"],
                             kenmerk) == "km@velsen.example"


def test_the_web_secret_rule() -> None:
    assert web_geheim_fout(None, True) is None  # ontwikkeling: made once in the data folder
    assert "ontbreekt" in (web_geheim_fout(None, False) or "") and "ontbreekt" in (web_geheim_fout("  ", False) or "")
    assert "32" in (web_geheim_fout("x" * 31, False) or "")
    assert web_geheim_fout("x" * 32, False) is None
