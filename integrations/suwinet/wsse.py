"""WS-Security signature for Suwinet requests (X.509 BinarySecurityToken, RSA-SHA256, SHA-256).

The WSDL asks to sign the SOAP Body and *every* header element, with the certificate sent as a
BinarySecurityToken (Digikoppeling WUS, WB010). zeep's BinarySignature signs only the Body and
the Timestamp, so this module builds the same structure with xmlsec and adds a reference for each
WS-Addressing header. zeep's verify_envelope checks it (tests), as would the gateway.
"""

from __future__ import annotations

import base64
import uuid
from pathlib import Path
from typing import Any

from lxml import etree

from integrations.suwinet.berichten import SOAP12, WSA, WSSE, WSU

X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"


class Ondertekenaar:
    """Signs envelopes with one certificate and key (PEM). Loading fails early on a bad file."""

    def __init__(self, cert_file: Path, key_file: Path, password: str | None = None) -> None:
        import xmlsec  # imported here: the client turns its absence into a configuration error

        self._xmlsec: Any = xmlsec
        self._key = xmlsec.Key.from_file(str(key_file), xmlsec.constants.KeyDataFormatPem, password)
        self._key.load_cert_from_file(str(cert_file), xmlsec.constants.KeyDataFormatPem)
        pem = Path(cert_file).read_text(encoding="ascii")
        der_b64 = "".join(line for line in pem.splitlines() if line and not line.startswith("-----"))
        base64.b64decode(der_b64, validate=True)  # a PEM that is no certificate fails here, not at the gateway
        self._cert_b64 = der_b64

    def onderteken(self, env: etree._Element) -> None:
        xmlsec, c = self._xmlsec, self._xmlsec.constants
        header = env.find(f"{{{SOAP12}}}Header")
        security = header.find(f"{{{WSSE}}}Security") if header is not None else None
        if header is None or security is None:
            raise ValueError("envelope zonder wsse:Security-header")
        token = etree.Element(etree.QName(WSSE, "BinarySecurityToken"), ValueType=X509V3, EncodingType=BASE64)
        token.set(etree.QName(WSU, "Id"), f"X509-{uuid.uuid4().hex}")
        token.text = self._cert_b64
        security.insert(0, token)
        signature = xmlsec.template.create(env, c.TransformExclC14N, c.TransformRsaSha256)
        security.insert(1, signature)
        ctx = xmlsec.SignatureContext()
        targets = [env.find(f"{{{SOAP12}}}Body"), security.find(f"{{{WSU}}}Timestamp")]
        targets += [h for h in header if isinstance(h.tag, str) and etree.QName(h).namespace == WSA]
        for target in targets:
            if target is None:
                continue
            node_id = target.get(etree.QName(WSU, "Id").text) or f"id-{uuid.uuid4().hex}"
            target.set(etree.QName(WSU, "Id"), node_id)
            ctx.register_id(target, "Id", WSU)
            ref = xmlsec.template.add_reference(signature, c.TransformSha256, uri="#" + node_id)
            xmlsec.template.add_transform(ref, c.TransformExclC14N)
        key_info = xmlsec.template.ensure_key_info(signature)
        str_ref = etree.SubElement(etree.SubElement(key_info, etree.QName(WSSE, "SecurityTokenReference")),
                                   etree.QName(WSSE, "Reference"), ValueType=X509V3)
        str_ref.set("URI", "#" + token.get(etree.QName(WSU, "Id").text))
        ctx.key = self._key
        ctx.sign(signature)
