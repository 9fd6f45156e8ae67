"""What every werkpad command shares: one-line Dutch errors, input parsing, the settings of this
invocation and the runtime. The process sub-apps (`werkpad/cli_<proces>.py`) and the main CLI
import from here; nothing here imports Prefect."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from domain.invoer import beschrijf_validatiefout, parse_moment
from domain.invoer import parse_datum as _parse_datum
from werkpad.settings import Settings, beschrijf, configure_prefect, prefect_api_url

# One line stays one line when the output goes to a file or a script (not a terminal): no wrapping at 80 columns.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# -- typer's and click's own words, in Dutch: here, once, for every werkpad command -------------
TYPEN = {"str": "tekst", "path": "pad", "int": "getal", "float": "getal", "datetime": "datum", "file": "bestand",
         "dir": "map", "bool": ""}  # a flag needs no type
WOORDEN = {"[OPTIONS]": "[OPTIES]", "COMMAND [ARGS]...": "COMMANDO [ARGUMENTEN]..."}
HULP = "Toon deze hulp en stop."


def _nederlandse_hulp() -> None:
    """`--help` and click's usage errors speak Dutch (issue 19): typer keeps its panel titles and
    notes as module constants in rich_utils, click writes "Usage: " and "Show this message and exit."
    itself. Patched once, when the first werkpad command module is imported; nothing else changes."""
    import re

    from typer import core as typer_core
    from typer import rich_utils
    from typer._click import core as click_core
    from typer._click import formatting

    if getattr(rich_utils, "_werkpad_nl", False):
        return
    rich_utils._werkpad_nl = True  # type: ignore[attr-defined]
    for naam, tekst in {"DEPRECATED_STRING": "(verouderd) ", "DEFAULT_STRING": "[standaard: {}]",
                        "ENVVAR_STRING": "[omgevingsvariabele: {}]", "REQUIRED_LONG_STRING": "[verplicht]",
                        "ARGUMENTS_PANEL_TITLE": "Argumenten", "OPTIONS_PANEL_TITLE": "Opties",
                        "COMMANDS_PANEL_TITLE": "Commando's", "ERRORS_PANEL_TITLE": "Fout",
                        "ABORTED_TEXT": "Afgebroken.", "RICH_HELP": "Zie [blue]'{command_path} {help_option}'[/]."}.items():
        setattr(rich_utils, naam, tekst)
    rich_utils.OptionHighlighter.highlights = [h.replace("Usage: ", "Gebruik: ")
                                               for h in rich_utils.OptionHighlighter.highlights]

    schrijf_gebruik = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for en, nl in WOORDEN.items():
            args = args.replace(en, nl)
        schrijf_gebruik(self, prog, args, "Gebruik: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]

    hulp_optie = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        optie = hulp_optie(self, ctx)
        if optie is not None:
            optie.help = HULP
        return optie

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    for klasse in (typer_core.TyperArgument, typer_core.TyperOption):
        def display_type_rich(self: Any, ctx: Any, _orig: Any = klasse.display_type_rich) -> str | None:
            label = _orig(self, ctx)
            if not isinstance(label, str) or not (m := re.fullmatch(r"<([a-z]+)>(\.\.\.)?", label)):
                return label  # a metavar the command chose, or choices
            nl = TYPEN.get(m.group(1), m.group(1))
            return f"<{nl}>{m.group(2) or ''}" if nl else None

        klasse.display_type_rich = display_type_rich  # type: ignore[method-assign]

    def rich_format_error(self: Any) -> None:  # CliRunner and standalone mode: the line `werkpad` prints
        if type(self).__name__ == "NoArgsIsHelpError":
            return
        from werkpad.cli import gebruiksfout

        fout = gebruiksfout(self) if isinstance(self, click_exceptions().UsageError) else self.format_message()
        err.print(f"[bold red]Fout:[/] {escape(fout)}", highlight=False, soft_wrap=True)

    rich_utils.rich_format_error = rich_format_error


def click_exceptions() -> Any:
    from typer._click import exceptions

    return exceptions


_nederlandse_hulp()


def fail(msg: str, code: int = 1) -> NoReturn:
    """One `Fout:` line. `msg` is rich markup: a caller passing text it did not write escapes it
    (guarded and runtime below do: "[velsen]" in a config error would otherwise vanish)."""
    err.print(f"[bold red]Fout:[/] {msg}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


# Ids are declared as text and parsed here: click reads "-1" as an unknown option
# ("No such option: -1") and lets 99999999999999999999 through to the database.
ID_ARGUMENT = {"ignore_unknown_options": True}


def parse_datum(value: str, veld: str, vroegst: date | None = None, laatst: date | None = None) -> date:
    d: date = guarded(lambda: _parse_datum(value, veld, vroegst=vroegst, laatst=laatst))
    return d


# A moved clock may be a few minutes ahead of this machine's (the --nu typed a moment ago).
KLOK_VOORLOOP = timedelta(minutes=5)


def parse_nu(value: str | None, *, niet_vooruit: bool = False) -> datetime | None:
    """The demo/test clock: Europe/Amsterdam wall time unless an offset is given.

    Only in omgeving ontwikkeling or with WERKPAD_TESTKLOK=1 (which production refuses, see
    tasks/settings.py): in production the real time holds,
    or a reminder could be marked as sent before its day. `niet_vooruit` is for commands whose
    effect is real and once-only (the management mail, a historical import): there the clock may
    go back but not ahead of the real time, unless the test clock is on, or a period that has not
    ended would be mailed and its send-once key used up."""
    if value is None:
        return None
    from domain.herinneringen import TZ, lokaal_naar_utc
    from tasks.settings import Omgeving

    s = settings()
    if not (s.testklok or s.omgeving is Omgeving.ontwikkeling):
        fail(f"--nu is alleen voor ontwikkeling, demo en test (omgeving ontwikkeling, of een teststack met "
             f"WERKPAD_TESTKLOK=1); in omgeving '{s.omgeving.value}' geldt de echte tijd. Laat --nu weg.")
    echt = datetime.now(TZ)
    d: datetime = guarded(lambda: parse_moment(value, "--nu", echte_nu=echt))
    moment = lokaal_naar_utc(d) if d.tzinfo is None else d.astimezone(UTC)
    if niet_vooruit and not s.testklok and moment - echt > KLOK_VOORLOOP:
        fail(f"--nu {escape(value.strip()[:30])} ligt na de echte tijd; dit commando heeft een echt en eenmalig gevolg, dus de "
             "klok mag hier niet vooruit.")
    return moment


def keuze(enum: Any, value: str, veld: str) -> Any:
    try:
        return enum(value.strip().lower())
    except ValueError:
        fail(f"{veld} '{escape(value[:40])}' is onbekend; kies uit {', '.join(e.value for e in enum)}.")


_settings: Settings | None = None


def reset_settings() -> None:
    global _settings
    _settings = None  # each invocation (tests run several in one process) reads the settings afresh


def settings() -> Settings:
    """The one settings object of this invocation, built on first use; a bad one is one Dutch line.

    Prefect, which reads only its own variables, is pointed at werkpad's server, home and
    logging config here; werkpad's own settings are passed as this object, never via os.environ."""
    global _settings
    if _settings is None:
        try:
            s = Settings()
        except ValidationError as exc:
            fail(escape(beschrijf(exc)))
        configure_prefect(s)
        _settings = s
    return _settings


