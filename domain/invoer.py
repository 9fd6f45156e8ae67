"""Input rules for every door into werkpad (CLI, Prefect forms, partner answers).

Pure functions: each returns the cleaned value or raises OngeldigeInvoer with one Dutch
line that says which field is wrong and why. Values that may be personal data (a BSN typed
in the wrong field, a name) are never echoed back in a message.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from dateutil.relativedelta import relativedelta
from pydantic import BeforeValidator, Field, ValidationError

from domain.bsn import BSN_ACHTIG, BSN_ACHTIG_PATROON, bevat_bsn_achtig
from domain.errors import DomainError


class OngeldigeInvoer(DomainError):
    pass


# ASCII digits only: `str.isdigit()` and `\d` also accept Arabic-Indic, fullwidth and superscript digits.
REFERENTIE_PATROON = r"^IJW-[0-9]{4}-[0-9]{6}$"
DB_INT_MAX = 2**31 - 1  # INTEGER primary keys on PostgreSQL; SQLite overflows at 2**63
NAAM_MAX = 100
TEKST_MAX = 200
DOOR_MAX = 100
EMAIL_MAX = 200  # the column width in the case store
GEBOORTE_VROEGST = date(1900, 1, 1)
TERMIJN_VROEGST, TERMIJN_LAATST = date(1900, 1, 1), date(2100, 12, 31)
PLANNING_JAREN = 2  # action deadlines and moved deadlines: at most two calendar years ahead
KLOK_MARGE_CLI = timedelta(days=5 * 366)  # demo/test clock (--nu): plausible, never year 0001 or 9999

# Typed flow parameters. Prefect turns these into the deployment's parameter schema, and the
# server validates a run against it before creating it: a BSN typed into a `referentie`
# field is refused before it reaches a run name, the parameters, an event or a log.
# A door's typed reference may be in lower case ("ijw-2026-000123"), as parse_referentie always took it.
Referentie = Annotated[str, Field(pattern=REFERENTIE_PATROON, description="Trajectnummer, bijv. IJW-2026-000123"),
                       BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v)]
# The forms' patterns (JSON-schema `pattern`, refused by the Prefect server before a run exists)
# apply the same rules as the step's checks below, from the same definitions: the BSN-like rule
# of domain/bsn.py, and the characters controleer_tekst refuses. They are Python regexes, compiled:
# the server evaluates a schema pattern with Python's `re` (jsonschema's `pattern` is
# `re.search`; the UI posts its forms to /ui/schemas/validate), and pydantic uses `re` for a
# compiled pattern (its Rust engine has no lookaround). Anchored with `^…$` plus "no line break
# at all": in `re`, `$` also matches before a final "\n".
_GEEN_REGELEINDE_GEEN_BSN = rf"(?!.*\n)(?!.*?{BSN_ACHTIG_PATROON})"


def formulier_patroon(kern: str) -> re.Pattern[str]:
    """A form field's pattern: `kern` for the whole value, no line break, no BSN-like number."""
    return re.compile(rf"^{_GEEN_REGELEINDE_GEEN_BSN}(?:{kern})$")


# Who records something: an e-mail address or a role word. Starts with a letter, and no BSN-like
# number anywhere (bare, in groups, or inside an address): refused by the server before the run
# exists, instead of failing inside it. The step (controleer_door) checks the rest.
_DOOR_TEKEN = r"[^\x00-\x1f\x7f<>]"
DOOR_PATROON = formulier_patroon(rf"[A-Za-zÀ-ÖØ-öø-ÿ]{_DOOR_TEKEN}*")
Door = Annotated[str, Field(min_length=2, max_length=DOOR_MAX, pattern=DOOR_PATROON,
                            description="Wie legt vast: e-mailadres of rol (werkcoach, consulent, teamleider)")]


# Free text in a form (a reason, an action), exactly what controleer_tekst accepts (apart from the
# lengths, which the check counts after collapsing whitespace): one line — no control characters
# (Cc), no line or paragraph separators (Zl, Zp), no invisible format characters (Cf: bidi
# overrides, zero-width, tags) — no `<` or `>`, no digits of another script than 0-9, and no
# BSN-like number: a BSN typed into a reason would be stored in Prefect's parameters, events and
# artifacts and reach the gemeente. _OPMAAK is Unicode's Cf (Python 3.11: Unicode 14), checked
# against unicodedata by a test.
_OPMAAK = ("\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u180e\\u200b-\\u200f\\u202a-\\u202e"
           "\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\U000110bd\\U000110cd\\U00013430-\\U00013438"
           "\\U0001bca0-\\U0001bca3\\U0001d173-\\U0001d17a\\U000e0001\\U000e0020-\\U000e007f")
