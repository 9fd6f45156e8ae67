"""Repository functions: keyword-only, session first. Callers own the transaction (commit).

Every state change goes through here together with its audit event and outbox rows, so a
caller that commits once writes all of them or none.

Callers use `from casestore import repo` and `repo.<function>`; the functions live in one module per
concern: gebeurtenissen (audit events, the outbox and the queries over them), traject (the traject,
its deelnemer, status and fase), taken (taken and deadlines), processtappen (process instances and
their overgang) and doelen (the trajectplan's goals and actions).
"""

from __future__ import annotations

from casestore.repo.doelen import (
    add_actie,
    add_doel,
    get_actie,
    get_actie_van_taak,
    get_doel,
    laat_trajectplan_vervallen,
    sluit_actie,
    trajectplan,
)
from casestore.repo.gebeurtenissen import (
    add_outbox,
    audit,
    eerdere_zgw_wacht,
    get_outbox,
    tel_gebeurtenissen,
    tijdlijn,
    verstuurde_herinneringen,
    wettelijke_verschuivingen,
)
from casestore.repo.processtappen import (
    get_open_stap,
    get_stap,
    laat_processen_vervallen,
    open_proces,
    open_stappen,
    open_stappen_van,
    overgang,
    processen,
    processen_van_deelnemer,
    set_stap_data,
    sluit_deadlines_van,
    sluit_taken,
)
from casestore.repo.taken import (
    add_deadline,
    add_taak,
    get_deadline,
    get_deadline_van,
    get_taak_van_deadline,
    laat_deadlines_vervallen,
    laat_taken_vervallen,
    open_deadline,
    open_deadlines,
    open_taken,
    rond_taak_af,
    sluit_deadlines,
    sluit_taken_met_code,
    sluit_weigeringstaken,
    verplaats_deadline,
)
from casestore.repo.traject import (
    DuplicateTraject,
    NotFound,
    bezette_intakes,
    deelnemer_met_bsn,
    een_open_zaak_url,
    get_deelnemer,
    get_traject,
    open_traject_met_bsn,
    registreer_aanmelding,
    set_fase,
    set_zaak_url,
    trajecten_met_status,
    transitie,
    volgende_referentie,
    werk_deelnemer_bij,
)

__all__ = [
    "NotFound", "DuplicateTraject", "volgende_referentie", "audit", "add_outbox", "registreer_aanmelding",
    "get_traject", "set_zaak_url", "get_deelnemer", "transitie", "add_deadline", "add_taak", "verplaats_deadline",
    "een_open_zaak_url", "wettelijke_verschuivingen", "sluit_deadlines", "laat_taken_vervallen",
    "laat_deadlines_vervallen", "sluit_taken_met_code", "sluit_weigeringstaken", "rond_taak_af", "tijdlijn",
    "open_deadlines", "open_deadline", "verstuurde_herinneringen", "open_taken", "trajecten_met_status",
    "bezette_intakes", "deelnemer_met_bsn", "werk_deelnemer_bij", "get_deadline", "open_traject_met_bsn",
    "open_proces", "get_open_stap", "open_stappen_van", "get_stap", "open_stappen", "processen", "overgang",
    "sluit_taken", "sluit_deadlines_van", "laat_processen_vervallen", "set_fase", "get_deadline_van",
    "get_taak_van_deadline", "eerdere_zgw_wacht", "add_doel", "add_actie", "get_doel", "get_actie",
    "get_actie_van_taak", "trajectplan", "sluit_actie", "laat_trajectplan_vervallen", "set_stap_data",
    "processen_van_deelnemer", "tel_gebeurtenissen", "get_outbox"
]