def _verwachte_fouten() -> tuple[type[BaseException], ...]:
    from domain.errors import DomainError
    from integrations.gemeente.errors import GemeenteError

    fouten: list[type[BaseException]] = [DomainError, GemeenteError]
    dispatch = sys.modules.get("tasks.dispatch")  # only loaded (with Prefect) by commands that run a flow
    if dispatch is not None:
        fouten.append(dispatch.DispatchUitgesteld)
    return tuple(fouten)


def guarded(fn: Callable[[], Any]) -> Any:
    """Turn the errors a user can cause or meet into one line and a non-zero exit."""
    from domain.bsn import maskeer_bsns

    try:
        return fn()
    except typer.Exit:
        raise
    except ValidationError as exc:  # pydantic validation of typed input: say which field and why
        fail(escape(beschrijf_validatiefout(exc)))
    except _verwachte_fouten() as exc:
        fail(escape(maskeer_bsns(str(exc))))
    except (ValueError, OverflowError) as exc:
        regel = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        fail(escape(f"Ongeldige invoer: {maskeer_bsns(regel)}"))
    except Exception as exc:  # a bug, not the user's input: still no traceback, and nothing personal
        regel = str(exc).splitlines()[0][:200] if str(exc) else ""
        fail(escape(f"Onverwachte fout ({type(exc).__name__}: {maskeer_bsns(regel)}); er is niets half opgeslagen, "
                    "meld dit bij beheer."))


