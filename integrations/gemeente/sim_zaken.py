"""The gemeente simulator's ZGW Zaken API: the zaak resource (list, _zoek, read, create, patch) and
its ZaakBesluiten."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.gemeente.sim_autorisaties import (
    VERTROUWELIJKHEID,
    ZAKEN_AANMAKEN,
    ZAKEN_BIJWERKEN,
    ZAKEN_GEFORCEERD_BIJWERKEN,
    ZAKEN_LEZEN,
)
from integrations.gemeente.sim_fouten import (
    GEEN_GELDIGE_URL,
    VERPLICHT,
    crs_onderhandeling,
    datum,
    elfproef_fouten,
    fout,
    geen_toegang,
    is_url,
    json_object,
    niet_gevonden,
    onbekende_parameters,
    ongeldig,
    url_fout,
)
from integrations.gemeente.sim_kern import (
    DATUM_FORMAAT,
    Kern,
    ja,
    toon,
)

AARD_RELATIE = {"vervolg", "onderwerp", "bijdrage", "overig"}

# Query parameters per list endpoint: what the API knows (the spec; anything else is 400
# unknown-parameters, as Open Zaak's CheckQueryParamsMixin) and what the simulator filters on.
_ZAKEN_SPEC = {
    "archiefactiedatum", "archiefactiedatum__gt", "archiefactiedatum__isnull", "archiefactiedatum__lt",
    "archiefnominatie", "archiefnominatie__in", "archiefstatus", "archiefstatus__in", "bronorganisatie",
    "bronorganisatie__in", "einddatum", "einddatumGepland", "einddatumGepland__gt", "einddatumGepland__lt",
    "einddatum__gt", "einddatum__isnull", "einddatum__lt", "expand", "identificatie", "identificatie__icontains",
    "kenmerk", "kenmerk__bron", "maximaleVertrouwelijkheidaanduiding", "omschrijving", "ordering",
    "registratiedatum", "registratiedatum__gt", "registratiedatum__lt", "resultaat__resultaattype",
    "rol__betrokkene", "rol__betrokkeneIdentificatie__medewerker__identificatie",
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie",
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer",
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__vestigingsNummer",
    "rol__betrokkeneIdentificatie__organisatorischeEenheid__identificatie",
    "rol__betrokkeneIdentificatie__vestiging__kvkNummer", "rol__betrokkeneIdentificatie__vestiging__vestigingsNummer",
    "rol__betrokkeneType", "rol__machtiging", "rol__machtiging__loa", "rol__omschrijvingGeneriek", "startdatum",
    "startdatum__gt", "startdatum__gte", "startdatum__lt", "startdatum__lte", "status__statustype",
    "uiterlijkeEinddatumAfdoening", "uiterlijkeEinddatumAfdoening__gt", "uiterlijkeEinddatumAfdoening__lt", "zaaktype",
    "zaaktype__omschrijving"}
BSN_FILTER = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
_ZAKEN_SIM = {"identificatie", "bronorganisatie", "zaaktype", BSN_FILTER, "einddatum__isnull", "startdatum"}
_ZOEK_SIM = _ZAKEN_SIM | {"zaaktype__in", "uuid__in", "bronorganisatie__in"}


def register(app: FastAPI, sim: Kern) -> None:
    state = sim.state

    def filter_zaken(request: Request, crit: dict[str, Any]) -> list[dict[str, Any]]:
        app_ = sim.applicatie(request)
        # Open Zaak's ListFilterByAuthorizationsMixin: only zaken the applicatie may read, silently.
        items = [z for z in reversed(state.zaken.values()) if sim.mag(app_, (ZAKEN_LEZEN,), z)]
        for naam, waarde in crit.items():
            if naam in ("identificatie", "bronorganisatie", "zaaktype", "startdatum"):
                items = [z for z in items if z.get(naam) == waarde]
            elif naam == "bronorganisatie__in":
                items = [z for z in items if z["bronorganisatie"] in waarde]
            elif naam == "zaaktype__in":
                items = [z for z in items if z["zaaktype"] in waarde]
            elif naam == "uuid__in":
                items = [z for z in items if z["uuid"] in {str(w).lower() for w in waarde}]
            elif naam == "einddatum__isnull":
                items = [z for z in items if (z.get("einddatum") is None) == waarde]
            elif naam == BSN_FILTER:
                met = {r["zaak"] for r in state.rollen.values()
                       if (r.get("betrokkeneIdentificatie") or {}).get("inpBsn") == waarde}
                items = [z for z in items if z["url"] in met]
        return items

    @app.get("/zaken/api/v1/zaken")
    def list_zaken(request: Request) -> dict[str, Any]:
        sim.eis_scope(sim.applicatie(request), (ZAKEN_LEZEN,), "zrc")
        crs_onderhandeling(request)
        onbekende_parameters(request, _ZAKEN_SPEC, _ZAKEN_SIM)
        crit: dict[str, Any] = {k: v for k, v in request.query_params.items() if k in _ZAKEN_SIM}
        if "einddatum__isnull" in crit:
            crit["einddatum__isnull"] = ja(crit["einddatum__isnull"])
            if crit["einddatum__isnull"] is None:
                raise ongeldig([fout("einddatum__isnull", "invalid", "Kies true of false.")])
        return sim.lijst(request, filter_zaken(request, crit))

    @app.post("/zaken/api/v1/zaken/_zoek")
    async def zoek_zaken(request: Request) -> dict[str, Any]:
        sim.eis_scope(sim.applicatie(request), (ZAKEN_LEZEN,), "zrc")
        crs_onderhandeling(request)
        body = await json_object(request)
        if not body:
            raise ongeldig([fout("nonFieldErrors", "empty_search_body", "Je moet zoekparameters opgeven")])
        fouten = []
        for naam in ("uuid__in", "zaaktype__in", "bronorganisatie__in"):
            if naam in body and not isinstance(body[naam], list):
                fouten.append(fout(naam, "not_a_list", "Verwacht een lijst met items."))
        for i, w in enumerate(body.get("uuid__in") or [] if isinstance(body.get("uuid__in"), list) else []):
            try:
                uuidlib.UUID(str(w))
            except ValueError:
                fouten.append(fout(f"uuid__in.{i}", "invalid", "Dit is geen geldige UUID."))
        for i, w in enumerate(body.get("zaaktype__in") or [] if isinstance(body.get("zaaktype__in"), list) else []):
            if not is_url(w):
                fouten.append(fout(f"zaaktype__in.{i}", "invalid", GEEN_GELDIGE_URL))
        if "einddatum__isnull" in body and ja(body["einddatum__isnull"]) is None:
            fouten.append(fout("einddatum__isnull", "invalid", "Kies true of false."))
        if fouten:
            raise ongeldig(fouten)
        crit = {k: v for k, v in body.items() if k in _ZOEK_SIM}
        if "einddatum__isnull" in crit:
            crit["einddatum__isnull"] = ja(crit["einddatum__isnull"])
        niet = sorted(set(body) - _ZOEK_SIM - {"expand"})
        if niet:  # known to the API but not modelled here: refused rather than ignored
            raise ongeldig([fout("nonFieldErrors", "niet-gesimuleerd",
                                 "Deze zoekvelden kent de simulator niet: " + ", ".join(niet))])
        return sim.lijst(request, filter_zaken(request, crit))

    @app.get("/zaken/api/v1/zaken/{zaak_uuid}")
    def get_zaak(request: Request, zaak_uuid: str) -> Response:
        app_ = sim.applicatie(request)
        sim.eis_scope(app_, (ZAKEN_LEZEN,), "zrc")
        crs_onderhandeling(request)
        onbekende_parameters(request, {"expand"}, set())
        zaak = sim.zaak_of_404(zaak_uuid)
        if not sim.mag(app_, (ZAKEN_LEZEN,), zaak):
            raise geen_toegang()
        return JSONResponse(toon(zaak))

    def relevante_zaken_fouten(request: Request, waarde: Any) -> list[dict[str, str]]:
        if waarde is None:
            return []
        if not isinstance(waarde, list):
            return [fout("relevanteAndereZaken", "not_a_list", "Verwacht een lijst met items.")]
        fouten = []
        for i, r in enumerate(waarde):
            naam = f"relevanteAndereZaken.{i}"
            if not isinstance(r, dict):
                fouten.append(fout(f"{naam}.nonFieldErrors", "invalid", "Ongeldige data. Verwacht een object."))
                continue
            f = url_fout(f"{naam}.url", r.get("url"), sim.base(request), "zaken", lambda u: u in state.zaken)
            if f:
                fouten.append(f)
            if r.get("aardRelatie") in (None, ""):
                fouten.append(fout(f"{naam}.aardRelatie", "required", VERPLICHT))
            elif r["aardRelatie"] not in AARD_RELATIE:
                fouten.append(fout(f"{naam}.aardRelatie", "invalid_choice", "Dit is geen geldige keuze."))
            elif r["aardRelatie"] == "overig" and not r.get("overigeRelatie"):
                fouten.append(fout(f"{naam}.overigeRelatie", "required", VERPLICHT))
        return fouten

    @app.post("/zaken/api/v1/zaken")
    async def create_zaak(request: Request) -> Response:
        body = await json_object(request)
        app_, b = sim.applicatie(request), sim.bundel(request)
        # Open Zaak's permission check first: the zaaktype and vertrouwelijkheidaanduiding given decide
        # whether this applicatie may create the zaak at all.
        zt_fout = url_fout("zaaktype", body["zaaktype"], sim.base(request), "zaaktypen",
                           lambda u: b.get("zaaktypen", u) is not None) if body.get("zaaktype") else None
        vertrouwelijk = body.get("vertrouwelijkheidaanduiding")
        if zt_fout:
            raise ongeldig([zt_fout])
        if vertrouwelijk and vertrouwelijk not in VERTROUWELIJKHEID:
            raise ongeldig([fout("vertrouwelijkheidaanduiding", "invalid_choice", "Dit is geen geldige keuze.")])
        zt = b.by_url("zaaktypen", body.get("zaaktype"))
        if not app_.has_auth((ZAKEN_AANMAKEN,), "zrc", zaaktype=zt["identificatie"] if zt else None,
                             vertrouwelijkheid=vertrouwelijk or None):
            raise geen_toegang()
        crs_onderhandeling(request)
        fouten = [fout(k, "required", VERPLICHT) for k in
                  ("bronorganisatie", "zaaktype", "verantwoordelijkeOrganisatie", "startdatum") if not body.get(k)]
        for k in ("bronorganisatie", "verantwoordelijkeOrganisatie"):
            if body.get(k):
                fouten += elfproef_fouten(k, body[k], "RSIN")
        for k in ("startdatum", "einddatumGepland", "uiterlijkeEinddatumAfdoening", "registratiedatum"):
            if body.get(k) and datum(body[k]) is None:
                fouten.append(fout(k, "invalid", DATUM_FORMAAT))
        for k, n in (("identificatie", 40), ("omschrijving", 80), ("toelichting", 1000)):
            if body.get(k) is not None and (not isinstance(body[k], str) or len(body[k]) > n):
                fouten.append(fout(k, "max_length", f"Zorg ervoor dat dit veld niet meer dan {n} karakters bevat."))
        fouten += relevante_zaken_fouten(request, body.get("relevanteAndereZaken"))
        if fouten or zt is None:
            raise ongeldig(fouten)
        with state.lock:
            ident = body.get("identificatie")
            if ident and any(z["identificatie"] == ident and z["bronorganisatie"] == body["bronorganisatie"]
                             for z in state.zaken.values()):
                raise ongeldig([fout("identificatie", "identificatie-niet-uniek",
                                     "Deze identificatie bestaat al voor deze bronorganisatie")])
            zaak = sim.nieuwe_zaak(request, zt, body)
            state.save()
        return JSONResponse(toon(zaak), status_code=201, headers={"Location": zaak["url"]})

    @app.patch("/zaken/api/v1/zaken/{zaak_uuid}")
    async def patch_zaak(request: Request, zaak_uuid: str) -> Response:
        app_ = sim.applicatie(request)
        scopes = (ZAKEN_BIJWERKEN, ZAKEN_GEFORCEERD_BIJWERKEN)
        sim.eis_scope(app_, scopes, "zrc")
        crs_onderhandeling(request)
        zaak = sim.zaak_of_404(zaak_uuid)
        if not sim.mag(app_, scopes, zaak):
            raise geen_toegang()
        body = await json_object(request)
        fouten = []
        for k in ("identificatie", "bronorganisatie", "zaaktype"):
            if k in body and body[k] != zaak.get(k):
                fouten.append(fout(k, "wijzigen-niet-toegelaten", "Dit veld mag niet gewijzigd worden."))
        for k in ("einddatumGepland", "uiterlijkeEinddatumAfdoening", "startdatum"):
            if body.get(k) is not None and datum(body[k]) is None:
                fouten.append(fout(k, "invalid", DATUM_FORMAAT))
        v = body.get("vertrouwelijkheidaanduiding")
        if v is not None and v not in VERTROUWELIJKHEID:
            fouten.append(fout("vertrouwelijkheidaanduiding", "invalid_choice", "Dit is geen geldige keuze."))
        fouten += relevante_zaken_fouten(request, body.get("relevanteAndereZaken"))
        if fouten:
            raise ongeldig(fouten)
        if zaak.get("einddatum") and not sim.mag(app_, (ZAKEN_GEFORCEERD_BIJWERKEN,), zaak):
            # Open Zaak (ZaakViewSet.perform_update): a PermissionDenied of its own, not ZaakClosed
            raise geen_toegang("Het wijzigen van een gesloten zaak is met de huidige scope niet toegestaan.")
        with state.lock:
            for k in ("omschrijving", "toelichting", "einddatumGepland", "uiterlijkeEinddatumAfdoening", "startdatum",
                      "vertrouwelijkheidaanduiding", "relevanteAndereZaken"):
                if k in body:
                    zaak[k] = body[k]
            sim.gemuteerd(zaak)
            state.save()
        return JSONResponse(toon(zaak))

    @app.get("/zaken/api/v1/zaken/{zaak_uuid}/besluiten")
    def list_zaakbesluiten(request: Request, zaak_uuid: str) -> Response:
        zaak = sim.zaak_of_404(zaak_uuid)
        if not sim.mag(sim.applicatie(request), (ZAKEN_LEZEN,), zaak):
            raise geen_toegang()
        return JSONResponse([toon(zb) for zb in state.zaakbesluiten.values() if zb["_zaak"] == zaak["uuid"]])

    @app.get("/zaken/api/v1/zaken/{zaak_uuid}/besluiten/{zb_uuid}")
    def get_zaakbesluit(request: Request, zaak_uuid: str, zb_uuid: str) -> Response:
        zaak = sim.zaak_of_404(zaak_uuid)
        if not sim.mag(sim.applicatie(request), (ZAKEN_LEZEN,), zaak):
            raise geen_toegang()
        zb = state.zaakbesluiten.get(zb_uuid.lower())
        if zb is None or zb["_zaak"] != zaak["uuid"]:
            raise niet_gevonden()
        return JSONResponse(toon(zb))

