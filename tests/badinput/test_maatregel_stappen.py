"""Bad input at the maatregel steps (what the CLI and the flows call after their own checks), on
the catalogue's seeded store: refused with one Dutch line, and not one value of any table
(maatregel and document included) nor anything at the gemeente changed.

The issue names four: a maatregel without a melding, a beschikking before horen, approval by
the person who proposed it, an unknown beschikking type. The CLI and Prefect-form doors of the
same steps are tested with the flows (tests/badinput/test_maatregel_doors.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.badinput.test_catalogue import assert_unchanged, gemeente, inhoud, seed, world  # noqa: F401 (fixtures)

COACH, TL = "wc@ijw.example", "teamleider.heemskerk@ijmondwerkt.example"


def _nu() -> datetime:
    return datetime.now(UTC)


def _later() -> datetime:
    """Noon on the gesprek's day (the next werkdag, 10:00): a voorstel may only follow the gesprek."""
    from zoneinfo import ZoneInfo

    from domain.herinneringen import lokale_datum
    from domain.kalender import DEFAULT_KALENDER

    dag = DEFAULT_KALENDER.volgende_werkdag(lokale_datum(_nu()))
    return datetime.combine(dag, datetime.min.time()).replace(hour=12, tzinfo=ZoneInfo("Europe/Amsterdam"))


def _vandaag() -> Any:
    from domain.herinneringen import lokale_datum

    return lokale_datum(_nu())