_VERBODEN_TEKENS = rf"\x00-\x1f\x7f-\x9f\u2028\u2029{_OPMAAK}<>"
_TEKST_TEKEN = rf"(?:[0-9]|(?!\d)[^{_VERBODEN_TEKENS}])"  # \d: any Nd digit; only 0-9 may stand
TEKST_PATROON = formulier_patroon(rf"{_TEKST_TEKEN}*")
NEGEN_CIJFERS = BSN_ACHTIG  # the BSN-like rule (domain/bsn.py), under the name its callers know


# The form type for free text (a reason, a toelichting): 5-200 characters, one line, no BSN-like
# number; each form adds its own description with Annotated[VrijeTekst, Field(description=…)].
VrijeTekst = Annotated[str, Field(min_length=5, max_length=200, pattern=TEKST_PATROON)]
# An e-mail address in a form (a jobcoach, an action's owner): the shape of an address and no
# BSN-like number, so a BSN typed into it is refused before the run exists. The step checks it
# again with email-validator (controleer_email, the same BSN rule).
_ADRES_TEKEN = r"[^@\s\x00-\x1f\x7f<>]"
ADRES_ZONDER_ANKERS = rf"{_ADRES_TEKEN}+@{_ADRES_TEKEN}+\.{_ADRES_TEKEN}+"  # for formulier_patroon(…) with more
ADRES_PATROON = formulier_patroon(ADRES_ZONDER_ANKERS)
EmailAdres = Annotated[str, Field(min_length=3, max_length=200, pattern=ADRES_PATROON)]
# A date in a form: the server ignores `format: date`, so a pattern refuses "morgen" before a run exists.
# Month 01-12 and day 01-31 already at the server; a day that does not exist in its month
# (2026-02-30) is still refused in the run, by pydantic.
FormDatum = Annotated[date, Field(json_schema_extra={
    "pattern": r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"},
                                  description="JJJJ-MM-DD")]


# A moment in a form (an appointment): local wall time (Europe/Amsterdam) as text of one shape, not a
# date-time picker whose time zone nobody checks. A day that does not exist is refused by parse_moment_lokaal.
MOMENT_PATROON = r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]) (?:[01][0-9]|2[0-3]):[0-5][0-9]$"


def parse_moment_lokaal(value: str | None, veld: str) -> datetime:
    """'2026-12-01 10:00' (Europe/Amsterdam wall time) -> a naive datetime in that wall time."""
    raw = (value or "").strip()
    if not raw.isascii() or not re.fullmatch(MOMENT_PATROON, raw):
        raise OngeldigeInvoer(f"{veld} '{raw[:20]}' is geen geldig tijdstip; gebruik JJJJ-MM-DD UU:MM, bijvoorbeeld "
                              "2026-12-01 10:00.")
    try:
        return datetime.strptime(raw, "%Y-%m-%d %H:%M")
    except ValueError:
        raise OngeldigeInvoer(f"{veld} '{raw}' is geen geldig tijdstip: die dag bestaat niet.") from None


def planning_grens(vandaag: date) -> date:
    """The last day an action deadline or a moved deadline may fall on: exactly two calendar years
    from today (24 November 2026 -> 24 November 2028; 29 February -> 28 February), not 2 x 366 days,
    which let a date one or two days past the promised limit through."""
    grens: date = vandaag + relativedelta(years=PLANNING_JAREN)
    return grens


