"""Indicatie aanvragen bij UWV: start, voorbereiden, indienen (outbox `uwv`), ontvangst, beslissing,
the gemeente's decision on beschut werk, plaatsing or wachtlijst, and the waking timer.

Plain steps; flows run `.task`. The rules (terms and their grounds, the twelve months, the
quotum) live in domain/indicatie.py; here they are persisted, one transaction per step. The
submission itself is the outbox kind `uwv` (tasks/handlers/uwv.py), which calls back into
`na_indienen` / `handmatig_indienen` in the dispatcher's transaction.

One module per step family: start (aanvragen), indiening (indienen, the outbox callbacks, the manual
channel's date), uitkomst (UWV's ontvangst and beslissing, the garantiebaan route), gemeentebesluit
(beschut werk: plaatsing or wachtlijst) and controle (the waking timer and the poll); _gedeeld holds
what they share. The Prefect task names stay "indicatie-…" (tasks/step.py names a step in a process
package after the process). Callers import from the package: everything public is re-exported here.
"""

from __future__ import annotations

from tasks.indicatie._gedeeld import (
    BESLUITTYPE,
    NAVRAGEN_TAAK,
    P,
    laatste_negatief_beschut_werk,
)
from tasks.indicatie.controle import (
    OPEN_BIJ_UWV,
    open_http_aanvragen,
    termijn_verlopen,
    vat_samen,
    vraag_een,
    vraag_uwv,
)
from tasks.indicatie.gemeentebesluit import (
    leg_gemeentebesluit_vast,
    plaats_van_wachtlijst,
)
from tasks.indicatie.indiening import (
    handmatig_indienen,
    indienen,
    leg_ingediend_vast,
    na_indienen,
    opnieuw_indienen,
    uwv_sleutel,
)
from tasks.indicatie.start import (
    aanvragen,
    start_in,
)
from tasks.indicatie.uitkomst import (
    GARANTIEBAAN_VERVOLG,
    beslist,
    bevestig_doelgroepregister,
    leg_beslissing_vast,
    leg_ontvangst_vast,
    ontvangen,
)

__all__ = [
    "P", "NAVRAGEN_TAAK", "BESLUITTYPE", "laatste_negatief_beschut_werk", "start_in", "aanvragen", "uwv_sleutel",
    "opnieuw_indienen", "indienen", "na_indienen", "handmatig_indienen", "leg_ingediend_vast", "ontvangen",
    "leg_ontvangst_vast", "GARANTIEBAAN_VERVOLG", "bevestig_doelgroepregister", "beslist", "leg_beslissing_vast",
    "leg_gemeentebesluit_vast", "plaats_van_wachtlijst", "termijn_verlopen", "OPEN_BIJ_UWV", "open_http_aanvragen",
    "vraag_een", "vraag_uwv", "vat_samen"
]
