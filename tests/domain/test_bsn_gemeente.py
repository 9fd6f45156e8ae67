import pytest

from domain.bsn import validate_bsn
from domain.errors import InvalidBSN, UnknownGemeente
from domain.gemeenten import Gemeente, parse_gemeente


@pytest.mark.parametrize("bsn", ["111111110", "123456782", "999993549", "022264541", "22264541"])
def test_valid_bsn(bsn: str) -> None:
    assert validate_bsn(bsn) == bsn.zfill(9)


@pytest.mark.parametrize(("bsn", "reden"), [
    ("123456789", "11-proef"), ("12345678a", "cijfers"), ("1234567", "9 cijfers"), ("", "cijfers"),
    ("000000000", "11-proef"),
])
def test_invalid_bsn_says_why(bsn: str, reden: str) -> None:
    with pytest.raises(InvalidBSN, match=reden):
        validate_bsn(bsn)


def test_gemeente_parsing() -> None:
    assert parse_gemeente(" Velsen ") == Gemeente.velsen
    with pytest.raises(UnknownGemeente, match="kies uit beverwijk, heemskerk, velsen"):
        parse_gemeente("haarlem")
