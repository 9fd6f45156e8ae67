"""Outside ontwikkeling the OpenID Connect login needs a client secret and an https issuer."""

from __future__ import annotations

from domain.instelling import oidc_fout


def test_without_an_issuer_or_in_ontwikkeling_anything_goes() -> None:
    assert oidc_fout(None, None, ontwikkeling=False) is None
    assert oidc_fout("", None, ontwikkeling=False) is None
    assert oidc_fout("http://127.0.0.1:9000", None, ontwikkeling=True) is None


def test_an_issuer_without_a_client_secret_is_refused() -> None:
    for geheim in (None, "", "   "):
        assert oidc_fout("https://login.ijmondwerkt.example/realms/werkpad", geheim, ontwikkeling=False) == (
            "client_secret", "ontbreekt; zodra een issuer is gezet meldt werkpad zich met dat geheim bij de "
            "identiteitsprovider")


def test_an_issuer_on_plain_http_is_refused_and_a_real_one_passes() -> None:
    assert oidc_fout("http://login.ijmondwerkt.example", "geheim", ontwikkeling=False) == (
        "issuer", "moet een https-adres zijn")
    assert oidc_fout("https://login.ijmondwerkt.example/realms/werkpad", "geheim", ontwikkeling=False) is None
