from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from jinja2 import UndefinedError

from notifications import ics, smtp
from notifications.mailcatcher import read_folder
from notifications.render import render
from notifications.settings import MailSection


def ctx(**kw):  # type: ignore[no-untyped-def]
    base = {"referentie": "IJW-2026-000001", "omschrijving": "<script>x</script>", "due": "2026-12-01",
            "stap_label": "nog 1 werkdag", "grondslag": "Awb", "soort": "taak", "deadline_id": 7, "taak_id": 3,
            "ontvanger_rol": "werkcoach", "eigenaar_rol": "werkcoach", "werkcoach": "wc@ijw.example"}
    return {**base, **kw}


def test_html_is_autoescaped_text_is_not() -> None:
    r = render("herinnering", ctx())
    assert "&lt;script&gt;" in r.html and "<script>" not in r.html
    assert "<script>x</script>" in r.text
    assert r.subject.startswith("Herinnering IJW-2026-000001")
    assert "dinsdag 1 december 2026" in r.text


def test_missing_variable_is_an_error() -> None:
    c = ctx()
    del c["grondslag"]
    with pytest.raises(UndefinedError):
        render("herinnering", c)


def test_ics_parses_back() -> None:
    data = ics.uitnodiging(uid="brede-intake-IJW-2026-000001@test", start=datetime(2026, 11, 25, 9, 0),
                           duur_minuten=60, titel="Brede intake IJW-2026-000001", locatie="Stadhuis Velsen",
                           beschrijving="Brede intake", organisator="werkpad@ijw.example",
                           deelnemers=["wc@ijw.example", "c@velsen.example"], stamp=datetime(2026, 11, 23, tzinfo=UTC))
    cal = Calendar.from_ical(data)
    ev = next(iter(cal.walk("VEVENT")))
    assert str(cal["METHOD"]) == "REQUEST"
    assert ev.decoded("dtstart").isoformat() == "2026-11-25T09:00:00+01:00"
    assert (ev.decoded("dtend") - ev.decoded("dtstart")).seconds == 3600
    assert len(ev.get("attendee")) == 2
    assert list(cal.walk("VTIMEZONE"))


