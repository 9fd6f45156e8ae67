"""The Suwinet client against the real Suwinet simulator on loopback, checked against BKWI's XSDs."""

from __future__ import annotations

import ast
import logging
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from lxml import etree

from domain.errors import InvalidBSN
from integrations.errors import PartnerMalformed, PartnerRejected, PartnerTransient, is_transient
from integrations.inlichtingenbureau.bericht import fouten as ib_fouten
from integrations.inlichtingenbureau.settings import InlichtingenbureauSettings
from integrations.suwinet import berichten as b
from integrations.suwinet.client import (
    Doelgroepregister,
    NietsGevonden,
    Registratie,
    SuwinetClient,
    staat_in_doelgroepregister,
)
from integrations.suwinet.errors import SuwinetConfigError, SuwinetMalformed, SuwinetRejected, SuwinetTransient
from integrations.suwinet.settings import SuwinetSettings
from integrations.suwinet.simulator import ENDPOINT, SuwinetState, make_app
from tests.conftest import AppServer

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "suwinet"
TEST_BSNS = ["111111110", "444444440", "999991954", "022264541", "689735273", "123456782", "999993549", "999998493"]


class Recording(httpx.HTTPTransport):
    """A real transport that keeps every exchange, to check it against the XSDs afterwards."""

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        self.exchanges.append((request, response))
        return response


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    state = SuwinetState(user="werkpad-test", password="geheim-test", specs_dir=SPECS)
    s = AppServer(make_app(state)).start()
    s.state = state  # type: ignore[attr-defined]
    yield s
    s.stop()


@pytest.fixture()
def suwi(server: AppServer) -> Iterator[AppServer]:
    assert server.drive("/_sim/clear", {}).status_code == 200
    yield server
    server.drive("/_sim/clear", {})


def settings(sim: AppServer, **kw: object) -> SuwinetSettings:
    base: dict[str, object] = {"url": sim.url + ENDPOINT, "user": "werkpad-test", "password": "geheim-test",
                               "specs_dir": SPECS, "timeout_seconds": 2.0}
    return SuwinetSettings.model_validate({**base, **kw})


def body_child(content: bytes) -> etree._Element:
    return b.lees_envelope(content)[1]


ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("flows", "tasks", "integrations", "notifications", "deployments", "domain", "casestore", "werkpad")