def _stuurtekens(value: str) -> bool:
    """Control characters (CR, LF, NUL, ESC, ...) and line/paragraph separators."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value)


def _opmaaktekens(value: str) -> bool:
    """Invisible format characters: bidi overrides (U+202E turns text around in a mail), zero-width."""
    return any(unicodedata.category(c) == "Cf" for c in value)


def _ascii_cijfers(value: str, lengte: str) -> bool:
    return re.fullmatch(f"[0-9]{{{lengte}}}", value) is not None


def parse_referentie(value: str | None) -> str:
    """A traject reference; lower case is accepted and normalised (`ijw-2026-000001`)."""
    raw = (value or "").strip().upper()
    if not re.fullmatch(REFERENTIE_PATROON, raw):
        raise OngeldigeInvoer("Dit is geen trajectnummer: gebruik de vorm IJW-JJJJ-NNNNNN, bijvoorbeeld IJW-2026-000123.")
    return raw


def parse_id(value: str | None, wat: str) -> int:
    """A database id typed by a person: a positive whole number that fits the column."""
    raw = (value or "").strip()
    if not _ascii_cijfers(raw, "1,10") or not 1 <= int(raw) <= DB_INT_MAX:
        raise OngeldigeInvoer(f"{wat} '{raw[:20]}' is geen geldig nummer: gebruik een positief geheel getal "
                              f"(1 t/m {DB_INT_MAX}).")
    return int(raw)


def parse_datum(value: str | None, veld: str, *, vroegst: date | None = None, laatst: date | None = None) -> date:
    raw = (value or "").strip()
    if not raw.isascii() or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        raise OngeldigeInvoer(f"{veld} '{raw[:20]}' is geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2026-11-23.")
    try:
        d = date.fromisoformat(raw)
    except ValueError:
        raise OngeldigeInvoer(f"{veld} '{raw}' is geen geldige datum: die dag bestaat niet.") from None
    controleer_venster(d, veld, vroegst=vroegst, laatst=laatst)
    return d


def controleer_venster(d: date, veld: str, *, vroegst: date | None = None, laatst: date | None = None) -> date:
    if vroegst is not None and d < vroegst:
        raise OngeldigeInvoer(f"{veld} {d.isoformat()} ligt te ver terug; vroegst mogelijk is {vroegst.isoformat()}.")
    if laatst is not None and d > laatst:
        raise OngeldigeInvoer(f"{veld} {d.isoformat()} ligt te ver vooruit; uiterlijk mogelijk is {laatst.isoformat()}.")
    return d


def parse_moment(value: str, veld: str, *, echte_nu: datetime, marge: timedelta = KLOK_MARGE_CLI) -> datetime:
    """A wall-clock time typed for the demo/test clock; naive (Europe/Amsterdam) unless it has an offset.

    Refused when it is further than `marge` from the real time: date arithmetic on year 9999 or
    0001 overflows, and a clock decades off would send every reminder at once."""
    raw = (value or "").strip()
    fout = f"{veld} '{raw[:30]}' is geen geldig tijdstip; gebruik bijvoorbeeld 2026-11-23T09:00."
    if not raw.isascii() or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.+\-Z]*)?", raw):
        raise OngeldigeInvoer(fout)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise OngeldigeInvoer(fout) from None
    vergelijk = echte_nu if moment.tzinfo is not None else echte_nu.replace(tzinfo=None)
    if abs(moment - vergelijk) > marge:
        jaren = marge.days // 366
        raise OngeldigeInvoer(f"{veld} {raw} ligt meer dan {jaren} jaar van de echte tijd af; "
                              "een verschoven klok is voor demo en test, niet voor een ander tijdperk.")
    return moment


def controleer_naam(value: str | None) -> str:
    """A person's name: letters, spaces and the usual punctuation; no markup, no line breaks."""
    naam = " ".join((value or "").split()) if not _stuurtekens(value or "") else None
    if naam is None:
        raise OngeldigeInvoer("Naam bevat stuurtekens (zoals een regeleinde); geef de naam op één regel.")
    if not naam:
        raise OngeldigeInvoer("Naam ontbreekt.")
    if len(naam) > NAAM_MAX:
        raise OngeldigeInvoer(f"Naam is te lang ({len(naam)} tekens); hoogstens {NAAM_MAX}.")
    if any(c in naam for c in "<>{}[]\\|@#$%^*=_~`\""):
        raise OngeldigeInvoer("Naam bevat tekens die in een naam niet horen (zoals < > @ { }); geef alleen de naam.")
    if not any(c.isalpha() for c in naam):
        raise OngeldigeInvoer("Naam moet letters bevatten.")
    if bevat_bsn_achtig(naam):  # the one BSN rule (domain/bsn.py), at this door too (found in the issue-19 trial)
        raise OngeldigeInvoer("Naam bevat negen cijfers op een rij (een BSN?); geef alleen de naam.")
    if any(unicodedata.category(c) == "Cf" for c in naam):
        raise OngeldigeInvoer("Naam bevat onzichtbare opmaaktekens; typ de naam opnieuw.")
    return naam


