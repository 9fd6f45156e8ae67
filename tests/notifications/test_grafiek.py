"""The fasen chart: a real PNG from matplotlib (Agg), same numbers same bytes, matplotlib loaded only to draw."""

from __future__ import annotations

import io
import subprocess
import sys

from PIL import Image

from notifications.grafiek import fasen_png

FASEN = ("Kennismaking", "Persoonlijke ontwikkeling", "Ontwikkeling door werkervaring",
         "Ontwikkeling sollicitatievaardigheden", "Werk vinden", "Werk houden")


def teken(waarden: list[int | str]) -> bytes:
    rijen: list[tuple[str, list[int | str]]] = [(f, list(waarden)) for f in FASEN]
    return fasen_png("Fasen 2026Q3", ["Begin", "Bij", "Af", "Eind"], [*rijen, ("Totaal", [0, 0, 0, 0])])


def test_chart_is_a_png_with_bars_and_the_same_bytes_each_time() -> None:
    png = teken([120, 35, 28, 127])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == teken([120, 35, 28, 127])
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (900, 480)
    kleuren = dict((c, n) for n, c in img.getcolors(maxcolors=100_000) or [])
    assert kleuren.get((0x00, 0x60, 0x9C), 0) > 5_000  # six big Eind bars in the house blue
    assert teken([3, 1, 1, 3]) != png


def test_an_empty_period_still_draws() -> None:
    img = Image.open(io.BytesIO(teken([0, 0, 0, "n.b."]))).convert("RGB")
    assert img.size == (900, 480)


def test_importing_the_module_does_not_load_matplotlib() -> None:
    code = "import sys, notifications.grafiek; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
