import pytest

from domain.bsn import validate_bsn
from domain.errors import InvalidBSN, UnknownGemeente
from domain.gemeenten import Gemeente, parse_gemeente


@pytest.mark.parametrize("bsn", ["111111110", "123456782", "999993549", "022264541"])
def test_valid_bsn(bsn: str) -> None:
    assert validate_bsn(bsn) == bsn


@pytest.mark.parametrize(("bsn", "reden"), [
    ("123456789", "11-proef"), ("12345678a", "cijfers"), ("1234567", "negen cijfers, dit nummer heeft er 7"),
    ("", "cijfers"), ("000000000", "11-proef"), ("1234567890", "heeft er 10"),
    # eight digits are refused, not zero-padded: 22264541 is 022264541 with its 0 lost, but
    # 12345672 is 123456782 with its 8 lost, and padded (012345672) it passes the 11-proef: another person
    ("22264541", "negen cijfers, dit nummer heeft er acht; begint het BSN met een 0, typ die 0 dan mee"),
    ("12345672", "heeft er acht"),
])
def test_invalid_bsn_says_why(bsn: str, reden: str) -> None:
    with pytest.raises(InvalidBSN, match=reden):
        validate_bsn(bsn)


def test_gemeente_parsing() -> None:
    assert parse_gemeente(" Velsen ") == Gemeente.velsen
    with pytest.raises(UnknownGemeente, match="kies uit beverwijk, heemskerk, velsen"):
        parse_gemeente("haarlem")
