"""Where a login may send the user back to: a path on werkpad itself, never another site (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTE = 2000


def veilig_terugpad(pad: str | None, standaard: str = "/") -> str:
    """`pad` when it is a local path ('/taken/12?tab=tijdlijn'), else `standaard`.

    Refused: an absolute URL, a scheme-relative '//host', a backslash (browsers read '/\\host' as '//host'),
    control characters and whitespace (a browser strips them and may then see '//host')."""
    if not pad or len(pad) > MAX_LENGTE or not pad.startswith("/") or pad.startswith("//"):
        return standaard
    if "\\" in pad or any(ord(c) < 0x21 or ord(c) == 0x7F for c in pad):
        return standaard
    deel = urlsplit(pad)
    if deel.scheme or deel.netloc:
        return standaard
    return pad
