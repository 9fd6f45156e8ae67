"""A request for herziening (inkeer, Pw art. 18 lid 11): its beslistermijn (Awb 4:13), and what a granted
request changes (for a 100% maatregel of two months or longer payment resumes from the second month only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.maatregel.beschikking import BeschikkingType, controleer_beschikking, eerste_van_volgende_maand, maand_code
from domain.maatregel.statussen import BESLIST, ONTVANGEN, VERVALLEN
from domain.proces import Proces, overgangen
from domain.termijnen import bereken_termijn

INKEER = Proces(
    naam="maatregel_inkeer",
    label="Verzoek om herziening (inkeer)",
    statussen={ONTVANGEN: "Verzoek ontvangen", BESLIST: "Beslist op verzoek", VERVALLEN: "Vervallen"},
    start=ONTVANGEN,
    overgangen=overgangen(ontvangen=(BESLIST, VERVALLEN), beslist=(), vervallen=()),
    gebeurtenissen=frozenset({"maatregel_inkeer.ontvangen", "maatregel_inkeer.beslist",
                              "maatregel_inkeer.vervallen"}),
)


INKEER_TAAK = "maatregel.inkeer"  # beslissen op een verzoek om herziening (lid 11)
GRONDSLAG_INKEER = "Participatiewet art. 18 lid 11; beslistermijn Awb art. 4:13 lid 2"


def inkeer_tweede_maand(uitkomst_type: str, percentage: int, maanden: int) -> bool:
    """Art. 18 lid 11 with the inkeerregeling: a 100% maatregel of two months or longer is lifted
    from the second month at the earliest; the first month stands."""
    return percentage == 100 and maanden >= 2 and uitkomst_type in (BeschikkingType.M100, BeschikkingType.MGEMATIGD)


def na_inkeer(maanden: Sequence[Mapping[str, Any]], *, verzoek_op: date, tweede_maand_regel: bool) -> list[dict[str, Any]]:
    """The months that stay reduced once a request for herziening is granted: those before the
    month after the request; with the inkeerregeling at least the first month stays."""
    vanaf = maand_code(eerste_van_volgende_maand(verzoek_op))
    blijft = [dict(m) for m in maanden if m["maand"] < vanaf]
    if tweede_maand_regel and maanden and not blijft:
        blijft = [dict(maanden[0])]
    return blijft


def inkeer_beslissen_uiterlijk(verzoek_op: date, kalender: Kalender) -> date:
    """A request for herziening is an aanvraag: Awb 4:13 lid 2, eight weeks, with the Atw."""
    return bereken_termijn("beslistermijn", verzoek_op, kalender).einddatum


class InkeerUitkomst(StrEnum):
    """Beslissing op het verzoek om herziening (Pw art. 18 lid 11)."""

    toegewezen = "toegewezen"
    afgewezen = "afgewezen"


# -- the rules of a request for herziening (the task reads the rows, this decides) ----------------------
def controleer_verzoek_om_herziening(referentie: str, ontvangen_op: date, vandaag: date, *,
                                     besluit_datum: date | None, type_: str | None, status: str | None,
                                     kortingsmaanden: Sequence[Mapping[str, Any]], lopend: bool) -> None:
    """A request received on a day that was, about the newest beschikking (`besluit_datum` None: there is
    none) whose reduction still runs after the month of the request, and none running already (`lopend`)."""
    if ontvangen_op > vandaag:
        raise OngeldigeInvoer(f"De ontvangstdatum van het verzoek ({ontvangen_op.isoformat()}) ligt in de toekomst.")
    controleer_beschikking(referentie, gevonden=besluit_datum is not None, wat="een verzoek om herziening")
    assert besluit_datum is not None
    if status != "actief" or not kortingsmaanden:
        raise TransitionRefused(f"{referentie}: er is geen lopende verlaging om te herzien ({type_}, {status}).")
    if ontvangen_op < besluit_datum:
        raise OngeldigeInvoer(f"Het verzoek ({ontvangen_op.isoformat()}) ligt vóór de beschikking "
                              f"({besluit_datum.isoformat()}).")
    vanaf = maand_code(eerste_van_volgende_maand(ontvangen_op))
    if all(x["maand"] < vanaf for x in kortingsmaanden):
        raise TransitionRefused(f"{referentie}: de verlaging loopt af vóór {vanaf}; er valt niets te herzien.")
    if lopend:
        raise TransitionRefused(f"{referentie}: verzoek om herziening (inkeer) loopt al.")


# Pw art. 18 lid 11: "Het college herziet een besluit tot verlaging als bedoeld in het vijfde tot en met achtste
# lid ..." — the statutory herziening (inkeer) covers only the verlagingen for the geüniformeerde
# arbeidsverplichtingen of lid 4 (the ladder of lid 5–8). Other maatregelen (the verordening's own gedragingen,
# art. 8 lid 1 onder a) have no statutory inkeer route: there the bezwaar (Awb 6:4) and the heroverweging (lid 3).
GRONDSLAG_INKEER_BEREIK = "Participatiewet art. 18 lid 11 (alleen verlagingen als bedoeld in art. 18 lid 5 tot en met 8)"


def inkeer_mogelijk(arbeidsverplichting: bool, type_: str | None) -> bool:
    """Whether lid 11 applies: a verlaging (not an afzien) for a geüniformeerde arbeidsverplichting (lid 4–8).
    A matiging (lid 10) of such a verlaging stays a verlaging under lid 5–8 (read so here; see the docs)."""
    return arbeidsverplichting and type_ is not None and type_ != BeschikkingType.AFZIEN


def controleer_inkeer_bereik(referentie: str, *, arbeidsverplichting: bool, type_: str | None,
                             grondslag: str) -> None:
    """Pw art. 18 lid 11 gives herziening only for a verlaging under lid 5–8; refuse it for any other."""
    if not inkeer_mogelijk(arbeidsverplichting, type_):
        raise TransitionRefused(f"{referentie}: herziening wegens inkeer (Pw art. 18 lid 11) geldt alleen voor een "
                                "verlaging wegens de geüniformeerde arbeidsverplichtingen (art. 18 lid 4 en lid 5 tot "
                                f"en met 8); deze maatregel rust op {grondslag}. Daartegen staat bezwaar open (Awb "
                                "art. 6:4) en de heroverweging (art. 18 lid 3) loopt.")
