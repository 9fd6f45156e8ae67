"""What follows an outcome or a decision is a pure plan, decided in the process's domain module."""

from datetime import date

from domain.brede_intake import ACTIE, HEROVERWEGEN, plan_na_uitkomst
from domain.kalender import DEFAULT_KALENDER as K
from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route, Status, eigenaar_adres
from domain.uitkering import plan_na_besluit

VANDAAG = date(2026, 11, 25)


def test_route_traject_waits_for_the_uitkering_with_the_plan_van_aanpak_as_taken() -> None:
    u = BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
        Actie(omschrijving="Inschrijven bij UWV", eigenaar=Eigenaar.deelnemer, deadline=date(2026, 12, 2))])
    p = plan_na_uitkomst(u, VANDAAG, K)
    assert p.naar == Status.wacht_op_uitkering and p.uitkering_afwachten and p.afsluiten is None
    assert [(t.code, t.titel, t.eigenaar) for t in p.taken] == [
        (ACTIE, "PvA 1: Inschrijven bij UWV (deelnemer; werkcoach volgt op)", Eigenaar.deelnemer)]


def test_tijdelijk_oponthoud_route_gets_a_reconsideration_task_and_terug_naar_gemeente_closes() -> None:
    p = plan_na_uitkomst(BredeIntakeUitkomst(advies=Advies.negatief, route=Route.tijdelijk_oponthoud), VANDAAG, K)
    assert p.tijdelijk_oponthoud and p.taken == ()  # its own process: a re-check timer, not a task
    p = plan_na_uitkomst(BredeIntakeUitkomst(advies=Advies.negatief, route=Route.voorliggende_voorziening), VANDAAG, K)
    assert [t.code for t in p.taken] == [HEROVERWEGEN] and p.taken[0].due == date(2027, 2, 24)  # 13 weeks, a werkdag
    p = plan_na_uitkomst(BredeIntakeUitkomst(advies=Advies.negatief, route=Route.terug_naar_gemeente), VANDAAG, K)
    assert p.naar == Status.afgesloten and p.afsluiten == "Terugmelding naar gemeente" and not p.uitkering_afwachten


def test_decision_plan_and_the_five_werkdagen_norm_for_a_verlengde_intake() -> None:
    p = plan_na_besluit(True, Route.verlengde_intake, date(2026, 12, 24), K)  # Christmas in between
    assert p.naar == Status.verlengde_intake and p.taak_verlengde_intake == date(2027, 1, 4)
    p = plan_na_besluit(True, Route.traject, VANDAAG, K)
    assert p.naar == Status.traject and p.taak_verlengde_intake is None and p.vervolg == "het re-integratietraject"
    p = plan_na_besluit(False, Route.traject, VANDAAG, K)
    assert p.naar == Status.afgesloten and p.afsluiten == "Uitkering afgewezen"


def test_role_to_address() -> None:
    kw = {"werkcoach": "wc@ijw.example", "consulent": "c@gem.example"}
    assert eigenaar_adres(Eigenaar.consulent, **kw) == "c@gem.example"
    assert eigenaar_adres(Eigenaar.deelnemer, **kw) == eigenaar_adres(Eigenaar.werkcoach, **kw) == "wc@ijw.example"
