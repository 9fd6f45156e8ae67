"""SuwiML messages of UWVDossierQuotumArbeidsbeperktenGSD v0300 in SOAP 1.2 envelopes.

Built with lxml and checked with xmlschema against BKWI's own XSDs (BodyAction.xsd,
BodyReaction.xsd and the FWI/Basisschema they import), loaded at run time from the configured
specs folder (ops supply it; without one, in development only, nothing is validated). Why not
zeep's generated service: the WSDL declares a SOAP 1.1 binding while the BKWI gateway speaks
SOAP 1.2, and zeep renders the response's choice branches NietsGevonden and FWI as nothing; so
the envelope is ours and every Body child is validated instead. The
WS-Security signature is integrations/suwinet/wsse.py (xmlsec).
Client and simulator share this module, so both sides speak exactly the same shapes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import xmlschema
from lxml import etree

SMLS = "http://bkwi.nl/SuwiML/Diensten/UWVDossierQuotumArbeidsbeperktenGSD/v0300"
SMLS_RI = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200"
FWI = "http://bkwi.nl/SuwiML/FWI/v0205"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_ACTIONS = "http://bkwi.nl/SuwiML/Diensten/UWVDossierQuotumArbeidsbeperktenGSD-v0300/"
ACTION_VRAAG = _ACTIONS + "UWVPersoonsArbeidsbeperktenInfo"
ACTION_ANTWOORD = _ACTIONS + "UWVPersoonsArbeidsbeperktenInfoResponse"
ACTION_FOUT = _ACTIONS + "Fout"
_ACTIONS_RI = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie-v0200/"
ACTION_RI_VRAAG = _ACTIONS_RI + "GSDReintegratieInfo"
ACTION_RI_ANTWOORD = _ACTIONS_RI + "GSDReintegratieInfoResponse"
ACTION_RI_FOUT = _ACTIONS_RI + "Fout"
CONTENT_TYPE = "application/soap+xml; charset=utf-8"
DIENST = Path("UWVDossierQuotumArbeidsbeperktenGSD-v0300-b01", "Diensten", "UWVDossierQuotumArbeidsbeperktenGSD",
              "v0300-b01")
DIENST_RI = Path("GSDDossierReintegratie-v0200-b04", "Diensten", "GSDDossierReintegratie", "v0200-b04")
# lxml hardening for what comes over the wire: no entities, no network, no huge trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True)


class SpecsOntbreken(Exception):
    """The BKWI XSDs are not where the settings say."""


@lru_cache(maxsize=8)
def schema(specs_dir: Path, dienst: Path = DIENST) -> xmlschema.XMLSchema:
    """BodyAction + BodyReaction of a dienst (and through them FWI and the Basisschema), as published."""
    folder = Path(specs_dir) / dienst
    sources = [folder / "BodyAction.xsd", folder / "BodyReaction.xsd"]
    if not all(p.is_file() for p in sources):
        raise SpecsOntbreken(f"De Suwinet-specificaties (XSD) staan niet in {folder}; controleer specs_dir.")
    return xmlschema.XMLSchema([str(p) for p in sources])


def valideer(specs_dir: Path | None, element: etree._Element, dienst: Path = DIENST) -> list[str]:
    """The XSD's complaints about a Body child, without its values (they may hold a BSN).
    No specs folder (development without BKWI's XSDs): no XSD check, so no complaints."""
    if specs_dir is None:
        return []
    return [f"{e.path}: {e.reason}" if e.reason else str(e.path)
            for e in schema(specs_dir, dienst).iter_errors(element)][:5]


def ontbrekende_xsd(specs_dir: Path) -> Path | None:
    """The first XSD werkpad loads that is not in specs_dir (relative to it); None when all are there."""
    for dienst in (DIENST, DIENST_RI):
        for naam in ("BodyAction.xsd", "BodyReaction.xsd"):
            if not (Path(specs_dir) / dienst / naam).is_file():
                return dienst / naam
    return None


# -- dates: SuwiML Datum is JJJJMMDD, where 00 may stand for an unknown month or day --------
def datum(d: date) -> str:
    return d.strftime("%Y%m%d")


def lees_datum(s: str, *, eind: bool = False) -> date | None:
    """SuwiML Datum -> date. 00000000 is 'unknown' (None). An unknown month or day is read
    as the first possible day for a begin date and the last possible day for an end date,
    so a partly known period is never read as longer than it could have been at its start."""
    if s == "00000000":
        return None
    jaar, maand, dag = int(s[:4]), int(s[4:6]), int(s[6:8])
    if maand == 0:
        return date(jaar, 12, 31) if eind else date(jaar, 1, 1)
    if dag == 0:
        if not eind:
            return date(jaar, maand, 1)
        volgende = date(jaar + (maand == 12), maand % 12 + 1, 1)
        return volgende - timedelta(days=1)
    return date(jaar, maand, dag)


# -- Body children --------------------------------------------------------------------------
def vraag(bsn: str, dienst: Path = DIENST) -> etree._Element:
    ns, naam = (SMLS, "UWVPersoonsArbeidsbeperktenInfo") if dienst == DIENST else (SMLS_RI, "GSDReintegratieInfo")
    el = etree.Element(etree.QName(ns, naam), nsmap={"smls": ns})
    etree.SubElement(el, "Burgerservicenr").text = bsn  # elementFormDefault unqualified
    return el


def vraag_bsn(el: etree._Element) -> str:
    return el.findtext("Burgerservicenr") or ""


@dataclass(frozen=True)
class Grondslag:
    code: str | None
    begin: date
    eind: date | None = None


def antwoord_gevonden(bsn: str, grondslagen: list[Grondslag], ldr_eind: date | None = None,
                      meldingen: list[tuple[str, str, str]] | None = None) -> etree._Element:
    el = etree.Element(etree.QName(SMLS, "UWVPersoonsArbeidsbeperktenInfoResponse"), nsmap={"smls": SMLS})
    client = etree.SubElement(el, "ClientSuwi")
    etree.SubElement(client, "Burgerservicenr").text = bsn
    if ldr_eind is not None:
        etree.SubElement(etree.SubElement(client, "LdrRegistratieWbQa"), "DatELdrRegistratieWbQa").text = datum(ldr_eind)
    for g in grondslagen:
        gr = etree.SubElement(client, "GrondslagArbeidsbeperktheid")
        if g.code is not None:
            etree.SubElement(gr, "CdGrondslagArbeidsbeperktheid").text = g.code
        etree.SubElement(gr, "DatBGrondslagArbeidsbeperktheid").text = datum(g.begin)
        if g.eind is not None:
            etree.SubElement(gr, "DatEGrondslagArbeidsbeperktheid").text = datum(g.eind)
    if meldingen:
        el.append(fwi(meldingen))
    return el


def fwi(meldingen: list[tuple[str, str, str]], dn: str = "cn=UWV,o=Suwinet") -> etree._Element:
    """fwi:FWI with (soort, code, tekst) meldingen; soort is Fout, Waarschuwing or Informatie."""
    el = etree.Element(etree.QName(FWI, "FWI"), nsmap={"fwi": FWI})
    for soort, code, tekst in meldingen:
        m = etree.SubElement(el, soort)  # the Melding elements are unqualified
        etree.SubElement(m, "Code").text = code
        etree.SubElement(m, "Tekst").text = tekst
        etree.SubElement(etree.SubElement(m, "Bron"), "DN").text = dn
    return el


def antwoord_fwi(meldingen: list[tuple[str, str, str]]) -> etree._Element:
    """The response's FWI branch: no data, only meldingen (a refusal inside a normal answer)."""
    el = etree.Element(etree.QName(SMLS, "UWVPersoonsArbeidsbeperktenInfoResponse"), nsmap={"smls": SMLS})
    el.append(fwi(meldingen))
    return el


def antwoord_niets_gevonden(dienst: Path = DIENST) -> etree._Element:
    ns, naam = ((SMLS, "UWVPersoonsArbeidsbeperktenInfoResponse") if dienst == DIENST
                else (SMLS_RI, "GSDReintegratieInfoResponse"))
    el = etree.Element(etree.QName(ns, naam), nsmap={"smls": ns, "fwi": FWI})
    etree.SubElement(el, etree.QName(FWI, "NietsGevonden"))
    return el


def fout(code: str, tekst: str, dn: str = "cn=UWV,o=Suwinet") -> etree._Element:
    el = etree.Element(etree.QName(FWI, "Fout"), nsmap={"fwi": FWI})
    etree.SubElement(el, "Code").text = code
    etree.SubElement(el, "Tekst").text = tekst
    etree.SubElement(etree.SubElement(el, "Bron"), "DN").text = dn
    return el


@dataclass(frozen=True)
class Voorziening:
    """One ReIntegratievoorziening as GSDDossierReintegratie shows it (fed by the IB's berichten)."""

    begin: date
    eind: date | None = None
    registratienr: str | None = None
    type_code: str | None = None
    omschrijving: str | None = None
    perc_loonwaarde: str | None = None  # SuwiML Percentage: five digits, two implied decimals


def antwoord_reintegratie(bsn: str, relaties: list[tuple[str | None, list[Voorziening], str, str]]) -> etree._Element:
    """ClientSuwi with one AtlRelatie per (CdArbeidsvermogen, voorzieningen, CdKolomSuwi, CdPartijSuwi).
    Names and birth date are left out: werkpad does not read them (data minimisation)."""
    el = etree.Element(etree.QName(SMLS_RI, "GSDReintegratieInfoResponse"), nsmap={"smls": SMLS_RI})
    client = etree.SubElement(el, "ClientSuwi")
    etree.SubElement(client, "Burgerservicenr").text = bsn
    for cd_av, voorzieningen, kolom, partij in relaties:
        atl = etree.SubElement(client, "AtlRelatie")
        if cd_av is not None:
            etree.SubElement(etree.SubElement(atl, "Arbeidsvermogen"), "CdArbeidsvermogen").text = cd_av
        for v in voorzieningen:
            rv = etree.SubElement(atl, "ReIntegratievoorziening")
            if v.registratienr is not None:
                etree.SubElement(rv, "RegistratienrRvGsd").text = v.registratienr
            etree.SubElement(rv, "DatBRv").text = datum(v.begin)
            if v.eind is not None:
                etree.SubElement(rv, "DatERv").text = datum(v.eind)
            if v.type_code is not None:
                etree.SubElement(rv, "CdTypeRvGsd").text = v.type_code
            if v.omschrijving is not None:
                etree.SubElement(rv, "OmsRv").text = v.omschrijving
            if v.perc_loonwaarde is not None:
                perc = etree.SubElement(etree.SubElement(rv, "Loonkostensubsidie"), "PercLoonwaardeTovWml")
                etree.SubElement(perc, "Percentage").text = v.perc_loonwaarde
        bron = etree.SubElement(atl, "Bron")
        etree.SubElement(bron, "CdKolomSuwi").text = kolom
        etree.SubElement(bron, "CdPartijSuwi").text = partij
    return el


# -- SOAP 1.2 envelopes ---------------------------------------------------------------------
def envelope(body_child: etree._Element, *, action: str, to: str | None = None,
             relates_to: str | None = None, nu: datetime | None = None) -> etree._Element:
    """An envelope with the WS-Addressing headers the WSDL requires (UsingAddressing) and a
    wsu:Timestamp (Created required) in wsse:Security, where a signature also goes."""
    env = etree.Element(etree.QName(SOAP12, "Envelope"),
                        nsmap={"soap": SOAP12, "wsa": WSA, "wsse": WSSE, "wsu": WSU})
    header = etree.SubElement(env, etree.QName(SOAP12, "Header"))
    etree.SubElement(header, etree.QName(WSA, "Action")).text = action
    etree.SubElement(header, etree.QName(WSA, "MessageID")).text = f"urn:uuid:{uuid.uuid4()}"
    if to is not None:
        etree.SubElement(header, etree.QName(WSA, "To")).text = to
    if relates_to is not None:
        etree.SubElement(header, etree.QName(WSA, "RelatesTo")).text = relates_to
    security = etree.SubElement(header, etree.QName(WSSE, "Security"))
    security.set(etree.QName(SOAP12, "mustUnderstand"), "true")
    ts = etree.SubElement(security, etree.QName(WSU, "Timestamp"))
    t = (nu or datetime.now(UTC)).astimezone(UTC)
    etree.SubElement(ts, etree.QName(WSU, "Created")).text = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    etree.SubElement(ts, etree.QName(WSU, "Expires")).text = (t + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = etree.SubElement(env, etree.QName(SOAP12, "Body"))
    body.append(body_child)
    return env


def soap_fault(code: str, reden: str, detail: etree._Element | None = None) -> etree._Element:
    """A SOAP 1.2 Fault (code 'Sender' or 'Receiver') with an fwi:Fout as its Detail."""
    fault = etree.Element(etree.QName(SOAP12, "Fault"))
    etree.SubElement(etree.SubElement(fault, etree.QName(SOAP12, "Code")), etree.QName(SOAP12, "Value")).text = \
        f"soap:{code}"
    text = etree.SubElement(etree.SubElement(fault, etree.QName(SOAP12, "Reason")), etree.QName(SOAP12, "Text"))
    text.set("{http://www.w3.org/XML/1998/namespace}lang", "nl")
    text.text = reden
    if detail is not None:
        etree.SubElement(fault, etree.QName(SOAP12, "Detail")).append(detail)
    return fault


def serialiseer(env: etree._Element) -> bytes:
    return bytes(etree.tostring(env, xml_declaration=True, encoding="utf-8"))


def lees_envelope(content: bytes) -> tuple[etree._Element, etree._Element]:
    """(envelope, the Body's one child). ValueError when it is no SOAP 1.2 envelope."""
    try:
        env = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        raise ValueError("geen XML") from None
    if env.tag != etree.QName(SOAP12, "Envelope").text:
        raise ValueError("geen SOAP 1.2-envelope")
    body = env.find(etree.QName(SOAP12, "Body").text)
    children = [c for c in body if isinstance(c.tag, str)] if body is not None else []
    if len(children) != 1:
        raise ValueError("de SOAP-Body heeft niet precies één element")
    return env, children[0]
