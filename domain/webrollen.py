"""Who is who in werkpad web when no identity provider says so (omgeving ontwikkeling): the roles of an e-mail
address, derived from where werkpad knows it (gemeenten.toml, the process settings, a traject's werkcoach).

Pure: the caller hands in the addresses; the web door decides what each role may see."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

WERKCOACH = "werkcoach"
TEAMLEIDER = "teamleider"
JOBCOACH = "jobcoach"
ADA = "ada"
WSP = "wsp"
KLANTMANAGER = "klantmanager"  # gemeente staff: klantmanager, consulent, uitkeringsadministratie
GEMEENTE_ROLLEN = frozenset({KLANTMANAGER})
ROL_LABEL = {WERKCOACH: "werkcoach", TEAMLEIDER: "teamleider", JOBCOACH: "jobcoach", ADA: "AD&A", WSP: "WSP",
             KLANTMANAGER: "medewerker gemeente"}


@dataclass(frozen=True)
class GemeenteAdressen:
    teamleider: str
    consulent: str
    klantmanager: str
    wsp: str
    uitkeringsadministratie: str = ""


@dataclass(frozen=True)
class Adresboek:
    """The addresses werkpad knows, per gemeente and per role mailbox (all lower case)."""

    gemeenten: Mapping[str, GemeenteAdressen]
    ada: frozenset[str] = frozenset()  # AD&A's mailbox and its teamleider
    ada_teamleider: str = ""
    jobcoaches: frozenset[str] = frozenset()
    werkcoaches: frozenset[str] = field(default_factory=frozenset)


def normaal(email: str) -> str:
    return email.strip().lower()


def rollen_van(email: str, boek: Adresboek) -> frozenset[str]:
    """The roles of an address; empty: werkpad does not know it as staff (no login)."""
    e = normaal(email)
    rollen: set[str] = set()
    for g in boek.gemeenten.values():
        if e == normaal(g.teamleider):
            rollen.add(TEAMLEIDER)
        if e in {normaal(g.consulent), normaal(g.klantmanager), normaal(g.uitkeringsadministratie)} - {""}:
            rollen.add(KLANTMANAGER)
        if e == normaal(g.wsp):
            rollen.add(WSP)
    if e in boek.ada:
        rollen.add(ADA)
    if boek.ada_teamleider and e == normaal(boek.ada_teamleider):
        rollen.add(TEAMLEIDER)
    if e in boek.jobcoaches:
        rollen.add(JOBCOACH)
    if e in boek.werkcoaches:
        rollen.add(WERKCOACH)
    return frozenset(rollen)


def gemeenten_van_teamleider(email: str, boek: Adresboek) -> list[str]:
    """The gemeenten whose team this address leads (a teamleider sees their team's work)."""
    e = normaal(email)
    return sorted(naam for naam, g in boek.gemeenten.items() if normaal(g.teamleider) == e)


def rolpostbussen(boek: Adresboek) -> dict[str, str]:
    """Role mailbox address -> the role whose members may open a task mailed there (AD&A, jobcoaches, WSP)."""
    uit = {a: ADA for a in boek.ada if a != normaal(boek.ada_teamleider)}
    uit.update({a: JOBCOACH for a in boek.jobcoaches})
    uit.update({normaal(g.wsp): WSP for g in boek.gemeenten.values()})
    return uit


def mag_openen(identiteit_email: str, rollen: Iterable[str], geadresseerde: str, boek: Adresboek,
               kenmerk: Callable[[str], str] = normaal) -> bool:
    """May this logged-in person open a task link addressed to `geadresseerde` (as `kenmerk` makes it: the link
    names a keyed hash of the address, not the address): the addressee, or, for a role mailbox, a member of that
    role. Anyone else holds a forwarded link."""
    if kenmerk(normaal(identiteit_email)) == geadresseerde:
        return True
    mijn = set(rollen)
    return any(kenmerk(adres) == geadresseerde and rol in mijn for adres, rol in rolpostbussen(boek).items())


def geadresseerde_uit(geadresseerde: str, kandidaten: Iterable[str], kenmerk: Callable[[str], str]) -> str | None:
    """The address among `kandidaten` that a link names (for the one-time code: mailed to that address only)."""
    return next((normaal(a) for a in kandidaten if a and kenmerk(normaal(a)) == geadresseerde), None)
