"""Outbox kind `zgw`: the zaak at the gemeente (ZGW Zaken API) — register it, set a status or its resultaat,
a besluit on it (ZGW Besluiten API) — and a verlaging at the gemeente's uitkeringsadministratie.

Every ZGW write is preceded by a lookup on our own keys in the client, so a retry after a crash
finds what was already created; a verlaging goes with the row's key as Idempotency-Key. The zaak
URL goes back onto the traject through the case store in the dispatcher's transaction: it commits
with the row's 'sent' mark.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casestore import repo
from casestore.models import Outbox, Traject
from domain.gemeenten import Gemeente
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.errors import GemeenteRejected, GemeenteTransient
from integrations.gemeente.models import ResultaatType, StatusType
from tasks.dispatch import Context, handler


class _Catalogus:
    """Catalogue lookups cached for one dispatch run, per gemeente."""

    def __init__(self, client: GemeenteClient, zaaktype_id: str) -> None:
        self.client = client
        self.zaaktype_id = zaaktype_id
        self._zaaktype: Any = None
        self._statustypen: list[StatusType] | None = None
        self._resultaattypen: list[ResultaatType] | None = None

    def zaaktype(self) -> Any:
        if self._zaaktype is None:
            self._zaaktype = self.client.zaaktype(self.zaaktype_id)
        return self._zaaktype

    def statustype(self, omschrijving: str) -> StatusType:
        if self._statustypen is None:
            self._statustypen = self.client.statustypen(self.zaaktype())
        for s in self._statustypen:
            if s.omschrijving == omschrijving:
                return s
        raise GemeenteRejected(f"Statustype '{omschrijving}' ontbreekt in de catalogus van de gemeente.", 404)

    def resultaattype(self, omschrijving: str) -> ResultaatType:
        if self._resultaattypen is None:
            self._resultaattypen = self.client.resultaattypen(self.zaaktype())
        for r in self._resultaattypen:
            if r.omschrijving == omschrijving:
                return r
        raise GemeenteRejected(f"Resultaattype '{omschrijving}' ontbreekt in de catalogus van de gemeente.", 404)


def _catalogus(ctx: Context, gemeente: str) -> _Catalogus:
    key = f"zgw:{gemeente}"
    if key not in ctx.cache:
        client = ctx.rt.gemeente_client()
        ctx.cache.setdefault("_close", []).append(client.close)
        ctx.cache[key] = _Catalogus(client, ctx.rt.gemeenten[Gemeente(gemeente)].zaaktype_identificatie)
    return ctx.cache[key]  # type: ignore[no-any-return]


def _registreer_zaak(ctx: Context, traject: Traject) -> str:
    g = ctx.rt.gemeenten[Gemeente(traject.gemeente)]
    z = _catalogus(ctx, traject.gemeente)
    zt = z.zaaktype()
    zaak = z.client.maak_zaak(bronorganisatie=g.rsin, identificatie=traject.referentie, zaaktype_url=zt.url,
                              startdatum=traject.aangemeld_op,
                              omschrijving=f"Re-integratie IJmond Werkt! {traject.referentie}")
    roltypen = {r.omschrijving: r for r in z.client.roltypen(zt)}
    deelnemer = repo.get_deelnemer(ctx.session, traject=traject)
    # The BSN leaves werkpad here, and only here: to the gemeente, on its own zaak.
    z.client.voeg_rol_toe(zaak_url=zaak.url, roltype_url=roltypen["Deelnemer"].url, betrokkene_type="natuurlijk_persoon",
                          identificatie={"inpBsn": deelnemer.bsn}, toelichting="Deelnemer")
    z.client.voeg_rol_toe(zaak_url=zaak.url, roltype_url=roltypen["Werkcoach"].url, betrokkene_type="medewerker",
                          identificatie={"identificatie": traject.werkcoach_email[:24]},
                          toelichting="Werkcoach IJmond Werkt!")
    z.client.zet_status(zaak_url=zaak.url, statustype_url=z.statustype("Aangemeld").url, gezet_op=ctx.nu,
                        toelichting="Aangemeld bij IJmond Werkt!")
    repo.set_zaak_url(ctx.session, traject=traject, zaak_url=zaak.url, nu=ctx.nu,
                      omschrijving=f"Zaak {traject.referentie} geregistreerd bij gemeente {g.gemeente.naam}.")
    return zaak.url


def _datum(payload: dict[str, Any], key: str) -> date | None:
    waarde = payload.get(key)
    return date.fromisoformat(waarde) if waarde else None


@handler("zgw")
def send_zgw(ctx: Context, row: Outbox) -> str:
    traject = ctx.session.get(Traject, row.traject_id)
    assert traject is not None
    # In order per zaak: a status may not overtake an earlier one (the zaak's current status is the
    # last one set), nor the eindstatus the resultaat. An earlier row still queued makes this wait.
    if repo.eerdere_zgw_wacht(ctx.session, row=row):
        raise GemeenteTransient("Een eerdere melding aan de zaak wacht nog; deze volgt daarna.")
    op = row.payload["op"]
    if op == "registreer_zaak":
        return _registreer_zaak(ctx, traject)
    if op == "status":
        if not traject.zaak_url:
            raise GemeenteTransient("Zaak is nog niet aangemaakt bij de gemeente; status volgt later.")
        z = _catalogus(ctx, traject.gemeente)
        return z.client.zet_status(zaak_url=traject.zaak_url, statustype_url=z.statustype(row.payload["statustype"]).url,
                                   gezet_op=ctx.nu, toelichting=row.payload.get("toelichting", ""))
    if op == "resultaat":  # at uitstroom, before the eindstatus (queued in that order)
        if not traject.zaak_url:
            raise GemeenteTransient("Zaak is nog niet aangemaakt bij de gemeente; resultaat volgt later.")
        z = _catalogus(ctx, traject.gemeente)
        return z.client.zet_resultaat(zaak_url=traject.zaak_url,
                                      resultaattype_url=z.resultaattype(row.payload["resultaattype"]).url,
                                      toelichting=row.payload.get("toelichting", ""))
    if op == "besluit":  # the college's besluit on the zaak (ZGW Besluiten API), keyed by our identificatie
        if not traject.zaak_url:
            raise GemeenteTransient("Zaak is nog niet aangemaakt bij de gemeente; besluit volgt later.")
        z = _catalogus(ctx, traject.gemeente)
        typen = {t.omschrijving: t for t in z.client.besluittypen(z.zaaktype())}
        bt = typen.get(row.payload["besluittype"])
        if bt is None:
            raise GemeenteRejected(f"Besluittype '{row.payload['besluittype']}' ontbreekt in de catalogus van de "
                                   "gemeente.", 404)
        return z.client.maak_besluit(
            verantwoordelijke_organisatie=ctx.rt.gemeenten[Gemeente(traject.gemeente)].rsin,
            identificatie=row.payload["identificatie"], besluittype_url=bt.url, zaak_url=traject.zaak_url,
            datum=date.fromisoformat(row.payload["datum"]), toelichting=row.payload.get("toelichting", ""),
            uiterlijke_reactiedatum=_datum(row.payload, "uiterlijke_reactiedatum"),
            verzenddatum=_datum(row.payload, "verzenddatum"), ingangsdatum=_datum(row.payload, "ingangsdatum"),
            vervaldatum=_datum(row.payload, "vervaldatum"))
    if op == "verlaging":  # the uitkeringsadministratie applies (or corrects, or withdraws) the verlaging, once
        if not traject.zaak_url:
            raise GemeenteTransient("Zaak is nog niet aangemaakt bij de gemeente; verlaging volgt later.")
        z = _catalogus(ctx, traject.gemeente)
        # The BSN is read here, at send time: it is never in the outbox row.
        deelnemer = repo.get_deelnemer(ctx.session, traject=traject)
        return z.client.meld_verlaging(idempotency_key=row.idem_key, zaak_url=traject.zaak_url, bsn=deelnemer.bsn,
                                       besluit=row.payload["besluit_identificatie"], soort=row.payload["soort"],
                                       maanden=row.payload.get("maanden", []))
    raise GemeenteRejected(f"Onbekende ZGW-operatie '{op}' in de outbox.", 400)