def controleer_tekst(value: str | None, veld: str, *, min_len: int = 1, max_len: int = TEKST_MAX) -> str:
    """Free text (a reason, an action): one line, within limits. Staff must not put personal data in it."""
    raw = value or ""
    if _stuurtekens(raw):
        raise OngeldigeInvoer(f"{veld} bevat stuurtekens (zoals een regeleinde); gebruik één regel tekst.")
    if _opmaaktekens(raw):
        raise OngeldigeInvoer(f"{veld} bevat onzichtbare opmaaktekens (zoals U+202E); typ de tekst gewoon.")
    tekst = " ".join(raw.split())  # the BSN-like rule counts a whitespace run as one: the same answer on raw
    if bevat_bsn_achtig(tekst):  # before the other-script digits: nine of them are a BSN too (never echoed)
        raise OngeldigeInvoer(f"{veld} bevat een reeks van negen cijfers (een BSN?); laat persoonsgegevens weg, of "
                              "scheid getallen met een woord (zoals '7-12-2026 om 9:30').")
    if any(unicodedata.category(c) == "Nd" and not "0" <= c <= "9" for c in tekst):
        raise OngeldigeInvoer(f"{veld} bevat cijfers uit een ander schrift (zoals ９); gebruik gewone cijfers 0-9.")
    if "<" in tekst or ">" in tekst:
        raise OngeldigeInvoer(f"{veld} bevat < of >; gebruik gewone tekst zonder opmaak.")
    if len(tekst) < min_len:
        raise OngeldigeInvoer(f"{veld} ontbreekt of is te kort (minstens {min_len} tekens)."
                              if tekst else f"{veld} ontbreekt.")
    if len(tekst) > max_len:
        raise OngeldigeInvoer(f"{veld} is te lang ({len(tekst)} tekens); hoogstens {max_len}.")
    return tekst


def controleer_email(value: str | None, veld: str) -> str:
    """One deliverable-looking address (syntax only: no DNS), normalised to lower case.

    email-validator refuses CR/LF, display names, a second address and domains without a dot."""
    raw = (value or "").strip()
    if _stuurtekens(raw) or _opmaaktekens(raw) or "," in raw or ";" in raw:
        raise OngeldigeInvoer(f"{veld} moet precies één e-mailadres zijn, zonder regeleinden, komma's of puntkomma's.")
    if not raw:
        raise OngeldigeInvoer(f"{veld} ontbreekt.")
    if len(raw) > EMAIL_MAX:
        raise OngeldigeInvoer(f"{veld} is te lang voor een e-mailadres.")
    if bevat_bsn_achtig(raw):  # never echoed: it may be a BSN
        raise OngeldigeInvoer(f"{veld} bevat een reeks van negen cijfers (een BSN?); gebruik het e-mailadres van "
                              "de medewerker.")
    from email_validator import EmailNotValidError, validate_email  # here: most commands read no address

    try:
        res = validate_email(raw, check_deliverability=False, allow_display_name=False, allow_quoted_local=False,
                             allow_domain_literal=False)
    except EmailNotValidError:
        raise OngeldigeInvoer(f"{veld} '{raw[:60]}' is geen geldig e-mailadres (bijvoorbeeld naam@ijmondwerkt.nl).") \
            from None
    if "." not in res.domain:
        raise OngeldigeInvoer(f"{veld} '{raw[:60]}' heeft geen volledig domein (bijvoorbeeld naam@ijmondwerkt.nl).")
    return res.normalized.lower()


FORMULIER_DOOR = "Het veld door"  # the `door` field of a deployment form, in messages from inside a flow
ROLLEN = ("werkcoach", "consulent", "teamleider", "gemeente", "cli", "demo")


