"""The gemeente simulator's ZGW Besluiten API: the part werkpad uses (list, read, create; a besluit
with a zaak makes the ZaakBesluit)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.gemeente.sim_autorisaties import (
    BESLUITEN_AANMAKEN,
    BESLUITEN_LEZEN,
    Applicatie,
)
from integrations.gemeente.sim_catalogus import Bundel
from integrations.gemeente.sim_fouten import (
    VERPLICHT,
    datum,
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
    DATUM_FORMAAT,
    Kern,
)

VERVALREDENEN = {"tijdelijk", "ingetrokken_overheid", "ingetrokken_belanghebbende"}


def _besluit_fouten(body: dict[str, Any], vandaag: date) -> list[dict[str, str]]:
    """Open Zaak's field checks of a new besluit, besides the URL references (reasons in Dutch,
    never quoting the input)."""
    fouten = elfproef_fouten("verantwoordelijkeOrganisatie", body.get("verantwoordelijkeOrganisatie"), "RSIN") \
        if body.get("verantwoordelijkeOrganisatie") else [fout("verantwoordelijkeOrganisatie", "required", VERPLICHT)]
    if len(str(body.get("identificatie") or "")) > 50:
        fouten.append(fout("identificatie", "max_length", "Zorg ervoor dat dit veld niet meer dan 50 karakters bevat."))
    if len(str(body.get("bestuursorgaan") or "")) > 50:
        fouten.append(fout("bestuursorgaan", "max_length", "Zorg ervoor dat dit veld niet meer dan 50 karakters bevat."))
    if not isinstance(body.get("toelichting", ""), str):
        fouten.append(fout("toelichting", "invalid", "Geen geldige tekenreeks."))
    dag = datum(body.get("datum"))
    if dag is None:
        fouten.append(fout("datum", "required" if not body.get("datum") else "invalid",
                           VERPLICHT if not body.get("datum") else DATUM_FORMAAT))
    elif dag > vandaag:  # Open Zaak: UntilTodayValidator (the beslisdatum cannot lie ahead)
        fouten.append(fout("datum", "future_not_allowed", "Deze datum mag niet in de toekomst liggen."))
    ingang = datum(body.get("ingangsdatum"))
    if ingang is None:
        fouten.append(fout("ingangsdatum", "required" if not body.get("ingangsdatum") else "invalid",
                           VERPLICHT if not body.get("ingangsdatum") else DATUM_FORMAAT))
    for naam in ("vervaldatum", "verzenddatum", "uiterlijkeReactiedatum", "publicatiedatum"):
        if body.get(naam) is not None and datum(body[naam]) is None:
            fouten.append(fout(naam, "invalid", DATUM_FORMAAT))
    verval = datum(body.get("vervaldatum"))
    if verval is not None and ingang is not None and verval < ingang:
        fouten.append(fout("vervaldatum", "date-mismatch", "De vervaldatum ligt vóór de ingangsdatum."))
    if (body.get("vervalreden") or "") not in VERVALREDENEN | {""}:
        fouten.append(fout("vervalreden", "invalid_choice", "Dit is geen geldige keuze."))
    return fouten



def register(app: FastAPI, sim: Kern) -> None:
    state = sim.state

    def besluit_mag(app_: Applicatie, scopes: Iterable[str], besluit: dict[str, Any], b: Bundel) -> bool:
        bt = b.by_url("besluittypen", besluit["besluittype"])
        return app_.has_auth(scopes, "brc", besluittype=bt["omschrijving"] if bt else "")

    @app.get("/besluiten/api/v1/besluiten")
    def list_besluiten(request: Request) -> dict[str, Any]:
        app_, b = sim.applicatie(request), sim.bundel(request)
        sim.eis_scope(app_, (BESLUITEN_LEZEN,), "brc")
        namen = {"besluittype", "identificatie", "verantwoordelijkeOrganisatie", "zaak"}
        onbekende_parameters(request, namen, namen)
        items = [x for x in reversed(state.besluiten.values()) if besluit_mag(app_, (BESLUITEN_LEZEN,), x, b)]
        for naam, waarde in request.query_params.items():
            if naam in namen:
                items = [x for x in items if x.get(naam) == waarde]
        return sim.lijst(request, items)

    @app.get("/besluiten/api/v1/besluiten/{besluit_uuid}")
    def get_besluit(request: Request, besluit_uuid: str) -> Response:
        app_ = sim.applicatie(request)
        sim.eis_scope(app_, (BESLUITEN_LEZEN,), "brc")
        besluit = state.besluiten.get(besluit_uuid.lower())
        if besluit is None:
            raise niet_gevonden()
        if not besluit_mag(app_, (BESLUITEN_LEZEN,), besluit, sim.bundel(request)):
            raise geen_toegang()
        return JSONResponse(besluit)

    @app.post("/besluiten/api/v1/besluiten")
    async def create_besluit(request: Request) -> Response:
        body = await json_object(request)
        app_, b = sim.applicatie(request), sim.bundel(request)
        btype_fout = url_fout("besluittype", body.get("besluittype"), sim.base(request), "besluittypen",
                              lambda u: b.get("besluittypen", u) is not None)
        if body.get("besluittype") and btype_fout:  # the permission check validates what it needs
            raise ongeldig([btype_fout])
        bt = b.by_url("besluittypen", body.get("besluittype"))
        if not app_.has_auth((BESLUITEN_AANMAKEN,), "brc", besluittype=bt["omschrijving"] if bt else None):
            raise geen_toegang()
        fouten = [btype_fout] if btype_fout else []
        zaak = None
        if body.get("zaak"):
            if f := url_fout("zaak", body["zaak"], sim.base(request), "zaken", lambda u: u in state.zaken):
                fouten.append(f)
            else:
                zaak = sim.zaak_by_url(body["zaak"])
        fouten += _besluit_fouten(body, state.vandaag())
        if fouten or bt is None:
            raise ongeldig(fouten)
        with state.lock:
            ident = str(body.get("identificatie") or "")
            if ident and any(x["identificatie"] == ident and x["verantwoordelijkeOrganisatie"]
                             == body["verantwoordelijkeOrganisatie"] for x in state.besluiten.values()):
                fouten.append(fout("identificatie", "identificatie-niet-uniek",
                                   "Deze identificatie bestaat al voor deze verantwoordelijke organisatie"))
            if zaak is not None and zaak["zaaktype"] not in bt["zaaktypen"]:  # BesluittypeZaaktypeValidator
                fouten.append(fout("nonFieldErrors", "zaaktype-mismatch",
                                   "De referentie hoort niet bij het zaaktype van de zaak."))
            if fouten:
                raise ongeldig(fouten)
            sim.gesloten_check(app_, zaak)  # BesluitViewSet has Open Zaak's ClosedZaakMixin too
            besluit = sim.nieuw_besluit(request, bt, zaak, body)
            state.save()
        return JSONResponse(besluit, status_code=201, headers={"Location": besluit["url"]})

