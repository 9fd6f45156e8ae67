"""After a login werkpad sends the user back only to a path of its own (no open redirect)."""

from __future__ import annotations

import pytest

from domain.terugpad import veilig_terugpad


@pytest.mark.parametrize("pad", ["/", "/taken/12", "/taken/12?tab=tijdlijn#formulier", "/werkvoorraad?team=1"])
def test_a_local_path_is_kept(pad: str) -> None:
    assert veilig_terugpad(pad) == pad


@pytest.mark.parametrize("pad", [None, "", "https://kwaad.example/", "//kwaad.example/pad", "/\\kwaad.example",
                                 "\\\\kwaad.example", "/\t/kwaad.example", "/ /kwaad.example", "javascript:alert(1)",
                                 "taken/12", "http:/kwaad.example", "/taken\r\nSet-Cookie: x=1", "/" + "a" * 2000])
def test_anything_else_goes_to_the_start_page(pad: str | None) -> None:
    assert veilig_terugpad(pad) == "/"
    assert veilig_terugpad(pad, standaard="/werkvoorraad") == "/werkvoorraad"
