"""Client for Suwinet's doelgroepregister lookup (UWVDossierQuotumArbeidsbeperktenGSD v0300).

One read, so no idempotency concerns: a retry after a transient fault simply asks again.
Plain HTTP + basic auth against the simulator; mTLS (httpx cert/verify) and a WS-Security
signature (integrations/suwinet/wsse.py, on xmlsec) against the BKWI gateway. Nothing in a message,
a log record or a result names the BSN: the partner's own fault text is masked too.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
from lxml import etree

from domain.bsn import maskeer_bsns, validate_bsn
from integrations.suwinet import berichten as b
from integrations.suwinet.errors import SuwinetConfigError, SuwinetMalformed, SuwinetRejected, SuwinetTransient
from integrations.suwinet.settings import SuwinetSettings
from integrations.suwinet.wsse import Ondertekenaar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registratie:
    """One GrondslagArbeidsbeperktheid: why and since when someone is in the register."""

    code: str | None
    begin: date
    eind: date | None = None

    def geldt_op(self, dag: date) -> bool:
        return self.begin <= dag and (self.eind is None or dag <= self.eind)


@dataclass(frozen=True)
class Doelgroepregister:
    """The person is known in the register (ClientSuwi). Holds no BSN: the caller knows whom it asked."""

    registraties: tuple[Registratie, ...]
    ldr_eind: date | None = None           # LdrRegistratieWbQa/DatELdrRegistratieWbQa, if given
    meldingen: tuple[str, ...] = ()        # FWI Waarschuwing/Informatie next to the answer (masked)


@dataclass(frozen=True)
class NietsGevonden:
    """Suwinet knows nothing of this person in the register."""


Antwoord = Doelgroepregister | NietsGevonden


def staat_in_doelgroepregister(antwoord: Antwoord, op: date) -> bool:
    """True when one of the registrations covers the given date (begin and end inclusive)."""
    return isinstance(antwoord, Doelgroepregister) and any(r.geldt_op(op) for r in antwoord.registraties)


@dataclass(frozen=True)
class Voorziening:
    """A ReIntegratievoorziening as UWV sees it (GSDDossierReintegratie)."""

    begin: date
    eind: date | None = None
    registratienr: str | None = None
    type_code: str | None = None
    omschrijving: str | None = None
    perc_loonwaarde_tov_wml: Decimal | None = None  # e.g. Decimal("65.50")


@dataclass(frozen=True)
class AtlRelatie:
    cd_arbeidsvermogen: str | None
    cd_doel_rv: str | None
    voorzieningen: tuple[Voorziening, ...]
    bron_partij: str  # CdPartijSuwi: who reported it (a gemeente's code)


@dataclass(frozen=True)
class Reintegratiedossier:
    """GSDDossierReintegratie's ClientSuwi without the person's names (no personal data kept)."""

    relaties: tuple[AtlRelatie, ...]
    meldingen: tuple[str, ...] = ()


def _naast(fwi: etree._Element | None) -> tuple[str, ...]:
    return tuple(f"{s} {c}: {t}" for s, c, t in (_meldingen(fwi) if fwi is not None else []))


def _meldingen(fwi: etree._Element) -> list[tuple[str, str, str]]:
    """(soort, code, tekst) of every melding in an fwi:FWI, the text masked."""
    return [(etree.QName(m).localname, m.findtext("Code") or "", maskeer_bsns(m.findtext("Tekst") or "").strip())
            for m in fwi if isinstance(m.tag, str)]


class SuwinetClient:
    def __init__(self, settings: SuwinetSettings, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        try:  # both diensten's XSDs now: a wrong specs_dir is a configuration error at start, not mid-flow
            if settings.specs_dir is not None:  # None: no XSD check (development; `werkpad up` says so)
                b.schema(settings.specs_dir)
                b.schema(settings.specs_dir, b.DIENST_RI)
        except b.SpecsOntbreken as exc:
            raise SuwinetConfigError(str(exc)) from None
        self._signer = self._make_signer(settings)
        auth = None
        if settings.user is not None:
            auth = httpx.BasicAuth(settings.user, settings.password.get_secret_value() if settings.password else "")
        verify: ssl.SSLContext | bool = True
        if settings.ca_file is not None or settings.cert_file is not None:
            verify = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
            if settings.cert_file is not None and settings.key_file is not None:
                verify.load_cert_chain(str(settings.cert_file), str(settings.key_file))
        self._http = httpx.Client(timeout=settings.timeout_seconds, auth=auth, verify=verify, transport=transport)

    @staticmethod
    def _make_signer(settings: SuwinetSettings) -> Ondertekenaar | None:
        if not settings.signs:
            return None
        password = settings.wsse_key_password.get_secret_value() if settings.wsse_key_password else None
        try:
            return Ondertekenaar(settings.wsse_cert_file, settings.wsse_key_file, password)  # type: ignore[arg-type]
        except ImportError:
            raise SuwinetConfigError(
                "Suwinet-ondertekening (WS-Security) is ingesteld, maar het pakket xmlsec ontbreekt; "
                "installeer xmlsec of laat wsse_cert_file/wsse_key_file leeg.") from None
        except Exception as exc:  # xmlsec/OpenSSL or the file system: unreadable key, wrong password, …
            raise SuwinetConfigError(f"Het Suwinet-ondertekencertificaat of de sleutel is niet te laden "
                                     f"({type(exc).__name__}); controleer wsse_cert_file en wsse_key_file.") from None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SuwinetClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def bericht(self, bsn: str, dienst: Path = b.DIENST) -> bytes:
        """The signed (when configured) SOAP 1.2 request for this BSN; public for tests and audits."""
        action, url = (b.ACTION_VRAAG, self.settings.url) if dienst == b.DIENST else \
            (b.ACTION_RI_VRAAG, self.settings.reintegratie_url)
        env = b.envelope(b.vraag(bsn, dienst), action=action, to=url)
        if self._signer is not None:
            try:
                self._signer.onderteken(env)
            except Exception as exc:  # xmlsec/OpenSSL
                raise SuwinetConfigError(f"Ondertekenen van het Suwinet-verzoek mislukt ({type(exc).__name__}); "
                                         "controleer wsse_cert_file en wsse_key_file.") from None
        return b.serialiseer(env)

    def doelgroepregister(self, bsn: str) -> Antwoord:
        """Ask whether this person is in the doelgroepregister (UWVDossierQuotumArbeidsbeperktenGSD).

        Raises domain.errors.InvalidBSN for a BSN that fails the 11-proef (never sent),
        SuwinetTransient / SuwinetRejected / SuwinetMalformed for the partner's faults."""
        child = self._bevraag(bsn, b.DIENST)
        if child is None:
            return NietsGevonden()
        with _leesbaar():
            return _doelgroepregister(child)

    def reintegratie(self, bsn: str) -> Reintegratiedossier | NietsGevonden:
        """The re-integratie data UWV holds for this person (GSDDossierReintegratie v0200), e.g. to see
        that the Inlichtingenbureau passed on the re-integratiebericht. Names and birth date in the
        answer are not read (werkpad has them; data minimisation). Errors as doelgroepregister()."""
        child = self._bevraag(bsn, b.DIENST_RI)
        if child is None:
            return NietsGevonden()
        with _leesbaar():
            return _reintegratie(child)

    # -- plumbing ---------------------------------------------------------------------------
    def _bevraag(self, bsn: str, dienst: Path) -> etree._Element | None:
        """Send the question; return the validated response element with a ClientSuwi, or None
        for NietsGevonden; raise the partner errors for everything else."""
        bsn = validate_bsn(bsn)
        content = self.bericht(bsn, dienst)
        action, url = (b.ACTION_VRAAG, self.settings.url) if dienst == b.DIENST else \
            (b.ACTION_RI_VRAAG, self.settings.reintegratie_url)
        headers = {"Content-Type": f'{b.CONTENT_TYPE}; action="{action}"', "Accept": "application/soap+xml"}
        try:
            r = self._http.post(url, content=content, headers=headers)
        except httpx.TimeoutException:
            raise SuwinetTransient(f"Suwinet antwoordde niet binnen {self.settings.timeout_seconds:g} s; "
                                   "later opnieuw.") from None
        except httpx.TransportError as exc:
            raise SuwinetTransient(f"Suwinet niet bereikbaar ({type(exc).__name__}); later opnieuw.") from None
        log.info("Suwinet %s bevraagd: HTTP %s", dienst.parts[0], r.status_code)
        if r.status_code in (401, 403):
            raise SuwinetRejected(f"Suwinet weigerde de aanmelding ({r.status_code}); controleer gebruiker, "
                                  "wachtwoord of certificaat.", r.status_code)
        if r.status_code == 429 or r.status_code in (502, 503, 504):
            raise SuwinetTransient(f"Suwinet gaf {r.status_code}; later opnieuw.")
        try:
            _, child = b.lees_envelope(r.content)
        except ValueError as exc:
            if r.status_code >= 500:
                raise SuwinetTransient(f"Suwinet gaf {r.status_code}; later opnieuw.") from None
            raise SuwinetMalformed(f"Onverwacht antwoord van Suwinet (HTTP {r.status_code}): {exc}.") from None
        if child.tag == etree.QName(b.SOAP12, "Fault").text:
            raise self._fault(child, r.status_code, dienst)
        if r.status_code >= 400:
            raise SuwinetMalformed(f"Onverwacht antwoord van Suwinet: HTTP {r.status_code} zonder SOAP-fault.")
        fouten = b.valideer(self.settings.specs_dir, child, dienst)
        if fouten or not child.tag.endswith("InfoResponse"):
            log.warning("Suwinet-antwoord voldoet niet aan BodyReaction.xsd: %s", "; ".join(fouten) or child.tag)
            raise SuwinetMalformed("Onverwacht antwoord van Suwinet: het voldoet niet aan BodyReaction.xsd.")
        if child.find(f"{{{b.FWI}}}NietsGevonden") is not None:
            return None
        fwi = child.find(f"{{{b.FWI}}}FWI")
        if child.find("ClientSuwi") is None and fwi is not None:
            meldingen = _meldingen(fwi)
            code, tekst = next(((c, t) for s, c, t in meldingen if s == "Fout"), (meldingen[0][1], meldingen[0][2]))
            raise SuwinetRejected(f"Suwinet weigerde de bevraging (FWI {code}): {tekst}", 200,
                                  {"code": code, "tekst": tekst})
        if child.find("ClientSuwi") is None:  # unreachable after validation; kept for a changed schema
            raise SuwinetMalformed("Onverwacht antwoord van Suwinet: geen ClientSuwi.")
        return child

    def _fault(self, fault: etree._Element, status: int, dienst: Path) -> Exception:
        code = (fault.findtext(f"{{{b.SOAP12}}}Code/{{{b.SOAP12}}}Value") or "").rsplit(":", 1)[-1]
        fouten = [m for m in fault.iterfind(f"{{{b.SOAP12}}}Detail/*") if etree.QName(m).namespace == b.FWI]
        if fouten and not b.valideer(self.settings.specs_dir, fouten[0], dienst):
            f = fouten[0]
            tekst = maskeer_bsns(f.findtext("Tekst") or "").strip()
            melding = f"Suwinet weigerde de bevraging (FWI {f.findtext('Code') or '?'}): {tekst}"
            # A Receiver fault is the source's own trouble (e.g. UWV's register not available).
            if code == "Receiver":
                return SuwinetTransient(melding + "; later opnieuw.")
            return SuwinetRejected(melding, status, {"code": f.findtext("Code"), "tekst": tekst})
        reden = maskeer_bsns(fault.findtext(f"{{{b.SOAP12}}}Reason/{{{b.SOAP12}}}Text") or "").strip()
        if code == "Receiver" or status >= 500:
            return SuwinetTransient(f"Suwinet gaf een technische fout ({reden or 'zonder reden'}); later opnieuw.")
        return SuwinetRejected(f"Suwinet weigerde de bevraging: {reden or 'zonder reden'}", status)


