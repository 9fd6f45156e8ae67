"""The gemeente simulator's ZGW Catalogi: exactly the catalogue werkpad expects (catalogus.py), for
all three zaaktypen, in versions as Open Zaak keeps them.

Each zaaktype starts with one version (beginGeldigheid 2020-01-01). A new version (the gemeente
publishes a changed zaaktype) gets new URLs for the zaaktype and all of its statustypen, roltypen,
resultaattypen and besluittypen; the previous version's eindeGeldigheid becomes the day before.
URLs are uuid5's of (zaaktype, version, kind, omschrijving): stable across restarts, so zaken kept
in a state file keep pointing at the right types. A test may remove one piece to play a broken
catalogue (werkpad's onboarding check) and restore it all."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from integrations.gemeente.catalogus import ALLE, ZaaktypeEis

NS = uuidlib.UUID("6f1c8e52-52a4-4c0e-9a1e-3d1f2a0b7c10")
EERSTE_BEGIN = date(2020, 1, 1)
CATALOGUS_RSIN = "001005650"
SOORTEN = ("zaaktype", "statustype", "roltype", "resultaattype", "besluittype")
# Per zaaktype: what the API shows besides the omschrijving (the rest is fixed).
VERTROUWELIJKHEID = "vertrouwelijk"


def _uuid(*delen: object) -> str:
    return str(uuidlib.uuid5(NS, "/".join(str(d) for d in delen)))


@dataclass
class Versie:
    nummer: int
    begin: date
    einde: date | None = None

    def geldig_op(self, dag: date) -> bool:
        return self.begin <= dag and (self.einde is None or self.einde >= dag)


@dataclass
class Catalogus:
    versies: dict[str, list[Versie]] = field(default_factory=dict)
    verwijderd: set[tuple[str, str, str]] = field(default_factory=set)  # (zaaktype, soort, omschrijving)

    def __post_init__(self) -> None:
        self.herstel()

    def herstel(self) -> None:
        self.versies = {z.identificatie: [Versie(1, EERSTE_BEGIN)] for z in ALLE}
        self.verwijderd = set()

    def nieuwe_versie(self, identificatie: str, begin: date) -> Versie:
        """Raises KeyError (unknown zaaktype) or ValueError (begin not after the current version's)."""
        rij = self.versies[identificatie]
        vorige = rij[-1]
        if begin <= vorige.begin:
            raise ValueError("beginGeldigheid moet na die van de huidige versie liggen")
        vorige.einde = begin - timedelta(days=1)
        nieuw = Versie(vorige.nummer + 1, begin)
        rij.append(nieuw)
        return nieuw

    def verwijder(self, identificatie: str, soort: str, omschrijving: str) -> None:
        if identificatie not in self.versies or soort not in SOORTEN:
            raise KeyError(identificatie)
        self.verwijderd.add((identificatie, soort, omschrijving if soort != "zaaktype" else ""))

    def bundel(self, base: str) -> Bundel:
        return Bundel.bouw(self, base)


@dataclass
class Bundel:
    """Every catalogue resource as the API shows it, by kind (the URL's path segment) and uuid."""

    base: str
    per_soort: dict[str, dict[str, dict[str, Any]]]
    # zaaktype url -> (identificatie, version)
    zaaktype_info: dict[str, tuple[str, Versie]]

    @classmethod
    def bouw(cls, cat: Catalogus, base: str) -> Bundel:
        api = f"{base}/catalogi/api/v1"
        cat_uuid = _uuid("catalogus")
        cat_url = f"{api}/catalogussen/{cat_uuid}"
        per: dict[str, dict[str, dict[str, Any]]] = {s: {} for s in (
            "catalogussen", "zaaktypen", "statustypen", "roltypen", "resultaattypen", "besluittypen")}
        info: dict[str, tuple[str, Versie]] = {}
        for eis in ALLE:
            if (eis.identificatie, "zaaktype", "") in cat.verwijderd:
                continue
            for v in cat.versies[eis.identificatie]:
                zt = _zaaktype(eis, v, api, cat_url, cat.verwijderd)
                per["zaaktypen"][zt["_uuid"]] = zt
                info[zt["url"]] = (eis.identificatie, v)
                for soort, items in zt.pop("_delen").items():
                    for item in items:
                        per[soort][item.pop("_uuid")] = item
                zt.pop("_uuid")
        zaaktypen = [z["url"] for z in per["zaaktypen"].values()]
        per["catalogussen"][cat_uuid] = {
            "url": cat_url, "domein": "IJW", "rsin": CATALOGUS_RSIN, "contactpersoonBeheerNaam": "Functioneel beheer",
            "contactpersoonBeheerTelefoonnummer": "", "contactpersoonBeheerEmailadres": "", "zaaktypen": zaaktypen,
            "besluittypen": [b["url"] for b in per["besluittypen"].values()], "informatieobjecttypen": [],
            "naam": "Catalogus IJmond Werkt!", "versie": "", "begindatumVersie": None}
        return cls(base, per, info)

    def get(self, soort: str, uuid: str) -> dict[str, Any] | None:
        return self.per_soort.get(soort, {}).get(uuid)

    def by_url(self, soort: str, url: Any) -> dict[str, Any] | None:
        if not isinstance(url, str):
            return None
        return next((r for r in self.per_soort[soort].values() if r["url"] == url), None)

    def identificatie_van(self, zaaktype_url: str) -> str | None:
        i = self.zaaktype_info.get(zaaktype_url)
        return i[0] if i else None

    def eindstatus_van(self, zaaktype_url: str) -> dict[str, Any] | None:
        sts = [s for s in self.per_soort["statustypen"].values() if s["zaaktype"] == zaaktype_url]
        return max(sts, key=lambda s: s["volgnummer"]) if sts else None

    def zaaktype_op(self, identificatie: str, dag: date) -> dict[str, Any] | None:
        for url, (ident, v) in self.zaaktype_info.items():
            if ident == identificatie and v.geldig_op(dag):
                return self.by_url("zaaktypen", url)
        return None


def _zaaktype(eis: ZaaktypeEis, v: Versie, api: str, cat_url: str,
              verwijderd: set[tuple[str, str, str]]) -> dict[str, Any]:
    ident, n = eis.identificatie, v.nummer
    zt_uuid = _uuid(ident, n, "zaaktype")
    zt = f"{api}/zaaktypen/{zt_uuid}"
    geldig = {"beginGeldigheid": v.begin.isoformat(), "eindeGeldigheid": v.einde.isoformat() if v.einde else None,
              "beginObject": v.begin.isoformat(),
              # Open Zaak answers null while open, but the published Catalogi spec makes it a required,
              # non-nullable string (the spec-conformance tests read it so): a far date stands in.
              "eindeObject": v.einde.isoformat() if v.einde else "2099-12-31"}

    def weg(soort: str, oms: str) -> bool:
        return (ident, soort, oms) in verwijderd

    statustypen = [(nr, oms) for nr, oms in eis.statustypen if not weg("statustype", oms)]
    hoogste = max((nr for nr, _ in statustypen), default=None)
    st: list[dict[str, Any]] = [{"_uuid": u, "url": f"{api}/statustypen/{u}", "omschrijving": oms, "omschrijvingGeneriek": oms,
           "statustekst": "", "zaaktype": zt, "zaaktypeIdentificatie": ident, "catalogus": cat_url,
           "volgnummer": nr, "isEindstatus": nr == hoogste, "informeren": False, "doorlooptijd": None,
           "toelichting": None, "checklistitemStatustype": [], "eigenschappen": [], "zaakobjecttypen": [], **geldig}
          for nr, oms in statustypen for u in [_uuid(ident, n, "statustype", oms)]]
    rt = [{"_uuid": u, "url": f"{api}/roltypen/{u}", "zaaktype": zt, "zaaktypeIdentificatie": ident,
           "catalogus": cat_url, "omschrijving": oms, "omschrijvingGeneriek": gen, **geldig}
          for oms, gen in eis.roltypen if not weg("roltype", oms) for u in [_uuid(ident, n, "roltype", oms)]]
    res: list[dict[str, Any]] = [{"_uuid": u, "url": f"{api}/resultaattypen/{u}", "zaaktype": zt, "zaaktypeIdentificatie": ident,
            "catalogus": cat_url, "omschrijving": oms,
            "resultaattypeomschrijving": "https://selectielijst.example/api/v1/resultaattypeomschrijvingen/"
                                         "00000000-0000-0000-0000-000000000001",
            "omschrijvingGeneriek": "Afgehandeld",
            "selectielijstklasse": "https://selectielijst.example/api/v1/resultaten/00000000-0000-0000-0000-000000000001",
            "toelichting": "", "archiefnominatie": "vernietigen", "archiefactietermijn": "P10Y",
            "brondatumArchiefprocedure": {"afleidingswijze": "afgehandeld", "datumkenmerk": "", "einddatumBekend": False,
                                          "objecttype": "", "registratie": "", "procestermijn": None},
            "besluittypen": [], "besluittypeOmschrijving": [], "informatieobjecttypen": [],
            "informatieobjecttypeOmschrijving": [], **geldig}
           for oms in eis.resultaattypen if not weg("resultaattype", oms)
           for u in [_uuid(ident, n, "resultaattype", oms)]]
    bt = [{"_uuid": u, "url": f"{api}/besluittypen/{u}", "catalogus": cat_url, "zaaktypen": [zt],
           "omschrijving": oms, "omschrijvingGeneriek": oms, "besluitcategorie": "beschikking", "reactietermijn": "P6W",
           "publicatieIndicatie": False, "publicatietekst": "", "publicatietermijn": None, "toelichting": "",
           "informatieobjecttypen": [], "concept": False, "resultaattypen": [], "resultaattypenOmschrijving": [],
           "vastgelegdIn": [], **geldig}
          for oms in eis.besluittypen if not weg("besluittype", oms) for u in [_uuid(ident, n, "besluittype", oms)]]
    return {
        "_uuid": zt_uuid, "_delen": {"statustypen": st, "roltypen": rt, "resultaattypen": res, "besluittypen": bt},
        "url": zt, "identificatie": ident, "omschrijving": eis.omschrijving, "omschrijvingGeneriek": "",
        "vertrouwelijkheidaanduiding": VERTROUWELIJKHEID, "doel": eis.omschrijving, "aanleiding": eis.omschrijving,
        "toelichting": "", "indicatieInternOfExtern": "extern", "handelingInitiator": "aanvragen",
        "onderwerp": eis.omschrijving, "handelingBehandelaar": "behandelen", "doorlooptijd": "P365D",
        "servicenorm": None, "opschortingEnAanhoudingMogelijk": False, "verlengingMogelijk": False,
        "verlengingstermijn": None, "publicatieIndicatie": False, "publicatietekst": "", "productenOfDiensten": [],
        "referentieproces": {"naam": eis.omschrijving, "link": ""}, "concept": False,
        "verantwoordelijke": "IJmond Werkt!", "versiedatum": v.begin.isoformat(), "catalogus": cat_url,
        "statustypen": [s["url"] for s in st], "resultaattypen": [r["url"] for r in res],
        "eigenschappen": [], "informatieobjecttypen": [], "roltypen": [r["url"] for r in rt],
        "besluittypen": [b["url"] for b in bt], "deelzaaktypen": [], "gerelateerdeZaaktypen": [],
        "zaakobjecttypen": [], "trefwoorden": [], **geldig,
    }
