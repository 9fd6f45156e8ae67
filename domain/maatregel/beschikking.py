"""The beschikking: its types and outcome (`Uitkomst`), the months of the reduction, its sending date,
and the maatregel's own zaak at the gemeente (zaaktype IJW-MAATREGEL) with its statuses and resultaten."""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender


class BeschikkingType(StrEnum):
    """Soort beschikking (de uitkomst van het maatregelonderzoek)."""

    AFZIEN = "AFZIEN"
    M100 = "M100"
    M1M10 = "M1M10"
    M1M20 = "M1M20"
    M2M10 = "M2M10"
    M2M20 = "M2M20"
    MGEMATIGD = "MGEMATIGD"

    @property
    def label(self) -> str:
        return TYPE_LABEL[self]


TYPE_LABEL = {
    BeschikkingType.AFZIEN: "Beschikking afzien maatregel",
    BeschikkingType.M100: "Beschikking maatregel 100%",
    BeschikkingType.M1M10: "Beschikking maatregel 1 maand 10%",
    BeschikkingType.M1M20: "Beschikking maatregel 1 maand 20%",
    BeschikkingType.M2M10: "Beschikking maatregel 2 maanden 10%",
    BeschikkingType.M2M20: "Beschikking maatregel 2 maanden 20%",
    BeschikkingType.MGEMATIGD: "Beschikking gematigde maatregel",
}
# Fixed percentage and months of the types that name them.
VAST: dict[BeschikkingType, tuple[int, int]] = {
    BeschikkingType.M1M10: (10, 1), BeschikkingType.M1M20: (20, 1),
    BeschikkingType.M2M10: (10, 2), BeschikkingType.M2M20: (20, 2),
}


def parse_type(value: str | None) -> BeschikkingType:
    """A beschikking type from a door; an unknown one is refused with the known list."""
    v = (value or "").strip().upper()
    try:
        return BeschikkingType(v)
    except ValueError:
        bekend = ", ".join(f"{t.value} ({t.label})" for t in BeschikkingType)
        raise OngeldigeInvoer(f"Onbekend beschikkingstype '{(value or '')[:20]}'; bekend: {bekend}.") from None


@dataclass(frozen=True)
class Uitkomst:
    """A maatregel: its type with the percentage and number of months (AFZIEN: 0 and 0)."""

    type: BeschikkingType
    percentage: int
    maanden: int

    @property
    def zwaarte(self) -> int:
        """Percent-months: how heavy it is, to tell that a matiging is milder."""
        return self.percentage * self.maanden

    @property
    def label(self) -> str:
        if self.type in (BeschikkingType.M100, BeschikkingType.MGEMATIGD):
            maand = "maand" if self.maanden == 1 else "maanden"
            return f"{self.type.label} ({self.percentage}% gedurende {self.maanden} {maand})"
        return self.type.label

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type.value, "percentage": self.percentage, "maanden": self.maanden}


AFZIEN = Uitkomst(BeschikkingType.AFZIEN, 0, 0)


# -- the maatregelonderzoek's own zaak at the gemeente (zaaktype IJW-MAATREGEL) ----------------------
# Its besluiten (beschikking, bezwaar, heroverweging, herziening) can fall after the traject's zaak closed
# at uitstroom, so the onderzoek has a zaak of its own, closed when its last term has passed.
STATUS_ONDERZOEK = "Onderzoek gestart"
STATUS_BESCHIKT = "Beschikt"
STATUS_BEZWAAR = "Bezwaar of herziening"
EINDSTATUS = "Afgesloten"
OPGELEGD = "Maatregel opgelegd"
AFGEZIEN = "Afgezien van maatregel"
ONDERZOEK_INGETROKKEN = "Onderzoek ingetrokken"
HERROEPEN = "Maatregel herroepen"


def zaak_resultaat(type_: str | None, status: str) -> str:
    """The resultaattype of the maatregel's zaak: how the onderzoek ended."""
    if status == "ingetrokken" or type_ is None:
        return ONDERZOEK_INGETROKKEN
    if status == "herroepen":
        return HERROEPEN
    return AFGEZIEN if type_ == BeschikkingType.AFZIEN else OPGELEGD


