"""What the gemeente simulator's endpoints share (simulator.py wires them): the record shapes, the
small helpers, and `Kern`: one simulator's state with the request-bound pieces (the base URL, the
catalogue, the caller's applicatie), the autorisatie checks on a zaak, and the writers of records
(the API's handlers validate first; the uitkering driver writes directly)."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from integrations.gemeente.sim_autorisaties import ZAKEN_GEFORCEERD_BIJWERKEN, Applicatie
from integrations.gemeente.sim_catalogus import Bundel
from integrations.gemeente.sim_fouten import (
    GEEN_GELDIGE_URL,
    ApiFout,
    datumtijd,
    fout,
    geen_toegang,
    is_url,
    json_object,
    niet_gevonden,
    ongeldig,
    pagineer,
    verwijzing,
    zaak_gesloten,
)
from integrations.gemeente.sim_state import AMSTERDAM, SimState

ZAAK_REQUIRED = {"betalingsindicatieWeergave", "bronorganisatie", "deelzaken", "eigenschappen", "einddatum",
                 "laatstGemuteerd", "resultaat", "rollen", "startdatum", "status", "url", "uuid",
                 "verantwoordelijkeOrganisatie", "zaakinformatieobjecten", "zaakobjecten", "zaaktype"}
ROL_REQUIRED = {"betrokkeneType", "omschrijving", "omschrijvingGeneriek", "registratiedatum", "roltype", "statussen",
                "url", "uuid", "zaak"}
DATUMTIJD_FORMAAT = ("Datetime heeft een ongeldig formaat, gebruik 1 van de volgende formaten: "
                     "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].")
DATUM_FORMAAT = "Date heeft het verkeerde formaat, gebruik 1 van de onderstaande formaten: YYYY-MM-DD."


def problem(request: Request, status: int, code: str, title: str, detail: str,
            invalid: list[dict[str, str]] | None = None) -> JSONResponse:
    """The non-ZGW endpoints' refusals (uitkeringsadministratie): the same problem+json shape."""
    body: dict[str, Any] = {"type": f"https://werkpad.local/fouten/{code}", "code": code, "title": title,
                            "status": status, "detail": detail, "instance": f"urn:uuid:{uuidlib.uuid4()}"}
    if invalid is not None:
        body["invalidParams"] = invalid
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def toon(item: dict[str, Any]) -> dict[str, Any]:
    """A record as the API shows it: without the simulator's own bookkeeping (keys starting with _)."""
    return {k: v for k, v in item.items() if not k.startswith("_")}


