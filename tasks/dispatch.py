"""The outbox dispatcher: claim, perform, mark. At most once per row; it knows no kind.

Rows are claimed in batches (one UPDATE ... RETURNING and one commit for up to `BATCH` rows: a
lease) before any side effect, and marked sent after it, with the stable external id (Message-ID,
zaak URL, flow-run id). The side effect itself belongs to the handler registered for the row's
kind (`tasks/handlers/`, imported on the first row of its kind: `SOORTEN`). What a handler writes
to the case store (e.g. the zaak URL) commits together with that row's 'sent' mark. A handler
that writes nothing (email: `schrijft=False`) has its sent marks written together, one statement
for up to `MARKEER_NA` rows, and every mark of the batch is written before a failure is handled.
A process that dies before a send leaves a pending or expired lease that the next dispatch picks
up. The window that remains: death between the partner's accept and the 'sent' commit; for email
that is at most `MARKEER_NA` messages, sent again after the lease with the same Message-ID (the
idempotency key: a receiving server or client recognises the repeat).

Errors are sorted by the partner error base (integrations/errors.py): a transient one leaves
the row queued, and so does an unreadable answer (a proxy's error page?) for its first few
attempts; a refusal or a malformed answer marks it failed, writes an audit 'fout' event
and gives the werkcoach a task with the partner's message, so a person looks at it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from casestore import faults, outbox, repo
from casestore.db import session as new_session
from casestore.models import Outbox, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.outbox import GEWEIGERD_TAAK, omschrijving, wacht_titel
from integrations.errors import PartnerError, PartnerTransient, is_transient
from tasks.logs import logger
from tasks.partnerlimiet import PARTNER_VAN_SOORT, PartnerBezet, partner_slot
from tasks.runtime import Runtime
from tasks.step import step


class DispatchUitgesteld(RuntimeError):
    """Some rows could not be sent now (partner or mail server unreachable); they stay queued."""

    verwacht = True  # retried, then the run fails with this one Dutch line: no traceback in the logs


class Vastgehouden(PartnerTransient):
    """The row waits for an earlier row that another dispatch holds (its lease runs: being sent, or its
    process died mid-send). The row stays queued; this run did not fail: the holder, or the next run after
    the lease, sends the earlier row, then this one."""

    partner = "werkpad"


class OnbekendeSoort(PartnerError):
    """No handler for this kind of row: a programming or deployment error, not retried."""

    verwacht = False  # a bug: its traceback stays


@dataclass
class Context:
    """What a handler gets: the runtime, the dispatcher's session, the clock, a per-run cache."""

    rt: Runtime
    session: Session
    nu: datetime
    cache: dict[str, Any] = field(default_factory=dict)
    rijen: list[Outbox] = field(default_factory=list)  # the claimed batch (a handler may look ahead, e.g. prefetch)
    slots: dict[str, PartnerBezet | None] = field(default_factory=dict)

    def neem_slot(self, partner: str | None) -> None:
        """A slot of the partner's limit (tasks/partnerlimiet.py), taken at its first row and held for the run,
        as its connection is: one slot per run and partner, not two API calls per mail. Freed with the run's
        other resources; a limit that stays full fails the partner's rows of this run as transient, at once."""
        if partner is None:
            return
        if partner in self.slots:
            if (bezet := self.slots[partner]) is not None:
                raise bezet
            return
        cm = partner_slot(partner)
        try:
            cm.__enter__()
        except PartnerBezet as exc:
            self.slots[partner] = exc
            raise
        self.slots[partner] = None
        self.cache.setdefault("_close", []).append(lambda: cm.__exit__(None, None, None))


Handler = Callable[[Context, Outbox], str]
HANDLERS: dict[str, Handler] = {}
# Kinds whose handler writes nothing to the case store: their sent marks wait for the batch's one statement.
ALLEEN_VERZENDEN: set[str] = set()

# Each kind's handler module (tasks/handlers/), imported on the first row of that kind: two mails need no partner
# client. A new partner adds its module and a line here (tests/tasks/test_dispatch.py checks it covers them all).
SOORTEN = {
    "email": "tasks.handlers.email",
    "zgw": "tasks.handlers.zgw",
    "flow": "tasks.handlers.flow",
    "uwv": "tasks.handlers.uwv",
    "inlichtingenbureau": "tasks.handlers.inlichtingenbureau",
}


def handler(kind: str, *, schrijft: bool = True) -> Callable[[Handler], Handler]:
    """Register the side effect of one outbox kind. Returns the external id it produced. `schrijft=False`: the
    handler writes nothing to the store, so the rows of this kind in a batch are marked sent together."""
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        if not schrijft:
            ALLEEN_VERZENDEN.add(kind)
        return fn
    return register


def handler_voor(kind: str) -> Handler | None:
    """The registered handler of a kind, its module imported on first use; None for a kind nobody handles."""
    if kind not in HANDLERS and kind in SOORTEN:
        importlib.import_module(SOORTEN[kind])
    return HANDLERS.get(kind)


