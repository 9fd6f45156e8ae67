"""The one settings object: nested WERKPAD_ variables, derived defaults, refusals in Dutch,
and the runtime built from it that refuses (never migrates) a store on an older schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from domain.rapport_instellingen import RapportageInstellingen
from integrations.gemeente.settings import DEV_SECRET
from tasks.settings import Omgeving, Settings, beschrijf
from werkpad.settings import child_env, werkpad_env


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for k in list(os.environ):
        if k.startswith("WERKPAD_") or k == "PREFECT_API_URL":
            monkeypatch.delenv(k)
    monkeypatch.chdir(tmp_path)  # relative defaults land here, not in the repository
    yield


def refusal(**env: str) -> str:
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        with pytest.raises(ValidationError) as exc:
            Settings()
        return beschrijf(exc.value)  # while the variables are set: it names the one that was


def test_sections_come_from_nested_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in {"WERKPAD_CASESTORE__URL": "postgresql://werkpad@db:5432/werkpad",
                 "WERKPAD_GEMEENTE__API_URL": "https://zgw.velsen.example", "WERKPAD_GEMEENTE__CLIENT_ID": "ijw",
                 "WERKPAD_GEMEENTE__SECRET": "s" * 40, "WERKPAD_MAIL__SMTP_HOST": "smtp.ijw.example",
                 "WERKPAD_MAIL__SMTP_PORT": "587", "WERKPAD_MAIL__SENDER": "noreply@ijw.example",
                 "WERKPAD_RETRY_DELAYS": "1, 5 ,30", "WERKPAD_TESTKLOK": "1", "WERKPAD_CRON__DEADLINE_SWEEP": "* * * * *",
                 "WERKPAD_GEMEENTEN_FILE": "/etc/werkpad/gemeenten.toml"}.items():
        monkeypatch.setenv(k, v)
    s = Settings()
    assert s.casestore.url == "postgresql://werkpad@db:5432/werkpad"
    assert (s.gemeente.api_url, s.gemeente.client_id, s.gemeente.secret.get_secret_value()) == \
        ("https://zgw.velsen.example", "ijw", "s" * 40)
    assert (s.mail.smtp_host, s.mail.smtp_port, s.mail.sender) == ("smtp.ijw.example", 587, "noreply@ijw.example")
    assert s.retry_delays == [1.0, 5.0, 30.0] and s.testklok is True and s.cron.deadline_sweep == "* * * * *"
    assert s.gemeenten_file == Path("/etc/werkpad/gemeenten.toml") and s.omgeving is Omgeving.ontwikkeling
    assert "s" * 40 not in repr(s)  # the secret stays out of logs and tracebacks


def test_derived_defaults_follow_the_data_folder_and_the_simulator_port(monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    s = Settings()
    assert s.data_dir == tmp_path / ".werkpad" and s.casestore.url == f"sqlite:///{tmp_path / '.werkpad' / 'werkpad.db'}"
    assert s.mail_dir == tmp_path / ".werkpad" / "mail" and s.gemeente.api_url == "http://127.0.0.1:8100"
    monkeypatch.setenv("WERKPAD_DATA_DIR", "elders")
    monkeypatch.setenv("WERKPAD_STACK__SIMULATOR_PORT", "9100")
    s = Settings()
    assert s.casestore.url == f"sqlite:///{tmp_path / 'elders' / 'werkpad.db'}" and s.mail_dir == tmp_path / "elders" / "mail"
    assert s.gemeente.api_url == "http://127.0.0.1:9100"  # the local simulator, wherever the stack put it
    monkeypatch.setenv("WERKPAD_GEMEENTE__API_URL", "https://zgw.example")
    assert Settings().gemeente.api_url == "https://zgw.example"  # an explicit URL wins


@pytest.mark.parametrize("omgeving", ["test", "productie"])
def test_the_development_secret_is_refused_outside_development(omgeving: str) -> None:
    assert refusal(WERKPAD_OMGEVING=omgeving).startswith(  # the first of every refusal, all named at once
        f"Ongeldige instellingen: WERKPAD_GEMEENTE__SECRET is het ontwikkelgeheim uit de broncode; in omgeving "
        f"'{omgeving}' is een eigen geheim van minstens 32 bytes nodig. WERKPAD_SUWINET__PASSWORD ")
    assert refusal(WERKPAD_OMGEVING=omgeving, WERKPAD_GEMEENTE__SECRET=DEV_SECRET) == \
        refusal(WERKPAD_OMGEVING=omgeving)  # set explicitly to the built-in value: the same
    assert "is 31 bytes" in refusal(WERKPAD_OMGEVING=omgeving, WERKPAD_GEMEENTE__SECRET="x" * 31)


def test_an_own_secret_passes_everywhere_and_development_takes_the_built_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().gemeente.secret.get_secret_value() == DEV_SECRET
    monkeypatch.setenv("WERKPAD_GEMEENTE__SECRET", "é" * 16)  # 32 bytes in UTF-8
    monkeypatch.setenv("WERKPAD_SUWINET__PASSWORD", "eigen-suwinet-wachtwoord")
    monkeypatch.setenv("WERKPAD_INLICHTINGENBUREAU__PASSWORD", "eigen-ib-wachtwoord")
    monkeypatch.setenv("WERKPAD_NOTIFICATIES__TOKEN", "eigen-notificatietoken-1234")
    for omgeving in ("ontwikkeling", "test", "productie"):
        monkeypatch.setenv("WERKPAD_OMGEVING", omgeving)
        assert Settings().omgeving == omgeving


def test_retired_flat_names_are_refused_with_the_new_name() -> None:
    assert refusal(WERKPAD_DATABASE_URL="postgresql://db/werkpad") == \
        "Ongeldige instellingen: WERKPAD_DATABASE_URL bestaat niet meer; gebruik WERKPAD_CASESTORE__URL."
    assert "gebruik WERKPAD_MAIL__SMTP_PORT" in refusal(WERKPAD_SMTP_PORT="25")
    assert "gebruik WERKPAD_CRON__DEADLINE_SWEEP" in refusal(WERKPAD_CRON_DEADLINE_SWEEP="* * * * *")


def test_bad_values_name_the_variable_in_dutch() -> None:
    assert refusal(WERKPAD_MAIL__SMTP_PORT="poort", WERKPAD_GEMEENTE__APIURL="x", WERKPAD_OMGEVING="prod") == (
        "Ongeldige instellingen: WERKPAD_OMGEVING: kies uit ontwikkeling, test of productie; "
        "WERKPAD_MAIL__SMTP_PORT: geen geheel getal; WERKPAD_GEMEENTE__APIURL: onbekende instelling.")
    assert "WERKPAD_RETRY_DELAYS 'twee' is ongeldig" in refusal(WERKPAD_RETRY_DELAYS="twee")
    assert "negatieve wachttijd" in refusal(WERKPAD_RETRY_DELAYS="2,-1")


def test_children_get_the_same_settings_from_an_explicit_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(omgeving=Omgeving.test, casestore={"url": "postgresql://db/w"},  # type: ignore[arg-type]
                 gemeente={"secret": "g" * 32, "client_id": "ijw"}, retry_delays=[0.5, 3.0], testklok=True,
                 suwinet={"password": "s" * 20, "cert_file": "/etc/werkpad/suwinet.pem",
                          "key_file": "/etc/werkpad/suwinet.key"},
                 inlichtingenbureau={"password": "i" * 20}, notificaties={"token": "n" * 20},
                 stack={"prefect_port": 4300}, cron={"werkvoorraad": "0 7 * * 1-5"})
    env = child_env(s)
    assert env["WERKPAD_GEMEENTE__SECRET"] == "g" * 32 and env["PREFECT_API_URL"] == "http://127.0.0.1:4300/api"
    for k, v in werkpad_env(s).items():
        monkeypatch.setenv(k, v)
    again = Settings()
    assert again.model_dump() == s.model_dump()
    assert again.gemeente.secret.get_secret_value() == "g" * 32


def test_the_runtime_refuses_a_store_that_is_behind_and_db_upgrade_fixes_it(tmp_path: Path) -> None:
    from sqlalchemy import text

    from casestore.db import SchemaNietBijgewerkt, head_revision, make_engine
    from tasks.runtime import build_runtime, upgrade_store

    s = Settings(data_dir=tmp_path)
    with pytest.raises(SchemaNietBijgewerkt, match=r"^Er is nog geen case store \(.*\): start de stack"):
        build_runtime(s)
    make_engine(s.casestore.url).dispose()  # the file, without tables
    with pytest.raises(SchemaNietBijgewerkt, match=r"niet bijgewerkt \(schema leeg, nodig .*\): draai `werkpad db-upgrade`"):
        build_runtime(s)
    assert upgrade_store(s.casestore) == head_revision()
    rt = build_runtime(s)
    rt.engine.dispose()
    e = make_engine(s.casestore.url)
    with e.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    with pytest.raises(SchemaNietBijgewerkt, match=f"schema 0001, nodig {head_revision()}"):
        build_runtime(s)
    with e.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(SchemaNietBijgewerkt, match="schema 0999, dat deze versie van werkpad niet kent"):
        build_runtime(s)
    e.dispose()


def test_the_uwv_section_comes_from_nested_variables_and_its_dev_token_stays_at_home(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from integrations.uwv.settings import DEV_TOKEN

    s = Settings()
    assert (s.uwv.kanaal, s.indicatie.beschut_werk_weken, s.indicatie.voorbereiden_werkdagen) == ("handmatig", 8, 10)
    monkeypatch.setenv("WERKPAD_UWV__KANAAL", "http")
    monkeypatch.setenv("WERKPAD_UWV__API_URL", "https://uwv.example/indicatie")
    monkeypatch.setenv("WERKPAD_INDICATIE__BESCHUT_WERK_WEKEN", "10")
    s = Settings()
    assert (s.uwv.kanaal, s.uwv.api_url, s.indicatie.beschut_werk_weken) == ("http", "https://uwv.example/indicatie", 10)
    assert s.uwv.token.get_secret_value() == DEV_TOKEN  # on a developer's machine: the simulator's token
    monkeypatch.delenv("WERKPAD_UWV__KANAAL")
    monkeypatch.delenv("WERKPAD_UWV__API_URL")
    monkeypatch.delenv("WERKPAD_INDICATIE__BESCHUT_WERK_WEKEN")
    own = "x" * 32
    eigen = {"WERKPAD_SUWINET__PASSWORD": "eigen-suwinet", "WERKPAD_INLICHTINGENBUREAU__PASSWORD": "eigen-ib",
             "WERKPAD_NOTIFICATIES__TOKEN": "eigen-notificatietoken-1234"}
    assert refusal(WERKPAD_OMGEVING="productie", WERKPAD_GEMEENTE__SECRET=own, WERKPAD_UWV__KANAAL="http",
                   **eigen) == (
        "Ongeldige instellingen: WERKPAD_UWV__TOKEN is het ontwikkeltoken uit de broncode; in omgeving 'productie' "
        "is met kanaal http een eigen token nodig.")
    assert refusal(WERKPAD_UWV__KANAAL="post") == (
        "Ongeldige instellingen: WERKPAD_UWV__KANAAL: kies uit http of handmatig.")
    assert "WERKPAD_INDICATIE__BESCHUT_WERK_WEKEN" in refusal(WERKPAD_INDICATIE__BESCHUT_WERK_WEKEN="0")
    monkeypatch.setenv("WERKPAD_OMGEVING", "productie")
    monkeypatch.setenv("WERKPAD_GEMEENTE__SECRET", own)
    for naam, waarde in eigen.items():
        monkeypatch.setenv(naam, waarde)
    monkeypatch.setenv("WERKPAD_NOTIFICATIES__TOKEN", "eigen-notificatietoken-1234")
    assert Settings().uwv.kanaal == "handmatig"  # the manual channel needs no token
    monkeypatch.setenv("WERKPAD_UWV__KANAAL", "http")
    monkeypatch.setenv("WERKPAD_UWV__TOKEN", "een-eigen-token")
    assert Settings().uwv.kanaal == "http"


def test_report_recipients_comma_or_semicolon_and_a_bad_one_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WERKPAD_RAPPORTAGE__ONTVANGERS", "bestuur@ijw.example; raad@ijw.example,bestuur@ijw.example")
    assert Settings().van(RapportageInstellingen).ontvangers == ["bestuur@ijw.example", "raad@ijw.example"]
    monkeypatch.delenv("WERKPAD_RAPPORTAGE__ONTVANGERS")
    assert "WERKPAD_RAPPORTAGE__ONTVANGERS" in refusal(WERKPAD_RAPPORTAGE__ONTVANGERS="bestuur@ijw.example; geen-adres")
    assert "is leeg" in refusal(WERKPAD_RAPPORTAGE__ONTVANGERS=" ; ")


def test_each_process_owns_its_section_old_names_still_count_and_a_typo_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19 rule 4: a process's settings are its own section (domain/processen.py), WERKPAD_<SECTIE>__<VELD>."""
    from domain import processen
    from domain.maatregel.instellingen import MaatregelInstellingen

    s = Settings()
    secties = {p.instellingen[0] for p in processen.PROCESSEN if p.instellingen}
    assert secties == {"maatregel", "indicatie", "verlengde_intake", "loonwaarde", "doelgroepregister", "rapportage"}
    assert s.van(MaatregelInstellingen).reactie_werkdagen == 10
    monkeypatch.setenv("WERKPAD_MAATREGEL__REACTIE_WERKDAGEN", "12")
    assert Settings().van(MaatregelInstellingen).reactie_werkdagen == 12
    monkeypatch.setenv("WERKPAD_MAATREGEL_REACTIE_WERKDAGEN", "14")  # the name from before the section: the new wins
    assert Settings().van(MaatregelInstellingen).reactie_werkdagen == 12
    monkeypatch.delenv("WERKPAD_MAATREGEL__REACTIE_WERKDAGEN")
    assert Settings().van(MaatregelInstellingen).reactie_werkdagen == 14
    monkeypatch.delenv("WERKPAD_MAATREGEL_REACTIE_WERKDAGEN")
    # a misspelt key never silently keeps the default; an error names the variable that was set
    assert refusal(WERKPAD_MAATREGEL__REACTIE_WERKDAAGEN="12") == (
        "Ongeldige instellingen: WERKPAD_MAATREGEL__REACTIE_WERKDAAGEN: onbekende instelling.")
    assert refusal(WERKPAD_ADA_TEAMLEIDER_EMAIL="tl@ada").startswith(
        "Ongeldige instellingen: WERKPAD_ADA_TEAMLEIDER_EMAIL: het adres 'tl@ada' is geen geldig e-mailadres")
    assert refusal(WERKPAD_VERLENGDE_INTAKE__ADA_EMAIL="ada").startswith(
        "Ongeldige instellingen: WERKPAD_VERLENGDE_INTAKE__ADA_EMAIL: het adres 'ada'")
    assert refusal(WERKPAD_MAATREGEL__HEROVERWEGING_MAANDEN="4").startswith(
        "Ongeldige instellingen: WERKPAD_MAATREGEL__HEROVERWEGING_MAANDEN:")


