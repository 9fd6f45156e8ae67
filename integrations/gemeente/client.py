"""httpx client for the gemeente: ZGW Zaken, Catalogi and Besluiten APIs, as a real Open Zaak
takes them, plus (as an option) the non-ZGW uitkeringsadministratie contract.

What a real Open Zaak insists on, and where this client meets it:
- `Accept-Crs: EPSG:4326` on every zaak resource call (412 without), `Content-Crs` on zaak writes;
- statussen of one zaak at strictly increasing, never-future `datumStatusGezet` (`status_moment`);
- types from the zaak's own zaaktype version (`typen_van`), never the newest version's;
- a refusal's reasons are in `invalidParams`, carried into the error (never a BSN);
- a 404 on a collection means the base URL is wrong: a configuration fault, not a refusal.

Every ZGW write is preceded by a lookup on our own stable keys (zaak.identificatie = traject
reference; a status by its statustype as the zaak's current status; one rol per roltype; a besluit
by its identificatie), so a retry after a crash finds what was already created instead of creating
it twice: ZGW has no idempotency header.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx
from pydantic import BaseModel, ValidationError

from domain.bsn import maskeer_bsns
from integrations.gemeente.auth import make_token
from integrations.gemeente.errors import (
    GemeenteConfiguratie,
    GemeenteMalformed,
    GemeenteOnleesbaar,
    GemeenteRejected,
    GemeenteTransient,
)
from integrations.gemeente.models import (
    BesluitType,
    ResultaatType,
    RolType,
    StatusType,
    Uitkeringsstatus,
    Verlaging,
    ZaakRef,
    ZaakType,
)
from integrations.gemeente.settings import GemeenteSection
from integrations.gemeente.typen import Typen

__all__ = ["GemeenteClient", "Typen", "reden_uit", "status_moment"]

M = TypeVar("M", bound=BaseModel)
ZAKEN = "/zaken/api/v1"
CATALOGI = "/catalogi/api/v1"
UITKERINGEN = "/uitkeringen/api/v1"
BESLUITEN = "/besluiten/api/v1"
VERLAGINGEN = "/uitkering/api/v1/verlagingen"
CRS = "EPSG:4326"
# The zaak resource itself (list, one, _zoek) carries geometry: Open Zaak wants the CRS headers there.
_ZAAK_RESOURCE = re.compile(r"^/zaken/api/v1/zaken(/_zoek|/[0-9a-fA-F-]{36})?/?$")
# An object path ends in a UUID: its 404 is that object's answer; any other 404 is configuration.
_OBJECT = re.compile(r"/[0-9a-fA-F-]{36}/?$")
STAP = timedelta(seconds=1)  # the gap between two statussen that would otherwise share a moment
AMSTERDAM = ZoneInfo("Europe/Amsterdam")  # the gemeente's calendar day


def _echt_nu() -> datetime:
    return datetime.now(UTC)


def status_moment(gebeurd_op: datetime, vorige: datetime | None, echt_nu: datetime) -> datetime | None:
    """The datumStatusGezet to send: the moment of the event, capped at the real now (a moved
    development clock never sends a future time, which Open Zaak refuses), and one second after the
    zaak's previous status when it would not be later (Open Zaak refuses two equal ones). None when
    no valid moment exists yet (the previous status lies at or after the real now)."""
    if gebeurd_op.tzinfo is None:  # naive means UTC here
        gebeurd_op = gebeurd_op.replace(tzinfo=UTC)
    moment = min(gebeurd_op, echt_nu)
    if vorige is not None and moment <= vorige:
        moment = min(vorige + STAP, echt_nu)
        if moment <= vorige:
            return None
    return moment


def _tijd(waarde: Any) -> datetime | None:
    if not isinstance(waarde, str) or not waarde:
        return None
    try:
        t = datetime.fromisoformat(waarde.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def reden_uit(body: Any) -> str:
    """The gemeente's own reasons from a problem body: `invalidParams` (name: reason [code]) or its
    detail. Open Zaak's detail for every 400 is 'Ongeldige invoer.'; the reason is in the params."""
    if not isinstance(body, dict):
        return ""
    params = body.get("invalidParams")
    if isinstance(params, list) and params:
        delen = []
        for p in params[:5]:
            if isinstance(p, dict):
                naam, reden, code = p.get("name") or "", p.get("reason") or "", p.get("code") or ""
                delen.append(f"{naam}: {reden}".strip(": ") + (f" [{code}]" if code else ""))
        return maskeer_bsns("; ".join(delen))[:600]
    detail = body.get("detail") or body.get("title") or ""
    return maskeer_bsns(str(detail))[:600]


