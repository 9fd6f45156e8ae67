"""Send-time context of the maatregelonderzoek's staff mails (the payloads in tasks/maatregel/ hold
references only).

- `maatregel_horen`: the invitation letter's text for the werkcoach (notifications/beschikking.py renders
  it without name, address or BSN) and the gesprek as .ics, with a UID that is stable per maatregel, so
  a re-planned gesprek updates the same agenda item.
- `maatregel_vier_ogen`: the beschikking types, so the teamleider sees every --type value.

A module of its own, not a module of tasks/maatregel/: registering needs tasks.handlers.email (and so
tasks.dispatch), which the commands that run no flow (`werkpad maatregel status`, `concept`) must not
load. The email handler imports it with the first mail of its templates (handlers/email.py SJABLONEN).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from casestore.models import Outbox
from domain.maatregel import TYPE_LABEL
from domain.maatregel.stappen import GESPREK_LAATST, GESPREK_VROEGST
from tasks.dispatch import Context
from tasks.handlers.email import email_context

GESPREK_MINUTEN = 60


# A named zone, so the .ics carries a VTIMEZONE calendars understand (not a bare "UTC+01:00").
TZ = ZoneInfo("Europe/Amsterdam")


def horen_context(p: dict[str, Any]) -> dict[str, Any]:
    """The ctx of notifications.beschikking's horen documents, from the mail's payload."""
    return {"referentie": p["referentie"], "gemeente_label": p["gemeente_label"], "gedraging_label": p["gedraging"],
            "verzuim_op": date.fromisoformat(p["verzuim_op"]),
            "gesprek_op": datetime.fromisoformat(p["gesprek_op"]).astimezone(TZ),
            "locatie": p["locatie"], "reageren_uiterlijk": date.fromisoformat(p["reageren_uiterlijk"]),
            "werkcoach": p["werkcoach"], "sequence": int(p.get("sequence") or 0)}


def horen_uid(row: Outbox, referentie: str, domein: str) -> str:
    """One agenda item per maatregel: the outbox key is maatregel-horen:<referentie>:<maatregel id>:<moment>."""
    delen = row.idem_key.split(":")
    maatregel_id = delen[2] if len(delen) > 2 else "0"
    return f"maatregel-horen-{referentie}-{maatregel_id}@{domein}"


@email_context("maatregel_gemeld")
def _gemeld(ctx: Context, row: Outbox, p: dict[str, Any]) -> None:
    # the gesprek's window from the one rule every door checks (domain/maatregel/stappen.py)
    p["gesprek_vroegst"], p["gesprek_laatst"] = f"{GESPREK_VROEGST:%H:%M}", f"{GESPREK_LAATST:%H:%M}"


@email_context("maatregel_horen")
def _horen(ctx: Context, row: Outbox, p: dict[str, Any]) -> bytes:
    from notifications.beschikking import horen_ics, render_horen_brief

    hctx = horen_context(p)
    p["brief"] = render_horen_brief(hctx).strip()
    p["gesprek_op"] = hctx["gesprek_op"]
    mail = ctx.rt.mail
    ics: bytes = horen_ics({**hctx, "uid": horen_uid(row, p["referentie"], mail.message_id_domain),
                            "duur_minuten": GESPREK_MINUTEN, "organisator": mail.sender,
                            "deelnemers": [p["werkcoach"]], "stamp": ctx.nu})
    return ics


@email_context("maatregel_vier_ogen")
def _vier_ogen(ctx: Context, row: Outbox, p: dict[str, Any]) -> None:
    p["typen"] = [(t.value, label) for t, label in TYPE_LABEL.items()]
