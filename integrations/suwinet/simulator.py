"""A local Suwinet: the doelgroepregister lookup (UWVDossierQuotumArbeidsbeperktenGSD v0300).

SOAP 1.2 over plain HTTP with basic auth at /ws/UWVDossierQuotumArbeidsbeperktenGSD-v0300/v1
(and GSDDossierReintegratie at /ws/GSDDossierReintegratie-v0200/v1, showing what the IB passed on),
like BKWI's own test simulator (endpoints /ws/<Dienst>-vNNNN/v1). Every request and every
answer is validated against BKWI's XSDs (the specs folder, --specs-dir; without it nothing is);
a request that does not validate gets a Sender fault. Answers by BSN: a built-in table of test BSNs plus registrations added at
run time (/_sim/registraties, or the Inlichtingenbureau simulator's praktijkroute signal).
The simulator keeps hashes of BSNs, not BSNs. `/_sim/...` endpoints drive it (JSON).
Run: python -m integrations.suwinet.simulator --port 8200 [--state-file .werkpad/suwinet-simulator.json]
(user and password in $SUWINET_SIMULATOR_USER / $SUWINET_SIMULATOR_PASSWORD; default: the development pair)
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import random
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from lxml import etree

from integrations.simstate import bsn_hash, read_json, write_private_json
from integrations.suwinet import berichten as b
from integrations.suwinet.settings import DEV_PASSWORD, DEV_USER

ENDPOINT = "/ws/UWVDossierQuotumArbeidsbeperktenGSD-v0300/v1"
ENDPOINT_REINTEGRATIE = "/ws/GSDDossierReintegratie-v0200/v1"
# Stand-ins in GSDDossierReintegratie answers (the code lists are not in the specs): the Suwi
# kolom of a gemeente and the CdArbeidsvermogen for 'onder WML' (1) and 'niet onder WML' (2).
KOLOM_GEMEENTE = "3"
ARBEIDSVERMOGEN = {"1": "01", "2": "02"}
# The grondslag code the simulator gives a praktijkroute registration. BKWI's code list for
# CdGrondslagArbeidsbeperktheid is not in the specs (the XSD only says: two characters); "PR"
# is this simulator's own stand-in, not UWV's code.
PRAKTIJKROUTE_CODE = "PR"
# Test BSNs (all pass the 11-proef; from BKWI's Suwinet test set). They are not personal data.
GEREGISTREERD = {"111111110": [b.Grondslag("IB", date(2020, 1, 1))],
                 "022264541": [b.Grondslag("WJ", date(2015, 1, 1), date(2019, 12, 31))]}  # registration ended
NIETS_GEVONDEN = {"444444440", "689735273"}
FWI_FOUT = {"999991954": ("SUWI-0042", "De bron UWV kon de aanvraag niet verwerken.")}  # as a SOAP Fault
# The response's own FWI branch (HTTP 200, no data) and a ClientSuwi with a warning beside it.
FWI_ANTWOORD = {"999993549": ("Fout", "SUWI-0107", "Geen autorisatie voor deze gegevens.")}
MET_WAARSCHUWING = {"999998493": ([b.Grondslag("IB", date(2024, 3, 1))],
                                  ("Waarschuwing", "SUWI-0201", "Gegevens mogelijk onvolledig."))}


@dataclass
class SuwinetState:
    user: str = DEV_USER
    password: str = DEV_PASSWORD
    specs_dir: Path | None = None  # BKWI's XSDs; None: nothing is validated against them
    # Added at run time, by hash of the BSN: [{"code", "begin", "eind"}] (ISO dates).
    registraties: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Re-integratie data UWV received through the IB, by hash: [{"cd", "datum", "perc", "gemeentecode", "id"}].
    reintegratie: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Praktijkroute signals not yet processed: hash -> {"code", "begin", "na_lookups"}.
    signalen: dict[str, dict[str, Any]] = field(default_factory=dict)
    lookups: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)  # {"bsn_hash", "uitkomst", "tijd"}
    # Fault injection (a test driver: never persisted).
    fail_share: float = 0.0        # share of calls that fail with fail_status
    fail_status: int = 500
    fail_next: int = 0             # the next N calls fail with fail_status
    delay_seconds: float = 0.0     # sleep before answering (longer than the client's timeout: a timeout)
    malformed_next: int = 0        # the next N answers break the XSD
    rng: random.Random = field(default_factory=lambda: random.Random(42))
    lock: Any = field(default_factory=threading.RLock)  # an RLock: shared with the IB in the combined app
    state_file: Path | None = None
    persist: Any = None  # a callable that saves shared state (set by the combined simulator)

    PERSISTED = ("registraties", "reintegratie", "signalen", "lookups", "log")

    def __post_init__(self) -> None:
        data = read_json(self.state_file)
        self.restore(data)

    def restore(self, data: dict[str, Any]) -> None:
        self.registraties.update(data.get("registraties", {}))
        self.signalen.update(data.get("signalen", {}))
        self.reintegratie.update(data.get("reintegratie", {}))
        self.lookups = int(data.get("lookups", self.lookups))
        self.log.extend(data.get("log", []))

    def snapshot(self) -> dict[str, Any]:
        return {"registraties": self.registraties, "reintegratie": self.reintegratie, "signalen": self.signalen,
                "lookups": self.lookups,
                "log": self.log[-1000:]}

    def save(self) -> None:
        """Call with `lock` held, after a change."""
        if self.persist is not None:
            self.persist()
        elif self.state_file is not None:
            write_private_json(self.state_file, {"versie": 1, **self.snapshot()})

    def reset_faults(self) -> None:
        self.fail_share, self.fail_status, self.fail_next, self.delay_seconds, self.malformed_next = 0.0, 500, 0, 0.0, 0

    # -- the register ------------------------------------------------------------------------
    def registreer(self, bsn: str, code: str, begin: date, eind: date | None = None) -> None:
        """Call with `lock` held."""
        self.registraties.setdefault(bsn_hash(bsn), []).append(
            {"code": code, "begin": begin.isoformat(), "eind": eind.isoformat() if eind else None})

    def signaal(self, bsn: str, *, code: str, begin: date, na_lookups: int) -> None:
        """UWV received the Inlichtingenbureau's praktijkroute signal: the registration follows
        after `na_lookups` lookups of this BSN (0: at once). Call with `lock` held."""
        h = bsn_hash(bsn)
        if na_lookups <= 0:
            self.registraties.setdefault(h, []).append({"code": code, "begin": begin.isoformat(), "eind": None})
        else:
            self.signalen[h] = {"code": code, "begin": begin.isoformat(), "na_lookups": na_lookups}

    def verwerk_signalen(self) -> int:
        """Turn every pending signal into a registration now. Call with `lock` held."""
        n = 0
        for h, s in list(self.signalen.items()):
            self.registraties.setdefault(h, []).append({"code": s["code"], "begin": s["begin"], "eind": None})
            del self.signalen[h]
            n += 1
        return n

    def reintegratie_bericht(self, bsn: str, bericht: dict[str, Any]) -> None:
        """UWV received a re-integratiebericht through the IB (GSDDossierReintegratie shows it). Call with `lock` held."""
        self.reintegratie.setdefault(bsn_hash(bsn), []).append(bericht)

    def grondslagen(self, bsn: str) -> list[b.Grondslag] | None:
        h = bsn_hash(bsn)
        added = [b.Grondslag(r["code"], date.fromisoformat(r["begin"]),
                             date.fromisoformat(r["eind"]) if r.get("eind") else None)
                 for r in self.registraties.get(h, [])]
        found = GEREGISTREERD.get(bsn, []) + added
        return found or None

    def tel_lookup(self, bsn: str) -> None:
        """This BSN was looked up: a pending signal comes one lookup closer. Call with `lock` held."""
        h = bsn_hash(bsn)
        s = self.signalen.get(h)
        if s is not None:
            s["na_lookups"] -= 1
            if s["na_lookups"] <= 0:
                self.registraties.setdefault(h, []).append({"code": s["code"], "begin": s["begin"], "eind": None})
                del self.signalen[h]


def _soap(env: etree._Element, status: int = 200) -> Response:
    return Response(b.serialiseer(env), status_code=status, media_type=b.CONTENT_TYPE)


def _fault(code: str, reden: str, status: int, fout: etree._Element | None = None) -> Response:
    env = b.envelope(b.soap_fault(code, reden, fout), action=b.ACTION_FOUT)
    return _soap(env, status)


def make_app(state: SuwinetState) -> FastAPI:
    app = FastAPI(title="werkpad Suwinet-simulator", docs_url=None, redoc_url=None, openapi_url=None)
    if state.specs_dir is not None:  # fail at start, not at the first request, when the XSDs are missing
        b.schema(state.specs_dir)
        b.schema(state.specs_dir, b.DIENST_RI)

    def authorised(request: Request) -> bool:
        header = request.headers.get("authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return secrets.compare_digest(user, state.user) and secrets.compare_digest(password, state.password)

    @app.post(ENDPOINT)
    async def lookup(request: Request) -> Response:
        if not authorised(request):
            return Response("Niet geautoriseerd", status_code=401, headers={"WWW-Authenticate": 'Basic realm="Suwinet"'})
        content = await request.body()
        with state.lock:
            state.lookups += 1
            fail = state.fail_next > 0 or (state.fail_share > 0 and state.rng.random() < state.fail_share)
            if state.fail_next > 0:
                state.fail_next -= 1
            malformed = state.malformed_next > 0
            if malformed:
                state.malformed_next -= 1
            delay = state.delay_seconds
        if delay > 0:
            await asyncio.sleep(delay)  # a slow source: the client's timeout must fire first
        if fail:
            return Response("Tijdelijke storing in de simulator", status_code=state.fail_status)
        try:
            env, vraag = b.lees_envelope(content)
        except ValueError as exc:
            return _fault("Sender", f"Ongeldig verzoek: {exc}.", 400)
        fouten = b.valideer(state.specs_dir, vraag)
        if vraag.tag != etree.QName(b.SMLS, "UWVPersoonsArbeidsbeperktenInfo").text or fouten:
            return _fault("Sender", "Het verzoek voldoet niet aan BodyAction.xsd.", 400)
        bsn = b.vraag_bsn(vraag)
        message_id = env.findtext(f"{{{b.SOAP12}}}Header/{{{b.WSA}}}MessageID")
        with state.lock:
            if bsn in FWI_FOUT:
                uitkomst = "fwi"
            elif bsn in FWI_ANTWOORD:
                uitkomst = "fwi_antwoord"
            else:
                grondslagen = state.grondslagen(bsn)
                uitkomst = "gevonden" if grondslagen else "niets_gevonden"
            # Counted after answering: with K = 2 the first two lookups still find nothing.
            state.tel_lookup(bsn)
            state.log.append({"bsn_hash": bsn_hash(bsn), "uitkomst": uitkomst, "tijd": datetime.now(UTC).isoformat()})
            state.save()
        if uitkomst == "fwi":
            code, tekst = FWI_FOUT[bsn]
            # SOAP 1.2 over HTTP: a Sender fault goes with 400 (a Receiver fault would be 500).
            return _fault("Sender", tekst, 400, b.fout(code, tekst))
        if uitkomst == "fwi_antwoord":
            body = b.antwoord_fwi([FWI_ANTWOORD[bsn]])
        elif bsn in MET_WAARSCHUWING:
            extra, melding = MET_WAARSCHUWING[bsn]
            body = b.antwoord_gevonden(bsn, extra + (grondslagen or []), meldingen=[melding])
        elif grondslagen:
            body = b.antwoord_gevonden(bsn, grondslagen)
        else:
            body = b.antwoord_niets_gevonden()
        if malformed:  # a source that breaks its own XSD: a registration without begin date
            for el in body.iter("DatBGrondslagArbeidsbeperktheid"):
                el.getparent().remove(el)
            if not grondslagen:
                etree.SubElement(body, "Onbekend").text = "x"
        else:
            fouten = b.valideer(state.specs_dir, body)
            assert not fouten, fouten  # the simulator must never send what the XSD forbids
        return _soap(b.envelope(body, action=b.ACTION_ANTWOORD, relates_to=message_id))

    @app.post(ENDPOINT_REINTEGRATIE)
    async def reintegratie(request: Request) -> Response:
        """GSDDossierReintegratie: the berichten the IB passed on, as ReIntegratievoorzieningen."""
        if not authorised(request):
            return Response("Niet geautoriseerd", status_code=401, headers={"WWW-Authenticate": 'Basic realm="Suwinet"'})
        content = await request.body()
        try:
            env, vraag = b.lees_envelope(content)
        except ValueError as exc:
            return _fault("Sender", f"Ongeldig verzoek: {exc}.", 400)
        if vraag.tag != etree.QName(b.SMLS_RI, "GSDReintegratieInfo").text or b.valideer(state.specs_dir, vraag,
                                                                                          b.DIENST_RI):
            return _fault("Sender", "Het verzoek voldoet niet aan BodyAction.xsd.", 400)
        bsn = b.vraag_bsn(vraag)
        with state.lock:
            berichten = list(state.reintegratie.get(bsn_hash(bsn), []))
            state.log.append({"bsn_hash": bsn_hash(bsn), "uitkomst": "reintegratie",
                              "tijd": datetime.now(UTC).isoformat()})
            state.save()
        if not berichten:
            body = b.antwoord_niets_gevonden(b.DIENST_RI)
        else:
            relaties = [(ARBEIDSVERMOGEN.get(m["cd"]), [b.Voorziening(
                begin=date(int(m["datum"][:4]), int(m["datum"][4:6]), int(m["datum"][6:])), registratienr=m["id"],
                perc_loonwaarde=m["perc"])], KOLOM_GEMEENTE, m["gemeentecode"]) for m in berichten]
            body = b.antwoord_reintegratie(bsn, relaties)
        fouten = b.valideer(state.specs_dir, body, b.DIENST_RI)
        assert not fouten, fouten
        message_id = env.findtext(f"{{{b.SOAP12}}}Header/{{{b.WSA}}}MessageID")
        return _soap(b.envelope(body, action=b.ACTION_RI_ANTWOORD, relates_to=message_id))

    # -- driving the simulator -------------------------------------------------------------
    @app.get("/_sim/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/_sim/registraties")
    async def registreer(request: Request) -> Response:
        """Body: {"bsn": "...", "code"?: "PR", "begin": "JJJJ-MM-DD", "eind"?: "JJJJ-MM-DD"}."""
        body = await request.json()
        bsn = str(body.get("bsn", ""))
        if len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit():
            return JSONResponse({"detail": "bsn moet 9 cijfers zijn"}, 400)
        code = str(body.get("code") or PRAKTIJKROUTE_CODE)
        if len(code) != 2:
            return JSONResponse({"detail": "code moet 2 tekens zijn"}, 400)
        try:
            begin = date.fromisoformat(body["begin"])
            eind = date.fromisoformat(body["eind"]) if body.get("eind") else None
        except (KeyError, TypeError, ValueError):
            return JSONResponse({"detail": "begin (en eind) moeten JJJJ-MM-DD zijn"}, 400)
        with state.lock:
            state.registreer(bsn, code, begin, eind)
            state.save()
        return JSONResponse({"geregistreerd": True}, 201)

    @app.post("/_sim/verwerk")
    def verwerk() -> dict[str, int]:
        """Process every pending praktijkroute signal now."""
        with state.lock:
            n = state.verwerk_signalen()
            state.save()
        return {"verwerkt": n}

    @app.post("/_sim/clear")
    def clear() -> dict[str, bool]:
        with state.lock:
            state.registraties.clear()
            state.reintegratie.clear()
            state.signalen.clear()
            state.log.clear()
            state.lookups = 0
            state.reset_faults()
            state.save()
        return {"leeg": True}

    @app.post("/_sim/fault")
    async def fault(request: Request) -> Response:
        """Body (every key optional): {"fail_share": 0.5, "fail_status": 503, "fail_next": 2,
        "delay_seconds": 0.3, "malformed_next": 1}; {} clears every fault."""
        body = await request.json()
        with state.lock:
            state.reset_faults()
            try:
                state.fail_share = float(body.get("fail_share", 0.0))
                state.fail_status = int(body.get("fail_status", 500))
                state.fail_next = int(body.get("fail_next", 0))
                state.delay_seconds = float(body.get("delay_seconds", 0.0))
                state.malformed_next = int(body.get("malformed_next", 0))
                if "seed" in body:
                    state.rng.seed(body["seed"])
            except (TypeError, ValueError):
                state.reset_faults()
                return JSONResponse({"detail": "ongeldige foutinjectie"}, 400)
        return JSONResponse({"fail_share": state.fail_share, "fail_status": state.fail_status,
                             "fail_next": state.fail_next, "delay_seconds": state.delay_seconds,
                             "malformed_next": state.malformed_next})

    @app.get("/_sim/verzoeken")
    def verzoeken() -> dict[str, Any]:
        """How often the register was asked (hashes of BSNs only)."""
        return {"lookups": state.lookups, "log": state.log[-100:], "signalen": len(state.signalen)}

    return app


def main() -> None:
    import uvicorn

    p = argparse.ArgumentParser(description="Suwinet-simulator (doelgroepregister, UWVDossierQuotumArbeidsbeperktenGSD "
                                            "v0300). Gebruiker en wachtwoord in $SUWINET_SIMULATOR_USER en "
                                            "$SUWINET_SIMULATOR_PASSWORD (standaard het ontwikkelpaar).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8200)
    p.add_argument("--state-file", type=Path, default=None, help="JSON-bestand (0600) dat een herstart overleeft")
    p.add_argument("--specs-dir", type=Path, default=None,
                   help="Map met de Suwinet-XSD's van BKWI; zonder: geen XSD-controle")
    a = p.parse_args()
    state = SuwinetState(user=os.environ.get("SUWINET_SIMULATOR_USER") or DEV_USER,
                         password=os.environ.get("SUWINET_SIMULATOR_PASSWORD") or DEV_PASSWORD,
                         specs_dir=a.specs_dir, state_file=a.state_file)
    uvicorn.run(make_app(state), host=a.host, port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
