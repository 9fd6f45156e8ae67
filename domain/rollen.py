"""Who is who in werkpad web: the staff roles, and the rule that turns an identity provider's groups into them.

The organisation's identity provider (OpenID Connect) holds IJmond Werkt!'s own staff; each werkpad role is one
or more of its groups (a setting, `WERKPAD_OIDC__GROEPEN`). Gemeente staff (klantmanagers,
uitkeringsadministratie) are not in that provider and have no role here: they act through their own task's link.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum


class Rol(StrEnum):
    werkcoach = "werkcoach"
    jobcoach = "jobcoach"
    ada = "ada"            # AD&A (arbeidsdeskundige en arbeidsmarktadvies)
    wsp = "wsp"            # het Werkgeversservicepunt
    teamleider = "teamleider"


ROLLEN: frozenset[str] = frozenset(r.value for r in Rol)

# What a user reads ("u bent ingelogd als AD&A").
ROL_NAMEN: dict[str, str] = {"werkcoach": "werkcoach", "jobcoach": "jobcoach", "ada": "AD&A", "wsp": "WSP",
                             "teamleider": "teamleider"}

# The identity provider's group per role unless the setting says otherwise.
STANDAARD_KOPPELING: dict[str, str] = {
    "werkpad-werkcoaches": "werkcoach",
    "werkpad-jobcoaches": "jobcoach",
    "werkpad-ada": "ada",
    "werkpad-wsp": "wsp",
    "werkpad-teamleiders": "teamleider",
}


def _sleutel(groep: str) -> str:
    # Keycloak sends a top-level group as its path ("/werkpad-werkcoaches"); directories compare names
    # without regard to case.
    return groep.strip().removeprefix("/").casefold()


def rollen_uit_groepen(groepen: Iterable[object] | str | None, koppeling: Mapping[str, str]) -> frozenset[str]:
    """The werkpad roles of a user in these identity-provider groups (the groups claim as it came: a list, one
    string, or absent). Groups without a role are ignored; so is anything that is no group name."""
    if groepen is None:
        return frozenset()
    if isinstance(groepen, str):
        groepen = [groepen]
    rol_per_groep = {_sleutel(groep): rol for groep, rol in koppeling.items() if rol in ROLLEN}
    return frozenset(rol for g in groepen if isinstance(g, str) and (rol := rol_per_groep.get(_sleutel(g))))


def koppeling_fout(koppeling: Mapping[str, str]) -> str | None:
    """Why this group→role mapping cannot be used, or None."""
    if not koppeling:
        return "koppelt geen enkele groep aan een rol; dan kan niemand inloggen"
    for groep, rol in koppeling.items():
        if not _sleutel(groep):
            return "bevat een lege groepsnaam"
        if rol not in ROLLEN:
            return f"koppelt groep '{groep}' aan '{rol}', geen rol van werkpad (kies uit {', '.join(sorted(ROLLEN))})"
    return None
