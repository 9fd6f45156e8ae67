"""Maatregelonderzoek: melding verzuim, horen, voorstel, vier ogen, beschikking; bezwaar, heroverweging, inkeer.

Plain steps; flows run `.task`. The rules live in domain/maatregel/; here they are persisted, one
transaction per step. The beschikking is rendered to PDF (notifications/beschikking.py) and kept in
the case store (`Document`): it carries name and address, so it never goes into an email, Prefect or
a log. The gemeente hears it twice through the outbox (kind `zgw`): the besluit on the zaak (Besluiten
API, with verzenddatum and the end of the bezwaartermijn as uiterlijkeReactiedatum) and the reduction
for the months concerned to its uitkeringsadministratie, each under its own idempotency key.

One module per step family: onderzoek (melden, horen, toelichting, the reaction term, voorstel, intrekken),
vier_ogen (terugsturen, goedkeuren, the beschikking's context, concept and PDF), bezwaar, heroverweging,
inkeer, adres (the correspondence address), zaken (the status overview, closing the maatregelen's own zaken,
the hook when the traject closes); _gedeeld holds what they share and registers how each taak is recorded.
The Prefect task names stay "maatregel-…" (tasks/step.py names a step in a process package after the
process). Importing the package imports every module, so the loaders (tasks/vastleggen.py, tasks/dispatch.py)
find its registrations. Callers import from the package: everything public is re-exported here.
"""

from __future__ import annotations

from domain.maatregel import POSTCODE, persoon_sleutel
from tasks.maatregel._gedeeld import (
    BEOORDELEN_WERKDAGEN,
    HOREN_WERKDAGEN,
    TEKST_LANG,
    TZ,
    P,
    beschikking_met_id,
    laatste_beschikking,
    open_per_maatregel,
)
from tasks.maatregel.adres import leg_adres_vast
from tasks.maatregel.bezwaar import beslis_op_bezwaar, registreer_bezwaar, verdaag_bezwaar
from tasks.maatregel.bezwaar_brieven import brief_pdf
from tasks.maatregel.bezwaar_dwangsom import dwangsommen, registreer_ingebrekestelling, stel_dwangsom_vast
from tasks.maatregel.bezwaar_procedure import (
    leg_herstel_vast,
    plan_hoorzitting,
    schort_bezwaar_op,
    stel_bezwaar_uit,
    zie_af_van_horen,
)
from tasks.maatregel.heroverweging import heroverweeg
from tasks.maatregel.inkeer import beslis_inkeer, controleer_inkeerverzoek, ontvang_inkeerverzoek
from tasks.maatregel.onderzoek import (
    controleer_melding,
    leg_toelichting_vast,
    meld_verzuim,
    nodig_uit,
    reactietermijn_verlopen,
    stel_voor,
    trek_in,
)
from tasks.maatregel.reactietermijn import laat_horen_achterwege, leg_afzien_reactie_vast
from tasks.maatregel.vier_ogen import (
    beschikking_context,
    beschikking_pdf,
    besluit_identificatie,
    concept,
    keur_goed,
    stuur_terug,
)
from tasks.maatregel.zaken import sluit_verlopen_maatregelzaken, stand

__all__ = [
    "P", "TZ", "TEKST_LANG", "HOREN_WERKDAGEN", "BEOORDELEN_WERKDAGEN", "persoon_sleutel", "laatste_beschikking",
    "beschikking_met_id", "open_per_maatregel", "stand", "controleer_melding", "meld_verzuim", "nodig_uit",
    "leg_toelichting_vast", "reactietermijn_verlopen", "stel_voor", "trek_in", "stuur_terug", "beschikking_context",
    "besluit_identificatie", "concept", "keur_goed", "beschikking_pdf", "registreer_bezwaar", "verdaag_bezwaar",
    "beslis_op_bezwaar", "heroverweeg", "controleer_inkeerverzoek", "ontvang_inkeerverzoek", "beslis_inkeer",
    "POSTCODE", "leg_adres_vast", "sluit_verlopen_maatregelzaken",
    # the bezwaar procedure and the dwangsom (issue 20)
    "brief_pdf", "dwangsommen", "registreer_ingebrekestelling", "stel_dwangsom_vast", "leg_herstel_vast",
    "plan_hoorzitting", "schort_bezwaar_op", "stel_bezwaar_uit", "zie_af_van_horen",
    "leg_afzien_reactie_vast", "laat_horen_achterwege",  # issue 20: the reaction term before the beschikking
]
