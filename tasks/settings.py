"""The one settings object of werkpad: the `WERKPAD_*` environment, a section per room and partner.

    WERKPAD_OMGEVING=productie
    WERKPAD_CASESTORE__URL=postgresql://werkpad@db:5432/werkpad
    WERKPAD_GEMEENTE__API_URL=https://zgw.velsen.example   WERKPAD_GEMEENTE__SECRET=...
    WERKPAD_MAIL__SMTP_HOST=smtp.ijmondwerkt.nl

Each room defines its own section as a plain model (casestore/settings.py,
notifications/settings.py, integrations/gemeente/settings.py) and never reads the
environment; only `Settings` does, once per process, at the entry point: the CLI and the
stack build it and hand it to `tasks.runtime.build_runtime`; a flow-run process started by
`serve` (which imports the flow module and nothing of werkpad/) builds it on first use in
`tasks.runtime.get()`. That is why it lives here and not in werkpad/ (the shell re-exports it):
tasks/ is the lowest room that may import every section.

Derived defaults (the SQLite file and the mail folder under the data folder, the gemeente URL
from the simulator's port) are filled in here, as absolute paths, so every process that
receives these settings sees the same values.
"""

from __future__ import annotations

import importlib
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, create_model, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from casestore.settings import CasestoreSection
from domain.instelling import Sectie, oidc_fout, web_geheim_fout
from domain.invoer import pydantic_reden
from domain.rollen import STANDAARD_KOPPELING, koppeling_fout
from integrations.gemeente.settings import (
    DEV_NOTIFICATIE_TOKEN,
    DEV_SECRET,
    MIN_SECRET_BYTES,
    GemeenteSection,
    NotificatiesSection,
)
from integrations.inlichtingenbureau.settings import InlichtingenbureauSettings
from integrations.suwinet.settings import SuwinetSettings
from integrations.uwv.settings import DEV_TOKEN as UWV_DEV_TOKEN
from integrations.uwv.settings import UwvSettings
from notifications.settings import MailSection

PREFIX = "WERKPAD_"
NESTED = "__"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GEMEENTEN_FILE = ROOT / "werkpad" / "gemeenten.toml"
DEFAULT_FEESTDAGEN_FILE = ROOT / "werkpad" / "feestdagen.toml"
DEFAULT_MAATREGELEN_FILE = ROOT / "werkpad" / "maatregelen.toml"
DEFAULT_AFSPRAKEN_FILE = ROOT / "werkpad" / "afspraken.toml"

# Names werkpad read before the settings had sections. Set, they would now be ignored and a
# production store could silently fall back to SQLite: refuse them and name the new one.
RETIRED = {
    "WERKPAD_DATABASE_URL": "WERKPAD_CASESTORE__URL",
    "WERKPAD_GEMEENTE_API_URL": "WERKPAD_GEMEENTE__API_URL",
    "WERKPAD_GEMEENTE_CLIENT_ID": "WERKPAD_GEMEENTE__CLIENT_ID",
    "WERKPAD_GEMEENTE_SECRET": "WERKPAD_GEMEENTE__SECRET",
    "WERKPAD_GEMEENTE_TIMEOUT_SECONDS": "WERKPAD_GEMEENTE__TIMEOUT_SECONDS",
    "WERKPAD_SMTP_HOST": "WERKPAD_MAIL__SMTP_HOST",
    "WERKPAD_SMTP_PORT": "WERKPAD_MAIL__SMTP_PORT",
    "WERKPAD_SMTP_TIMEOUT_SECONDS": "WERKPAD_MAIL__SMTP_TIMEOUT_SECONDS",
    "WERKPAD_MAIL_FROM": "WERKPAD_MAIL__SENDER",
    "WERKPAD_MAIL_DOMAIN": "WERKPAD_MAIL__MESSAGE_ID_DOMAIN",
    "WERKPAD_MAIL_DIR": "WERKPAD_STACK__MAIL_DIR",
    "WERKPAD_PREFECT_PORT": "WERKPAD_STACK__PREFECT_PORT",
    "WERKPAD_SIMULATOR_PORT": "WERKPAD_STACK__SIMULATOR_PORT",
    "WERKPAD_PREFECT_API_URL": "PREFECT_API_URL",
}
RETIRED_CRON = "WERKPAD_CRON_"
# WERKPAD_ variables that are no settings: the crash tests' fault points (casestore/faults.py) and what only the
# tests read (WERKPAD_TEST_PG_URL, the ZGW contract tests' WERKPAD_ZGW_*). Any other unknown one is refused.
GEEN_INSTELLING = ("WERKPAD_FAULT", "WERKPAD_TEST_", "WERKPAD_ZGW_")
S = TypeVar("S", bound=BaseModel)  # WERKPAD_CRON_<JOB> is now WERKPAD_CRON__<JOB>


