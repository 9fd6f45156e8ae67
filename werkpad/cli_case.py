"""`werkpad case show REFERENTIE`: a traject's timeline, open terms and taken (never the BSN). Reads the case store
only: no Prefect."""

from __future__ import annotations

import typer
from rich.table import Table

from domain.invoer import parse_referentie
from werkpad.commando import guarded, out, runtime, settings

case_app = typer.Typer(help="Trajecten bekijken.", no_args_is_help=True)


@case_app.command("show")
def case_show(referentie: str) -> None:
    """Tijdlijn, open termijnen en taken van een traject (nooit het BSN)."""
    referentie = guarded(lambda: parse_referentie(referentie))
    settings()
    from casestore import outbox, repo
    from casestore.db import session
    from casestore.models import Deadline
    from domain.fasen import Fase, Uitstroom
    from domain.herinneringen import TZ, WACHTTERMIJN
    from domain.outbox import GEWEIGERD_TAAK
    from domain.proces_namen import proces_label, status_label
    from domain.traject import STATUS_LABEL, Status

    rt = runtime()
    with session(rt.engine) as s:
        t = guarded(lambda: repo.get_traject(s, referentie=referentie))
        out.print(f"[bold]{t.referentie}[/] · {t.gemeente.capitalize()} · {STATUS_LABEL[Status(t.status)]}",
                  highlight=False)
        out.print(f"Werkcoach: {t.werkcoach_email} · aangemeld {t.aangemeld_op.isoformat()}"
                  + (f" · brede intake {t.intake_moment.astimezone(TZ):%Y-%m-%d %H:%M}" if t.intake_moment else "")
                  + (f" · zaak {t.zaak_url}" if t.zaak_url else ""), highlight=False)
        if t.fase or t.uitstroom or t.deels_uitgestroomd_op:  # the re-integratietraject (domain/fasen.py)
            out.print(f"Fase: {Fase(t.fase).label if t.fase else '-'}" + (f" · trede {t.trede}" if t.trede else "")
                      + (f" · deels uitgestroomd sinds {t.deels_uitgestroomd_op.isoformat()}"
                         if t.deels_uitgestroomd_op else "")
                      + (f" · uitstroom: {Uitstroom(t.uitstroom).label}" if t.uitstroom else ""), highlight=False)
        pt = Table(title="Processen")
        for c in ("proces", "status", "sinds", "gesloten"):
            pt.add_column(c)
        for ps in repo.processen(s, traject=t):  # the Dutch labels each process declares, not its codes
            pt.add_row(proces_label(ps.proces), status_label(ps.proces, ps.status),
                       f"{ps.geopend_op.astimezone(TZ):%Y-%m-%d}",
                       f"{ps.gesloten_op.astimezone(TZ):%Y-%m-%d}" if ps.gesloten_op else "")
        out.print(pt)
        tl = Table(title="Tijdlijn", show_lines=False)
        for c in ("wanneer", "wie", "wat"):
            tl.add_column(c)
        for e in repo.tijdlijn(s, traject=t):
            tl.add_row(f"{e.op.astimezone(TZ):%Y-%m-%d %H:%M}", e.actor, e.omschrijving)
        out.print(tl)
        # Two numberings: say in the table which command takes which (taak 3 is not deadline 3).
        dl = Table(title="Open termijnen en taken (deadlinenummer: deadline-verplaatsen)")
        for c in ("deadline", "uiterlijk", "wat", "grondslag", "eigenaar"):
            dl.add_column(c)
        # A waking timer (a deadline that starts the case's next step, or ends by itself: the policy that
        # reminds nobody, as the werkvoorraad leaves out) is nobody's work: its own section.
        deadlines = repo.open_deadlines(s, traject=t)
        wekkers = [d for d in deadlines if d.wekt or d.beleid == WACHTTERMIJN]
        for d in deadlines:
            if d not in wekkers:
                dl.add_row(str(d.id), d.due.isoformat(), d.omschrijving, d.grondslag, d.eigenaar_email)
        out.print(dl)
        if wekkers:
            wk = Table(title="Wekkers (werkpad wekt de zaak zelf; niemand hoeft iets te doen)")
            for c in ("deadline", "op", "wat", "grondslag"):
                wk.add_column(c)
            for d in wekkers:
                wk.add_row(str(d.id), d.due.isoformat(), d.omschrijving, d.grondslag)
            out.print(wk)
        tt = Table(title="Open taken (taaknummer: taak-afronden)")
        for c in ("taak", "wat", "eigenaar"):
            tt.add_column(c)
        opnieuw: list[str] = []
        for k in repo.open_taken(s, traject=t):
            tt.add_row(str(k.id), k.titel, k.eigenaar_email)
            if k.code == GEWEIGERD_TAAK:  # a refused message: how to send it again, rendered here at the door
                kd = s.get(Deadline, k.deadline_id)
                bericht = outbox.opnieuw_te_zetten(s, grondslag=kd.grondslag) if kd is not None else None
                if bericht is not None:
                    opnieuw.append(f"Taak {k.id}: na herstel opnieuw versturen met: werkpad outbox opnieuw {bericht}")
        out.print(tt)
        for regel in opnieuw:
            out.print(regel, highlight=False)
