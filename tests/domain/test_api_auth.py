"""The Prefect API's lock outside development: 'gebruiker:wachtwoord', a password of at least 16 characters."""

from __future__ import annotations

import pytest

from domain.instelling import api_auth_fout, notificatie_token_fout


@pytest.mark.parametrize("auth", [":", "a:b", "zonderdubbelepunt-maar-lang-genoeg", ":geheim-lang-genoeg-xyz",
                                  " :geheim-lang-genoeg-xyz", "beheer:vijftien-tekens"])
def test_a_weak_or_malformed_string_is_refused(auth: str) -> None:
    assert api_auth_fout(auth) == "moet 'gebruiker:wachtwoord' zijn, met een wachtwoord van minstens 16 tekens"


def test_a_real_password_passes_and_may_hold_a_colon() -> None:
    assert api_auth_fout("beheer:zestien-tekens-1") is None
    assert api_auth_fout("beheer:met:dubbele:punten:x") is None


@pytest.mark.parametrize("token", ["", " " * 20, "vijftien-tekens", "  vijftien-tekens  "])
def test_a_short_notificaties_token_is_refused(token: str) -> None:
    assert notificatie_token_fout(token) == "moet een token van minstens 16 tekens zijn"


def test_a_notificaties_token_of_sixteen_passes() -> None:
    assert notificatie_token_fout("zestien-tekens-1") is None
