"""`--help` and click's usage errors are Dutch throughout (issue 19 point 9): none of typer's or
click's own English boilerplate reaches the user."""

from __future__ import annotations

import pytest

from werkpad.cli import main

ENGELS = ("Usage:", "Options", "Show this message and exit.", "Commands", "Arguments", "Missing option",
          "No such option", "No such command", "Error", "[required]", "[default:", "<str>", "<bool>", "<path>", "<int>",
          "[OPTIONS]", "COMMAND [ARGS]", "Try ")


@pytest.mark.parametrize("args", [["--help"], ["maatregel", "--help"], ["maatregel", "concept", "--help"],
                                  ["aanmelden", "--help"], ["taak-afronden", "--help"], ["case", "show", "--help"],
                                  ["rapport", "--help"], ["termijn", "--help"]])
def test_help_has_no_english_boilerplate(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 0
    tekst = capsys.readouterr().out
    assert "Gebruik: werkpad" in tekst and "Opties" in tekst and "Toon deze hulp en stop." in tekst
    assert [w for w in ENGELS if w in tekst] == []


@pytest.mark.parametrize(("args", "regel"), [
    (["aanmelden", "--gemeente", "velsen"], "Fout: Optie --bsn ontbreekt (zie werkpad aanmelden --help)."),
    (["case", "show", "--foo"], "Fout: Onbekende optie --foo (zie werkpad case show --help)."),
    (["bestaatniet"], "Fout: Onbekend commando 'bestaatniet' (zie werkpad --help)."),
])
def test_usage_errors_are_one_dutch_line_also_in_standalone_mode(args: list[str], regel: str) -> None:
    """`werkpad` (main) and typer's standalone mode (CliRunner, `python -m typer`) print the same line."""
    from typer.testing import CliRunner

    from werkpad.cli import app

    r = CliRunner().invoke(app, args, prog_name="werkpad")
    assert r.exit_code != 0 and r.output == regel + "\n"
    assert [w for w in ENGELS if w in r.output] == []
