"""`werkpad gemeente controleer`: can werkpad run against this gemeente's ZGW APIs?"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import typer

from werkpad.commando import fail, guarded, out, settings

if TYPE_CHECKING:
    from tasks.settings import Settings

app = typer.Typer(help="De gemeente aansluiten: controleer catalogus en rechten, en het abonnement op haar notificaties.",
                  no_args_is_help=True)


@app.command("controleer")
def controleer(gemeente: str | None = typer.Option(None, help="beverwijk, heemskerk of velsen (standaard: alle drie)")) -> None:
    """Controleer tegen de ingestelde ZGW-API's wat werkpad bij de gemeente nodig heeft.

    Eén regel per bevinding; exit 0 alleen als werkpad er kan draaien. Er wordt niets aangemaakt."""
    from domain.gemeenten import Gemeente, UitkeringBron, parse_gemeente
    from tasks.config import load_gemeenten
    from tasks.settings import Omgeving

    s = settings()
    kies = guarded(lambda: parse_gemeente(gemeente)) if gemeente is not None else None
    configs = guarded(lambda: load_gemeenten(s.gemeenten_file))
    gekozen = [configs[kies]] if kies is not None else [configs[g] for g in Gemeente]
    zaak = _een_zaak(s)

    from integrations.gemeente.client import GemeenteClient
    from integrations.gemeente.controle import controleer as controle

    geslaagd = True
    with GemeenteClient(s.gemeente) as client:
        for g in gekozen:
            bron = g.uitkering_bron(s.omgeving is Omgeving.ontwikkeling)
            out.print(f"[bold]Gemeente {g.gemeente.naam}[/] ({s.gemeente.api_url}, client_id {s.gemeente.client_id}, "
                      f"uitkering: {bron.value})", highlight=False)
            c = guarded(partial(
                controle, client, gemeente=g.gemeente.value, rsin=g.rsin, traject_zaaktype=g.zaaktype_identificatie,
                maatregel_zaaktype=g.maatregel_zaaktype_identificatie,
                aanvraag_zaaktype=g.uitkering.zaaktype if bron is UitkeringBron.zgw else None,
                aanvraag_resultaten=tuple(g.uitkering.resultaten), vandaag=datetime.now(UTC).date(),
                bestaande_zaak=zaak))
            for b in c.bevindingen:
                teken = "[green]✓[/]" if b.ok and not b.waarschuwing else ("[yellow]![/]" if b.ok else "[red]✗[/]")
                out.print(f"  {teken} {b.regel}", highlight=False, soft_wrap=True)
            geslaagd = geslaagd and c.geslaagd
    if not geslaagd:
        fail("werkpad kan hier nog niet draaien: herstel wat met ✗ is gemarkeerd (zie docs/gemeente-aansluiten.md).")
    out.print("werkpad kan hier draaien.", highlight=False)


def _een_zaak(s: object) -> str | None:
    """A zaak werkpad already has at this gemeente, to test the right to write to it (none on a fresh store)."""
    try:
        from casestore import repo
        from casestore.db import session
        from tasks import runtime as rt

        engine = rt.get().engine if rt.configured() else rt.build_runtime(s).engine  # type: ignore[arg-type]
        with session(engine) as db:
            return repo.een_open_zaak_url(db)
    except Exception:  # no case store yet, or another schema: the probe is simply skipped
        return None


# -- the abonnement on the gemeente's Notificaties API (integrations/gemeente/notificaties.py) --------------------
def _gewenst() -> tuple[Settings, dict[str, Any], list[str]]:
    """(settings, the wanted abonnement, the followed gemeenten's names): the aanvraag-zaaktypen of every gemeente
    with bron zgw, each version from the catalogue."""
    from integrations.gemeente.client import GemeenteClient
    from integrations.gemeente.notificaties import Gevolgd, gewenst_abonnement
    from tasks.config import load_gemeenten
    from tasks.notificaties import gevolgd, gevolgde_gemeenten
    from tasks.settings import Omgeving

    s = settings()
    configs = guarded(lambda: load_gemeenten(s.gemeenten_file))
    ontwikkeling = s.omgeving is Omgeving.ontwikkeling
    namen = [g.gemeente.naam for g in gevolgde_gemeenten(configs, ontwikkeling)]
    if not namen:
        fail("Geen gemeente met uitkering-bron zgw: werkpad volgt geen aanvraag-zaken en heeft geen abonnement nodig.")

    def lees() -> list[Gevolgd]:
        with GemeenteClient(s.gemeente) as client:
            return gevolgd(configs, ontwikkeling, client)

    lijst = guarded(lees)
    return s, gewenst_abonnement(s.notificaties, lijst), namen


@app.command("abonneer")
def abonneer() -> None:
    """Neem werkpads abonnement op de notificaties van de gemeente.

    Kanaal zaken, gefilterd op de aanvraag-zaaktypen die werkpad volgt (elke versie), met de callback-URL en het
    token uit de instellingen. Bestaat het al en klopt het: er verandert niets. Wijkt het af (een nieuwe
    zaaktypeversie): het wordt vervangen. werkpad web moet draaien: de gemeente test de callback eerst."""
    from integrations.gemeente.notificaties import NotificatiesClient
    from integrations.gemeente.notificaties import abonneer as neem

    s, gewenst, namen = _gewenst()
    n = s.notificaties
    with NotificatiesClient(n, s.gemeente) as client:
        a = guarded(lambda: neem(client, gewenst))
    groepen = len(gewenst["kanalen"])
    if a.gedaan == "gemaakt":
        out.print(f"Abonnement gemaakt: {a.url} (kanaal {n.kanaal}, {groepen} filter(s) voor {', '.join(namen)}; "
                  f"callback {n.callback_url}).", highlight=False)
    elif a.gedaan == "vervangen":
        out.print(f"Abonnement bijgewerkt: {a.url} ({'; '.join(a.verschillen)}).", highlight=False)
    else:
        out.print(f"Abonnement bestaat al en klopt: {a.url}; er is niets gewijzigd.", highlight=False)


@app.command("abonnement")
def abonnement() -> None:
    """Controleer werkpads abonnement op de notificaties van de gemeente.

    Bestaat het, met de juiste callback-URL, kanaal en filters? Eén regel per afwijking; exit 0 alleen als het
    klopt. Er wordt niets gewijzigd."""
    from integrations.gemeente.notificaties import NotificatiesClient, verschillen

    s, gewenst, namen = _gewenst()
    n = s.notificaties
    with NotificatiesClient(n, s.gemeente) as client:
        bestaand = guarded(client.mijn_abonnement)
    if bestaand is None:
        fail(f"Geen abonnement met callback {n.callback_url} op {n.api_url}: maak het met 'werkpad gemeente abonneer'.")
    fouten = verschillen(bestaand, gewenst)
    for f in fouten:
        out.print(f"  [red]✗[/] {f}", highlight=False, soft_wrap=True)
    if fouten:
        fail(f"Abonnement {bestaand.get('url')} wijkt af: herstel het met 'werkpad gemeente abonneer'.")
    out.print(f"Abonnement klopt: {bestaand.get('url')} (kanaal {n.kanaal}, {len(gewenst['kanalen'])} filter(s) voor "
              f"{', '.join(namen)}; callback {n.callback_url}). Het token zelf is niet op te vragen (writeOnly).",
              highlight=False)
