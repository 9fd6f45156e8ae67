"""Outbox kind `email`: render the row's template and send it over SMTP with a stable Message-ID.

A template that needs more than its payload (a lookup at send time, an .ics attachment)
registers a context builder with `@email_context("<template>")` in its process's module; the
payload itself holds references only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casestore.models import Outbox
from notifications import smtp
from notifications.render import render
from tasks.dispatch import Context, handler

# Adds to the payload in place; may return an .ics attachment.
ContextBuilder = Callable[[Context, Outbox, dict[str, Any]], bytes | None]
CONTEXT: dict[str, ContextBuilder] = {}
# Images the HTML body shows inline (cid:), drawn at send time; may add to the payload (the cid).
AfbeeldingBuilder = Callable[[Context, Outbox, dict[str, Any]], list[smtp.Afbeelding]]
AFBEELDINGEN: dict[str, AfbeeldingBuilder] = {}


def email_context(template: str) -> Callable[[ContextBuilder], ContextBuilder]:
    def register(fn: ContextBuilder) -> ContextBuilder:
        CONTEXT[template] = fn
        return fn
    return register


def email_afbeeldingen(template: str) -> Callable[[AfbeeldingBuilder], AfbeeldingBuilder]:
    def register(fn: AfbeeldingBuilder) -> AfbeeldingBuilder:
        AFBEELDINGEN[template] = fn
        return fn
    return register


def rol(ctx: Context, email: str) -> str:
    """werkcoach | consulent | teamleider: the gemeente's consulent gets no werkpad commands."""
    for g in ctx.rt.gemeenten.values():
        if email in (g.consulent_email, g.klantmanager_email):  # gemeente staff: no werkpad commands
            return "consulent"
        if email == g.teamleider_email:
            return "teamleider"
    return "werkcoach"


@handler("email")
def send_email(ctx: Context, row: Outbox) -> str:
    p = dict(row.payload)
    key = p.pop("template")
    builder = CONTEXT.get(key)
    ics_bytes = builder(ctx, row, p) if builder else None
    beelden = AFBEELDINGEN[key](ctx, row, p) if key in AFBEELDINGEN else []
    rendered = render(key, p)
    # A consulent does not use werkpad: a reply reaches the werkcoach, who records it.
    reply_to = p.get("werkcoach") if p.get("ontvanger_rol") == "consulent" else None
    msg = smtp.build(rendered, to=p["aan"], settings=ctx.rt.mail, idem_key=row.idem_key, when=ctx.nu, ics=ics_bytes,
                     reply_to=reply_to, afbeeldingen=beelden)
    return smtp.send(msg, ctx.rt.mail)
