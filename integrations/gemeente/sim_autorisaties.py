"""Autorisaties per Applicatie (client_id), as Open Zaak checks them (autorisaties/middleware.py
JWTAuth.has_auth): the scopes of every Autorisatie of the component that matches the zaak's
zaaktype and vertrouwelijkheidaanduiding (or the besluit's besluittype) are pooled; a request
passes when one of the scopes its action requires is among them. heeftAlleAutorisaties passes all.

Scope names are Open Zaak's (components/*/api/scopes.py). A zaaktype is named by identificatie and
a besluittype by omschrijving (the simulator's URLs change per version; the Autorisaties API names
URLs, Open Zaak's admin offers "all current and future versions")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from integrations.gemeente.catalogus import AANVRAAG, MAATREGEL, TRAJECT

# Open Zaak's scopes (zaken, catalogi, besluiten)
ZAKEN_LEZEN = "zaken.lezen"
ZAKEN_AANMAKEN = "zaken.aanmaken"
ZAKEN_BIJWERKEN = "zaken.bijwerken"
ZAKEN_VERWIJDEREN = "zaken.verwijderen"
STATUSSEN_TOEVOEGEN = "zaken.statussen.toevoegen"
ZAKEN_HEROPENEN = "zaken.heropenen"
ZAKEN_GEFORCEERD_BIJWERKEN = "zaken.geforceerd-bijwerken"
CATALOGI_LEZEN = "catalogi.lezen"
BESLUITEN_LEZEN = "besluiten.lezen"
BESLUITEN_AANMAKEN = "besluiten.aanmaken"
BESLUITEN_BIJWERKEN = "besluiten.bijwerken"
BESLUITEN_VERWIJDEREN = "besluiten.verwijderen"
SCOPES = {
    "zrc": {ZAKEN_LEZEN, ZAKEN_AANMAKEN, ZAKEN_BIJWERKEN, ZAKEN_VERWIJDEREN, STATUSSEN_TOEVOEGEN, ZAKEN_HEROPENEN,
            ZAKEN_GEFORCEERD_BIJWERKEN},
    "ztc": {CATALOGI_LEZEN, "catalogi.schrijven", "catalogi.geforceerd-schrijven", "catalogi.geforceerd-verwijderen"},
    "brc": {BESLUITEN_LEZEN, BESLUITEN_AANMAKEN, BESLUITEN_BIJWERKEN, BESLUITEN_VERWIJDEREN},
}
# vng_api_common.constants.VertrouwelijkheidsAanduiding, in order
VERTROUWELIJKHEID = ["openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk", "vertrouwelijk",
                     "confidentieel", "geheim", "zeer_geheim"]
BEHEER_CLIENT = "gemeente-beheer"


@dataclass(frozen=True)
class Autorisatie:
    component: str  # "zrc" (Zaken), "ztc" (Catalogi), "brc" (Besluiten)
    scopes: frozenset[str]
    zaaktype: str | None = None  # zrc: a zaaktype identificatie (None: every zaaktype)
    max_vertrouwelijkheidaanduiding: str = "zeer_geheim"  # zrc
    besluittype: str | None = None  # brc: a besluittype omschrijving (None: every besluittype)

    def past(self, component: str, zaaktype: str | None, vertrouwelijkheid: str | None,
             besluittype: str | None) -> bool:
        if self.component != component:
            return False
        if zaaktype is not None and self.zaaktype not in (None, zaaktype):
            return False
        if vertrouwelijkheid is not None and vertrouwelijkheid in VERTROUWELIJKHEID and (
                VERTROUWELIJKHEID.index(vertrouwelijkheid) > VERTROUWELIJKHEID.index(self.max_vertrouwelijkheidaanduiding)):
            return False
        return besluittype is None or self.besluittype in (None, besluittype)


@dataclass(frozen=True)
class Applicatie:
    autorisaties: tuple[Autorisatie, ...] = ()
    heeft_alle_autorisaties: bool = False
    label: str = ""

    def has_auth(self, scopes: Iterable[str], component: str, *, zaaktype: str | None = None,
                 vertrouwelijkheid: str | None = None, besluittype: str | None = None) -> bool:
        """True when one of `scopes` (Open Zaak's `A | B`: either suffices) is granted."""
        if self.heeft_alle_autorisaties:
            return True
        gegeven: set[str] = set()
        for a in self.autorisaties:
            if a.past(component, zaaktype, vertrouwelijkheid, besluittype):
                gegeven |= a.scopes
        return any(s in gegeven for s in scopes)

    @classmethod
    def van_json(cls, body: dict[str, Any]) -> Applicatie:
        """{"heeftAlleAutorisaties"?: bool, "autorisaties": [{"component": "zrc"|"ztc"|"brc", "scopes": [...],
        "zaaktype"?: identificatie, "maxVertrouwelijkheidaanduiding"?: ..., "besluittype"?: omschrijving}]}.
        Raises ValueError with a Dutch message."""
        alle = body.get("heeftAlleAutorisaties", False)
        if not isinstance(alle, bool):
            raise ValueError("heeftAlleAutorisaties moet true of false zijn")
        items = body.get("autorisaties", [])
        if not isinstance(items, list):
            raise ValueError("autorisaties moet een lijst zijn")
        autorisaties = []
        for a in items:
            if not isinstance(a, dict) or a.get("component") not in SCOPES:
                raise ValueError("elke autorisatie heeft een component: zrc, ztc of brc")
            scopes = a.get("scopes")
            if not isinstance(scopes, list) or not set(scopes) <= SCOPES[a["component"]]:
                raise ValueError(f"onbekende scope voor {a['component']}; bekend: "
                                 + ", ".join(sorted(SCOPES[a["component"]])))
            vertrouwelijk = a.get("maxVertrouwelijkheidaanduiding", "zeer_geheim")
            if vertrouwelijk not in VERTROUWELIJKHEID:
                raise ValueError("onbekende maxVertrouwelijkheidaanduiding")
            autorisaties.append(Autorisatie(a["component"], frozenset(scopes), a.get("zaaktype"), vertrouwelijk,
                                            a.get("besluittype")))
        return cls(tuple(autorisaties), alle)


def standaard_applicatie() -> Applicatie:
    """What werkpad needs, and no more: it writes trajecten and maatregelonderzoeken (no heropenen,
    no geforceerd bijwerken) and only reads the gemeente's own aanvraag levensonderhoud."""
    schrijven = frozenset({ZAKEN_LEZEN, ZAKEN_AANMAKEN, ZAKEN_BIJWERKEN, STATUSSEN_TOEVOEGEN})
    besluiten_schrijven = frozenset({BESLUITEN_LEZEN, BESLUITEN_AANMAKEN})
    return Applicatie((
        *(Autorisatie("zrc", schrijven, z.identificatie, "vertrouwelijk") for z in (TRAJECT, MAATREGEL)),
        Autorisatie("zrc", frozenset({ZAKEN_LEZEN}), AANVRAAG.identificatie, "vertrouwelijk"),
        Autorisatie("ztc", frozenset({CATALOGI_LEZEN})),
        *(Autorisatie("brc", besluiten_schrijven, besluittype=b) for z in (TRAJECT, MAATREGEL) for b in z.besluittypen),
        *(Autorisatie("brc", frozenset({BESLUITEN_LEZEN}), besluittype=b) for b in AANVRAAG.besluittypen),
    ), label="standaard (werkpad)")


def beheer_applicatie() -> Applicatie:
    return Applicatie(heeft_alle_autorisaties=True, label="gemeente-beheer")
