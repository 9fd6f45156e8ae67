"""The `oidc` settings section: the group mapping as 'groep=rol; …' or JSON, and the refusals at start."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from domain.rollen import STANDAARD_KOPPELING
from tasks.settings import Settings, beschrijf

PRODUCTIE = {"WERKPAD_OMGEVING": "productie", "WERKPAD_GEMEENTE__SECRET": "x" * 32,
             "WERKPAD_SUWINET__PASSWORD": "eigen-suwinet", "WERKPAD_INLICHTINGENBUREAU__PASSWORD": "eigen-ib",
             "WERKPAD_NOTIFICATIES__TOKEN": "eigen-notificatietoken-1234"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for k in list(os.environ):
        if k.startswith("WERKPAD_") or k == "PREFECT_API_URL":
            monkeypatch.delenv(k)
    monkeypatch.chdir(tmp_path)
    yield


def settings(**env: str) -> Settings:
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        return Settings()


def refusal(**env: str) -> str:
    with pytest.raises(ValidationError) as exc:
        settings(**env)
    return beschrijf(exc.value)


def test_defaults_no_issuer_and_the_standard_mapping() -> None:
    oidc = settings().oidc
    assert (oidc.issuer, oidc.client_id, oidc.scopes, oidc.groepen_claim) == (None, "werkpad", "openid email profile",
                                                                              "groups")
    assert oidc.groepen == STANDAARD_KOPPELING


def test_the_mapping_as_pairs_or_json() -> None:
    assert settings(WERKPAD_OIDC__GROEPEN="IJW-Coaches=werkcoach; IJW-WSP = wsp").oidc.groepen == {
        "IJW-Coaches": "werkcoach", "IJW-WSP": "wsp"}
    assert settings(WERKPAD_OIDC__GROEPEN='{"IJW-AD&A": "ada"}').oidc.groepen == {"IJW-AD&A": "ada"}


def test_bad_values_are_named_in_one_dutch_line() -> None:
    assert refusal(WERKPAD_OIDC__GROEPEN="IJW-Coaches=coach") == (
        "Ongeldige instellingen: WERKPAD_OIDC__GROEPEN: koppelt groep 'IJW-Coaches' aan 'coach', geen rol van werkpad "
        "(kies uit ada, jobcoach, teamleider, werkcoach, wsp).")
    assert refusal(WERKPAD_OIDC__GROEPEN="IJW-Coaches") == (
        "Ongeldige instellingen: WERKPAD_OIDC__GROEPEN: moet 'groep=rol; groep=rol' zijn (bijv. "
        "'werkpad-werkcoaches=werkcoach').")
    assert refusal(WERKPAD_OIDC__SCOPES="email profile") == (
        "Ongeldige instellingen: WERKPAD_OIDC__SCOPES: moet 'openid' bevatten (zonder die scope geeft de provider geen "
        "ID-token).")
    assert refusal(WERKPAD_OIDC__ISSUER="login.example") == (
        "Ongeldige instellingen: WERKPAD_OIDC__ISSUER: moet een http(s)-adres zijn.")


def test_outside_ontwikkeling_an_issuer_needs_a_secret_and_https() -> None:
    assert settings(WERKPAD_OIDC__ISSUER="http://127.0.0.1:9000").oidc.issuer == "http://127.0.0.1:9000"  # development
    assert refusal(**PRODUCTIE, WERKPAD_OIDC__ISSUER="https://login.ijw.example") == (
        "Ongeldige instellingen: WERKPAD_OIDC__CLIENT_SECRET ontbreekt; zodra een issuer is gezet meldt werkpad zich met "
        "dat geheim bij de identiteitsprovider (omgeving 'productie').")
    assert refusal(**PRODUCTIE, WERKPAD_OIDC__ISSUER="http://login.ijw.example", WERKPAD_OIDC__CLIENT_SECRET="geheim") == (
        "Ongeldige instellingen: WERKPAD_OIDC__ISSUER moet een https-adres zijn (omgeving 'productie').")
    s = settings(**PRODUCTIE, WERKPAD_OIDC__ISSUER="https://login.ijw.example", WERKPAD_OIDC__CLIENT_SECRET="geheim")
    assert s.oidc.client_secret is not None and s.oidc.client_secret.get_secret_value() == "geheim"
    assert settings(**PRODUCTIE).oidc.issuer is None  # no OIDC login: nothing to refuse
