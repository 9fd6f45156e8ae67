"""The /_sim endpoints that drive the gemeente simulator (tests and the CLI): publish a zaaktype
version, break and restore the catalogue, set an applicatie, inject a fault, set the gemeente's
calendar day, health. (/_sim/uitkeringen, /_sim/zaken: sim_uitkering.py; /_sim/verzoeken:
sim_verlagingen.py.)"""

from __future__ import annotations

from datetime import date

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.gemeente.sim_autorisaties import (
    Applicatie,
    standaard_applicatie,
)
from integrations.gemeente.sim_fouten import (
    datum,
)
from integrations.gemeente.sim_kern import (
    Kern,
    sim_body,
)


def register(app: FastAPI, sim: Kern) -> None:
    state = sim.state

    @app.post("/_sim/zaaktype-versie")
    async def zaaktype_versie(request: Request) -> Response:
        """Body: {"identificatie": "IJW-REINTEGRATIE", "beginGeldigheid": "JJJJ-MM-DD"}: publish a new version."""
        body = await sim_body(request)
        begin = datum(body.get("beginGeldigheid"))
        if begin is None:
            return JSONResponse({"detail": "beginGeldigheid moet JJJJ-MM-DD zijn"}, 400)
        with state.lock:
            try:
                state.catalogus.nieuwe_versie(str(body.get("identificatie")), begin)
            except KeyError:
                return JSONResponse({"detail": "onbekend zaaktype"}, 404)
            except ValueError as exc:
                return JSONResponse({"detail": str(exc)}, 400)
        b = sim.bundel(request)
        versies = [{"url": url, "beginGeldigheid": v.begin.isoformat(),
                    "eindeGeldigheid": v.einde.isoformat() if v.einde else None}
                   for url, (ident, v) in b.zaaktype_info.items() if ident == body["identificatie"]]
        return JSONResponse({"identificatie": body["identificatie"], "versies": versies}, 201)

    @app.post("/_sim/catalogus/verwijder")
    async def catalogus_verwijder(request: Request) -> Response:
        """Body: {"zaaktype": ident, "soort": "zaaktype"|"statustype"|"roltype"|"resultaattype"|"besluittype",
        "omschrijving"?: ...}: remove one piece (a broken catalogue, for the onboarding check)."""
        body = await sim_body(request)
        with state.lock:
            try:
                state.catalogus.verwijder(str(body.get("zaaktype")), str(body.get("soort")),
                                          str(body.get("omschrijving") or ""))
            except KeyError:
                return JSONResponse({"detail": "onbekend zaaktype of soort"}, 400)
        return JSONResponse({"verwijderd": sorted(map(list, state.catalogus.verwijderd))})

    @app.post("/_sim/catalogus/herstel")
    async def catalogus_herstel() -> Response:
        with state.lock:
            state.catalogus.herstel()
        return JSONResponse({"verwijderd": []})

    @app.post("/_sim/applicatie")
    async def set_applicatie(request: Request) -> Response:
        """Body: {"client_id": ..., "secret"?: ..., "heeftAlleAutorisaties"?: bool, "autorisaties"?: [{"component":
        "zrc"|"ztc"|"brc", "scopes": [...], "zaaktype"?: ident, "maxVertrouwelijkheidaanduiding"?: ...,
        "besluittype"?: omschrijving}]} or {"client_id": ..., "standaard": true} (werkpad's default)."""
        body = await sim_body(request)
        cid = body.get("client_id")
        if not isinstance(cid, str) or not cid:
            return JSONResponse({"detail": "client_id ontbreekt"}, 400)
        geheim = body.get("secret")
        if geheim is not None and (not isinstance(geheim, str) or len(geheim) < 32):
            return JSONResponse({"detail": "secret moet minstens 32 tekens zijn"}, 400)
        try:
            app_ = standaard_applicatie() if body.get("standaard") else Applicatie.van_json(body)
        except ValueError as exc:
            return JSONResponse({"detail": str(exc)}, 400)
        with state.lock:
            if geheim is not None:
                state.secrets[cid] = geheim
            state.applicaties[cid] = app_
        return JSONResponse({"client_id": cid, "heeftAlleAutorisaties": app_.heeft_alle_autorisaties,
                             "autorisaties": len(app_.autorisaties)})

    @app.post("/_sim/fault")
    async def set_fault(request: Request) -> Response:
        """Body: {"mode": "500" | "503" | "verloren" | "traag" | "malformed" | "dubbel" | "uitkering-onbekend" |
        null, "volgende"?: N, "aandeel"?: 0.3, "seed"?: 7, "vertraging"?: 0.3 (s, for traag), "na"?: N}. Without
        volgende/aandeel the mode plays on every call; with them only on the next N calls and/or on
        this share of them. With "na" the first N calls pass untouched before any of that. Each call
        replaces the previous setting; {"mode": null} clears it."""
        body = await sim_body(request)
        with state.lock:
            state.reset_faults()
            try:
                mode = body.get("mode")
                state.fault = None if mode is None else str(mode)
                if body.get("volgende") is not None:
                    state.fault_volgende = int(body["volgende"])
                if body.get("aandeel") is not None:
                    state.fault_aandeel = float(body["aandeel"])
                if body.get("na") is not None:
                    state.fault_na = max(int(body["na"]), 0)
                if body.get("vertraging") is not None:
                    state.fault_vertraging = min(max(float(body["vertraging"]), 0.0), 60.0)
                if "seed" in body:
                    state.rng.seed(body["seed"])
            except (TypeError, ValueError):
                state.reset_faults()
                return JSONResponse({"detail": "ongeldige foutinjectie"}, 400)
        return JSONResponse({"fault": state.fault, "volgende": state.fault_volgende, "aandeel": state.fault_aandeel,
                             "vertraging": state.fault_vertraging, "na": state.fault_na})

    @app.post("/_sim/klok")
    async def set_klok(request: Request) -> Response:
        """Body: {"vandaag": "JJJJ-MM-DD" | null}: the gemeente's calendar day for a besluit's datum (null: the
        real day). A status's datumStatusGezet is always checked against the real clock."""
        waarde = (await sim_body(request)).get("vandaag")
        try:
            state.klok = None if waarde is None else date.fromisoformat(waarde)
        except (TypeError, ValueError):
            return JSONResponse({"detail": "vandaag moet JJJJ-MM-DD of null zijn"}, 400)
        return JSONResponse({"vandaag": state.vandaag().isoformat()})

    @app.get("/_sim/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}