def load_handlers() -> None:
    """Import every kind's handler (a test, a tool that lists them); a dispatch imports only what its rows need."""
    for kind in SOORTEN:
        handler_voor(kind)


@dataclass
class DispatchResultaat:
    verstuurd: int = 0
    mislukt_tijdelijk: int = 0
    mislukt_definitief: int = 0
    fouten: list[str] = field(default_factory=list)
    vastgehouden: list[str] = field(default_factory=list)  # waiting for a leased row: queued, no failure


def _geweigerd(ctx: Context, row: Outbox, exc: Exception, titel: str | None = None) -> None:
    """A definitive failure is made visible: audit event and one task for the werkcoach. The task carries the
    row's key (its grondslag) and a code of its own: the door says how to send it again, and it outlives the
    traject's uitstroom (what was not sent is still not sent)."""
    s, nu = ctx.session, ctx.nu
    t = s.get(Traject, row.traject_id) if row.traject_id is not None else None
    if t is None:
        return
    # Only a partner's own answer names the partner; werkpad's own refusal (a rule after the partner's
    # receipt, a bug) is werkpad's, never "Geweigerd door inlichtingenbureau" (issue 20, item 18).
    wie = f"Geweigerd door {exc.partner}" if isinstance(exc, PartnerError) else f"Niet verwerkt door werkpad ({row.soort})"
    # The partner's own reasons (ZGW invalidParams: name, code, reason; never a BSN) go with the event.
    params = getattr(exc, "invalid_params", None) or []
    repo.audit(s, traject=t, nu=nu, actor="werkpad", soort="fout",
               omschrijving=f"Niet verzonden ({row.soort}): {exc}"[:500],
               data={"outbox": row.idem_key, "invalidParams": params} if params else {"outbox": row.idem_key})
    g = ctx.rt.gemeenten[Gemeente(t.gemeente)]
    repo.add_taak(s, traject=t, titel=(titel or f"{wie}: {exc}")[:200], eigenaar_email=t.werkcoach_email,
                  escalatie_email=g.teamleider_email, due=ctx.rt.kalender.werkdagen_erbij(lokale_datum(nu), 2),
                  nu=nu, grondslag=f"Outbox {row.idem_key}"[:200], beleid="kort", actor="werkpad",
                  kalender=ctx.rt.kalender, code=GEWEIGERD_TAAK)
    s.commit()


class WachtOpGeweigerd(PartnerError):
    """The row waits for a row that was refused (or does not exist): it is not sent either."""


def _wacht(ctx: Context, row: Outbox, res: DispatchResultaat) -> bool:
    """Row B waits for row A (`wacht_op`, casestore/outbox.py): while A is queued, B stays queued; when A is
    refused, B is not sent (no partner call) and the werkcoach gets a task saying so in plain words.
    True when B is held back."""
    wacht = outbox.wacht_op(ctx.session, row=row)
    if wacht is None:
        return False
    assert row.id is not None
    _, eerder = wacht
    if eerder is not None and eerder.status != "failed":  # queued or being sent: B follows it
        fout = f"Wacht op bericht {eerder.id} ({omschrijving(eerder.payload)}); gaat daarna."
        outbox.markeer_fout(ctx.session, outbox_id=row.id, fout=fout, definitief=False)
        if outbox.onder_lease(eerder, ctx.nu):
            res.vastgehouden.append(fout)
        else:
            res.mislukt_tijdelijk += 1
            res.fouten.append(fout)
        return True
    titel = wacht_titel(row.payload, row.id, eerder.payload if eerder else None, eerder.id if eerder else None)
    outbox.markeer_fout(ctx.session, outbox_id=row.id, fout=titel, definitief=True)
    res.mislukt_definitief += 1
    res.fouten.append(titel)
    _geweigerd(ctx, row, WachtOpGeweigerd(titel), titel=titel)
    return True


def _batches(s: Session, ids: list[int], grootte: int, **filter: Any) -> Iterator[list[int]]:
    """The rows to send in batches, then once more what the handlers queued on the way (a verlaging's task
    mail): it goes out in this run, not at the next one."""
    for i in range(0, len(ids), grootte):
        yield ids[i:i + grootte]
    if filter.get("idem_keys") is not None:  # a run for named rows sends those only
        return
    hoogste = max(ids, default=0)  # rows that failed transiently in this run go back to pending: not again now
    nieuw = [oid for oid in outbox.te_versturen(s, **filter) if oid > hoogste]
    for i in range(0, len(nieuw), grootte):
        yield nieuw[i:i + grootte]


# Rows claimed per batch (one UPDATE ... RETURNING, one commit). Email marks go in one statement per
# MARKEER_NA sent messages: a commit per message cost a third of the rate (benchmarks/email.py), a mark per
# batch of 100 no more than per 10, and 10 bounds what a crash before the mark sends twice.
BATCH = 100
MARKEER_NA = 10


