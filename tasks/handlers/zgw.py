"""Outbox kind `zgw`: the zaken at the gemeente (ZGW Zaken API) — the traject's zaak and each
maatregelonderzoek's own zaak: register them, set a status or the resultaat, a besluit on one (ZGW
Besluiten API) — and a verlaging for the gemeente's uitkeringsadministratie.

Every ZGW write is preceded by a lookup on our own keys in the client, so a retry after a crash
finds what was already created. Types come from the zaak's own zaaktype version. A status is
dated at the moment of the event that queued the row (the client keeps them strictly increasing
and never in the future). A zaak URL goes back into the case store in the dispatcher's
transaction: it commits with the row's 'sent' mark.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from casestore import outbox as outbox_store
from casestore import repo
from casestore.models import Maatregel, Outbox, Traject
from domain.gemeenten import Gemeente, GemeenteConfig, VerlagingBron
from integrations.gemeente.client import GemeenteClient, Typen
from integrations.gemeente.errors import GemeenteRejected, GemeenteTransient
from tasks.dispatch import Context, Vastgehouden, handler

DEELNEMER, WERKCOACH = "Deelnemer", "Werkcoach"


def _client(ctx: Context) -> GemeenteClient:
    """One client per dispatch run: its catalogue cache serves every row of the run."""
    if "zgw" not in ctx.cache:
        client = ctx.rt.gemeente_client()
        ctx.cache.setdefault("_close", []).append(client.close)
        ctx.cache["zgw"] = client
    return ctx.cache["zgw"]  # type: ignore[no-any-return]


def _typen(client: GemeenteClient, zaak_url: str) -> Typen:
    """The types of the zaak's own zaaktype version (a newer version's would be refused: zaaktype-mismatch)."""
    return client.typen_van(str(client.zaak(zaak_url)["zaaktype"]))


def _gebeurd_op(row: Outbox) -> datetime:
    return row.aangemaakt_op


def _rollen(ctx: Context, client: GemeenteClient, traject: Traject, zaak_url: str, typen: Typen) -> None:
    deelnemer = repo.get_deelnemer(ctx.session, traject=traject)
    # The BSN leaves werkpad here, and only here: to the gemeente, on its own zaak.
    client.voeg_rol_toe(zaak_url=zaak_url, roltype_url=typen.roltype(DEELNEMER).url, betrokkene_type="natuurlijk_persoon",
                        identificatie={"inpBsn": deelnemer.bsn}, toelichting=DEELNEMER)
    client.voeg_rol_toe(zaak_url=zaak_url, roltype_url=typen.roltype(WERKCOACH).url, betrokkene_type="medewerker",
                        identificatie={"identificatie": traject.werkcoach_email[:24]},
                        toelichting="Werkcoach IJmond Werkt!")


def _registreer_zaak(ctx: Context, row: Outbox, traject: Traject) -> str:
    g = ctx.rt.gemeenten[Gemeente(traject.gemeente)]
    client = _client(ctx)
    zt = client.zaaktype(g.zaaktype_identificatie, op=traject.aangemeld_op)  # the version valid on the startdatum
    zaak = client.maak_zaak(bronorganisatie=g.rsin, identificatie=traject.referentie, zaaktype_url=zt.url,
                            startdatum=traject.aangemeld_op,
                            omschrijving=f"Re-integratie IJmond Werkt! {traject.referentie}")
    typen = client.typen_van(zaak.zaaktype)
    _rollen(ctx, client, traject, zaak.url, typen)
    client.zet_status(zaak_url=zaak.url, statustype_url=typen.statustype("Aangemeld").url, gezet_op=_gebeurd_op(row),
                      toelichting="Aangemeld bij IJmond Werkt!")
    repo.set_zaak_url(ctx.session, traject=traject, zaak_url=zaak.url, nu=ctx.nu,
                      omschrijving=f"Zaak {traject.referentie} geregistreerd bij gemeente {g.gemeente.naam}.")
    return zaak.url


def maatregel_zaak_identificatie(traject: Traject, maatregel_id: int, vervolg: int = 0) -> str:
    """IJW-2026-000123-M7, and for a follow-up zaak (after the first closed) IJW-2026-000123-M7-V1."""
    return f"{traject.referentie}-M{maatregel_id}" + (f"-V{vervolg}" if vervolg else "")


def _registreer_maatregelzaak(ctx: Context, row: Outbox, traject: Traject, m: Maatregel) -> str:
    if not traject.zaak_url:
        raise GemeenteTransient("De zaak van het traject staat nog niet bij de gemeente; de zaak van het "
                                "maatregelonderzoek volgt daarna.")
    g = ctx.rt.gemeenten[Gemeente(traject.gemeente)]
    client = _client(ctx)
    start = m.gemeld_op.date()
    zt = client.zaaktype(g.maatregel_zaaktype_identificatie, op=start)
    assert m.id is not None
    vervolg = int(row.payload.get("vervolg") or 0)
    if vervolg:  # a follow-up zaak: today, related to the traject's zaak and to the closed one before it
        start = _gebeurd_op(row).date()
        if m.zaak_url is None:
            raise GemeenteTransient("De eerste zaak van het maatregelonderzoek staat nog niet bij de gemeente.")
        zt = client.zaaktype(g.maatregel_zaaktype_identificatie, op=start)
    relaties = [traject.zaak_url] + ([m.zaak_url] if vervolg and m.zaak_url else [])
    zaak = client.maak_zaak(bronorganisatie=g.rsin, identificatie=maatregel_zaak_identificatie(traject, m.id, vervolg),
                            zaaktype_url=zt.url, startdatum=start,
                            omschrijving=f"Maatregelonderzoek {traject.referentie} #{m.id}"
                                         + (f" (vervolg {vervolg})" if vervolg else ""),
                            relevante_andere_zaken=relaties)
    typen = client.typen_van(zaak.zaaktype)
    _rollen(ctx, client, traject, zaak.url, typen)
    client.zet_status(zaak_url=zaak.url, statustype_url=typen.statustype("Beschikt" if vervolg else "Onderzoek gestart").url,
                      gezet_op=_gebeurd_op(row), toelichting="Vervolg na een gesloten zaak: bezwaar of herziening."
                      if vervolg else "Verzuim gemeld; onderzoek gestart.")
    m.zaak_url = zaak.url
    ctx.session.add(m)
    return zaak.url


def _maatregel(ctx: Context, row: Outbox) -> Maatregel | None:
    mid = row.payload.get("maatregel_id")
    if mid is None:
        return None
    m = ctx.session.get(Maatregel, int(mid))
    if m is None:
        raise GemeenteRejected(f"Maatregel {mid} bestaat niet meer in de case store.", 400)
    return m


def _zaak_url(traject: Traject, m: Maatregel | None, wat: str) -> str:
    """The zaak this row writes to: the maatregelonderzoek's own, or the traject's."""
    url = m.zaak_url if m is not None else traject.zaak_url
    if not url:
        welke = "De zaak van het maatregelonderzoek" if m is not None else "De zaak"
        raise GemeenteTransient(f"{welke} is nog niet aangemaakt bij de gemeente; {wat} volgt later.")
    return url


def _datum(payload: dict[str, Any], key: str) -> date | None:
    waarde = payload.get(key)
    return date.fromisoformat(waarde) if waarde else None


def _verlaging(ctx: Context, row: Outbox, traject: Traject, g: GemeenteConfig, m: Maatregel | None) -> str:
    """The uitkeringsadministratie carries out the verlaging, only once the gemeente took the besluit
    it rests on: by default a task mail to the administratie (handmatig), optionally the modelled API.
    The dispatcher holds a row whose besluit is not sent (`wacht_op`); rows queued before that field
    existed are held here, the same way."""
    na = row.payload.get("na_besluit")
    if na and not row.payload.get("wacht_op"):
        besluit = outbox_store.met_sleutels(ctx.session, idem_keys=[f"zgw:{traject.referentie}:besluit:{na}"])
        if besluit and besluit[0].status == "failed":  # refused: no verlaging without its besluit
            raise GemeenteRejected(f"de verlaging is niet verstuurd: de gemeente weigerde besluit {na} (bericht "
                                   f"{besluit[0].id}). Zet na herstel dat bericht en daarna dit bericht opnieuw klaar",
                                   409)
        if besluit and besluit[0].status != "sent":
            raise GemeenteTransient(f"De verlaging wacht tot de gemeente besluit {na} heeft aangenomen.")
    if g.uitkering.verlaging is VerlagingBron.http:
        zaak_url = _zaak_url(traject, m, "verlaging")
        # The BSN is read here, at send time: it is never in the outbox row.
        deelnemer = repo.get_deelnemer(ctx.session, traject=traject)
        return _client(ctx).meld_verlaging(idempotency_key=row.idem_key, zaak_url=zaak_url, bsn=deelnemer.bsn,
                                           besluit=row.payload["besluit_identificatie"], soort=row.payload["soort"],
                                           maanden=row.payload.get("maanden", []))
    repo.add_outbox(ctx.session, idem_key=f"mail:{row.idem_key}", soort="email", traject=traject, nu=ctx.nu,
                    payload={"template": "verlaging_doorvoeren", "aan": g.uitkeringsadministratie_email,
                             "referentie": traject.referentie, "gemeente": g.gemeente.naam,
                             "zaak": maatregel_zaak_identificatie(traject, m.id, m.zaak_vervolg) if m is not None and m.id else
                             traject.referentie,
                             "besluit": row.payload["besluit_identificatie"], "soort": row.payload["soort"],
                             "maanden": row.payload.get("maanden", [])})
    return f"handmatig:{g.uitkeringsadministratie_email}"


@handler("zgw")
def send_zgw(ctx: Context, row: Outbox) -> str:
    traject = ctx.session.get(Traject, row.traject_id)
    assert traject is not None
    # In order per traject: a status may not overtake an earlier one (the zaak's current status is the
    # latest), nor the eindstatus the resultaat. An earlier row still queued makes this wait.
    eerder = repo.eerdere_zgw_wacht(ctx.session, row=row)
    if eerder and all(outbox_store.onder_lease(e, ctx.nu) for e in eerder):  # another dispatch holds it
        raise Vastgehouden("Een eerdere melding aan de zaak wordt nog verzonden; deze volgt daarna.")
    if eerder:
        raise GemeenteTransient("Een eerdere melding aan de zaak wacht nog; deze volgt daarna.")
    op = row.payload["op"]
    g = ctx.rt.gemeenten[Gemeente(traject.gemeente)]
    m = _maatregel(ctx, row)
    if op == "registreer_zaak":
        return _registreer_zaak(ctx, row, traject)
    if op == "registreer_maatregelzaak":
        assert m is not None
        return _registreer_maatregelzaak(ctx, row, traject, m)
    if op == "verlaging":
        return _verlaging(ctx, row, traject, g, m)
    client = _client(ctx)
    if op == "status":
        zaak_url = _zaak_url(traject, m, "status")
        typen = _typen(client, zaak_url)
        url = client.zet_status(zaak_url=zaak_url, statustype_url=typen.statustype(row.payload["statustype"]).url,
                                gezet_op=_gebeurd_op(row), toelichting=row.payload.get("toelichting", ""))
        return url
    if op == "resultaat":  # before the eindstatus (queued in that order)
        zaak_url = _zaak_url(traject, m, "resultaat")
        typen = _typen(client, zaak_url)
        return client.zet_resultaat(zaak_url=zaak_url,
                                    resultaattype_url=typen.resultaattype(row.payload["resultaattype"]).url,
                                    toelichting=row.payload.get("toelichting", ""))
    if op == "besluit":  # the college's besluit on the zaak (ZGW Besluiten API), keyed by our identificatie
        zaak_url = _zaak_url(traject, m, "besluit")
        typen = _typen(client, zaak_url)
        return client.maak_besluit(
            verantwoordelijke_organisatie=g.rsin, identificatie=row.payload["identificatie"],
            besluittype_url=typen.besluittype(row.payload["besluittype"]).url, zaak_url=zaak_url,
            datum=date.fromisoformat(row.payload["datum"]), toelichting=row.payload.get("toelichting", ""),
            uiterlijke_reactiedatum=_datum(row.payload, "uiterlijke_reactiedatum"),
            verzenddatum=_datum(row.payload, "verzenddatum"), ingangsdatum=_datum(row.payload, "ingangsdatum"),
            vervaldatum=_datum(row.payload, "vervaldatum"))
    raise GemeenteRejected(f"Onbekende ZGW-operatie '{op}' in de outbox.", 400)
