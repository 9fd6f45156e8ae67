"""The re-integratietraject's fasen, the participatieladder trede and the uitstroom.

A traject that has started (status `traject`) is always in one of six fasen. Every fase change
is an event `traject.fase` with {van, naar} (entering the first fase: van None; uitstroom: naar
None), so stock, instroom (bij) and uitstroom (af) per fase for any period follow from the
events alone (`telling_per_fase`). The trede (1-6) is a secondary attribute.

Uitstroom ends the traject with an outcome, except parttime werk: the deelnemer is "deels
uitgestroomd" and the traject goes on. Every fase change and every uitstroom is reported to the
gemeente (a status, at the end a resultaat on its zaak) and mailed to its klantmanager. After
placement ("Werk houden") the jobcoach follows up on a fixed schedule (`NAZORG_SCHEMA`); if the
job ends, the vangnet moves the traject back into a fase.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer, controleer_tekst
from domain.kalender import Kalender
from domain.proces import Proces, overgangen
from domain.traject import STATUS_LABEL, Status


class Fase(StrEnum):
    """Fase van het re-integratietraject (2023)."""

    # Dutch docstring on purpose: the Prefect form shows it next to the field.

    kennismaking = "kennismaking"
    persoonlijke_ontwikkeling = "persoonlijke-ontwikkeling"
    ontwikkeling_werkervaring = "ontwikkeling-werkervaring"
    ontwikkeling_sollicitatievaardigheden = "ontwikkeling-sollicitatievaardigheden"
    werk_vinden = "werk-vinden"
    werk_houden = "werk-houden"

    @property
    def label(self) -> str:
        return FASE_LABEL[self]

    @property
    def volgorde(self) -> int:
        return list(Fase).index(self) + 1


FASE_LABEL = {
    Fase.kennismaking: "Kennismaking",
    Fase.persoonlijke_ontwikkeling: "Persoonlijke ontwikkeling",
    Fase.ontwikkeling_werkervaring: "Ontwikkeling door werkervaring",
    Fase.ontwikkeling_sollicitatievaardigheden: "Ontwikkeling sollicitatievaardigheden",
    Fase.werk_vinden: "Werk vinden",
    Fase.werk_houden: "Werk houden",
}
EERSTE_FASE = Fase.kennismaking


class Uitstroom(StrEnum):
    """Uitkomst van de uitstroom (parttime werk: deels uitgestroomd, het traject loopt door)."""

    werkaanvaarding = "werkaanvaarding"
    parttime_werk = "parttime-werk"
    garantiebaan = "garantiebaan"
    maximale_participatie = "maximale-participatie"
    nbw_dienstverband = "nbw-dienstverband"
    terugmelding_gemeente = "terugmelding-gemeente"
    einde_uitkering = "einde-uitkering"
    voortijdig_afgebroken = "voortijdig-afgebroken"

    @property
    def label(self) -> str:
        return UITSTROOM_LABEL[self]

    @property
    def sluit_traject(self) -> bool:
        return self != Uitstroom.parttime_werk


UITSTROOM_LABEL = {
    Uitstroom.werkaanvaarding: "Werkaanvaarding",
    Uitstroom.parttime_werk: "Parttime werk (deels uitgestroomd)",
    Uitstroom.garantiebaan: "Garantiebaan",
    Uitstroom.maximale_participatie: "Maximale participatie / passende plek",
    Uitstroom.nbw_dienstverband: "NBW-dienstverband",
    Uitstroom.terugmelding_gemeente: "Terugmelding naar gemeente",
    Uitstroom.einde_uitkering: "Einde uitkering",
    Uitstroom.voortijdig_afgebroken: "Voortijdig afgebroken",
}

# The resultaattype on the gemeente's zaak per closing outcome (ZGW: omschrijving <= 30 chars).
RESULTAATTYPE = {
    Uitstroom.werkaanvaarding: "Werkaanvaarding",
    Uitstroom.garantiebaan: "Garantiebaan",
    Uitstroom.maximale_participatie: "Maximale participatie",
    Uitstroom.nbw_dienstverband: "NBW-dienstverband",
    Uitstroom.terugmelding_gemeente: "Terugmelding naar gemeente",
    Uitstroom.einde_uitkering: "Einde uitkering",
    Uitstroom.voortijdig_afgebroken: "Voortijdig afgebroken",
}
EINDSTATUS = "Afgesloten"  # the zaak's eindstatus, set after the resultaat
DEELS_UITGESTROOMD_STATUSTYPE = "Deels uitgestroomd"

# -- traject events (beside traject.<status>) ------------------------------------------------
FASE_GEBEURTENIS = "traject.fase"  # data {van, naar, trede}
UITSTROOM_GEBEURTENIS = "traject.uitstroom"  # data {uitkomst, fase}
DEELS_UITGESTROOMD_GEBEURTENIS = "traject.deels_uitgestroomd"  # data {fase}
FASE_GEBEURTENISSEN = frozenset({FASE_GEBEURTENIS, UITSTROOM_GEBEURTENIS, DEELS_UITGESTROOMD_GEBEURTENIS})

TREDE_LABEL = {
    1: "Tijdelijk niet sociaal en economisch actief",
    2: "Sociale activering, zonder directe groei naar arbeid",
    3: "Sociale activering gericht richting werk",
    4: "Ondersteuning werknemersvaardigheden",
    5: "Gericht op uitstroom naar werk",
    6: "Direct naar (fulltime) werk",
}


def parse_fase(waarde: str, veld: str = "--fase") -> Fase:
    try:
        return Fase((waarde or "").strip().lower())
    except ValueError:
        raise OngeldigeInvoer(f"Fase '{str(waarde)[:40]}' ({veld}) bestaat niet; kies uit "
                              f"{', '.join(f.value for f in Fase)}.") from None


def parse_uitstroom(waarde: str, veld: str = "--uitkomst") -> Uitstroom:
    try:
        return Uitstroom((waarde or "").strip().lower())
    except ValueError:
        raise OngeldigeInvoer(f"Uitkomst '{str(waarde)[:40]}' ({veld}) bestaat niet; kies uit "
                              f"{', '.join(u.value for u in Uitstroom)}.") from None


def controleer_trede(trede: int | None, veld: str = "--trede") -> int | None:
    if trede is None:
        return None
    if isinstance(trede, bool) or not isinstance(trede, int) or not 1 <= trede <= 6:
        raise OngeldigeInvoer(f"Trede {trede!r} ({veld}) bestaat niet: de participatieladder kent treden 1 tot en met 6.")
    return trede


# Entering the first fase starts the re-integratietraject (status `traject`): after the uitkering
# gate (uitkering toegekend, done there), or later from a route that waited for it. Never while
# the gate still waits for the gemeente, and never before the brede intake.
START_VANUIT = frozenset({Status.verlengde_intake, Status.tijdelijk_oponthoud, Status.voorliggende_voorziening})
ONTHEFFING_WERKDAGEN = 10  # organisation norm: the gemeente assesses ontheffing arbeidsplicht within two weeks
ONTHEFFING_TAAK = "traject.ontheffing_beoordelen"


def controleer_reden(waarde: str | None, veld: str = "--reden") -> str:
    """The reason goes to the gemeente's klantmanager: one line, and no BSN-like number (the
    free-text rule, the same as the form's pattern)."""
    return controleer_tekst(waarde, veld, min_len=5)


