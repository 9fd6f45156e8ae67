"""What the chaos test counts afterwards (tests/chaos/test_chaos.py), and its assertions."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from typing import Any

import httpx
import pytest
from sqlmodel import select

from casestore.db import session
from casestore.models import Actie, AuditEvent, Deadline, Doel, Outbox, ProcesStap, Traject
from domain.herinneringen import lokale_datum
from notifications.mailcatcher import read_folder

# What a traject looks like at the end, by its script (status; an open process where one should run).
EINDE = {"alleen": "brede_intake_gepland", "oponthoud": None, "traject-uitstroom": "afgesloten",
         "traject-indicatie": "traject"}


class Bevindingen:
    def __init__(self, chaos: Any) -> None:
        self.c = chaos
        self.omg = chaos.omg
        self.fouten: dict[str, list[str]] = {}
        self.rol_dubbel: list[str] = []  # a known limit, printed: docs/operations.md "Bekende beperkingen"

    def fout(self, soort: str, tekst: str) -> None:
        self.fouten.setdefault(soort, []).append(tekst)

    def script(self, i: int) -> str:
        r = self.c.routes[i]
        return r if r != "traject" else ("traject-uitstroom" if i % 2 else "traject-indicatie")

    # -- collect ---------------------------------------------------------------------------------
    def verzamel(self) -> None:
        c = self.c
        with session(self.omg.engine) as s:
            self.trajecten = {t.referentie: t for t in s.exec(select(Traject)).all()}
            per_id = {t.id: t.referentie for t in self.trajecten.values()}
            self.events: dict[str, Counter[str]] = {ref: Counter() for ref in self.trajecten}
            self.herinnering_audit: Counter[tuple[Any, Any]] = Counter()
            for e in s.exec(select(AuditEvent)).all():
                if e.traject_id in per_id and e.gebeurtenis:
                    self.events[per_id[e.traject_id]][e.gebeurtenis] += 1
                if e.soort == "herinnering":
                    self.herinnering_audit[(e.data.get("deadline_id"), e.data.get("stap"))] += 1
            self.outbox = list(s.exec(select(Outbox)).all())
            self.deadlines = list(s.exec(select(Deadline)).all())
            self.doelen = Counter(per_id[d.traject_id] for d in s.exec(select(Doel)).all())
            self.acties = Counter(per_id[a.traject_id] for a in s.exec(select(Actie)).all())
            self.processen = [(per_id[p.traject_id], p) for p in s.exec(select(ProcesStap)).all()]
        self.mails = read_folder(self.omg.tmp / "mail")
        self.gemeente = json.loads((self.omg.tmp / "gemeente.json").read_text())
        self.uwv = httpx.get(f"{self.omg.keten}/uwv/_sim/verzoeken", timeout=10).json()
        self.aanvragen = httpx.get(f"{self.omg.keten}/uwv/_sim/aanvragen", timeout=10).json()["aanvragen"]
        self._crashed()
        self.runs = self.omg.flow_runs()
        self.logs = {p.name: p.read_text(errors="replace") for p in sorted(self.omg.logs.glob("*.log"))}
        self.einde = lokale_datum(c.sweeps[-1])

    def _crashed(self) -> None:
        """The bounded real-clock wait: a killed run turns Crashed ~90 s after its last heartbeat."""
        for k in self.c.kills:
            einde = k["op"] + 240
            while time.monotonic() < einde:
                r = httpx.get(f"{self.omg.api}/flow_runs/{k['run']}", headers=self.omg_headers(), timeout=10).json()
                k["state"] = r["state_type"]
                if r["state_type"] != "RUNNING":
                    break
                time.sleep(2)  # polling the server for the automation's outcome (bounded above)

    def omg_headers(self) -> dict[str, str]:
        from tests.chaos.test_chaos import HEADERS

        return HEADERS

    # -- check -----------------------------------------------------------------------------------
    def controleer_alles(self) -> None:
        c = self.c
        # 1. Every case in the state its script leads to; its zaak at the gemeente; nothing left in the outbox.
        for i in range(c.aantal):
            ref = c.refs.get(i)
            if ref is None or ref not in self.trajecten:
                self.fout("toestand", f"geval {i}: geen traject")
                continue
            t, script = self.trajecten[ref], self.script(i)
            if EINDE[script] is not None and t.status != EINDE[script]:
                self.fout("toestand", f"{ref} ({script}): status {t.status}")
            if script == "oponthoud" and not any(r == ref and p.proces == "tijdelijk_oponthoud" and p.gesloten_op is None
                                                  for r, p in self.processen):
                self.fout("toestand", f"{ref} (oponthoud): geen lopend tijdelijk oponthoud")
            if script == "traject-indicatie" and not any(r == ref and p.proces == "indicatie" and p.data.get("uwv_id")
                                                         for r, p in self.processen):
                self.fout("toestand", f"{ref}: indicatie niet bij UWV ingediend")
            if not t.zaak_url:
                self.fout("toestand", f"{ref}: geen zaak bij de gemeente")
        for o in self.outbox:
            if o.status != "sent":
                self.fout("toestand", f"outbox {o.idem_key}: {o.status} ({(o.laatste_fout or '')[:120]})")
        # 2. No lost transition: every step that reported success is in the store.
        for sid, r in c.uitkomst.items():
            if r["fase"] != "ok" or sid.startswith("sweep-"):
                continue
            if not self._in_store(c.stappen[sid]):
                self.fout("verloren", sid)
        # 3. No duplicate mail.
        for kop in ("Message-ID", "X-Werkpad-Key"):
            for k, n in Counter(m[kop] for m in self.mails).items():
                if n > 1:
                    self.fout("dubbele mail", f"{kop} {k}: {n}x")
        # 4. No duplicate partner submission.
        for k, n in Counter(z["identificatie"] for z in self.gemeente["zaken"].values()).items():
            if n > 1:
                self.fout("dubbel bij partner", f"gemeente: zaak {k} {n}x")
        for k, n in Counter((r["zaak"], r["roltype"], json.dumps(r.get("betrokkeneIdentificatie"), sort_keys=True))
                            for r in self.gemeente["rollen"].values()).items():
            if n > 1:  # ZGW has no key for a rol: a replayed POST stores two; werkpad removes one at its next look
                self.rol_dubbel.append(f"rol {k[1].rsplit('/', 1)[-1]} {n}x")
        for k, v in self.uwv["per_sleutel"].items():
            if v["aanvragen"] > 1:
                self.fout("dubbel bij partner", f"UWV: sleutel {k}: {v['aanvragen']} aanvragen")
        ingediend = sum(1 for _, p in self.processen if p.proces == "indicatie" and p.data.get("uwv_id"))
        if len(self.aanvragen) != ingediend:
            self.fout("dubbel bij partner", f"UWV: {len(self.aanvragen)} aanvragen voor {ingediend} ingediende indicaties")
        # 5. Every due deadline met, reminded or escalated (a waking timer: woken).
        gemeld = {o.payload.get("deadline_id") for o in self.outbox if o.soort == "email"
                  and o.payload.get("template") in ("herinnering", "escalatie") and o.status == "sent"}
        gewekt = {o.payload.get("deadline_id") for o in self.outbox if o.soort == "flow" and o.status == "sent"}
        for d in self.deadlines:
            if d.status == "open" and d.due < self.einde and d.id not in gemeld | gewekt:
                self.fout("deadline", f"deadline {d.id} ({d.code or d.soort}, {d.due}) open, niet herinnerd")
        # 6. Every woken timer made exactly one flow run.
        per_sleutel = Counter(r["idempotency_key"] for r in self.runs if r.get("idempotency_key"))
        for o in self.outbox:
            if o.soort == "flow" and per_sleutel[o.idem_key] != 1:
                self.fout("timer", f"{o.idem_key}: {per_sleutel[o.idem_key]} runs")
        for k, n in Counter(o.idem_key for o in self.outbox).items():
            if n > 1:
                self.fout("timer", f"outbox-sleutel {k} {n}x")
        # 7. No flow run left RUNNING; the killed ones Crashed.
        if len(c.kills) != 2:
            self.fout("prefect", f"{len(c.kills)} kills in plaats van 2")
        for k in c.kills:
            if k.get("state") != "CRASHED":
                self.fout("prefect", f"gedode run van {k['stap']}: {k.get('state')}")
        for r in self.runs:
            if r["state_type"] == "RUNNING":
                self.fout("prefect", f"run {r['name']} nog RUNNING")
        # 8. The parts' logs.
        for naam, tekst in self.logs.items():
            if "database is locked" in tekst:
                self.fout("log", f"{naam}: database is locked")
            if "Traceback (most recent call last)" in tekst and not naam.startswith("driver-"):
                start = tekst.index("Traceback (most recent call last)")
                self.fout("log", f"{naam}: {tekst[start:start + 1500]}")

    def _in_store(self, st: Any) -> bool:
        ref = self.c.refs.get(st.geval) if st.geval is not None else None
        ev = self.events.get(ref or "", Counter())
        t = self.trajecten.get(ref or "")
        soort = "uitkering-controle" if st.id.startswith("uitkering-controle") else re.sub(r"-\d+$", "", st.id)
        if soort == "aanmelden":
            return t is not None and t.status != "aangemeld"
        if soort == "intake":
            return ev["brede_intake.afgerond"] == 1
        if soort == "uitkering-controle":  # the cases it reported decided
            besloten = [u.get("referentie") for u in self.c.uitkomst[st.id]["res"].get("trajecten", [])]
            return all(self.events.get(r or "", Counter())["uitkering.toegekend"] == 1 for r in besloten)
        if soort == "fase":
            return t is not None and (t.fase == "werk-vinden" or t.status == "afgesloten")
        if soort == "doel":
            return self.doelen[ref or ""] == 1
        if soort == "actie":
            return self.acties[ref or ""] == 1
        if soort == "indicatie-aanvragen":
            return any(r == ref and p.proces == "indicatie" for r, p in self.processen)
        if soort == "indicatie-indienen":
            return any(r == ref and p.proces == "indicatie" and p.data.get("uwv_id") for r, p in self.processen)
        if soort == "uitstroom":
            return t is not None and t.status == "afgesloten"
        raise AssertionError(f"onbekende stap {st.id}")

    def tabel(self, seconden: float, rondes: int) -> str:
        c = self.c
        self.controleer_alles()
        uitkomsten = Counter(r["fase"] for sid, r in c.uitkomst.items())
        regels = [
            f"chaos: {c.aantal} trajecten, seed {c.omg.seed}, wandtijd {seconden:.0f} s",
            f"  stappen            {len(c.stappen)} ({sum(c.pogingen.values())} keer gestart); laatste uitkomst: "
            + ", ".join(f"{k} {v}" for k, v in sorted(uitkomsten.items())),
            f"  opnieuw gegeven    {sum(1 for n in c.pogingen.values() if n > 1)} stappen; in het herstel "
            f"{len(c.heruitgegeven)}; sweeps tot lege outbox: {rondes}",
            f"  kills              {len(c.kills)} ({', '.join(k['stap'] + ' → ' + str(k.get('state')) for k in c.kills)})",
            f"  Prefect-runs       {len(self.runs)}: " + ", ".join(
                f"{k} {v}" for k, v in sorted(Counter(r['state_type'] for r in self.runs).items())),
            f"  mails              {len(self.mails)} (uniek Message-ID {len({m['Message-ID'] for m in self.mails})})",
            f"  outbox             {len(self.outbox)} rijen: " + ", ".join(
                f"{k} {v}" for k, v in sorted(Counter((o.soort, o.status) for o in self.outbox).items())),
            f"  gemeente           {len(self.gemeente['zaken'])} zaken, {len(self.gemeente['statussen'])} statussen",
            f"  UWV                {len(self.aanvragen)} aanvragen, {len(self.uwv['verzoeken'])} verzoeken "
            f"({sum(1 for v in self.uwv['verzoeken'] if v.get('storing'))} met storing)",
            f"  deadlines          {len(self.deadlines)}: " + ", ".join(
                f"{k} {v}" for k, v in sorted(Counter(d.status for d in self.deadlines).items())),
            f"  herinneringen      {sum(1 for o in self.outbox if o.payload.get('template') == 'herinnering')}, escalaties "
            f"{sum(1 for o in self.outbox if o.payload.get('template') == 'escalatie')}, gewekt "
            f"{sum(1 for o in self.outbox if o.soort == 'flow')}",
            f"  rol dubbel door een herhaald verzoek (ZGW kent geen sleutel voor een rol; bekend): "
            f"{len(self.rol_dubbel)}",
            f"  herinnering dubbel in de audit: {sum(1 for n in self.herinnering_audit.values() if n > 1)}; fout gemeld "
            f"maar vastgelegd: {sum(1 for sid in c.fouten_gezien if self._in_store(c.stappen[sid]))}",
        ]
        for soort, lijst in sorted(self.fouten.items()):
            regels.append(f"  FOUT {soort}: {len(lijst)} — " + " | ".join(lijst[:5]))
        return "\n".join(regels)

    def controleer(self) -> None:
        assert not self.fouten, "\n".join(f"{k}: {v[:10]}" for k, v in self.fouten.items())

    def bekende_fouten(self) -> None:
        """The faults issue 21 names that other branches fix: asserted last, an expected failure until merged."""
        bekend = []
        dubbel = {k: n for k, n in self.herinnering_audit.items() if n > 1}
        if dubbel:  # two sweeps at the same moment send once but audit twice
            bekend.append(f"herinneringen dubbel in de audit (needs i21 sweep fix): {len(dubbel)}")
        # A step that reported failure while its work was committed (aanmelden and the other steps whose sends were
        # postponed: the run ends Failed, with Prefect's traceback in the driver's log).
        gemeld = [sid for sid, r in self.c.fouten_gezien.items() if self._in_store(self.c.stappen[sid])]
        if gemeld:
            bekend.append(f"fout gemeld maar vastgelegd (needs i21 aanmelden fix): {len(gemeld)}: {gemeld[:8]}")
        for naam, tekst in self.logs.items():
            if naam.startswith("driver-") and "Traceback (most recent call last)" in tekst:
                bekend.append(f"{naam}: Traceback (needs i21 aanmelden fix)")
        if bekend:
            pytest.xfail("; ".join(bekend))