def zaak_sluit_na(*, bezwaar_uiterlijk: date | None, heroverweging_uiterlijk: date | None,
                  kortingsmaanden: Sequence[Mapping[str, Any]]) -> date | None:
    """The last day on which a term of the beschikking still runs: the bezwaartermijn, the heroverweging
    and the last month of the verlaging (a verzoek om herziening concerns the months to come). The zaak
    closes after it, when no bezwaar, heroverweging or herziening is open. None: no beschikking yet."""
    dagen = [d for d in (bezwaar_uiterlijk, heroverweging_uiterlijk) if d is not None]
    for m in kortingsmaanden:
        jaar, maand = (int(x) for x in str(m["maand"]).split("-"))
        dagen.append(date(jaar, maand, calendar.monthrange(jaar, maand)[1]))
    return max(dagen) if dagen else None


BESLUITTYPE_BEZWAAR = "Beslissing op bezwaar maatregel"
BESLUITTYPE_HERZIENING = "Herziening maatregel"


# -- the months of the reduction ---------------------------------------------------------------
def maand_code(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def eerste_van_volgende_maand(d: date) -> date:
    return (d.replace(day=1) + relativedelta(months=1))


def kortingsmaanden(uitkomst: Uitkomst, verzenddatum: date) -> list[dict[str, Any]]:
    """The reduction runs over whole calendar months, from the month after the beschikking is sent."""
    if uitkomst.type == BeschikkingType.AFZIEN:
        return []
    start = eerste_van_volgende_maand(verzenddatum)
    return [{"maand": maand_code(start + relativedelta(months=i)), "percentage": uitkomst.percentage}
            for i in range(uitkomst.maanden)]


def looptijd(maanden: Sequence[Mapping[str, Any]]) -> tuple[date, date] | None:
    """Ingangsdatum (first day of the first month) and vervaldatum (last day of the last month)."""
    if not maanden:
        return None
    eerste, laatste = maanden[0]["maand"], maanden[-1]["maand"]
    j, m = int(laatste[:4]), int(laatste[5:7])
    return date(int(eerste[:4]), int(eerste[5:7]), 1), date(j, m, calendar.monthrange(j, m)[1])


def controleer_verzenddatum(verzenddatum: date, beslisdatum: date, kalender: Kalender | None = None) -> None:
    if verzenddatum < beslisdatum:
        raise OngeldigeInvoer(f"De verzenddatum ({verzenddatum.isoformat()}) ligt vóór de beslisdatum "
                              f"({beslisdatum.isoformat()}).")
    if verzenddatum > beslisdatum + timedelta(days=14):
        raise OngeldigeInvoer("De verzenddatum ligt meer dan twee weken na de beslisdatum; neem het besluit als de "
                              "brief ook echt verstuurd wordt.")
    if kalender is not None and not kalender.is_werkdag(verzenddatum):
        raise OngeldigeInvoer(f"De verzenddatum ({verzenddatum.isoformat()}) is geen werkdag; op die dag gaat er geen "
                              f"post uit. Kies {kalender.volgende_werkdag(verzenddatum).isoformat()}.")


# -- the rules of the steps that concern a beschikking (the tasks read the rows, these decide) ---------
def controleer_type(voorgesteld: str, gekozen: BeschikkingType, referentie: str) -> None:
    """Vier ogen approves what the approver saw: the type chosen is the type proposed."""
    if gekozen.value != voorgesteld:
        raise TransitionRefused(f"{referentie}: het voorstel is {voorgesteld} ({BeschikkingType(voorgesteld).label}), niet "
                                f"{gekozen.value}; bekijk het concept opnieuw (maatregel "
                                "concept) of stuur het voorstel terug.")


def controleer_beschikking(referentie: str, *, gevonden: bool, wat: str, maatregel_id: int | None = None) -> None:
    """What follows a beschikking needs one: the newest of the traject, or the one named (`maatregel_id`),
    which must be a beschikking of this traject."""
    if gevonden:
        return
    if maatregel_id is None:
        raise TransitionRefused(f"{referentie}: er is nog geen beschikking over een maatregel; {wat} kan niet.")
    raise OngeldigeInvoer(f"{referentie}: maatregel {maatregel_id} is geen beschikking in dit traject "
                          "(de status van de maatregel toont de nummers).")


def controleer_een_lopend(referentie: str, proces_label: str, nummers: Sequence[int | None], maatregel_id: int | None,
                          wat: str) -> None:
    """A bezwaar or heroverweging runs per beschikking: several may run side by side (a recidive beschikking
    within the three months of the previous heroverweging); `nummers` are the maatregelen of the open ones
    (those of `maatregel_id` when given). Exactly one must be meant."""
    if not nummers:
        bij = f" bij maatregel {maatregel_id}" if maatregel_id is not None else ""
        raise TransitionRefused(f"{referentie}: er loopt geen {proces_label.lower()}{bij}; {wat} kan niet.")
    if len(nummers) > 1:
        lijst = ", ".join(str(n) for n in nummers)
        raise OngeldigeInvoer(f"{referentie}: er lopen {len(nummers)} ({proces_label.lower()}) bij de maatregelen "
                              f"{lijst}; kies er een met --maatregel (in het formulier: maatregel).")


def controleer_document(referentie: str, inhoud: bytes | None, sha256: str | None) -> None:
    """The stored beschikking is handed out only when it is there and unchanged (its checksum)."""
    if inhoud is None:
        raise TransitionRefused(f"{referentie}: bij de beschikking is geen document bewaard.")
    if hashlib.sha256(inhoud).hexdigest() != sha256:
        raise TransitionRefused(f"{referentie}: het bewaarde document is beschadigd (controlegetal klopt niet).")


# -- the letter's address -----------------------------------------------------------------------
POSTCODE = r"^[1-9][0-9]{3} ?[A-Z]{2}$"


def controleer_postcode(postcode: str | None) -> str:
    """A Dutch postcode, upper case without the space (1941AB)."""
    pc = (postcode or "").strip().upper()
    if not re.match(POSTCODE, pc):
        raise OngeldigeInvoer("--postcode is geen Nederlandse postcode (vier cijfers, niet met 0 beginnend, en twee "
                              "letters, bijv. 1941AB).")
    pc = pc.replace(" ", "")
    if pc[4:] in ("SA", "SD", "SS"):  # PostNL does not use these letter pairs
        raise OngeldigeInvoer(f"--postcode {pc} bestaat niet (de letters SA, SD en SS komen in postcodes niet voor).")
    return pc


def controleer_adres(referentie: str, adres: str | None, postcode: str | None, woonplaats: str | None) -> None:
    """The beschikking is a letter: no proposal without the deelnemer's correspondence address."""
    if not (adres and postcode and woonplaats):
        raise TransitionRefused(f"{referentie}: het correspondentieadres van de deelnemer ontbreekt; de beschikking "
                                "is een brief. Leg het correspondentieadres vast (deelnemer adres: adres, postcode, "
                                "woonplaats).")


# -- the letter's signature ---------------------------------------------------------------------
def controleer_ondertekenaar(referentie: str, gemeente_label: str, email: str, *, bekend: bool) -> None:
    """The beschikking is signed with the name and function of the teamleider who approves it (mandaat:
    Awb art. 10:10 names the organ; the letter names who signed). Both come from the gemeente's
    configuration (`ondertekenaars`), never from a form, so no name travels through Prefect."""
    if not bekend:
        raise TransitionRefused(f"{referentie}: {email} staat niet bij de ondertekenaars van {gemeente_label} "
                                "(gemeenteconfiguratie: ondertekenaars, met naam en functie); de beschikking wordt "
                                "ondertekend met naam en functie van wie haar goedkeurt.")