def controleer_fase_mogelijk(referentie: str, status: Status) -> None:
    """A fase needs a running re-integratietraject (or a route from which one starts)."""
    if status == Status.traject or status in START_VANUIT:
        return
    if status == Status.afgesloten:
        raise TransitionRefused(f"{referentie} is afgesloten; een fase wijzigen kan niet meer. Er is niets gewijzigd.")
    raise TransitionRefused(f"{referentie} staat op '{STATUS_LABEL[status]}'; een fase kan pas als het "
                            "re-integratietraject is gestart (na het uitkeringsbesluit). Er is niets gewijzigd.")


def controleer_uitstroom_mogelijk(referentie: str, status: Status, uitkomst: Uitstroom,
                                  deels_sinds: date | None) -> None:
    if status == Status.afgesloten:
        raise TransitionRefused(f"{referentie} is al afgesloten; een uitstroom kan niet meer. Er is niets gewijzigd.")
    if status != Status.traject:
        raise TransitionRefused(f"{referentie} staat op '{STATUS_LABEL[status]}'; uitstroom kan pas als het "
                                "re-integratietraject loopt. Er is niets gewijzigd.")
    if uitkomst == Uitstroom.parttime_werk and deels_sinds is not None:
        raise TransitionRefused(f"{referentie} is al deels uitgestroomd (sinds {deels_sinds.isoformat()}); "
                                "er is niets gewijzigd.")


