"""`werkpad gemeente controleer` against the strict simulator: it passes on the full catalogue, names
each missing piece of a broken one, and finds a missing right by behaviour (nothing created)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SECRET


def werkpad(args: list[str]) -> tuple[int, str]:
    from typer.testing import CliRunner

    from werkpad.cli import app

    r = CliRunner().invoke(app, args, catch_exceptions=False, env={"COLUMNS": "300"})
    return r.exit_code, r.output


@pytest.fixture()
def gemeente_env(sim: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("WERKPAD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WERKPAD_GEMEENTE__API_URL", sim.url)
    monkeypatch.setenv("WERKPAD_GEMEENTE__CLIENT_ID", "werkpad-test")
    monkeypatch.setenv("WERKPAD_GEMEENTE__SECRET", SECRET)
    return sim


def test_the_full_catalogue_passes_and_nothing_is_created(gemeente_env: Any) -> None:
    sim = gemeente_env
    code, out = werkpad(["gemeente", "controleer", "--gemeente", "velsen"])
    assert code == 0, out
    assert "werkpad kan hier draaien." in out and "✗" not in out
    assert "Zaaktype IJW-REINTEGRATIE" in out and "Zaaktype IJW-MAATREGEL" in out and "LO-AANVRAAG" in out
    assert "zaken.aanmaken" in out and "besluiten.aanmaken" in out
    assert sim.state.zaken == {} and sim.state.besluiten == {}  # the probes created nothing


def test_a_broken_catalogue_names_each_missing_piece(gemeente_env: Any) -> None:
    sim = gemeente_env
    for zaaktype, soort, oms in (("IJW-MAATREGEL", "statustype", "Beschikt"),
                                 ("IJW-REINTEGRATIE", "resultaattype", "Uitkering afgewezen"),
                                 ("IJW-REINTEGRATIE", "roltype", "Werkcoach"),
                                 ("IJW-MAATREGEL", "besluittype", "Herziening maatregel"),
                                 ("LO-AANVRAAG", "resultaattype", "Afgewezen")):
        assert sim.drive("/_sim/catalogus/verwijder", {"zaaktype": zaaktype, "soort": soort,
                                                       "omschrijving": oms}).status_code == 200
    code, out = werkpad(["gemeente", "controleer", "--gemeente", "velsen"])
    assert code == 1, out
    for regel in ("IJW-MAATREGEL (versie 2020-01-01): statustype 'Beschikt' ontbreekt",
                  "IJW-REINTEGRATIE (versie 2020-01-01): resultaattype 'Uitkering afgewezen' ontbreekt",
                  "roltype 'Werkcoach' ontbreekt", "besluittype 'Herziening maatregel' ontbreekt",
                  "LO-AANVRAAG (versie 2020-01-01): resultaattype 'Afgewezen' ontbreekt"):
        assert regel in out, out
    assert out.strip().splitlines()[-1].startswith("Fout: werkpad kan hier nog niet draaien")
    assert "Traceback" not in out


def test_a_missing_zaaktype_and_a_missing_right_are_named(gemeente_env: Any) -> None:
    sim = gemeente_env
    sim.drive("/_sim/catalogus/verwijder", {"zaaktype": "IJW-MAATREGEL", "soort": "zaaktype"})
    # werkpad's Applicatie may read and write statussen, but not create zaken or besluiten
    assert sim.drive("/_sim/applicatie", {"client_id": "werkpad-test", "secret": SECRET, "autorisaties": [
        {"component": "zrc", "scopes": ["zaken.lezen", "zaken.bijwerken"], "zaaktype": "IJW-REINTEGRATIE",
         "maxVertrouwelijkheidaanduiding": "vertrouwelijk"},
        {"component": "zrc", "scopes": ["zaken.lezen"], "zaaktype": "LO-AANVRAAG",
         "maxVertrouwelijkheidaanduiding": "vertrouwelijk"},
        {"component": "ztc", "scopes": ["catalogi.lezen"]},
        {"component": "brc", "scopes": ["besluiten.lezen"]}]}).status_code == 200
    code, out = werkpad(["gemeente", "controleer", "--gemeente", "velsen"])
    assert code == 1, out
    assert "Zaaktype IJW-MAATREGEL (Maatregelonderzoek Participatiewet) ontbreekt" in out
    assert "Recht zaken.aanmaken ontbreekt" in out and "Recht besluiten.aanmaken ontbreekt" in out


def test_a_wrong_base_url_is_one_line(gemeente_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WERKPAD_GEMEENTE__API_URL", gemeente_env.url + "/niet-hier")
    code, out = werkpad(["gemeente", "controleer", "--gemeente", "velsen"])
    assert code == 1 and "bestaat niet bij de gemeente (404)" in out and "Traceback" not in out
