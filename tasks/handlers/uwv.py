"""Outbox kind `uwv`: submit an aanvraag indicatie banenafspraak / advies beschut werk to UWV.

Through the channel this deployment is configured for (`kanaal_uit(rt.settings.uwv)`: HTTP or
by hand). The row's key is the aanvraag's Idempotency-Key, the same on every retry, so a lost
answer retried never files a second aanvraag. The payload holds references only: the BSN is
read from the case store here, at send time, and leaves werkpad only inside the message to UWV.
A transient error keeps the row queued (retried with the same key); a refusal (`UwvRejected`)
or a malformed answer fails the row and the dispatcher gives the werkcoach a task with UWV's
message (`tasks/dispatch.py::_geweigerd`).
"""

from __future__ import annotations

from typing import Any

from casestore import repo
from casestore.models import Outbox, ProcesStap, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.indicatie import IN_TE_DIENEN, BijlageSoort, Soort
from tasks.dispatch import Context, handler


def _kanaal(ctx: Context) -> Any:
    """One channel per dispatch run, closed with the run."""
    if "uwv" not in ctx.cache:
        from integrations.uwv.kanaal import kanaal_uit

        k = kanaal_uit(ctx.rt.settings.uwv)
        ctx.cache.setdefault("_close", []).append(k.close)
        ctx.cache["uwv"] = k
    return ctx.cache["uwv"]


@handler("uwv")
def send_uwv(ctx: Context, row: Outbox) -> str:
    from integrations.uwv.contract import Aanvraag, Bijlage
    from integrations.uwv.kanaal import Handmatig
    from tasks.indicatie import handmatig_indienen, na_indienen

    s = ctx.session
    t = s.get(Traject, row.traject_id)
    stap = s.get(ProcesStap, row.payload["stap_id"])
    assert t is not None and stap is not None
    if stap.status != IN_TE_DIENEN or stap.data.get("kanaal") == "handmatig":
        return f"niet-verstuurd:{stap.status}"  # lapsed meanwhile, or already a staff task: nothing to send
    g = ctx.rt.gemeenten[Gemeente(t.gemeente)]
    soort = Soort(stap.data["soort"])
    bsn = repo.get_deelnemer(s, traject=t).bsn  # the BSN leaves werkpad here, and only to UWV
    aanvraag = Aanvraag(soort=soort.uwv,  # type: ignore[arg-type]
                        bsn=bsn, gemeentecode=g.cbs_code, zaakreferentie=t.referentie,
                        bijlagen=[Bijlage(soort=BijlageSoort(b).value,  # type: ignore[arg-type]
                                          titel=f"{BijlageSoort(b).value} {t.referentie}")
                                  for b in stap.data.get("bijlagen", [])])
    res = _kanaal(ctx).dien_in(aanvraag, idempotency_key=row.idem_key)
    if isinstance(res, Handmatig):
        taak_id = handmatig_indienen(ctx.rt, s, t, stap, taak=res.taak, nu=ctx.nu)
        return f"handmatig:taak:{taak_id}"
    na_indienen(ctx.rt, s, t, stap, uwv_id=res.uwv_id, ingediend_op=lokale_datum(res.ingediend_op),
                ontvangen_op=res.ontvangen_op, kanaal="http", nu=ctx.nu, actor="uwv")
    return res.uwv_id