def dispatch(rt: Runtime, *, nu: datetime, traject_id: int | None = None, soort: str | None = None,
             idem_keys: list[str] | None = None, limit: int = 500, batch: int = BATCH) -> DispatchResultaat:
    res = DispatchResultaat()
    with new_session(rt.engine) as s:
        ctx = Context(rt=rt, session=s, nu=nu)
        ids = outbox.te_versturen(s, nu=nu, traject_id=traject_id, soort=soort, idem_keys=idem_keys, limit=limit)
        s.commit()
        verstuurd: list[tuple[int, str]] = []  # sent by a handler that writes nothing; the mark follows
        try:
            for deel in _batches(s, ids, batch, nu=nu, traject_id=traject_id, soort=soort, idem_keys=idem_keys,
                                 limit=limit):
                ctx.rijen = outbox.claim_batch(s, ids=deel, nu=nu)  # the lease is committed before any send
                for row in ctx.rijen:
                    _verwerk(ctx, row, res, verstuurd)
                _markeer(s, verstuurd, nu)
        finally:
            try:
                if verstuurd:  # what went out before a fault is marked sent, not sent again after the lease
                    s.rollback()
                    outbox.markeer_verstuurd_batch(s, verstuurd, nu=nu)
            finally:
                for closer in ctx.cache.get("_close", []):
                    closer()
    logger().info("Outbox: %d verstuurd, %d tijdelijk mislukt, %d geweigerd, %d wachten op een bericht dat nog "
                  "verzonden wordt", res.verstuurd, res.mislukt_tijdelijk, res.mislukt_definitief, len(res.vastgehouden))
    return res


def _verwerk(ctx: Context, row: Outbox, res: DispatchResultaat, verstuurd: list[tuple[int, str]]) -> None:
    """One claimed row: its handler's side effect, then its sent mark (now, with what the handler wrote; or with
    the batch's, for a handler that writes nothing). A failure is sorted as transient or definitive."""
    s, nu = ctx.session, ctx.nu
    assert row.id is not None
    if _wacht(ctx, row, res):
        return
    faults.point("voor-verzenden")
    pogingen = row.pogingen  # this attempt included: an unreadable answer is retried a few times
    try:
        h = handler_voor(row.soort)
        if h is None:
            raise OnbekendeSoort(f"Geen verwerker voor outbox-soort '{row.soort}'.")
        ctx.neem_slot(PARTNER_VAN_SOORT.get(row.soort))  # the partner's limit, held for the run's connection
        kenmerk = h(ctx, row)
    except Exception as exc:
        s.rollback()  # what the handler half wrote; then the batch's earlier sends are marked, on their own
        _markeer(s, verstuurd, nu)
        tijdelijk = is_transient(exc, pogingen)
        outbox.markeer_fout(s, outbox_id=row.id, fout=str(exc), definitief=not tijdelijk)
        if isinstance(exc, Vastgehouden):  # not this run's failure: a sweep that meets it still succeeds
            res.vastgehouden.append(str(exc))
            return
        res.fouten.append(str(exc))
        if tijdelijk:
            res.mislukt_tijdelijk += 1
        else:  # refused, malformed or a bug: do not hammer the partner, tell a person
            res.mislukt_definitief += 1
            _geweigerd(ctx, row, exc)
        return
    faults.point("na-verzenden")
    verstuurd.append((row.id, kenmerk))
    res.verstuurd += 1
    if row.soort not in ALLEEN_VERZENDEN or len(verstuurd) >= MARKEER_NA:
        _markeer(s, verstuurd, nu)  # commits the handler's writes too


def _markeer(s: Session, verstuurd: list[tuple[int, str]], nu: datetime) -> None:
    if verstuurd:
        outbox.markeer_verstuurd_batch(s, verstuurd, nu=nu)
        faults.point("tussen-verzendingen")  # between sends whose marks are written


def traject_id(rt: Runtime, referentie: str) -> int:
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        assert t.id is not None
        return t.id


@step(retries=True)
def verstuur(rt: Runtime, *, nu: datetime, referentie: str | None = None) -> dict[str, int]:
    """Send what is queued (for one traject, or everything). Raises on partner trouble, so the
    Prefect task around it retries visibly; the rows stay queued for the next run either way."""
    tid = traject_id(rt, referentie) if referentie else None
    res = dispatch(rt, nu=nu, traject_id=tid)
    if res.mislukt_tijdelijk:
        n = res.mislukt_tijdelijk
        raise DispatchUitgesteld(f"{res.fouten[0]} ({n} {'bericht blijft' if n == 1 else 'berichten blijven'} "
                                 "in de wachtrij)")
    return {"verstuurd": res.verstuurd, "geweigerd": res.mislukt_definitief}
