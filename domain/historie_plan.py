"""Historical events, the second half: replay what the store knows of a referentie (`stand_uit`) and plan the
audit events a file's rows become (`plan`), as a live step would have written them. Pure: no database.
Reading and checking the file itself is domain/historie.py."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.gemeenten import VOORMALIG
from domain.herinneringen import lokaal_naar_utc
from domain.historie import _INTAKE_DATA, _LABEL, _UITSTROOM_LABEL, ACTOR, MIDDAG, Gelezen, ImportGeweigerd, Regel, Stand
from domain.rapport import (
    GEBEURTENIS,
    SOORT_VAN,
    VERLENGDE_INTAKE_VERVALLEN,
    Soort,
)

# -- the store's state of a referentie -------------------------------------------------------------

def stand_uit(gebeurtenissen: Iterable[tuple[str, str | None, date, str | None, str | None]]) -> Stand | None:
    """Replay a referentie's stored events (gemeente, gebeurtenis, datum, waarde, fase), in order
    (datum, id), into its state. None when there are none."""
    stand: Stand | None = None
    for gemeente, gebeurtenis, datum, waarde, _fase in gebeurtenissen:
        if stand is None:
            stand = Stand(gemeente=gemeente)
        stand.laatste = datum if stand.laatste is None or datum > stand.laatste else stand.laatste
        soort = SOORT_VAN.get(gebeurtenis or "")
        if soort is None:
            continue
        if soort is Soort.fase:
            stand.fase = waarde
            if waarde is None:
                continue  # the fase left on uitstroom: part of the uitstroom row, not a row of its own
        elif soort is Soort.trede:
            stand.trede = waarde
            if waarde is None:
                continue  # the trede left on uitstroom
        elif soort is Soort.verlengde_intake_start:
            stand.ada = True
        elif soort is Soort.verlengde_intake_einde:
            stand.ada = False
        elif soort is Soort.uitstroom:
            stand.afgesloten = datum
        elif soort is Soort.parttime_werk:
            stand.deels = datum
        stand.rijen.add((gemeente, datum, soort.value, waarde))
    return stand


# -- rows against each other and the store -> events -----------------------------------------------

@dataclass(frozen=True, slots=True)
class Toestand:
    """A traject's state before a row: its fase, its trede, whether a verlengde intake runs."""

    fase: str | None = None
    trede: str | None = None
    ada: bool = False


@dataclass
class Plan:
    """The checked rows, each with the fase it found the traject in; iterating gives the events to
    write (AuditEvent columns, without `import_id`) in date order. Built lazily, chunk by chunk as
    they are written: a million event dicts at once would cost about a gigabyte."""

    stappen: list[tuple[Regel, Toestand, datetime]]  # (row, state before it, op), in (datum, line) order
    aantal: int  # events (an uitstroom from a fase is two)

    def __len__(self) -> int:
        return self.aantal

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return gebeurtenissen_van(self.stappen)


def plan(gelezen: Gelezen, *, bestaand: dict[str, Stand], live: set[str]) -> Plan:
    """Check the rows against each other and against the store: the Plan of events to write, or
    ImportGeweigerd with every bad line.

    Per referentie the rows are taken in date order (same date: file order)."""
    fouten = dict(gelezen.fouten)
    per_ref: dict[str, list[Regel]] = {}
    for r in gelezen.regels:
        per_ref.setdefault(r.referentie, []).append(r)
    uit: list[tuple[Regel, Toestand, datetime]] = []
    aantal = 0
    tijden: dict[date, datetime] = {}
    for ref, rijen in per_ref.items():
        stappen, n, slecht = plan_referentie(rijen, oud=bestaand.get(ref), live=ref in live, tijden=tijden)
        uit.extend(stappen)
        aantal += n
        fouten.update(slecht)
    weiger_bij_fouten(fouten)
    uit.sort(key=lambda x: (x[0].datum, x[0].nummer))
    return Plan(uit, aantal)


def weiger_bij_fouten(fouten: dict[int, str]) -> None:
    """The whole file is refused when any line is bad, with every bad line in order."""
    if fouten:
        n = len(fouten)
        raise ImportGeweigerd(f"{n} {'regel is' if n == 1 else 'regels zijn'} fout; het hele bestand is geweigerd "
                              "en er is niets geïmporteerd.", sorted(fouten.items()))


