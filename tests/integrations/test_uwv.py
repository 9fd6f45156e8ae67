"""The UWV indicatie channel against the real simulator on loopback, checked against the
committed OpenAPI document of our modelled contract. No mocks: faults are the simulator's."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi import FastAPI
from openapi_core import Config, OpenAPI
from pydantic import ValidationError

from integrations.errors import PartnerMalformed, PartnerRejected, PartnerTransient, is_transient
from integrations.uwv.client import AANVRAGEN, UwvHttpKanaal
from integrations.uwv.contract import Aanvraag, Bijlage
from integrations.uwv.errors import UwvMalformed, UwvRejected, UwvTransient
from integrations.uwv.kanaal import FORMULIER, Handmatig, HandmatigKanaal, Ingediend, Status, kanaal_uit
from integrations.uwv.settings import UwvSettings
from integrations.uwv.simulator import OPENAPI_FILE, SimState, make_app, openapi_yaml, vandaag
from tests.conftest import AppServer, free_port
from tests.integrations.test_gemeente import OARequest, OAResponse, Recording

TOKEN = "uwv-test-token"
BSN = "999993549"  # passes the 11-proef (test value)


def bsns(n: int) -> list[str]:
    """n distinct test BSNs that pass the 11-proef."""
    out, x = [], 900000000
    while len(out) < n:
        x += 1
        d = str(x)
        if (sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1), strict=True)) - int(d[8])) % 11 == 0:
            out.append(d)
    return out


class UwvServer(AppServer):
    def __init__(self, state_file: Path | None = None, port: int | None = None, prefix: str = "",
                 **tls: object) -> None:
        self.state = SimState(tokens={TOKEN: "werkpad-test"}, state_file=state_file)
        app = make_app(self.state)
        if prefix:  # as the combined ketenpartners simulator will serve it
            parent = FastAPI()
            parent.mount(prefix, app)
            app = parent
        super().__init__(app, port, **tls)
        self.api_url = self.url + prefix

    def sim(self, path: str, body: dict[str, object] | None = None) -> httpx.Response:
        url = f"{self.api_url}/_sim{path}"
        return httpx.post(url, json=body, timeout=5) if body is not None else httpx.get(url, timeout=5)


@pytest.fixture(scope="module")
def uwv_server() -> Iterator[UwvServer]:
    s = UwvServer().start()
    yield s
    s.stop()


@pytest.fixture()
def uwv(uwv_server: UwvServer) -> Iterator[UwvServer]:
    uwv_server.state.leeg()
    yield uwv_server
    uwv_server.state.storing = None


def settings(server: UwvServer, **kw: object) -> UwvSettings:
    return UwvSettings(kanaal="http", api_url=server.api_url, token=TOKEN, **kw)  # type: ignore[arg-type]


def aanvraag(bsn: str = BSN, soort: str = "beschut_werk", ref: str = "IJW-2026-000001") -> Aanvraag:
    return Aanvraag(soort=soort, bsn=bsn, gemeentecode="0453", zaakreferentie=ref,  # type: ignore[arg-type]
                    bijlagen=[Bijlage(soort="stageverslag", titel="Stageverslag IJmond Werkt!", datum=date(2026, 11, 2)),
                              Bijlage(soort="bevindingen", titel="Bevindingen werkcoach", kenmerk="DOC-17")])


@lru_cache
def contract() -> OpenAPI:
    # problem+json is JSON; openapi-core only knows application/json by name.
    return OpenAPI.from_file_path(str(OPENAPI_FILE),
                                  config=Config(extra_media_type_deserializers={"application/problem+json": json.loads}))


def check_against_contract(exchanges: list[tuple[httpx.Request, httpx.Response]]) -> int:
    for req, resp in exchanges:
        oa_req = OARequest(req)
        contract().validate_request(oa_req)
        contract().validate_response(oa_req, OAResponse(resp))
    return len(exchanges)


def test_committed_openapi_is_what_the_simulator_serves() -> None:
    assert yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8")) == yaml.safe_load(openapi_yaml()), \
        "integrations/uwv/openapi.yaml is stale: python -m integrations.uwv.simulator --openapi"


def test_submit_gives_a_receipt_and_both_sides_keep_to_the_contract(uwv: UwvServer) -> None:
    rec = Recording()
    with UwvHttpKanaal(settings(uwv), transport=rec) as k:
        ingediend = k.dien_in(aanvraag(), "outbox-1")
        assert isinstance(ingediend, Ingediend) and ingediend.uwv_id.startswith("UWV-IND-")
        assert ingediend.ontvangen_op == vandaag()  # the demo simulator confirms receipt at once
        again = k.dien_in(aanvraag(), "outbox-1")
        assert again == ingediend  # the same receipt (200), not a second aanvraag
        st = k.status(ingediend.uwv_id)
        assert st == Status(uwv_id=ingediend.uwv_id, soort="beschut_werk", ontvangen_op=vandaag())
        with pytest.raises(UwvRejected):  # a refusal, too, has the contract's shape (problem+json)
            k.dien_in(aanvraag(bsn="123456789", ref="IJW-2026-000002"), "outbox-2")
        with pytest.raises(UwvRejected, match="404"):
            k.status("UWV-IND-2026-999999")
    assert [r.status_code for _, r in rec.exchanges] == [201, 200, 200, 422, 404]
    assert rec.exchanges[0][0].headers["Idempotency-Key"] == "outbox-1"
    assert check_against_contract(rec.exchanges) == 5
    assert len(uwv.state.aanvragen) == 1

    # The simulator's own refusals of requests our client never sends keep to the contract too.
    h = {"Authorization": f"Bearer {TOKEN}"}
    body = aanvraag().model_dump(mode="json")
    raw = [httpx.post(f"{uwv.api_url}{AANVRAGEN}", json=body, headers=h),  # no Idempotency-Key
           httpx.post(f"{uwv.api_url}{AANVRAGEN}", json={**body, "soort": "wajong"},
                      headers={**h, "Idempotency-Key": "x"})]
    assert [r.status_code for r in raw] == [400, 422]
    assert "Idempotency-Key ontbreekt" in raw[0].json()["detail"]
    assert raw[1].json()["detail"] == "De aanvraag voldoet niet aan het contract: soort: onbekende waarde."
    for r in raw:
        assert r.headers["content-type"] == "application/problem+json"
        contract().validate_response(OARequest(r.request), OAResponse(r))


def test_a_lost_answer_retried_with_the_same_key_files_one_aanvraag(uwv: UwvServer) -> None:
    # Only the call meant to time out gets the short timeout: a busy machine must not fail the others.
    with UwvHttpKanaal(settings(uwv)) as k, UwvHttpKanaal(settings(uwv, timeout_seconds=0.1)) as ongeduldig:
        uwv.sim("/storing", {"soort": "verloren", "volgende": 1})  # stored, then 503
        with pytest.raises(UwvTransient, match="503"):
            k.dien_in(aanvraag(), "outbox-7")
        eerste = k.dien_in(aanvraag(), "outbox-7")
        uwv.sim("/storing", {"soort": "verloren-traag", "volgende": 1, "vertraging": 0.3})  # stored, answer too late
        with pytest.raises(UwvTransient, match="niet binnen"):
            ongeduldig.dien_in(aanvraag(soort="banenafspraak"), "outbox-8")
        tweede = k.dien_in(aanvraag(soort="banenafspraak"), "outbox-8")
    assert eerste.uwv_id != tweede.uwv_id
    per = uwv.sim("/verzoeken").json()["per_sleutel"]
    assert per == {"outbox-7": {"verzoeken": 2, "aanvragen": 1}, "outbox-8": {"verzoeken": 2, "aanvragen": 1}}
    assert sorted(uwv.state.aanvragen) == sorted([eerste.uwv_id, tweede.uwv_id])


@pytest.mark.parametrize("soort", ["503", "verloren"])
def test_thirty_percent_failures_with_retries_file_every_aanvraag_exactly_once(uwv: UwvServer, soort: str) -> None:
    uwv.sim("/storing", {"soort": soort, "aandeel": 0.3, "seed": 7})
    ids = {}
    with UwvHttpKanaal(settings(uwv)) as k:
        for i, bsn in enumerate(bsns(25)):
            key, a = f"outbox-{i}", aanvraag(bsn=bsn, ref=f"IJW-2026-{i:06d}")
            for _ in range(30):  # the task's retry loop, without its waits: same key every time
                try:
                    ids[key] = k.dien_in(a, key).uwv_id
                    break
                except PartnerTransient as exc:
                    assert is_transient(exc)
    assert len(ids) == 25
    per = uwv.sim("/verzoeken").json()["per_sleutel"]
    assert all(v["aanvragen"] == 1 for v in per.values()) and len(per) == 25
    assert sum(v["verzoeken"] for v in per.values()) > 25  # faults did happen (about 30 % of the calls)
    assert sorted(ids.values()) == sorted(uwv.state.aanvragen)
    assert {uwv.state.aanvragen[i]["sleutel"] for i in ids.values()} == set(ids)


def test_refusals_carry_uwvs_dutch_message_and_never_the_bsn(uwv: UwvServer) -> None:
    fout = "123456789"  # fails the 11-proef
    with UwvHttpKanaal(settings(uwv)) as k:
        with pytest.raises(UwvRejected) as exc:
            k.dien_in(aanvraag(bsn=fout), "outbox-1")
        assert isinstance(exc.value, PartnerRejected) and not is_transient(exc.value)
        assert exc.value.status == 422
        assert "11-proef" in str(exc.value) and "UWV weigerde" in str(exc.value)
        assert fout not in str(exc.value) and fout not in repr(exc.value.body) and fout not in repr(exc.value.args)

        k.dien_in(aanvraag(), "outbox-2")
        with pytest.raises(UwvRejected, match="al gebruikt voor een andere aanvraag"):
            k.dien_in(aanvraag(soort="banenafspraak"), "outbox-2")  # same key, other body
    with UwvHttpKanaal(UwvSettings(kanaal="http", api_url=uwv.api_url, token="verkeerd")) as k:
        with pytest.raises(UwvRejected, match="401"):
            k.dien_in(aanvraag(), "outbox-3")
    assert len(uwv.state.aanvragen) == 1


def test_timeouts_unreachable_and_5xx_are_transient(uwv: UwvServer) -> None:
    with UwvHttpKanaal(settings(uwv, timeout_seconds=0.1)) as ongeduldig:
        uwv.sim("/storing", {"soort": "traag", "volgende": 1, "vertraging": 0.3})
        with pytest.raises(UwvTransient, match="niet binnen 0.1 s"):
            ongeduldig.dien_in(aanvraag(), "outbox-1")
    with UwvHttpKanaal(settings(uwv)) as k:
        uwv.sim("/storing", {"soort": "503", "volgende": 1})
        with pytest.raises(UwvTransient, match="503"):
            k.dien_in(aanvraag(), "outbox-1")
    assert uwv.state.aanvragen == {}  # neither fault handled the aanvraag
    with UwvHttpKanaal(UwvSettings(kanaal="http", api_url=f"http://127.0.0.1:{free_port()}", token=TOKEN)) as k:
        with pytest.raises(UwvTransient, match="niet bereikbaar"):
            k.status("UWV-IND-2026-000001")


def test_answers_outside_the_contract_are_malformed(uwv: UwvServer) -> None:
    with UwvHttpKanaal(settings(uwv)) as k:
        uwv.sim("/storing", {"soort": "geen-json", "volgende": 1})
        with pytest.raises(UwvMalformed, match="geen JSON"):
            k.dien_in(aanvraag(), "outbox-1")
        uwv.sim("/storing", {"soort": "vreemde-vorm", "volgende": 1})
        with pytest.raises(UwvMalformed, match="ontvangstbewijs") as exc:
            k.dien_in(aanvraag(), "outbox-1")
        assert isinstance(exc.value, PartnerMalformed) and not is_transient(exc.value)
        uwv_id = k.dien_in(aanvraag(), "outbox-1").uwv_id
        uwv.sim("/storing", {"soort": "vreemde-vorm", "volgende": 1})
        with pytest.raises(UwvMalformed, match="status"):
            k.status(uwv_id)
        # A beslissing of the wrong kind (a beschikking on beschut werk) is not filed either.
        uwv.state.aanvragen[uwv_id]["beslissing"] = {"uitkomst": "positief", "datum": vandaag().isoformat(),
                                                     "vorm": "beschikking", "motivering": None}
        with pytest.raises(UwvMalformed, match="verwacht: advies"):
            k.status(uwv_id)


def test_status_shows_the_ontvangstbevestiging_and_later_the_beslissing(uwv: UwvServer) -> None:
    assert uwv.sim("/automatisch-ontvangen", {"aan": False}).json() == {"aan": False}
    with UwvHttpKanaal(settings(uwv)) as k:
        beschut = k.dien_in(aanvraag(), "outbox-1")
        banen = k.dien_in(aanvraag(soort="banenafspraak"), "outbox-2")
        assert beschut.ontvangen_op is None
        assert k.status(beschut.uwv_id) == Status(uwv_id=beschut.uwv_id, soort="beschut_werk")
        r = uwv.sim(f"/beslis/{beschut.uwv_id}", {"uitkomst": "positief", "datum": "2026-12-01"})
        assert r.status_code == 409  # no beslissing before receipt
        assert uwv.sim(f"/ontvangst/{beschut.uwv_id}", {"datum": "2026-11-26"}).status_code == 200
        assert uwv.sim(f"/ontvangst/{banen.uwv_id}", {"datum": "2026-11-27"}).status_code == 200
        st = k.status(beschut.uwv_id)
        assert st.ontvangen_op == date(2026, 11, 26) and st.beslissing is None
        uwv.sim(f"/beslis/{beschut.uwv_id}", {"uitkomst": "positief", "datum": "2027-01-14",
                                             "motivering": "Aangewezen op beschutte omgeving."})
        uwv.sim(f"/beslis/{banen.uwv_id}", {"uitkomst": "negatief", "datum": "2027-01-20"})
        st, st2 = k.status(beschut.uwv_id), k.status(banen.uwv_id)
    assert st.beslissing is not None and st2.beslissing is not None
    assert (st.beslissing.uitkomst, st.beslissing.vorm, st.beslissing.datum) == ("positief", "advies", date(2027, 1, 14))
    assert st.beslissing.motivering == "Aangewezen op beschutte omgeving."
    assert (st2.beslissing.uitkomst, st2.beslissing.vorm, st2.beslissing.motivering) == ("negatief", "beschikking", None)
    assert uwv.sim("/ontvangst/UWV-IND-0000-000000", {}).status_code == 404


def test_the_manual_channel_makes_no_call_and_asks_for_a_staff_task(uwv: UwvServer) -> None:
    k = kanaal_uit(UwvSettings(kanaal="handmatig", api_url=uwv.api_url, token=TOKEN))
    assert isinstance(k, HandmatigKanaal)
    with k:
        res = k.dien_in(aanvraag(), "outbox-1")
        assert isinstance(res, Handmatig) and res.kanaal == "handmatig"
        assert f"'{FORMULIER}'" in res.taak and "leg de datum" in res.taak and "advies beschut werk" in res.taak
        assert "Postbus 2441" in res.adres
        assert isinstance(k.status("UWV-IND-2026-000001"), Handmatig)
    assert uwv.state.verzoeken == [] and uwv.state.aanvragen == {}
    with kanaal_uit(settings(uwv)) as http:
        assert isinstance(http, UwvHttpKanaal)
    assert UwvSettings().kanaal == "handmatig"  # UWV has no public API: by hand unless configured


def test_mounted_under_a_prefix_as_in_the_combined_simulator() -> None:
    server = UwvServer(prefix="/uwv").start()
    try:
        assert server.sim("/health").json() == {"status": "ok"}
        with UwvHttpKanaal(settings(server)) as k:
            server.sim("/storing", {"soort": "verloren", "volgende": 1})
            with pytest.raises(UwvTransient):
                k.dien_in(aanvraag(), "outbox-1")
            ingediend = k.dien_in(aanvraag(), "outbox-1")
            assert k.status(ingediend.uwv_id).uwv_id == ingediend.uwv_id
        assert server.sim("/verzoeken").json()["per_sleutel"] == {"outbox-1": {"verzoeken": 2, "aanvragen": 1}}
        assert httpx.get(f"{server.url}{AANVRAGEN}/{ingediend.uwv_id}").status_code == 404  # only under /uwv
    finally:
        server.stop()


def test_state_file_is_owner_only_survives_a_restart_and_logs_hold_no_bsn(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path, port = tmp_path / "uwv-simulator.json", free_port()
    server = UwvServer(state_file=path, port=port).start()
    try:
        with caplog.at_level(logging.INFO, logger="integrations.uwv.simulator"):
            with UwvHttpKanaal(settings(server)) as k:
                eerst = k.dien_in(aanvraag(), "outbox-1")
        assert server.sim("/beslis/" + eerst.uwv_id, {"uitkomst": "negatief"}).status_code == 200
        getoond = server.sim("/aanvragen").json()["aanvragen"]
    finally:
        server.stop()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds the BSN, as UWV's records would
    assert not list(tmp_path.glob("*.tmp"))
    assert BSN not in caplog.text and server.state.bsn_hash(BSN) in caplog.text
    assert BSN not in str(getoond) and getoond[0]["bsn_hash"] == server.state.bsn_hash(BSN)

    server = UwvServer(state_file=path, port=port).start()  # restarted
    try:
        with UwvHttpKanaal(settings(server)) as k:
            assert k.dien_in(aanvraag(), "outbox-1") == eerst  # the key is still known: no second aanvraag
            st = k.status(eerst.uwv_id)
            assert st.beslissing is not None and st.beslissing.uitkomst == "negatief"
            nieuw = k.dien_in(aanvraag(soort="banenafspraak"), "outbox-2")
        assert nieuw.uwv_id != eerst.uwv_id and len(server.state.aanvragen) == 2
    finally:
        server.stop()


def test_the_aanvraag_and_settings_refuse_bad_input_without_echoing_it() -> None:
    with pytest.raises(ValidationError) as exc:
        Aanvraag(soort="beschut_werk", bsn="12345678X", gemeentecode="0453", zaakreferentie="IJW-1")
    assert "12345678X" not in str(exc.value)
    assert BSN not in repr(aanvraag())
    with pytest.raises(ValidationError, match="horen bij elkaar"):
        UwvSettings(client_cert=Path("/tmp/cert.pem"))
    with pytest.raises(ValueError, match="Idempotency-Key"):
        UwvHttpKanaal(UwvSettings(kanaal="http", token=TOKEN)).dien_in(aanvraag(), " ")


def _pki(tmp: Path) -> dict[str, Path]:
    """A throwaway CA with a server certificate for 127.0.0.1 and a client certificate (werkpad)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)

    def cert(name: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name | None, signer: ec.EllipticCurvePrivateKey,
             ca: bool = False, server: bool = False) -> x509.Certificate:
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer or subject).public_key(key.public_key())
             .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=1))
             .not_valid_after(now + dt.timedelta(hours=1))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH if server
                                                       else ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        if server:
            b = b.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                critical=False)
        return b.sign(signer, hashes.SHA256())

    out: dict[str, Path] = {}
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = cert("test-ca", ca_key, None, ca_key, ca=True)
    out["ca"] = tmp / "ca.pem"
    out["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for name, server in (("server", True), ("client", False)):
        key = ec.generate_private_key(ec.SECP256R1())
        c = cert(f"uwv-{name}", key, ca.subject, ca_key, server=server)
        out[name] = tmp / f"{name}.pem"
        out[name].write_bytes(c.public_bytes(serialization.Encoding.PEM))
        out[f"{name}_key"] = tmp / f"{name}.key"
        out[f"{name}_key"].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    return out


def test_mutual_tls_with_our_certificate_and_uwvs_ca(tmp_path: Path) -> None:
    import ssl

    pki = _pki(tmp_path)
    server = UwvServer(ssl_certfile=str(pki["server"]), ssl_keyfile=str(pki["server_key"]),
                       ssl_ca_certs=str(pki["ca"]), ssl_cert_reqs=ssl.CERT_REQUIRED).start()
    try:
        assert server.api_url.startswith("https://")
        mtls = settings(server, client_cert=pki["client"], client_key=pki["client_key"], ca_bundle=pki["ca"])
        with UwvHttpKanaal(mtls) as k:
            assert isinstance(k.dien_in(aanvraag(), "outbox-1"), Ingediend)
        with UwvHttpKanaal(settings(server, ca_bundle=pki["ca"])) as k:  # no client certificate
            with pytest.raises(UwvTransient):  # TLS 1.3: the server hangs up after the handshake
                k.dien_in(aanvraag(), "outbox-2")
        with UwvHttpKanaal(settings(server, client_cert=pki["client"], client_key=pki["client_key"])) as k:
            with pytest.raises(UwvTransient, match="TLS"):  # UWV's certificate is not from a CA we trust
                k.dien_in(aanvraag(), "outbox-3")
        assert len(server.state.aanvragen) == 1
    finally:
        server.stop()
