"""The gemeente's decision on the aanvraag levensonderhoud, from its own Zaken API (bron `zgw`).

A real gemeente keeps the aanvraag as a zaak of its own zaaktype (per gemeente in
werkpad/gemeenten.toml, `[<gemeente>.uitkering]`). werkpad finds it with POST /zaken/_zoek on the
deelnemer's BSN — a POST, so the BSN never sits in a URL or an access log — and reads the
aanvraagdatum from a chosen field (default `startdatum`: the beslistermijn runs from ontvangst,
Awb 4:13) and the decision from the zaak's resultaat, mapped per gemeente. This asks of the
gemeente `zaken.lezen` on that one zaaktype, and werkpad asks only for its own deelnemers.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.gemeenten import UitkeringConfig
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.errors import GemeenteMalformed
from integrations.gemeente.models import Uitkeringsstatus

BSN_FILTER = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"


def _dag(waarde: Any) -> date | None:
    if not isinstance(waarde, str) or len(waarde) < 10:
        return None
    try:
        return date.fromisoformat(waarde[:10])
    except ValueError:
        return None


def aanvraag_zaken(client: GemeenteClient, cfg: UitkeringConfig, bsn: str) -> list[dict[str, Any]]:
    """The gemeente's aanvraag-zaken of this person, of every version of its aanvraag-zaaktype."""
    versies = client.zaaktypen(cfg.zaaktype)
    if not versies:
        from integrations.gemeente.errors import GemeenteConfiguratie

        raise GemeenteConfiguratie(f"Zaaktype '{cfg.zaaktype}' (aanvraag levensonderhoud) bestaat niet in de "
                                   "catalogus van de gemeente; stel [<gemeente>.uitkering] zaaktype in.")
    # One search per version: Open Zaak's _zoek takes `zaaktype` (its zaaktype__in did not filter in 1.30).
    zaken: list[dict[str, Any]] = []
    for v in versies:
        zaken += client.zoek_zaken({BSN_FILTER: bsn, "zaaktype": v.url})
    return zaken


def besluit_uit_zaken(client: GemeenteClient, cfg: UitkeringConfig, zaken: list[dict[str, Any]], traject_zaak: str,
                      aangemeld_op: date) -> Uitkeringsstatus:
    """The aanvraag that belongs to this traject (the latest one started at most `zoekvenster_dagen`
    before the aanmelding) and its decision. No such aanvraag yet: in behandeling, date unknown."""
    vanaf = aangemeld_op - timedelta(days=cfg.zoekvenster_dagen)
    kandidaten = [(d, z) for z in zaken if (d := _dag(z.get("startdatum"))) is not None and d >= vanaf]
    if not kandidaten:
        return Uitkeringsstatus(zaak=traject_zaak, status="in_behandeling")
    _, zaak = max(kandidaten, key=lambda dz: (dz[0], str(dz[1].get("identificatie", ""))))
    aanvraagdatum = _dag(zaak.get(cfg.aanvraagdatum_veld))
    ident = str(zaak.get("identificatie") or "")[:40]
    resultaat = zaak.get("resultaat")
    if not resultaat:
        return Uitkeringsstatus(zaak=traject_zaak, status="in_behandeling", aanvraagdatum=aanvraagdatum,
                                aanvraag=ident)
    rt_url = client.lees(str(resultaat), "resultaat").get("resultaattype")
    if not isinstance(rt_url, str):
        raise GemeenteMalformed("Onverwacht antwoord van de gemeente (resultaat van de aanvraag zonder resultaattype).")
    omschrijving = str(client.lees(rt_url, "resultaattype").get("omschrijving") or "")
    besluit = cfg.resultaten.get(omschrijving)
    if besluit is None:
        raise GemeenteMalformed(f"De aanvraag {ident} heeft resultaat '{omschrijving[:40]}', dat werkpad niet kent; "
                                "zet het in [<gemeente>.uitkering] resultaten (toegekend of afgewezen).")
    return Uitkeringsstatus(zaak=traject_zaak, status=besluit, besluitdatum=zaak.get("einddatum"),
                            aanvraagdatum=aanvraagdatum, aanvraag=ident)


def uitkeringsbesluit(client: GemeenteClient, cfg: UitkeringConfig, *, bsn: str, traject_zaak: str,
                      aangemeld_op: date) -> Uitkeringsstatus:
    return besluit_uit_zaken(client, cfg, aanvraag_zaken(client, cfg, bsn), traject_zaak, aangemeld_op)
