"""Send-time context of the indicatie's taak mail (the payload in tasks/indicatie/_gedeeld.py holds the taak's
code only): how the taak is recorded, the step(s) the process registered with `@vastleggen`, which the mail
renders as command and form.

A module of its own (like tasks/maatregel_mail.py): registering needs tasks.handlers.email (and so
tasks.dispatch), which the commands that run no flow must not load. domain/processen.py lists it.
"""

from __future__ import annotations

from typing import Any

from casestore.models import Outbox
from tasks.dispatch import Context
from tasks.handlers.email import email_context
from tasks.vastleggen import hoe_vastleggen


@email_context("indicatie_taak")
def _taak_mail(ctx: Context, row: Outbox, p: dict[str, Any]) -> None:
    """A row queued before the payload held the code holds the rendered text, which the mail shows as it is."""
    if "code" in p:
        p["vastleggen"] = hoe_vastleggen(p.pop("code"), p["referentie"])