def controleer_door(value: str | None, veld: str = "--door") -> str:
    """Who records something: an e-mail address or a role (audit `actor`).

    `veld` names the field in the message: the CLI option, or a form's field when a flow checks
    a value typed into the Prefect UI (where there is no `--door`)."""
    raw = (value or "").strip()
    if bevat_bsn_achtig(raw):  # never echoed: it may be a BSN
        raise OngeldigeInvoer(f"{veld} bevat een nummer van negen cijfers (zoals een BSN); geef een e-mailadres of "
                              f"een rol ({', '.join(ROLLEN[:3])}).")
    if "@" in raw:
        return controleer_email(raw, veld)
    if "<" in raw or ">" in raw:
        raise OngeldigeInvoer(f"{veld} is een e-mailadres of een rol ({', '.join(ROLLEN[:3])}), geen vrije tekst.")
    tekst = controleer_tekst(raw, veld, min_len=2, max_len=DOOR_MAX)
    if not re.fullmatch(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'\-]*", tekst):
        raise OngeldigeInvoer(f"{veld} is een e-mailadres of een rol ({', '.join(ROLLEN[:3])}), geen vrije tekst.")
    return tekst


# -- pydantic errors in Dutch -------------------------------------------------------------

_VELDNAMEN = {"plan_van_aanpak": "Plan van aanpak", "omschrijving": "omschrijving", "eigenaar": "eigenaar",
              "deadline": "deadline", "advies": "advies", "route": "route"}


def _plek(loc: tuple[Any, ...]) -> str:
    delen: list[str] = []
    i = 0
    while i < len(loc):
        part = loc[i]
        if part == "plan_van_aanpak" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            delen.append(f"Actie {loc[i + 1] + 1}")
            i += 2
            continue
        delen.append(_VELDNAMEN.get(str(part), str(part)))
        i += 1
    return ", ".join(delen) or "invoer"


def pydantic_reden(err: Any) -> str:
    """Why pydantic refused one value (an item of ValidationError.errors()), in Dutch."""
    return _reden(err)


def _reden(err: Any) -> str:
    t, ctx = err["type"], err.get("ctx") or {}
    if t == "string_too_short":
        return f"minstens {ctx.get('min_length')} tekens"
    if t == "string_too_long":
        return f"hoogstens {ctx.get('max_length')} tekens"
    if t == "too_long":
        return f"hoogstens {ctx.get('max_length')} acties"
    invoer = err.get("input")
    if t == "string_pattern_mismatch":
        if ctx.get("pattern") == MOMENT_PATROON:
            return "geen geldig tijdstip (JJJJ-MM-DD UU:MM)"
        if isinstance(invoer, str) and NEGEN_CIJFERS.search(invoer):
            return "bevat negen cijfers op een rij (een BSN?); noem de deelnemer alleen bij het trajectnummer"
        if ctx.get("pattern") == REFERENTIE_PATROON:
            return "gebruik de vorm IJW-JJJJ-NNNNNN, bijvoorbeeld IJW-2026-000123"
        return "bevat tekens die hier niet zijn toegestaan (zoals een regeleinde, < of >)"
    if t == "enum":
        keuzes = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"'{str(invoer)[:40]}' is onbekend; kies uit {keuzes}"
    if t.startswith("date") or t.startswith("datetime"):
        if isinstance(invoer, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", invoer.strip()):
            return f"{invoer.strip()} is geen geldige datum: die dag bestaat niet"
        return "geen geldige datum (JJJJ-MM-DD)"
    if t == "missing":
        return "ontbreekt"
    if t == "value_error":
        return str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
    if t in _GRENZEN:  # ctx holds the one limit: {'ge': 1}, {'le': 65535}, ...
        return f"{_GRENZEN[t]} {next(iter(ctx.values()), '')}"
    if t in _SOORTEN:
        return _SOORTEN[t]
    return str(err["msg"])


# pydantic's English for the common types and limits (config files, settings, forms), in Dutch.
_GRENZEN = {"greater_than_equal": "minstens", "less_than_equal": "hoogstens", "greater_than": "meer dan",
            "less_than": "minder dan"}
_SOORTEN = {"extra_forbidden": "onbekende sleutel", "int_parsing": "geen geheel getal", "int_type": "geen geheel getal",
            "int_from_float": "geen geheel getal", "float_parsing": "geen getal", "float_type": "geen getal",
            "bool_parsing": "geen ja/nee (true of false)", "bool_type": "geen ja/nee (true of false)",
            "string_type": "geen tekst", "list_type": "geen lijst", "dict_type": "geen tabel",
            "model_type": "geen tabel", "model_attributes_type": "geen tabel",
            "time_parsing": "geen geldige tijd (UU:MM)", "time_type": "geen geldige tijd (UU:MM)",
            "json_invalid": "geen geldige JSON", "url_parsing": "geen geldige URL"}


def onbekende_sleutels(gegeven: Any, bekend: Any) -> str | None:
    """The first key of a configuration table that is not one of `bekend`, as a Dutch fragment
    ("onbekende sleutel 'x' (bedoelt u 'y'?)"); None when every key is known. A misspelt key must
    never silently give the default (issue 19: `herbeoordeling_pva_weeken`)."""
    import difflib

    vreemd = sorted(str(k) for k in gegeven if k not in set(bekend))
    if not vreemd:
        return None
    bijna = difflib.get_close_matches(vreemd[0], [str(b) for b in bekend], n=1)
    hint = f" (bedoelt u '{bijna[0]}'?)" if bijna else f"; bekend: {', '.join(sorted(str(b) for b in bekend))}"
    return f"onbekende sleutel '{vreemd[0][:60]}'{hint}"


def beschrijf_validatiefout(exc: ValidationError) -> str:
    """`1 validation error for Actie ...` -> 'Actie 2, deadline: geen geldige datum (JJJJ-MM-DD).'"""
    errs = exc.errors()
    first = errs[0]
    meer = f" (en nog {len(errs) - 1} fout(en))" if len(errs) > 1 else ""
    return f"{_plek(tuple(first['loc']))}: {_reden(first).rstrip('.')}.{meer}"