@contextmanager
def _leesbaar() -> Iterator[None]:
    """A field that cannot be read is a malformed answer; with the XSD check on, validation has
    refused it already, without it (development) this keeps it a partner error, not a crash."""
    try:
        yield
    except (ValueError, ArithmeticError):
        raise SuwinetMalformed("Onverwacht antwoord van Suwinet: een veld is niet te lezen.") from None


def _doelgroepregister(child: etree._Element) -> Doelgroepregister:
    client, fwi = child.find("ClientSuwi"), child.find(f"{{{b.FWI}}}FWI")
    assert client is not None  # _bevraag returns None (niets gevonden), raises, or has a ClientSuwi
    registraties = []
    for g in client.iterfind("GrondslagArbeidsbeperktheid"):
        begin = b.lees_datum(g.findtext("DatBGrondslagArbeidsbeperktheid") or "")
        eind_text = g.findtext("DatEGrondslagArbeidsbeperktheid")
        if begin is None:
            raise SuwinetMalformed("Onverwacht antwoord van Suwinet: een registratie zonder begindatum.")
        registraties.append(Registratie(code=g.findtext("CdGrondslagArbeidsbeperktheid"), begin=begin,
                                        eind=b.lees_datum(eind_text, eind=True) if eind_text else None))
    ldr = client.findtext("LdrRegistratieWbQa/DatELdrRegistratieWbQa")
    return Doelgroepregister(registraties=tuple(sorted(registraties, key=lambda r: r.begin)),
                             ldr_eind=b.lees_datum(ldr, eind=True) if ldr else None, meldingen=_naast(fwi))


