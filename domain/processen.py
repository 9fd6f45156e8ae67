"""Every process of werkpad, registered in one place: one line each.

serve loads the deployments of each `flows` module, the CLI offers each `cli` group (loaded on demand), and the
outbox, the mail contexts, `vastleggen` and the close hooks load each `tasks` module, the settings add each
process's own section (`WERKPAD_<SECTIE>__<VELD>`), and the mail renderer looks in each process's own template
folder. Modules are named, not imported, so this room stays pure and every room above reads the same list. A
duplicate name, CLI group, settings section or template folder is refused at import."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProcesModules:
    naam: str
    tasks: tuple[str, ...] = ()  # register its mails, vastleggen, outbox work and close hooks on import
    flows: str | None = None   # has deployments()
    cli: str | None = None     # `werkpad <naam> …`: a module with a Typer `app`
    # Its own settings section: (section name, "module:Class" of a pydantic model) -> WERKPAD_<SECTION>__<FIELD>.
    instellingen: tuple[str, str] | None = None
    sjablonen: str | None = None  # its own mail templates: a folder (relative to the project) of <mail>/{subject,body}


def _lijst(*processen: ProcesModules) -> tuple[ProcesModules, ...]:
    gezien: set[str] = set()
    for p in processen:
        sleutels = [f"proces {p.naam}", f"CLI-module {p.cli}" if p.cli else "",
                    f"instellingen {p.instellingen[0]}" if p.instellingen else "",
                    f"sjablonen {p.sjablonen}" if p.sjablonen else ""]
        for sleutel in filter(None, sleutels):
            if sleutel in gezien:
                raise ValueError(f"Dubbel geregistreerd: {sleutel}")
            gezien.add(sleutel)
    return processen


P = ProcesModules
PROCESSEN = _lijst(
    P("aanmelding", tasks=("tasks.aanmelding",), flows="flows.aanmelding"),
    P("brede-intake", tasks=("tasks.brede_intake",), flows="flows.brede_intake", cli="werkpad.cli_brede_intake"),
    P("uitkering", tasks=("tasks.uitkering",), flows="flows.traject", cli="werkpad.cli_uitkering"),
    P("taken", tasks=("tasks.taken",), flows="flows.taken"),
    P("deadline-sweep", tasks=("tasks.sweep",), flows="flows.deadline_sweep"),
    P("wachttermijn", tasks=("tasks.wachttermijn",), flows="flows.wachttermijn"),
    P("tijdelijk-oponthoud", tasks=("tasks.tijdelijk_oponthoud",), flows="flows.tijdelijk_oponthoud",
      cli="werkpad.cli_tijdelijk_oponthoud"),
    P("traject", tasks=("tasks.fasen",), flows="flows.fasen", cli="werkpad.cli_traject"),
    P("verlengde-intake", tasks=("tasks.verlengde_intake",), flows="flows.verlengde_intake",
      cli="werkpad.cli_verlengde_intake",
      instellingen=("verlengde_intake", "domain.verlengde_intake_instellingen:VerlengdeIntakeInstellingen")),
    P("trajectplan", tasks=("tasks.trajectplan",), flows="flows.trajectplan", cli="werkpad.cli_trajectplan"),
    P("indicatie", tasks=("tasks.indicatie", "tasks.indicatie.mail"), flows="flows.indicatie", cli="werkpad.cli_indicatie",
      instellingen=("indicatie", "domain.indicatie_instellingen:IndicatieInstellingen")),
    P("loonwaarde", tasks=("tasks.loonwaarde",), flows="flows.loonwaarde", cli="werkpad.cli_loonwaarde",
      instellingen=("loonwaarde", "domain.loonwaarde_instellingen:LoonwaardeInstellingen")),
    P("doelgroepregister", tasks=("tasks.doelgroepregister",), flows="flows.doelgroepregister",
      cli="werkpad.cli_doelgroepregister",
      instellingen=("doelgroepregister", "domain.doelgroepregister_instellingen:DoelgroepregisterInstellingen")),
    P("maatregel", tasks=("tasks.maatregel", "tasks.maatregel_mail"), flows="flows.maatregel", cli="werkpad.cli_maatregel",
      instellingen=("maatregel", "domain.maatregel.instellingen:MaatregelInstellingen")),
    P("kwartaalrapportage", tasks=("tasks.kwartaalrapportage",), flows="flows.kwartaalrapportage",
      cli="werkpad.cli_kwartaalrapportage", instellingen=("rapportage", "domain.rapport_instellingen:RapportageInstellingen")),
)


def modules(soort: str) -> list[str]:
    """The distinct `tasks`, `flows` or `cli` modules, in registration order."""
    uit: list[str] = []
    for p in PROCESSEN:
        waarde = getattr(p, soort)
        for m in (waarde if isinstance(waarde, tuple) else (waarde,)):
            if m and m not in uit:
                uit.append(m)
    return uit
