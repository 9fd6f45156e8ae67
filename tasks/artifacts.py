"""Artifacts a person can read in the Prefect UI. Case references and staff, never a deelnemer."""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from casestore import repo
from casestore.db import session as new_session
from domain.herinneringen import TZ
from domain.traject import STATUS_LABEL, Status
from tasks.runtime import Runtime, get


def tijdlijn_markdown(rt: Runtime, referentie: str) -> str:
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        regels = [f"# Traject {t.referentie} · {t.gemeente.capitalize()}", "",
                  f"**Status:** {STATUS_LABEL[Status(t.status)]}  ",
                  f"**Werkcoach:** {t.werkcoach_email}  ",
                  f"**Aangemeld op:** {t.aangemeld_op.isoformat()}  "]
        if t.intake_moment:
            regels.append(f"**Brede intake:** {t.intake_moment.astimezone(TZ):%Y-%m-%d %H:%M}  ")
        if t.route:
            regels.append(f"**Route:** {t.route}  ")
        regels += ["", "## Tijdlijn", "", "| wanneer | wie | wat |", "|---|---|---|"]
        for e in repo.tijdlijn(s, traject=t):
            wat = e.omschrijving.replace("|", "/")
            regels.append(f"| {e.op.astimezone(TZ):%Y-%m-%d %H:%M} | {e.actor} | {wat} |")
        regels += ["", "## Open termijnen en taken", "", "| uiterlijk | wat | grondslag | eigenaar |",
                   "|---|---|---|---|"]
        for d in repo.open_deadlines(s, traject=t):
            regels.append(f"| {d.due.isoformat()} | {d.omschrijving.replace('|', '/')} | {d.grondslag} | "
                          f"{d.eigenaar_email} |")
    return "\n".join(regels) + "\n"


@task(name="publiceer-tijdlijn", cache_policy=NO_CACHE)
def publiceer_tijdlijn(referentie: str) -> None:
    create_markdown_artifact(key=f"tijdlijn-{referentie.lower()}", markdown=tijdlijn_markdown(get(), referentie),
                             description=f"Tijdlijn van traject {referentie}")


@task(name="publiceer-sweep-rapport", cache_policy=NO_CACHE)
def publiceer_sweep_rapport(nu_label: str, sweep: dict[str, Any], outbox: dict[str, int]) -> None:
    per = "\n".join(f"| {g.capitalize()} | {n} |" for g, n in sorted(sweep["per_gemeente"].items())) or "| – | 0 |"
    md = (f"# Deadline-sweep {nu_label}\n\n"
          f"- deadlines met iets te doen: **{sweep['bekeken']}**\n"
          f"- herinneringen: **{sweep['herinneringen']}**, escalaties: **{sweep['escalaties']}**, "
          f"overgeslagen (ingehaald door een latere stap): {sweep['overgeslagen']}\n"
          f"- wachttermijnen verstreken: {sweep.get('verstreken', 0)}, wekkers (gestarte vervolgstappen): "
          f"**{sweep.get('gewekt', 0)}**\n"
          f"- verzonden uit de outbox: **{outbox['verstuurd']}**, geweigerd: {outbox['geweigerd']}\n\n"
          f"| gemeente | berichten |\n|---|---|\n{per}\n")
    create_markdown_artifact(key="deadline-sweep", markdown=md, description="Laatste deadline-sweep")


UITKOMST_LABEL = {"toegekend": "toegekend", "afgewezen": "afgewezen", "in_behandeling": "nog in behandeling",
                  "fout": "FOUT", "overgeslagen": "overgeslagen (volgende ronde opnieuw)",
                  "geen_zaak": "overgeslagen (zaak nog niet bij de gemeente)"}


def uitkering_controle_markdown(stempel: str, samenvatting: dict[str, Any]) -> str:
    """What a person needs after an hourly check: what was decided, what went wrong, where to look.
    References and the gemeente's (impersonal) messages only."""
    regels = [f"# Uitkering-controle {stempel}", "",
              f"- wachtende trajecten gecontroleerd: **{samenvatting['gecontroleerd']}**",
              f"- besloten (verwerkt): **{samenvatting['besloten']}**, nog in behandeling: {samenvatting['ongewijzigd']}",
              f"- overgeslagen (volgende ronde opnieuw): {samenvatting['overgeslagen']}",
              f"- fouten: **{samenvatting['fouten']}**", ""]
    if samenvatting["trajecten"]:
        regels += ["| traject | uitkomst | toelichting |", "|---|---|---|"]
        for u in samenvatting["trajecten"]:
            toelichting = u.get("melding", "")
            if u.get("status"):
                toelichting = f"nieuwe status: {u['status']}"
            if u.get("taak_id"):
                toelichting += f" (taak {u['taak_id']} voor de werkcoach)"
            regels.append(f"| {u['referentie']} | {UITKOMST_LABEL.get(u['uitkomst'], u['uitkomst'])} | "
                          f"{toelichting.replace('|', '/')} |")
    return "\n".join(regels) + "\n"


@task(name="publiceer-uitkering-controle", cache_policy=NO_CACHE)
def publiceer_uitkering_controle(stempel: str, samenvatting: dict[str, Any]) -> None:
    create_markdown_artifact(key="uitkering-controle", markdown=uitkering_controle_markdown(stempel, samenvatting),
                             description="Laatste uitkering-controle")


@task(name="publiceer-werkvoorraad", cache_policy=NO_CACHE)
def publiceer_werkvoorraad(overzicht: list[dict[str, Any]], datum: str, taken: list[dict[str, Any]] | None = None) -> None:
    create_table_artifact(key="werkvoorraad", table=overzicht or [{"medewerker": "-", "open": 0, "verlopen": 0}],
                          description=f"Werkvoorraad per medewerker op {datum}")
    create_table_artifact(key="werkvoorraad-taken",
                          table=taken or [{"medewerker": "-", "uiterlijk": "", "verlopen": "", "traject": "", "wat": "",
                                           "taak": ""}],
                          description=f"Open taken en termijnen per medewerker op {datum}, verlopen eerst")


def kwartaal_artefacten(rapport: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]], str]]:
    """(key, table, description) per report table: `kwartaal-2026q3-fasen`, the first column the
    row labels under the table's title (as in the CSV), then the table's own columns."""
    uit = []
    for t in rapport["tabellen"]:
        rijen = [{t["titel"]: label, **dict(zip(t["kolommen"], waarden, strict=True))} for label, waarden in t["rijen"]]
        uit.append((f"kwartaal-{rapport['periode'].lower()}-{t['naam']}", rijen,
                    f"Kwartaalrapportage {rapport['periode']} ({rapport['omschrijving']}): {t['titel']}. "
                    f"Aantallen, gecontroleerd op sluitende totalen."))
    return uit


@task(name="publiceer-kwartaaltabellen", cache_policy=NO_CACHE)
def publiceer_kwartaaltabellen(rapporten: list[dict[str, Any]]) -> list[str]:
    """One table artifact per table per period (one task run for all: tasks cost the server per run)."""
    keys = []
    for rapport in rapporten:
        for key, rijen, beschrijving in kwartaal_artefacten(rapport):
            create_table_artifact(key=key, table=rijen, description=beschrijving)
            keys.append(key)
    return keys
