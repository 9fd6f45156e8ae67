"""werkpad web on the real stack (`werkpad up` on private ports), as a werkcoach uses it: the invitation in the mail
catcher carries the task's link; logging in by magic link; the task page shows the brede-intake form; submitting it
starts the deployment's run on the stack, which completes; the next task appears in Mijn werkvoorraad; the same
form again starts no second run."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from notifications.mailcatcher import read_folder
from tests.stack.test_stack import ROOT, Stack

WC = "wc.web@ijw.example"


@pytest.fixture()
def stack(tmp_path: Path) -> Iterator[Stack]:
    s = Stack(tmp_path)
    yield s
    s.stop()


def _tekst(m: Any) -> str:
    return str(m.get_body(("plain",)).get_content())


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, html[:1500]
    return m.group(1)


def _pad(url: str) -> str:
    d = urlsplit(url)
    return d.path + (f"?{d.query}" if d.query else "")


def test_a_werkcoach_records_the_brede_intake_outcome_from_the_mail(stack: Stack) -> None:
    stack.wait_for("werkpad draait", lambda: "werkpad draait" in stack.output(), 180)
    web = f"http://127.0.0.1:{stack.web_port}"
    assert f"Werkpad web         {web}" in stack.output()
    assert httpx.get(f"{web}/gezond").json() == {"status": "ok"}

    p = subprocess.run([sys.executable, "-m", "werkpad.cli", "aanmelden", "--gemeente", "velsen", "--bsn",
                        "999990019", "--geboortedatum", "1980-01-01", "--naam", "Web Proef", "--werkcoach", WC],
                       cwd=ROOT, env=stack.env, capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p
    ref = p.stdout.split()[0]

    def uitnodiging() -> Any:
        return next((m for m in read_folder(stack.data / "mail") if m["To"] == WC
                     and m["Subject"].startswith("Uitnodiging") and "werkpad web" in _tekst(m)), None)

    mail = stack.wait_for("the invitation with its web link", uitnodiging, 120)
    link = re.search(r"Open de taak in werkpad web: (\S+)", _tekst(mail)).group(1)  # type: ignore[union-attr]
    assert link.startswith(f"{web}/taak/") and "999990019" not in _tekst(mail) and "Web Proef" not in _tekst(mail)

    with httpx.Client(base_url=web, timeout=150) as c:
        r = c.get(_pad(link))  # not logged in yet: the login, and back to the task afterwards
        assert r.status_code == 401
        r = c.post("/inloggen", data={"csrf": _csrf(r.text), "email": WC})
        assert r.status_code == 200 and "Kijk in uw mail" in r.text

        def inlogmail() -> Any:
            return next((m for m in read_folder(stack.data / "mail") if m["To"] == WC
                         and m["Subject"] == "Inloggen bij werkpad web"), None)

        inlog = re.search(r"http://\S+/inloggen/link\S*", _tekst(stack.wait_for("the login mail", inlogmail, 30)))
        r = c.get(_pad(inlog.group(0)))  # type: ignore[union-attr]
        r = c.post("/inloggen/link", data={"csrf": _csrf(r.text), "token": r.text.split('name="token" value="')[1]
                                           .split('"')[0]}, follow_redirects=True)
        assert r.status_code == 200 and "Uitkomst brede intake vastleggen" in r.text and "Web Proef" in r.text
        assert 'name="advies"' in r.text and 'name="route"' in r.text and 'name="door"' not in r.text

        form = {"csrf": _csrf(r.text), "keuze": "0", "advies": "positief", "route": "traject",
                "plan_van_aanpak": "Trajectplan opstellen;werkcoach;2027-02-26"}
        r = c.post(_pad(link), data=form)
        assert r.status_code == 200 and "Vastgelegd" in r.text, r.text[-3000:]
        runs = [x for x in stack.flow_runs() if x["flow"] == "brede-intake-uitkomst"]
        assert len(runs) == 1 and runs[0]["state_type"] == "COMPLETED" and runs[0]["deployment_id"]
        assert "Web Proef" not in str(runs[0]["parameters"]) and runs[0]["parameters"]["door"] == WC

        r = c.get("/werkvoorraad")
        assert "Trajectplan opstellen" in r.text and ref in r.text

        r = c.post(_pad(link), data=form)  # the same form again: the link is used, no second run
        assert r.status_code == 410
        assert len([x for x in stack.flow_runs() if x["flow"] == "brede-intake-uitkomst"]) == 1
