"""`werkpad gemeente controleer`: can werkpad run against this gemeente's ZGW APIs?"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import typer

from werkpad.commando import fail, guarded, out, settings

app = typer.Typer(help="De gemeente aansluiten: controleer catalogus en rechten.", no_args_is_help=True)


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
