"""Outbox kind `inlichtingenbureau`: the praktijkroute's DKD re-integratiebericht.

The bericht is built at send time from the case store: the BSN from the traject's deelnemer (it
is in no payload, no log, no Prefect parameter), the Gemeentecode (CBS) and RSIN from the
gemeente's configuration, the code (1: arbeidsvermogen onder WML), the loonwaardebrief's date and
the percentage from the row. The Idempotency-Key is the row's own `idem_key` (stored in the case
store, BSN-free): every retry of the row, after a timeout, a lost answer or a crash, carries the
same key, and the Inlichtingenbureau answers a repeat with its first receipt. A transient fault
leaves the row queued; a refusal becomes the dispatcher's staff task with the IB's message.
The receipt (bericht id, ontvangen op) goes into the loonwaardemeting's data and starts the
doelgroepregister watch, in the transaction that marks the row sent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casestore import repo
from casestore.models import Outbox, ProcesStap, Traject
from domain.gemeenten import Gemeente
from integrations.inlichtingenbureau.bericht import Reintegratiebericht
from integrations.inlichtingenbureau.client import InlichtingenbureauClient
from tasks.dispatch import Context, handler


def _client(ctx: Context) -> InlichtingenbureauClient:
    if "inlichtingenbureau" not in ctx.cache:
        client = InlichtingenbureauClient(ctx.rt.settings.inlichtingenbureau)
        ctx.cache.setdefault("_close", []).append(client.close)
        ctx.cache["inlichtingenbureau"] = client
    return ctx.cache["inlichtingenbureau"]  # type: ignore[no-any-return]


@handler("inlichtingenbureau")
def send_reintegratiebericht(ctx: Context, row: Outbox) -> str:
    from tasks.loonwaarde import ib_ontvangen

    s = ctx.session
    t = s.get(Traject, row.traject_id)
    assert t is not None
    p = row.payload
    stap = s.get(ProcesStap, p["stap_id"])
    if stap is None or stap.gesloten_op is not None:  # the traject closed before the bericht left
        repo.audit(s, traject=t, nu=ctx.nu, actor="werkpad", soort="loonwaardemeting:ib_niet_verzonden",
                   omschrijving="Re-integratiebericht niet verzonden: de loonwaardemeting is niet meer open.")
        return "niet-verzonden"
    g = ctx.rt.gemeenten[Gemeente(t.gemeente)]
    bericht = Reintegratiebericht(bsn=repo.get_deelnemer(s, traject=t).bsn, gemeentecode=g.cbs_code, rsin=g.rsin,
                                  arbeidsvermogen_onder_wml=bool(p.get("onder_wml", True)),
                                  datum_begin_reintegratie_inzet=date.fromisoformat(p["datum"]),
                                  perc_loonwaarde_tov_wml=Decimal(int(p["loonwaarde"])))
    ontvangst = _client(ctx).verstuur(bericht, row.idem_key)
    ib_ontvangen(ctx.rt, s, t, stap.id, bericht_id=ontvangst.bericht_id,  # type: ignore[arg-type]
                 ontvangen_op=ontvangst.ontvangen_op, herhaald=ontvangst.herhaald, nu=ctx.nu)
    return ontvangst.bericht_id