def controleer_fasewissel(referentie: str, van: Fase | None, naar: Fase) -> None:
    """Any fase may follow any other, also backwards (the vangnet); not the same fase again."""
    if van == naar:
        raise TransitionRefused(f"{referentie} staat al in fase '{naar.label}'; er is niets gewijzigd.")


def controleer_vangnet(referentie: str, van: Fase | None, naar: Fase) -> None:
    """The vangnet: the job ended after placement, the traject goes back into an earlier fase."""
    if van != Fase.werk_houden:
        huidig = van.label if van else "geen fase"
        raise TransitionRefused(f"{referentie}: het vangnet geldt na plaatsing (fase 'Werk houden'); "
                                f"het traject staat in '{huidig}'. Gebruik de stap 'traject fase'.")
    if naar == Fase.werk_houden:
        raise TransitionRefused(f"{referentie}: het vangnet zet het traject terug in een eerdere fase, "
                                "niet opnieuw in 'Werk houden'.")


# -- periodic re-assessment of the plan van aanpak ---------------------------------------------

HERBEOORDELING_PVA_TAAK = "traject.herbeoordeling_pva"  # code of the werkcoach's recurring task
HERBEOORDELING_PVA_GEBEURTENIS = "traject.herbeoordeling_pva"  # data {toelichting}
HERBEOORDELING_PVA_TITEL = "Plan van aanpak herbeoordelen"


def plan_herbeoordeling(vanaf: date, weken: int, kalender: Kalender) -> date:
    """The next re-assessment of the plan van aanpak: `weken` (the gemeente's interval) after the
    first fase or the last re-assessment; a weekend or holiday moves to the next werkdag."""
    if weken < 1:
        raise ValueError("weken >= 1")
    return kalender.volgende_werkdag(vanaf + timedelta(weeks=weken), inclusief=True)


def controleer_herbeoordeling_mogelijk(referentie: str, status: Status) -> None:
    if status == Status.afgesloten:
        raise TransitionRefused(f"{referentie} is afgesloten; een herbeoordeling kan niet meer. Er is niets gewijzigd.")
    if status != Status.traject:
        raise TransitionRefused(f"{referentie} staat op '{STATUS_LABEL[status]}'; een herbeoordeling van het plan van "
                                "aanpak kan pas als het re-integratietraject loopt. Er is niets gewijzigd.")


# -- contact frequency: nobody recorded contact with the deelnemer for N weeks -----------------

CONTACT_DEADLINE = "traject.contact"  # code of the one re-armed deadline (soort `contact`)
CONTACT_SOORT = "contact"
CONTACT_GEBEURTENIS = "traject.contact"  # data {op, toelichting}


def plan_contact(laatste_contact: date, weken: int, kalender: Kalender) -> date:
    """When the werkcoach is reminded: `weken` (the gemeente's norm) after the last recorded
    contact (or the start of the first fase); a weekend or holiday moves to the next werkdag."""
    if weken < 1:
        raise ValueError("weken >= 1")
    return kalender.volgende_werkdag(laatste_contact + timedelta(weeks=weken), inclusief=True)


def controleer_contactdatum(op: date, vandaag: date, veld: str = "--op", sinds: date | None = None) -> date:
    """Contact is recorded afterwards: not in the future, at most a year back, not before the
    aanmelding (`sinds`, when the traject is known)."""
    if sinds is not None and op < sinds:
        raise OngeldigeInvoer(f"{veld} {op.isoformat()} ligt vóór de aanmelding ({sinds.isoformat()}).")
    if op > vandaag:
        raise OngeldigeInvoer(f"{veld} {op.isoformat()} ligt in de toekomst; leg contact vast nadat het er was.")
    if op < vandaag - timedelta(weeks=52):
        raise OngeldigeInvoer(f"{veld} {op.isoformat()} ligt te ver terug; vroegst mogelijk is "
                              f"{(vandaag - timedelta(weeks=52)).isoformat()}.")
    return op


