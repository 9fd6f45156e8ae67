"""The outbox dispatcher: claim, perform, mark. At most once per row; it knows no kind.

Each row is claimed (a committed lease) before the side effect and marked sent after it, with
the stable external id (Message-ID, zaak URL, flow-run id). The side effect itself belongs to
the handler registered for the row's kind (`tasks/handlers/`: email, zgw, flow; a new partner
adds a module there). What a handler writes to the case store (e.g. the zaak URL) commits
together with the 'sent' mark. A process that dies before the send leaves a pending or expired
lease that the next dispatch picks up; see README for the one window that remains (death
between SMTP accept and the 'sent' commit).

Errors are sorted by the partner error base (integrations/errors.py): a transient one leaves
the row queued, and so does an unreadable answer (a proxy's error page?) for its first few
attempts; a refusal or a malformed answer marks it failed, writes an audit 'fout' event
and gives the werkcoach a task with the partner's message, so a person looks at it.
"""

from __future__ import annotations

import importlib
import pkgutil
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
from integrations.errors import PartnerError, is_transient
from tasks.logs import logger
from tasks.runtime import Runtime
from tasks.step import step


class DispatchUitgesteld(RuntimeError):
    """Some rows could not be sent now (partner or mail server unreachable); they stay queued."""


class OnbekendeSoort(PartnerError):
    """No handler for this kind of row: a programming or deployment error, not retried."""


@dataclass
class Context:
    """What a handler gets: the runtime, the dispatcher's session, the clock, a per-run cache."""

    rt: Runtime
    session: Session
    nu: datetime
    cache: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[Context, Outbox], str]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the side effect of one outbox kind. Returns the external id it produced."""
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn
    return register


_loaded = False
_PREFECT_SIDE = {"artifacts"}  # Prefect-only modules: they register nothing here


def load_handlers() -> None:
    """Import every module of tasks/handlers (each outbox kind registers itself) and every process's tasks
    modules (domain/processen.py; they register their email contexts)."""
    global _loaded
    if _loaded:
        return
    import tasks.handlers
    from domain.processen import modules

    for m in pkgutil.iter_modules(tasks.handlers.__path__):
        if not m.name.startswith("_"):
            importlib.import_module(f"tasks.handlers.{m.name}")
    for naam in modules("tasks"):
        importlib.import_module(naam)
    _loaded = True


@dataclass
class DispatchResultaat:
    verstuurd: int = 0
    mislukt_tijdelijk: int = 0
    mislukt_definitief: int = 0
    fouten: list[str] = field(default_factory=list)


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
        res.mislukt_tijdelijk += 1
        res.fouten.append(fout)
        return True
    titel = wacht_titel(row.payload, row.id, eerder.payload if eerder else None, eerder.id if eerder else None)
    outbox.markeer_fout(ctx.session, outbox_id=row.id, fout=titel, definitief=True)
    res.mislukt_definitief += 1
    res.fouten.append(titel)
    _geweigerd(ctx, row, WachtOpGeweigerd(titel), titel=titel)
    return True


def _met_nieuwe(s: Session, ids: list[int], gezien: set[int], **filter: Any) -> Iterator[int]:
    """The rows to send, then once more what the handlers queued on the way (a verlaging's task mail):
    it goes out in this run, not at the next one."""
    yield from ids
    if filter.get("idem_keys") is not None:  # a run for named rows sends those only
        return
    hoogste = max(ids, default=0)  # rows that failed transiently in this run go back to pending: not again now
    for oid in outbox.te_versturen(s, **filter):
        if oid > hoogste and oid not in gezien:
            gezien.add(oid)
            yield oid


def dispatch(rt: Runtime, *, nu: datetime, traject_id: int | None = None, soort: str | None = None,
             idem_keys: list[str] | None = None, limit: int = 500) -> DispatchResultaat:
    load_handlers()
    res = DispatchResultaat()
    with new_session(rt.engine) as s:
        ctx = Context(rt=rt, session=s, nu=nu)
        ids = outbox.te_versturen(s, nu=nu, traject_id=traject_id, soort=soort, idem_keys=idem_keys, limit=limit)
        s.commit()
        gezien = set(ids)
        try:
            for oid in _met_nieuwe(s, ids, gezien, nu=nu, traject_id=traject_id, soort=soort, idem_keys=idem_keys,
                                   limit=limit):
                row = outbox.claim(s, outbox_id=oid, nu=nu)
                if row is None:
                    continue  # sent or being sent by another run
                if _wacht(ctx, row, res):
                    continue
                faults.point("voor-verzenden")
                pogingen = row.pogingen  # this attempt included: an unreadable answer is retried a few times
                try:
                    h = HANDLERS.get(row.soort)
                    if h is None:
                        raise OnbekendeSoort(f"Geen verwerker voor outbox-soort '{row.soort}'.")
                    kenmerk = h(ctx, row)
                except Exception as exc:
                    s.rollback()
                    tijdelijk = is_transient(exc, pogingen)
                    outbox.markeer_fout(s, outbox_id=oid, fout=str(exc), definitief=not tijdelijk)
                    res.fouten.append(str(exc))
                    if tijdelijk:
                        res.mislukt_tijdelijk += 1
                    else:  # refused, malformed or a bug: do not hammer the partner, tell a person
                        res.mislukt_definitief += 1
                        _geweigerd(ctx, row, exc)
                    continue
                faults.point("na-verzenden")
                outbox.markeer_verstuurd(s, outbox_id=oid, nu=nu, extern_kenmerk=kenmerk)  # commits handler writes too
                res.verstuurd += 1
                faults.point("tussen-verzendingen")
        finally:
            for closer in ctx.cache.get("_close", []):
                closer()
    logger().info("Outbox: %d verstuurd, %d tijdelijk mislukt, %d geweigerd", res.verstuurd, res.mislukt_tijdelijk,
                  res.mislukt_definitief)
    return res


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
