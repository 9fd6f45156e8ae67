"""Every task mail says exactly how to record it; the gemeente's consulent gets no werkpad commands.

Real SMTP (the aiosmtpd catcher), real simulator, plain step functions: the .eml files are read back."""

from __future__ import annotations

import re
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlmodel import select

from casestore.db import session
from casestore.models import Taak
from notifications import taaklink
from notifications.mailcatcher import read_folder
from notifications.render import render
from tasks.aanmelding import plan_intake, registreer
from tasks.dispatch import dispatch
from tasks.sweep import sweep
from tests.conftest import at

WC, CONSULENT = "wc.velsen@ijw.example", "consulent.intake@velsen.example"
# a werkpad command, not the "werkpad – IJmond Werkt!" signature nor the site "werkpad web" (gemeente staff open
# their own task there with the link and a one-time code)
COMMAND = re.compile(r"\bwerkpad\s+(?!web\b)[a-z][a-z-]*")


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'werkpad.db'}"


def teksten(m: EmailMessage) -> tuple[str, str]:
    return (m.get_body(("plain",)).get_content(), m.get_body(("html",)).get_content())  # type: ignore[union-attr]


def test_reminders_and_invitations_say_how_to_record(rt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    nu = at("2026-11-23T09:00")  # Monday; Velsen's brede intake lands on Wednesday 25 November
    ref = registreer(rt, bsn="999900183", naam="Mail Test", geboortedatum=date_1980(), gemeente="velsen", werkcoach=WC,
                     nu=nu, actor="test")
    plan_intake(rt, referentie=ref, nu=nu)
    dispatch(rt, nu=nu)
    with session(rt.engine) as s:
        taken = {t.titel: t for t in s.exec(select(Taak))}
    voorbereiden, voeren = taken["Brede intake voorbereiden"], taken["Brede intake voeren (gemeente)"]
    assert voorbereiden.id != voorbereiden.deadline_id  # so the test can tell the two apart

    for t in ("2026-11-24T07:05", "2026-11-26T07:05"):  # Tue: due-day/t-1 reminders; Thu: escalations
        sweep(rt, nu=at(t))
        dispatch(rt, nu=at(t))
    mails = read_folder(tmp_path / "mail")

    def van(aan: str, onderwerp: str) -> EmailMessage:
        return next(m for m in mails if m["To"] == aan and m["Subject"].startswith(onderwerp)
                    and (m["Subject"].startswith("Uitnodiging") or ref in m["Subject"]))

    herinnering = next(m for m in mails if m["To"] == WC and "Brede intake voorbereiden" in m["Subject"])
    for tekst in teksten(herinnering):
        assert f"werkpad taak-afronden {voorbereiden.id}" in tekst
        assert "taak-afronden/afronden" in tekst and f"taak_id {voorbereiden.id}" in tekst
        assert f"werkpad taak-afronden {voorbereiden.deadline_id}" not in tekst
        # first: the task's page in werkpad web, a signed link for this addressee (never a BSN or a name)
        assert "Open de taak in werkpad web: " in tekst
        assert "999900183" not in tekst and "Mail Test" not in tekst
    link = web_link(teksten(herinnering)[0])
    assert teksten(herinnering)[0].index("Open de taak in werkpad web") < teksten(herinnering)[0].index("taak-afronden")
    assert link.startswith(f"{rt.settings.web.basis_url}/taak/{voorbereiden.id}?t=")
    gelezen = taaklink.lees(rt.settings.web_geheim(), unquote(link.split("?t=")[1]), max_dagen=14)
    assert gelezen.taak_id == voorbereiden.id and gelezen.geadresseerde == taaklink.kenmerk(rt.settings.web_geheim(), WC)
    assert herinnering["Reply-To"] is None

    consulent = [m for m in mails if m["To"] == CONSULENT]
    assert {m["Subject"].split(" ")[0] for m in consulent} >= {"Uitnodiging", "Herinnering"}
    for m in consulent:
        for tekst in teksten(m):
            assert not COMMAND.search(tekst), (m["Subject"], COMMAND.search(tekst))
            assert "Prefect" not in tekst and "antwoord" in tekst.lower()
        assert m["Reply-To"] == WC  # their reply reaches the werkcoach, who records it
    herinnering_consulent = next(m for m in consulent if m["Subject"].startswith("Herinnering"))
    assert f"/taak/{voeren.id}?t=" in web_link(teksten(herinnering_consulent)[0])

    uitnodiging_wc = van(WC, "Uitnodiging")
    assert f"werkpad brede-intake uitkomst {ref}" in teksten(uitnodiging_wc)[0]
    uitkomst_taak = taken["Uitkomst brede intake vastleggen"]
    assert f"/taak/{uitkomst_taak.id}?t=" in web_link(teksten(uitnodiging_wc)[0])  # the werkcoach's task, on the web
    assert "werkpad web" not in teksten(van(CONSULENT, "Uitnodiging"))[0]  # the consulent's invitation: no task
    assert "brede-intake-uitkomst/uitkomst-vastleggen" in teksten(uitnodiging_wc)[0]

    from tasks.sweep import plan_digests

    plan_digests(rt, nu=at("2026-11-26T07:30"))
    dispatch(rt, nu=at("2026-11-26T07:30"))
    digests = {m["To"]: teksten(m)[0] for m in read_folder(tmp_path / "mail") if m["Subject"].startswith("Werkvoorraad")}
    assert f"(taak {taken['Uitkomst brede intake vastleggen'].id})" in digests[WC] and "werkpad taak-afronden" in digests[WC]
    assert not COMMAND.search(digests[CONSULENT]) and "(taak " not in digests[CONSULENT]
    assert f"{rt.settings.web.basis_url}/werkvoorraad" in digests[WC] and "/werkvoorraad" not in digests[CONSULENT]

    escalatie = next(m for m in mails if m["Subject"].startswith("Verlopen") and "voeren" in m["Subject"])
    tekst = teksten(escalatie)[0]  # the teamleider (IJW) hears who records a consulent's task, and how
    assert f"werkpad taak-afronden {voeren.id}" in tekst and WC in tekst


def web_link(tekst: str) -> str:
    m = re.search(r"Open de taak in werkpad web: (\S+)", tekst)
    assert m, tekst
    return m.group(1)


def date_1980():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(1980, 1, 1)


@pytest.mark.parametrize(("soort", "zegt"), [("uitkeringsbesluit", "zodra de gemeente over de uitkering besluit"),
                                             ("zoektermijn", "er hoeft niets te worden vastgelegd")])
def test_a_legal_term_says_what_ends_it(soort: str, zegt: str) -> None:
    r = render("herinnering", {"referentie": "IJW-2026-000001", "omschrijving": "Termijn", "due": "2026-12-01",
                               "stap_label": "nog 1 werkdag", "grondslag": "Awb", "soort": soort, "deadline_id": 4,
                               "taak_id": None, "ontvanger_rol": "werkcoach", "eigenaar_rol": "werkcoach",
                               "werkcoach": WC})
    assert "taak-afronden" not in r.text and all(zegt in t.replace("\n", " ") for t in (r.text, r.html))
