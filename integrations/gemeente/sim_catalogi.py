"""The gemeente simulator's ZGW Catalogi API endpoints (lists with Open Zaak's query parameters and
datumGeldigheid, single resources) over the catalogue sim_catalogus.py keeps."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.gemeente.sim_autorisaties import (
    CATALOGI_LEZEN,
)
from integrations.gemeente.sim_fouten import (
    datum,
    fout,
    niet_gevonden,
    onbekende_parameters,
    ongeldig,
)
from integrations.gemeente.sim_kern import (
    Kern,
)

# Query parameters per list endpoint: what the API knows and what the simulator filters on (see sim_zaken.py).
_CATALOGI = {
    "zaaktypen": ({"catalogus", "datumGeldigheid", "identificatie", "identificatie__icontains",
                   "omschrijving__icontains", "status", "trefwoorden"},
                  {"catalogus", "datumGeldigheid", "identificatie", "status"}),
    "statustypen": ({"datumGeldigheid", "status", "zaaktype", "zaaktypeIdentificatie"},
                    {"datumGeldigheid", "status", "zaaktype", "zaaktypeIdentificatie"}),
    "roltypen": ({"datumGeldigheid", "omschrijving", "omschrijvingGeneriek", "status", "zaaktype",
                  "zaaktypeIdentificatie"},
                 {"datumGeldigheid", "omschrijving", "omschrijvingGeneriek", "status", "zaaktype",
                  "zaaktypeIdentificatie"}),
    "resultaattypen": ({"datumGeldigheid", "status", "zaaktype", "zaaktypeIdentificatie"},
                       {"datumGeldigheid", "status", "zaaktype", "zaaktypeIdentificatie"}),
    "besluittypen": ({"catalogus", "datumGeldigheid", "informatieobjecttypen", "omschrijving", "status", "zaaktypen"},
                     {"catalogus", "datumGeldigheid", "omschrijving", "status", "zaaktypen"}),
    "catalogussen": ({"domein", "domein__in", "rsin", "rsin__in"}, {"domein", "rsin"}),
}



def register(app: FastAPI, sim: Kern) -> None:
    def catalogus_lijst(request: Request, soort: str) -> dict[str, Any]:
        sim.eis_scope(sim.applicatie(request), (CATALOGI_LEZEN,), "ztc")
        bekend, gesimuleerd = _CATALOGI[soort]
        onbekende_parameters(request, bekend, gesimuleerd)
        q = request.query_params
        b = sim.bundel(request)
        items = list(b.per_soort[soort].values())
        dag = None
        if q.get("datumGeldigheid") is not None:
            dag = datum(q["datumGeldigheid"])
            if dag is None:
                raise ongeldig([fout("datumGeldigheid", "invalid", "Voer een geldige datum in.")])
        status = q.get("status", "definitief")
        if status not in ("alles", "concept", "definitief"):
            raise ongeldig([fout("status", "invalid_choice", "Selecteer een geldige keuze.")])
        if status == "concept":
            items = []

        def zaaktype_geldig(url: str) -> bool:
            info = b.zaaktype_info.get(url)
            return dag is None or (info is not None and info[1].geldig_op(dag))

        for naam, waarde in q.items():
            if naam in ("page", "pageSize", "status", "datumGeldigheid"):
                continue
            if naam == "zaaktypen":
                items = [i for i in items if waarde in i["zaaktypen"]]
            else:
                items = [i for i in items if str(i.get(naam)) == waarde]
        if dag is not None:
            if soort == "zaaktypen":
                items = [i for i in items if zaaktype_geldig(i["url"])]
            elif soort == "besluittypen":
                items = [i for i in items if any(zaaktype_geldig(z) for z in i["zaaktypen"])]
            elif soort != "catalogussen":
                items = [i for i in items if zaaktype_geldig(i["zaaktype"])]
        return sim.lijst(request, items)

    def catalogus_een(request: Request, soort: str, uuid: str) -> Response:
        sim.eis_scope(sim.applicatie(request), (CATALOGI_LEZEN,), "ztc")
        item = sim.bundel(request).get(soort, uuid.lower())
        if item is None:
            raise niet_gevonden()
        return JSONResponse(item)

    for _soort in _CATALOGI:
        def _maak(soort: str) -> None:
            async def lijst_endpoint(request: Request) -> dict[str, Any]:
                return catalogus_lijst(request, soort)

            async def een_endpoint(request: Request, uuid: str) -> Response:
                return catalogus_een(request, soort, uuid)

            app.get(f"/catalogi/api/v1/{soort}", name=f"{soort}_list")(lijst_endpoint)
            app.get(f"/catalogi/api/v1/{soort}/{{uuid}}", name=f"{soort}_read")(een_endpoint)
        _maak(_soort)

