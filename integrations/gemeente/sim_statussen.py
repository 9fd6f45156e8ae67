"""The gemeente simulator's ZGW Zaken API, the zaak's sub-resources: statussen (Open Zaak's rules: a
unique moment per zaak, not in the future, the eindstatus needs a resultaat and closes the zaak),
rollen and resultaten."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.gemeente.sim_autorisaties import (
    STATUSSEN_TOEVOEGEN,
    ZAKEN_AANMAKEN,
    ZAKEN_BIJWERKEN,
    ZAKEN_GEFORCEERD_BIJWERKEN,
    ZAKEN_HEROPENEN,
    ZAKEN_LEZEN,
)
from integrations.gemeente.sim_fouten import (
    VERPLICHT,
    datumtijd,
    elfproef_fouten,
    fout,
    geen_toegang,
    json_object,
    niet_gevonden,
    onbekende_parameters,
    ongeldig,
    url_fout,
)
from integrations.gemeente.sim_kern import (
    DATUMTIJD_FORMAAT,
    Kern,
    ja,
    nu,
    toon,
)

BETROKKENE_TYPEN = {"natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging", "organisatorische_eenheid",
                    "medewerker"}

_ROLLEN_SPEC = {
    "betrokkene", "betrokkeneIdentificatie__medewerker__identificatie",
    "betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie",
    "betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer", "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__vestigingsNummer",
    "betrokkeneIdentificatie__organisatorischeEenheid__identificatie", "betrokkeneIdentificatie__vestiging__kvkNummer",
    "betrokkeneIdentificatie__vestiging__vestigingsNummer", "betrokkeneType", "machtiging", "machtiging__loa",
    "omschrijving", "omschrijvingGeneriek", "roltype", "zaak"}
_ROLLEN_SIM = {"zaak", "roltype", "betrokkeneType", "omschrijving", "omschrijvingGeneriek",
               "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"}


def register(app: FastAPI, sim: Kern) -> None:
    state = sim.state

    def sub_lijst(request: Request, store: dict[str, dict[str, Any]], bekend: set[str], gesimuleerd: set[str],
                  sleutel: Callable[[dict[str, Any]], Any] | None = None) -> dict[str, Any]:
        app_ = sim.applicatie(request)
        sim.eis_scope(app_, (ZAKEN_LEZEN,), "zrc")
        onbekende_parameters(request, bekend, gesimuleerd)
        items = [i for i in store.values() if (z := sim.zaak_by_url(i["zaak"])) is not None and sim.mag(app_, (ZAKEN_LEZEN,), z)]
        for naam, waarde in request.query_params.items():
            if naam in ("page", "pageSize"):
                continue
            if naam == "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn":
                items = [i for i in items if (i.get("betrokkeneIdentificatie") or {}).get("inpBsn") == waarde]
            elif naam == "indicatieLaatstGezetteStatus":
                items = [i for i in items if i.get(naam) == ja(waarde)]
            else:
                items = [i for i in items if str(i.get(naam)) == waarde]
        if sleutel is not None:
            items.sort(key=sleutel, reverse=True)
        return sim.lijst(request, items)

    def sub_een(request: Request, store: dict[str, dict[str, Any]], uuid: str) -> Response:
        app_ = sim.applicatie(request)
        sim.eis_scope(app_, (ZAKEN_LEZEN,), "zrc")
        item = store.get(uuid.lower())
        if item is None:
            raise niet_gevonden()
        zaak = sim.zaak_by_url(item["zaak"])
        if zaak is not None and not sim.mag(app_, (ZAKEN_LEZEN,), zaak):
            raise geen_toegang()
        return JSONResponse(toon(item))

    @app.get("/zaken/api/v1/statussen")
    def list_statussen(request: Request) -> dict[str, Any]:
        return sub_lijst(request, state.statussen, {"indicatieLaatstGezetteStatus", "statustype", "zaak"},
                         {"indicatieLaatstGezetteStatus", "statustype", "zaak"},
                         lambda s: datumtijd(s["datumStatusGezet"]) or datetime.min.replace(tzinfo=UTC))

    @app.get("/zaken/api/v1/statussen/{status_uuid}")
    def get_status(request: Request, status_uuid: str) -> Response:
        return sub_een(request, state.statussen, status_uuid)

    @app.post("/zaken/api/v1/statussen")
    async def create_status(request: Request) -> Response:
        body = await json_object(request)
        app_, b = sim.applicatie(request), sim.bundel(request)
        zaak = sim.hoofdzaak(request, body)
        if not sim.mag(app_, (ZAKEN_AANMAKEN, STATUSSEN_TOEVOEGEN, ZAKEN_HEROPENEN), zaak):
            raise geen_toegang()
        fouten = []
        if f := url_fout("statustype", body.get("statustype"), sim.base(request), "statustypen",
                         lambda u: b.get("statustypen", u) is not None):
            fouten.append(f)
        waarde = body.get("datumStatusGezet")
        gezet = datumtijd(waarde)
        if waarde in (None, ""):
            fouten.append(fout("datumStatusGezet", "required", VERPLICHT))
        elif gezet is None:
            fouten.append(fout("datumStatusGezet", "invalid", DATUMTIJD_FORMAAT))
        elif gezet > nu():  # DateNotInFutureValidator: the real clock, TIME_LEEWAY 0
            fouten.append(fout("datumStatusGezet", "date-in-future", "Deze datum mag niet in de toekomst zijn"))
        toelichting = body.get("statustoelichting", "")
        if not isinstance(toelichting, str) or len(toelichting) > 1000:
            fouten.append(fout("statustoelichting", "max_length",
                               "Zorg ervoor dat dit veld niet meer dan 1000 karakters bevat."))
        if fouten:
            raise ongeldig(fouten)
        assert gezet is not None and isinstance(waarde, str)
        st = b.by_url("statustypen", body["statustype"])
        assert st is not None
        with state.lock:
            # the serializer's validators: UniqueTogetherValidator(zaak, datum_status_gezet), CorrectZaaktypeValidator
            if any(s["zaak"] == zaak["url"] and datumtijd(s["datumStatusGezet"]) == gezet
                   for s in state.statussen.values()):
                fouten.append(fout("nonFieldErrors", "unique",
                                   "De velden zaak, datum_status_gezet moeten een unieke set zijn."))
            if st["zaaktype"] != zaak["zaaktype"]:
                fouten.append(fout("nonFieldErrors", "zaaktype-mismatch",
                                   "De referentie hoort niet bij het zaaktype van de zaak."))
            if fouten:
                raise ongeldig(fouten)
            if st["isEindstatus"] and not zaak.get("resultaat"):  # BrondatumCalculator: Resultaat.DoesNotExist
                raise ongeldig([fout("nonFieldErrors", "resultaat-does-not-exist",
                                     "De zaak heeft geen resultaat; zet dat vóór de eindstatus.")])
            # StatusViewSet.perform_create
            if not sim.mag(app_, (STATUSSEN_TOEVOEGEN, ZAKEN_HEROPENEN), zaak) and any(
                    s["zaak"] == zaak["url"] for s in state.statussen.values()):
                raise geen_toegang(f"Met de '{ZAKEN_AANMAKEN}' scope mag je slechts 1 status zetten")
            if zaak.get("einddatum") and not sim.mag(app_, (ZAKEN_HEROPENEN,), zaak):
                raise geen_toegang("Het heropenen van een gesloten zaak is niet toegestaan zonder de scope "
                                   f"{ZAKEN_HEROPENEN}")
            status = sim.nieuwe_status(request, zaak, st, gezet, waarde, toelichting)
            state.save()
        return JSONResponse(toon(status), status_code=201, headers={"Location": status["url"]})

    @app.get("/zaken/api/v1/rollen")
    def list_rollen(request: Request) -> dict[str, Any]:
        return sub_lijst(request, state.rollen, _ROLLEN_SPEC, _ROLLEN_SIM)

    @app.get("/zaken/api/v1/rollen/{rol_uuid}")
    def get_rol(request: Request, rol_uuid: str) -> Response:
        return sub_een(request, state.rollen, rol_uuid)

    @app.post("/zaken/api/v1/rollen")
    async def create_rol(request: Request) -> Response:
        body = await json_object(request)
        app_, b = sim.applicatie(request), sim.bundel(request)
        zaak = sim.hoofdzaak(request, body)
        if not sim.mag(app_, (ZAKEN_BIJWERKEN, ZAKEN_GEFORCEERD_BIJWERKEN), zaak):
            raise geen_toegang()
        fouten = []
        if f := url_fout("roltype", body.get("roltype"), sim.base(request), "roltypen",
                         lambda u: b.get("roltypen", u) is not None):
            fouten.append(f)
        btype = body.get("betrokkeneType")
        if btype in (None, ""):
            fouten.append(fout("betrokkeneType", "required", VERPLICHT))
        elif btype not in BETROKKENE_TYPEN:
            fouten.append(fout("betrokkeneType", "invalid_choice", "Dit is geen geldige keuze."))
        ident = body.get("betrokkeneIdentificatie") or {}
        if not isinstance(ident, dict):
            fouten.append(fout("betrokkeneIdentificatie", "invalid", "Ongeldige data. Verwacht een object."))
            ident = {}
        elif btype == "natuurlijk_persoon" and ident.get("inpBsn") not in (None, ""):
            fouten += elfproef_fouten("betrokkeneIdentificatie.inpBsn", ident["inpBsn"], "BSN")
        toelichting = body.get("roltoelichting", "")
        if not isinstance(toelichting, str) or len(toelichting) > 1000:
            fouten.append(fout("roltoelichting", "max_length", "Zorg ervoor dat dit veld niet meer dan 1000 karakters "
                                                               "bevat."))
        if fouten:
            raise ongeldig(fouten)
        rt = b.by_url("roltypen", body["roltype"])
        assert rt is not None
        with state.lock:
            gen = rt["omschrijvingGeneriek"]
            if gen in ("initiator", "zaakcoordinator") and any(
                    r["zaak"] == zaak["url"] and r["omschrijvingGeneriek"] == gen for r in state.rollen.values()):
                fouten.append(fout("roltype", "max-occurences", f"Er is al een rol '{gen}' bij deze zaak."))
            if rt["zaaktype"] != zaak["zaaktype"]:
                fouten.append(fout("nonFieldErrors", "zaaktype-mismatch",
                                   "De referentie hoort niet bij het zaaktype van de zaak."))
            if fouten:
                raise ongeldig(fouten)
            sim.gesloten_check(app_, zaak)
            rol = sim.nieuwe_rol(request, zaak, rt, str(btype), ident, toelichting)
            state.save()
        return JSONResponse(toon(rol), status_code=201, headers={"Location": rol["url"]})

    @app.delete("/zaken/api/v1/rollen/{rol_uuid}")
    def delete_rol(request: Request, rol_uuid: str) -> Response:
        """As Open Zaak: a rol of an open zaak may be removed with zaken.bijwerken (a closed one needs forcing)."""
        app_ = sim.applicatie(request)
        with state.lock:
            rol = state.rollen.get(rol_uuid)
            if rol is None:
                raise niet_gevonden()
            zaak = next(z for z in state.zaken.values() if z["url"] == rol["zaak"])
            if not sim.mag(app_, (ZAKEN_BIJWERKEN, ZAKEN_GEFORCEERD_BIJWERKEN), zaak):
                raise geen_toegang()
            sim.gesloten_check(app_, zaak)
            del state.rollen[rol_uuid]
            zaak["rollen"].remove(rol["url"])
            state.save()
        return Response(status_code=204)

    @app.get("/zaken/api/v1/resultaten")
    def list_resultaten(request: Request) -> dict[str, Any]:
        return sub_lijst(request, state.resultaten, {"resultaattype", "zaak"}, {"resultaattype", "zaak"})

    @app.get("/zaken/api/v1/resultaten/{resultaat_uuid}")
    def get_resultaat(request: Request, resultaat_uuid: str) -> Response:
        return sub_een(request, state.resultaten, resultaat_uuid)

    @app.post("/zaken/api/v1/resultaten")
    async def create_resultaat(request: Request) -> Response:
        body = await json_object(request)
        app_, b = sim.applicatie(request), sim.bundel(request)
        zaak = sim.hoofdzaak(request, body)
        if not sim.mag(app_, (ZAKEN_BIJWERKEN, ZAKEN_GEFORCEERD_BIJWERKEN), zaak):
            raise geen_toegang()
        fouten = []
        if f := url_fout("resultaattype", body.get("resultaattype"), sim.base(request), "resultaattypen",
                         lambda u: b.get("resultaattypen", u) is not None):
            fouten.append(f)
        toelichting = body.get("toelichting", "")
        if not isinstance(toelichting, str) or len(toelichting) > 1000:
            fouten.append(fout("toelichting", "max_length", "Zorg ervoor dat dit veld niet meer dan 1000 karakters "
                                                            "bevat."))
        with state.lock:
            if zaak.get("resultaat"):  # ZGW: a zaak has at most one resultaat (a OneToOne in Open Zaak)
                fouten.append(fout("zaak", "unique", "Dit veld moet uniek zijn."))
            if fouten:
                raise ongeldig(fouten)
            rt = b.by_url("resultaattypen", body["resultaattype"])
            assert rt is not None
            if rt["zaaktype"] != zaak["zaaktype"]:
                raise ongeldig([fout("nonFieldErrors", "zaaktype-mismatch",
                                     "De referentie hoort niet bij het zaaktype van de zaak.")])
            sim.gesloten_check(app_, zaak)
            res = sim.nieuw_resultaat(request, zaak, rt, toelichting)
            state.save()
        return JSONResponse(toon(res), status_code=201, headers={"Location": res["url"]})

