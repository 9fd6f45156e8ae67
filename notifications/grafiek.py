"""The kwartaalrapportage's chart: the fasen table (Begin, Bij, Af, Eind per fase) as a PNG.

matplotlib is imported when a chart is drawn, never at module import (it costs ~0.5 s and every
worker imports notifications/), and always with the Agg backend: no display, no GUI toolkit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

KOLOMMEN = ("Begin", "Bij", "Af", "Eind")
KLEUREN = ("#9bb7d4", "#2e8b57", "#c0504d", "#00609c")  # house blue for the stock at the end


def fasen_png(titel: str, kolommen: Sequence[str], rijen: Sequence[tuple[str, Sequence[object]]]) -> bytes:
    """Grouped bars per fase (the Totaal row left out): stock at the start, in, out, stock at the end.

    `kolommen`/`rijen` are a report table's (domain.rapport.Tabel); cells that are not counts draw as 0."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure  # a Figure without pyplot: no global state between runs
    from matplotlib.ticker import MaxNLocator

    fasen = [(label, waarden) for label, waarden in rijen if label != "Totaal"]
    # The first four columns by position: their labels are the period's dates ('1-1-2023', Bij, Af,
    # '30-6-2023'; issue 20) and the legend shows them as they are.
    index = {kolom: i for i, kolom in enumerate(kolommen[:len(KOLOMMEN)])}
    fig = Figure(figsize=(9, 4.8), dpi=100)
    ax = fig.add_subplot()
    breedte = 0.8 / max(len(index), 1)
    for n, (kolom, i) in enumerate(index.items()):
        hoogtes = [v if isinstance(v := w[i], int) else 0 for _, w in fasen]
        xs = [x + (n - (len(index) - 1) / 2) * breedte for x in range(len(fasen))]
        staven = ax.bar(xs, hoogtes, breedte, label=kolom, color=KLEUREN[i])
        ax.bar_label(staven, fontsize=7, padding=1)
    ax.set_xticks(range(len(fasen)), [_afbreken(label) for label, _ in fasen], fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 2.5 trajecten
    ax.set_ylabel("Aantal trajecten")
    ax.set_title(titel)
    ax.legend(ncols=len(index), loc="upper right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    hoogste = max((v for _, w in fasen for i in index.values() if isinstance(v := w[i], int)), default=0)
    ax.set_ylim(0, max(hoogste * 1.15, 1))  # counts start at 0; an empty period still gets a sane axis
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})  # no version string: same data, same bytes
    return buf.getvalue()


def _afbreken(label: str) -> str:
    """'Ontwikkeling door werkervaring' -> two lines under its bars."""
    woorden = label.split()
    if len(woorden) < 2:
        return label
    helft = (len(woorden) + 1) // 2
    return " ".join(woorden[:helft]) + "\n" + " ".join(woorden[helft:])