def controleer_contact_mogelijk(referentie: str, status: Status) -> None:
    if status == Status.afgesloten:
        raise TransitionRefused(f"{referentie} is afgesloten; contact vastleggen kan niet meer. Er is niets gewijzigd.")
    if status != Status.traject:
        raise TransitionRefused(f"{referentie} staat op '{STATUS_LABEL[status]}'; contact vastleggen kan pas als het "
                                "re-integratietraject loopt. Er is niets gewijzigd.")


# -- 'Werk vinden' for six weeks without outflow: propose an IJmond Werkt!-stage ---------------

STAGE_NA_WERK_VINDEN = timedelta(weeks=6)  # organisation norm
STAGE_TIMER = "traject.werk_vinden_stage"  # code of the waking timer (soort `werk_vinden`)
STAGE_TIMER_SOORT = "werk_vinden"
STAGE_TAAK = "traject.stage_voorstellen"  # code of the werkcoach's task when it wakes
STAGE_TAAK_TITEL = "IJmond Werkt!-stage voorstellen"
STAGE_WEKT = "traject-stage-voorstellen/stage-voorstellen"
STAGE_WERKDAGEN = 10  # the werkcoach proposes the stage within two weeks of waking


def plan_stage_voorstel(werk_vinden_sinds: date, kalender: Kalender) -> date:
    """When the case wakes: six weeks after entering 'Werk vinden' (next werkdag)."""
    return kalender.volgende_werkdag(werk_vinden_sinds + STAGE_NA_WERK_VINDEN, inclusief=True)


# -- the jobcoach's follow-up after placement -------------------------------------------------

NAZORG = Proces(
    naam="nazorg",
    label="Nazorg jobcoach",
    statussen={"loopt": "Loopt", "beeindigd": "Beëindigd", "vervallen": "Vervallen"},
    start="loopt",
    overgangen=overgangen(loopt=("beeindigd", "vervallen"), beeindigd=(), vervallen=()),
    gebeurtenissen=frozenset({"nazorg.gestart", "nazorg.beeindigd", "nazorg.vervallen"}),
)
NAZORG_TAAK = "nazorg.contact"  # code of the jobcoach's follow-up taken


@dataclass(frozen=True)
class NazorgMoment:
    label: str
    na: relativedelta


# Data, not code: after 2 weeks, 6 weeks, 3 months and 6 months the jobcoach checks in.
NAZORG_SCHEMA: tuple[NazorgMoment, ...] = (
    NazorgMoment("na 2 weken", relativedelta(weeks=2)),
    NazorgMoment("na 6 weken", relativedelta(weeks=6)),
    NazorgMoment("na 3 maanden", relativedelta(months=3)),
    NazorgMoment("na 6 maanden", relativedelta(months=6)),
)


@dataclass(frozen=True)
class NazorgTaak:
    label: str
    titel: str
    due: date


# Issue 20 item 20: an uitstroom into work does not end the jobcoach's follow-up of that placement. The
# nazorg (the contactmomenten after 3 and 6 months included) runs on after the traject closes, until its
# taken are done or the werkcoach ends it (the step `nazorg-beeindigen`). Werkafspraak IJmond Werkt!, no
# statutory rule. Werkaanvaarding is the case the issue names; garantiebaan and nbw-dienstverband are
# placements with an employer too and are treated the same (an interpretation, see docs/processen).
NAZORG_NA_UITSTROOM: frozenset[Uitstroom] = frozenset(
    {Uitstroom.werkaanvaarding, Uitstroom.garantiebaan, Uitstroom.nbw_dienstverband})


def nazorg_loopt_door(uitkomst: Uitstroom) -> bool:
    """Whether the jobcoach's open nazorg outlives the traject closed by this uitkomst."""
    return uitkomst in NAZORG_NA_UITSTROOM


def controleer_nazorg_loopt(referentie: str, loopt: bool) -> None:
    """Ending the nazorg needs a nazorg that runs (also on a traject closed by an uitstroom into work)."""
    if not loopt:
        raise TransitionRefused(f"{referentie}: er loopt geen nazorg van een jobcoach; er is niets gewijzigd.")


