"""Watching the doelgroepregister until UWV registers the deelnemer (reusable).

A process instance `doelgroepregister` waits (status `wacht`) after something that should lead to
a registration: the praktijkroute's re-integratiebericht (domain/loonwaarde.py), later a positive
indicatie banenafspraak. Its `vervolg` (in the instance's data) names the continuation that runs
when the register shows the registration; each process registers its own continuation. A
scheduled lookup on werkdagen asks Suwinet (UWVDossierQuotumArbeidsbeperktenGSD) for every open
watch; a registration that stays out for a set number of weeks (setting, default 8: an
organisation norm, UWV names no term for processing an IB signal) reminds the werkcoach and then
escalates to the teamleider through the normal reminder policy.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.errors import TransitionRefused
from domain.kalender import Kalender
from domain.proces import Proces, overgangen

WACHT, GEREGISTREERD, VERVALLEN = "wacht", "geregistreerd", "vervallen"

DOELGROEPREGISTER = Proces(
    naam="doelgroepregister",
    label="Registratie doelgroepregister",
    statussen={WACHT: "Wacht op registratie", GEREGISTREERD: "Geregistreerd", VERVALLEN: "Vervallen"},
    start=WACHT,
    overgangen=overgangen(wacht=(GEREGISTREERD, VERVALLEN), geregistreerd=(), vervallen=()),
    gebeurtenissen=frozenset({"doelgroepregister.gestart", "doelgroepregister.geregistreerd",
                              "doelgroepregister.fout", "doelgroepregister.vervallen"}),
)

UITBLIJVEN = "doelgroepregister.uitblijven"  # the deadline: registration still missing after N weeks
NAVRAGEN_TAAK = "doelgroepregister.navragen"  # Suwinet refused the lookup (FWI): a person looks
GRONDSLAG = "Doelgroepregister (UWV, Suwinet); werkafspraak IJmond Werkt! (organisatienorm)"
ESCALATIE_WEKEN = 8


def uitblijven_due(start: date, weken: int, kalender: Kalender) -> date:
    """The werkdag on or after start + N weeks."""
    return kalender.volgende_werkdag(start + timedelta(weeks=weken), inclusief=True)


def controleer_te_volgen(referentie: str, loopt: bool, geregistreerd_sinds: str | None) -> None:
    """Only a running registration can be watched (`loopt`); one already found says since when
    (`geregistreerd_sinds`: its date, "?" when unknown; None when the person was never found)."""
    if loopt:
        return
    if geregistreerd_sinds is not None:
        raise TransitionRefused(f"{referentie}: staat al in het doelgroepregister (sinds {geregistreerd_sinds}); er "
                                "valt niets meer te volgen.")
    raise TransitionRefused(f"{referentie}: er loopt geen registratie doelgroepregister om te volgen.")