def utc(moment: datetime) -> str:
    """A moment as Open Zaak writes it (UTC, 'Z')."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def nu() -> datetime:
    return datetime.now(UTC)


def plus_jaren(d: date, jaren: int) -> date:
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:  # 29 February
        return d.replace(year=d.year + jaren, day=28)


def ja(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"true": True, "1": True, "false": False, "0": False}.get(str(value).lower())



async def sim_body(request: Request) -> dict[str, Any]:
    """The body of a /_sim call: a JSON object, or a 400."""
    try:
        return await json_object(request)
    except ApiFout as exc:
        raise ApiFout(400, "parse_error", exc.title, "Verwacht een JSON-object.", "ParseError") from None


@dataclass
class Kern:
    state: SimState

    def base(self, request: Request) -> str:
        return self.state.base_url or str(request.base_url).rstrip("/")

    def bundel(self, request: Request) -> Bundel:
        return self.state.catalogus.bundel(self.base(request))

    def applicatie(self, request: Request) -> Applicatie:
        return getattr(request.state, "applicatie", None) or Applicatie()

    def mag(self, app_: Applicatie, scopes: Iterable[str], zaak: dict[str, Any]) -> bool:
        return app_.has_auth(scopes, "zrc", zaaktype=self.zaak_ident(zaak), vertrouwelijkheid=zaak.get(
            "vertrouwelijkheidaanduiding"))

    def type_by_url(self, soort: str, url: Any) -> dict[str, Any] | None:
        """A catalogue resource by the uuid in its URL (whatever base the URL was handed out under)."""
        return self.state.catalogus.bundel("").get(soort, str(url).rstrip("/").rsplit("/", 1)[-1].lower())

    def zaak_ident(self, zaak: dict[str, Any]) -> str:
        if zaak.get("_zaaktype_id"):
            return str(zaak["_zaaktype_id"])
        zt = self.type_by_url("zaaktypen", zaak["zaaktype"])  # a zaak stored before the simulator kept it
        return str(zt["identificatie"]) if zt else ""

    def eis_scope(self, app_: Applicatie, scopes: Iterable[str], component: str) -> None:
        """DRF has_permission without the object: one of the scopes somewhere in this component."""
        if not app_.has_auth(scopes, component):
            raise geen_toegang()

    def zaak_of_404(self, zaak_uuid: str) -> dict[str, Any]:
        zaak = self.state.zaken.get(zaak_uuid.lower())
        if zaak is None:
            raise niet_gevonden()
        return zaak

    def zaak_by_url(self, url: Any) -> dict[str, Any] | None:
        if not isinstance(url, str):
            return None
        return self.state.zaken.get(url.rstrip("/").rsplit("/", 1)[-1].lower())

    def hoofdzaak(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """The zaak a status/rol/resultaat names, resolved before the scopes are checked (Open Zaak's
        AuthRequired.validate_create): its codes are that check's."""
        url = body.get("zaak")
        if not url:
            raise ongeldig([fout("zaak", "required", "zaak is vereist voor de autorisatiecontrole.")])
        if not is_url(url):
            raise ongeldig([fout("zaak", "bad-url", GEEN_GELDIGE_URL)])
        ref = verwijzing(url, self.base(request))
        if ref is None or ref[0] != "zaken":
            raise ongeldig([fout("zaak", "incorrect_match", "Onjuiste resource. Verwacht: Zaak")])
        zaak = self.state.zaken.get(ref[1])
        if zaak is None:
            raise ongeldig([fout("zaak", "object-does-not-exist", "Dit object bestaat niet in de database")])
        return zaak

    def gesloten_check(self, app_: Applicatie, zaak: dict[str, Any] | None) -> None:
        """Open Zaak's ClosedZaakMixin: no writes on a closed zaak without zaken.geforceerd-bijwerken."""
        if zaak is not None and zaak.get("einddatum") and not self.mag(app_, (ZAKEN_GEFORCEERD_BIJWERKEN,), zaak):
            raise zaak_gesloten()

    def lijst(self, request: Request, items: list[dict[str, Any]]) -> dict[str, Any]:
        return pagineer(request, self.base(request), [toon(i) for i in items])

    def huidige_status(self, zaak: dict[str, Any]) -> None:
        """The current status is the one with the latest datumStatusGezet (Open Zaak orders by it)."""
        eigen = [s for s in self.state.statussen.values() if s["zaak"] == zaak["url"]]
        laatste = max(eigen, key=lambda s: datumtijd(s["datumStatusGezet"]) or datetime.min.replace(tzinfo=UTC),
                      default=None)
        for s in eigen:
            s["indicatieLaatstGezetteStatus"] = s is laatste
        zaak["status"] = laatste["url"] if laatste else None

    def gemuteerd(self, zaak: dict[str, Any]) -> None:
        zaak["laatstGemuteerd"] = utc(nu())

    def nieuwe_zaak(self, request: Request, zt: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        u = str(uuidlib.uuid4())
        ident = body.get("identificatie") or f"ZAAK-{len(self.state.zaken) + 1:06d}"
        zaak = {
            "url": f"{self.base(request)}/zaken/api/v1/zaken/{u}", "uuid": u, "identificatie": ident,
            "bronorganisatie": body["bronorganisatie"], "omschrijving": body.get("omschrijving", ""),
            "toelichting": body.get("toelichting", ""), "zaaktype": zt["url"],
            "registratiedatum": body.get("registratiedatum") or datetime.now(AMSTERDAM).date().isoformat(),
            "verantwoordelijkeOrganisatie": body["verantwoordelijkeOrganisatie"],
            "startdatum": body["startdatum"], "einddatum": None, "einddatumGepland": body.get("einddatumGepland"),
            "uiterlijkeEinddatumAfdoening": body.get("uiterlijkeEinddatumAfdoening"), "publicatiedatum": None,
            "laatstGemuteerd": utc(nu()), "laatstGeopend": None, "communicatiekanaal": "",
            "communicatiekanaalNaam": "", "productenOfDiensten": [],
            "vertrouwelijkheidaanduiding": body.get("vertrouwelijkheidaanduiding") or zt["vertrouwelijkheidaanduiding"],
            "betalingsindicatie": "", "betalingsindicatieWeergave": "", "laatsteBetaaldatum": None,
            "zaakgeometrie": None, "verlenging": None, "opschorting": {"indicatie": False, "reden": "",
                                                                      "eerdereOpschorting": False},
            "selectielijstklasse": "", "hoofdzaak": None, "deelzaken": [],
            "relevanteAndereZaken": [{"url": r["url"], "aardRelatie": r["aardRelatie"],
                                      "overigeRelatie": r.get("overigeRelatie", ""), "toelichting": r.get("toelichting", "")}
                                     for r in body.get("relevanteAndereZaken") or []],
            "gerelateerdeZaken": [], "eigenschappen": [], "rollen": [], "status": None,
            "zaakinformatieobjecten": [], "zaakobjecten": [], "kenmerken": [], "archiefnominatie": None,
            "archiefstatus": "nog_te_archiveren", "archiefactiedatum": None, "resultaat": None,
            "opdrachtgevendeOrganisatie": "", "processobjectaard": "", "startdatumBewaartermijn": None,
            "processobject": None, "_zaaktype_id": zt["identificatie"],
        }
        # Optional fields without a value are left out, as Open Zaak does for most of them.
        zaak = {k: v for k, v in zaak.items() if k in ZAAK_REQUIRED or v not in (None, "")}
        self.state.zaken[u] = zaak
        return zaak

    def nieuwe_status(self, request: Request, zaak: dict[str, Any], st: dict[str, Any], gezet: datetime,
                      lokaal: str, toelichting: str = "") -> dict[str, Any]:
        """`lokaal`: the moment as the client wrote it (its offset decides the einddatum, as in Open Zaak)."""
        u = str(uuidlib.uuid4())
        status = {"url": f"{self.base(request)}/zaken/api/v1/statussen/{u}", "uuid": u, "zaak": zaak["url"],
                  "statustype": st["url"], "datumStatusGezet": utc(gezet), "statustoelichting": toelichting,
                  "indicatieLaatstGezetteStatus": True, "gezetdoor": None, "zaakinformatieobjecten": []}
        self.state.statussen[u] = status
        self.meld(zaak, "status", status["url"])
        if st["isEindstatus"]:  # the eindstatus closes the zaak; archiving fields from the resultaattype
            eind = datetime.fromisoformat(lokaal.replace("Z", "+00:00")).date()
            zaak["einddatum"] = eind.isoformat()
            rt = self.type_by_url("resultaattypen", self.state.resultaten.get(
                str(zaak.get("resultaat", "")).rsplit("/", 1)[-1], {}).get("resultaattype"))
            zaak["archiefnominatie"] = rt["archiefnominatie"] if rt else "vernietigen"
            zaak["startdatumBewaartermijn"] = eind.isoformat()
            zaak["archiefactiedatum"] = plus_jaren(eind, 10).isoformat()
        else:  # any other status (re)opens it: Open Zaak resets einddatum and the archiving fields
            zaak["einddatum"] = None
            for k in ("archiefnominatie", "archiefactiedatum", "startdatumBewaartermijn"):
                zaak.pop(k, None)
        self.huidige_status(zaak)
        self.gemuteerd(zaak)
        return status

    def meld(self, zaak: dict[str, Any], resource: str, resource_url: str, actie: str = "create") -> None:
        """Open Zaak's notification on kanaal zaken, routed by the simulator's Open Notificaties (sim_notificaties)."""
        from integrations.gemeente.sim_notificaties import publiceer

        publiceer(self.state, {"kanaal": "zaken", "hoofdObject": zaak["url"], "resource": resource,
                               "resourceUrl": resource_url, "actie": actie, "aanmaakdatum": utc(nu()),
                               "kenmerken": {"bronorganisatie": zaak["bronorganisatie"], "zaaktype": zaak["zaaktype"],
                                             "vertrouwelijkheidaanduiding": str(zaak.get("vertrouwelijkheidaanduiding")
                                                                                or "")}})

    def nieuwe_rol(self, request: Request, zaak: dict[str, Any], rt: dict[str, Any], btype: str,
                   ident: dict[str, Any], toelichting: str = "") -> dict[str, Any]:
        u = str(uuidlib.uuid4())
        rol = {"url": f"{self.base(request)}/zaken/api/v1/rollen/{u}", "uuid": u, "zaak": zaak["url"],
               "betrokkene": "", "betrokkeneType": btype, "afwijkendeNaamBetrokkene": "", "roltype": rt["url"],
               "omschrijving": rt["omschrijving"], "omschrijvingGeneriek": rt["omschrijvingGeneriek"],
               "roltoelichting": toelichting, "registratiedatum": utc(nu()), "indicatieMachtiging": "",
               "contactpersoonRol": None, "statussen": [], "betrokkeneIdentificatie": ident}
        rol = {k: v for k, v in rol.items() if k in ROL_REQUIRED or v not in (None, "")}
        self.state.rollen[u] = rol
        zaak["rollen"].append(rol["url"])
        self.gemuteerd(zaak)
        return rol

    def nieuw_resultaat(self, request: Request, zaak: dict[str, Any], rt: dict[str, Any],
                        toelichting: str = "") -> dict[str, Any]:
        u = str(uuidlib.uuid4())
        res = {"url": f"{self.base(request)}/zaken/api/v1/resultaten/{u}", "uuid": u, "zaak": zaak["url"],
               "resultaattype": rt["url"], "toelichting": toelichting}
        self.state.resultaten[u] = res
        zaak["resultaat"] = res["url"]
        self.meld(zaak, "resultaat", res["url"])
        self.gemuteerd(zaak)
        return res

    def nieuw_besluit(self, request: Request, bt: dict[str, Any], zaak: dict[str, Any] | None,
                      body: dict[str, Any]) -> dict[str, Any]:
        u = str(uuidlib.uuid4())
        vervalreden = body.get("vervalreden") or ""
        besluit = {"url": f"{self.base(request)}/besluiten/api/v1/besluiten/{u}",
                   "identificatie": str(body.get("identificatie") or "") or f"BESLUIT-{len(self.state.besluiten) + 1:06d}",
                   "verantwoordelijkeOrganisatie": body["verantwoordelijkeOrganisatie"], "besluittype": bt["url"],
                   "zaak": zaak["url"] if zaak else "", "datum": body["datum"],
                   "toelichting": str(body.get("toelichting") or ""),
                   "bestuursorgaan": str(body.get("bestuursorgaan") or ""), "ingangsdatum": body["ingangsdatum"],
                   "vervaldatum": body.get("vervaldatum"), "vervalreden": vervalreden,
                   "vervalredenWeergave": vervalreden.replace("_", " ").capitalize(),
                   "publicatiedatum": body.get("publicatiedatum"), "verzenddatum": body.get("verzenddatum"),
                   "uiterlijkeReactiedatum": body.get("uiterlijkeReactiedatum")}
        self.state.besluiten[u] = besluit
        if zaak is not None:  # Open Zaak's signal: a local besluit with a zaak makes the ZaakBesluit
            zb = str(uuidlib.uuid4())
            self.state.zaakbesluiten[zb] = {"url": f"{zaak['url']}/besluiten/{zb}", "uuid": zb, "besluit": besluit["url"],
                                       "_zaak": zaak["uuid"]}
        return besluit