def test_message_goes_through_real_smtp_with_stable_message_id(mailbox, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = MailSection(smtp_port=mailbox.port)
    msg = smtp.build(render("herinnering", ctx()), to="wc@ijw.example", settings=settings,
                     idem_key="herinnering:IJW-2026-000001:1:2026-12-01:t-1", when=datetime(2026, 11, 30, tzinfo=UTC))
    mid = smtp.send(msg, settings)
    assert mid == "<herinnering.IJW-2026-000001.1.2026-12-01.t-1@werkpad.ijmondwerkt.nl>"
    got = read_folder(tmp_path / "mail")
    assert len(got) == 1 and got[0]["Message-ID"].strip() == mid
    assert {f.stat().st_mode & 0o777 for f in (tmp_path / "mail").glob("*.eml")} == {0o600}  # staff mail: owner-only
    assert got[0].get_body(("html",)) is not None and got[0].get_body(("plain",)) is not None


def test_escalation_says_which_reminders_went_or_that_none_did() -> None:
    geen = render("escalatie", ctx(eigenaar="wc@ijw.example", herinneringen=[]))
    assert "Er zijn geen herinneringen verstuurd." in geen.text and "Er zijn geen herinneringen verstuurd." in geen.html
    assert "heeft herinneringen ontvangen" not in geen.text
    twee = render("escalatie", ctx(eigenaar="wc@ijw.example", herinneringen=[
        {"label": "nog 5 werkdagen", "due": "2026-11-24", "verstuurd_op": datetime(2026, 11, 17, 7, 5)},
        {"label": "nog 1 werkdag", "due": "2026-12-01", "verstuurd_op": datetime(2026, 11, 30, 7, 5)}]))
    assert "De eigenaar kreeg 2 herinneringen:" in twee.text
    assert "nog 5 werkdagen, verstuurd dinsdag 17 november 2026 om 07:05 (toen uiterlijk dinsdag 24 november 2026)" \
        in twee.text  # sent before the deadline was moved
    assert "nog 1 werkdag, verstuurd maandag 30 november 2026 om 07:05\n" in twee.text.replace("\r", "")
    assert "geen herinneringen" not in twee.text


def test_toekenning_tijdens_zoektermijn_names_only_the_reference() -> None:
    r = render("toekenning_tijdens_zoektermijn", {"referentie": "IJW-2026-000001", "gemeente": "Velsen",
                                                  "zoektermijn_einde": "2026-12-21",
                                                  "grondslag": "Participatiewet art. 41 lid 4"})
    assert r.subject == "IJW-2026-000001: uitkering toegekend tijdens de zoektermijn"
    assert "maandag 21 december 2026" in r.text and "maandag 21 december 2026" in r.html


def test_a_long_subject_with_a_dash_arrives_as_written() -> None:
    """Folding at 78 columns put a second space before the '–' (or a space before the subject)."""
    from email import message_from_bytes
    from email import policy as email_policy

    from notifications.render import Rendered
    from notifications.settings import MailSection
    from notifications.smtp import build

    for n in range(1, 120):
        subject = "Verlopen IJW-2026-000001: " + "x" * n + " – verlopen"
        msg = build(Rendered(subject=subject, text="x", html="<p>x</p>"), to="wc@ijw.example", settings=MailSection(),
                    idem_key="k", when=datetime(2026, 11, 24, tzinfo=UTC))
        assert message_from_bytes(msg.as_bytes(), policy=email_policy.default)["Subject"] == subject


def test_subjects_are_one_line_with_single_spaces_and_ascii_separators() -> None:
    """'…vastleggen  – morgen': the '–' became an encoded word between two spaces, which some readers
    show doubled. Subjects of ASCII data are ASCII now, and whitespace in the data is collapsed."""
    from email import message_from_bytes

    from notifications.smtp import build

    for key, c in [("herinnering", ctx(omschrijving="Uitkomst brede  intake vastleggen")),
                   ("escalatie", ctx(omschrijving="Uitkomst brede intake vastleggen", eigenaar="wc@ijw.example",
                                     herinneringen=[])),
                   ("uitnodiging_brede_intake", {"referentie": "IJW-2026-000001", "moment": "2026-11-25T09:00:00",
                                                 "gemeente": "Velsen", "duur": 60, "locatie": "Stadhuis",
                                                 "werkcoach": "wc@ijw.example", "termijn_omschrijving": "Zoektermijn",
                                                 "termijn_einde": "2026-12-21", "termijn_grondslag": "Pw",
                                                 "ontvanger_rol": "werkcoach"})]:
        r = render(key, c)
        assert "  " not in r.subject and r.subject.isascii(), r.subject
        raw = build(r, to="wc@ijw.example", settings=MailSection(), idem_key="k",
                    when=datetime(2026, 11, 24, tzinfo=UTC)).as_bytes()
        assert b"=?" not in raw.split(b"\n\n")[0] and message_from_bytes(raw)["Subject"] == r.subject
    assert render("herinnering", ctx(omschrijving="Uitkomst brede intake vastleggen")).subject == \
        "Herinnering IJW-2026-000001 (nog 1 werkdag): Uitkomst brede intake vastleggen"


def test_no_full_stop_after_text_that_ends_in_punctuation() -> None:
    r = render("herinnering", ctx(grondslag="Werkafspraak IJmond Werkt!", omschrijving="Bellen?"))
    for tekst in (r.text, r.html):
        assert "Werkt!." not in tekst and "Werkafspraak IJmond Werkt!" in tekst and "Bellen?." not in tekst
    assert "Grondslag: Awb." in render("herinnering", ctx()).text


def test_the_escalation_does_not_tell_the_teamleider_to_move_the_deadline() -> None:
    esc = render("escalatie", ctx(eigenaar="wc@ijw.example", herinneringen=[]))
    her = render("herinnering", ctx())
    for tekst in (esc.text, esc.html):
        assert "deadline-verplaatsen" not in tekst and "Lukt het niet op tijd" not in tekst
        assert "werkpad taak-afronden 3" in tekst  # how to record it is still there
    assert "werkpad deadline-verplaatsen 7 --naar" in her.text and "deadline-verplaatsen 7" in her.html


def test_the_consulents_invitation_points_to_the_gemeentes_own_system() -> None:
    c = {"referentie": "IJW-2026-000001", "moment": "2026-11-25T09:00:00", "gemeente": "Velsen", "duur": 60,
         "locatie": "Stadhuis", "werkcoach": "wc@ijw.example", "termijn_omschrijving": "Zoektermijn",
         "termijn_einde": "2026-12-21", "termijn_grondslag": "Pw"}
    consulent = render("uitnodiging_brede_intake", {**c, "ontvanger_rol": "consulent"})
    werkcoach = render("uitnodiging_brede_intake", {**c, "ontvanger_rol": "werkcoach"})
    for tekst in (consulent.text, consulent.html):
        assert "dossier van" not in tekst and "in het systeem van de gemeente: de zaak heeft daar kenmerk " \
            "IJW-2026-000001" in " ".join(tekst.split())
    assert "dossier van IJW-2026-000001" in werkcoach.text and "dossier van IJW-2026-000001" in werkcoach.html


def test_uitkering_afgewezen_names_only_the_reference() -> None:
    r = render("uitkering_afgewezen", {"referentie": "IJW-2026-000001", "gemeente": "Velsen"})
    assert r.subject == "IJW-2026-000001: uitkering afgewezen, traject afgesloten"
    assert "afgewezen" in r.text and "afgewezen" in r.html and "Beste werkcoach" in r.text