class GemeenteClient:
    def __init__(self, settings: GemeenteSection, transport: httpx.BaseTransport | None = None,
                 user_id: str = "werkpad", klok: Callable[[], datetime] = _echt_nu) -> None:
        self.settings = settings
        self.user_id = user_id
        self.klok = klok  # the REAL now (never the moved development clock): Open Zaak checks against it
        self._http = httpx.Client(base_url=settings.api_url, timeout=settings.timeout_seconds, transport=transport)
        self._typen: dict[str, Typen] = {}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GemeenteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------
    def _headers(self, path: str, write: bool = False) -> dict[str, str]:
        token = make_token(self.settings.client_id, self.settings.secret.get_secret_value(), self.user_id)
        h = {"Authorization": "Bearer " + token, "Accept": "application/json"}
        if write:
            h["Content-Type"] = "application/json"
        if _ZAAK_RESOURCE.match(path):
            h["Accept-Crs"] = CRS
            if write:
                h["Content-Crs"] = CRS
        return h

    def pad(self, url: str) -> str:
        """A URL the gemeente handed out, as a path under our base URL (refused when it points elsewhere)."""
        base = self.settings.api_url.rstrip("/")
        if not url.startswith(base + "/"):
            raise GemeenteMalformed("De gemeente verwijst naar een adres buiten de ingestelde API "
                                    f"({base}); controleer WERKPAD_GEMEENTE__API_URL.")
        return url[len(base):]

    def _request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                 json: Any = None, extra_headers: dict[str, str] | None = None, vraag_404: bool = False) -> Any:
        """`vraag_404`: a 404 answers the question (a query endpoint that says 'not found'), it is
        not a wrong base URL."""
        headers = self._headers(path, write=json is not None)
        headers.update(extra_headers or {})
        try:
            r = self._http.request(method, path, params=params, json=json, headers=headers)
        except httpx.TransportError as exc:
            raise GemeenteTransient(
                f"Gemeente-API niet bereikbaar op {self.settings.api_url} ({_transportfout(exc)})."
            ) from None
        if r.status_code >= 500 or r.status_code == 429:
            raise GemeenteTransient(f"Gemeente-API gaf {r.status_code} op {method} {path}; later opnieuw.")
        if r.status_code >= 400:
            body: Any
            try:
                body = r.json()
            except ValueError:
                body = None
            if r.status_code == 404 and not _OBJECT.search(path) and not vraag_404:
                raise GemeenteConfiguratie(f"{self.settings.api_url}{path} bestaat niet bij de gemeente (404): "
                                           "controleer WERKPAD_GEMEENTE__API_URL en de API's van de gemeente.")
            code = body.get("code") if isinstance(body, dict) else None
            niet_aangemeld = r.status_code == 401 or (r.status_code == 403 and code not in ("permission_denied", None))
            if niet_aangemeld or (r.status_code == 403 and not _OBJECT.search(path) and method == "GET"):
                raise GemeenteConfiguratie(f"De gemeente weigert werkpad het lezen van {path} ({r.status_code}): "
                                           f"{reden_uit(body) or 'geen rechten'}; controleer client_id, geheim en "
                                           "autorisaties ('werkpad gemeente controleer').")
            reden = reden_uit(body) or r.reason_phrase
            # The gemeente's words are passed on, but never a BSN (should one ever be quoted back).
            veilig = body if maskeer_bsns(str(body)) == str(body) else None
            raise GemeenteRejected(f"Gemeente weigerde {method} {path} ({r.status_code}): {reden}", r.status_code,
                                   veilig, invalid_params=_params(veilig))
        if r.status_code == 204:  # a DELETE's answer has no body
            return None
        try:
            return r.json()
        except ValueError:
            raise GemeenteOnleesbaar(f"Antwoord op {method} {path} is geen JSON.") from None

    @staticmethod
    def _parse(model: type[M], data: Any, what: str) -> M:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise GemeenteMalformed(f"Onverwacht antwoord van de gemeente ({what}): {exc.error_count()} fout(en).") \
                from None

    def _pages(self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None,
               what: str, max_pages: int = 50) -> list[Any]:
        """Every result of a paginated list, following `next` (Open Zaak: 100 per page)."""
        items: list[Any] = []
        page = 1
        while True:
            p = dict(params or {})
            if page > 1:
                p["page"] = page
            data = self._request(method, path, params=p or None, json=json)
            if not isinstance(data, dict) or not isinstance(data.get("results"), list):
                raise GemeenteMalformed(f"Onverwacht antwoord van de gemeente ({what}): geen gepagineerde lijst.")
            items.extend(data["results"])
            if not data.get("next") or page >= max_pages:
                return items
            page += 1

    def _list(self, model: type[M], path: str, params: dict[str, Any], what: str) -> list[M]:
        return [self._parse(model, item, what) for item in self._pages("GET", path, params=params, what=what)]

    def lees(self, url: str, what: str) -> dict[str, Any]:
        data = self._request("GET", self.pad(url))
        if not isinstance(data, dict):
            raise GemeenteMalformed(f"Onverwacht antwoord van de gemeente ({what}).")
        return data

    # -- catalogi -------------------------------------------------------------------------
    def zaaktypen(self, identificatie: str) -> list[ZaakType]:
        """Every published version of a zaaktype, oldest first."""
        found = self._list(ZaakType, f"{CATALOGI}/zaaktypen", {"identificatie": identificatie}, "zaaktypen")
        return sorted((z for z in found if z.identificatie == identificatie and not z.concept),
                      key=lambda z: z.beginGeldigheid or "")

    def zaaktype(self, identificatie: str, op: date | None = None) -> ZaakType:
        """The version valid on `op` (a new zaak takes the version valid on its startdatum); without
        `op` the newest."""
        versies = self.zaaktypen(identificatie)
        if op is not None:
            versies = [z for z in versies if z.geldig_op(op)]
        if not versies:
            bij = f" geldig op {op.isoformat()}" if op else ""
            raise GemeenteConfiguratie(f"Zaaktype '{identificatie}'{bij} bestaat niet in de catalogus van de gemeente; "
                                       "controleer met 'werkpad gemeente controleer'.")
        return versies[-1]

    def typen_van(self, zaaktype: ZaakType | str) -> Typen:
        """The statustypen, roltypen, resultaattypen and besluittypen of exactly this zaaktype version
        (cached per client). The published Catalogi spec types the `zaaktype` filter as integer, so
        the lists are asked by `zaaktypeIdentificatie` and this version's own are kept by URL."""
        url = zaaktype if isinstance(zaaktype, str) else zaaktype.url
        if url in self._typen:
            return self._typen[url]
        zt = zaaktype if isinstance(zaaktype, ZaakType) else self._parse(ZaakType, self.lees(url, "zaaktype"),
                                                                        "zaaktype")
        ident = {"zaaktypeIdentificatie": zt.identificatie}
        t = Typen(zaaktype=zt)
        t.statustypen = sorted((s for s in self._list(StatusType, f"{CATALOGI}/statustypen", ident, "statustypen")
                                if s.zaaktype == zt.url), key=lambda s: s.volgnummer)
        t.roltypen = [r for r in self._list(RolType, f"{CATALOGI}/roltypen", ident, "roltypen") if r.zaaktype == zt.url]
        t.resultaattypen = [r for r in self._list(ResultaatType, f"{CATALOGI}/resultaattypen", ident, "resultaattypen")
                            if r.zaaktype == zt.url]
        t.besluittypen = [b for b in self._list(BesluitType, f"{CATALOGI}/besluittypen", {"zaaktypen": zt.url},
                                                "besluittypen") if zt.url in b.zaaktypen]
        self._typen[url] = t
        return t

    # Kept for callers that name a zaaktype object.
    def statustypen(self, zaaktype: ZaakType) -> list[StatusType]:
        return self.typen_van(zaaktype).statustypen

    def roltypen(self, zaaktype: ZaakType) -> list[RolType]:
        return self.typen_van(zaaktype).roltypen

    def resultaattypen(self, zaaktype: ZaakType) -> list[ResultaatType]:
        return self.typen_van(zaaktype).resultaattypen

    def besluittypen(self, zaaktype: ZaakType) -> list[BesluitType]:
        return self.typen_van(zaaktype).besluittypen

    # -- besluiten (ZGW Besluiten API) ------------------------------------------------------
    def maak_besluit(self, *, verantwoordelijke_organisatie: str, identificatie: str, besluittype_url: str,
                     zaak_url: str, datum: date, toelichting: str = "", uiterlijke_reactiedatum: date | None = None,
                     bestuursorgaan: str = "college van burgemeester en wethouders",
                     verzenddatum: date | None = None, ingangsdatum: date | None = None,
                     vervaldatum: date | None = None) -> str:
        """One besluit per identificatie (our own key): looked up first, so a retry finds it (the
        first one's fields stand). `datum` is the beslisdatum (not in the future, Awb);
        `ingangsdatum` defaults to it; `vervaldatum` ends the werkingsperiode (e.g. the last day of a
        verlaging); `verzenddatum` is when the beschikking goes out (bekendmaking, Awb 3:41).
        Open Zaak makes the ZaakBesluit itself: the besluit names the zaak, nothing more is sent.
        A `datum` after the real today (a moved development clock) is sent as today: Open Zaak refuses
        a beslisdatum in the future (future_not_allowed); in production both days are the same."""
        vandaag = self.klok().astimezone(AMSTERDAM).date()
        ingangsdatum = ingangsdatum or datum
        datum = min(datum, vandaag)
        bestaand = self._pages("GET", f"{BESLUITEN}/besluiten", params={
            "identificatie": identificatie, "verantwoordelijkeOrganisatie": verantwoordelijke_organisatie},
            what="besluiten")
        if bestaand:
            if not isinstance(bestaand[0], dict) or "url" not in bestaand[0]:
                raise GemeenteMalformed("Onverwacht antwoord van de gemeente (besluiten).")
            return str(bestaand[0]["url"])
        body = {"identificatie": identificatie[:50], "verantwoordelijkeOrganisatie": verantwoordelijke_organisatie,
                "besluittype": besluittype_url, "zaak": zaak_url, "datum": datum.isoformat(),
                "ingangsdatum": ingangsdatum.isoformat(), "toelichting": toelichting[:1000],
                "bestuursorgaan": bestuursorgaan[:50]}
        for veld, waarde in (("uiterlijkeReactiedatum", uiterlijke_reactiedatum), ("verzenddatum", verzenddatum),
                             ("vervaldatum", vervaldatum)):
            if waarde is not None:
                body[veld] = waarde.isoformat()
        created = self._request("POST", f"{BESLUITEN}/besluiten", json=body)
        if not isinstance(created, dict) or "url" not in created:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (besluit).")
        return str(created["url"])

    def zaakbesluiten(self, zaak_url: str) -> list[str]:
        """The besluit URLs the gemeente links to this zaak (GET /zaken/{uuid}/besluiten)."""
        data = self._request("GET", self.pad(zaak_url).rstrip("/") + "/besluiten")
        if not isinstance(data, list):
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (zaakbesluiten).")
        return [str(d.get("besluit")) for d in data if isinstance(d, dict) and d.get("besluit")]

    # -- zaken ----------------------------------------------------------------------------
    def zoek_zaak(self, *, bronorganisatie: str, identificatie: str) -> ZaakRef | None:
        found = self._list(ZaakRef, f"{ZAKEN}/zaken",
                           {"bronorganisatie": bronorganisatie, "identificatie": identificatie}, "zaken")
        return found[0] if found else None

    def zoek_zaken(self, filters: Mapping[str, Any]) -> list[dict[str, Any]]:
        """POST /zaken/_zoek: the filters travel in the body, so a BSN never sits in a URL or an access log."""
        return [z for z in self._pages("POST", f"{ZAKEN}/zaken/_zoek", json=dict(filters), what="zaken")
                if isinstance(z, dict)]

    def maak_zaak(self, *, bronorganisatie: str, identificatie: str, zaaktype_url: str, startdatum: date,
                  omschrijving: str, relevante_andere_zaken: Sequence[str] = ()) -> ZaakRef:
        bestaand = self.zoek_zaak(bronorganisatie=bronorganisatie, identificatie=identificatie)
        if bestaand is not None:
            # A retry finds the open zaak it made; a closed one, or one of another zaaktype, is somebody
            # else's (a fresh case store numbering again at a gemeente that knows older zaken).
            zt = self.lees(bestaand.zaaktype, "zaaktype").get("identificatie") if bestaand.zaaktype != zaaktype_url \
                else None
            if bestaand.einddatum or (zt is not None and zt != self.lees(zaaktype_url, "zaaktype").get("identificatie")):
                raise GemeenteRejected(f"Bij de gemeente bestaat al een {'gesloten ' if bestaand.einddatum else ''}zaak "
                                       f"{identificatie} die niet van deze registratie is; de trajectnummers van "
                                       "werkpad botsen met eerdere zaken (een nieuwe case store?). Zet de teller "
                                       "voorbij de bestaande nummers; er is niets aangemaakt.", 409)
            return bestaand
        body: dict[str, Any] = {
            "identificatie": identificatie, "bronorganisatie": bronorganisatie, "zaaktype": zaaktype_url,
            "verantwoordelijkeOrganisatie": bronorganisatie, "startdatum": startdatum.isoformat(),
            "omschrijving": omschrijving[:80], "vertrouwelijkheidaanduiding": "vertrouwelijk"}
        if relevante_andere_zaken:
            body["relevanteAndereZaken"] = [{"url": u, "aardRelatie": "onderwerp"} for u in relevante_andere_zaken]
        try:
            data = self._request("POST", f"{ZAKEN}/zaken", json=body)
        except GemeenteRejected as exc:
            # Handled twice (a replaying proxy), the first was stored: found as a retry finds it (same checks).
            if any(p.get("code") == "identificatie-niet-uniek" for p in exc.invalid_params) and \
                    self.zoek_zaak(bronorganisatie=bronorganisatie, identificatie=identificatie) is not None:
                return self.maak_zaak(bronorganisatie=bronorganisatie, identificatie=identificatie,
                                      zaaktype_url=zaaktype_url, startdatum=startdatum, omschrijving=omschrijving,
                                      relevante_andere_zaken=relevante_andere_zaken)
            raise
        return self._parse(ZaakRef, data, "zaak")

    def zaak(self, zaak_url: str) -> dict[str, Any]:
        return self.lees(zaak_url, "zaak")

    def zet_status(self, *, zaak_url: str, statustype_url: str, gezet_op: datetime, toelichting: str = "") -> str:
        """Set a status, once: when the zaak's current status already has this statustype it is
        that one (a retry after a lost answer). The moment follows `status_moment`."""
        zaak = self.zaak(zaak_url)
        vorige: datetime | None = None
        huidige = zaak.get("status")
        if huidige:
            status = self.lees(str(huidige), "status")
            if status.get("statustype") == statustype_url:
                return str(huidige)
            vorige = _tijd(status.get("datumStatusGezet"))
        moment = status_moment(gezet_op, vorige, self.klok())
        if moment is None:
            raise GemeenteTransient("De vorige status van de zaak ligt niet vóór nu; deze status volgt bij de "
                                    "volgende verzending.")
        body = {"zaak": zaak_url, "statustype": statustype_url,
                "datumStatusGezet": moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "statustoelichting": toelichting[:1000]}
        try:
            created = self._request("POST", f"{ZAKEN}/statussen", json=body)
        except GemeenteRejected as exc:
            # Handled twice (a replaying proxy), the first was stored: the zaak's current status is ours. Only then
            # (a status of that moment exists: code "unique") is the zaak read again.
            uniek = any(p.get("code") == "unique" for p in exc.invalid_params)
            if exc.status == 400 and uniek and (huidige := self.zaak(zaak_url).get("status")):
                if self.lees(str(huidige), "status").get("statustype") == statustype_url:
                    return str(huidige)
            raise
        if not isinstance(created, dict) or "url" not in created:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (status).")
        return str(created["url"])

    def zet_resultaat(self, *, zaak_url: str, resultaattype_url: str, toelichting: str = "") -> str:
        """The zaak's one resultaat. Looked up on the zaak first: the same resultaat again is found,
        not created twice; a different one already there is refused (ZGW allows one per zaak)."""
        zaak = self.zaak(zaak_url)
        huidig = zaak.get("resultaat")
        if huidig:
            if self.lees(str(huidig), "resultaat").get("resultaattype") == resultaattype_url:
                return str(huidig)
            raise GemeenteRejected("De zaak heeft al een ander resultaat; de gemeente staat er één per zaak toe.", 400)
        body = {"zaak": zaak_url, "resultaattype": resultaattype_url, "toelichting": toelichting[:1000]}
        created = self._request("POST", f"{ZAKEN}/resultaten", json=body)
        if not isinstance(created, dict) or "url" not in created:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (resultaat).")
        return str(created["url"])

    def voeg_rol_toe(self, *, zaak_url: str, roltype_url: str, betrokkene_type: str,
                     identificatie: dict[str, Any], toelichting: str = "") -> str:
        """The zaak's rol of this roltype, found before it is created (a retry) or after a refusal (a replayed
        request's first pass stored it; an initiator may be there once). ZGW has no key for a rol: a second one
        of the roltype (a replaying proxy) is removed here, the next time werkpad looks."""
        def bestaand() -> str | None:
            gelijk = [str(u) for u in self.zaak(zaak_url).get("rollen") or []
                      if self.lees(str(u), "rol").get("roltype") == roltype_url]
            for dubbel in gelijk[1:]:
                self._request("DELETE", self.pad(dubbel))
            return gelijk[0] if gelijk else None

        if (rol := bestaand()) is not None:
            return rol
        body = {"zaak": zaak_url, "betrokkeneType": betrokkene_type, "roltype": roltype_url,
                "roltoelichting": toelichting, "betrokkeneIdentificatie": identificatie}
        try:
            created = self._request("POST", f"{ZAKEN}/rollen", json=body)
        except GemeenteRejected as exc:  # one initiator per zaak: a replay's first pass stored it
            if any(p.get("code") == "max-occurences" for p in exc.invalid_params) and (rol := bestaand()) is not None:
                return rol
            raise
        if not isinstance(created, dict) or "url" not in created:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (rol).")
        return str(created["url"])

    # -- notificaties: whose zaak is this? (tasks/notificaties.py) ----------------------------
    def bsns_van_zaak(self, zaak_url: str) -> list[str]:
        """The BSNs of the natuurlijk persoon rollen of a zaak (the gemeente's aanvraag-zaak that a notification
        names), to find werkpad's traject. They stay in werkpad's process: never logged, never in Prefect."""
        rollen = self._pages("GET", f"{ZAKEN}/rollen", params={"zaak": zaak_url, "betrokkeneType": "natuurlijk_persoon"},
                             what="rollen")
        uit = []
        for r in rollen:
            ident = r.get("betrokkeneIdentificatie") if isinstance(r, dict) else None
            bsn = ident.get("inpBsn") if isinstance(ident, dict) else None
            if isinstance(bsn, str) and bsn:
                uit.append(bsn)
        return uit

    # -- uitkering: the optional non-ZGW contract (uitkering.bron = http) ----------------------
    def uitkeringsstatus(self, zaak_url: str) -> Uitkeringsstatus:
        data = self._request("GET", f"{UITKERINGEN}/uitkeringsaanvragen", params={"zaak": zaak_url}, vraag_404=True)
        st = self._parse(Uitkeringsstatus, data, "uitkeringsstatus")
        if st.status not in {"in_behandeling", "toegekend", "afgewezen"}:
            raise GemeenteMalformed(f"Onbekende uitkeringsstatus '{st.status}' van de gemeente.")
        return st

    # -- verlagingen (the uitkeringsadministratie; our own modelled contract, optional) ------
    def meld_verlaging(self, *, idempotency_key: str, zaak_url: str, bsn: str, besluit: str, soort: str,
                       maanden: Sequence[Mapping[str, Any]]) -> str:
        """Tell the uitkeringsadministratie to apply (opleggen), correct (herzien: the full corrected
        list) or withdraw (intrekken: no maanden) the verlaging of `besluit` (its identificatie).
        Exactly once per `idempotency_key`: a retry with the same key and body gets the same
        resource back. Returns the verlaging's URL. maanden: [{"maand": "2027-01", "percentage": 20}]."""
        body = {"zaak": zaak_url, "bsn": bsn, "besluit": besluit, "soort": soort,
                "maanden": [{"maand": m["maand"], "percentage": m["percentage"]} for m in maanden]}
        data = self._request("POST", VERLAGINGEN, json=body, extra_headers={"Idempotency-Key": idempotency_key})
        v = self._parse(Verlaging, data, "verlaging")
        if v.zaak != zaak_url or v.besluit != besluit or v.soort != soort:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (verlaging): een andere verlaging dan "
                                    "gemeld.")
        return v.url

    def verlagingen(self, zaak_url: str) -> list[Verlaging]:
        """The verlagingen the uitkeringsadministratie holds for this zaak, oldest first."""
        return self._list(Verlaging, VERLAGINGEN, {"zaak": zaak_url}, "verlagingen")


def _transportfout(exc: httpx.TransportError) -> str:
    """What went wrong on the way, in Dutch (never the exception's English text)."""
    if isinstance(exc, httpx.TimeoutException):
        return "geen antwoord binnen de time-out"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "geen geldige http(s)-URL"
    if isinstance(exc, httpx.ConnectError):
        return "verbinding geweigerd of host onbekend"
    return "verbinding verbroken"


def _params(body: Any) -> list[dict[str, str]]:
    if not isinstance(body, dict) or not isinstance(body.get("invalidParams"), list):
        return []
    return [{k: str(p.get(k, ""))[:300] for k in ("name", "code", "reason")}
            for p in body["invalidParams"] if isinstance(p, dict)]