# -- files a command writes (--uit) ------------------------------------------------------------
UIT_HELP = "Bestand (standaard in de map documenten van de datamap); een bestaand bestand alleen met --overschrijf"
OVERSCHRIJF_HELP = "Overschrijf een bestaand bestand bij --uit"


def uitvoerbestand(s: Settings, uit: Path | None, standaard: str, *, overschrijf: bool = False) -> tuple[Path, bool]:
    """Where a command with `--uit` writes, and whether it may replace what is there.

    Without --uit: the data folder's private `documenten` map (0700), never the current directory
    (a git checkout would otherwise collect letters with names and addresses); werkpad's own file
    there is replaced. With --uit an existing file is never replaced without --overschrijf (a typo
    such as `--uit .werkpad/werkpad.db` would destroy the case store), and the case store's own
    SQLite file never. The check is made again when the file is opened (schrijf_prive)."""
    if uit is None:
        from casestore.db import private_dir

        map_ = guarded(lambda: private_dir(s.data_dir / "documenten"))
        os.chmod(map_, 0o700)
        return Path(map_) / standaard, True
    pad = uit / standaard if uit.is_dir() else uit
    if not pad.parent.is_dir():
        fail(f"--uit: map {escape(str(pad.parent))} bestaat niet.")
    store = s.casestore.url
    doel = pad.resolve()
    if store.startswith("sqlite:///"):  # the store and its journal files (-wal, -shm, -journal): never
        db = Path(store.removeprefix("sqlite:///")).resolve()
        if doel in {db, *(db.with_name(db.name + x) for x in ("-wal", "-shm", "-journal"))}:
            fail(f"--uit {escape(str(pad))} is (een deel van) de case store zelf; kies een ander bestand.")
    data = Path(s.data_dir).resolve()
    if doel.is_relative_to(data) and not doel.is_relative_to(data / "documenten"):
        fail(f"--uit {escape(str(pad))} ligt in de datamap van werkpad (case store, mail, logs, Prefect); kies een "
             "bestand daarbuiten.")
    if (pad.exists() or pad.is_symlink()) and not overschrijf:
        fail(f"--uit: {escape(str(pad))} bestaat al; kies een ander bestand of geef --overschrijf.")
    return pad, overschrijf


def schrijf_prive(pad: Path, inhoud: bytes, *, overschrijf: bool) -> Path:
    """Write a file only its owner can read (0600): it carries name and address. Without
    `overschrijf` the file must be new (O_EXCL: also no symlink followed), checked as it is opened."""
    vlaggen = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overschrijf else os.O_EXCL)
    try:
        fd = os.open(pad, vlaggen, 0o600)
    except FileExistsError:
        fail(f"--uit: {escape(str(pad))} bestaat al; kies een ander bestand of geef --overschrijf.")
    except IsADirectoryError:
        fail(f"--uit: {escape(str(pad))} is een map; geef een bestandsnaam.")
    except OSError as exc:
        fail(f"--uit: {escape(str(pad))} is niet te schrijven ({exc.strerror or type(exc).__name__}).")
    try:
        os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        os.write(fd, inhoud)
    except OSError as exc:
        fail(f"--uit: {escape(str(pad))} is niet volledig geschreven ({exc.strerror or type(exc).__name__}).")
    finally:
        os.close(fd)
    return pad.resolve()


def require_prefect(s: Settings) -> None:
    import httpx  # here: commands that only read the store never need it

    url = prefect_api_url(s)
    try:
        httpx.get(f"{url}/health", timeout=3).raise_for_status()
    except httpx.HTTPError:
        fail(f"Prefect-server niet bereikbaar op {url}. Start eerst de stack: ./run")


def runtime() -> Any:
    """The runtime of this process, built once from this invocation's settings (unless a test or
    the stack configured one). A store on an older schema is refused, never migrated here."""
    from casestore.db import SchemaNietBijgewerkt
    from tasks import runtime as rt

    if not rt.configured():
        s = settings()

        def bouw() -> Any:
            try:
                return rt.build_runtime(s)
            except (SchemaNietBijgewerkt, ValueError) as exc:  # the schema, a configuration file
                fail(escape(str(exc)))

        rt.configure(guarded(bouw))
    return rt.get()
