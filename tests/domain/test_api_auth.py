"""The Prefect API's lock outside development: 'gebruiker:wachtwoord', a password of at least 16 characters."""

from __future__ import annotations

import pytest

from domain.instelling import api_auth_fout


@pytest.mark.parametrize("auth", [":", "a:b", "zonderdubbelepunt-maar-lang-genoeg", ":geheim-lang-genoeg-xyz",
                                  " :geheim-lang-genoeg-xyz", "beheer:vijftien-tekens"])
def test_a_weak_or_malformed_string_is_refused(auth: str) -> None:
    assert api_auth_fout(auth) == "moet 'gebruiker:wachtwoord' zijn, met een wachtwoord van minstens 16 tekens"


def test_a_real_password_passes_and_may_hold_a_colon() -> None:
    assert api_auth_fout("beheer:zestien-tekens-1") is None
    assert api_auth_fout("beheer:met:dubbele:punten:x") is None