# -- how far the waiting case (Heemskerk) is brought before the bad input ------------------------
def _toegekend(w: dict[str, Any], adres: bool = True) -> None:
    from tasks.maatregel import leg_adres_vast
    from tasks.uitkering import verwerk_uitkeringsbesluit

    w["sim"].drive(f"/_sim/uitkeringen/{w['ids']['ref_wacht']}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(w["rt"], referentie=w["ids"]["ref_wacht"], status="toegekend", nu=_nu())
    if adres:
        leg_adres_vast(w["rt"], referentie=w["ids"]["ref_wacht"], adres="Kerkstraat 1", postcode="1961AA",
                       woonplaats="Heemskerk", nu=_nu(), actor="test")


def _gemeld(w: dict[str, Any], adres: bool = True) -> None:
    from tasks.maatregel import meld_verzuim

    _toegekend(w, adres)
    meld_verzuim(w["rt"], referentie=w["ids"]["ref_wacht"], gedraging="afspraak_niet_nagekomen",
                 verzuim_op=_vandaag(), feiten="Niet verschenen op de training", nu=_nu(), actor=COACH)


def _uitgenodigd(w: dict[str, Any], adres: bool = True) -> None:
    from tasks.maatregel import nodig_uit

    _gemeld(w, adres)
    kal = w["rt"].kalender
    gesprek = kal.volgende_werkdag(_vandaag())
    nodig_uit(w["rt"], referentie=w["ids"]["ref_wacht"], gesprek_op=datetime.combine(gesprek, datetime.min.time())
              + timedelta(hours=10), locatie="Kantoor Heemskerk", nu=_nu(), actor=COACH)


def _gehoord(w: dict[str, Any], adres: bool = True) -> None:
    from tasks.maatregel import leg_toelichting_vast

    _uitgenodigd(w, adres)
    leg_toelichting_vast(w["rt"], referentie=w["ids"]["ref_wacht"], toelichting="Ik was het vergeten", nu=_nu(),
                         actor=COACH)


def _voorgesteld(w: dict[str, Any]) -> None:
    from tasks.maatregel import stel_voor

    _gehoord(w)
    stel_voor(w["rt"], referentie=w["ids"]["ref_wacht"], verwijtbaar=True, nu=_later(), actor=COACH)


def _niets(w: dict[str, Any]) -> None:
    return None


# -- the steps, with the bad input ---------------------------------------------------------------
def _meld(ref: str = "ref_wacht", **kw: Any) -> Callable[[dict[str, Any]], object]:
    def run(w: dict[str, Any]) -> object:
        from tasks.maatregel import meld_verzuim

        # evaluated when the case runs, not at collection: a suite that crosses midnight (Amsterdam) moved "tomorrow"
        args = {"gedraging": "afspraak_niet_nagekomen", "verzuim_op": _vandaag(), "feiten": "Niet verschenen",
                "nu": _nu(), "actor": COACH, **{k: v() if callable(v) else v for k, v in kw.items()}}
        return meld_verzuim(w["rt"], referentie=w["ids"][ref], **args)
    return run


def _stel_voor(actor: str = COACH, **kw: Any) -> Callable[[dict[str, Any]], object]:
    def run(w: dict[str, Any]) -> object:
        from tasks.maatregel import stel_voor

        return stel_voor(w["rt"], referentie=w["ids"]["ref_wacht"], verwijtbaar=True, nu=_later(), actor=actor, **kw)
    return run


def _na_termijn(w: dict[str, Any]) -> datetime:
    """Noon on the werkdag after the reaction term the invitation offered (Awb 4:8: goedkeuren waits for it)."""
    from zoneinfo import ZoneInfo

    from domain.herinneringen import lokale_datum
    from domain.maatregel.instellingen import MaatregelInstellingen

    kal = w["rt"].kalender
    eind = kal.werkdagen_erbij(lokale_datum(_nu()), w["rt"].settings.van(MaatregelInstellingen).reactie_werkdagen)
    dag = kal.volgende_werkdag(eind)
    return datetime.combine(dag, datetime.min.time()).replace(hour=12, tzinfo=ZoneInfo("Europe/Amsterdam"))


def _keur_goed(type: str = "M1M10", actor: str = TL, *, tijdens_termijn: bool = False
               ) -> Callable[[dict[str, Any]], object]:
    def run(w: dict[str, Any]) -> object:
        from tasks.maatregel import keur_goed

        nu = _later() if tijdens_termijn else _na_termijn(w)
        return keur_goed(w["rt"], referentie=w["ids"]["ref_wacht"], type=type, nu=nu, actor=actor)
    return run


def _adres(**kw: str) -> Callable[[dict[str, Any]], object]:
    def run(w: dict[str, Any]) -> object:
        from tasks.maatregel import leg_adres_vast

        args = {"adres": "Kerkstraat 1", "postcode": "1961AA", "woonplaats": "Heemskerk", **kw}
        return leg_adres_vast(w["rt"], referentie=w["ids"]["ref_wacht"], nu=_nu(), actor="test", **args)
    return run


def _bezwaar(w: dict[str, Any]) -> object:
    from tasks.maatregel import registreer_bezwaar

    return registreer_bezwaar(w["rt"], referentie=w["ids"]["ref_wacht"], ontvangen_op=_vandaag(), adviescommissie=False,
                              nu=_nu(), actor=COACH)


CASES: list[tuple[str, Callable[[dict[str, Any]], None], Callable[[dict[str, Any]], object], str]] = [
    # the four the issue names
    ("voorstel-zonder-melding", _toegekend, _stel_voor(), "er loopt geen maatregelonderzoek"),
    ("beschikking-zonder-melding", _toegekend, _keur_goed(), "kan alleen na een melding van verzuim"),
    ("beschikking-voor-horen", _gemeld, _keur_goed(), "het horen is nog niet afgerond"),
    ("beschikking-tijdens-horen", _uitgenodigd, _keur_goed(), "het horen is nog niet afgerond (reactietermijn"),
    ("voorstel-voor-horen", _uitgenodigd, _stel_voor(), "het horen is nog niet afgerond"),
    ("goedkeuren-door-voorsteller", _voorgesteld, _keur_goed(actor=COACH), "deed zelf het voorstel"),
    ("goedkeuren-tijdens-reactietermijn", _voorgesteld, _keur_goed(tijdens_termijn=True),
     "de reactietermijn loopt nog tot en met"),
    ("goedkeuren-door-voorsteller-hoofdletters", _voorgesteld, _keur_goed(actor=COACH.upper()),
     "deed zelf het voorstel"),
    ("goedkeuren-door-een-rol", _voorgesteld, _keur_goed(actor="teamleider"), "vraagt om een persoon"),
    ("beschikkingstype-onbekend", _voorgesteld, _keur_goed(type="M3M10"), "Onbekend beschikkingstype 'M3M10'"),
    ("beschikkingstype-leeg", _voorgesteld, _keur_goed(type=""), "Onbekend beschikkingstype"),
    ("beschikkingstype-label", _voorgesteld, _keur_goed(type="Beschikking maatregel 100%"),
     "Onbekend beschikkingstype"),
    ("beschikkingstype-ander-dan-voorstel", _voorgesteld, _keur_goed(type="M2M20"), "het voorstel is M1M10"),
    # around them
    ("melding-voor-de-uitkering", _niets, _meld("ref_open"), "er is nog geen uitkering toegekend"),
    ("melding-afgesloten-traject", _niets, _meld("ref_dicht"), "is afgesloten"),
    ("melding-gedraging-onbekend", _toegekend, _meld(gedraging="te_laat"), "Onbekende gedraging 'te_laat'"),
    ("melding-verzuim-in-de-toekomst", _toegekend, _meld(verzuim_op=lambda: _vandaag() + timedelta(days=1)),
     "ligt in de toekomst"),
    ("melding-feiten-met-bsn", _toegekend, _meld(feiten="Deelnemer 999900109 kwam niet"), "negen cijfers"),
    ("melding-feiten-regeleinde", _toegekend, _meld(feiten="Kwam niet\nopdagen"), "stuurtekens"),
    ("melding-tweede-lopend", _gemeld, _meld(), "loopt al"),
    ("voorstel-zonder-adres", lambda w: _gehoord(w, adres=False), _stel_voor(), "correspondentieadres"),
    ("voorstel-matiging-zonder-redenen", _gehoord, _stel_voor(gematigd_percentage=5, gematigd_maanden=1),
     "alleen om dringende redenen"),
    ("voorstel-matiging-niet-lichter", _gehoord, _stel_voor(dringende_redenen="Dreigende huisuitzetting",
                                                            gematigd_percentage=10, gematigd_maanden=1),
     "moet lichter zijn"),
    ("voorstel-redenen-zonder-matiging", _gehoord, _stel_voor(dringende_redenen="Dreigende huisuitzetting"),
     "geen matiging opgegeven"),
    ("bezwaar-zonder-beschikking", _voorgesteld, _bezwaar, "er is nog geen beschikking"),
    ("adres-postcode-met-0", _toegekend, _adres(postcode="0961AA"), "geen Nederlandse postcode"),
    ("adres-postcode-te-kort", _toegekend, _adres(postcode="1961A"), "geen Nederlandse postcode"),
    ("adres-regeleinde", _toegekend, _adres(adres="Kerkstraat 1\r\nBcc: x"), "stuurtekens"),
]


@pytest.mark.parametrize(("voor", "doe", "msg"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_maatregel_step_refuses(world: dict[str, Any], voor: Callable[[dict[str, Any]], None],  # noqa: F811
                                doe: Callable[[dict[str, Any]], object], msg: str) -> None:
    from domain.errors import DomainError

    voor(world)
    inhoud_voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with pytest.raises(DomainError) as exc:
        doe(world)
    assert msg in str(exc.value) and len(str(exc.value).splitlines()) == 1, str(exc.value)
    assert_unchanged(world, inhoud_voor, sim_voor)


def test_the_same_steps_let_good_input_through(world: dict[str, Any]) -> None:  # noqa: F811
    """The control: approved by another person, the type of the proposal; the maatregel and the
    document are written (the tables the refusals above left untouched)."""
    _voorgesteld(world)
    voor = inhoud(world["url"])
    _keur_goed()(world)
    na = inhoud(world["url"])
    assert len(na["document"]) == len(voor["document"]) + 1
    assert na["maatregel"] != voor["maatregel"]