def test_the_product_has_no_path_into_the_shared_folder() -> None:
    """Issue 19 point 7: a clone of the project alone runs; ../shared is for developers and tests."""
    paden = []
    for py in sorted(p for folder in PRODUCT for p in (ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                    node.value == "shared" or node.value.startswith(("../shared", "shared/"))):
                paden.append(f"{py.relative_to(ROOT)}:{node.lineno}")
    assert paden == []


def test_no_xsd_folder_by_default_and_what_the_start_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BKWI's XSDs come from the setting (ops supply them). Without it a development stack starts and
    says once, in one line, that the XSD check is off; outside development the start stops with one
    line; a folder without the XSDs stops it everywhere."""
    from tasks.settings import Settings
    from werkpad.stack import xsd_fout, xsd_uit

    monkeypatch.delenv("WERKPAD_SUWINET__SPECS_DIR", raising=False)  # the tests' own folder (conftest)
    monkeypatch.delenv("WERKPAD_INLICHTINGENBUREAU__SPECS_DIR", raising=False)
    assert SuwinetSettings().specs_dir is None and InlichtingenbureauSettings().specs_dir is None
    dev = Settings(data_dir=tmp_path)
    assert dev.suwinet.specs_dir is None and dev.inlichtingenbureau.specs_dir is None
    assert xsd_fout(dev) is None
    assert xsd_uit(dev) == ("de XSD-controle van Suwinet en het Inlichtingenbureau staat uit (ontwikkeling, geen "
                            "XSD's van BKWI); zet WERKPAD_SUWINET__SPECS_DIR op de map met die XSD's om hem aan te "
                            "zetten.")
    eigen: dict[str, Any] = {"gemeente": {"secret": "p" * 32}, "inlichtingenbureau": {"password": "eigen-ib"},
                             "notificaties": {"token": "eigen-notificatietoken-1234"}}
    prod = Settings(data_dir=tmp_path, omgeving="productie", suwinet={"password": "eigen"}, **eigen)  # type: ignore[arg-type]
    assert xsd_fout(prod) == ("WERKPAD_SUWINET__SPECS_DIR is niet gezet: in omgeving 'productie' controleert werkpad "
                              "elk Suwinet- en IB-bericht tegen de XSD's van BKWI; zet de map met die XSD's.")
    leeg = Settings(data_dir=tmp_path, suwinet={"specs_dir": tmp_path})  # type: ignore[arg-type]
    assert xsd_fout(leeg) == (f"De XSD's van BKWI staan niet in {tmp_path} ({b.DIENST / 'BodyAction.xsd'} "
                              "ontbreekt); controleer WERKPAD_SUWINET__SPECS_DIR.")
    # Ops set the one folder: both partners' checks are on, and nothing is said.
    ops = Settings(data_dir=tmp_path, omgeving="productie", suwinet={"password": "eigen", "specs_dir": SPECS},  # type: ignore[arg-type]
                   **eigen)
    assert ops.inlichtingenbureau.specs_dir == SPECS
    assert xsd_fout(ops) is None and xsd_uit(ops) is None


def test_without_the_xsds_client_and_simulator_still_work() -> None:
    """Development without BKWI's XSDs: no validation, the lookups and their errors as before."""
    state = SuwinetState(user="u", password="p")  # no specs_dir
    s = AppServer(make_app(state)).start()
    try:
        with SuwinetClient(SuwinetSettings(url=s.url + ENDPOINT, user="u", password="p")) as c:  # type: ignore[arg-type]
            assert c.doelgroepregister("111111110") == Doelgroepregister(registraties=(Registratie("IB", date(2020, 1, 1)),))
            assert c.doelgroepregister("444444440") == NietsGevonden()
            s.drive("/_sim/fault", {"malformed_next": 1})  # the XSD no longer catches it: the client's own reading does
            with pytest.raises(SuwinetMalformed, match="Onverwacht antwoord van Suwinet"):
                c.doelgroepregister("111111110")
    finally:
        s.stop()
    # The IB bericht keeps its own checks without the SuwiML types.
    goed = {"Burgerservicenr": "123456782", "Gemeentecode": "0453", "Rsin": "001826219",
            "CdArbeidsvermogenOnderWml": "1", "DatBReintegratieInzet": "20261102", "PercLoonwaardeTovWml": "06550"}
    assert ib_fouten(goed, None) == [] == ib_fouten(goed, SPECS)
    fout = goed | {"Burgerservicenr": "123456789", "DatBReintegratieInzet": "2026110x", "PercLoonwaardeTovWml": "6550"}
    assert [f["name"] for f in ib_fouten(fout, None)] == [f["name"] for f in ib_fouten(fout, SPECS)] == [
        "Burgerservicenr", "DatBReintegratieInzet", "PercLoonwaardeTovWml"]


def test_found_niets_gevonden_and_every_exchange_validates(suwi: AppServer) -> None:
    rec = Recording()
    with SuwinetClient(settings(suwi), transport=rec) as c:
        found = c.doelgroepregister("111111110")
        assert found == Doelgroepregister(registraties=(Registratie("IB", date(2020, 1, 1)),))
        assert staat_in_doelgroepregister(found, date(2026, 11, 24))
        assert c.doelgroepregister("444444440") == NietsGevonden()
        ended = c.doelgroepregister("022264541")
        assert isinstance(ended, Doelgroepregister)
        assert not staat_in_doelgroepregister(ended, date(2026, 1, 1))
        assert staat_in_doelgroepregister(ended, date(2019, 12, 31))
        with pytest.raises(SuwinetRejected):
            c.doelgroepregister("999991954")
    assert len(rec.exchanges) == 4
    for req, resp in rec.exchanges:
        assert req.headers["content-type"].startswith("application/soap+xml")
        vraag = body_child(req.content)
        assert b.valideer(SPECS, vraag) == []
        assert etree.QName(vraag).localname == "UWVPersoonsArbeidsbeperktenInfo"
        env = etree.fromstring(req.content)
        assert env.findtext(f"{{{b.SOAP12}}}Header/{{{b.WSA}}}Action") == b.ACTION_VRAAG
        assert env.find(f".//{{{b.WSU}}}Timestamp/{{{b.WSU}}}Created") is not None
        child = body_child(resp.content)
        if etree.QName(child).localname == "Fault":
            child = child.find(f"{{{b.SOAP12}}}Detail")[0]  # type: ignore[index]
        assert b.valideer(SPECS, child) == [], etree.tostring(child)


def test_every_test_bsn_answer_validates(suwi: AppServer) -> None:
    """Every simulator answer, whatever branch of the choice, is valid BodyReaction.xsd."""
    for bsn in TEST_BSNS:
        env = b.envelope(b.vraag(bsn), action=b.ACTION_VRAAG)
        r = httpx.post(suwi.url + ENDPOINT, content=b.serialiseer(env), auth=("werkpad-test", "geheim-test"),
                       headers={"Content-Type": b.CONTENT_TYPE})
        child = body_child(r.content)
        if etree.QName(child).localname == "Fault":
            assert r.status_code == 400
            child = child.find(f"{{{b.SOAP12}}}Detail")[0]  # type: ignore[index]
        assert b.valideer(SPECS, child) == []


def test_fwi_fault_is_rejected_with_the_partners_text(suwi: AppServer) -> None:
    with SuwinetClient(settings(suwi)) as c, pytest.raises(SuwinetRejected) as exc:
        c.doelgroepregister("999991954")
    assert isinstance(exc.value, PartnerRejected) and not is_transient(exc.value)
    assert "SUWI-0042" in str(exc.value) and "De bron UWV kon de aanvraag niet verwerken" in str(exc.value)
    assert "999991954" not in str(exc.value)


def test_fwi_inside_the_answer_is_rejected_and_a_warning_is_kept(suwi: AppServer) -> None:
    with SuwinetClient(settings(suwi)) as c:
        with pytest.raises(SuwinetRejected) as exc:
            c.doelgroepregister("999993549")
        assert exc.value.status == 200 and "SUWI-0107" in str(exc.value) and "Geen autorisatie" in str(exc.value)
        a = c.doelgroepregister("999998493")
    assert isinstance(a, Doelgroepregister) and a.registraties == (Registratie("IB", date(2024, 3, 1)),)
    assert a.meldingen == ("Waarschuwing SUWI-0201: Gegevens mogelijk onvolledig.",)


def test_registration_added_at_runtime(suwi: AppServer) -> None:
    assert suwi.drive("/_sim/registraties", {"bsn": "123456782", "code": "PR", "begin": "2026-11-01"}).status_code == 201
    with SuwinetClient(settings(suwi)) as c:
        a = c.doelgroepregister("123456782")
    assert a == Doelgroepregister(registraties=(Registratie("PR", date(2026, 11, 1)),))
    assert not staat_in_doelgroepregister(a, date(2026, 10, 31))
    assert staat_in_doelgroepregister(a, date(2026, 11, 1))
    log = httpx.get(suwi.url + "/_sim/verzoeken").json()
    assert log["lookups"] == 1 and "123456782" not in str(log)  # hashes only


def test_malformed_answer(suwi: AppServer) -> None:
    suwi.drive("/_sim/fault", {"malformed_next": 1})
    with SuwinetClient(settings(suwi)) as c, pytest.raises(SuwinetMalformed) as exc:
        c.doelgroepregister("111111110")
    assert isinstance(exc.value, PartnerMalformed)
    assert "BodyReaction.xsd" in str(exc.value)


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_transient(suwi: AppServer, status: int) -> None:
    suwi.drive("/_sim/fault", {"fail_next": 1, "fail_status": status})
    with SuwinetClient(settings(suwi)) as c:
        with pytest.raises(SuwinetTransient) as exc:
            c.doelgroepregister("111111110")
        assert is_transient(exc.value) and str(status) in str(exc.value)
        assert isinstance(c.doelgroepregister("111111110"), Doelgroepregister)  # the next call is fine


def test_fail_share(suwi: AppServer) -> None:
    suwi.drive("/_sim/fault", {"fail_share": 0.5, "fail_status": 503, "seed": 1})
    outcomes = []
    with SuwinetClient(settings(suwi)) as c:
        for _ in range(20):
            try:
                c.doelgroepregister("111111110")
                outcomes.append("ok")
            except PartnerTransient:
                outcomes.append("transient")
    assert 0 < outcomes.count("transient") < 20


def test_timeout_is_transient(suwi: AppServer) -> None:
    suwi.drive("/_sim/fault", {"delay_seconds": 0.3})
    with SuwinetClient(settings(suwi, timeout_seconds=0.1)) as c, pytest.raises(SuwinetTransient) as exc:
        c.doelgroepregister("111111110")
    assert "antwoordde niet binnen" in str(exc.value)


def test_unreachable_is_transient(suwi: AppServer) -> None:
    from tests.conftest import free_port

    s = settings(suwi, url=f"http://127.0.0.1:{free_port()}{ENDPOINT}")
    with SuwinetClient(s) as c, pytest.raises(SuwinetTransient) as exc:
        c.doelgroepregister("111111110")
    assert "niet bereikbaar" in str(exc.value)


def test_wrong_basic_auth_is_rejected(suwi: AppServer) -> None:
    with SuwinetClient(settings(suwi, password="fout")) as c, pytest.raises(SuwinetRejected) as exc:
        c.doelgroepregister("111111110")
    assert exc.value.status == 401 and "aanmelding" in str(exc.value)


def test_invalid_bsn_is_never_sent(suwi: AppServer) -> None:
    with SuwinetClient(settings(suwi)) as c, pytest.raises(InvalidBSN):
        c.doelgroepregister("123456789")
    assert httpx.get(suwi.url + "/_sim/verzoeken").json()["lookups"] == 0


def test_no_bsn_in_messages_logs_or_results(suwi: AppServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    with SuwinetClient(settings(suwi)) as c:
        for bsn in TEST_BSNS:
            try:
                texts.append(repr(c.doelgroepregister(bsn)))
            except Exception as exc:  # noqa: BLE001 - every kind, to read its message
                texts.append(str(exc) + repr(getattr(exc, "body", None)))
        suwi.drive("/_sim/fault", {"malformed_next": 1})
        with pytest.raises(SuwinetMalformed) as exc:
            c.doelgroepregister("111111110")
        texts.append(str(exc.value))
    texts += [r.getMessage() for r in caplog.records]
    for bsn in TEST_BSNS:
        assert not any(bsn in t for t in texts), bsn


def test_datum_with_unknown_parts() -> None:
    assert b.lees_datum("20260000") == date(2026, 1, 1)
    assert b.lees_datum("20260000", eind=True) == date(2026, 12, 31)
    assert b.lees_datum("20240200", eind=True) == date(2024, 2, 29)
    assert b.lees_datum("20261200", eind=True) == date(2026, 12, 31)
    assert b.lees_datum("00000000") is None


def test_missing_specs_is_a_configuration_error(suwi: AppServer, tmp_path: Path) -> None:
    with pytest.raises(SuwinetConfigError) as exc:
        SuwinetClient(settings(suwi, specs_dir=tmp_path))
    assert "specs_dir" in str(exc.value)


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "werkpad-test")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_wsse_signature_verifies_and_the_simulator_accepts_it(suwi: AppServer, tmp_path: Path) -> None:
    from zeep.wsse.signature import verify_envelope

    cert_file, key_file = _self_signed(tmp_path)
    with SuwinetClient(settings(suwi, wsse_cert_file=cert_file, wsse_key_file=key_file)) as c:
        signed = c.bericht("111111110")
        env = etree.fromstring(signed)
        verify_envelope(env, str(cert_file))  # raises when the signature does not hold
        assert env.find(f".//{{{b.WSSE}}}BinarySecurityToken") is not None
        assert b"rsa-sha256" in signed and b"xmlenc#sha256" in signed and b"xmldsig#sha1" not in signed
        # Body, Timestamp and every WS-Addressing header are signed, as the WSDL asks.
        signed_ids = {r.get("URI")[1:] for r in env.iter("{http://www.w3.org/2000/09/xmldsig#}Reference")
                      if r.get("URI")}
        wsu_id = f"{{{b.WSU}}}Id"
        targets = [env.find(f"{{{b.SOAP12}}}Body"), env.find(f".//{{{b.WSU}}}Timestamp"),
                   *env.find(f"{{{b.SOAP12}}}Header").iterfind(f"{{{b.WSA}}}*")]  # type: ignore[union-attr]
        assert len(targets) == 5 and {t.get(wsu_id) for t in targets} <= signed_ids  # type: ignore[union-attr]
        # Tampering with a signed header breaks the signature.
        env.find(f".//{{{b.WSA}}}To").text = "https://elders.example/"  # type: ignore[union-attr]
        from zeep.wsse.signature import SignatureVerificationFailed

        with pytest.raises(SignatureVerificationFailed):
            verify_envelope(env, str(cert_file))
        assert b.valideer(SPECS, body_child(signed)) == []
        assert isinstance(c.doelgroepregister("111111110"), Doelgroepregister)


def test_signing_without_xmlsec_is_a_clear_configuration_error(suwi: AppServer, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cert_file, key_file = _self_signed(tmp_path)
    monkeypatch.setitem(sys.modules, "xmlsec", None)  # as if xmlsec were not installed
    with pytest.raises(SuwinetConfigError) as exc:
        SuwinetClient(settings(suwi, wsse_cert_file=cert_file, wsse_key_file=key_file))
    assert "xmlsec ontbreekt" in str(exc.value)


def test_unreadable_signing_key_is_a_configuration_error(suwi: AppServer, tmp_path: Path) -> None:
    cert_file, _ = _self_signed(tmp_path)
    bad = tmp_path / "bad.pem"
    bad.write_text("geen sleutel", encoding="ascii")
    with pytest.raises(SuwinetConfigError) as exc:
        SuwinetClient(settings(suwi, wsse_cert_file=cert_file, wsse_key_file=bad))
    assert "wsse_key_file" in str(exc.value)


def test_half_a_certificate_pair_is_refused() -> None:
    with pytest.raises(ValueError, match="cert_file als key_file"):
        SuwinetSettings(cert_file=Path("/tmp/c.pem"))


def _certificate(tmp_path: Path, name: str, issuer: tuple[object, object] | None = None,
                 ip: str | None = None) -> tuple[Path, Path, object, object]:
    """A key and certificate (PEM files), signed by `issuer` (cert, key) or self-signed as a CA."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
               .not_valid_after(now + timedelta(days=1)))
    if issuer is None:
        builder = builder.issuer_name(subject).add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        signer = key
    else:
        builder = builder.issuer_name(issuer[0].subject)  # type: ignore[attr-defined]
        signer = issuer[1]
    if ip is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]), False)
    cert = builder.sign(signer, hashes.SHA256())  # type: ignore[arg-type]
    cert_file, key_file = tmp_path / f"{name}.pem", tmp_path / f"{name}-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file, cert, key


def test_mtls_with_client_certificate_and_ca_bundle(tmp_path: Path) -> None:
    """The gateway's side as uvicorn over TLS that demands a client certificate from our CA."""
    import ssl

    ca_file, _, ca_cert, ca_key = _certificate(tmp_path, "test-ca")
    server_cert, server_key, _, _ = _certificate(tmp_path, "gateway", (ca_cert, ca_key), ip="127.0.0.1")
    client_cert, client_key, _, _ = _certificate(tmp_path, "werkpad", (ca_cert, ca_key))
    state = SuwinetState(user="werkpad-test", password="geheim-test", specs_dir=SPECS)
    s = AppServer(make_app(state), ssl_certfile=str(server_cert), ssl_keyfile=str(server_key),
                  ssl_ca_certs=str(ca_file), ssl_cert_reqs=ssl.CERT_REQUIRED).start()
    try:
        with SuwinetClient(settings(s, cert_file=client_cert, key_file=client_key, ca_file=ca_file)) as c:
            assert isinstance(c.doelgroepregister("111111110"), Doelgroepregister)
        with SuwinetClient(settings(s, ca_file=ca_file)) as c, pytest.raises(PartnerTransient):
            c.doelgroepregister("111111110")  # no client certificate: the handshake is refused
        assert state.lookups == 1
    finally:
        s.stop()


def test_standalone_state_file_is_private_and_holds_no_bsn(tmp_path: Path) -> None:
    import stat

    f = tmp_path / "suwinet.json"
    s = AppServer(make_app(SuwinetState(user="u", password="p", specs_dir=SPECS, state_file=f))).start()
    try:
        assert s.drive("/_sim/registraties", {"bsn": "123456782", "begin": "2026-11-01"}).status_code == 201
    finally:
        s.stop()
    assert stat.S_IMODE(f.stat().st_mode) == 0o600 and "123456782" not in f.read_text(encoding="utf-8")
    again = SuwinetState(user="u", password="p", specs_dir=SPECS, state_file=f)
    assert again.grondslagen("123456782") == [b.Grondslag("PR", date(2026, 11, 1))]