def plan_referentie(rijen: list[Regel], *, oud: Stand | None, live: bool, tijden: dict[date, datetime]
                    ) -> tuple[list[tuple[Regel, Toestand, datetime]], int, dict[int, str]]:
    """One referentie's rows (all of them, in any order) against each other and against what the store knows of
    it (`oud`): (its steps in date order, the number of events they make, the bad lines with their reasons).
    `tijden` caches the noon of each day across referenties. Pure; memory follows the referentie."""
    fouten: dict[int, str] = {}
    gezien: dict[tuple[str, date, Soort, str | None], int] = {}
    goed: list[Regel] = []
    for r in sorted(rijen, key=lambda r: r.nummer):  # the first in the file is the one, the rest are doubles
        sleutel = (r.gemeente, r.datum, r.soort, r.waarde)
        eerder = gezien.get(sleutel)
        if eerder is not None:
            fouten[r.nummer] = f"dubbele regel: dezelfde als regel {eerder}"
            continue
        gezien[sleutel] = r.nummer
        goed.append(r)
    uit: list[tuple[Regel, Toestand, datetime]] = []
    aantal = 0
    if live:
        for r in goed:
            fouten[r.nummer] = "deze referentie is een traject in werkpad zelf; importeer alleen geschiedenis"
        return uit, aantal, fouten
    rijen = sorted(goed, key=lambda r: (r.datum, r.nummer))
    gemeente = oud.gemeente if oud else rijen[0].gemeente
    eerste_regel = None if oud else rijen[0].nummer
    fase = oud.fase if oud else None
    afgesloten = oud.afgesloten if oud else None
    deels = oud.deels if oud else None
    trede = oud.trede if oud else None
    ada = oud.ada if oud else False
    for r in rijen:
        reden = None
        if r.gemeente != gemeente:
            reden = (f"gemeente {r.gemeente.capitalize()} wijkt af van "
                     + (f"regel {eerste_regel} ({gemeente.capitalize()})" if eerste_regel
                        else f"de eerder geïmporteerde gebeurtenissen ({gemeente.capitalize()})"))
        elif oud and (r.gemeente, r.datum, r.soort.value, r.waarde) in oud.rijen:
            reden = "dubbele regel: al geïmporteerd uit een eerder bestand"
        elif afgesloten is not None:
            reden = f"het traject is al beëindigd (uitstroom op {afgesloten.isoformat()})"
        elif oud and oud.laatste and r.datum < oud.laatste:
            reden = (f"datum ligt vóór de laatste eerder geïmporteerde gebeurtenis ({oud.laatste.isoformat()}); "
                     "vul de geschiedenis alleen aan")
        elif r.soort is Soort.fase and r.waarde == fase:
            reden = f"het traject staat al in fase '{_LABEL[r.waarde or '']}'"
        elif r.soort is Soort.parttime_werk and deels is not None:
            reden = f"het traject is al deels uitgestroomd (sinds {deels.isoformat()})"
        elif r.soort is Soort.trede and r.waarde == trede:
            reden = f"het traject staat al op trede {trede}"
        elif r.soort is Soort.verlengde_intake_start and ada:
            reden = "er loopt al een verlengde intake (AD&A); sluit die eerst met verlengde_intake_einde"
        elif r.soort is Soort.verlengde_intake_einde and not ada:
            reden = "er loopt geen verlengde intake (AD&A) om te beëindigen; eerst verlengde_intake_start"
        if reden is not None:
            fouten[r.nummer] = reden
            continue
        op = tijden.get(r.datum)
        if op is None:
            op = tijden[r.datum] = lokaal_naar_utc(datetime.combine(r.datum, MIDDAG))
        uit.append((r, Toestand(fase, trede, ada), op))
        aantal += (1 + (fase is not None) + (trede is not None) + ada) if r.soort is Soort.uitstroom else 1
        if r.soort is Soort.fase:
            fase = r.waarde
        elif r.soort is Soort.trede:
            trede = r.waarde
        elif r.soort in (Soort.verlengde_intake_start, Soort.verlengde_intake_einde):
            ada = r.soort is Soort.verlengde_intake_start
        elif r.soort is Soort.uitstroom:
            fase, trede, ada, afgesloten = None, None, False, r.datum
        elif r.soort is Soort.parttime_werk:
            deels = r.datum
    einde = VOORMALIG.get(gemeente)
    if einde is not None and fase is not None and afgesloten is None:
        # A former member's traject left in a fase would count in the fasen stock of every later period.
        laatste = next((r.nummer for r in reversed(rijen) if r.nummer not in fouten), rijen[-1].nummer)  # by date
        fouten.setdefault(laatste, (
            f"{gemeente.capitalize()} nam deel tot en met {einde.isoformat()}, maar dit traject staat daarna nog "
            f"in fase '{_LABEL[fase]}'; sluit het uiterlijk {einde.isoformat()} af met een uitstroom (bijvoorbeeld "
            "terugmelding_gemeente), anders telt het in elke latere periode mee"))
    return uit, aantal, fouten


def gebeurtenissen_van(stappen: Iterable[tuple[Regel, Toestand, datetime]]) -> Iterator[dict[str, Any]]:
    """The events (AuditEvent columns, without `import_id`) of planned steps, in their order."""
    for r, voor, op in stappen:
        yield from _gebeurtenissen(r, voor, op)