def test_a_misspelt_werkpad_variable_is_refused_with_the_nearest_name() -> None:
    """A typo would silently keep a default (found by a new user's trial): every WERKPAD_ variable is a setting, a
    section's key, an old name that still counts, or one of the few that are no setting (tests, fault points)."""
    assert refusal(WERKPAD_DATAA_DIR="/tmp") == (
        "Ongeldige instellingen: WERKPAD_DATAA_DIR is geen instelling van werkpad (bedoelt u WERKPAD_DATA_DIR?); "
        "zie docs/operations.md.")
    assert "bedoelt u WERKPAD_MAATREGEL__…?" in refusal(WERKPAD_MAATREG__REACTIE_WERKDAGEN="3")
    assert "WERKPAD_MAIL is geen instelling" in refusal(WERKPAD_MAIL="3")
    with pytest.MonkeyPatch.context() as mp:
        for naam in ("WERKPAD_FAULT", "WERKPAD_TEST_PG_URL", "WERKPAD_ZGW_CONTRACT", "WERKPAD_ADA_EMAIL"):
            mp.setenv(naam, "x@ijw.example" if naam == "WERKPAD_ADA_EMAIL" else "x")
        assert Settings().data_dir  # none of these is refused


@pytest.mark.parametrize("omgeving", ["test", "productie"])
def test_the_notificaties_callback_needs_its_own_token_outside_development(omgeving: str,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The token the gemeente's Notificaties API sends to werkpad's callback (domain/instelling.py)."""
    for k, v in {"WERKPAD_GEMEENTE__SECRET": "p" * 32, "WERKPAD_SUWINET__PASSWORD": "eigen-suwi",
                 "WERKPAD_INLICHTINGENBUREAU__PASSWORD": "eigen-ib"}.items():
        monkeypatch.setenv(k, v)
    assert refusal(WERKPAD_OMGEVING=omgeving) == (
        f"Ongeldige instellingen: WERKPAD_NOTIFICATIES__TOKEN is het ontwikkeltoken uit de broncode; in omgeving "
        f"'{omgeving}' is een eigen token nodig.")
    assert refusal(WERKPAD_OMGEVING=omgeving, WERKPAD_NOTIFICATIES__TOKEN="vijftien-tekens") == (
        f"Ongeldige instellingen: WERKPAD_NOTIFICATIES__TOKEN moet een token van minstens 16 tekens zijn (omgeving "
        f"'{omgeving}').")
    monkeypatch.setenv("WERKPAD_OMGEVING", omgeving)
    monkeypatch.setenv("WERKPAD_NOTIFICATIES__TOKEN", "zestien-tekens-1")
    s = Settings()
    assert s.notificaties.auth_header == "Bearer zestien-tekens-1" and s.notificaties.kanaal == "zaken"
    assert s.notificaties.api_url == f"{s.gemeente.api_url}/api/v1"  # beside the gemeente's ZGW APIs, unless set
    assert s.notificaties.callback_pad == "/notificaties/callback"
