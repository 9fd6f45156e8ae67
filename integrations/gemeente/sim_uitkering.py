"""The aanvraag levensonderhoud in the simulator: the gemeente's own LO-AANVRAAG zaak for the
deelnemer's BSN, the uitkeringsstatus werkpad reads from it (not ZGW: our own modelled contract,
docs/integratie-gemeente-uitkering.md), the /_sim/uitkeringen driver that grants or refuses it and
/_sim/zaken, the overview with each zaak's uitkering."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.gemeente.catalogus import AANVRAAG
from integrations.gemeente.sim_fouten import (
    ApiFout,
    datum,
    datumtijd,
)
from integrations.gemeente.sim_kern import (
    Kern,
    nu,
    problem,
    sim_body,
)
from integrations.gemeente.sim_state import AMSTERDAM


def register(app: FastAPI, sim: Kern) -> None:
    state = sim.state

    def deelnemer_bsn(zaak: dict[str, Any]) -> str | None:
        for r in state.rollen.values():
            if r["zaak"] == zaak["url"] and r["omschrijving"] == "Deelnemer" \
                    and r["betrokkeneType"] == "natuurlijk_persoon":
                bsn = (r.get("betrokkeneIdentificatie") or {}).get("inpBsn")
                if bsn:
                    return str(bsn)
        return None

    def aanvraagzaak(bsn: str, bronorganisatie: str) -> dict[str, Any] | None:
        met = {r["zaak"] for r in state.rollen.values() if r["omschrijving"] == "Aanvrager"
               and (r.get("betrokkeneIdentificatie") or {}).get("inpBsn") == bsn}
        return next((z for z in reversed(state.zaken.values()) if z.get("_zaaktype_id") == AANVRAAG.identificatie
                     and z["url"] in met and z["bronorganisatie"] == bronorganisatie), None)

    def uitkering_van(traject: dict[str, Any]) -> dict[str, Any]:
        bsn = deelnemer_bsn(traject)
        az = aanvraagzaak(bsn, traject["bronorganisatie"]) if bsn else None
        if az is None:
            return {"status": "in_behandeling", "besluitdatum": None, "aanvraagdatum": None}
        status, besluitdatum = "in_behandeling", None
        res = state.resultaten.get(str(az.get("resultaat") or "").rsplit("/", 1)[-1])
        if az.get("einddatum") and res is not None:
            rt = sim.type_by_url("resultaattypen", res["resultaattype"])
            oms = rt["omschrijving"] if rt else str(res.get("_omschrijving", ""))
            status = {"Toegekend": "toegekend", "Afgewezen": "afgewezen"}.get(oms, "in_behandeling")
            besluiten = [x for x in state.besluiten.values() if x["zaak"] == az["url"]]
            besluitdatum = besluiten[-1]["datum"] if besluiten else az["einddatum"]
        return {"status": status, "besluitdatum": besluitdatum,
                "aanvraagdatum": az["startdatum"] if az.get("_aanvraagdatum_bekend") else None}

    @app.get("/uitkeringen/api/v1/uitkeringsaanvragen")
    def uitkering(request: Request, zaak: str) -> Response:
        z = sim.zaak_by_url(zaak)
        if z is None:
            return problem(request, 404, "not_found", "Niet gevonden", "Geen uitkeringsaanvraag bij deze zaak.")
        u = uitkering_van(z)
        if state.fault == "uitkering-onbekend":  # a status outside the contract (bad-input tests)
            u = {**u, "status": "misschien"}
        return JSONResponse({"zaak": z["url"], **u})

    def vrij_moment(zaak: dict[str, Any], moment: datetime) -> datetime:
        """`moment`, capped at now, moved back until no status of the zaak has it (unique per zaak)."""
        moment = min(moment, nu())
        bezet = {datumtijd(s["datumStatusGezet"]) for s in state.statussen.values() if s["zaak"] == zaak["url"]}
        while moment in bezet:
            moment -= timedelta(seconds=1)
        return moment.replace(microsecond=0)

    def zet(request: Request, zaak: dict[str, Any], omschrijving: str, moment: datetime) -> None:
        b = sim.bundel(request)
        st = next(s for s in b.per_soort["statustypen"].values()
                  if s["zaaktype"] == zaak["zaaktype"] and s["omschrijving"] == omschrijving)
        m = vrij_moment(zaak, moment)
        sim.nieuwe_status(request, zaak, st, m, m.astimezone(AMSTERDAM).isoformat())

    def maak_aanvraagzaak(request: Request, traject: dict[str, Any], bsn: str, start: date) -> dict[str, Any]:
        b = sim.bundel(request)
        zt = b.zaaktype_op(AANVRAAG.identificatie, start) or b.zaaktype_op(AANVRAAG.identificatie, date.today())
        if zt is None:
            raise ApiFout(409, "catalogus", "Catalogus onvolledig", "Het zaaktype LO-AANVRAAG ontbreekt in de "
                          "catalogus van de simulator.", "Conflict")
        n = sum(1 for z in state.zaken.values() if z.get("_zaaktype_id") == AANVRAAG.identificatie) + 1
        zaak = sim.nieuwe_zaak(request, zt, {"identificatie": f"LO-{n:06d}", "bronorganisatie": traject["bronorganisatie"],
                                         "verantwoordelijkeOrganisatie": traject["verantwoordelijkeOrganisatie"],
                                         "startdatum": start.isoformat(), "omschrijving": AANVRAAG.omschrijving})
        rt = next(r for r in b.per_soort["roltypen"].values()
                  if r["zaaktype"] == zt["url"] and r["omschrijving"] == "Aanvrager")
        sim.nieuwe_rol(request, zaak, rt, "natuurlijk_persoon", {"inpBsn": bsn})
        ochtend = datetime.combine(start, time(9), AMSTERDAM)
        zet(request, zaak, "Ontvangen", ochtend)
        zet(request, zaak, "In behandeling", ochtend + timedelta(minutes=1))
        return zaak

    def heropen(request: Request, zaak: dict[str, Any]) -> None:
        """The gemeente revises its decision: resultaat and besluit go, the zaak is in behandeling again."""
        res = str(zaak.get("resultaat") or "").rsplit("/", 1)[-1]
        state.resultaten.pop(res, None)
        zaak["resultaat"] = None
        for k in [k for k, x in state.besluiten.items() if x["zaak"] == zaak["url"]]:
            url = state.besluiten.pop(k)["url"]
            for zb in [zb for zb, v in state.zaakbesluiten.items() if v["besluit"] == url]:
                del state.zaakbesluiten[zb]
        laatste = max((datumtijd(s["datumStatusGezet"]) for s in state.statussen.values()
                       if s["zaak"] == zaak["url"]), default=nu(), key=lambda d: d or nu())
        zet(request, zaak, "In behandeling", (laatste or nu()) + timedelta(seconds=1))

    @app.post("/_sim/uitkeringen/{identificatie}")
    async def set_uitkering(request: Request, identificatie: str) -> Response:
        """Body: {"status"?: in_behandeling|toegekend|afgewezen, "besluitdatum"?: JJJJ-MM-DD, "aanvraagdatum"?:
        JJJJ-MM-DD}; {identificatie} is werkpad's traject zaak. The gemeente records it on its own
        LO-AANVRAAG zaak for the deelnemer's BSN (made when there is none yet)."""
        body = await sim_body(request)
        status = body.get("status")
        if status is not None and status not in {"in_behandeling", "toegekend", "afgewezen"}:
            return JSONResponse({"detail": "status moet in_behandeling, toegekend of afgewezen zijn"}, 400)
        aanvraag = body.get("aanvraagdatum")
        if aanvraag is not None and datum(aanvraag) is None:
            return JSONResponse({"detail": "aanvraagdatum moet JJJJ-MM-DD zijn"}, 400)
        besluitdatum = body.get("besluitdatum")
        if besluitdatum is not None and datum(besluitdatum) is None:
            return JSONResponse({"detail": "besluitdatum moet JJJJ-MM-DD zijn"}, 400)
        if status is None and aanvraag is None:
            return JSONResponse({"detail": "geef status en/of aanvraagdatum"}, 400)
        trajecten = [z for z in state.zaken.values() if z["identificatie"] == identificatie]
        if not trajecten:
            return JSONResponse({"detail": f"Geen zaak met identificatie {identificatie}"}, 404)
        vandaag = datetime.now(AMSTERDAM).date()
        with state.lock:
            for traject in trajecten:
                bsn = deelnemer_bsn(traject)
                if bsn is None:
                    return JSONResponse({"detail": f"Zaak {identificatie} heeft geen deelnemer met een BSN"}, 409)
                az = aanvraagzaak(bsn, traject["bronorganisatie"])
                if az is None:
                    az = maak_aanvraagzaak(request, traject, bsn, datum(aanvraag) or vandaag)
                if aanvraag is not None:
                    az["startdatum"] = aanvraag
                    az["_aanvraagdatum_bekend"] = True
                if status is not None and (az.get("einddatum") or az.get("resultaat")):
                    heropen(request, az)
                if status in ("toegekend", "afgewezen"):
                    dag = datum(besluitdatum) or vandaag
                    oms = "Toegekend" if status == "toegekend" else "Afgewezen"
                    b = sim.bundel(request)
                    rt = next(r for r in b.per_soort["resultaattypen"].values()
                              if r["zaaktype"] == az["zaaktype"] and r["omschrijving"] == oms)
                    res = sim.nieuw_resultaat(request, az, rt)
                    res["_omschrijving"] = oms
                    bt_oms = "Toekenning levensonderhoud" if status == "toegekend" else "Afwijzing levensonderhoud"
                    bt = next((x for x in b.per_soort["besluittypen"].values()
                               if az["zaaktype"] in x["zaaktypen"] and x["omschrijving"] == bt_oms), None)
                    if bt is not None:
                        sim.nieuw_besluit(request, bt, az, {"verantwoordelijkeOrganisatie": az["verantwoordelijkeOrganisatie"],
                                                        "datum": dag.isoformat(), "ingangsdatum": dag.isoformat(),
                                                        "identificatie": f"{az['identificatie']}-B"})
                    zet(request, az, "Afgehandeld", datetime.combine(dag, time(12), AMSTERDAM))
            state.save()
        return JSONResponse({"identificatie": identificatie, **uitkering_van(trajecten[0])})

    @app.get("/_sim/zaken")
    def sim_zaken() -> dict[str, Any]:
        return {"zaken": [{"identificatie": z["identificatie"], "zaaktype": sim.zaak_ident(z), "status": z["status"],
                           "einddatum": z.get("einddatum"), "resultaat": z.get("resultaat"),
                           "uitkering": uitkering_van(z)["status"] if sim.zaak_ident(z) != AANVRAAG.identificatie
                           else None}
                          for z in state.zaken.values()]}