def _event(r: Regel, op: datetime, gebeurtenis: str, soort: str, omschrijving: str, data: dict[str, Any],
           waarde: str | None, fase: str | None) -> dict[str, Any]:
    return {"traject_id": None, "op": op, "actor": ACTOR, "soort": f"import:{soort}", "omschrijving": omschrijving,
            "data": data, "proces": gebeurtenis.split(".", 1)[0], "gemeente": r.gemeente, "gebeurtenis": gebeurtenis,
            "referentie": r.referentie, "datum": r.datum, "waarde": waarde, "fase": fase}


def _gebeurtenissen(r: Regel, voor: Toestand, op: datetime) -> list[dict[str, Any]]:
    """The events of one row, in exactly the shape the live steps write (domain.rapport.rapportvelden
    gives the same waarde and fase from their data)."""
    naam = GEBEURTENIS[r.soort]
    s = r.soort
    fase = voor.fase
    if s is Soort.trede:
        assert r.waarde is not None
        wat = (f"Geïmporteerd: trede gewijzigd van {voor.trede} naar {r.waarde}." if voor.trede
               else f"Geïmporteerd: op trede {r.waarde} geplaatst.")
        return [_event(r, op, naam, "trede", wat, {"van": voor.trede, "naar": r.waarde}, r.waarde, voor.trede)]
    if s is Soort.verlengde_intake_start:
        return [_event(r, op, naam, "verlengde_intake_start", "Geïmporteerd: verlengde intake bij AD&A gestart.", {},
                       None, None)]
    if s is Soort.verlengde_intake_einde:
        return [_event(r, op, naam, "verlengde_intake_einde", "Geïmporteerd: advies verlengde intake AD&A gegeven.",
                       {}, None, None)]
    if s is Soort.fase:
        assert r.waarde is not None
        wat = (f"Geïmporteerd: fase gewijzigd van '{_LABEL[fase]}' naar '{_LABEL[r.waarde]}'." if fase
               else f"Geïmporteerd: traject gestart in fase '{_LABEL[r.waarde]}'.")
        return [_event(r, op, naam, "fase", wat, {"van": fase, "naar": r.waarde, "trede": None}, r.waarde, fase)]
    if s is Soort.uitstroom:
        assert r.waarde is not None
        label = _UITSTROOM_LABEL.get(r.waarde, r.waarde)
        uit = f" vanuit fase '{_LABEL[fase]}'" if fase else ""
        es = []
        if voor.ada:  # as live: the running verlengde intake lapses when the traject closes
            es.append(_event(r, op, VERLENGDE_INTAKE_VERVALLEN, "verlengde_intake_vervallen",
                             "Geïmporteerd: verlengde intake vervallen (traject beëindigd).", {}, None, None))
        if voor.trede is not None:
            es.append(_event(r, op, GEBEURTENIS[Soort.trede], "trede", f"Geïmporteerd: van trede {voor.trede} af.",
                             {"van": voor.trede, "naar": None}, None, voor.trede))
        if fase is not None:
            es.append(_event(r, op, GEBEURTENIS[Soort.fase], "fase", f"Geïmporteerd: uit fase '{_LABEL[fase]}': {label}.",
                             {"van": fase, "naar": None, "trede": None}, None, fase))
        data: dict[str, Any] = {"uitkomst": r.waarde, "fase": fase}
        if r.leeftijd is not None:
            data["leeftijd"] = r.leeftijd
        es.append(_event(r, op, naam, "uitstroom", f"Geïmporteerd: uitgestroomd: {label}{uit}.", data, r.waarde, fase))
        return es
    if s is Soort.parttime_werk:
        uit = f" vanuit fase '{_LABEL[fase]}'" if fase else ""
        return [_event(r, op, naam, "parttime_werk", f"Geïmporteerd: deels uitgestroomd (parttime werk){uit}.",
                       {"fase": fase}, None, fase)]
    if s is Soort.intake_afgerond:
        assert r.waarde is not None
        return [_event(r, op, naam, "intake_afgerond", f"Geïmporteerd: brede intake afgerond ({r.waarde}).",
                       dict(_INTAKE_DATA[r.waarde]), r.waarde, None)]
    if s is Soort.maatregel_beschikking:
        return [_event(r, op, naam, "maatregel_beschikking", f"Geïmporteerd: beschikking maatregel ({r.waarde}).",
                       {"type": r.waarde}, r.waarde, None)]
    if s is Soort.aanmelding:
        return [_event(r, op, naam, "aanmelding", f"Geïmporteerd: aangemeld bij gemeente {r.gemeente.capitalize()}.",
                       {} if r.waarde is None else {"leeftijd": r.waarde}, r.waarde, None)]
    return [_event(r, op, naam, "nbw_plaatsing", "Geïmporteerd: beschutte werkplek (NBW) toegewezen.", {}, None, None)]
