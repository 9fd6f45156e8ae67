"""Maatregelonderzoek (Participatiewet art. 18): melding verzuim → horen → verwijtbaarheid → maatregel
bepalen → vier ogen → beschikking; then bezwaar, heroverweging and herziening/inkeer.

IJmond Werkt! investigates and decides under mandate of the gemeenten. The rules here are pure:

* the **processes** and their transition tables (one onderzoek, and three that may follow a
  beschikking: bezwaar, heroverweging, inkeer);
* the **rule table** — the gemeente's maatregelenverordening as data, per gemeente with versions
  that hold from a date (`werkpad/maatregelen.toml`): gedraging → maatregel for the first time and
  for each recidive within twelve months, counted per gedraging or per categorie as the verordening
  says; the gedragingen of art. 18 lid 4 (geüniformeerde arbeidsverplichtingen) follow the statutory
  ladder of lid 5–8 (100%, 1–3 months, longer on recidive, three months from the third time), itself
  versioned data (`werkpad/arbeidsverplichtingen.toml`), checked when the table is loaded;
* **maatregel bepalen**: lid 9 (no verwijtbaarheid → afzien), lid 10 (dringende redenen →
  matiging, strictly milder), recidive;
* the **terms**: bezwaar (Awb 6:7/6:8 with the Atw), beslissing op bezwaar (Awb 7:10), heroverweging
  (art. 18 lid 3, at most three months, a term the college sets: no Atw), beslistermijn on a request
  for herziening (Awb 4:13), and the service norms of the onderzoek itself;
* the **months** the uitkeringsadministratie reduces, and what a granted inkeer changes (lid 11; for a
  100% maatregel of two months or longer payment resumes from the second month only).

One module per step family, each with its process table, the codes of its taken, its terms and its
outcomes: onderzoek (melding → beschikking, recidive, maatregel bepalen), bezwaar, heroverweging, inkeer;
beside them regeltabel (the verordening as data), beschikking (types, outcomes, the months of the
reduction, the maatregel's zaak) and statussen (the state names the tables share). Callers import from
the package (`from domain.maatregel import X`); everything public is re-exported here.
"""

from __future__ import annotations

from domain.maatregel.beschikking import (
    AFGEZIEN,
    AFZIEN,
    BESLUITTYPE_BEZWAAR,
    BESLUITTYPE_HERZIENING,
    EINDSTATUS,
    HERROEPEN,
    ONDERZOEK_INGETROKKEN,
    OPGELEGD,
    POSTCODE,
    STATUS_BESCHIKT,
    STATUS_BEZWAAR,
    STATUS_ONDERZOEK,
    TYPE_LABEL,
    VAST,
    BeschikkingType,
    Uitkomst,
    controleer_adres,
    controleer_beschikking,
    controleer_document,
    controleer_een_lopend,
    controleer_ondertekenaar,
    controleer_postcode,
    controleer_type,
    controleer_verzenddatum,
    eerste_van_volgende_maand,
    kortingsmaanden,
    looptijd,
    maand_code,
    parse_type,
    zaak_resultaat,
    zaak_sluit_na,
)
from domain.maatregel.bezwaar import (
    BEZWAAR,
    BEZWAAR_TAAK,
    GRONDSLAG_BOB,
    BezwaarUitkomst,
    beslissing_op_bezwaar_uiterlijk,
    bezwaartermijn,
    controleer_bezwaar_ontvangst,
    controleer_nieuw_bezwaar,
    controleer_verdagen,
)
from domain.maatregel.heroverweging import (
    GRONDSLAG_HEROVERWEGING,
    HEROVERWEGING,
    HEROVERWEGING_MAANDEN,
    HEROVERWEGING_TAAK,
    HeroverwegingUitkomst,
    heroverweging_uiterlijk,
)
from domain.maatregel.inkeer import (
    GRONDSLAG_INKEER,
    GRONDSLAG_INKEER_BEREIK,
    INKEER,
    INKEER_TAAK,
    InkeerUitkomst,
    controleer_inkeer_bereik,
    controleer_verzoek_om_herziening,
    inkeer_beslissen_uiterlijk,
    inkeer_mogelijk,
    inkeer_tweede_maand,
    na_inkeer,
)
from domain.maatregel.onderzoek import (  # issue 20: the reaction term before the beschikking, lid 10 afzien
    BEOORDELEN_TAAK,
    GROND_LID_9,
    GROND_LID_10_AFZIEN,
    GROND_LID_10_MATIGEN,
    GRONDSLAG_HOREN,
    GRONDSLAG_ONDERZOEK,
    GRONDSLAG_VIER_OGEN,
    HOREN_TAAK,
    MAATREGELONDERZOEK,
    ONDERZOEK_TERMIJN,
    ONDERZOEK_WEKEN,
    REACTIE_WEKKER,
    REACTIE_WERKDAGEN,
    RECIDIVE_MAANDEN,
    VIER_OGEN_TAAK,
    VIER_OGEN_WERKDAGEN,
    WEKT_REACTIE,
    EerdereMaatregel,
    HorenAchterwege,
    HorenVastgelegd,
    Verwijtbaar,
    Voorstel,
    bepaal_maatregel,
    controleer_afzien_reactie,
    controleer_concept,
    controleer_gesprek,
    controleer_gesprek_verzetten,
    controleer_horen_achterwege,
    controleer_na_gesprek,
    controleer_nieuw_onderzoek,
    controleer_onderzoek,
    controleer_persoon,
    controleer_reactietermijn_verstreken,
    controleer_reactietermijn_voor_besluit,
    controleer_traject,
    controleer_verzuim,
    controleer_vier_ogen,
    grondslagen_met_horen,
    onderzoek_uiterlijk,
    persoon_sleutel,
    recidive_groep,
    recidive_stap,
    vier_ogen_uiterlijk,
)
from domain.maatregel.regeltabel import (
    ARBEIDSVERPLICHTING,
    RECIDIVE_TELLINGEN,
    Gedraging,
    Ladder,
    RecidiveTelling,
    Regeltabel,
    RegeltabelFout,
    RegelVersie,
    Trede,
    ladders_uit,
    parse_uitkomst,
    regeltabel_uit,
)
from domain.maatregel.statussen import (
    AFGEROND,
    BEOORDELEN,
    BESCHIKT,
    BESLIST,
    GEMELD,
    HOREN,
    INGETROKKEN,
    ONTVANGEN,
    OPEN,
    VERDAAGD,
    VERVALLEN,
    VIER_OGEN,
)