def _reintegratie(child: etree._Element) -> Reintegratiedossier:
    client, fwi = child.find("ClientSuwi"), child.find(f"{{{b.FWI}}}FWI")
    assert client is not None
    relaties = []
    for atl in client.iterfind("AtlRelatie"):
        voorzieningen = []
        for rv in atl.iterfind("ReIntegratievoorziening"):
            begin = b.lees_datum(rv.findtext("DatBRv") or "")
            if begin is None:
                raise SuwinetMalformed("Onverwacht antwoord van Suwinet: een voorziening zonder begindatum.")
            eind = rv.findtext("DatERv")
            perc = rv.findtext("Loonkostensubsidie/PercLoonwaardeTovWml/Percentage")
            teken = rv.findtext("Loonkostensubsidie/PercLoonwaardeTovWml/CdPositiefNegatief")
            loonwaarde = Decimal(perc) / 100 if perc else None
            if loonwaarde is not None and teken == "-":
                loonwaarde = -loonwaarde
            voorzieningen.append(Voorziening(
                begin=begin, eind=b.lees_datum(eind, eind=True) if eind else None,
                registratienr=rv.findtext("RegistratienrRvGsd"), type_code=rv.findtext("CdTypeRvGsd"),
                omschrijving=rv.findtext("OmsRv"), perc_loonwaarde_tov_wml=loonwaarde))
        relaties.append(AtlRelatie(cd_arbeidsvermogen=atl.findtext("Arbeidsvermogen/CdArbeidsvermogen"),
                                   cd_doel_rv=atl.findtext("DoelReintegratievoorziening/CdDoelRv"),
                                   voorzieningen=tuple(voorzieningen),
                                   bron_partij=atl.findtext("Bron/CdPartijSuwi") or ""))
    return Reintegratiedossier(relaties=tuple(relaties), meldingen=_naast(fwi))
