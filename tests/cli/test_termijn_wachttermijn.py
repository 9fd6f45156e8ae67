"""Issue 20 item 17 at the `termijn` door: a waiting term names its end date (unchanged, also in --json) and says
that it is over when that day begins, with its last day."""

from __future__ import annotations

import json

from tests.cli.test_cli import invoke


def test_zoektermijn_says_its_last_day() -> None:
    r = invoke("termijn", "zoektermijn", "--vanaf", "2026-11-23")
    assert r.exit_code == 0, r.output
    assert "Einddatum: 2026-12-21 (voorbij zodra die dag begint; laatste dag 2026-12-20)" in r.output
    r = invoke("termijn", "zoektermijn", "--vanaf", "2026-11-23", "--json")
    assert json.loads(r.stdout)["einddatum"] == "2026-12-21" and "laatste" not in r.stdout  # the JSON is stable
    r = invoke("termijn", "bezwaar", "--vanaf", "2026-02-20")
    assert "Einddatum: 2026-04-07\n" in r.output  # a term to act within: its end date is its last day