# What follows a beschikking by law (bezwaar, heroverweging, herziening) runs on after the traject
# closes at uitstroom: a bezwaar against a maatregel does not lapse because the deelnemer found work.
LOOPT_NA_AFSLUITEN = frozenset({BEZWAAR.naam, HEROVERWEGING.naam, INKEER.naam})

__all__ = [
    "GEMELD", "HOREN", "BEOORDELEN", "VIER_OGEN", "BESCHIKT", "INGETROKKEN", "VERVALLEN", "MAATREGELONDERZOEK",
    "ONTVANGEN", "VERDAAGD", "BESLIST", "BEZWAAR", "OPEN", "AFGEROND", "HEROVERWEGING", "INKEER",
    "LOOPT_NA_AFSLUITEN", "HOREN_TAAK", "BEOORDELEN_TAAK", "VIER_OGEN_TAAK", "ONDERZOEK_TERMIJN", "REACTIE_WEKKER",
    "BEZWAAR_TAAK", "HEROVERWEGING_TAAK", "INKEER_TAAK", "WEKT_REACTIE", "GRONDSLAG_ONDERZOEK", "GRONDSLAG_HOREN",
    "GRONDSLAG_VIER_OGEN", "GRONDSLAG_BOB", "GRONDSLAG_HEROVERWEGING", "GRONDSLAG_INKEER", "ONDERZOEK_WEKEN",
    "REACTIE_WERKDAGEN", "VIER_OGEN_WERKDAGEN", "HEROVERWEGING_MAANDEN", "RECIDIVE_MAANDEN", "RegeltabelFout",
    "BeschikkingType", "TYPE_LABEL", "VAST", "STATUS_ONDERZOEK", "STATUS_BESCHIKT", "STATUS_BEZWAAR", "EINDSTATUS",
    "OPGELEGD", "AFGEZIEN", "ONDERZOEK_INGETROKKEN", "HERROEPEN", "zaak_resultaat", "zaak_sluit_na",
    "BESLUITTYPE_BEZWAAR", "BESLUITTYPE_HERZIENING", "parse_type", "Uitkomst", "AFZIEN", "parse_uitkomst",
    "Gedraging", "RegelVersie", "Regeltabel", "regeltabel_uit", "Ladder", "Trede", "ladders_uit", "RecidiveTelling",
    "RECIDIVE_TELLINGEN", "ARBEIDSVERPLICHTING", "EerdereMaatregel", "recidive_groep", "recidive_stap",
    "Voorstel", "bepaal_maatregel", "maand_code", "eerste_van_volgende_maand", "kortingsmaanden", "looptijd",
    "inkeer_tweede_maand", "na_inkeer", "onderzoek_uiterlijk", "controleer_gesprek", "controleer_gesprek_verzetten",
    "bezwaartermijn",
    "beslissing_op_bezwaar_uiterlijk", "heroverweging_uiterlijk", "inkeer_beslissen_uiterlijk",
    "controleer_verzenddatum", "Verwijtbaar", "BezwaarUitkomst", "HeroverwegingUitkomst", "InkeerUitkomst",
    "controleer_traject", "controleer_verzuim", "controleer_nieuw_onderzoek", "controleer_onderzoek",
    "controleer_reactietermijn_verstreken", "controleer_na_gesprek", "persoon_sleutel", "controleer_persoon",
    "controleer_vier_ogen", "controleer_concept", "controleer_type", "controleer_beschikking", "controleer_een_lopend",
    "controleer_document", "POSTCODE", "controleer_postcode", "controleer_adres", "controleer_bezwaar_ontvangst",
    "controleer_nieuw_bezwaar", "controleer_verdagen", "controleer_verzoek_om_herziening",
    # issue 20 (M1)
    "GRONDSLAG_INKEER_BEREIK", "controleer_inkeer_bereik", "inkeer_mogelijk", "GROND_LID_9", "GROND_LID_10_AFZIEN",
    "GROND_LID_10_MATIGEN", "HorenAchterwege", "controleer_afzien_reactie", "controleer_horen_achterwege",
    "controleer_reactietermijn_voor_besluit", "grondslagen_met_horen", "controleer_ondertekenaar", "HorenVastgelegd",
    "vier_ogen_uiterlijk",
]