def plan_nazorg(geplaatst_op: date, kalender: Kalender) -> list[NazorgTaak]:
    """The jobcoach's follow-up taken from the placement date; a due date on a weekend or
    holiday moves to the next werkdag."""
    return [NazorgTaak(m.label, f"Nazorg {m.label}: contact met deelnemer en werkgever",
                       kalender.volgende_werkdag(geplaatst_op + m.na, inclusief=True)) for m in NAZORG_SCHEMA]


# -- what a change means for the gemeente ------------------------------------------------------

@dataclass(frozen=True)
class Melding:
    """What the gemeente hears: the status (and resultaat) on its zaak, and the klantmanager's mail."""

    statustype: str | None
    resultaattype: str | None
    wat: str  # what changed, for the klantmanager (no personal data)
    ontheffing_beoordelen: bool = False  # terugmelding: the gemeente assesses ontheffing arbeidsplicht


def melding_fase(van: Fase | None, naar: Fase, trede: int | None = None) -> Melding:
    wat = f"Fase gewijzigd van '{van.label}' naar '{naar.label}'" if van else f"Traject gestart in fase '{naar.label}'"
    if trede is not None:
        wat += f" (trede {trede})"
    return Melding(statustype=naar.label, resultaattype=None, wat=wat + ".")


def melding_uitstroom(uitkomst: Uitstroom, fase: Fase | None) -> Melding:
    uit = f" vanuit fase '{fase.label}'" if fase else ""
    if not uitkomst.sluit_traject:
        return Melding(statustype=DEELS_UITGESTROOMD_STATUSTYPE, resultaattype=None,
                       wat=f"Deels uitgestroomd (parttime werk){uit}; het traject loopt door.")
    return Melding(statustype=EINDSTATUS, resultaattype=RESULTAATTYPE[uitkomst],
                   wat=f"Uitgestroomd: {uitkomst.label}{uit}; het traject is afgesloten.",
                   ontheffing_beoordelen=uitkomst == Uitstroom.terugmelding_gemeente)


# -- reports: stock, bij and af per fase, from the traject.fase events ---------------------------

@dataclass(frozen=True)
class Telling:
    begin: int  # stock at the start of the period
    bij: int
    af: int
    eind: int  # stock at the end of the period


def telling_per_fase(gebeurtenissen: Iterable[tuple[date, int | str, str | None, str | None]],
                     van: date, tot: date) -> dict[Fase, Telling]:
    """Per fase for the period [van, tot]: stock at the start, instroom, uitstroom, stock at the end.

    `gebeurtenissen`: (datum, traject, van-fase, naar-fase) of every `traject.fase` event."""
    begin = {f: 0 for f in Fase}
    bij = {f: 0 for f in Fase}
    af = {f: 0 for f in Fase}
    for datum, _traject, v, n in sorted(gebeurtenissen, key=lambda g: g[0]):
        if datum < van:
            if v:
                begin[Fase(v)] -= 1
            if n:
                begin[Fase(n)] += 1
        elif datum <= tot:
            if v:
                af[Fase(v)] += 1
            if n:
                bij[Fase(n)] += 1
    return {f: Telling(begin[f], bij[f], af[f], begin[f] + bij[f] - af[f]) for f in Fase}


def controleer_jobcoach(fase: Fase, jobcoach: str | None) -> None:
    """A jobcoach is named only for the fase 'Werk houden'."""
    if jobcoach and fase != Fase.werk_houden:
        raise OngeldigeInvoer(f"Een jobcoach hoort bij de fase '{Fase.werk_houden.label}'; laat --jobcoach weg "
                              f"bij '{fase.label}'.")


def controleer_stage_timer(referentie: str, open_tot: date | None, vandaag: date) -> None:
    """The stage proposal is woken by its timer: a run by hand before the date is refused.
    `open_tot`: the open timer's date, None when none is open."""
    if open_tot is not None and vandaag < open_tot:
        raise TransitionRefused(f"{referentie}: zes weken 'Werk vinden' zijn pas om op {open_tot.isoformat()}.")
