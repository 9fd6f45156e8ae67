"""The onboarding check of one gemeente's ZGW APIs (`werkpad gemeente controleer`).

It reads the catalogue and says, one Dutch line each, what is missing or different from what
werkpad needs (integrations/gemeente/catalogus.py), and tests the token's rights by behaviour:
a harmless read, and writes that a gemeente must refuse on content (400) — never on rights (403) —
so nothing is created. `autorisaties.lezen` is never asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integrations.gemeente.catalogus import AANVRAAG, MAATREGEL, TRAJECT, ZaaktypeEis
from integrations.gemeente.client import BESLUITEN, CATALOGI, ZAKEN, GemeenteClient
from integrations.gemeente.errors import GemeenteConfiguratie, GemeenteError, GemeenteRejected, GemeenteTransient


@dataclass
class Bevinding:
    ok: bool
    regel: str
    waarschuwing: bool = False  # not blocking: said, but exit 0 still possible


@dataclass
class Controle:
    bevindingen: list[Bevinding] = field(default_factory=list)

    def goed(self, regel: str) -> None:
        self.bevindingen.append(Bevinding(True, regel))

    def fout(self, regel: str) -> None:
        self.bevindingen.append(Bevinding(False, regel))

    def let_op(self, regel: str) -> None:
        self.bevindingen.append(Bevinding(True, regel, waarschuwing=True))

    @property
    def geslaagd(self) -> bool:
        return all(b.ok for b in self.bevindingen)


def _typen(c: Controle, client: GemeenteClient, eis: ZaaktypeEis, identificatie: str, vandaag: date,
           resultaten: tuple[str, ...] | None = None) -> str | None:
    """Check one zaaktype (the version valid today); returns its URL when it exists."""
    try:
        versies = client.zaaktypen(identificatie)
    except GemeenteError as exc:
        c.fout(f"Zaaktype {identificatie}: niet te lezen ({exc}).")
        return None
    if not versies:
        c.fout(f"Zaaktype {identificatie} ({eis.omschrijving}) ontbreekt in de catalogus (of is nog niet gepubliceerd).")
        return None
    geldig = [z for z in versies if z.geldig_op(vandaag)]
    if not geldig:
        c.fout(f"Zaaktype {identificatie}: geen versie geldig op {vandaag.isoformat()} "
               f"({len(versies)} versie(s), de laatste tot {versies[-1].eindeGeldigheid}).")
        return None
    zt = geldig[-1]
    t = client.typen_van(zt)
    ontbreekt: list[str] = []
    statussen = {s.omschrijving: s for s in t.statustypen}
    ontbreekt += [f"statustype '{o}'" for _, o in eis.statustypen if o not in statussen]
    rollen = {r.omschrijving: r for r in t.roltypen}
    for o, generiek in eis.roltypen:
        if o not in rollen:
            ontbreekt.append(f"roltype '{o}'")
        elif rollen[o].omschrijvingGeneriek != generiek:
            ontbreekt.append(f"roltype '{o}' met omschrijvingGeneriek '{generiek}' (is '{rollen[o].omschrijvingGeneriek}')")
    aanwezig = {r.omschrijving for r in t.resultaattypen}
    ontbreekt += [f"resultaattype '{o}'" for o in (resultaten or eis.resultaattypen) if o not in aanwezig]
    besluit = {b.omschrijving for b in t.besluittypen}
    if eis.schrijft:
        ontbreekt += [f"besluittype '{o}'" for o in eis.besluittypen if o not in besluit]
    if eis.schrijft and t.eindstatus is not None and t.eindstatus.omschrijving != eis.eindstatus:
        ontbreekt.append(f"'{eis.eindstatus}' als eindstatus (hoogste volgnummer; nu '{t.eindstatus.omschrijving}')")
    versie = f"versie {zt.versiedatum or zt.beginGeldigheid or '?'}"
    if ontbreekt:
        for o in ontbreekt:
            c.fout(f"Zaaktype {identificatie} ({versie}): {o} ontbreekt.")
    else:
        c.goed(f"Zaaktype {identificatie} ({versie}): alle {len(eis.statustypen)} statustypen, "
               f"{len(eis.roltypen)} roltypen, {len(resultaten or eis.resultaattypen)} resultaattypen"
               + (f" en {len(eis.besluittypen)} besluittypen" if eis.schrijft else "") + " aanwezig.")
    return zt.url


def _schrijfproef(c: Controle, client: GemeenteClient, wat: str, pad: str, body: dict[str, Any], recht: str) -> None:
    """A write that must be refused on content (400), not on rights (403): nothing is created."""
    try:
        client._request("POST", pad, json=body)
    except GemeenteRejected as exc:
        if exc.status == 400:
            c.goed(f"Recht {recht}: {wat} toegestaan (proef zonder gegevens, door de gemeente afgewezen op inhoud).")
        elif exc.status in (401, 403):
            c.fout(f"Recht {recht} ontbreekt: {wat} geweigerd ({exc.status}).")
        else:
            c.fout(f"Recht {recht}: {wat} gaf onverwacht {exc.status}.")
        return
    except GemeenteError as exc:
        c.fout(f"Recht {recht}: {wat} niet te toetsen ({exc}).")
        return
    c.fout(f"Recht {recht}: de proef voor {wat} werd aangenomen; de gemeente controleert de invoer niet.")


def controleer(client: GemeenteClient, *, gemeente: str, rsin: str, traject_zaaktype: str, maatregel_zaaktype: str,
               aanvraag_zaaktype: str | None, aanvraag_resultaten: tuple[str, ...], vandaag: date,
               bestaande_zaak: str | None = None) -> Controle:
    c = Controle()
    base = client.settings.api_url
    try:
        client._request("GET", f"{CATALOGI}/zaaktypen", params={"identificatie": traject_zaaktype})
        c.goed(f"Catalogi API bereikbaar op {base}{CATALOGI} (catalogi.lezen).")
    except GemeenteTransient as exc:  # unreachable, or the base URL is wrong (404)
        c.fout(str(exc))
        return c
    except GemeenteError as exc:
        c.fout(f"Catalogi API op {base}{CATALOGI}: {exc}")
        return c
    traject_url = _typen(c, client, TRAJECT, traject_zaaktype, vandaag)
    _typen(c, client, MAATREGEL, maatregel_zaaktype, vandaag)
    aanvraag_url = None
    if aanvraag_zaaktype is not None:
        aanvraag_url = _typen(c, client, AANVRAAG, aanvraag_zaaktype, vandaag, resultaten=aanvraag_resultaten)
    # Zaken API: a harmless read with Accept-Crs (Open Zaak answers 412 without it).
    try:
        client._request("GET", f"{ZAKEN}/zaken", params={"identificatie": "WERKPAD-CONTROLE", "bronorganisatie": rsin})
        c.goed(f"Zaken API leesbaar op {base}{ZAKEN} (zaken.lezen, Accept-Crs EPSG:4326).")
    except GemeenteError as exc:
        c.fout(f"Zaken API op {base}{ZAKEN}: {exc}")
        return c
    if aanvraag_url is not None:
        try:
            client.zoek_zaken({"zaaktype": aanvraag_url, "identificatie": "WERKPAD-CONTROLE"})
            c.goed(f"Zoeken in de aanvragen ({aanvraag_zaaktype}) met POST /zaken/_zoek werkt.")
            c.let_op(f"Of werkpad aanvragen van {aanvraag_zaaktype} mag lezen, blijkt pas bij de eerste aanvraag: "
                     "de gemeente laat zaken zonder leesrecht stil weg (vraag zaken.lezen op dit zaaktype).")
        except GemeenteError as exc:
            c.fout(f"Zoeken in de aanvragen ({aanvraag_zaaktype}): {exc}")
    if traject_url is not None:
        _schrijfproef(c, client, f"een zaak van {traject_zaaktype} aanmaken", f"{ZAKEN}/zaken",
                      {"zaaktype": traject_url}, "zaken.aanmaken")
        besluittypen = client.typen_van(traject_url).besluittypen
        if besluittypen:
            _schrijfproef(c, client, "een besluit aanmaken", f"{BESLUITEN}/besluiten",
                          {"besluittype": besluittypen[0].url}, "besluiten.aanmaken")
    if bestaande_zaak:
        _schrijfproef(c, client, "een status zetten op een zaak van werkpad", f"{ZAKEN}/statussen",
                      {"zaak": bestaande_zaak}, "zaken.bijwerken")
    else:
        c.let_op("Recht zaken.bijwerken (statussen, rollen, resultaten) is pas te toetsen als werkpad hier een zaak "
                 "heeft; draai de controle na de eerste aanmelding opnieuw.")
    return c


__all__ = ["Bevinding", "Controle", "GemeenteConfiguratie", "controleer"]