class Omgeving(StrEnum):
    ontwikkeling = "ontwikkeling"  # a developer's machine, the local stack, the tests
    test = "test"                  # a test environment against a gemeente's test API
    productie = "productie"


class StackSection(BaseModel):
    """The local stack (`werkpad up`): its ports and the mail-catcher's folder."""

    model_config = ConfigDict(extra="forbid")

    prefect_port: int = Field(default=4200, ge=1, le=65535)
    simulator_port: int = Field(default=8100, ge=1, le=65535)
    # Suwinet, Inlichtingenbureau and UWV simulators in one process
    ketenpartner_port: int = Field(default=8200, ge=1, le=65535)
    mail_dir: Path | None = None  # default: <data_dir>/mail
    # `werkpad up --topologie productie`: Prefect and the case store on PostgreSQL, the deployments in a work
    # pool served by `workers` process workers (docs/operations.md, "Productietopologie").
    topologie: Literal["ingebed", "productie"] = "ingebed"
    workers: int = Field(default=2, ge=0, le=32)  # 0: a server host; its workers run elsewhere (werkpad worker start)
    werkpool: str = Field(default="werkpad", pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    # PostgreSQL for both: a server (admin URL, databases `prefect` and `werkpad` are made on it), or else the
    # stack's own cluster in <data_dir>/postgres on this port.
    postgres_url: SecretStr | None = None
    postgres_port: int = Field(default=5433, ge=1, le=65535)
    # The Prefect API's and UI's basic-auth string ("gebruiker:wachtwoord"): the server demands it and every
    # client sends it. Unset: refused outside omgeving ontwikkeling; the productie topology then makes its own.
    api_auth: SecretStr | None = None
    # Flow-run heartbeats (s, >= 30): a run whose heartbeats stop is marked Crashed by the stack's automation.
    heartbeat_seconden: int = Field(default=30, ge=30, le=3600)

    @field_validator("postgres_url")
    @classmethod
    def _postgresql(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not v.get_secret_value().startswith(("postgresql://", "postgresql+", "postgres://")):
            raise ValueError("WERKPAD_STACK__POSTGRES_URL moet een PostgreSQL-adres zijn (postgresql://gebruiker@host:"
                             "5432/postgres).")
        return v


class WebSection(Sectie):
    """werkpad web, the staff site behind every task mail (werkpad/web): its port, its public address (the links in
    the mails), the secret that signs sessions and task links, and how long each lasts."""

    poort: int = Field(default=8765, ge=1, le=65535)
    basis_url: str = Field(default="", pattern=r"^(https?://[^\s/?#]+(/[^\s?#]*)?)?$")  # default http://127.0.0.1:<poort>
    # Unset: in ontwikkeling made once into <data_dir>/web-geheim (0600); elsewhere the start is refused.
    geheim: SecretStr | None = None
    sessie_minuten: int = Field(default=480, ge=5, le=24 * 60)
    link_dagen: int = Field(default=14, ge=1, le=90)


class PartnerlimietSection(BaseModel):
    """How many calls werkpad makes to each partner at once, over all workers together (Prefect's global
    concurrency limits, `partner-<naam>`): 1,000 due rows never open 1,000 connections."""

    model_config = ConfigDict(extra="forbid")

    zgw: int = Field(default=4, ge=1, le=100)
    suwinet: int = Field(default=2, ge=1, le=100)
    uwv: int = Field(default=2, ge=1, le=100)
    inlichtingenbureau: int = Field(default=2, ge=1, le=100)
    smtp: int = Field(default=4, ge=1, le=100)


class OidcSection(BaseModel):
    """werkpad web's login through the organisation's identity provider (OpenID Connect, authorization code flow
    with PKCE). Without an issuer there is no such login (development logs in by a mailed link)."""

    model_config = ConfigDict(extra="forbid")

    issuer: str | None = None  # exactly the provider's `iss`; its discovery document is <issuer>/.well-known/...
    client_id: str = Field(default="werkpad", min_length=1)
    client_secret: SecretStr | None = None  # required outside ontwikkeling once an issuer is set
    scopes: str = "openid email profile"
    groepen_claim: str = Field(default="groups", min_length=1)  # the ID token's (or userinfo's) claim with the groups
    # The provider's group → werkpad role: 'werkpad-werkcoaches=werkcoach; werkpad-ada=ada' (or JSON).
    groepen: Annotated[dict[str, str], NoDecode] = Field(default_factory=lambda: dict(STANDAARD_KOPPELING))
    # The callback address as registered at the provider (https://werkpad.example/oidc/terug); unset: derived
    # from the request (behind a proxy only with its forwarded headers trusted).
    terug_url: str | None = None
    timeout_seconds: float = Field(default=10, gt=0, le=120)

    @field_validator("issuer", "terug_url")
    @classmethod
    def _adres(cls, v: str | None) -> str | None:
        if not v:
            return None
        if not v.startswith(("https://", "http://")):
            raise ValueError("moet een http(s)-adres zijn")
        return v

    @field_validator("scopes")
    @classmethod
    def _openid(cls, v: str) -> str:
        if "openid" not in v.split():
            raise ValueError("moet 'openid' bevatten (zonder die scope geeft de provider geen ID-token)")
        return " ".join(v.split())

    @field_validator("groepen", mode="before")
    @classmethod
    def _lees_groepen(cls, v: Any) -> Any:
        if not isinstance(v, str):
            return v
        if v.lstrip().startswith("{"):
            import json

            try:
                return json.loads(v)
            except ValueError:
                raise ValueError("is geen geldige JSON; gebruik 'groep=rol; groep=rol'") from None
        paren = [deel.partition("=") for deel in v.replace(",", ";").split(";") if deel.strip()]
        if any(not is_ for _, is_, _ in paren):
            raise ValueError("moet 'groep=rol; groep=rol' zijn (bijv. 'werkpad-werkcoaches=werkcoach')")
        return {groep.strip(): rol.strip() for groep, _, rol in paren}

    @field_validator("groepen")
    @classmethod
    def _rollen(cls, v: dict[str, str]) -> dict[str, str]:
        if (reden := koppeling_fout(v)) is not None:
            raise ValueError(reden)
        return v


class CronSection(BaseModel):
    """Schedule overrides per cron deployment (cron syntax, Europe/Amsterdam); empty: the deployment's own."""

    model_config = ConfigDict(extra="forbid")

    deadline_sweep: str | None = None
    werkvoorraad: str | None = None
    uitkering_controle: str | None = None
    indicatie_controle: str | None = None
    doelgroepregister_controle: str | None = None
    kwartaalrapportage: str | None = None


def parse_retry_delays(raw: str) -> list[float]:
    """'2,10' -> [2.0, 10.0] (two retries, after 2 s and 10 s); '' or '0' -> no retries."""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    try:
        delays = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"WERKPAD_RETRY_DELAYS '{raw}' is ongeldig; gebruik seconden met komma's, bijv. '2,10'.") \
            from None
    return delays


class BasisSettings(BaseSettings):
    """The settings of every room; `Settings` adds each process's own section from domain/processen.py."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_nested_delimiter=NESTED, extra="ignore")

    omgeving: Omgeving = Omgeving.ontwikkeling
    data_dir: Path = Path(".werkpad")  # case store (SQLite), mail folder, Prefect home, logs
    gemeenten_file: Path = DEFAULT_GEMEENTEN_FILE
    feestdagen_file: Path = DEFAULT_FEESTDAGEN_FILE
    maatregelen_file: Path = DEFAULT_MAATREGELEN_FILE  # the maatregelenverordeningen as data
    afspraken_file: Path = DEFAULT_AFSPRAKEN_FILE  # yearly targets (Afspraak) of the kwartaalrapportage
    # Seconds before each retry of a task that talks to the gemeente or the mail server.
    retry_delays: Annotated[list[float], NoDecode] = Field(default_factory=lambda: [2.0, 10.0])
    testklok: bool = False  # deployment runs may take a moved clock `nu` (test and demo stacks only)
    # The CLI runs a step's flow in its own process instead of starting the deployment's run on the stack (tests
    # and the demo; with --nu it always does). Off: the step runs where the flows run (serve, later workers).
    stappen_in_proces: bool = False
    casestore: CasestoreSection = Field(default_factory=CasestoreSection)
    mail: MailSection = Field(default_factory=MailSection)
    gemeente: GemeenteSection = Field(default_factory=GemeenteSection)
    # The gemeente's Notificaties API: werkpad's abonnement and its callback (WERKPAD_NOTIFICATIES__*)
    notificaties: NotificatiesSection = Field(default_factory=NotificatiesSection)
    # The UWV indicatie channel: WERKPAD_UWV__KANAAL=handmatig|http, __API_URL, __TOKEN, ...
    uwv: UwvSettings = Field(default_factory=UwvSettings)
    stack: StackSection = Field(default_factory=StackSection)
    suwinet: SuwinetSettings = Field(default_factory=SuwinetSettings)
    inlichtingenbureau: InlichtingenbureauSettings = Field(default_factory=InlichtingenbureauSettings)
    cron: CronSection = Field(default_factory=CronSection)
    partnerlimiet: PartnerlimietSection = Field(default_factory=PartnerlimietSection)
    oidc: OidcSection = Field(default_factory=OidcSection)  # werkpad web's login (WERKPAD_OIDC__ISSUER, ...)
    web: WebSection = Field(default_factory=WebSection)

    @model_validator(mode="before")
    @classmethod
    def _refuse_retired_names(cls, data: Any) -> Any:
        for name in sorted(os.environ):
            if name in RETIRED:
                raise ValueError(f"{name} bestaat niet meer; gebruik {RETIRED[name]}.")
            if name.startswith(RETIRED_CRON) and not name.startswith(RETIRED_CRON + "_"):
                raise ValueError(f"{name} bestaat niet meer; gebruik WERKPAD_CRON__{name.removeprefix(RETIRED_CRON)}.")
        _geen_onbekende(cls)
        return _oude_namen(cls, data)

    @field_validator("retry_delays", mode="before")
    @classmethod
    def _delays(cls, v: Any) -> Any:
        return parse_retry_delays(v) if isinstance(v, str) else v

    @field_validator("retry_delays")
    @classmethod
    def _no_negative_delays(cls, v: list[float]) -> list[float]:
        if any(d < 0 for d in v):
            raise ValueError(f"WERKPAD_RETRY_DELAYS '{','.join(f'{d:g}' for d in v)}' bevat een negatieve wachttijd.")
        return [] if v == [0.0] else v  # "0": do not retry

    @model_validator(mode="after")
    def _derive_and_check(self) -> BasisSettings:
        self.data_dir = self.data_dir.resolve()
        if not self.casestore.url:
            self.casestore = self.casestore.model_copy(update={"url": self._standaard_casestore()})
        self.stack = self.stack.model_copy(update={"mail_dir": (self.stack.mail_dir or self.data_dir / "mail").resolve()})
        if "api_url" not in self.gemeente.model_fields_set:  # the local simulator, wherever the stack put it
            self.gemeente = self.gemeente.model_copy(update={"api_url": f"http://127.0.0.1:{self.stack.simulator_port}"})
        if "api_url" not in self.notificaties.model_fields_set:  # beside the gemeente's ZGW APIs (the simulator too)
            self.notificaties = self.notificaties.model_copy(update={
                "api_url": f"{self.gemeente.api_url.rstrip('/')}/api/v1"})
        keten = f"http://127.0.0.1:{self.stack.ketenpartner_port}"  # the local ketenpartner simulator
        if "url" not in self.suwinet.model_fields_set:
            self.suwinet = self.suwinet.model_copy(update={
                "url": f"{keten}/suwinet/ws/UWVDossierQuotumArbeidsbeperktenGSD-v0300/v1"})
        if "reintegratie_url" not in self.suwinet.model_fields_set:
            self.suwinet = self.suwinet.model_copy(update={
                "reintegratie_url": f"{keten}/suwinet/ws/GSDDossierReintegratie-v0200/v1"})
        if "api_url" not in self.uwv.model_fields_set:
            self.uwv = self.uwv.model_copy(update={"api_url": f"{keten}/uwv"})
        if "url" not in self.inlichtingenbureau.model_fields_set:
            self.inlichtingenbureau = self.inlichtingenbureau.model_copy(update={"url": f"{keten}/inlichtingenbureau"})
        if "specs_dir" not in self.inlichtingenbureau.model_fields_set:  # BKWI's XSDs: one folder for both
            self.inlichtingenbureau = self.inlichtingenbureau.model_copy(update={"specs_dir": self.suwinet.specs_dir})
        if not self.web.basis_url:
            self.web = self.web.model_copy(update={"basis_url": f"http://127.0.0.1:{self.web.poort}"})
        if "callback_url" not in self.notificaties.model_fields_set:  # werkpad web takes the gemeente's notifications
            self.notificaties = self.notificaties.model_copy(update={
                "callback_url": f"{self.web.basis_url.rstrip('/')}/notificaties/callback"})
        if self.omgeving is Omgeving.productie and self.testklok:  # a moved clock could mail a report early
            raise ValueError("WERKPAD_TESTKLOK=1 is alleen voor ontwikkel- en teststacks; in omgeving 'productie' geldt "
                             "de echte tijd. Zet WERKPAD_TESTKLOK uit.")
        if self.omgeving is not Omgeving.ontwikkeling:
            # Every refusal at once: ops setting up production should not learn them one start at a time.
            fouten = [f for f in (_gemeente_geheim(self), *_geen_ontwikkelwachtwoord(self), _oidc(self), _uwv_token(self),
                                  _notificatie_token(self)) if f]
            if fouten:
                raise ValueError(" ".join(fouten))
        return self

    def _standaard_casestore(self) -> str:
        """SQLite in the data folder; in the productie topology the database `werkpad` on its PostgreSQL (every
        process with the same settings, the CLI included, finds the stack's store)."""
        if self.stack.topologie != "productie":
            return f"sqlite:///{self.data_dir / 'werkpad.db'}"
        from urllib.parse import quote, urlsplit, urlunsplit  # not SQLAlchemy: every CLI command builds the settings

        bestand = self.data_dir / "postgres-wachtwoord"  # the own cluster's (werkpad/postgres.py), owner-only
        wachtwoord = f":{quote(bestand.read_text().strip(), safe='')}" if bestand.is_file() else ""
        server = (self.stack.postgres_url.get_secret_value() if self.stack.postgres_url is not None
                  else f"postgresql://postgres{wachtwoord}@127.0.0.1:{self.stack.postgres_port}/postgres")
        deel = urlsplit(server)
        return urlunsplit(("postgresql", deel.netloc, "/werkpad", deel.query, ""))

    def web_geheim_fout(self) -> str | None:
        """Why werkpad web may not start with these settings (its signing secret), as one Dutch line, or None."""
        geheim = self.web.geheim.get_secret_value() if self.web.geheim is not None else None
        fout = web_geheim_fout(geheim, self.omgeving is Omgeving.ontwikkeling)
        return None if fout is None else f"{env_name('web', 'geheim')} {fout} (omgeving '{self.omgeving.value}')."

    def web_geheim(self) -> str | None:
        """werkpad web's signing secret: the setting, in ontwikkeling else the one made once in the data folder;
        None when there is none to use (outside ontwikkeling, unset: no task links in the mails)."""
        from notifications import taaklink

        if self.web.geheim is not None:
            return self.web.geheim.get_secret_value()
        if self.omgeving is not Omgeving.ontwikkeling:
            return None
        return taaklink.geheim(None, self.data_dir)

    @property
    def mail_dir(self) -> Path:
        assert self.stack.mail_dir is not None  # filled in by the validator
        return self.stack.mail_dir

    def van(self, sectie: type[S]) -> S:
        """A process's own settings section, by its model (`rt.settings.van(MaatregelInstellingen).reactie_werkdagen`)."""
        for naam in type(self).model_fields:
            if type(waarde := getattr(self, naam)) is sectie:
                return waarde
        raise LookupError(f"De instellingen kennen geen sectie {sectie.__name__}: registreer het proces in "
                          f"domain/processen.py.")


def _geen_onbekende(cls: type[BaseSettings]) -> None:
    """A misspelt WERKPAD_ variable (WERKPAD_DATAA_DIR, an unknown section) would silently keep a default: refuse
    it and name the nearest real one. Unknown keys inside a known section are refused by the section itself."""
    import difflib

    velden = {PREFIX + naam.upper(): veld for naam, veld in cls.model_fields.items()}
    secties = {naam for naam, veld in velden.items()
               if isinstance(veld.annotation, type) and issubclass(veld.annotation, BaseModel)}
    oude = {var for veld in velden.values() for var in (getattr(veld.annotation, "OUDE_NAMEN", None) or {})}
    for var in sorted(os.environ):
        if not var.startswith(PREFIX) or var.startswith(GEEN_INSTELLING) or var in RETIRED or var in oude:
            continue
        sectie, nested, _ = var.partition(NESTED)
        if (nested and sectie in secties) or (not nested and var in velden and sectie not in secties):
            continue
        bekend = [*(v for v in velden if v not in secties), *(f"{v}{NESTED}…" for v in secties)]
        dichtst = difflib.get_close_matches(sectie + (NESTED + "…" if nested else ""), bekend, n=1, cutoff=0.6)
        raise ValueError(f"{var} is geen instelling van werkpad" + (f" (bedoelt u {dichtst[0]}?)" if dichtst else "")
                         + "; zie docs/operations.md.")


def _oude_namen(cls: type[BaseSettings], data: Any) -> Any:
    """A process section's variables from before it had a section still count; the new name wins."""
    if not isinstance(data, dict):
        return data
    for naam, veld in cls.model_fields.items():
        oude = getattr(veld.annotation, "OUDE_NAMEN", None) or {}
        for var, sub in oude.items():
            if var in os.environ:
                sectie = data.get(naam)
                sectie = dict(sectie) if isinstance(sectie, dict) else {}
                sectie.setdefault(sub, os.environ[var])
                data[naam] = sectie
    return data


def _sectie(pad: str) -> type[BaseModel]:
    module, _, naam = pad.partition(":")
    klasse: type[BaseModel] = getattr(importlib.import_module(module), naam)
    return klasse


_GEBOUWD: dict[tuple[tuple[str, str], ...], type[BasisSettings]] = {}


def klasse() -> type[BasisSettings]:
    """`Settings` with a section per registered process (domain/processen.py), built once per registry."""
    from domain import processen

    secties = tuple(p.instellingen for p in processen.PROCESSEN if p.instellingen)
    if secties not in _GEBOUWD:
        velden: dict[str, Any] = {naam: (_sectie(pad), Field(default_factory=_sectie(pad))) for naam, pad in secties}
        _GEBOUWD[secties] = create_model("Settings", __base__=BasisSettings, __module__=__name__, **velden)
    return _GEBOUWD[secties]


def _gemeente_geheim(s: BasisSettings) -> str | None:
    secret = s.gemeente.secret.get_secret_value()
    if secret == DEV_SECRET:
        return (f"WERKPAD_GEMEENTE__SECRET is het ontwikkelgeheim uit de broncode; in omgeving "
                f"'{s.omgeving.value}' is een eigen geheim van minstens {MIN_SECRET_BYTES} bytes nodig.")
    if len(secret.encode()) < MIN_SECRET_BYTES:
        return (f"WERKPAD_GEMEENTE__SECRET is {len(secret.encode())} bytes; in omgeving "
                f"'{s.omgeving.value}' zijn minstens {MIN_SECRET_BYTES} bytes nodig (HS256).")
    return None


def _geen_ontwikkelwachtwoord(s: BasisSettings) -> list[str]:
    """Outside development the ketenpartners' passwords from the source code are refused."""
    from integrations.inlichtingenbureau import settings as ib
    from integrations.suwinet import settings as suwi

    return [f"{env_name(sectie, 'password')} is het ontwikkelwachtwoord uit de broncode; in omgeving "
            f"'{s.omgeving.value}' is een eigen wachtwoord (of mTLS zonder wachtwoord) nodig."
            for sectie, wachtwoord, dev in (("suwinet", s.suwinet.password, suwi.DEV_PASSWORD),
                                            ("inlichtingenbureau", s.inlichtingenbureau.password, ib.DEV_PASSWORD))
            if wachtwoord is not None and wachtwoord.get_secret_value() == dev]


def _oidc(s: BasisSettings) -> str | None:
    geheim = s.oidc.client_secret.get_secret_value() if s.oidc.client_secret is not None else None
    if (fout := oidc_fout(s.oidc.issuer, geheim, ontwikkeling=False)) is not None:  # the domain's rule
        return f"{env_name('oidc', fout[0])} {fout[1]} (omgeving '{s.omgeving.value}')."
    return None


def _uwv_token(s: BasisSettings) -> str | None:
    if s.uwv.kanaal == "http" and s.uwv.token.get_secret_value() == UWV_DEV_TOKEN:
        return (f"WERKPAD_UWV__TOKEN is het ontwikkeltoken uit de broncode; in omgeving "
                f"'{s.omgeving.value}' is met kanaal http een eigen token nodig.")
    return None


def _notificatie_token(s: BasisSettings) -> str | None:
    """Outside development the callback demands a real token (domain/instelling.py), not the one from the source."""
    from domain.instelling import notificatie_token_fout

    token = s.notificaties.token.get_secret_value()
    if token == DEV_NOTIFICATIE_TOKEN:
        return (f"WERKPAD_NOTIFICATIES__TOKEN is het ontwikkeltoken uit de broncode; in omgeving "
                f"'{s.omgeving.value}' is een eigen token nodig.")
    if (fout := notificatie_token_fout(token)) is not None:
        return f"WERKPAD_NOTIFICATIES__TOKEN {fout} (omgeving '{s.omgeving.value}')."
    return None


def env_name(*loc: object) -> str:
    """('gemeente', 'secret') -> 'WERKPAD_GEMEENTE__SECRET' (a list's index is no part of the name)."""
    return PREFIX + NESTED.join(str(p) for p in loc if not isinstance(p, int)).upper()


def _var_naam(loc: tuple[int | str, ...]) -> str:
    """The variable a value came from: a section's old name when that is the one set."""
    nieuw = env_name(*loc)
    if len(loc) >= 2 and nieuw not in os.environ:
        veld = klasse().model_fields.get(str(loc[0]))
        oude = getattr(veld.annotation, "OUDE_NAMEN", None) or {} if veld else {}
        for var, sub in oude.items():
            if sub == loc[1] and var in os.environ:
                return var
    return nieuw


_REDENEN = {"int_parsing": "geen geheel getal", "float_parsing": "geen getal", "bool_parsing": "geen ja/nee (1 of 0)",
            "extra_forbidden": "onbekende instelling", "missing": "ontbreekt", "json_invalid": "geen geldige JSON"}


def beschrijf(exc: ValidationError) -> str:
    """A settings error in one Dutch line that names the environment variable."""
    regels = []
    for e in exc.errors():
        if e["type"] == "value_error":
            reden = str((e.get("ctx") or {}).get("error") or e["msg"]).removeprefix("Value error, ")
        elif e["type"] in ("enum", "literal_error"):  # a StrEnum, or a Literal such as WERKPAD_UWV__KANAAL
            reden = f"kies uit {(e.get('ctx') or {}).get('expected', '')}".replace("'", "").replace(" or ", " of ")
        else:
            reden = _REDENEN.get(e["type"]) or pydantic_reden(e)  # pydantic's English never reaches the user
        noem = e["loc"] and (e["type"] != "value_error" or not reden.startswith(PREFIX))
        regels.append(f"{_var_naam(e['loc'])}: {reden}" if noem else reden)
    return "Ongeldige instellingen: " + "; ".join(r.rstrip(".") for r in regels) + "."


# The settings object every entry point builds: the rooms' sections and, at run time, one per registered process.
if TYPE_CHECKING:
    Settings = BasisSettings
else:
    Settings = klasse()
