"""fpdf2 parts of the beschikking PDF, apart so that the HTML preview does not load fpdf (~0.3 s)."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace, TextStyle

from notifications.beschikking import latin1

KLEUR = "#00609c"
STIJLEN = {
    "h1": TextStyle(font_family="helvetica", font_style="B", font_size_pt=14, color=KLEUR, t_margin=4, b_margin=2),
    "h2": TextStyle(font_family="helvetica", font_style="B", font_size_pt=11, color=KLEUR, t_margin=4, b_margin=1),
    "p": TextStyle(t_margin=0, b_margin=0),
    "ul": TextStyle(t_margin=0, b_margin=1),
    "li": TextStyle(l_margin=5, t_margin=1),
    "b": FontFace(emphasis="BOLD"),
}


class Brief(FPDF):
    def __init__(self, kenmerk: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._kenmerk = kenmerk

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=8)
        self.set_text_color(100)
        self.cell(self.epw / 2, 6, latin1(f"Kenmerk {self._kenmerk}"), align="L")
        self.cell(self.epw / 2, 6, f"pagina {self.page_no()} van {{nb}}", align="R")
